"""The benchmark script still runs (a thousand enterprises, Hatchway's side only)."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_policy_benchmark_runs_on_a_small_batch():
    completed = subprocess.run(
        [sys.executable, "bench/policy/run.py", "--n", "1000", "--sample", "500", "--skip-openfisca"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    results = json.loads(completed.stdout)
    assert [r["programme"] for r in results] == ["hnte", "tsme"]
    for result in results:
        assert result["n"] == 1000
        assert result["scalar_mismatches"] == 0
        assert sum(result["eligible_counts"].values()) == 1000
