"""On any small instance the schedule is feasible, fair, below its bound and as good as brute force."""

from __future__ import annotations

import dataclasses

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hatchway.brokerage.scheduler import (
    Instance,
    Participant,
    Request,
    check_schedule,
    could_have_met,
    greedy_schedule,
    optimise_schedule,
)

from .bruteforce import best, best_value_alone
from .scheduling import slots

SETTINGS = settings(
    max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)


@st.composite
def instances(draw: st.DrawFn, max_people: int = 6, max_slots: int = 3, max_requests: int = 7) -> Instance:
    slot_list = slots(draw(st.integers(1, max_slots)))
    ids = [f"p{i}" for i in range(draw(st.integers(2, max_people)))]
    slot_ids = [s.id for s in slot_list]
    people = tuple(
        Participant(
            person,
            tuple(draw(st.lists(st.sampled_from(slot_ids), unique=True))),
            draw(st.sampled_from(["onsite", "online", "either"])),
            draw(st.none() | st.integers(0, 3)),
        )
        for person in ids
    )
    asked = draw(
        st.lists(
            st.tuples(st.sampled_from(ids), st.sampled_from(ids)).filter(lambda pair: pair[0] != pair[1]),
            unique=True,
            max_size=max_requests,
        )
    )
    requests = tuple(Request(a, b, draw(st.integers(1, 3))) for a, b in asked)
    return Instance(slot_list, draw(st.integers(0, 2)), people, requests)


@SETTINGS
@given(instances())
def test_the_schedule_is_always_feasible_fair_and_below_its_bound(instance):
    schedule = optimise_schedule(instance, time_limit=5)

    assert check_schedule(instance, schedule) == []
    assert schedule.value <= schedule.upper_bound
    assert could_have_met(instance, schedule.meetings) == []


@SETTINGS
@given(instances(max_people=8, max_slots=4, max_requests=14))
def test_the_heuristic_alone_used_on_large_instances_is_feasible_and_fair(instance):
    schedule = optimise_schedule(instance, time_limit=5, exact_limit=0)

    assert check_schedule(instance, schedule) == []
    assert schedule.value <= schedule.upper_bound
    assert could_have_met(instance, schedule.meetings) == []


@SETTINGS
@given(instances(max_people=5, max_requests=6))
def test_it_reaches_the_brute_force_optimum_and_the_bound_stays_above_it(instance):
    schedule = optimise_schedule(instance, time_limit=5)
    covered, value = best(instance)

    assert len(instance.participants) - len(schedule.participants_without_meeting) == covered
    assert schedule.value == value
    assert best_value_alone(instance) <= schedule.upper_bound


@SETTINGS
@given(instances())
def test_the_greedy_is_feasible_and_below_the_bound(instance):
    schedule = greedy_schedule(instance)

    assert check_schedule(instance, schedule) == []
    assert schedule.value <= schedule.upper_bound


@SETTINGS
@given(instances(), st.data())
def test_a_rerun_keeps_the_fixed_meetings_and_stays_feasible(instance, data):
    first = optimise_schedule(instance, time_limit=5)
    kept = tuple(m for m in first.meetings if data.draw(st.booleans()))
    # Someone cancels: they are gone from every slot they had no kept meeting in.
    leaving = data.draw(st.sampled_from([p.id for p in instance.participants]))
    kept_slots = {m.slot for m in kept if leaving in (m.a, m.b)}
    people = tuple(
        dataclasses.replace(p, available=tuple(s for s in p.available if s in kept_slots))
        if p.id == leaving
        else p
        for p in instance.participants
    )
    rerun_instance = dataclasses.replace(instance, participants=people, fixed=kept)

    rerun = optimise_schedule(rerun_instance, time_limit=5)

    assert set(kept) <= set(rerun.meetings)
    assert check_schedule(rerun_instance, rerun) == []
    assert rerun.value <= rerun.upper_bound
    assert could_have_met(rerun_instance, rerun.meetings) == []
