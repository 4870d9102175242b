"""Permission-checked getters for events and registrations, and who sees what.

- An event: anyone (signed in or not) reads a published one; the organiser's members and operators
  read every event and manage it (registrations, check-in, attendance).
- A registration: its person, and whoever manages its event.
- Who organises: members of a carrier or of the platform for their organisation, operators for any.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from hatchway.accounts.access import check_signed_in
from hatchway.accounts.models import User
from hatchway.directory.access import is_member_of, is_operator
from hatchway.directory.models import Membership, Organisation, OrganisationKind
from hatchway.errors import Forbidden, NotFound
from hatchway.events.models import Event, EventQuerySet, EventStatus, Registration


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


def check_may_organise(user: User | AnonymousUser, organisation_id: int) -> Organisation:
    """Events are created for a carrier or the platform by its members, or by operators."""
    viewer = check_signed_in(user)
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        raise NotFound()
    if not (is_operator(viewer) or is_member_of(viewer, organisation)):
        raise Forbidden()
    return organisation


def organisations_to_organise(user: User | AnonymousUser) -> QuerySet[Organisation]:
    """The carriers and the platform a user may organise events and competitions for."""
    organisations = Organisation.objects.filter(
        kind__in=[OrganisationKind.CARRIER, OrganisationKind.PLATFORM]
    )
    if is_operator(user):
        return organisations
    return organisations.filter(
        pk__in=Membership.objects.filter(user=check_signed_in(user)).values("organisation_id")
    )


def access_invitation(user: User | AnonymousUser, event_id: int) -> tuple[Event, User, Registration | None]:
    """An event's .ics for whoever may read the event, with their registration (if any) in it."""
    viewer = check_signed_in(user)
    event = access_event(viewer, event_id)
    return event, viewer, Registration.objects.filter(event=event, user=viewer).first()
