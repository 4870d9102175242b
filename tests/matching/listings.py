"""Helpers for the tests from interest to outcome: listings on both sides of each flow."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hatchway.accounts.models import User
from hatchway.directory.models import Membership, Organisation
from hatchway.listings.actions import do_create_listing, do_publish_listing
from hatchway.listings.models import Listing, ListingKind

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)

TITLES: dict[str, tuple[str, str]] = {
    ListingKind.FUNDING_ASK: ("固态电池A轮融资", "Series A for solid-state batteries"),
    ListingKind.INVESTMENT_THESIS: ("新能源早期投资", "Early-stage energy storage investments"),
    ListingKind.TECHNOLOGY_OFFER: ("钙钛矿涂布工艺许可", "Licence for a perovskite coating process"),
    ListingKind.TECHNOLOGY_NEED: ("寻找光伏涂布技术", "Looking for a solar coating process"),
    ListingKind.POSITION: ("功率电子工程师", "Power electronics engineer"),
    ListingKind.TALENT_PROFILE: ("功率电子博士", "PhD in power electronics"),
    ListingKind.LANDING_ASK: ("在上海设立子公司", "Setting up a subsidiary in Shanghai"),
    ListingKind.LANDING_OFFER: ("张江软着陆服务", "Soft landing in Zhangjiang"),
}


def organisation_of(user: User) -> Organisation:
    membership = Membership.objects.filter(user=user, organisation__isnull=False).first()
    assert membership is not None
    assert membership.organisation is not None
    return membership.organisation


def make_listing(owner: User | Organisation, kind: str, *, publish: bool = True, **fields: Any) -> Listing:
    """A listing of ``kind`` owned by the person's organisation (a person for a talent profile)."""
    zh, en = TITLES[kind]
    fields.setdefault("title_zh", zh)
    fields.setdefault("title_en", en)
    if kind == ListingKind.POSITION:
        fields.setdefault("attributes", {"seniority": "mid"})
    if kind == ListingKind.TALENT_PROFILE:
        assert isinstance(owner, User)
        listing = do_create_listing(kind=kind, owner_user=owner, **fields)
    else:
        organisation = owner if isinstance(owner, Organisation) else organisation_of(owner)
        listing = do_create_listing(kind=kind, owner_organisation=organisation, **fields)
    return do_publish_listing(listing, now=NOW) if publish else listing
