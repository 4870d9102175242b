"""The best value of a tiny instance, found by trying every assignment of pairs to slots."""

from __future__ import annotations

import itertools

from hatchway.brokerage.scheduler import Instance, meeting_value


def best_value(instance: Instance) -> int:
    """The value of the best allowed schedule: the most people with a meeting, then the most value.

    Exhaustive: every requested pair gets no slot or one slot of the slots both sides have free.
    """
    return best(instance)[1]


def best_value_alone(instance: Instance) -> int:
    """The most value any allowed schedule reaches, fairness aside."""
    return best(instance, fair=False)[1]


def best(instance: Instance, fair: bool = True) -> tuple[int, int]:
    people = {p.id: p for p in instance.participants}
    priority = {(r.sender, r.receiver): r.priority for r in instance.requests}
    pairs = sorted({tuple(sorted(key)) for key in priority})
    fixed_pairs = {frozenset((m.a, m.b)) for m in instance.fixed}
    fixed_busy = {(who, m.slot) for m in instance.fixed for who in (m.a, m.b)}
    fixed_count = {p: sum(1 for m in instance.fixed if p in (m.a, m.b)) for p in people}
    fixed_tables = {
        s.id: sum(1 for m in instance.fixed if m.slot == s.id and m.mode == "onsite") for s in instance.slots
    }
    base = sum(meeting_value(priority.get((m.a, m.b)), priority.get((m.b, m.a))) for m in instance.fixed)
    options: list[list[str | None]] = []
    for a, b in pairs:
        modes = {people[a].mode, people[b].mode}
        if modes == {"onsite", "online"} or frozenset((a, b)) in fixed_pairs:
            options.append([None])
            continue
        shared = [
            s.id
            for s in instance.slots
            if s.id in people[a].available
            and s.id in people[b].available
            and (a, s.id) not in fixed_busy
            and (b, s.id) not in fixed_busy
        ]
        options.append([None, *shared])
    top = (0, 0)
    for choice in itertools.product(*options):
        busy: set[tuple[str, str]] = set()
        count = dict(fixed_count)
        tables = dict(fixed_tables)
        value = 0
        for (a, b), slot in zip(pairs, choice, strict=True):
            if slot is None:
                continue
            if (a, slot) in busy or (b, slot) in busy:
                break
            busy |= {(a, slot), (b, slot)}
            count[a] += 1
            count[b] += 1
            if "onsite" in (people[a].mode, people[b].mode):
                tables[slot] += 1
            value += meeting_value(priority.get((a, b)), priority.get((b, a)))
        else:
            within = all(count[p] <= _limit(instance, people[p].max_meetings) for p in people)
            if within and all(used <= instance.tables for used in tables.values()):
                covered = len({who for who, _slot in busy | fixed_busy}) if fair else 0
                top = max(top, (covered, value))
    return top[0], base + top[1]


def _limit(instance: Instance, max_meetings: int | None) -> int:
    return len(instance.slots) if max_meetings is None else max_meetings
