"""The judging engine: rubric totals, statistics, per-judge normalisation and cross-site calibration."""

from __future__ import annotations

import doctest
import importlib

import pytest

from hatchway.competitions.judging import (
    Criterion,
    Mark,
    calibrate,
    entry_statistics,
    normalise_per_judge,
    rank,
    weighted_total,
)

# Three sites with panels of three. Munich's panel is harsh, Boston's lenient; each judge also has
# a small bias of their own. One Munich judge sits on Boston's panel too, and one anchor entry is
# marked by every panel: that is what connects the sites.
SITE_BIAS = {"shanghai": 0.0, "munich": -15.0, "boston": 12.0}
JUDGES = {
    f"{site}-{n}": (site, bias + offset)
    for site, bias in SITE_BIAS.items()
    for n, offset in enumerate((-1.0, 0.0, 1.5))
}
TRUE_QUALITY = {
    "sh-a": 60.0,
    "sh-b": 72.0,
    "sh-c": 55.0,
    "mu-a": 80.0,
    "mu-b": 66.0,
    "mu-c": 58.0,
    "bo-a": 62.0,
    "bo-b": 50.0,
    "bo-c": 70.0,
    "anchor": 65.0,
}
HOME = {"sh": "shanghai", "mu": "munich", "bo": "boston"}


def _marks(noise: dict[tuple[str, str], float] | None = None) -> list[Mark]:
    marks = []
    for judge, (site, bias) in JUDGES.items():
        panels = [site] + (["boston"] if judge == "munich-1" else [])
        for panel in panels:
            for entry, quality in TRUE_QUALITY.items():
                if entry == "anchor" or HOME[entry[:2]] == panel:
                    value = quality + bias + (noise or {}).get((judge, entry), 0.0)
                    marks.append(Mark(judge, entry, panel, value))
    return marks


def _raw_means(marks: list[Mark]) -> dict[str, float]:
    totals: dict[str, list[float]] = {}
    for mark in marks:
        totals.setdefault(mark.entry, []).append(mark.value)
    return {entry: sum(values) / len(values) for entry, values in totals.items()}


def test_calibration_recovers_the_true_qualities_where_raw_means_get_the_ranking_wrong():
    marks = _marks()
    truth = rank(TRUE_QUALITY)
    assert rank(_raw_means(marks)) != truth  # the lenient Boston panel lifts its entries

    result = calibrate(marks)

    assert rank(result.quality) == truth
    shift = result.quality["anchor"] - TRUE_QUALITY["anchor"]
    for entry, quality in TRUE_QUALITY.items():
        assert result.quality[entry] - shift == pytest.approx(quality, abs=1e-6)
    assert result.site_effect["munich"] < result.site_effect["shanghai"] < result.site_effect["boston"]
    assert result.groups == 1
    assert result.residual == pytest.approx(0, abs=1e-6)


def test_calibration_keeps_the_right_order_under_small_noise():
    noise = {
        (judge, entry): ((i * 7 + j * 3) % 5 - 2) * 0.4
        for i, judge in enumerate(JUDGES)
        for j, entry in enumerate(TRUE_QUALITY)
    }
    result = calibrate(_marks(noise))
    assert rank(result.quality) == rank(TRUE_QUALITY)


def test_panels_that_share_nothing_are_reported_as_separate_groups():
    marks = [Mark("a", "x", "one", 50), Mark("a", "y", "one", 60), Mark("b", "z", "two", 70)]
    result = calibrate(marks)
    assert result.groups == 2
    assert result.judge_effect["b"] == pytest.approx(0)
    assert result.quality["z"] == pytest.approx(70)


def test_calibrating_nothing_gives_nothing():
    assert calibrate([]).quality == {}


def test_normalisation_removes_each_judges_level_and_scale():
    marks = [
        Mark("harsh", "a", "s", 20),
        Mark("harsh", "b", "s", 30),
        Mark("harsh", "c", "s", 40),
        Mark("kind", "a", "s", 70),
        Mark("kind", "b", "s", 90),
        Mark("kind", "c", "s", 110),
    ]
    normalised = normalise_per_judge(marks, 0, 100)
    for entry in "abc":
        assert normalised[("harsh", entry)] == pytest.approx(normalised[("kind", entry)])
    assert normalised[("harsh", "b")] == pytest.approx(50)
    assert all(0 <= value <= 100 for value in normalised.values())


def test_a_judge_who_gave_everyone_the_same_total_lands_in_the_middle():
    normalised = normalise_per_judge([Mark("j", "a", "s", 80), Mark("j", "b", "s", 80)], 0, 100)
    assert set(normalised.values()) == {50.0}


def test_entry_statistics_report_mean_median_spread_and_disagreement():
    stats = entry_statistics([40, 50, 90], 0, 100)
    assert stats.mean == pytest.approx(60)
    assert stats.median == 50
    assert stats.spread == pytest.approx(21.602, abs=1e-3)
    assert stats.disagreement == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("marks", "problem"),
    [({"team": 5}, "not marked"), ({"team": 11, "market": 3}, "outside")],
)
def test_a_total_needs_every_criterion_within_its_range(marks, problem):
    rubric = [Criterion("team", 2, 0, 10), Criterion("market", 1, 1, 5)]
    with pytest.raises(ValueError, match=problem):
        weighted_total(marks, rubric)


def test_a_criterion_needs_a_positive_weight_and_a_range():
    with pytest.raises(ValueError):
        Criterion("x", 0, 0, 10)
    with pytest.raises(ValueError):
        Criterion("x", 1, 5, 5)


@pytest.mark.parametrize("module", ["_rubric", "_stats", "_normalise", "_calibration"])
def test_the_examples_in_the_engine_docstrings_hold(module):
    result = doctest.testmod(importlib.import_module(f"hatchway.competitions.judging.{module}"))
    assert result.attempted > 0
    assert result.failed == 0
