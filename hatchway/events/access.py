"""Permission-checked getters for events, registrations and competitions, and who sees what.

- An event: anyone (signed in or not) reads a published one; the organiser's members and operators
  read every event and manage it (registrations, check-in, attendance).
- A registration: its person, and whoever manages its event.
- A competition: anyone reads a published one (name, tracks, sites, awards); results, rankings and
  marks only its organiser's members and operators, who alone change it and its parts (tracks, rounds,
  sites, panels, rubric, entries). An enterprise's members enter and read their own enterprise's entries.
- An entry, to mark: judges seated on a panel of its round who are in no conflict with it; a
  conflicted judge is told it does not exist.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from hatchway.accounts.access import check_signed_in
from hatchway.accounts.models import User
from hatchway.directory.access import is_member_of, is_operator
from hatchway.directory.models import Membership, Organisation, OrganisationKind, Role
from hatchway.errors import Forbidden, NotFound
from hatchway.events.models import (
    Award,
    BrokerageMeeting,
    Competition,
    Criterion,
    Entry,
    Event,
    EventKind,
    EventQuerySet,
    EventStatus,
    MeetingRequest,
    PanelSeat,
    Registration,
    RegistrationStatus,
    Round,
    ScheduleRun,
    Site,
    Track,
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


def visible_competitions(user: User | AnonymousUser) -> QuerySet[Competition]:
    """Published editions, plus the drafts of the organisations one works for (operators: all)."""
    competitions = Competition.objects.select_related("organiser", "event")
    if is_operator(user):
        return competitions
    if isinstance(user, User):
        return competitions.filter(Q(published=True) | Q(organiser__memberships__user=user)).distinct()
    return competitions.filter(published=True)


def _check_manages(user: User | AnonymousUser, part: Any, competition_id: int) -> Any:
    """A part of a competition, to change: others than its organiser learn nothing of drafts."""
    if part is None:
        raise NotFound()
    access_competition(user, competition_id, write=True)
    return part


def access_track(user: User | AnonymousUser, track_id: int) -> Track:
    track = Track.objects.filter(pk=track_id).first()
    return _check_manages(user, track, track.competition_id if track else 0)


def access_round(user: User | AnonymousUser, round_id: int) -> Round:
    round_ = Round.objects.filter(pk=round_id).first()
    return _check_manages(user, round_, round_.competition_id if round_ else 0)


def access_site(user: User | AnonymousUser, site_id: int) -> Site:
    """A site as its competition's organiser sets it up (host, names, panel)."""
    site = Site.objects.select_related("round__competition", "host").filter(pk=site_id).first()
    return _check_manages(user, site, site.round.competition_id if site else 0)


def access_criterion(user: User | AnonymousUser, criterion_id: int) -> Criterion:
    criterion = Criterion.objects.filter(pk=criterion_id).first()
    return _check_manages(user, criterion, criterion.competition_id if criterion else 0)


def access_panel_seat(user: User | AnonymousUser, site_id: int, judge_id: int) -> PanelSeat:
    site = access_site(user, site_id)
    seat = PanelSeat.objects.select_related("judge", "site").filter(site=site, judge_id=judge_id).first()
    if seat is None:
        raise NotFound()
    return seat


def findable_judges(user: User | AnonymousUser, text: str) -> QuerySet[User]:
    """People an organiser may seat, found by e-mail or name.

    Operators (who grant roles) find anyone; other organisers find judges by name or e-mail, and
    anyone else only by their exact e-mail address, so that the list of users stays private.
    """
    text = (text or "").strip()
    if len(text) < 2:
        return User.objects.none()
    people = User.objects.filter(is_active=True)
    words = Q(email__icontains=text) | Q(full_name__icontains=text)
    if is_operator(user):
        return people.filter(words)
    judges = Membership.objects.filter(role=Role.JUDGE).values("user_id")
    return people.filter((words & Q(pk__in=judges)) | Q(email__iexact=text))


def check_may_grant_judge_role(user: User | AnonymousUser) -> User:
    """Roles are granted by operators (see directory.access.access_membership); so is the judge role."""
    viewer = check_signed_in(user)
    if not is_operator(viewer):
        raise Forbidden(_("Only a platform operator gives the judge role. Ask one, then seat the person."))
    return viewer


def enterprises_of(user: User | AnonymousUser) -> QuerySet[Organisation]:
    """The enterprises a person may enter projects for: those they are a member of."""
    if not isinstance(user, User):
        return Organisation.objects.none()
    return Organisation.objects.filter(
        kind=OrganisationKind.ENTERPRISE,
        pk__in=Membership.objects.filter(user=user, role=Role.ENTERPRISE_MEMBER).values("organisation_id"),
    )


def enterprises_to_enter(user: User | AnonymousUser, competition: Competition) -> QuerySet[Organisation]:
    """The enterprises whose projects a person may enter in a competition.

    Any enterprise of the directory for the organiser's side (its members, operators); an enterprise's
    members their own; nobody else any.
    """
    if can_manage_competition(user, competition):
        return Organisation.objects.enterprises()
    return enterprises_of(user)


def check_may_enter(user: User | AnonymousUser, enterprise_id: int) -> Organisation:
    """An enterprise's own members enter its projects."""
    viewer = check_signed_in(user)
    enterprise = enterprises_of(viewer).filter(pk=enterprise_id).first()
    if enterprise is None:
        raise Forbidden(_("Only members of an enterprise enter its projects. Choose your own enterprise."))
    return enterprise


