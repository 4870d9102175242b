"""Benchmark: the brokerage scheduler against the greedy baseline and its own LP upper bound.

    .venv/bin/python bench/brokerage/run.py [--sizes 300 1000 3000 3000:16:50] [--time-limit 60] [--seed 1]
                                            [--compare-selection] [--json results.json]

For each size, in the same run: generate the instance (generate.py, deterministic by seed), run the
greedy baseline (requests by value, earliest feasible slot), the optimiser (time limit, 2 workers),
and report value, the LP upper bound, value as % of the bound, seconds, the independent feasibility
check, and participants left without a meeting who could have had one. ``--compare-selection`` also
runs the optimiser with pairs chosen by CP-SAT instead of by the LP (the measurement behind
docs/decisions/0004-brokerage-scheduler.md).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from generate import generate  # noqa: E402

from hatchway.brokerage.scheduler import (  # noqa: E402
    Instance,
    Schedule,
    check_schedule,
    could_have_met,
    greedy_schedule,
    optimise_schedule,
)


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        memory = next(
            int(line.split()[1]) // 1024 // 1024
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
    except (OSError, StopIteration):
        memory = 0
    return f"{model}, {os.cpu_count()} cores, {memory} GiB RAM, Python {platform.python_version()}"


def describe(instance: Instance) -> dict[str, object]:
    asked = {(r.sender, r.receiver) for r in instance.requests}
    mutual = sum(1 for a, b in asked if (b, a) in asked)
    modes = [p.mode for p in instance.participants]
    return {
        "participants": len(instance.participants),
        "slots": len(instance.slots),
        "tables": instance.tables,
        "requests": len(asked),
        "mutual_share": round(mutual / len(asked), 3),
        "onsite_only": modes.count("onsite"),
        "online_only": modes.count("online"),
    }


def measure(name: str, instance: Instance, run: Callable[..., Schedule], **options: Any) -> dict[str, object]:
    started = time.perf_counter()
    schedule = run(instance, **options)
    seconds = time.perf_counter() - started
    problems = check_schedule(instance, schedule)
    return {
        "method": name,
        "value": schedule.value,
        "upper_bound": schedule.upper_bound,
        "percent_of_bound": round(100 * schedule.value / schedule.upper_bound, 2)
        if schedule.upper_bound
        else 100.0,
        "seconds": round(seconds, 1),
        "meetings": len(schedule.meetings),
        "without_meeting": len(schedule.participants_without_meeting),
        "could_have_met": len(could_have_met(instance, schedule.meetings)),
        "feasible": not problems,
        "stats": {k: round(v, 2) for k, v in schedule.stats.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        nargs="+",
        default=["300", "1000", "3000"],
        help="participants, or participants:slots:tables (default shapes: 300:16:50 1000:20:150 3000:24:300)",
    )
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--compare-selection", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    print(f"Machine: {machine()}\n")
    results = []
    for spec in args.sizes:
        size, *shape_override = (int(part) for part in spec.split(":"))
        slots, tables = shape_override if shape_override else (None, None)
        instance = generate(size, seed=args.seed, slots=slots, tables=tables)
        shape = describe(instance)
        print(f"## {size} participants, seed {args.seed}: {shape}", flush=True)
        limit = args.time_limit
        rows = [
            measure("greedy", instance, greedy_schedule),
            measure("optimiser", instance, optimise_schedule, time_limit=limit, workers=2),
        ]
        if args.compare_selection:
            rows.append(
                measure(
                    "optimiser, CP-SAT selection",
                    instance,
                    optimise_schedule,
                    time_limit=limit,
                    workers=2,
                    selection="cp-sat",
                )
            )
        print(
            "| method | value | LP bound | % of bound | seconds | meetings | without a meeting | of whom could have met | feasible |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
        for row in rows:
            print(
                f"| {row['method']} | {row['value']} | {row['upper_bound']} | {row['percent_of_bound']} | {row['seconds']} "
                f"| {row['meetings']} | {row['without_meeting']} | {row['could_have_met']} | {'yes' if row['feasible'] else 'NO'} |"
            )
        print(f"\noptimiser stages: {rows[1]['stats']}\n", flush=True)
        results.append({"size": size, "instance": shape, "results": rows})
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "runs": results}, indent=2) + "\n")


if __name__ == "__main__":
    main()
