"""Per-judge normalisation: each judge's totals as z-scores, rescaled to the rubric's range."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Sequence

from hatchway.competitions.judging._stats import Mark

# A z-score of ±Z_SPAN lands on the ends of the range; beyond, it is clipped.
Z_SPAN = 3.0


def normalise_per_judge(marks: Sequence[Mark], low: float, high: float) -> dict[tuple[str, str], float]:
    """Return each (judge, entry) total after removing the judge's own level and scale.

    A judge's totals become z-scores (minus the judge's mean, divided by the judge's standard
    deviation), then are mapped back onto the range: z = 0 is the middle, z = ±3 the ends. A judge
    who gave one total, or the same total to all, is placed in the middle.

    >>> marks = [Mark("harsh", "a", "s", 40), Mark("harsh", "b", "s", 50),
    ...          Mark("kind", "a", "s", 80), Mark("kind", "b", "s", 90)]
    >>> {key: round(value, 2) for key, value in normalise_per_judge(marks, 0, 100).items()}
    {('harsh', 'a'): 33.33, ('harsh', 'b'): 66.67, ('kind', 'a'): 33.33, ('kind', 'b'): 66.67}
    """
    by_judge: dict[str, list[Mark]] = defaultdict(list)
    for mark in marks:
        by_judge[mark.judge].append(mark)
    middle = (low + high) / 2
    half = (high - low) / 2
    result: dict[tuple[str, str], float] = {}
    for judge, own in by_judge.items():
        values = [mark.value for mark in own]
        mean = statistics.fmean(values)
        deviation = statistics.pstdev(values)
        for mark in own:
            z = 0.0 if deviation == 0 else (mark.value - mean) / deviation
            z = max(-Z_SPAN, min(Z_SPAN, z))
            result[(judge, mark.entry)] = middle + half * z / Z_SPAN
    return result
