"""An independent check that a schedule keeps every hard rule; the tests and the benchmark use it."""

from __future__ import annotations

from collections import Counter

from ._model import Instance, Schedule
from ._state import meeting_value


def check_schedule(instance: Instance, schedule: Schedule) -> list[str]:
    """Every broken rule, located by meeting (an empty list means the schedule is feasible).

    >>> from hatchway.brokerage.scheduler import Meeting, parse_instance
    >>> from hatchway.brokerage.scheduler._solve import _EXAMPLE
    >>> instance = parse_instance(_EXAMPLE)
    >>> check_schedule(instance, Schedule((Meeting("cy", "bo", "s2", "online"),), 4, 11, ("ana",)))
    ['meetings[0]: "cy" is not available in slot "s2"', 'value: 4 is stated but the meetings are worth 1']
    """
    problems: list[str] = []
    people = {p.id: p for p in instance.participants}
    slots = {s.id for s in instance.slots}
    priority = {(r.sender, r.receiver): r.priority for r in instance.requests}
    seen_pairs: set[frozenset[str]] = set()
    busy: set[tuple[str, str]] = set()
    tables: set[tuple[str, int]] = set()
    counts: Counter[str] = Counter()
    value = 0
    for i, m in enumerate(schedule.meetings):
        where = f"meetings[{i}]"
        if m.a not in people or m.b not in people or m.slot not in slots or m.a == m.b:
            problems.append(f"{where}: unknown participant or slot, or a meeting with oneself")
            continue
        pair = frozenset((m.a, m.b))
        fixed = m in instance.fixed
        if (m.a, m.b) not in priority and (m.b, m.a) not in priority and not fixed:
            problems.append(f'{where}: nobody requested "{m.a}" with "{m.b}"')
        if pair in seen_pairs:
            problems.append(f'{where}: "{m.a}" and "{m.b}" meet twice')
        seen_pairs.add(pair)
        value += meeting_value(priority.get((m.a, m.b)), priority.get((m.b, m.a)))
        for who in (m.a, m.b):
            person = people[who]
            if not fixed and m.slot not in person.available:
                problems.append(f'{where}: "{who}" is not available in slot "{m.slot}"')
            if (who, m.slot) in busy:
                problems.append(f'{where}: "{who}" has two meetings in slot "{m.slot}"')
            busy.add((who, m.slot))
            counts[who] += 1
            if not fixed and m.mode == "onsite" and person.mode == "online":
                problems.append(f'{where}: "{who}" is online only but the meeting is on site')
            if not fixed and m.mode == "online" and person.mode == "onsite":
                problems.append(f'{where}: "{who}" is on site only but the meeting is online')
        if m.mode == "onsite":
            if m.table is None or not 1 <= m.table <= instance.tables:
                problems.append(f"{where}: an on-site meeting needs a table from 1 to {instance.tables}")
            elif (m.slot, m.table) in tables:
                problems.append(f'{where}: table {m.table} is used twice in slot "{m.slot}"')
            else:
                tables.add((m.slot, m.table))
        elif m.table is not None:
            problems.append(f"{where}: an online meeting has no table")
    for who, count in sorted(counts.items()):
        limit = people[who].max_meetings
        if limit is not None and count > limit:
            problems.append(f'participants "{who}": {count} meetings, more than max_meetings {limit}')
    missing = [m for m in instance.fixed if m not in schedule.meetings]
    problems.extend(f'fixed meeting of "{m.a}" and "{m.b}" in "{m.slot}" was dropped' for m in missing)
    if value != schedule.value:
        problems.append(f"value: {schedule.value} is stated but the meetings are worth {value}")
    if schedule.upper_bound < value:
        problems.append(f"upper_bound: {schedule.upper_bound} is below the value {value}")
    without = sorted(set(people) - {m.a for m in schedule.meetings} - {m.b for m in schedule.meetings})
    if sorted(schedule.participants_without_meeting) != without:
        problems.append("participants_without_meeting: does not list exactly those with no meeting")
    return problems
