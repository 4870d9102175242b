"""Permission-checked getters for competitions and their parts, and who sees what.

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
from hatchway.competitions.models import Award, Competition, Criterion, Entry, PanelSeat, Round, Site, Track
from hatchway.directory.access import is_member_of, is_operator
from hatchway.directory.models import Membership, Organisation, OrganisationKind, Role
from hatchway.errors import Forbidden, NotFound


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


def access_round_results(user: User | AnonymousUser, competition_id: int, round_id: int) -> Round:
    """A round of a competition whose results the user may read (see ``access_results``)."""
    competition = access_results(user, competition_id)
    round_ = Round.objects.filter(competition=competition, pk=round_id).select_related("competition").first()
    if round_ is None:
        raise NotFound()
    return round_


def access_entries_to_advance(
    user: User | AnonymousUser, competition: Competition, entry_ids: list[int]
) -> list[Entry]:
    """The organiser's entries to advance, all of this competition; one of another is not found."""
    entries = [access_entry(user, entry_id) for entry_id in entry_ids]
    if any(entry.competition_id != competition.pk for entry in entries):
        raise NotFound()
    return entries


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


def people_to_seat() -> QuerySet[User]:
    """Whom an organiser may seat on a panel: any active account (the judge role is checked on seating)."""
    return User.objects.filter(is_active=True)


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
