"""Per-entry statistics of judges' totals, and rankings."""

from __future__ import annotations

import statistics
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Mark:
    """One judge's total for one entry, given on one site's panel."""

    judge: str
    entry: str
    site: str
    value: float


@dataclass(frozen=True)
class EntryStatistics:
    count: int
    mean: float
    median: float
    spread: float
    disagreement: float


def entry_statistics(values: Sequence[float], low: float, high: float) -> EntryStatistics:
    """Summarise the totals an entry received.

    ``spread`` is the population standard deviation; ``disagreement`` is the range of the totals
    (highest minus lowest) as a share of the rubric's range: 0 when all judges agree, 1 when one
    gave the lowest total and another the highest.

    >>> entry_statistics([60, 70, 80, 90], 0, 100)
    EntryStatistics(count=4, mean=75.0, median=75.0, spread=11.180339887498949, disagreement=0.3)
    """
    if not values:
        raise ValueError("no totals to summarise")
    return EntryStatistics(
        count=len(values),
        mean=statistics.fmean(values),
        median=float(statistics.median(values)),
        spread=statistics.pstdev(values),
        disagreement=(max(values) - min(values)) / (high - low),
    )


def rank(values: Mapping[K, float]) -> list[K]:
    """Order keys by value, highest first; ties in the order of the keys' text.

    >>> rank({"b": 1.0, "a": 3.0, "c": 1.0})
    ['a', 'b', 'c']
    """
    return sorted(values, key=lambda key: (-values[key], str(key)))
