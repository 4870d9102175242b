"""Time Hatchway's vectorised engine on N synthetic enterprises; save the first rows' outcomes.

Run by bench/policy/run.py in a process of its own, so peak memory is this engine's alone.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
import tracemalloc
from datetime import date
from fractions import Fraction
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import GENERATORS

from hatchway.policy.engine import Facts, evaluate_columns, evaluate_facts, get_programme
from hatchway.policy.engine._vector import Col, bool_column, num_column, str_column

AS_OF = {"hnte": date(2025, 6, 1), "tsme": date(2025, 5, 1)}


def columns(data: dict[str, np.ndarray]) -> dict[str, Col]:
    out: dict[str, Col] = {}
    for name, values in data.items():
        if name.endswith("_centi"):
            out[name.removesuffix("_centi")] = num_column(values, np.full(len(values), 100))
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
    args = parser.parse_args()

    programme = get_programme(args.programme)
    data = GENERATORS[args.programme](args.n)
    started = time.perf_counter()
    result = evaluate_columns(programme, columns(data), AS_OF[args.programme])
    seconds = time.perf_counter() - started
    # Memory is measured in a second run: tracing allocations slows the first one down.
    del result
    tracemalloc.start()
    result = evaluate_columns(programme, columns(data), AS_OF[args.programme])
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
                "seconds": seconds,
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
