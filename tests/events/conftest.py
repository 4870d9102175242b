"""Helpers for event and competition tests: an event of a carrier, a competition with three sites."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from typing import Any

import pytest

from hatchway.accounts.models import User
from hatchway.directory.actions import do_grant_role
from hatchway.directory.models import Membership, Organisation, OrganisationKind, Role
from hatchway.events.actions import (
    do_add_criterion,
    do_add_round,
    do_add_site,
    do_add_track,
    do_create_competition,
    do_create_event,
    do_enter_project,
    do_seat_judge,
)
from hatchway.events.models import Competition, Criterion, Entry, Event, EventStatus, Round, Site, Track
from tests.conftest import make_organisation, make_user

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
_numbers = itertools.count(1)


def carrier_of(user: User) -> Organisation:
    membership = (
        Membership.objects.filter(user=user, role=Role.CARRIER_STAFF).select_related("organisation").get()
    )
    assert membership.organisation is not None
    return membership.organisation


def make_event(organiser: Organisation, **fields: Any) -> Event:
    fields.setdefault("kind", "forum")
    fields.setdefault("title_en", f"Forum {next(_numbers)}")
    fields.setdefault("title_zh", "论坛")
    fields.setdefault("venue_en", "Zhangjiang Science Hall")
    fields.setdefault("starts_at", NOW + dt.timedelta(days=10))
    fields.setdefault("ends_at", fields["starts_at"] + dt.timedelta(hours=3))
    fields.setdefault("status", EventStatus.PUBLISHED)
    return do_create_event(organiser=organiser, **fields)


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


@pytest.fixture
def frozen(time_machine: Any) -> dt.datetime:
    """Freeze the clock at NOW (tests of this folder opt in with ``pytestmark``)."""
    time_machine.move_to(NOW, tick=False)
    return NOW


@pytest.fixture
def organiser(db: None) -> User:
    """Carrier staff who read English, for tests that read the words of a message."""
    from tests.conftest import make_member

    return make_member(Role.CARRIER_STAFF, OrganisationKind.CARRIER, "organiser@example.org", language="en")


@pytest.fixture
def brokerage(organiser: User) -> Event:
    """A brokerage of the organiser's carrier: three slots, one table."""
    from tests.events.brokerage import make_brokerage

    return make_brokerage(carrier_of(organiser), slots=3, tables=1)


@pytest.fixture
def meeting(brokerage: Event, organiser: User, founder: User, talent: User) -> Any:
    """The founder (Berlin) and the talent, both reading English, have one scheduled meeting in it."""
    from hatchway.events.actions import do_compute_schedule
    from hatchway.events.models import BrokerageMeeting
    from tests.events.brokerage import agree, join

    agree(join(brokerage, founder), join(brokerage, talent))
    do_compute_schedule(brokerage, by=organiser, now=NOW, time_limit=5, notify=False)
    return BrokerageMeeting.objects.select_related("a__user", "b__user", "slot").get()
