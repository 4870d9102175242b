"""Smoke test of the benchmark's instance generator (bench/brokerage/generate.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from hatchway.brokerage.scheduler import (
    check_instance,
    check_schedule,
    instance_to_data,
    optimise_schedule,
    parse_instance,
)

GENERATOR = Path(__file__).resolve().parents[2] / "bench" / "brokerage" / "generate.py"


def load_generator():
    spec = importlib.util.spec_from_file_location("brokerage_generate", GENERATOR)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_generator_makes_valid_deterministic_instances_with_the_issues_structure():
    generate = load_generator().generate

    instance = generate(120, seed=7, slots=16, tables=10)

    check_instance(instance)
    assert instance == generate(120, seed=7, slots=16, tables=10)
    assert instance != generate(120, seed=8, slots=16, tables=10)
    assert parse_instance(instance_to_data(instance)) == instance  # the JSON round trip of the CLI
    assert {p.id[:3] for p in instance.participants} == {"sta", "inv", "cor", "ove"}
    outgoing = [sum(1 for r in instance.requests if r.sender == p.id) for p in instance.participants]
    assert min(outgoing) >= 5
    assert max(outgoing) <= 20
    asked = {(r.sender, r.receiver) for r in instance.requests}
    assert 0.2 < sum(1 for a, b in asked if (b, a) in asked) / len(asked) < 0.5
    assert any(len(p.available) < 16 for p in instance.participants)  # availability gaps


def test_a_small_generated_instance_is_scheduled_feasibly():
    instance = load_generator().generate(60, seed=3, slots=8, tables=4)

    schedule = optimise_schedule(instance, time_limit=1)

    assert check_schedule(instance, schedule) == []
    assert schedule.value >= 0.9 * schedule.upper_bound
