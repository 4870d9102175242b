"""Permission-checked getters for programmes (rule files are public rules: any signed-in person may read them)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from hatchway.accounts.access import check_signed_in
from hatchway.accounts.models import User
from hatchway.errors import NotFound
from hatchway.policy.engine import Programme, programmes


def access_programme_list(user: User | AnonymousUser) -> list[Programme]:
    """Every shipped programme, in a stable order (national programmes first)."""
    check_signed_in(user)
    order = {"hnte": 0, "tsme": 1}
    return sorted(programmes().values(), key=lambda p: (order.get(p.id, 2), p.id))


def access_programme(user: User | AnonymousUser, programme_id: str, *, write: bool = False) -> Programme:
    """One programme by id; rule files change only through review, so nobody may write here."""
    check_signed_in(user)
    found = programmes().get(programme_id)
    if found is None or write:
        raise NotFound()
    return found
