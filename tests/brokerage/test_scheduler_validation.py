"""An invalid instance is refused with every problem located, the way the command line reports it."""

from __future__ import annotations

import copy
from datetime import timedelta
from typing import Any

import pytest

from hatchway.brokerage.scheduler import InvalidInstance, parse_instance

VALID: dict[str, Any] = {
    "slots": [
        {"id": "s1", "start": "2026-05-04T09:00:00+02:00", "end": "2026-05-04T09:20:00+02:00"},
        {"id": "s2", "start": "2026-05-04T09:30:00+02:00", "end": "2026-05-04T09:50:00+02:00"},
        {"id": "s3", "start": "2026-05-04T10:00:00+02:00", "end": "2026-05-04T10:20:00+02:00"},
    ],
    "tables": 2,
    "participants": [
        {
            "id": "ana",
            "available": ["s1", "s2"],
            "mode": "onsite",
            "max_meetings": 2,
            "time_zone": "Europe/Zurich",
        },
        {"id": "bo", "available": ["s1", "s3"], "mode": "either"},
        {"id": "cy", "available": ["s2"], "mode": "online"},
        {"id": "dee", "available": ["s1", "s2", "s3"]},
    ],
    "requests": [{"from": "ana", "to": "bo", "priority": 3}, {"from": "cy", "to": "dee", "priority": 1}],
}


def changed(path: str, value: Any) -> dict[str, Any]:
    data = copy.deepcopy(VALID)
    *parents, last = path.split(".")
    target: Any = data
    for key in parents:
        target = target[int(key)] if key.isdigit() else target[key]
    if value is DELETE:
        del target[last]
    else:
        target[int(last) if last.isdigit() else last] = value
    return data


DELETE = object()


def test_it_reads_a_valid_instance_with_aware_times():
    instance = parse_instance(VALID)

    assert [s.id for s in instance.slots] == ["s1", "s2", "s3"]
    assert instance.slots[0].start.utcoffset() == timedelta(hours=2)
    assert instance.participants[0].max_meetings == 2
    assert instance.participants[3].mode == "either"  # the default
    assert instance.requests[0].priority == 3


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("participants.3.available", ["s1", "s99"], 'participants[3].available[1]: unknown slot "s99"'),
        ("slots.2.end", "2026-05-04T09:59:00+02:00", "slots[2]: ends before it starts (or when it starts)"),
        (
            "slots.1.start",
            "2026-05-04 09:30",
            "slots[1].start: '2026-05-04 09:30' is not an ISO 8601 time with offset",
        ),
        ("slots.1.id", "s1", 'slots[1].id: "s1" is used by an earlier slot'),
        ("slots.1.start", "2026-05-04T09:10:00+02:00", "slots[1]: overlaps slots[0]"),
        ("participants.2.id", "bo", 'participants[2].id: "bo" is used by an earlier participant'),
        ("participants.1.mode", "hybrid", "participants[1].mode: 'hybrid' is not one of"),
        (
            "participants.1.max_meetings",
            -1,
            "participants[1].max_meetings: expected a whole number, 0 or more",
        ),
        (
            "participants.0.time_zone",
            "Mars/Olympus",
            "participants[0].time_zone: 'Mars/Olympus' is not an IANA time zone",
        ),
        ("participants.1.available", ["s1", "s1"], 'participants[1].available[1]: slot "s1" is listed twice'),
        ("participants.1.colour", "red", 'participants[1]: unknown key "colour"'),
        ("requests.0.priority", 4, "requests[0].priority: 4 is not 1 (could), 2 (should) or 3 (must)"),
        ("requests.0.priority", True, "requests[0].priority: True is not 1 (could), 2 (should) or 3 (must)"),
        ("requests.0.to", "ana", 'requests[0]: "ana" requests a meeting with themselves'),
        ("requests.1.from", "zoe", 'requests[1].from: unknown participant "zoe"'),
        (
            "requests.1",
            {"from": "ana", "to": "bo", "priority": 1},
            'requests[1]: "ana" already requested "bo"',
        ),
        ("tables", -3, "tables: expected a whole number of tables, 0 or more, not -3"),
        ("participants", DELETE, "participants: expected a list, not nothing"),
    ],
)
def test_it_rejects_an_invalid_instance_with_a_located_message(path, value, message):
    with pytest.raises(InvalidInstance) as caught:
        parse_instance(changed(path, value))

    assert any(error.startswith(message) for error in caught.value.errors), caught.value.errors


def test_it_lists_every_problem_not_only_the_first():
    data = changed("participants.3.available", ["s99"])
    data["requests"].append({"from": "ana", "to": "ana", "priority": 0})

    with pytest.raises(InvalidInstance) as caught:
        parse_instance(data)

    assert caught.value.errors == [
        "requests[2].priority: 0 is not 1 (could), 2 (should) or 3 (must)",
        'participants[3].available[0]: unknown slot "s99"',
        'requests[2]: "ana" requests a meeting with themselves',
    ]


@pytest.mark.parametrize(
    ("fixed", "message"),
    [
        (
            {"a": "ana", "b": "bo", "slot": "s7", "mode": "online", "table": None},
            'fixed[0].slot: unknown slot "s7"',
        ),
        (
            {"a": "ana", "b": "bo", "slot": "s1", "mode": "onsite", "table": 3},
            "fixed[0].table: an on-site meeting needs a table from 1 to 2",
        ),
        (
            {"a": "ana", "b": "bo", "slot": "s1", "mode": "online", "table": 1},
            "fixed[0].table: an online meeting has no table",
        ),
        (
            {"a": "ana", "b": "eve", "slot": "s1", "mode": "online", "table": None},
            'fixed[0].b: unknown participant "eve"',
        ),
    ],
)
def test_it_rejects_a_fixed_meeting_that_cannot_stand(fixed, message):
    data = copy.deepcopy(VALID)
    data["fixed"] = [fixed]

    with pytest.raises(InvalidInstance) as caught:
        parse_instance(data)

    assert any(error.startswith(message) for error in caught.value.errors), caught.value.errors


def test_it_rejects_a_person_in_two_fixed_meetings_at_once():
    data = copy.deepcopy(VALID)
    data["fixed"] = [
        {"a": "ana", "b": "bo", "slot": "s1", "mode": "online", "table": None},
        {"a": "dee", "b": "ana", "slot": "s1", "mode": "online", "table": None},
    ]

    with pytest.raises(InvalidInstance) as caught:
        parse_instance(data)

    assert caught.value.errors == ['fixed[1]: "ana" is already in fixed[0] in slot "s1"']


def test_it_refuses_something_that_is_not_an_object():
    with pytest.raises(InvalidInstance, match="instance: expected an object"):
        parse_instance([1, 2])
