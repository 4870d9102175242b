"""Who was left without a meeting although one could have been made for them, and the repair."""

from __future__ import annotations

from ._model import Instance, Meeting
from ._state import Problem, State, bits

Move = tuple[int, int, int | None]  # edge to add, its slot, edge to drop first (or None)


def find_move(state: State, u: int) -> Move | None:
    """A meeting for ``u`` (who has none) that costs nobody else their only meeting, if there is one."""
    p = state.p
    for e in p.incident[u]:
        if state.slot_of[e] >= 0:
            continue
        a, b = p.ends[e]
        v = b if a == u else a
        for s in bits(p.common[e]):
            table_free = state.tables_used[s] < p.tables[s]
            blocker = state.at[v].get(s)
            if blocker is None:
                if (state.busy[v] >> s) & 1:
                    continue  # a fixed meeting
                if p.needs_table[e] and not table_free:
                    continue
                if state.count[v] < p.cap[v]:
                    return e, s, None
                for r in state.at[v].values():
                    if state.meetings_of(_other(p, r, v)) >= 2:
                        return e, s, r
                continue
            if state.meetings_of(_other(p, blocker, v)) < 2:
                continue
            if p.needs_table[e] and not table_free and not p.needs_table[blocker]:
                continue
            return e, s, blocker
    return None


def coverable_without_meeting(state: State) -> list[int]:
    """Participants with no meeting for whom find_move finds one."""
    return [
        u
        for u in range(len(state.p.person_ids))
        if state.meetings_of(u) == 0 and state.p.cap[u] > 0 and find_move(state, u) is not None
    ]


def repair(state: State) -> int:
    """Give a meeting to everyone coverable; each move adds one covered person and uncovers nobody."""
    moves = 0
    changed = True
    while changed:
        changed = False
        for u in range(len(state.p.person_ids)):
            if state.meetings_of(u) or state.p.cap[u] == 0:
                continue
            move = find_move(state, u)
            if move is None:
                continue
            e, s, drop = move
            if drop is not None:
                state.remove(drop)
            state.place(e, s)
            moves += 1
            changed = True
    return moves


def state_of(instance: Instance, meetings: tuple[Meeting, ...]) -> State:
    """Rebuild a State from a schedule's meetings (fixed ones are already part of the problem)."""
    problem = Problem.build(instance)
    state = State(problem)
    edge = {frozenset((problem.ends[e][0], problem.ends[e][1])): e for e in range(len(problem.ends))}
    index = {person: i for i, person in enumerate(problem.person_ids)}
    slot = {s: i for i, s in enumerate(problem.slot_ids)}
    fixed = set(instance.fixed)
    for m in meetings:
        if m in fixed:
            continue
        e = edge.get(frozenset((index[m.a], index[m.b])))
        if e is not None:
            state.place(e, slot[m.slot])
    return state


def could_have_met(instance: Instance, meetings: tuple[Meeting, ...]) -> list[str]:
    """Ids of participants without a meeting who could have had one (see docs/scheduler.md, Fairness).

    Someone "could have had one" when a requested partner is free with them in a common slot, or
    would be after dropping one of the partner's meetings whose other side keeps another meeting.
    """
    state = state_of(instance, meetings)
    return [state.p.person_ids[u] for u in coverable_without_meeting(state)]


def _other(problem: Problem, e: int, w: int) -> int:
    a, b = problem.ends[e]
    return b if a == w else a
