"""The 195号 growth indicator: mean of two year-on-year ratios minus one (not a CAGR), and its band."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

# (lower bound, inclusive?, band, min points, max points), checked top down; docs/policy/criteria.md §1.2 [U].
GROWTH_BANDS: tuple[tuple[Fraction, bool, str, int, int], ...] = (
    (Fraction(35, 100), True, "A", 9, 10),
    (Fraction(25, 100), True, "B", 7, 8),
    (Fraction(15, 100), True, "C", 5, 6),
    (Fraction(5, 100), True, "D", 3, 4),
    (Fraction(0), False, "E", 1, 2),
)


@dataclass(frozen=True)
class Growth:
    """``rate`` is None when the rule scores 0 outright (a zero base year, or a single year)."""

    rate: Fraction | None
    band: str
    score_range: tuple[int, int]


def growth_band(
    rate: Fraction | None, bands: Sequence[tuple[Fraction, bool, str, int, int]] = GROWTH_BANDS
) -> tuple[str, tuple[int, int]]:
    """The band letter and point range of a growth rate; ``None`` or ≤ 0 is band F (0 points).

    >>> growth_band(Fraction(35, 100)), growth_band(Fraction(1, 1000)), growth_band(Fraction(0))
    (('A', (9, 10)), ('E', (1, 2)), ('F', (0, 0)))
    """
    if rate is not None:
        for lower, inclusive, letter, low, high in bands:
            if rate > lower or (inclusive and rate == lower):
                return letter, (low, high)
    return "F", (0, 0)


def growth_indicator(
    values: Sequence[int | Fraction], bands: Sequence[tuple[Fraction, bool, str, int, int]] = GROWTH_BANDS
) -> Growth:
    """Growth of net assets or sales from 1–3 yearly values, oldest first (195号, docs/policy/criteria.md A9).

    Three values: ½ × (v2/v1 + v3/v2) − 1; v1 = 0 → v3/v2 − 1 (the last two years); v2 = 0 → 0 points.
    Two values: v2/v1 − 1 (v1 = 0 → 0 points). One value: 0 points.

    >>> growth_indicator([100, 150, 180])
    Growth(rate=Fraction(7, 20), band='A', score_range=(9, 10))
    >>> growth_indicator([0, 100, 120]).rate, growth_indicator([100, 0, 50]).band
    (Fraction(1, 5), 'F')
    """
    if not 1 <= len(values) <= 3:
        raise ValueError("Give one, two or three yearly values, oldest first.")
    numbers = [Fraction(value) for value in values]
    rate: Fraction | None
    if len(numbers) == 1:
        rate = None
    elif len(numbers) == 2:
        first, second = numbers
        rate = None if first == 0 else second / first - 1
    else:
        first, second, third = numbers
        if second == 0:
            rate = None
        elif first == 0:
            rate = third / second - 1
        else:
            rate = (second / first + third / second) / 2 - 1
    band, score_range = growth_band(rate, bands)
    return Growth(rate=rate, band=band, score_range=score_range)


def bands_from_parameter(rows: object) -> tuple[tuple[Fraction, bool, str, int, int], ...]:
    """Growth bands from a rule file's ``growth_bands`` parameter rows ``[lower, inclusive, band, min, max]``.

    >>> bands_from_parameter(((Fraction(0), False, "E", 1, 2),))
    ((Fraction(0, 1), False, 'E', 1, 2),)
    """
    if not isinstance(rows, tuple):
        raise ValueError("growth_bands must be a list of rows.")
    bands = []
    for row in rows:
        if not isinstance(row, tuple) or len(row) != 5:
            raise ValueError(
                "Each growth band row is [lower bound, inclusive, band, min points, max points]."
            )
        lower, inclusive, letter, low, high = row
        bands.append((Fraction(lower), bool(inclusive), str(letter), int(low), int(high)))
    return tuple(bands)
