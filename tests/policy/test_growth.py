"""The 195号 growth indicator: a mean of two year-on-year ratios, not a CAGR."""

from fractions import Fraction

import pytest

from hatchway.policy.engine import growth_indicator


@pytest.mark.parametrize(
    ("values", "rate", "band", "points"),
    [
        ([100, 150, 180], Fraction(35, 100), "A", (9, 10)),  # ½(1.5 + 1.2) − 1, exactly the A edge
        ([100, 125, 156], Fraction(249, 1000), "C", (5, 6)),  # ½(1.25 + 1.248) − 1 = 0.249, just under B
        ([100, 125, 156.25], Fraction(25, 100), "B", (7, 8)),
        ([100, 110, 126.5], Fraction(125, 1000), "D", (3, 4)),
        ([100, 101, 102.01], Fraction(1, 100), "E", (1, 2)),
        ([100, 100, 100], Fraction(0), "F", (0, 0)),
        ([100, 90, 81], Fraction(-1, 10), "F", (0, 0)),
        ([0, 100, 120], Fraction(1, 5), "C", (5, 6)),  # first year 0: the last two years
        ([100, 0, 50], None, "F", (0, 0)),  # second year 0: 0 points
        ([100, 105], Fraction(5, 100), "D", (3, 4)),  # two years (A9)
        ([0, 105], None, "F", (0, 0)),
        ([100], None, "F", (0, 0)),  # one year (A9)
    ],
)
def test_growth_rates_and_bands(values, rate, band, points):
    result = growth_indicator([Fraction(str(value)) for value in values])
    assert result.rate == rate
    assert result.band == band
    assert result.score_range == points


def test_it_is_not_a_compound_annual_growth_rate():
    # 100 → 200 → 200: the CAGR is about 41%, the 195号 mean of ratios is 50%.
    assert growth_indicator([100, 200, 200]).rate == Fraction(1, 2)


def test_it_refuses_more_than_three_values():
    with pytest.raises(ValueError, match="one, two or three"):
        growth_indicator([1, 2, 3, 4])
