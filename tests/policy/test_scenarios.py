"""The scenario files: every boundary of docs/policy/criteria.md, checked through the scalar and the vectorised path."""

from typing import Any

import pytest

from hatchway.policy.engine import evaluate_many, evaluate_records, get_programme
from tests.policy.scenarios import load


def check(programme_id: str, record: dict[str, Any], expected: dict[str, Any]) -> None:
    programme = get_programme(programme_id)
    [result] = evaluate_records(programme, [{"id": "scenario", **record}])
    if "errors" in expected:
        assert [error["path"] for error in result["errors"]] == [
            error["path"] for error in expected["errors"]
        ]
        assert result["eligible"] is None
        return
    assert "errors" not in result, result.get("errors")
    assert result["eligible"] is expected["eligible"]
    for key in ("failing", "unknown", "hints", "route"):
        if key in expected:
            assert result[key] == expected[key], key
    for key in ("derived", "scores", "direct_conditions"):
        for name, value in (expected.get(key) or {}).items():
            assert result[key][name] == value, f"{key}.{name}"
    if "missing_inputs" in expected:
        assert result["missing_inputs"] == expected["missing_inputs"]
    for criterion, reason in (expected.get("reasons") or {}).items():
        [trace] = [item for item in result["trace"] if item["criterion"] == criterion]
        assert trace["reason"] == reason

    [vector] = evaluate_many(programme, [{"id": "scenario", **record}])
    for key in ("eligible", "failing", "unknown", "route", "scores", "direct_conditions"):
        if key in result:
            assert vector[key] == result[key], key


@pytest.mark.parametrize(("record", "expected"), load("hnte"))
def test_hnte_scenario(record, expected):
    check("hnte", record, expected)


@pytest.mark.parametrize(("record", "expected"), load("tsme"))
def test_tsme_scenario(record, expected):
    check("tsme", record, expected)


def test_there_are_enough_scenarios_to_cover_the_boundaries():
    assert len(load("hnte")) >= 40
    assert len(load("tsme")) >= 25
