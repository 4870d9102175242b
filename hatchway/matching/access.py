"""Who may read and act on interests and matches: the members of either side, and operators (to read)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _

from hatchway.accounts.access import check_signed_in
from hatchway.accounts.models import User
from hatchway.errors import Forbidden, NotFound
from hatchway.listings.access import Viewer, viewer_of
from hatchway.listings.models import Listing
from hatchway.matching.models import Interest, Match


def stands_for(viewer: Viewer, organisation_id: int | None, user_id: int | None) -> bool:
    """True when the viewer is this party: the person, or a member of the organisation."""
    if viewer.user is None:
        return False
    if user_id is not None:
        return user_id == viewer.user.pk
    return organisation_id in viewer.organisation_ids


def owns_listing(viewer: Viewer, listing: Listing | None) -> bool:
    return listing is not None and stands_for(viewer, listing.owner_organisation_id, listing.owner_user_id)


def on_first_side(viewer: Viewer, record: Interest | Match) -> bool:
    """The side that expressed interest (first, for a match)."""
    return stands_for(viewer, record.organisation_id, record.user_id)


def on_listing_side(viewer: Viewer, record: Interest | Match) -> bool:
    """The side that owns the listing the interest was expressed in."""
    return owns_listing(viewer, record.target)


def access_interest(user: User | AnonymousUser | None, interest_id: int, *, write: bool = False) -> Interest:
    """Both sides read an interest and act on it (withdraw, accept); operators only read it."""
    person = check_signed_in(user)  # type: ignore[arg-type]
    interest = Interest.objects.for_display().filter(pk=interest_id).first()
    if interest is None:
        raise NotFound()
    viewer = viewer_of(person)
    on_a_side = on_first_side(viewer, interest) or on_listing_side(viewer, interest)
    if on_a_side:
        return interest
    if viewer.operator:
        if write:
            raise Forbidden(_("Only the two sides of an interest may act on it."))
        return interest
    raise NotFound()


def access_match(user: User | AnonymousUser | None, match_id: int, *, write: bool = False) -> Match:
    """The two sides' members read a match and move it through its stages; so may operators."""
    person = check_signed_in(user)  # type: ignore[arg-type]
    match = Match.objects.for_display().filter(pk=match_id).first()
    if match is None:
        raise NotFound()
    viewer = viewer_of(person)
    if on_first_side(viewer, match) or on_listing_side(viewer, match) or viewer.operator:
        return match
    raise NotFound()
