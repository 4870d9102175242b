"""Load a round's marks, run the judging engine, and shape the results for pages and the API."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass

from hatchway.competitions.judging import (
    SCALE_HIGH,
    SCALE_LOW,
    Criterion,
    EntryStatistics,
    Mark,
    calibrate,
    entry_statistics,
    normalise_per_judge,
    rank,
    weighted_total,
)
from hatchway.competitions.models import Criterion as CriterionRow
from hatchway.competitions.models import Entry, Round, Score, Site


@dataclass
class EntryResult:
    entry: Entry
    statistics: EntryStatistics | None
    normalised: float | None
    calibrated: float | None
    raw_rank: int | None
    calibrated_rank: int | None

    @property
    def rank_change(self) -> int | None:
        if self.raw_rank is None or self.calibrated_rank is None:
            return None
        return self.raw_rank - self.calibrated_rank


@dataclass
class SiteEffect:
    site: Site
    effect: float


@dataclass
class RoundResults:
    round: Round
    rows: list[EntryResult]
    site_effects: list[SiteEffect]
    groups: int
    marks: int


def round_marks(round_: Round) -> list[Mark]:
    """Every judge's complete rubric total for every entry marked in this round."""
    rubric = [
        Criterion(str(row.pk), float(row.weight), float(row.low), float(row.high))
        for row in CriterionRow.objects.filter(competition_id=round_.competition_id)
    ]
    if not rubric:
        return []
    given: dict[tuple[int, int, int], dict[str, float]] = defaultdict(dict)
    for judge_id, entry_id, site_id, criterion_id, value in Score.objects.filter(
        site__round=round_
    ).values_list("judge_id", "entry_id", "site_id", "criterion_id", "value"):
        given[(judge_id, entry_id, site_id)][str(criterion_id)] = float(value)
    keys = {criterion.key for criterion in rubric}
    return [
        Mark(str(judge), str(entry), str(site), weighted_total(values, rubric))
        for (judge, entry, site), values in sorted(given.items())
        if keys <= values.keys()
    ]


def round_results(round_: Round) -> RoundResults:
    marks = round_marks(round_)
    entries = list(
        Entry.objects.filter(site__round=round_)
        .select_related("enterprise", "track", "site__host")
        .order_by("id")
    )
    totals: dict[str, list[float]] = defaultdict(list)
    for mark in marks:
        totals[mark.entry].append(mark.value)
    normalised: dict[str, list[float]] = defaultdict(list)
    for (_judge, entry_key), value in normalise_per_judge(marks, SCALE_LOW, SCALE_HIGH).items():
        normalised[entry_key].append(value)
    calibration = calibrate(marks)
    means = {key: statistics.fmean(values) for key, values in totals.items()}
    raw_order = {key: position for position, key in enumerate(rank(means), start=1)}
    calibrated_order = {key: position for position, key in enumerate(rank(calibration.quality), start=1)}
    rows = []
    for entry in entries:
        key = str(entry.pk)
        rows.append(
            EntryResult(
                entry=entry,
                statistics=entry_statistics(totals[key], SCALE_LOW, SCALE_HIGH) if totals.get(key) else None,
                normalised=statistics.fmean(normalised[key]) if normalised.get(key) else None,
                calibrated=calibration.quality.get(key),
                raw_rank=raw_order.get(key),
                calibrated_rank=calibrated_order.get(key),
            )
        )
    rows.sort(key=lambda row: (row.calibrated_rank is None, row.calibrated_rank or 0, row.entry.pk))
    sites = {str(site.pk): site for site in Site.objects.filter(round=round_).select_related("host")}
    effects = [
        SiteEffect(sites[key], value)
        for key, value in sorted(calibration.site_effect.items())
        if key in sites
    ]
    return RoundResults(round_, rows, effects, calibration.groups, len(marks))
