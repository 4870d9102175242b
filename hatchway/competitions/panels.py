"""The organiser's view of a competition's panels: who sits where, and who is in conflict with what.

Declared conflicts are rows (``ConflictOfInterest``); assumed ones follow from memberships (a judge
who works for an entry's enterprise, or for the carrier that incubates it) and are computed here with
the same rule as ``EntryQuerySet.conflicted_for``, in four queries for the whole competition.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from hatchway.accounts.models import User
from hatchway.competitions.models import Competition, ConflictOfInterest, Entry, PanelSeat
from hatchway.directory.models import Membership, Organisation


@dataclass(frozen=True)
class PanelConflict:
    judge: User
    entry: Entry
    declared: bool
    reason: str
    declared_at: datetime.datetime | None
    through: Organisation | None  # the organisation that makes an assumed conflict


def competition_conflicts(competition: Competition) -> list[PanelConflict]:
    """Every declared and assumed conflict between a seated judge and an entry of the competition."""
    declared = [
        PanelConflict(row.judge, row.entry, True, row.reason, row.declared_at, None)
        for row in ConflictOfInterest.objects.filter(entry__competition=competition)
        .select_related("judge", "entry__enterprise")
        .order_by("declared_at", "id")
    ]
    seen = {(item.judge.pk, item.entry.pk) for item in declared}
    judges = {
        seat.judge_id: seat.judge
        for seat in PanelSeat.objects.filter(site__round__competition=competition).select_related("judge")
    }
    organisations: dict[int, Organisation] = {}
    judges_of: dict[int, set[int]] = defaultdict(set)
    for membership in Membership.objects.filter(
        user_id__in=judges, organisation__isnull=False
    ).select_related("organisation"):
        assert membership.organisation is not None
        organisations[membership.organisation.pk] = membership.organisation
        judges_of[membership.organisation.pk].add(membership.user_id)
    assumed = []
    entries = Entry.objects.filter(competition=competition).select_related("enterprise").order_by("id")
    for entry in entries:
        for organisation_id in (entry.enterprise_id, entry.enterprise.incubating_carrier_id):
            if organisation_id is None:
                continue
            for judge_id in sorted(judges_of.get(organisation_id, ())):
                if (judge_id, entry.pk) in seen:
                    continue
                seen.add((judge_id, entry.pk))
                assumed.append(
                    PanelConflict(judges[judge_id], entry, False, "", None, organisations[organisation_id])
                )
    return declared + assumed
