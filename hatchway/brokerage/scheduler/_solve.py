"""The greedy baseline, the LP upper bound and the optimiser (pair selection, then slots, then repair)."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Literal

from ortools.linear_solver.python import model_builder
from ortools.sat.python import cp_model

from ._fairness import repair
from ._model import Instance, Schedule
from ._state import Problem, State, bits

# Model.__init__ carries no annotations; naming its type here keeps the engine strictly typed.
_new_lp: Callable[[], model_builder.Model] = model_builder.Model


def greedy_schedule(instance: Instance) -> Schedule:
    """Take requested pairs by value (highest first), each in the earliest slot that still works.

    >>> from hatchway.brokerage.scheduler import parse_instance
    >>> instance = parse_instance(_EXAMPLE)
    >>> [(m.a, m.b, m.slot) for m in greedy_schedule(instance).meetings]
    [('ana', 'bo', 's1')]
    """
    started = time.perf_counter()
    problem = Problem.build(instance)
    state = State(problem)
    for e in _by_value(problem):
        if state.has_room(e):
            mask = state.open_slots(e)
            if mask:
                state.place(e, (mask & -mask).bit_length() - 1)
    stats = {"seconds": time.perf_counter() - started}
    return state.schedule(upper_bound(instance, problem), "greedy", stats)


def upper_bound(instance: Instance, problem: Problem | None = None) -> int:
    """The LP relaxation of the pair-selection model, rounded down: no schedule is worth more.

    Variables y_pair in [0, 1] for the pairs that could meet; each participant's pairs sum to at most
    their remaining capacity (max_meetings, available slots, fixed meetings); pairs that need a table
    sum to at most the table-slots left. Meeting values are whole numbers, so the bound is rounded down.

    >>> from hatchway.brokerage.scheduler import parse_instance
    >>> upper_bound(parse_instance(_EXAMPLE))
    11
    """
    problem = problem or Problem.build(instance)
    return _relaxation(problem)[0]


def _relaxation(
    problem: Problem, seconds: float | None = None, cover_bonus: float = 0.0
) -> tuple[int, list[float]]:
    """The bound and the LP's value of each pair (a vertex: almost every pair is 0 or 1).

    Should the LP not finish within ``seconds``, the bound falls back to the sum of all pair values.
    With a ``cover_bonus`` the LP also earns that much per person it gives some meeting to: a guide
    for choosing pairs when fairness binds, whose bound means nothing.
    """
    if not problem.ends:
        return problem.fixed_value, []
    model = _new_lp()
    y = [model.new_num_var(0.0, 1.0, f"y{e}") for e in range(len(problem.ends))]
    for w, edges in enumerate(problem.incident):
        if len(edges) > problem.cap[w]:
            model.add(model_builder.LinearExpr.sum([y[e] for e in edges]) <= problem.cap[w])
    table_bound = [y[e] for e in range(len(y)) if problem.needs_table[e]]
    if table_bound:
        model.add(model_builder.LinearExpr.sum(table_bound) <= sum(max(0, t) for t in problem.tables))
    objective = model_builder.LinearExpr.weighted_sum(y, [float(v) for v in problem.value])
    if cover_bonus:
        covered = []
        for w, edges in enumerate(problem.incident):
            if edges and not problem.fixed_busy[w]:
                c = model.new_num_var(0.0, 1.0, f"c{w}")
                model.add(c <= model_builder.LinearExpr.sum([y[e] for e in edges]))
                covered.append(c)
        objective += cover_bonus * model_builder.LinearExpr.sum(covered)
    model.maximize(objective)
    solver = model_builder.Solver("glop")
    if seconds is not None:
        solver.set_time_limit_in_seconds(seconds)
    status = solver.solve(model)
    if status != model_builder.SolveStatus.OPTIMAL:  # out of time: a weak bound, no guidance
        return problem.fixed_value + sum(problem.value), [0.0] * len(y)
    bound = problem.fixed_value + math.floor(solver.objective_value + 1e-6)
    return bound, [float(solver.value(var)) for var in y]


def optimise_schedule(
    instance: Instance,
    time_limit: float = 60.0,
    workers: int = 2,
    seed: int = 0,
    selection: Literal["lp", "cp-sat"] = "lp",
    exact_limit: int = 5_000,
    progress: Callable[[str], None] | None = None,
) -> Schedule:
    """Maximise total value within ``time_limit`` seconds, keeping fixed meetings, leaving nobody out who could meet.

    1. choose which pairs meet: those the LP relaxation of the b-matching (the bound) takes whole
       (``selection="lp"``, the default and the faster by measurement), or the b-matching solved with
       CP-SAT covering as many people as possible first (``selection="cp-sat"``);
    2. give the chosen pairs slots, tightest first, moving a blocking meeting where that opens a slot;
    3. fill leftover capacity with more pairs, then give a meeting to anyone still without one who
       could have one;
    4. when the full model is small (at most ``exact_limit`` pair-slot variables), solve it with
       CP-SAT from that start: most people covered first, then the most value (exact when time allows).

    ``progress``, if given, is told each stage as it begins: "bound", "pairs", "slots", "exact".

    >>> from hatchway.brokerage.scheduler import parse_instance
    >>> schedule = optimise_schedule(parse_instance(_EXAMPLE), time_limit=5)
    >>> [(m.a, m.b, m.slot) for m in schedule.meetings], schedule.value, schedule.upper_bound
    ([('ana', 'cy', 's1'), ('ana', 'bo', 's2')], 11, 11)
    """
    started = time.perf_counter()
    deadline = started + time_limit
    tell = progress or (lambda stage: None)
    problem = Problem.build(instance)
    tell("bound")
    bound, lp = _relaxation(problem, time_limit * 0.5)
    tell("pairs")
    greedy = State(problem)
    for e in _by_value(problem):
        if greedy.has_room(e):
            mask = greedy.open_slots(e)
            if mask:
                greedy.place(e, (mask & -mask).bit_length() - 1)
    stats: dict[str, float] = {"bound_seconds": time.perf_counter() - started}
    if selection == "cp-sat":
        seconds = max(0.5, (deadline - time.perf_counter()) * 0.6)
        chosen = _select_pairs(problem, greedy, seconds, workers, seed, stats)
    else:
        chosen = [e for e, share in enumerate(lp) if share > 0.999]
    size = sum(problem.common[e].bit_count() for e in range(len(problem.ends)))
    exact = size <= exact_limit
    stats["variables"] = size
    tell("slots")
    state = _complete(problem, chosen, lp, started + time_limit * (0.3 if exact else 0.6), stats)
    binding = stats["fairness_moves"] > len(problem.person_ids) // 500
    if binding and selection == "lp" and not exact and time.perf_counter() < deadline:
        # Fairness had to step in more than now and then: choose pairs again, with a bonus per person covered.
        _, fair_lp = _relaxation(
            problem, (deadline - time.perf_counter()) * 0.5, cover_bonus=max(problem.value) + 1
        )
        fair_stats: dict[str, float] = {}
        fair = _complete(
            problem, [e for e, share in enumerate(fair_lp) if share > 0.999], fair_lp, deadline, fair_stats
        )
        stats["second_pass_value"] = fair.value
        if (_covered(fair), fair.value) > (_covered(state), state.value):
            state = fair
            stats["fairness_moves"] = fair_stats["fairness_moves"]
    greedy_moves = repair(greedy)
    if (_covered(greedy), greedy.value) > (_covered(state), state.value):
        state = greedy  # never worse than the baseline
        stats["fell_back_to_greedy"] = 1
        stats["fairness_moves"] = greedy_moves
    if exact and time.perf_counter() < deadline:
        tell("exact")
        better = _solve_exactly(problem, state, deadline - time.perf_counter(), workers, seed, stats)
        if better is not None:
            state = better
            stats["fairness_moves"] += repair(state)
    stats["seconds"] = time.perf_counter() - started
    return state.schedule(bound, "optimiser", stats)


def _complete(
    problem: Problem, chosen: list[int], lp: list[float], deadline: float, stats: dict[str, float]
) -> State:
    """Slots for the chosen pairs, then more pairs where room is left, swaps that pay, and fairness."""
    state = _assign_slots(problem, chosen)
    stats["chosen"] = len(chosen)
    stats["assigned"] = sum(1 for s in state.slot_of if s >= 0)
    for e in sorted(range(len(lp)), key=lambda e: (-round(lp[e], 3), -problem.value[e], e)):
        if state.slot_of[e] < 0:
            state.try_insert(e)
    _improve(state, deadline)
    stats["fairness_moves"] = repair(state)
    return state


def _covered(state: State) -> int:
    return sum(1 for w in range(len(state.p.person_ids)) if state.meetings_of(w))


def _by_value(problem: Problem) -> list[int]:
    return sorted(range(len(problem.ends)), key=lambda e: (-problem.value[e], e))


def _select_pairs(
    problem: Problem, hint: State, seconds: float, workers: int, seed: int, stats: dict[str, float]
) -> list[int]:
    model = cp_model.CpModel()
    y = [model.new_bool_var("") for _ in problem.ends]
    covered = []
    for w, edges in enumerate(problem.incident):
        if not edges:
            continue
        if len(edges) > problem.cap[w]:
            model.add(sum(y[e] for e in edges) <= problem.cap[w])
        c = model.new_bool_var("")
        model.add_bool_or([y[e] for e in edges]).only_enforce_if(c)
        covered.append(c)
    table_bound = [e for e in range(len(y)) if problem.needs_table[e]]
    if table_bound:
        model.add(sum(y[e] for e in table_bound) <= sum(max(0, t) for t in problem.tables))
    # Covering one more person always beats any gain in value.
    weight = sum(problem.value) + 1
    model.maximize(weight * sum(covered) + sum(problem.value[e] * y[e] for e in range(len(y))))
    for e in range(len(y)):
        model.add_hint(y[e], hint.slot_of[e] >= 0)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    status = solver.solve(model)
    stats["select_seconds"] = solver.wall_time
    stats["select_optimal"] = float(status == cp_model.OPTIMAL)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):  # pragma: no cover - the hint is feasible
        return [e for e, s in enumerate(hint.slot_of) if s >= 0]
    return [e for e in range(len(y)) if solver.boolean_value(y[e])]


def _solve_exactly(
    problem: Problem, start: State, seconds: float, workers: int, seed: int, stats: dict[str, float]
) -> State | None:
    """The full model: a Boolean per pair and common slot; cover the most people, then the most value."""
    model = cp_model.CpModel()
    slots = len(problem.slot_ids)
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    at: list[list[list[cp_model.IntVar]]] = [[[] for _ in range(slots)] for _ in problem.person_ids]
    tables: list[list[cp_model.IntVar]] = [[] for _ in range(slots)]
    for e, (u, v) in enumerate(problem.ends):
        for s in bits(problem.common[e]):
            var = x[e, s] = model.new_bool_var("")
            at[u][s].append(var)
            at[v][s].append(var)
            if problem.needs_table[e]:
                tables[s].append(var)
            model.add_hint(var, start.slot_of[e] == s)
        model.add_at_most_one(x[e, s] for s in bits(problem.common[e]))
    covered = []
    for w, by_slot in enumerate(at):
        mine = [var for group in by_slot for var in group]
        for group in by_slot:
            if len(group) > 1:
                model.add_at_most_one(group)
        if len(mine) > problem.cap[w]:
            model.add(sum(mine) <= problem.cap[w])
        if mine and not problem.fixed_busy[w]:
            c = model.new_bool_var("")
            model.add_bool_or(mine).only_enforce_if(c)
            model.add_hint(c, start.count[w] > 0)
            covered.append(c)
    for s, group in enumerate(tables):
        if len(group) > problem.tables[s]:
            model.add(sum(group) <= problem.tables[s])
    weight = sum(problem.value) + 1  # one more person covered outweighs any value
    model.maximize(weight * sum(covered) + sum(problem.value[e] * var for (e, _s), var in x.items()))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, seconds)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    status = solver.solve(model)
    stats["exact_seconds"] = solver.wall_time
    stats["exact_optimal"] = float(status == cp_model.OPTIMAL)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    state = State(problem)
    for (e, s), var in x.items():
        if solver.boolean_value(var):
            state.place(e, s)
    if (_covered(state), state.value) < (_covered(start), start.value):
        return None
    return state


def _assign_slots(problem: Problem, chosen: list[int]) -> State:
    """Slots for the chosen pairs, fewest options first; each takes the slot its two people need least."""
    state = State(problem)
    slots = len(problem.slot_ids)
    demand = [[0] * slots for _ in problem.person_ids]
    for e in chosen:
        for w in problem.ends[e]:
            for s in bits(problem.common[e]):
                demand[w][s] += 1
    order = sorted(chosen, key=lambda e: (problem.common[e].bit_count(), -problem.value[e], e))
    left: list[int] = []
    for e in order:
        u, v = problem.ends[e]
        for w in (u, v):
            for s in bits(problem.common[e]):
                demand[w][s] -= 1
        mask = state.open_slots(e)
        if not mask:
            left.append(e)
            continue
        best = min(bits(mask), key=lambda s: (demand[u][s] + demand[v][s], s))
        state.place(e, best)
    for e in left:
        state.try_insert(e)
    return state


def _improve(state: State, deadline: float) -> None:
    """Swap a scheduled meeting for a better unscheduled pair sharing a person, while time lasts."""
    p = state.p
    improved = True
    while improved and time.perf_counter() < deadline:
        improved = False
        for e in _by_value(p):
            if state.slot_of[e] >= 0 or time.perf_counter() >= deadline:
                continue
            if state.try_insert(e):
                improved = True
                continue
            u, v = p.ends[e]
            # Drop the cheapest meeting of each full side, if that pays for the new one.
            drops = []
            for w in (u, v):
                if state.count[w] >= p.cap[w]:
                    cheapest = min(state.at[w].values(), key=lambda f: p.value[f], default=None)
                    if cheapest is not None:
                        drops.append(cheapest)
            drops = list(dict.fromkeys(drops))
            if not drops or sum(p.value[f] for f in drops) >= p.value[e]:
                continue
            if any(_would_uncover(state, f) for f in drops):
                continue
            old = [(f, state.remove(f)) for f in drops]
            if state.try_insert(e):
                improved = True
                for f, _s in old:
                    state.try_insert(f)
                continue
            for f, s in old:
                state.place(f, s)


def _would_uncover(state: State, e: int) -> bool:
    return any(state.meetings_of(w) <= 1 for w in state.p.ends[e])


_EXAMPLE = {  # greedy puts ana and bo in the first slot, which cy needed
    "slots": [
        {"id": "s1", "start": "2026-05-04T09:00:00+02:00", "end": "2026-05-04T09:20:00+02:00"},
        {"id": "s2", "start": "2026-05-04T09:30:00+02:00", "end": "2026-05-04T09:50:00+02:00"},
    ],
    "tables": 1,
    "participants": [
        {"id": "ana", "available": ["s1", "s2"], "mode": "either"},
        {"id": "bo", "available": ["s1", "s2"], "mode": "either"},
        {"id": "cy", "available": ["s1"], "mode": "online"},
    ],
    "requests": [
        {"from": "ana", "to": "bo", "priority": 3},
        {"from": "bo", "to": "ana", "priority": 3},
        {"from": "cy", "to": "ana", "priority": 3},
        {"from": "cy", "to": "bo", "priority": 1},
    ],
}
