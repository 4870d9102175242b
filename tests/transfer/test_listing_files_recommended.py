"""Listings imported from a spreadsheet are recommended at once, without a reindex."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine

from hatchway.directory.models import Membership
from hatchway.flows.actions import do_set_rate
from hatchway.listings.actions import do_create_listing, do_publish_listing
from hatchway.listings.models import Listing, ListingKind
from tests.transfer.conftest import xlsx

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)

HEADER = [
    "Kind",
    "Owner organisation ID",
    "Title (English)",
    "Description (English)",
    "Sectors",
    "Stages",
    "Countries",
    "Amount from",
    "Amount up to",
    "Currency",
    "Languages",
    "Status",
    "Visibility",
]


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


def test_an_imported_thesis_is_recommended_for_a_published_ask_without_a_reindex(
    founder, investor, api_import, api_as, django_capture_on_commit_callbacks
):
    do_set_rate("USD", datetime.date(2026, 2, 1), Decimal("7.1"))
    firm = Membership.objects.get(user=founder).organisation
    fund = Membership.objects.get(user=investor).organisation
    assert firm is not None
    assert fund is not None
    with django_capture_on_commit_callbacks(execute=True):
        ask = do_publish_listing(
            do_create_listing(
                kind=ListingKind.FUNDING_ASK,
                owner_organisation=firm,
                title_zh="车规级碳化硅功率模块A轮融资",
                description_zh="我们研发用于电动汽车主驱逆变器的车规级碳化硅功率模块，正在与整车厂进行装车测试。"
                "本轮融资人民币5000万元，用于建设封装测试产线。",
                sectors=["integrated_circuits", "new_energy_vehicles"],
                stages=["series_a"],
                countries=["CN"],
                languages=["zh"],
                amount_min=50_000_000_00,
                amount_max=50_000_000_00,
                currency="CNY",
            ),
            now=NOW,
        )
    row = [
        "investment_thesis",
        fund.pk,
        "Power semiconductors for electric vehicles",
        "We invest in Series A companies building silicon carbide power modules and inverters for electric "
        "vehicles. Tickets from USD 5 million to 20 million.",
        "integrated_circuits",
        "series_a, series_b",
        "CN, DE",
        5000000,
        20000000,
        "USD",
        "en",
        "published",
        "public",
    ]

    job = api_import(investor, "listings", xlsx([HEADER, row]))

    assert job["status"] == "done", job
    imported = Listing.objects.get(kind=ListingKind.INVESTMENT_THESIS)
    response = api_as(founder).get(f"/matching/listings/{ask.pk}/recommendations")
    assert response.status_code == 200, response.content
    assert [item["target"]["id"] for item in response.json()["items"]] == [imported.pk]
