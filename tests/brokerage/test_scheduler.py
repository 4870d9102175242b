"""The scheduler keeps every hard rule, values meetings as the issue says, and re-runs around fixed meetings."""

from __future__ import annotations

import dataclasses
import doctest
import importlib

import pytest

from hatchway.brokerage.scheduler import (
    Meeting,
    check_schedule,
    could_have_met,
    greedy_schedule,
    meeting_value,
    optimise_schedule,
    upper_bound,
)

from .bruteforce import best_value
from .scheduling import build, pairs, person


def optimise(instance):
    schedule = optimise_schedule(instance, time_limit=5)
    assert check_schedule(instance, schedule) == []
    return schedule


@pytest.mark.parametrize(
    ("a_asks_b", "b_asks_a", "value"),
    [(3, None, 3), (None, 2, 2), (1, 1, 4), (3, 3, 8), (3, 1, 6), (None, None, 0)],
)
def test_a_meeting_is_worth_both_priorities_plus_two_when_mutual(a_asks_b, b_asks_a, value):
    assert meeting_value(a_asks_b, b_asks_a) == value


def test_only_requested_pairs_meet_and_each_only_once():
    instance = build([person("a"), person("b"), person("c")], "a>b:3 b>a:3", slot_count=3)

    schedule = optimise(instance)

    assert [(m.a, m.b) for m in schedule.meetings] == [("a", "b")]
    assert schedule.value == 8
    assert schedule.participants_without_meeting == ("c",)


def test_both_must_be_available_in_the_slot():
    instance = build([person("a", "s1 s2"), person("b", "s2 s3")], "a>b:1", slot_count=3)

    assert [m.slot for m in optimise(instance).meetings] == ["s2"]


def test_a_pair_without_a_common_slot_never_meets():
    instance = build([person("a", "s1"), person("b", "s2")], "a>b:3")

    schedule = optimise(instance)

    assert schedule.meetings == ()
    assert schedule.upper_bound == 0
    assert could_have_met(instance, schedule.meetings) == []


def test_nobody_is_in_two_meetings_in_one_slot():
    instance = build(
        [person("a", "s1"), person("b", "s1"), person("c", "s1")], "a>b:3 a>c:2 b>c:1", slot_count=1
    )

    schedule = optimise(instance)

    assert len(schedule.meetings) == 1
    assert schedule.value == 3


def test_nobody_gets_more_than_max_meetings():
    people = [
        person("a", "s1 s2 s3", max_meetings=2),
        person("b", "s1 s2 s3"),
        person("c", "s1 s2 s3"),
        person("d", "s1 s2 s3"),
    ]
    instance = build(people, "a>b:1 a>c:3 a>d:2 b>c:1 c>d:1 b>d:1", slot_count=3)

    schedule = optimise(instance)

    assert sum(1 for m in schedule.meetings if "a" in (m.a, m.b)) == 2
    assert {frozenset("ac"), frozenset("ad")} <= pairs(schedule.meetings)


def test_on_site_meetings_per_slot_never_exceed_the_tables_and_each_has_its_own_table():
    people = [person(f"p{i}", "s1 s2", mode="onsite") for i in range(8)]
    instance = build(people, "p0>p1:3 p2>p3:3 p4>p5:3 p6>p7:3 p0>p2:1 p4>p6:1", tables=2)

    schedule = optimise(instance)

    for slot in ("s1", "s2"):
        at_tables = [m.table for m in schedule.meetings if m.slot == slot]
        assert len(at_tables) <= 2
        assert sorted(at_tables) == list(range(1, len(at_tables) + 1))
    assert all(m.mode == "onsite" for m in schedule.meetings)
    assert len(schedule.meetings) == 4  # two slots of two tables


def test_an_on_site_only_person_never_meets_an_online_only_person():
    instance = build([person("a", mode="onsite"), person("b", mode="online")], "a>b:3 b>a:3")

    schedule = optimise(instance)

    assert schedule.meetings == ()
    assert schedule.upper_bound == 0


