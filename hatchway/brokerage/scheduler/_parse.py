"""Read an INSTANCE from JSON-shaped data and write a SCHEDULE back, locating every problem."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from datetime import datetime
from typing import Any, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ._model import MODES, Instance, InvalidInstance, Meeting, Mode, Participant, Request, Schedule, Slot


def parse_instance(data: object) -> Instance:
    """Build an instance from decoded JSON, or raise InvalidInstance listing located problems.

    >>> instance = parse_instance({
    ...     "slots": [{"id": "s1", "start": "2026-05-04T09:00+02:00", "end": "2026-05-04T09:20+02:00"}],
    ...     "tables": 1,
    ...     "participants": [{"id": "ana", "available": ["s1"], "mode": "onsite"},
    ...                      {"id": "bo", "available": ["s9"], "mode": "either"}],
    ...     "requests": [{"from": "ana", "to": "bo", "priority": 3}]})
    Traceback (most recent call last):
    ...
    hatchway.brokerage.scheduler._model.InvalidInstance: participants[1].available[0]: unknown slot "s9"
    """
    errors: list[str] = []
    if not isinstance(data, Mapping):
        raise InvalidInstance(["instance: expected an object with slots, tables, participants and requests"])
    unknown = sorted(set(data) - {"slots", "tables", "participants", "requests", "fixed"})
    errors.extend(f'instance: unknown key "{key}"' for key in unknown)
    slots = [
        _slot(item, f"slots[{i}]", errors) for i, item in enumerate(_list(data, "slots", "instance", errors))
    ]
    tables = data.get("tables")
    if not isinstance(tables, int) or isinstance(tables, bool) or tables < 0:
        errors.append(f"tables: expected a whole number of tables, 0 or more, not {_show(tables)}")
        tables = 0
    participants = [
        _participant(item, f"participants[{i}]", errors)
        for i, item in enumerate(_list(data, "participants", "instance", errors))
    ]
    requests = [
        _request(item, f"requests[{i}]", errors)
        for i, item in enumerate(_list(data, "requests", "instance", errors))
    ]
    fixed = [
        _meeting(item, f"fixed[{i}]", errors)
        for i, item in enumerate(_list(data, "fixed", "instance", errors, []))
    ]
    if any(item is None for group in (slots, participants, requests, fixed) for item in group):
        raise InvalidInstance(errors)
    instance = Instance(
        slots=tuple(cast(Slot, s) for s in slots),
        tables=tables,
        participants=tuple(cast(Participant, p) for p in participants),
        requests=tuple(cast(Request, r) for r in requests),
        fixed=tuple(cast(Meeting, m) for m in fixed),
    )
    try:  # also report what is wrong between the parts that were readable
        check_instance(instance)
    except InvalidInstance as invalid:
        errors.extend(e for e in invalid.errors if e not in errors)
    if errors:
        raise InvalidInstance(errors)
    return instance


def check_instance(instance: Instance) -> None:
    """Raise InvalidInstance when ids are unknown or repeated, slots overlap, or requests are odd.

    >>> from datetime import datetime, timezone
    >>> t = datetime(2026, 5, 4, 9, tzinfo=timezone.utc)
    >>> check_instance(Instance(slots=(Slot("s1", t, t),), tables=0, participants=(), requests=()))
    Traceback (most recent call last):
    ...
    hatchway.brokerage.scheduler._model.InvalidInstance: slots[0]: ends before it starts (or when it starts)
    """
    errors: list[str] = []
    slot_ids: set[str] = set()
    for i, slot in enumerate(instance.slots):
        if slot.id in slot_ids:
            errors.append(f'slots[{i}].id: "{slot.id}" is used by an earlier slot')
        slot_ids.add(slot.id)
        if slot.start.tzinfo is None or slot.end.tzinfo is None:
            errors.append(f"slots[{i}]: give start and end with a UTC offset, e.g. 2026-05-04T09:00:00+02:00")
        elif slot.end <= slot.start:
            errors.append(f"slots[{i}]: ends before it starts (or when it starts)")
    timed = sorted(
        (s.start, s.end, i) for i, s in enumerate(instance.slots) if s.start.tzinfo and s.end.tzinfo
    )
    for (_, end, i), (start, _, j) in itertools.pairwise(timed):
        if start < end:
            errors.append(f"slots[{j}]: overlaps slots[{i}]; one person cannot be in both")
    people: set[str] = set()
    for i, person in enumerate(instance.participants):
        where = f"participants[{i}]"
        if person.id in people:
            errors.append(f'{where}.id: "{person.id}" is used by an earlier participant')
        people.add(person.id)
        errors.extend(
            f'{where}.available[{k}]: unknown slot "{slot}"'
            for k, slot in enumerate(person.available)
            if slot not in slot_ids
        )
        if person.mode not in MODES:
            errors.append(f'{where}.mode: "{person.mode}" is not one of onsite, online, either')
        if person.max_meetings is not None and person.max_meetings < 0:
            errors.append(f"{where}.max_meetings: write 0 or more")
    pairs: set[tuple[str, str]] = set()
    for i, request in enumerate(instance.requests):
        where = f"requests[{i}]"
        for key, who in (("from", request.sender), ("to", request.receiver)):
            if who not in people:
                errors.append(f'{where}.{key}: unknown participant "{who}"')
        if request.sender == request.receiver:
            errors.append(f'{where}: "{request.sender}" requests a meeting with themselves')
        if request.priority not in (1, 2, 3):
            errors.append(f"{where}.priority: {request.priority} is not 1 (could), 2 (should) or 3 (must)")
        if (request.sender, request.receiver) in pairs:
            errors.append(
                f'{where}: "{request.sender}" already requested "{request.receiver}"; keep one request'
            )
        pairs.add((request.sender, request.receiver))
    busy: dict[tuple[str, str], int] = {}
    tables: dict[tuple[str, int], int] = {}
    onsite: dict[str, int] = {}
    for i, meeting in enumerate(instance.fixed):
        where = f"fixed[{i}]"
        if meeting.slot not in slot_ids:
            errors.append(f'{where}.slot: unknown slot "{meeting.slot}"')
        if meeting.a == meeting.b:
            errors.append(f'{where}: "{meeting.a}" cannot meet themselves')
        for key, who in (("a", meeting.a), ("b", meeting.b)):
            if who not in people:
                errors.append(f'{where}.{key}: unknown participant "{who}"')
            elif (who, meeting.slot) in busy:
                errors.append(
                    f'{where}: "{who}" is already in fixed[{busy[who, meeting.slot]}] in slot "{meeting.slot}"'
                )
            else:
                busy[who, meeting.slot] = i
        if meeting.mode == "onsite":
            onsite[meeting.slot] = onsite.get(meeting.slot, 0) + 1
            if meeting.table is None or not 1 <= meeting.table <= instance.tables:
                errors.append(f"{where}.table: an on-site meeting needs a table from 1 to {instance.tables}")
            elif (meeting.slot, meeting.table) in tables:
                errors.append(
                    f"{where}.table: table {meeting.table} is taken by fixed[{tables[meeting.slot, meeting.table]}]"
                )
            else:
                tables[meeting.slot, meeting.table] = i
        elif meeting.table is not None:
            errors.append(f"{where}.table: an online meeting has no table; write null")
    if errors:
        raise InvalidInstance(errors)


def schedule_to_data(schedule: Schedule) -> dict[str, Any]:
    """The SCHEDULE of the command-line contract.

    >>> schedule_to_data(Schedule((Meeting("a", "b", "s1", "online"),), 4, 4, ("c",)))["meetings"]
    [{'a': 'a', 'b': 'b', 'slot': 's1', 'mode': 'online', 'table': None}]
    """
    return {
        "meetings": [
            {"a": m.a, "b": m.b, "slot": m.slot, "mode": m.mode, "table": m.table} for m in schedule.meetings
        ],
        "value": schedule.value,
        "upper_bound": schedule.upper_bound,
        "participants_without_meeting": list(schedule.participants_without_meeting),
    }


def instance_to_data(instance: Instance) -> dict[str, Any]:
    """The INSTANCE of the command-line contract (what parse_instance reads).

    >>> instance_to_data(Instance((), 3, (), ()))
    {'slots': [], 'tables': 3, 'participants': [], 'requests': []}
    """
    data: dict[str, Any] = {
        "slots": [
            {"id": s.id, "start": s.start.isoformat(), "end": s.end.isoformat()} for s in instance.slots
        ],
        "tables": instance.tables,
        "participants": [
            {
                "id": p.id,
                "available": list(p.available),
                "mode": p.mode,
                **({} if p.max_meetings is None else {"max_meetings": p.max_meetings}),
                **({} if p.time_zone is None else {"time_zone": p.time_zone}),
            }
            for p in instance.participants
        ],
        "requests": [{"from": r.sender, "to": r.receiver, "priority": r.priority} for r in instance.requests],
    }
    if instance.fixed:
        data["fixed"] = [
            {"a": m.a, "b": m.b, "slot": m.slot, "mode": m.mode, "table": m.table} for m in instance.fixed
        ]
    return data


def _show(value: object) -> str:
    return "nothing" if value is None else repr(value)


def _list(
    data: Mapping[str, Any], key: str, where: str, errors: list[str], default: list[Any] | None = None
) -> list[Any]:
    value = data.get(key, default)
    if not isinstance(value, list):
        errors.append(
            f"{where}.{key}: expected a list, not {_show(value)}"
            if where != "instance"
            else f"{key}: expected a list, not {_show(value)}"
        )
        return []
    return value


def _text(item: Mapping[str, Any], key: str, where: str, errors: list[str]) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value:
        errors.append(f"{where}.{key}: expected a non-empty text, not {_show(value)}")
        return ""
    return value


def _moment(item: Mapping[str, Any], key: str, where: str, errors: list[str]) -> datetime | None:
    value = item.get(key)
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        errors.append(
            f"{where}.{key}: {_show(value)} is not an ISO 8601 time with offset; write e.g. 2026-05-04T09:00:00+02:00"
        )
        return None
    return moment


def _is_zone(value: object) -> bool:
    if not isinstance(value, str) or not value:
        return False
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _keys(item: object, where: str, allowed: set[str], errors: list[str]) -> Mapping[str, Any] | None:
    if not isinstance(item, Mapping):
        errors.append(f"{where}: expected an object, not {_show(item)}")
        return None
    errors.extend(f'{where}: unknown key "{key}"' for key in sorted(set(item) - allowed))
    return item


def _slot(item: object, where: str, errors: list[str]) -> Slot | None:
    data = _keys(item, where, {"id", "start", "end"}, errors)
    if data is None:
        return None
    slot_id, start, end = (
        _text(data, "id", where, errors),
        _moment(data, "start", where, errors),
        _moment(data, "end", where, errors),
    )
    return Slot(slot_id, start, end) if start and end else None


def _participant(item: object, where: str, errors: list[str]) -> Participant | None:
    data = _keys(item, where, {"id", "available", "mode", "max_meetings", "time_zone"}, errors)
    if data is None:
        return None
    person_id = _text(data, "id", where, errors)
    available = _list(data, "available", where, errors)
    slots: list[str] = []
    for k, slot in enumerate(available):
        if not isinstance(slot, str):
            errors.append(f"{where}.available[{k}]: expected a slot id, not {_show(slot)}")
        elif slot in slots:
            errors.append(f'{where}.available[{k}]: slot "{slot}" is listed twice')
        else:
            slots.append(slot)
    mode = data.get("mode", "either")
    if mode not in MODES:
        errors.append(f'{where}.mode: {_show(mode)} is not one of "onsite", "online", "either"')
        mode = "either"
    max_meetings = data.get("max_meetings")
    if max_meetings is not None and (
        not isinstance(max_meetings, int) or isinstance(max_meetings, bool) or max_meetings < 0
    ):
        errors.append(f"{where}.max_meetings: expected a whole number, 0 or more, not {_show(max_meetings)}")
        max_meetings = None
    zone = data.get("time_zone")
    if zone is not None and not _is_zone(zone):
        errors.append(f"{where}.time_zone: {_show(zone)} is not an IANA time zone; write e.g. Europe/Zurich")
        zone = None
    return Participant(person_id, tuple(slots), cast(Mode, mode), max_meetings, zone)


def _request(item: object, where: str, errors: list[str]) -> Request | None:
    data = _keys(item, where, {"from", "to", "priority"}, errors)
    if data is None:
        return None
    priority = data.get("priority")
    if not isinstance(priority, int) or isinstance(priority, bool) or priority not in (1, 2, 3):
        errors.append(f"{where}.priority: {_show(priority)} is not 1 (could), 2 (should) or 3 (must)")
        priority = 1  # stands in so that the rest can still be checked
    return Request(_text(data, "from", where, errors), _text(data, "to", where, errors), priority)


def _meeting(item: object, where: str, errors: list[str]) -> Meeting | None:
    data = _keys(item, where, {"a", "b", "slot", "mode", "table"}, errors)
    if data is None:
        return None
    mode = data.get("mode")
    if mode not in ("onsite", "online"):
        errors.append(f'{where}.mode: {_show(mode)} is not "onsite" or "online"')
        mode = "online"
    table = data.get("table")
    if table is not None and (not isinstance(table, int) or isinstance(table, bool)):
        errors.append(f"{where}.table: expected a table number or null, not {_show(table)}")
        table = None
    return Meeting(
        _text(data, "a", where, errors),
        _text(data, "b", where, errors),
        _text(data, "slot", where, errors),
        cast(Any, mode),
        table,
    )
