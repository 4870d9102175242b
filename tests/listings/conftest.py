"""Listings owned by the shared personas' organisations, built through the actions."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from hatchway.accounts.models import User
from hatchway.directory.models import Membership, Organisation
from hatchway.listings.actions import do_create_listing, do_publish_listing
from hatchway.listings.models import Listing, ListingKind

NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def organisation_of(user: User) -> Organisation:
    organisation = Membership.objects.filter(user=user).first().organisation  # type: ignore[union-attr]
    assert organisation is not None
    return organisation


def make_listing(
    owner: User | Organisation,
    kind: str = ListingKind.FUNDING_ASK,
    *,
    publish: bool = True,
    now: datetime.datetime = NOW,
    **fields: Any,
) -> Listing:
    fields.setdefault("title_en", "Series A for solid-state batteries")
    fields.setdefault("title_zh", "固态电池A轮融资")
    if kind == ListingKind.POSITION:
        fields.setdefault("attributes", {"seniority": "mid"})
    if isinstance(owner, Organisation):
        listing = do_create_listing(kind=kind, owner_organisation=owner, **fields)
    elif kind == ListingKind.TALENT_PROFILE:
        listing = do_create_listing(kind=kind, owner_user=owner, **fields)
    else:
        listing = do_create_listing(kind=kind, owner_organisation=organisation_of(owner), **fields)
    if publish:
        listing = do_publish_listing(listing, now=now)
    return listing


@pytest.fixture
def founder_listing(founder: User) -> Listing:
    return make_listing(founder)
