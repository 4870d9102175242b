"""The platform ranks counterparts as the engine's ranker does: centred per (kind, language), so a listing's
own language no longer beats a closer counterpart written in the other language."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import numpy as np
import pytest
import time_machine

from hatchway.accounts.models import User
from hatchway.directory.models import Membership, Organisation, OrganisationKind
from hatchway.flows.actions import do_set_rate
from hatchway.listings.actions import do_create_listing, do_publish_listing
from hatchway.listings.models import Listing, ListingKind
from hatchway.matching.models import ListingVector
from tests.conftest import make_organisation

NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)

ASK_ZH = (
    "车规级碳化硅功率模块A轮融资",
    "我们研发用于电动汽车主驱逆变器的车规级碳化硅MOSFET功率模块，本轮融资人民币5000万元。",
)
COUNTERPART_EN = (
    "Investment thesis: power semiconductors for electric vehicles",
    "We invest in companies that build silicon carbide and gallium nitride power devices.",
)
# Same kind, same language as the ask, and near it by raw cosine: a Chinese thesis on EV parts in general.
DISTRACTOR_ZH = (
    "投资方向：新能源汽车产业链",
    "我们投资新能源汽车零部件与充电企业，单笔人民币5000万元至1亿元。",
)


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


def publish(
    capture, owner: Organisation, kind: str, text: tuple[str, str], language: str, **fields: Any
) -> Listing:
    texts: dict[str, Any] = {f"title_{language}": text[0], f"description_{language}": text[1]}
    with capture(execute=True):
        listing = do_create_listing(
            kind=kind,
            owner_organisation=owner,
            **texts,
            sectors=["new_energy_vehicles"],
            stages=["series_a"],
            countries=["CN"],
            languages=["zh", "en"],  # spoken languages alike, so only the texts tell the theses apart
            **fields,
        )
        return do_publish_listing(listing, now=NOW)


def organisation_of(user: User) -> Organisation:
    organisation = Membership.objects.get(user=user).organisation
    assert organisation is not None
    return organisation


def raw_cosine(left: Listing, right: Listing) -> float:
    vectors = [ListingVector.objects.get(listing=each, active=True).as_array() for each in (left, right)]
    return float(np.dot(vectors[0], vectors[1]))


def test_an_english_counterpart_outranks_a_chinese_distractor_that_wins_on_raw_cosine(
    db, django_capture_on_commit_callbacks, founder, investor, api_as
):
    do_set_rate("USD", datetime.date(2026, 2, 1), Decimal("7.1"))
    capture = django_capture_on_commit_callbacks
    ask = publish(
        capture,
        organisation_of(founder),
        ListingKind.FUNDING_ASK,
        ASK_ZH,
        "zh",
    )
    counterpart = publish(
        capture,
        organisation_of(investor),
        ListingKind.INVESTMENT_THESIS,
        COUNTERPART_EN,
        "en",
    )
    distractor = publish(
        capture,
        make_organisation(OrganisationKind.INVESTOR, name_en="Yangtze Auto Capital"),
        ListingKind.INVESTMENT_THESIS,
        DISTRACTOR_ZH,
        "zh",
    )
    # Plain cosines of the stored vectors — what the platform used to rank by — favour the same language.
    assert raw_cosine(ask, distractor) > raw_cosine(ask, counterpart)

    response = api_as(founder).get(
        f"/matching/listings/{ask.pk}/recommendations", **{"Accept-Language": "en"}
    )

    assert response.status_code == 200, response.content
    items = response.json()["items"]
    assert [item["target"]["id"] for item in items] == [counterpart.pk, distractor.pk]
    assert items[0]["similarity"] > items[1]["similarity"]
    assert items[0]["score"] > items[1]["score"]
    # The stored vectors are kept as encoded: centring happens when the index is built and searched.
    assert raw_cosine(ask, counterpart) != pytest.approx(items[0]["similarity"], abs=1e-3)
