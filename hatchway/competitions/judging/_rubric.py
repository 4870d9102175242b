"""A rubric: weighted criteria, each with its own score range, summed to a total from 0 to 100."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

SCALE_LOW = 0.0
SCALE_HIGH = 100.0


@dataclass(frozen=True)
class Criterion:
    key: str
    weight: float
    low: float
    high: float

    def __post_init__(self) -> None:
        if self.weight <= 0:
            raise ValueError(f"criterion {self.key!r}: the weight must be positive")
        if self.high <= self.low:
            raise ValueError(f"criterion {self.key!r}: the highest score must exceed the lowest")


def weighted_total(marks: Mapping[str, float], criteria: Sequence[Criterion]) -> float:
    """Return the weighted total of one judge's marks for one entry, from 0 (all lowest) to 100.

    Each mark is first placed on its criterion's range (0 at ``low``, 1 at ``high``), then the
    weights average them. Every criterion must be marked, and within its range.

    >>> rubric = [Criterion("team", 2, 0, 10), Criterion("market", 1, 1, 5)]
    >>> weighted_total({"team": 10, "market": 1}, rubric)
    66.66666666666667
    >>> weighted_total({"team": 5, "market": 3}, rubric)
    50.0
    """
    if not criteria:
        raise ValueError("the rubric has no criteria")
    total_weight = sum(criterion.weight for criterion in criteria)
    total = 0.0
    for criterion in criteria:
        if criterion.key not in marks:
            raise ValueError(f"criterion {criterion.key!r} is not marked")
        value = marks[criterion.key]
        if not criterion.low <= value <= criterion.high:
            raise ValueError(
                f"criterion {criterion.key!r}: {value} is outside {criterion.low}–{criterion.high}"
            )
        total += criterion.weight * (value - criterion.low) / (criterion.high - criterion.low)
    return SCALE_HIGH * total / total_weight