@pytest.mark.parametrize(
    ("mode_a", "mode_b", "tables", "expected"),
    [
        ("onsite", "either", 1, ("onsite", 1)),
        ("online", "either", 1, ("online", None)),
        ("either", "either", 1, ("onsite", 1)),  # a free table is used
        ("either", "either", 0, ("online", None)),
        ("onsite", "onsite", 1, ("onsite", 1)),
        ("online", "online", 3, ("online", None)),
    ],
)
def test_the_mode_follows_both_sides(mode_a, mode_b, tables, expected):
    instance = build([person("a", mode=mode_a), person("b", mode=mode_b)], "a>b:2", tables=tables)

    (meeting,) = optimise(instance).meetings

    assert (meeting.mode, meeting.table) == expected


def test_an_on_site_only_pair_cannot_meet_without_tables():
    instance = build([person("a", mode="onsite"), person("b", mode="either")], "a>b:2", tables=0)

    assert optimise(instance).meetings == ()


def test_it_beats_the_greedy_when_the_earliest_slot_is_the_wrong_one():
    # a and b both fit s1 or s2; c can only meet in s1.
    instance = build([person("a"), person("b"), person("c", "s1")], "a>b:3 b>a:3 c>a:3 c>b:1")

    greedy = greedy_schedule(instance)
    best = optimise(instance)

    assert (greedy.value, best.value, best.upper_bound) == (8, 11, 11)
    assert {(m.a, m.b, m.slot) for m in best.meetings} == {("a", "b", "s2"), ("a", "c", "s1")}


def test_it_finds_the_optimum_of_a_small_instance_found_by_brute_force():
    people = [
        person("a", "s1 s2 s3", max_meetings=2),
        person("b", "s1 s2", mode="onsite"),
        person("c", "s2 s3", mode="online"),
        person("d", "s1 s3"),
        person("e", "s1 s2 s3", mode="onsite", max_meetings=1),
    ]
    instance = build(
        people, "a>b:3 b>a:2 a>c:2 a>d:1 b>e:3 e>b:3 c>d:3 d>c:1 b>d:2 a>e:3 d>e:2", slot_count=3, tables=1
    )

    schedule = optimise(instance)

    assert best_value(instance) == 23
    assert schedule.value == 23
    assert schedule.upper_bound >= 23


def test_nobody_who_could_meet_is_left_without_a_meeting():
    # By value alone hub spends both slots on the "must" pairs and c meets nobody; a can still meet d.
    people = [person("hub"), person("a"), person("b"), person("c"), person("d")]
    instance = build(people, "hub>a:3 a>hub:3 hub>b:3 b>hub:3 c>hub:1 a>d:1")

    schedule = optimise(instance)

    assert schedule.participants_without_meeting == ()
    assert could_have_met(instance, schedule.meetings) == []
    assert pairs(schedule.meetings) == {frozenset(("hub", "b")), frozenset(("hub", "c")), frozenset("ad")}
    assert schedule.value == 10


def test_nobody_loses_their_only_meeting_for_fairness():
    people = [person("hub"), person("a"), person("b"), person("c")]
    instance = build(people, "hub>a:3 a>hub:3 hub>b:3 b>hub:3 c>hub:1")

    schedule = optimise(instance)

    assert schedule.participants_without_meeting == ("c",)
    assert (
        could_have_met(instance, schedule.meetings) == []
    )  # c could only meet by taking a's or b's only meeting


def test_the_greedy_can_leave_someone_out_who_could_have_met():
    people = [person("hub"), person("a"), person("b"), person("c"), person("d")]
    instance = build(people, "hub>a:3 a>hub:3 hub>b:3 b>hub:3 c>hub:1 a>d:1")

    greedy = greedy_schedule(instance)

    assert greedy.value == 17
    assert could_have_met(instance, greedy.meetings) == ["c"]


