"""Who may read, change and own listings, and who sees the owner of an anonymous one."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.translation import gettext as _

from hatchway.accounts.access import check_signed_in
from hatchway.accounts.models import User
from hatchway.directory.models import Membership, Organisation, Role
from hatchway.errors import Forbidden, InvalidInput, NotAuthenticated, NotFound
from hatchway.listings.models import (
    OWNER_KINDS,
    Listing,
    ListingKind,
    ListingReveal,
    ListingStatus,
    Visibility,
)


@dataclass
class Viewer:
    """What one person may see, loaded once per request (two queries, a third only for anonymous listings)."""

    user: User | None
    operator: bool
    organisation_ids: frozenset[int]
    roles: frozenset[str]

    @cached_property
    def revealed_listing_ids(self) -> frozenset[int]:
        if self.user is None:
            return frozenset()
        return frozenset(
            ListingReveal.objects.agreed().for_user(self.user).values_list("listing_id", flat=True)
        )

    def owns(self, listing: Listing) -> bool:
        if self.user is None:
            return False
        if listing.owner_user_id is not None:
            return listing.owner_user_id == self.user.pk
        return listing.owner_organisation_id in self.organisation_ids

    def can_edit(self, listing: Listing) -> bool:
        return self.operator or self.owns(listing)

    def can_read(self, listing: Listing) -> bool:
        if self.can_edit(listing):
            return True
        if listing.status != ListingStatus.PUBLISHED:
            return False
        return self.user is not None or listing.visibility == Visibility.PUBLIC

    def sees_owner(self, listing: Listing) -> bool:
        """Anonymous listings hide their owner from all but the owner, operators and revealed parties."""
        if listing.visibility != Visibility.ANONYMOUS or self.can_edit(listing):
            return True
        return listing.pk in self.revealed_listing_ids


def viewer_of(user: User | AnonymousUser | None) -> Viewer:
    if not isinstance(user, User) or not user.is_active:
        return Viewer(None, False, frozenset(), frozenset())
    memberships = list(Membership.objects.filter(user=user).values_list("role", "organisation_id"))
    roles = frozenset(role for role, _organisation in memberships)
    return Viewer(
        user,
        Role.OPERATOR in roles,
        frozenset(organisation for _role, organisation in memberships if organisation is not None),
        roles,
    )


def request_viewer(request: HttpRequest | Any) -> Viewer:
    """The viewer of a request, computed once however many listings are shown."""
    cached = getattr(request, "_listings_viewer", None)
    if cached is None:
        cached = viewer_of(request.user)
        setattr(request, "_listings_viewer", cached)  # noqa: B010 - a private cache on the request
    return cached


def access_listing(
    user: User | AnonymousUser | None, listing_id: int, *, write: bool = False, viewer: Viewer | None = None
) -> Listing:
    """Owners' members and operators change a listing; others read what is published and meant for them."""
    listing = Listing.objects.for_display().filter(pk=listing_id).first()
    if listing is None:
        raise NotFound()
    viewer = viewer or viewer_of(user)
    if write:
        if viewer.user is None:
            raise NotAuthenticated()
        if viewer.can_edit(listing):
            return listing
        if viewer.can_read(listing):
            raise Forbidden(_("Only the owner's members and platform operators may change this listing."))
        raise NotFound()
    if viewer.can_read(listing):
        return listing
    if viewer.user is None and listing.status == ListingStatus.PUBLISHED:
        raise NotAuthenticated(_("This listing is shown to signed-in members only. Sign in to read it."))
    raise NotFound()


def access_new_listing_owner(
    user: User | AnonymousUser | None, kind: str, organisation_id: int | None = None
) -> tuple[Organisation | None, User | None]:
    """Return (organisation, person) that will own a new listing of this kind created by this user."""
    person = check_signed_in(user)  # type: ignore[arg-type]
    viewer = viewer_of(person)
    if kind not in ListingKind.values:
        raise InvalidInput(
            _("“%(kind)s” is not a kind of listing. Use one of: %(kinds)s.")
            % {"kind": kind, "kinds": ", ".join(ListingKind.values)},
            errors=[{"location": "body.kind", "message": _("Choose a kind of listing.")}],
        )
    owner_kinds = OWNER_KINDS[kind]
    if owner_kinds is None:
        if Role.TALENT not in viewer.roles:
            raise Forbidden(_("Only people registered as talents publish a talent profile listing."))
        return None, person
    if organisation_id is None:
        fitting = list(
            Organisation.objects.filter(pk__in=viewer.organisation_ids, kind__in=owner_kinds).order_by("pk")[
                :2
            ]
        )
        if len(fitting) == 1:
            return fitting[0], None
        message = (
            _("Say which organisation owns this listing: set owner_organisation_id.")
            if fitting
            else _("None of your organisations may own a listing of this kind. Ask a platform operator.")
        )
        raise InvalidInput(message, errors=[{"location": "body.owner_organisation_id", "message": message}])
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        raise NotFound(_("There is no organisation with this identifier. Check owner_organisation_id."))
    if not (viewer.operator or organisation.pk in viewer.organisation_ids):
        raise Forbidden(_("You may create listings only for organisations you belong to."))
    return organisation, None
