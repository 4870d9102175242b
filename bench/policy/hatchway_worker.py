"""Time Hatchway's vectorised engine on N synthetic enterprises; save the first rows' outcomes.

Run by bench/policy/run.py in a process of its own, so peak memory is this engine's alone.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
import tracemalloc
from datetime import date
from fractions import Fraction
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import CATEGORIES, GENERATORS

from hatchway.policy.engine import (
    COMPILED_MIN_ROWS,
    THREADS,
    Col,
    Facts,
    VectorResult,
    bool_column,
    category_column,
    compiled_available,
    evaluate_columns,
    evaluate_facts,
    get_programme,
    num_column,
    str_column,
)

AS_OF = {"hnte": date(2025, 6, 1), "tsme": date(2025, 5, 1)}
HUNDRED = np.array([100])
OUTPUTS = {"hnte": (), "tsme": ("scores.total",)}


def columns(data: dict[str, np.ndarray]) -> dict[str, Col]:
    out: dict[str, Col] = {}
    for name, values in data.items():
        if name.endswith("_centi"):  # hundredths of a head: one shared denominator
            out[name.removesuffix("_centi")] = num_column(values, HUNDRED)
        elif name in CATEGORIES:
            out[name] = category_column(values, CATEGORIES[name])
        elif values.dtype == bool:
            out[name] = bool_column(values)
        elif values.dtype.kind == "U":
            out[name] = str_column(values)
        else:
            out[name] = num_column(values)
    return out


def facts_of(data: dict[str, np.ndarray], index: int, as_of: date) -> Facts:
    values: dict[str, object] = {}
    for name, column in data.items():
        item = column[index]
        if name.endswith("_centi"):
            fraction = Fraction(int(item), 100)
            values[name.removesuffix("_centi")] = (
                fraction.numerator if fraction.denominator == 1 else fraction
            )
        elif name in CATEGORIES:
            values[name] = str(CATEGORIES[name][item])
        elif column.dtype == bool:
            values[name] = bool(item)
        elif column.dtype.kind == "U":
            values[name] = str(item)
        else:
            values[name] = int(item)
    return Facts(as_of=as_of, values=values)  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--programme", choices=sorted(GENERATORS), required=True)
    parser.add_argument("--n", type=int, required=True)
    parser.add_argument("--sample", type=int, default=10_000)
    parser.add_argument("--scalar-check", type=int, default=1_000)
    parser.add_argument("--out", required=True, help="where to save the sample outcomes (.npz)")
    parser.add_argument("--backend", choices=["auto", "numpy", "compiled"], default="auto")
    parser.add_argument("--threads", type=int, default=THREADS)
    parser.add_argument("--repeats", type=int, default=5, help="timed runs; the median is reported")
    args = parser.parse_args()

    programme = get_programme(args.programme)
    data = GENERATORS[args.programme](args.n)
    as_of = AS_OF[args.programme]
    backend = args.backend
    if backend == "auto":
        backend = "compiled" if compiled_available() and args.n >= COMPILED_MIN_ROWS else "numpy"

    def run(rows: dict[str, np.ndarray]) -> VectorResult:
        # The outputs OpenFisca computes in its timed part: every criterion, eligibility, tech-SME's total score.
        return evaluate_columns(
            programme,
            columns(rows),
            as_of,
            backend=backend,
            threads=args.threads,
            outputs=OUTPUTS[args.programme],
        )

    # A warm-up call on a few rows: the compiled backend writes and compiles its loop here (once per
    # process and column layout), so that cost is reported apart from the per-batch time.
    started = time.perf_counter()
    run({name: values[:1000] for name, values in data.items()})
    warm_up = time.perf_counter() - started
    times, cpu = [], []
    for _ in range(max(1, args.repeats)):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = run(data)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        del result
    # Memory is measured in a separate run: tracing allocations slows it down.
    tracemalloc.start()
    result = run(data)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    sample = min(args.sample, args.n)
    saved = {f"criterion:{cid}": values[:sample] for cid, values in result.outcomes.items()}
    saved["eligible"] = result.eligible[:sample]
    if "scores" in result.outputs:
        total = result.outputs["scores"]["total"]
        assert total.num is not None
        saved["score_total"] = np.broadcast_to(total.num, (args.n,))[:sample]
    np.savez(args.out, **saved)

    # The vectorised rows must equal the record-by-record (scalar) evaluation of the same facts.
    mismatches = 0
    for index in range(min(args.scalar_check, args.n)):
        scalar = evaluate_facts(programme, facts_of(data, index, AS_OF[args.programme]))
        row = result.record(index)
        if (scalar["eligible"], scalar["failing"]) != (row["eligible"], row["failing"]):
            mismatches += 1

    counts = {str(code): int((result.eligible == code).sum()) for code in (-1, 0, 1)}
    print(
        json.dumps(
            {
                "engine": "hatchway",
                "programme": args.programme,
                "n": args.n,
                "backend": backend,
                "threads": args.threads,
                "seconds": statistics.median(times),
                "cpu_seconds": statistics.median(cpu),
                "times": times,
                "warm_up_seconds": warm_up,
                "peak_traced_bytes": peak,
                "max_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
                "eligible_counts": counts,
                "scalar_checked": min(args.scalar_check, args.n),
                "scalar_mismatches": mismatches,
            }
        )
    )


if __name__ == "__main__":
    main()
