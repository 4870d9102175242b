"""Cross-site calibration: a least-squares model of entry quality and judge effects.

Every total is modelled as ``value = quality[entry] + effect[judge] + noise``. A harsh judge has a
negative effect, a lenient one a positive effect; a site whose whole panel is harsh shows as the
mean effect of its judges. Minimising the sum of squared residuals, with the judges' effects
summing to zero in each connected group of judges and entries, gives one quality per entry on the
scale of the rubric. Panels become comparable when they are *connected*: a judge sits on two
panels, or an anchor entry is scored by several panels. Groups that nothing connects are solved
separately and reported, since no data can compare them.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from hatchway.competitions.judging._stats import Mark

TOLERANCE = 1e-10
MAX_ROUNDS = 10_000


@dataclass(frozen=True)
class Calibration:
    quality: dict[str, float]
    judge_effect: dict[str, float]
    site_effect: dict[str, float]
    groups: int
    rounds: int
    residual: float


def _groups(marks: Sequence[Mark]) -> list[set[str]]:
    """Connected groups of the bipartite judge–entry graph, as sets of node names."""
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for mark in marks:
        a, b = find("j:" + mark.judge), find("e:" + mark.entry)
        if a != b:
            parent[a] = b
    members: dict[str, set[str]] = defaultdict(set)
    for node in list(parent):
        members[find(node)].add(node)
    return sorted(members.values(), key=lambda group: min(group))


def _least_squares(
    marks: Sequence[Mark], entries: list[str], judges: list[str]
) -> tuple[dict[str, float], dict[str, float], int]:
    """Minimise the squared residuals; from zero, CG reaches the least-norm solution."""
    entry_index = {entry: i for i, entry in enumerate(entries)}
    judge_index = {judge: len(entries) + i for i, judge in enumerate(judges)}
    rows = [(entry_index[mark.entry], judge_index[mark.judge], mark.value) for mark in marks]
    size = len(entries) + len(judges)

    def normal(x: list[float]) -> list[float]:
        out = [0.0] * size
        for e, j, _value in rows:
            fitted = x[e] + x[j]
            out[e] += fitted
            out[j] += fitted
        return out

    x = [0.0] * size
    r = [0.0] * size
    for e, j, value in rows:
        r[e] += value
        r[j] += value
    p = list(r)
    rr = sum(v * v for v in r)
    start = rr
    rounds = 0
    while rounds < MAX_ROUNDS and rr > TOLERANCE * TOLERANCE * max(start, 1.0):
        rounds += 1
        ap = normal(p)
        pap = sum(a * b for a, b in zip(p, ap, strict=True))
        if pap <= 0:
            break
        alpha = rr / pap
        x = [a + alpha * b for a, b in zip(x, p, strict=True)]
        r = [a - alpha * b for a, b in zip(r, ap, strict=True)]
        new_rr = sum(v * v for v in r)
        p = [a + (new_rr / rr) * b for a, b in zip(r, p, strict=True)]
        rr = new_rr
    quality = {entry: x[i] for entry, i in entry_index.items()}
    effect = {judge: x[i] for judge, i in judge_index.items()}
    return quality, effect, rounds


def calibrate(marks: Sequence[Mark]) -> Calibration:
    """Estimate each entry's quality with judges' harshness or leniency removed.

    Solved by conjugate gradients on the normal equations (sparse: one pass over the marks per
    step); the effects are then centred in each group and the qualities shifted to match.

    >>> marks = [Mark("harsh", "a", "north", 50), Mark("harsh", "anchor", "north", 40),
    ...          Mark("kind", "b", "south", 70), Mark("kind", "anchor", "south", 80)]
    >>> result = calibrate(marks)
    >>> {entry: round(value, 6) for entry, value in sorted(result.quality.items())}
    {'a': 70.0, 'anchor': 60.0, 'b': 50.0}
    >>> round(result.site_effect["north"], 6), round(result.site_effect["south"], 6), result.groups
    (-20.0, 20.0, 1)
    """
    if not marks:
        return Calibration({}, {}, {}, 0, 0, 0.0)
    entries = sorted({mark.entry for mark in marks})
    judges = sorted({mark.judge for mark in marks})
    quality, effect, rounds = _least_squares(marks, entries, judges)
    groups = _groups(marks)
    for group in groups:
        members = [node[2:] for node in group if node.startswith("j:")]
        shift = statistics.fmean(effect[judge] for judge in members)
        for judge in members:
            effect[judge] -= shift
        for node in group:
            if node.startswith("e:"):
                quality[node[2:]] += shift
    by_site: dict[str, list[float]] = defaultdict(list)
    for mark in marks:
        by_site[mark.site].append(effect[mark.judge])
    residual = sum((mark.value - quality[mark.entry] - effect[mark.judge]) ** 2 for mark in marks)
    return Calibration(
        quality=quality,
        judge_effect=effect,
        site_effect={site: statistics.fmean(values) for site, values in by_site.items()},
        groups=len(groups),
        rounds=rounds,
        residual=residual,
    )
