"""Policy benchmark: Hatchway's engine vs the same criteria in OpenFisca, on synthetic enterprises.

    .venv/bin/python bench/policy/run.py            # 1,000,000 enterprises, writes docs/benchmarks.md

One command: it creates OpenFisca's own virtual environment on first use (var/bench-openfisca-venv, from
requirements.txt), generates the enterprises deterministically in each worker, times both engines on HNTE
and tech-SME (time from input columns to results; peak memory from a second, traced run), checks that the
first 10,000 enterprises get identical outcomes per criterion, and writes the results with the machine.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DEFAULT_VENV = ROOT / "var" / "bench-openfisca-venv"
START, END = "<!-- policy-benchmark:start -->", "<!-- policy-benchmark:end -->"
TIMED_RUNS = 5
THREADS_NOTE = "two threads"


def openfisca_python(venv: Path) -> Path:
    python = venv / "bin" / "python"
    if not python.exists():
        print(f"Creating {venv} for openfisca-core …", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "-r", str(HERE / "requirements.txt")], check=True
        )
    return python


def worker(
    python: Path, script: str, programme: str, n: int, sample: int, out: Path, extra: tuple[str, ...] = ()
) -> dict:
    command = [
        str(python),
        str(HERE / script),
        "--programme",
        programme,
        "--n",
        str(n),
        "--sample",
        str(sample),
        "--out",
        str(out),
        *extra,
    ]
    # The worker passes no kernel cache (compiled loops stay in memory): the warm-up column then shows what
    # compiling costs a fresh process.
    completed = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(completed.stdout.strip().splitlines()[-1])


def compare(ours: Path, theirs: Path) -> dict[str, int]:
    a, b = np.load(ours), np.load(theirs)
    return {key: int((a[key] != b[key]).sum()) for key in a.files}


def machine() -> dict[str, str]:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = re.search(r"model name\s*:\s*(.+)", cpuinfo)
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    total = re.search(r"MemTotal:\s*(\d+) kB", meminfo)
    try:
        numba_version = importlib.metadata.version("numba")
    except importlib.metadata.PackageNotFoundError:
        numba_version = "not installed"
    return {
        "load": " / ".join(f"{value:.1f}" for value in os.getloadavg()),
        "numba": numba_version,
        "cpu": model.group(1).strip() if model else platform.processor() or "unknown",
        "cores": str(os.cpu_count()),
        "ram": f"{int(total.group(1)) / 1024 / 1024:.1f} GiB" if total else "unknown",
        "python": platform.python_version(),
        "numpy": np.__version__,
    }


def openfisca_version(python: Path) -> str:
    completed = subprocess.run(
        [
            str(python),
            "-c",
            "import importlib.metadata as m; print(m.version('openfisca-core'), m.version('numpy'))",
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    core, numpy_version = completed.stdout.split()
    return f"openfisca-core {core} (numpy {numpy_version})"


def mib(value: int) -> str:
    return f"{value / 1024 / 1024:,.0f} MiB"


VARIANTS = (("1 thread", ("--threads", "1")), ("numpy", ("--backend", "numpy")))


def evaluator(row: dict) -> str:
    if row["engine"] == "openfisca":
        return "numpy, 1 thread"
    name = "compiled loop (numba)" if row["backend"] == "compiled" else "numpy, slices of 32,768 rows"
    return f"{name}, {row['threads']} thread{'s' if row['threads'] != 1 else ''}"


def report(results: list[dict], info: dict[str, str], of_version: str, sample: int) -> str:
    lines = [
        START,
        "## Policy engine: Hatchway vs OpenFisca",
        "",
        "`.venv/bin/python bench/policy/run.py` (one command; see bench/policy/run.py). Synthetic enterprises are "
        "generated deterministically (bench/policy/synthetic.py) with many rows on or one unit off a threshold of "
        "docs/policy/criteria.md. Both engines get the same flat facts per enterprise as numpy columns (the output of "
        "Hatchway's input readers: window sums, last-year figures, head-counts in hundredths; the technology "
        "field as codes into its list of fields — an `Enum` variable in OpenFisca, a category column in "
        "Hatchway) and compute the same results: every criterion, the eligibility and, for tech-SME, the total "
        "score (Hatchway's other outputs — the score parts, the direct-route conditions — are left out with "
        "`evaluate_columns(..., outputs=...)`; OpenFisca keeps every intermediate variable anyway). Time runs from input columns to results "
        "(OpenFisca: building the simulation, `set_input`, `calculate`); each engine first evaluates 1,000 rows "
        "once (warm-up: Hatchway's compiled backend writes and compiles its loop there), then the full batch "
        f"{TIMED_RUNS} times: the table gives the median wall-clock time and the median CPU time of the process "
        "(all threads). Peak memory is what one evaluation allocates (tracemalloc, a separate run); max RSS "
        "includes the generated inputs. Records are complete: OpenFisca has no notion of an unknown input, so "
        "three-valued results are not part of the comparison (Hatchway still carries them).",
        "",
        f"Machine: {info['cpu']}, {info['cores']} cores, {info['ram']} RAM; Python {info['python']}, numpy "
        f"{info['numpy']}, numba {info['numba']} (Hatchway); {of_version}. Load average (1, 5, 15 minutes) at the end of the run: "
        f"{info['load']} — the machine was shared with other work, so wall-clock times are noisy; CPU times less so.",
        "",
        "| programme | engine | evaluator | enterprises | time (s) | CPU (s) | enterprises/s | speed-up (time) "
        "| speed-up (CPU) | warm-up (s) | peak allocated | max RSS |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for programme in ("hnte", "tsme"):
        rows = [r for r in results if r["programme"] == programme]
        theirs = next(r for r in rows if r["engine"] == "openfisca")
        for row in sorted(rows, key=lambda r: r["engine"] == "openfisca"):
            lines.append(
                f"| {programme} | {row['engine']} | {evaluator(row)} | {row['n']:,} | {row['seconds']:.3f} | "
                f"{row['cpu_seconds']:.3f} | {row['n'] / row['seconds']:,.0f} | "
                f"{theirs['seconds'] / row['seconds']:.1f}× | {theirs['cpu_seconds'] / row['cpu_seconds']:.1f}× | "
                f"{row['warm_up_seconds']:.2f} | {mib(row['peak_traced_bytes'])} | {mib(row['max_rss_bytes'])} |"
            )
    lines.append("")
    for programme in ("hnte", "tsme"):
        ours = [r for r in results if r["programme"] == programme and r["engine"] == "hatchway"]
        differences = sum(sum(r["sample_differences"].values()) for r in ours)
        verdict = "identical" if differences == 0 else f"{differences} DIFFERENCES"
        main = ours[0]
        lines.append(
            f"- {programme}: the first {sample:,} enterprises — every criterion, eligibility"
            f"{' and total score' if programme == 'tsme' else ''} — are **{verdict}** in OpenFisca and in each "
            f"Hatchway evaluator above; Hatchway's vectorised rows equal its record-by-record path on "
            f"{main['scalar_checked']:,} of them ({sum(r['scalar_mismatches'] for r in ours)} mismatches). "
            f"Eligible: {main['eligible_counts'].get('1', 0):,}."
        )
    best = {}
    for programme in ("hnte", "tsme"):
        ours = first_of(results, programme)
        theirs = next(r for r in results if r["programme"] == programme and r["engine"] == "openfisca")
        best[programme] = (theirs["seconds"] / ours["seconds"], theirs["cpu_seconds"] / ours["cpu_seconds"])
    met = all(time >= 10 and cpu >= 10 for time, cpu in best.values())
    summary = "; ".join(f"{p}: {time:.1f}× in time, {cpu:.1f}× in CPU" for p, (time, cpu) in best.items())
    lines += [
        "",
        "Notes. OpenFisca's `int` is int32 and its `float` is float32: a float32 port disagreed with the exact "
        "result on about 2% of these boundary-heavy rows, so the OpenFisca port here overrides the amount "
        "variables' dtype to int64 and compares every share by cross-multiplication, as Hatchway does with exact "
        "rationals — an idiomatic float port would be faster to write and wrong at the thresholds. Earlier runs "
        "passed the technology field to OpenFisca as Python strings (an object array converted inside the timed "
        "part, then `np.isin` on objects), which cost it about half its time; both engines now get category codes.",
        "",
        "How Hatchway gets there. For a large batch (from 200,000 rows in one call, when numba is installed: "
        "`pip install 'hatchway[fast]'`) the engine writes "
        "the programme's rules — every criterion, derived value and output, with the same three-valued rules and "
        "exact integer cross-multiplication as the numpy path — as one Python loop over the rows and compiles it "
        "with numba: each input is read once and nothing is allocated per operation, where the numpy path makes "
        "one pass over memory per operation. Products are bounded when the loop is written from the constants "
        "and a 2^40 bound on every input (checked in the loop with one `or` per input); a product whose bound "
        "could pass 2^62 is checked row by row, and an input beyond the bound sends the batch to the numpy path, "
        "so no float and no wrapped integer decides a boundary. A row's one-byte results (criteria, eligibility, "
        "route) are packed eight to an int64 word, so the loop stores into two or three arrays and the compiler "
        "vectorises it (a loop storing into a dozen arrays it leaves scalar); each criterion's results are a "
        "strided view of those words. Without numba (the default install) the numpy path evaluates slices "
        "of 32,768 rows (temporaries stay in cache) on two threads.",
        "",
        f"Reading. Speed-up of Hatchway's compiled evaluator (`hatchway[fast]`, {THREADS_NOTE}) over OpenFisca: {summary}. "
        f"The issue's goal of 10× OpenFisca's throughput is **{'met' if met else 'not met on every measure'}**"
        f"{'' if met else ' (see the table)'}. "
        "The compiled loop reads about 100–125 bytes of int64 and boolean inputs per enterprise once and takes "
        "about two to three times as long as a bare loop that only reads them; the CPU-time ratio (which other "
        "work on the machine disturbs least) is the steadiest figure, and a second thread helps only when the "
        "second core is free. The compilation (the warm-up column, measured here without the on-disk cache) is "
        "paid once per rule set and column layout: later processes of the platform load the machine code from the "
        "folder the `HATCHWAY_KERNEL_CACHE` setting names (default `~/.cache/hatchway/policy-kernels`) in well "
        "under a second. Without numba (the numpy rows, the default install) Hatchway is about 1.5–2.5× OpenFisca. Timings on this shared 2-core machine vary with "
        "other work; re-run to refresh.",
        END,
    ]
    return "\n".join(lines)


def first_of(results: list[dict], programme: str) -> dict:
    return next(r for r in results if r["programme"] == programme and r["engine"] == "hatchway")


def write(text: str, path: Path) -> None:
    existing = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if START in existing and END in existing:
        before, rest = existing.split(START, 1)
        _, after = rest.split(END, 1)
        updated = before + text + after
    else:
        updated = existing.rstrip("\n") + "\n\n" + text + "\n"
    path.write_text(updated, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=1_000_000, help="enterprises per programme")
    parser.add_argument("--sample", type=int, default=10_000, help="enterprises compared outcome by outcome")
    parser.add_argument("--openfisca-venv", type=Path, default=DEFAULT_VENV)
    parser.add_argument("--skip-openfisca", action="store_true", help="time Hatchway only (smoke test)")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--no-write", action="store_true", help="print the results instead of writing them")
    args = parser.parse_args()

    results = []
    with tempfile.TemporaryDirectory() as folder:
        of_python = None if args.skip_openfisca else openfisca_python(args.openfisca_venv)
        for programme in ("hnte", "tsme"):
            ours_file = Path(folder) / f"hatchway-{programme}.npz"
            ours = worker(
                Path(sys.executable), "hatchway_worker.py", programme, args.n, args.sample, ours_file
            )
            results.append(ours)
            print(json.dumps(ours), file=sys.stderr)
            if of_python is None:
                continue
            theirs_file = Path(folder) / f"openfisca-{programme}.npz"
            theirs = worker(of_python, "openfisca_worker.py", programme, args.n, args.sample, theirs_file)
            ours["sample_differences"] = compare(ours_file, theirs_file)
            results.append(theirs)
            print(json.dumps(theirs), file=sys.stderr)
            for label, extra in VARIANTS:  # the same batch single-threaded, and without the compiled loop
                other_file = Path(folder) / f"hatchway-{programme}-{label}.npz"
                other = worker(
                    Path(sys.executable),
                    "hatchway_worker.py",
                    programme,
                    args.n,
                    args.sample,
                    other_file,
                    extra,
                )
                other["sample_differences"] = compare(other_file, theirs_file)
                results.append(other)
                print(json.dumps(other), file=sys.stderr)
    if of_python is None:
        print(json.dumps(results))
        return
    text = report(results, machine(), openfisca_version(of_python), min(args.sample, args.n))
    if args.no_write:
        print(text)
    else:
        write(text, args.output)
        print(f"Wrote {args.output}", file=sys.stderr)
    if any(sum(r.get("sample_differences", {}).values()) for r in results):
        sys.exit("The engines disagree on the sample; see the report.")


if __name__ == "__main__":
    main()
