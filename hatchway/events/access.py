"""Permission-checked getters for events, registrations and competitions, and who sees what.

- An event: anyone (signed in or not) reads a published one; the organiser's members and operators
  read every event and manage it (registrations, check-in, attendance).
- A registration: its person, and whoever manages its event.
- A competition: anyone reads a published one (name, tracks, sites, awards); results, rankings and
  marks only its organiser's members and operators.
- An entry, to mark: judges seated on a panel of its round who are in no conflict with it; a
  conflicted judge is told it does not exist.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from hatchway.accounts.access import check_signed_in
from hatchway.accounts.models import User
from hatchway.directory.access import is_member_of, is_operator
from hatchway.directory.models import Organisation
from hatchway.errors import Forbidden, NotFound
from hatchway.events.models import (
    Award,
    Competition,
    Entry,
    Event,
    EventQuerySet,
    EventStatus,
    PanelSeat,
    Registration,
    Site,
)


def can_manage_event(user: User | AnonymousUser, event: Event) -> bool:
    return is_operator(user) or is_member_of(user, event.organiser)


def visible_events(user: User | AnonymousUser) -> EventQuerySet:
    """Published events, plus the drafts and cancelled events of the organisations one works for."""
    events = Event.objects.select_related("organiser", "station")
    if is_operator(user):
        return events
    if isinstance(user, User):
        return events.filter(
            Q(status=EventStatus.PUBLISHED) | Q(organiser__memberships__user=user)
        ).distinct()
    return events.published()


def access_event(user: User | AnonymousUser, event_id: int, *, write: bool = False) -> Event:
    event = visible_events(user).filter(pk=event_id).first()
    if event is None:
        raise NotFound()
    if write:
        check_signed_in(user)
        if not can_manage_event(user, event):
            raise Forbidden()
    return event


def access_registration(
    user: User | AnonymousUser, registration_id: int, *, write: bool = False
) -> Registration:
    """The person reads and cancels their own registration; the organiser's side reads and manages it."""
    viewer = check_signed_in(user)
    registration = (
        Registration.objects.select_related("event__organiser", "user").filter(pk=registration_id).first()
    )
    if registration is None:
        raise NotFound()
    if registration.user_id == viewer.pk or can_manage_event(viewer, registration.event):
        return registration
    raise NotFound()


def can_manage_competition(user: User | AnonymousUser, competition: Competition) -> bool:
    return is_operator(user) or is_member_of(user, competition.organiser)


def access_competition(
    user: User | AnonymousUser, competition_id: int, *, write: bool = False
) -> Competition:
    competition = Competition.objects.select_related("organiser").filter(pk=competition_id).first()
    if competition is None:
        raise NotFound()
    manager = can_manage_competition(user, competition)
    if not competition.published and not manager and not _judges_in(user, competition):
        raise NotFound()
    if write and not manager:
        check_signed_in(user)
        raise Forbidden()
    return competition


def access_results(user: User | AnonymousUser, competition_id: int) -> Competition:
    """Rankings and marks: the organiser's members and operators."""
    competition = access_competition(user, competition_id)
    check_signed_in(user)
    if not can_manage_competition(user, competition):
        raise Forbidden()
    return competition


def _judges_in(user: User | AnonymousUser, competition: Competition) -> bool:
    return (
        isinstance(user, User)
        and PanelSeat.objects.filter(judge=user, site__round__competition=competition).exists()
    )


def access_panel_site(user: User | AnonymousUser, site_id: int) -> Site:
    """A site whose panel the user sits on."""
    judge = check_signed_in(user)
    site = Site.objects.select_related("round__competition", "host").filter(pk=site_id).first()
    if site is None or not PanelSeat.objects.filter(site=site, judge=judge).exists():
        raise NotFound()
    return site


def access_entry_to_mark(user: User | AnonymousUser, site_id: int, entry_id: int) -> tuple[Site, Entry]:
    """An entry the judge marks on this site; conflicted or foreign entries do not exist for them."""
    site = access_panel_site(user, site_id)
    entry = (
        Entry.objects.for_judge(check_signed_in(user), site)
        .select_related("enterprise", "track")
        .filter(pk=entry_id)
        .first()
    )
    if entry is None:
        raise NotFound()
    return site, entry


def access_entry(user: User | AnonymousUser, entry_id: int, *, write: bool = False) -> Entry:
    """An entry as its competition's organiser sees it (advancement, awards)."""
    entry = (
        Entry.objects.select_related("competition__organiser", "enterprise", "site__round")
        .filter(pk=entry_id)
        .first()
    )
    if entry is None:
        raise NotFound()
    check_signed_in(user)
    if not can_manage_competition(user, entry.competition):
        raise NotFound()
    return entry


def access_award(user: User | AnonymousUser, award_id: int, *, write: bool = False) -> Award:
    award = (
        Award.objects.select_related("competition__organiser", "entry__enterprise")
        .filter(pk=award_id)
        .first()
    )
    if award is None:
        raise NotFound()
    if write:
        check_signed_in(user)
        if not can_manage_competition(user, award.competition):
            raise Forbidden()
    elif not award.competition.published and not can_manage_competition(user, award.competition):
        raise NotFound()
    return award


def check_may_organise(user: User | AnonymousUser, organisation_id: int) -> Organisation:
    """Events are created for a carrier or the platform by its members, or by operators."""
    viewer = check_signed_in(user)
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        raise NotFound()
    if not (is_operator(viewer) or is_member_of(viewer, organisation)):
        raise Forbidden()
    return organisation
