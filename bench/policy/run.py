"""Policy benchmark: Hatchway's engine vs the same criteria in OpenFisca, on synthetic enterprises.

    .venv/bin/python bench/policy/run.py            # 1,000,000 enterprises, writes docs/benchmarks.md

One command: it creates OpenFisca's own virtual environment on first use (var/bench-openfisca-venv, from
requirements.txt), generates the enterprises deterministically in each worker, times both engines on HNTE
and tech-SME (time from input columns to results; peak memory from a second, traced run), checks that the
first 10,000 enterprises get identical outcomes per criterion, and writes the results with the machine.
"""

from __future__ import annotations

import argparse
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


def openfisca_python(venv: Path) -> Path:
    python = venv / "bin" / "python"
    if not python.exists():
        print(f"Creating {venv} for openfisca-core …", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "-r", str(HERE / "requirements.txt")], check=True
        )
    return python


def worker(python: Path, script: str, programme: str, n: int, sample: int, out: Path) -> dict:
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
    ]
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
    return {
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


def report(results: list[dict], info: dict[str, str], of_version: str, sample: int) -> str:
    lines = [
        START,
        "## Policy engine: Hatchway vs OpenFisca",
        "",
        "`.venv/bin/python bench/policy/run.py` (one command; see bench/policy/run.py). Synthetic enterprises are "
        "generated deterministically (bench/policy/synthetic.py) with many rows on or one unit off a threshold of "
        "criteria.md. Both engines get the same flat facts per enterprise (the output of Hatchway's input readers: "
        "window sums, last-year figures, head-counts in hundredths) and evaluate every criterion and the "
        "eligibility. Time runs from input columns to results (OpenFisca: building the simulation, `set_input`, "
        "`calculate`); peak memory is what the evaluation allocates (tracemalloc, second run), and the process's "
        "maximum RSS including the generated inputs. Records are complete: OpenFisca has no notion of an unknown "
        "input, so three-valued results are not part of the comparison.",
        "",
        f"Machine: {info['cpu']}, {info['cores']} cores, {info['ram']} RAM; Python {info['python']}, numpy "
        f"{info['numpy']} (Hatchway); {of_version}. The machine was shared with other work while measuring.",
        "",
        "| programme | engine | enterprises | time (s) | enterprises/s | peak allocated | max RSS | speed-up |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for programme in ("hnte", "tsme"):
        ours = next(r for r in results if r["programme"] == programme and r["engine"] == "hatchway")
        theirs = next(r for r in results if r["programme"] == programme and r["engine"] == "openfisca")
        ours_rate = ours["n"] / ours["seconds"]
        theirs_rate = theirs["n"] / theirs["seconds"]
        for row, speed in ((ours, f"{ours_rate / theirs_rate:.1f}×"), (theirs, "1.0×")):
            lines.append(
                f"| {programme} | {row['engine']} | {row['n']:,} | {row['seconds']:.2f} | "
                f"{row['n'] / row['seconds']:,.0f} | {mib(row['peak_traced_bytes'])} | {mib(row['max_rss_bytes'])} "
                f"| {speed} |"
            )
    lines.append("")
    for programme in ("hnte", "tsme"):
        diff = next(r for r in results if r["programme"] == programme and r["engine"] == "hatchway")
        differences = sum(diff["sample_differences"].values())
        verdict = "identical" if differences == 0 else f"{differences} DIFFERENCES"
        lines.append(
            f"- {programme}: the first {sample:,} enterprises — every criterion, eligibility"
            f"{' and total score' if programme == 'tsme' else ''} — are **{verdict}** in both engines; "
            f"Hatchway's vectorised rows equal its record-by-record path on {diff['scalar_checked']:,} of them "
            f"({diff['scalar_mismatches']} mismatches). Eligible: {diff['eligible_counts'].get('1', 0):,}."
        )
    lines += [
        "",
        "Notes. OpenFisca's `int` is int32 and its `float` is float32: a float32 port disagreed with the exact "
        "result on about 2% of these boundary-heavy rows, so the OpenFisca port here overrides the amount "
        "variables' dtype to int64 and compares every share by cross-multiplication, as Hatchway does with exact "
        "rationals — an idiomatic float port would be faster to write and wrong at the thresholds.",
        "",
        "Reading. Both engines are numpy-vectorised and do comparable work per row, so their throughput is "
        "**about the same** (see the speed-up column); the issue's goal of 10× OpenFisca's throughput is **not "
        "met**. Hatchway also carries the unknown and zero-denominator masks and exact denominators that give "
        "three-valued, traceable results, which costs memory (peak allocated above). Closing the gap would "
        "need fused kernels per criterion (e.g. numexpr or a compiled backend) rather than one numpy pass per "
        "operation. Timings on this shared 2-core machine vary by ±50% with other work; re-run to refresh.",
        END,
    ]
    return "\n".join(lines)


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
