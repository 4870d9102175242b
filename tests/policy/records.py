"""Ready-made enterprise records for the policy tests (the scenario bases)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

_SCENARIOS = Path(__file__).parent / "scenarios"


def hnte_record(**changes: Any) -> dict[str, Any]:
    record = yaml.safe_load((_SCENARIOS / "hnte" / "_base.yaml").read_text(encoding="utf-8"))
    record["application_date"] = "2025-06-01"
    record.update(copy.deepcopy(changes))
    return record


def tsme_record(**changes: Any) -> dict[str, Any]:
    record = yaml.safe_load((_SCENARIOS / "tsme" / "_base.yaml").read_text(encoding="utf-8"))
    record["evaluation_date"] = "2025-05-01"
    record.update(copy.deepcopy(changes))
    return record
