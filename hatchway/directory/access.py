"""Permission-checked getters for directory objects."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from hatchway.accounts.access import check_signed_in
from hatchway.accounts.models import User
from hatchway.directory.models import Membership, Organisation
from hatchway.errors import Forbidden, NotFound


def is_operator(user: User | AnonymousUser) -> bool:
    return isinstance(user, User) and Membership.objects.operators().filter(user=user).exists()


def is_member_of(user: User | AnonymousUser, organisation: Organisation) -> bool:
    return isinstance(user, User) and Membership.objects.filter(user=user, organisation=organisation).exists()


def has_member_list_access(user: User | AnonymousUser, organisation: Organisation) -> bool:
    """Who works where is visible to that organisation's own members and to operators."""
    return is_operator(user) or is_member_of(user, organisation)


def access_organisation(
    user: User | AnonymousUser, organisation_id: int, *, write: bool = False
) -> Organisation:
    """Any signed-in person may read a profile; its members and operators may change it."""
    viewer = check_signed_in(user)
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        raise NotFound()
    if write and not has_member_list_access(viewer, organisation):
        raise Forbidden()
    return organisation


def access_membership(user: User | AnonymousUser, membership_id: int, *, write: bool = False) -> Membership:
    """People see their own memberships and those of their organisations; operators change them."""
    viewer = check_signed_in(user)
    membership = Membership.objects.select_related("organisation", "user").filter(pk=membership_id).first()
    if membership is None:
        raise NotFound()
    operator = is_operator(viewer)
    if write:
        if not operator:
            raise Forbidden()
        return membership
    visible = (
        operator
        or membership.user_id == viewer.pk
        or (membership.organisation is not None and is_member_of(viewer, membership.organisation))
    )
    if not visible:
        raise NotFound()
    return membership


def access_member_list(user: User | AnonymousUser, organisation_id: int) -> Organisation:
    """Return the organisation whose member list the user may read."""
    organisation = access_organisation(user, organisation_id)
    if not has_member_list_access(user, organisation):
        raise Forbidden()
    return organisation
