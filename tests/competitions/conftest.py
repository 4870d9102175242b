"""Helpers for competition tests: a competition with three first-round sites, a final, judges."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from hatchway.accounts.models import User
from hatchway.competitions.actions import (
    do_add_criterion,
    do_add_round,
    do_add_site,
    do_add_track,
    do_create_competition,
    do_enter_project,
    do_seat_judge,
)
from hatchway.competitions.models import Competition, Criterion, Entry, Round, Site, Track
from hatchway.directory.actions import do_grant_role
from hatchway.directory.models import Organisation, OrganisationKind, Role
from tests.conftest import make_organisation, make_user
from tests.events import conftest as events_conftest
from tests.events.conftest import carrier_of

# The events tests' fixtures, shared here: the frozen clock and an organiser who reads English.
frozen = events_conftest.frozen
organiser = events_conftest.organiser


def make_judge(**fields: Any) -> User:
    user = make_user(**fields)
    do_grant_role(user, Role.JUDGE, None)
    return user


@dataclass
class Contest:
    """A competition with three first-round sites, a final site, two criteria and a track."""

    competition: Competition
    track: Track
    first: Round
    final: Round
    sites: list[Site]
    final_site: Site
    criteria: list[Criterion]
    judges: dict[str, User] = field(default_factory=dict)

    def enter(self, site: Site, title: str, enterprise: Organisation | None = None, **fields: Any) -> Entry:
        return do_enter_project(
            track=self.track,
            site=site,
            enterprise=enterprise or make_organisation(OrganisationKind.ENTERPRISE, country="DE"),
            title_en=title,
            **fields,
        )


def build_contest(
    carrier: Organisation,
    criteria: tuple[tuple[str, int, int, int], ...] = (("Team", 2, 0, 10), ("Market", 1, 1, 5)),
) -> Contest:
    competition = do_create_competition(
        organiser=carrier,
        name_en="Cross-border Challenge",
        name_zh="跨境创新挑战赛",
        edition=2026,
        published=True,
    )
    track = do_add_track(competition, name_en="Life sciences", name_zh="生命科学")
    first = do_add_round(competition, number=1, name_en="Site round", name_zh="赛点赛")
    final = do_add_round(competition, number=2, name_en="Final", name_zh="决赛")
    sites = [
        do_add_site(first, host=make_organisation(OrganisationKind.CARRIER), name_en=name)
        for name in ("Shanghai", "Munich", "Boston")
    ]
    final_site = do_add_site(final, host=carrier, name_en="Final stage")
    rubric = [
        do_add_criterion(competition, name_en=name, weight=weight, low=low, high=high)
        for name, weight, low, high in criteria
    ]
    return Contest(competition, track, first, final, sites, final_site, rubric)


@pytest.fixture
def contest(incubator: User) -> Contest:
    """Organised by the incubator persona's carrier: three sites in round 1, a final; Team 0–10 ×2, Market 1–5."""
    return build_contest(carrier_of(incubator))


def seat(site: Site, judge: User) -> User:
    do_seat_judge(site, judge)
    return judge
