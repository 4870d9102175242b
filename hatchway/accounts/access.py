"""Permission-checked getters for account objects."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from hatchway.accounts.models import ApiToken, User
from hatchway.errors import NotAuthenticated, NotFound


def check_signed_in(user: User | AnonymousUser) -> User:
    if not isinstance(user, User) or not user.is_active:
        raise NotAuthenticated()
    return user


def access_api_token(user: User | AnonymousUser, token_id: int, *, write: bool = False) -> ApiToken:
    """Return one of the user's own tokens; anyone else's is reported as not found."""
    owner = check_signed_in(user)
    token = ApiToken.objects.owned_by(owner).filter(pk=token_id).first()
    if token is None:
        raise NotFound()
    return token