def visible_entries(user: User | AnonymousUser, competition: Competition) -> QuerySet[Entry]:
    """All entries for the organiser; an enterprise's own entries for its members; none for others."""
    entries = Entry.objects.filter(competition=competition).select_related(
        "enterprise", "track", "site__round"
    )
    if can_manage_competition(user, competition):
        return entries
    return entries.filter(enterprise__in=enterprises_of(user))


def check_may_organise(user: User | AnonymousUser, organisation_id: int) -> Organisation:
    """Events are created for a carrier or the platform by its members, or by operators."""
    viewer = check_signed_in(user)
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        raise NotFound()
    if not (is_operator(viewer) or is_member_of(viewer, organisation)):
        raise Forbidden()
    return organisation


# --- brokerage meetings -------------------------------------------------------------------------
# The organiser's side (members and operators) runs the console; participants (confirmed
# registrations) see each other's agenda profiles, their own requests and meetings; nobody else
# learns who takes part.


def access_brokerage(user: User | AnonymousUser, event_id: int, *, write: bool = False) -> Event:
    """A brokerage event; ``write`` for its organiser's side (slots, tables, schedule, no-shows)."""
    event = access_event(user, event_id, write=write)
    if event.kind != EventKind.BROKERAGE:
        raise NotFound()
    return event


def access_brokerage_participant(user: User | AnonymousUser, event_id: int) -> tuple[Event, Registration]:
    """The event and the user's own confirmed registration at it."""
    viewer = check_signed_in(user)
    event = access_brokerage(viewer, event_id)
    registration = (
        Registration.objects.select_related("event", "user")
        .filter(event=event, user=viewer, status=RegistrationStatus.CONFIRMED)
        .first()
    )
    if registration is None:
        raise Forbidden(
            _("Only participants with a confirmed place take part in the meetings. Register first.")
        )
    return event, registration


def brokerage_participants(user: User | AnonymousUser, event: Event) -> QuerySet[Registration]:
    """The confirmed participants a person may see: all of them for participants and the organiser."""
    people = Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)
    if can_manage_event(user, event) or (isinstance(user, User) and people.filter(user=user).exists()):
        return people.select_related("user", "agenda_profile")
    return people.none()


def access_participant(user: User | AnonymousUser, event_id: int, registration_id: int) -> Registration:
    """Another participant of the same brokerage event, as a participant or the organiser sees them."""
    event = access_brokerage(user, event_id)
    check_signed_in(user)
    registration = brokerage_participants(user, event).filter(pk=registration_id).first()
    if registration is None:
        raise NotFound()
    return registration


def access_meeting_request(
    user: User | AnonymousUser, request_id: int, *, write: bool = False
) -> MeetingRequest:
    """Its two sides and the organiser read a request; only the person asked answers it."""
    viewer = check_signed_in(user)
    request = (
        MeetingRequest.objects.select_related("event__organiser", "sender__user", "receiver__user")
        .filter(pk=request_id)
        .first()
    )
    if request is None:
        raise NotFound()
    sides = (request.sender.user_id, request.receiver.user_id)
    if viewer.pk not in sides and not can_manage_event(viewer, request.event):
        raise NotFound()
    if write and request.receiver.user_id != viewer.pk:
        raise Forbidden(_("Only the person asked answers a meeting request."))
    return request


def access_brokerage_meeting(
    user: User | AnonymousUser, meeting_id: int, *, write: bool = False
) -> BrokerageMeeting:
    """Its two people and the organiser read a meeting; the organiser marks it held or a no-show."""
    viewer = check_signed_in(user)
    meeting = (
        BrokerageMeeting.objects.select_related("event__organiser", "slot", "a__user", "b__user")
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None:
        raise NotFound()
    manager = can_manage_event(viewer, meeting.event)
    if not manager and viewer.pk not in (meeting.a.user_id, meeting.b.user_id):
        raise NotFound()
    if write and not manager:
        raise Forbidden()
    return meeting


def access_meeting_to_answer(
    user: User | AnonymousUser, meeting_id: int
) -> tuple[BrokerageMeeting, Registration]:
    """A meeting on the user's own agenda, with their confirmed registration, to answer.

    Others who are not the organiser learn nothing of it; the organiser reads it but marks its status
    instead of answering for the two people.
    """
    meeting = access_brokerage_meeting(user, meeting_id)
    viewer = check_signed_in(user)
    if viewer.pk not in (meeting.a.user_id, meeting.b.user_id):
        raise Forbidden(
            _(
                "Only the two people of a meeting answer it. As the organiser, set its status instead "
                "(on the console, or PUT /api/v1/brokerage/meetings/%(id)s/status)."
            )
            % {"id": meeting.pk}
        )
    _event, registration = access_brokerage_participant(viewer, meeting.event_id)
    return meeting, registration


def access_schedule_run(user: User | AnonymousUser, event_id: int, run_id: int) -> ScheduleRun:
    """A computation of a brokerage event's schedule, for its organiser."""
    event = access_brokerage(user, event_id, write=True)
    run = ScheduleRun.objects.filter(event=event, pk=run_id).first()
    if run is None:
        raise NotFound()
    return run