def test_a_rerun_keeps_held_and_confirmed_meetings_and_fills_the_gaps():
    people = [
        person("a", "s1 s2 s3"),
        person("b", "s1 s2 s3"),
        person("c", "s1 s2 s3"),
        person("d", "s1 s2 s3"),
    ]
    first = build(people, "a>b:3 c>d:3 a>c:2 b>d:2 a>d:1", slot_count=3, tables=1)
    schedule = optimise(first)
    # b did not come after the first slot: keep what was held in s1 and what a and c confirmed.
    held = [m for m in schedule.meetings if m.slot == "s1"]
    confirmed = Meeting("a", "c", "s3", "online", None)
    if frozenset("ac") in {frozenset((m.a, m.b)) for m in held}:
        confirmed = Meeting("a", "d", "s3", "online", None)
    people_after = [p if p.id != "b" else person("b", "s1") for p in people]
    fixed = (*held, confirmed)
    rerun_instance = dataclasses.replace(first, participants=tuple(people_after), fixed=fixed)

    rerun = optimise(rerun_instance)

    assert set(fixed) <= set(rerun.meetings)
    assert all(m.slot == "s1" for m in rerun.meetings if "b" in (m.a, m.b))
    assert rerun.value <= rerun.upper_bound
    assert rerun.value >= sum(meeting_value(*_priorities(first, m)) for m in fixed)
    assert rerun.value == best_value(rerun_instance)


def _priorities(instance, meeting):
    asked = {(r.sender, r.receiver): r.priority for r in instance.requests}
    return asked.get((meeting.a, meeting.b)), asked.get((meeting.b, meeting.a))


def test_a_fixed_on_site_meeting_keeps_its_table():
    people = [
        person("a", mode="onsite"),
        person("b", mode="onsite"),
        person("c", mode="onsite"),
        person("d", mode="onsite"),
    ]
    fixed = (Meeting("c", "d", "s1", "onsite", 1),)
    instance = build(people, "a>b:3 c>d:1", tables=1, fixed=fixed)

    schedule = optimise(instance)

    assert fixed[0] in schedule.meetings
    assert [(m.a, m.b, m.slot, m.table) for m in schedule.meetings if m not in fixed] == [("a", "b", "s2", 1)]


def test_the_upper_bound_is_the_lp_relaxation_rounded_down():
    # A triangle of mutual "must" pairs with one meeting each: the LP takes half of each pair.
    people = [person("a", max_meetings=1), person("b", max_meetings=1), person("c", max_meetings=1)]
    instance = build(people, "a>b:3 b>a:3 b>c:3 c>b:3 a>c:3 c>a:3")

    assert upper_bound(instance) == 12  # 3 x 8 / 2
    assert optimise(instance).value == 8


def test_a_very_short_time_limit_still_gives_a_feasible_schedule_under_a_valid_bound():
    people = [person(f"p{i}", "s1 s2 s3") for i in range(6)]
    asked = "p0>p1:3 p1>p0:3 p2>p3:2 p4>p5:1 p0>p2:1 p3>p5:2 p1>p4:3"
    instance = build(people, asked, slot_count=3, tables=2)

    schedule = optimise_schedule(instance, time_limit=0.001)

    assert check_schedule(instance, schedule) == []
    assert best_value(instance) <= schedule.upper_bound


def test_check_schedule_spots_a_broken_rule():
    instance = build([person("a", "s1"), person("b", "s1")], "a>b:2", tables=0)
    bad = dataclasses.replace(optimise(instance), meetings=(Meeting("a", "b", "s1", "onsite", 1),))

    assert check_schedule(instance, bad) == ["meetings[0]: an on-site meeting needs a table from 1 to 0"]


@pytest.mark.parametrize("module", ["_parse", "_state", "_solve", "_check", "_fairness"])
def test_the_examples_in_the_engine_docstrings_hold(module):
    result = doctest.testmod(importlib.import_module(f"hatchway.brokerage.scheduler.{module}"))

    assert result.failed == 0


def test_pairs_chosen_by_cp_sat_instead_of_the_lp_also_give_the_best_schedule_here():
    instance = build([person("a"), person("b"), person("c", "s1")], "a>b:3 b>a:3 c>a:3 c>b:1")

    schedule = optimise_schedule(instance, time_limit=5, selection="cp-sat", exact_limit=0)

    assert check_schedule(instance, schedule) == []
    assert schedule.value == 11
