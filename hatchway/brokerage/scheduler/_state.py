"""Indexed form of an instance and a mutable partial schedule shared by the greedy and the optimiser."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ._model import Instance, Meeting, MeetingMode, Schedule


def meeting_value(priority_ab: int | None, priority_ba: int | None) -> int:
    """The worth of a meeting: the priorities it was requested with, plus 2 when both sides asked.

    >>> meeting_value(3, None), meeting_value(None, 1), meeting_value(3, 2), meeting_value(None, None)
    (3, 1, 7, 0)
    """
    both = priority_ab is not None and priority_ba is not None
    return (priority_ab or 0) + (priority_ba or 0) + (2 if both else 0)


def bits(mask: int) -> Iterator[int]:
    """The positions of the set bits of ``mask``, lowest first.

    >>> list(bits(0b10110))
    [1, 2, 4]
    """
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


@dataclass(slots=True)
class Problem:
    """An instance indexed for speed: participants and slots by position, candidate pairs as edges."""

    instance: Instance
    slot_ids: list[str]  # by start time, so bit 0 is the earliest slot
    person_ids: list[str]
    cap: list[int]  # meetings each participant may still get besides the fixed ones
    fixed_busy: list[int]  # slot bitmask taken by fixed meetings
    tables: list[int]  # tables left per slot after fixed on-site meetings
    ends: list[tuple[int, int]]
    value: list[int]
    common: list[int]  # slots both ends are available and not busy with a fixed meeting
    needs_table: list[bool]  # one side is on-site only, so the meeting takes a table
    online_only: list[bool]  # one side is online only
    incident: list[list[int]]
    fixed_value: int
    values: dict[frozenset[str], int]  # every requested pair, for scoring any meeting

    @classmethod
    def build(cls, instance: Instance) -> Problem:
        slot_ids = [s.id for s in sorted(instance.slots, key=lambda s: (s.start, s.end, s.id))]
        slot_bit = {slot: i for i, slot in enumerate(slot_ids)}
        person_ids = [p.id for p in instance.participants]
        index = {person: i for i, person in enumerate(person_ids)}
        available = [sum(1 << slot_bit[s] for s in p.available) for p in instance.participants]
        fixed_busy = [0] * len(person_ids)
        fixed_count = [0] * len(person_ids)
        tables = [instance.tables] * len(slot_ids)
        for m in instance.fixed:
            for who in (m.a, m.b):
                fixed_busy[index[who]] |= 1 << slot_bit[m.slot]
                fixed_count[index[who]] += 1
            if m.mode == "onsite":
                tables[slot_bit[m.slot]] -= 1
        cap = []
        for i, p in enumerate(instance.participants):
            limit = len(slot_ids) if p.max_meetings is None else p.max_meetings
            free = available[i] & ~fixed_busy[i]
            cap.append(max(0, min(limit - fixed_count[i], free.bit_count())))
        priority: dict[tuple[str, str], int] = {(r.sender, r.receiver): r.priority for r in instance.requests}
        values = {
            frozenset((a, b)): meeting_value(priority.get((a, b)), priority.get((b, a))) for a, b in priority
        }
        fixed_pairs = {frozenset((m.a, m.b)) for m in instance.fixed}
        fixed_value = sum(values.get(pair, 0) for pair in fixed_pairs)
        modes = [p.mode for p in instance.participants]
        ends: list[tuple[int, int]] = []
        value: list[int] = []
        common: list[int] = []
        needs_table: list[bool] = []
        online_only: list[bool] = []
        incident: list[list[int]] = [[] for _ in person_ids]
        for pair, worth in sorted(values.items(), key=lambda item: sorted(item[0])):
            if pair in fixed_pairs:
                continue
            a, b = sorted(pair, key=index.__getitem__)
            u, v = index[a], index[b]
            pair_modes = {modes[u], modes[v]}
            if pair_modes == {"onsite", "online"} or cap[u] == 0 or cap[v] == 0:
                continue
            shared = available[u] & available[v] & ~fixed_busy[u] & ~fixed_busy[v]
            if "onsite" in pair_modes:
                shared &= sum(1 << s for s, left in enumerate(tables) if left > 0)
            if not shared:
                continue
            incident[u].append(len(ends))
            incident[v].append(len(ends))
            ends.append((u, v))
            value.append(worth)
            common.append(shared)
            needs_table.append("onsite" in pair_modes)
            online_only.append("online" in pair_modes)
        return cls(
            instance,
            slot_ids,
            person_ids,
            cap,
            fixed_busy,
            tables,
            ends,
            value,
            common,
            needs_table,
            online_only,
            incident,
            fixed_value,
            values,
        )


class State:
    """A partial schedule over a Problem: which slot each edge is in (or -1), kept consistent."""

    def __init__(self, problem: Problem) -> None:
        self.p = problem
        self.slot_of = [-1] * len(problem.ends)
        self.busy = list(problem.fixed_busy)
        self.count = [0] * len(problem.person_ids)
        self.at: list[dict[int, int]] = [{} for _ in problem.person_ids]
        self.tables_used = [0] * len(problem.slot_ids)
        self.value = 0

    def open_slots(self, e: int) -> int:
        """Slots where edge ``e`` could go right now without moving anything."""
        u, v = self.p.ends[e]
        mask = self.p.common[e] & ~self.busy[u] & ~self.busy[v]
        if self.p.needs_table[e]:
            mask &= self.table_mask()
        return mask

    def table_mask(self) -> int:
        return sum(1 << s for s, used in enumerate(self.tables_used) if used < self.p.tables[s])

    def has_room(self, e: int) -> bool:
        u, v = self.p.ends[e]
        return self.count[u] < self.p.cap[u] and self.count[v] < self.p.cap[v]

    def place(self, e: int, s: int) -> None:
        u, v = self.p.ends[e]
        self.slot_of[e] = s
        for w in (u, v):
            self.busy[w] |= 1 << s
            self.count[w] += 1
            self.at[w][s] = e
        if self.p.needs_table[e]:
            self.tables_used[s] += 1
        self.value += self.p.value[e]

    def remove(self, e: int) -> int:
        s = self.slot_of[e]
        u, v = self.p.ends[e]
        self.slot_of[e] = -1
        for w in (u, v):
            self.busy[w] &= ~(1 << s)
            self.count[w] -= 1
            del self.at[w][s]
        if self.p.needs_table[e]:
            self.tables_used[s] -= 1
        self.value -= self.p.value[e]
        return s

    def try_insert(self, e: int, depth: int = 1) -> bool:
        """Place ``e`` in an open slot, or move up to ``depth`` blocking meetings elsewhere to make one."""
        if self.slot_of[e] >= 0 or not self.has_room(e):
            return False
        mask = self.open_slots(e)
        if mask:
            self.place(e, (mask & -mask).bit_length() - 1)
            return True
        if depth <= 0:
            return False
        u, v = self.p.ends[e]
        for s in bits(self.p.common[e]):
            blockers = {b for b in (self.at[u].get(s), self.at[v].get(s)) if b is not None}
            if (self.busy[u] | self.busy[v]) & (1 << s) and not blockers:
                continue  # a fixed meeting is there
            tables_full = self.p.needs_table[e] and self.tables_used[s] >= self.p.tables[s]
            if tables_full and not any(self.p.needs_table[b] for b in blockers):
                continue
            moved: list[tuple[int, int]] = []
            for b in blockers:
                moved.append((b, self.remove(b)))
            if not (self.open_slots(e) >> s) & 1:
                for b, old in moved:
                    self.place(b, old)
                continue
            self.place(e, s)
            ok = True
            for b, _old in moved:
                new = self.open_slots(b)
                if not new:
                    ok = False
                    break
                self.place(b, (new & -new).bit_length() - 1)
            if ok:
                return True
            for b, _old in moved:
                if self.slot_of[b] >= 0:
                    self.remove(b)
            self.remove(e)
            for b, old in moved:
                self.place(b, old)
        return False

    def meetings_of(self, w: int) -> int:
        return self.count[w] + (self.p.fixed_busy[w]).bit_count()

    def schedule(self, upper_bound: int, method: str, stats: dict[str, float]) -> Schedule:
        """Give each meeting its mode and table: table-bound meetings first, then 'either' pairs while tables last."""
        p = self.p
        instance = p.instance
        taken: dict[str, set[int]] = {slot: set() for slot in p.slot_ids}
        for m in instance.fixed:
            if m.table is not None:
                taken[m.slot].add(m.table)
        chosen = sorted((e for e, s in enumerate(self.slot_of) if s >= 0), key=lambda e: (self.slot_of[e], e))
        meetings: list[Meeting] = list(instance.fixed)
        for wants_table in (True, False):
            for e in chosen:
                if p.needs_table[e] != wants_table:
                    continue
                slot = p.slot_ids[self.slot_of[e]]
                free = len(taken[slot]) < instance.tables
                mode: MeetingMode = "onsite" if (wants_table or (free and not p.online_only[e])) else "online"
                table = None
                if mode == "onsite":
                    table = min(set(range(1, instance.tables + 1)) - taken[slot])
                    taken[slot].add(table)
                u, v = p.ends[e]
                meetings.append(Meeting(p.person_ids[u], p.person_ids[v], slot, mode, table))
        order = {slot: i for i, slot in enumerate(p.slot_ids)}
        meetings.sort(key=lambda m: (order[m.slot], m.table is None, m.table or 0, m.a, m.b))
        met = {m.a for m in meetings} | {m.b for m in meetings}
        return Schedule(
            meetings=tuple(meetings),
            value=self.value + p.fixed_value,
            upper_bound=upper_bound,
            participants_without_meeting=tuple(w for w in p.person_ids if w not in met),
            method=method,
            stats=stats,
        )
