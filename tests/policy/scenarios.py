"""Load the YAML scenario files under tests/policy/scenarios/<programme>/ (see _base.yaml there)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from hatchway.policy.engine import apply_changes, get_programme

SCENARIOS = Path(__file__).parent / "scenarios"


def load(programme_id: str) -> list[Any]:
    folder = SCENARIOS / programme_id
    base = yaml.safe_load((folder / "_base.yaml").read_text(encoding="utf-8"))
    programme = get_programme(programme_id)
    cases = []
    for path in sorted(folder.glob("[!_]*.yaml")):
        scenario = yaml.safe_load(path.read_text(encoding="utf-8"))
        record = apply_changes(base, scenario.get("input") or {})
        record[programme.date_field] = str(scenario["date"])
        cases.append(pytest.param(record, scenario["expected"], id=path.stem))
    return cases
