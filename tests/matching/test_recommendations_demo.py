"""On the demo data: the Chinese-only project finds the English-only thesis and the reverse, reasons in both languages."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine

from hatchway.accounts.models import User
from hatchway.flows.actions import do_set_rate
from hatchway.listings.demo import (
    SHOWCASE_ASK,
    SHOWCASE_LANDING_ASK,
    SHOWCASE_LANDING_OFFER,
    SHOWCASE_THESIS,
    build_cross_language_showcase,
    build_demo_listings,
)
from hatchway.listings.models import Listing
from hatchway.web.demo import load_demo_data

NOW = datetime.datetime(2026, 11, 26, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def demo(db, django_capture_on_commit_callbacks) -> dict[str, Listing]:
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        load_demo_data()
        build_demo_listings(per_kind=6)
        assert build_cross_language_showcase() == 4
        do_set_rate("USD", datetime.date(2026, 11, 1), Decimal("7.1"))
    return {
        "ask": Listing.objects.get(reference=SHOWCASE_ASK["reference"]),
        "thesis": Listing.objects.get(reference=SHOWCASE_THESIS["reference"]),
        "landing_ask": Listing.objects.get(reference=SHOWCASE_LANDING_ASK["reference"]),
        "landing_offer": Listing.objects.get(reference=SHOWCASE_LANDING_OFFER["reference"]),
    }


def test_the_chinese_project_and_the_english_thesis_find_each_other_on_the_demo_data(demo, api_as):
    assert demo["ask"].title_en == demo["ask"].description_en == ""
    assert demo["thesis"].title_zh == demo["thesis"].description_zh == ""
    assert build_cross_language_showcase() == 0  # a second run adds nothing
    operator = User.objects.get(email="operator@demo.hatchway.local")
    client = api_as(operator)

    with time_machine.travel(NOW, tick=False):
        for_ask = client.get(
            f"/matching/listings/{demo['ask'].pk}/recommendations", **{"Accept-Language": "en"}
        ).json()["items"]
        for_thesis = client.get(
            f"/matching/listings/{demo['thesis'].pk}/recommendations", **{"Accept-Language": "zh-hans"}
        ).json()["items"]

    assert for_ask[0]["target"]["id"] == demo["thesis"].pk
    assert demo["ask"].pk in [item["target"]["id"] for item in for_thesis[:3]]
    english = [reason["text"] for reason in for_ask[0]["fits"]]
    assert "same sector: Integrated circuits, New energy vehicles" in english
    assert "ticket $5M–$20M covers the CN¥50M ask" in english
    chinese = next(item for item in for_thesis if item["target"]["id"] == demo["ask"].pk)
    assert any("集成电路" in reason["text"] for reason in chinese["fits"])
    assert chinese["highlight"]["source_language"] == "en"
    assert chinese["highlight"]["target_language"] == "zh"


def test_the_demo_talent_agreed_to_be_matched_so_her_profile_finds_positions(demo, api_as):
    talent = User.objects.get(email="talent@demo.hatchway.local")
    assert talent.talent_profile.consent_matching
    profile_listing = Listing.objects.filter(
        owner_user=talent, kind="talent_profile", status="published"
    ).first()
    assert profile_listing is not None
    with time_machine.travel(NOW, tick=False):
        items = api_as(talent).get(f"/matching/listings/{profile_listing.pk}/recommendations").json()["items"]
    assert items, "the demo talent's profile is recommended no position"
    assert {item["target"]["kind"] for item in items} == {"position"}


def test_the_german_founder_and_the_zhangjiang_incubator_see_each_others_landing_listing(demo, client_as):
    founder = User.objects.get(email="founder@demo.hatchway.local")
    carrier = User.objects.get(email="carrier@demo.hatchway.local")
    fragment = {"HX-Request": "true"}

    with time_machine.travel(NOW, tick=False):
        for_founder = client_as(founder).get("/matching/recommendations/", headers=fragment).content.decode()
        for_carrier = client_as(carrier).get("/matching/recommendations/", headers=fragment).content.decode()

    assert demo["landing_ask"].title_zh == ""
    assert demo["landing_offer"].title_en == ""
    assert demo["landing_ask"].owner_organisation.memberships.filter(user=founder).exists()
    assert f'data-recommendation="{demo["landing_offer"].pk}"' in for_founder
    assert "same sector: Biomedicine" in for_founder
    assert f'data-recommendation="{demo["landing_ask"].pk}"' in for_carrier
    assert "同一行业：生物医药" in for_carrier
