"""Judging maths for competitions: rubric totals, per-entry statistics, per-judge normalisation and
a least-squares calibration of judge (and so site) effects across panels.

Framework-free: plain data in, plain data out; no Django, no clock. See docs/events.md for the method.
"""

from hatchway.competitions.judging._calibration import Calibration, calibrate
from hatchway.competitions.judging._normalise import normalise_per_judge
from hatchway.competitions.judging._rubric import SCALE_HIGH, SCALE_LOW, Criterion, weighted_total
from hatchway.competitions.judging._stats import EntryStatistics, Mark, entry_statistics, rank

__all__ = [
    "SCALE_HIGH",
    "SCALE_LOW",
    "Calibration",
    "Criterion",
    "EntryStatistics",
    "Mark",
    "calibrate",
    "entry_statistics",
    "normalise_per_judge",
    "rank",
    "weighted_total",
]
