"""Demo listings: every kind, bilingual, owned by demo organisations of the fitting kind, deterministic, idempotent."""

from __future__ import annotations

import pytest

from hatchway.accounts.models import User
from hatchway.listings.demo import build_demo_listings
from hatchway.listings.models import OWNER_KINDS, Listing, ListingKind
from hatchway.web.demo import load_demo_data

pytestmark = pytest.mark.django_db


def snapshot() -> list[tuple]:
    return list(
        Listing.objects.order_by("reference").values_list(
            "reference",
            "kind",
            "title_zh",
            "title_en",
            "owner_organisation__name_en",
            "owner_user__email",
            "status",
        )
    )


def test_demo_listings_cover_every_kind_in_both_languages_and_fit_their_owners():
    load_demo_data()
    assert build_demo_listings(per_kind=5) == 40
    for kind in ListingKind.values:
        listings = list(Listing.objects.of_kind(kind).select_related("owner_organisation"))
        assert len(listings) == 5, kind
        for listing in listings:
            assert listing.title_zh
            assert listing.title_en
            assert listing.description_zh
            assert listing.description_en
            assert listing.search_text
            owner_kinds = OWNER_KINDS[kind]
            if owner_kinds is None:
                assert listing.owner_user is not None
            else:
                assert listing.owner_organisation is not None
                assert listing.owner_organisation.kind in owner_kinds
    assert Listing.objects.open().count() > 30


def test_demo_listings_are_idempotent_and_deterministic():
    load_demo_data()
    build_demo_listings(seed=7, per_kind=4)
    first = snapshot()
    assert build_demo_listings(seed=7, per_kind=4) == 0
    assert snapshot() == first
    Listing.objects.all().delete()
    build_demo_listings(seed=7, per_kind=4)
    assert snapshot() == first


def test_without_organisations_nothing_is_made():
    assert build_demo_listings(per_kind=3) == 0


@pytest.mark.parametrize("email", [None, "founder@demo.hatchway.local", "operator@demo.hatchway.local"])
def test_every_listing_page_of_the_demo_renders_and_loads_nothing_from_another_host(email):
    from django.test import Client

    from hatchway.web.demo import DEMO_PASSWORD
    from tests.web.test_no_external_hosts import ResourceCollector, is_external

    load_demo_data()
    build_demo_listings(per_kind=2)
    client = Client()
    if email:
        assert client.login(username=email, password=DEMO_PASSWORD)
    user = User.objects.get(email=email) if email else None
    visible = Listing.objects.visible_to(user)
    if user is None:
        assert visible.count() < Listing.objects.count()  # drafts and members-only listings are held back
    paths = ["/listings/", "/listings/?kind=position&country=CN", "/listings/?q=芯片"]
    paths += [f"/listings/{pk}/" for pk in visible.values_list("pk", flat=True)]
    if email:
        paths += ["/listings/mine/", "/listings/new/", "/listings/new/?kind=position"]
    for path in paths:
        response = client.get(path)
        assert response.status_code in {200, 302}, path
        if response.status_code == 200:
            collector = ResourceCollector()
            collector.feed(response.content.decode())
            assert [url for url in collector.resources if is_external(url)] == [], path
