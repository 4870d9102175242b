"""Who may read and act on interests and matches, and how each side is named to whom.

The members of either side read and act; operators read. The pages and the API both name the parties
through ``party_name`` and ``listing_owner_name``, so an anonymous side stays hidden the same way in both.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from hatchway.accounts.access import check_signed_in
from hatchway.accounts.models import User
from hatchway.errors import Forbidden, NotFound
from hatchway.listings.access import Viewer, viewer_of
from hatchway.listings.models import Listing, Visibility
from hatchway.pipeline.models import Interest, Match


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


def interested_party_name(interest: Interest | Match, *, for_other_side: bool = True) -> str:
    """How the first side is named to the other side: hidden while its listing is anonymous and unmatched."""
    source = interest.source
    hidden = (
        for_other_side
        and isinstance(interest, Interest)
        and interest.match_id is None
        and source is not None
        and source.visibility == Visibility.ANONYMOUS
    )
    if hidden:
        return gettext("The owner of an anonymous listing")
    if interest.organisation is not None:
        return interest.organisation.display_name
    return str(interest.user)


def party_name(record: Interest | Match, viewer: Viewer) -> str:
    """The first side's name as this viewer may see it."""
    if on_first_side(viewer, record) or viewer.operator:
        return interested_party_name(record, for_other_side=False)
    return interested_party_name(record)


def listing_owner_name(listing: Listing | None, viewer: Viewer) -> str:
    """The owner's name, or "Anonymous" while the listing hides it from this viewer."""
    if listing is None:
        return ""
    if not viewer.sees_owner(listing):
        return _("Anonymous")
    return listing.owner_name
