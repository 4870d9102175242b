"""Listings of all eight kinds as spreadsheets: structured attributes, status and expiry, owners' rules."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from hatchway.directory.models import Membership
from hatchway.listings.actions import do_create_listing, do_publish_listing
from hatchway.listings.models import Listing
from tests.transfer.conftest import body, read_xlsx, xlsx

pytestmark = pytest.mark.django_db

HEADER = [
    "Kind",
    "Owner organisation ID",
    "Owner person's e-mail",
    "Title (English)",
    "Title (Chinese)",
    "Sectors",
    "Stages",
    "Countries",
    "Amount from",
    "Amount up to",
    "Currency",
    "Languages",
    "Status",
    "Visibility",
    "Expires at",
    "Attributes",
]


def own(user):
    return Membership.objects.filter(user=user).exclude(organisation=None).get().organisation


NOW = dt.datetime(2026, 5, 4, 10, tzinfo=dt.UTC)


@time_machine.travel(NOW, tick=False)
def test_an_operator_imports_every_kind_with_its_attributes(
    operator, founder, investor, incubator, talent, api_import
):
    firm, fund, carrier = own(founder), own(investor), own(incubator)
    rows = [
        HEADER,
        [
            "funding_ask",
            firm.pk,
            "",
            "Seed round",
            "",
            "biomedicine",
            "seed",
            "DE",
            500000,
            2000000.5,
            "EUR",
            "en, de",
            "published",
            "public",
            "",
            "round=seed; equity_percent=12",
        ],
        [
            "investment_thesis",
            fund.pk,
            "",
            "Deep tech",
            "",
            "",
            "series_a, B轮",
            "CN, US",
            "",
            "",
            "",
            "",
            "draft",
            "members",
            "",
            "fund_type=rmb_fund; rounds=series_b, series_a; leads_rounds=yes",
        ],
        [
            "技术供给",
            firm.pk,
            "",
            "",
            "封装技术",
            "集成电路",
            "",
            "",
            "",
            "",
            "",
            "zh",
            "",
            "",
            "",
            "trl=6; transfer_modes=licence",
        ],
        [
            "technology_need",
            carrier.pk,
            "",
            "Battery challenge",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "published",
            "anonymous",
            "2026-12-31 18:00",
            "deadline=2026-11-30; minimum_trl=4",
        ],
        [
            "position",
            firm.pk,
            "",
            "Firmware engineer",
            "",
            "",
            "",
            "DE",
            60000,
            80000,
            "EUR",
            "",
            "closed",
            "",
            "",
            "seniority=senior; remote=hybrid",
        ],
        [
            "talent_profile",
            "",
            talent.email,
            "Optics PhD",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "degree=phd; years_experience=6",
        ],
        [
            "landing_ask",
            firm.pk,
            "",
            "Office in Shanghai",
            "",
            "",
            "",
            "CN",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "headcount=5; services=visas_residence, office_space",
        ],
        [
            "landing_offer",
            carrier.pk,
            "",
            "Zhangjiang desks",
            "",
            "",
            "",
            "CN",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "space_m2=300; rent_free_months=6; district=Pudong",
        ],
    ]
    job = api_import(operator, "listings", xlsx(rows))
    assert (job["status"], job["created_count"], job["error_count"]) == ("done", 8, 0), job["errors"]
    ask = Listing.objects.get(title_en="Seed round")
    assert (ask.amount_min, ask.amount_max, ask.currency, ask.languages) == (
        50000000,
        200000050,
        "EUR",
        ["en", "de"],
    )
    assert ask.attributes == {"round": "seed", "equity_percent": 12}
    assert (ask.status, ask.published_at, ask.expires_at) == ("published", NOW, NOW + dt.timedelta(days=90))
    assert list(ask.sectors.values_list("code", flat=True)) == ["biomedicine"]
    thesis = Listing.objects.get(title_en="Deep tech")
    assert thesis.attributes == {
        "fund_type": "rmb_fund",
        "rounds": ["series_a", "series_b"],
        "leads_rounds": True,
    }
    assert sorted(thesis.stages.values_list("code", flat=True)) == ["series_a", "series_b"]
    assert thesis.country_codes == ["CN", "US"]
    need = Listing.objects.get(title_en="Battery challenge")
    assert need.expires_at == dt.datetime(2026, 12, 31, 10, tzinfo=dt.UTC)  # 18:00 in Shanghai
    assert Listing.objects.get(kind="talent_profile").owner_user == talent
    assert Listing.objects.get(kind="position").closed_at == NOW
    assert Listing.objects.search("封装").get().kind == "technology_offer"


def test_bad_cells_and_attributes_are_located_and_nothing_is_written(operator, founder, api_import):
    firm = own(founder)
    job = api_import(
        operator,
        "listings",
        xlsx(
            [
                HEADER,
                ["spaceship", firm.pk, "", "A", "", "", "", "", "", "", "", "", "", "", "", ""],
                ["funding_ask", firm.pk, "", "B", "", "", "", "", 10.555, "", "EUR", "", "", "", "", ""],
                ["funding_ask", firm.pk, "", "C", "", "", "", "", 100, 50, "", "", "", "", "", ""],
                ["position", firm.pk, "", "D", "", "", "", "", "", "", "", "", "", "", "", "remote=beach"],
                ["investment_thesis", firm.pk, "", "E", "", "", "", "", "", "", "", "", "", "", "", ""],
                [
                    "funding_ask",
                    firm.pk,
                    "",
                    "",
                    "",
                    "astrology",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "round",
                ],
            ]
        ),
    )
    assert job["status"] == "rejected"
    located = {(e["row"], e["column"]) for e in job["errors"]}
    assert located == {
        (2, "Kind"),
        (3, "Amount from"),
        (4, "Amount up to"),
        (4, "Currency"),
        (5, "Attributes"),
        (6, "Owner organisation ID"),
        (7, "Attributes"),
    }
    position = [e["message"] for e in job["errors"] if e["row"] == 5]
    assert any("remote" in message and "onsite" in message for message in position)
    assert any("seniority" in message for message in position)
    assert not Listing.objects.exists()


def test_members_import_listings_of_their_own_organisation_only(founder, investor, api_import):
    firm, fund = own(founder), own(investor)
    foreign = do_create_listing(kind="investment_thesis", owner_organisation=fund, title_en="Not yours")
    job = api_import(
        founder,
        "listings",
        xlsx(
            [
                ["ID", *HEADER],
                ["", "technology_offer", firm.pk, "", "Ours", "", "", "", "", "", "", "", "", "", "", "", ""],
                [
                    "",
                    "investment_thesis",
                    fund.pk,
                    "",
                    "Theirs",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                ],
                [
                    foreign.pk,
                    "investment_thesis",
                    fund.pk,
                    "",
                    "Hijacked",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                ],
            ]
        ),
    )
    assert {(e["row"], e["column"]) for e in job["errors"]} == {(3, "Owner organisation ID"), (4, "ID")}
    assert not Listing.objects.filter(title_en="Ours").exists()
    assert Listing.objects.get(pk=foreign.pk).title_en == "Not yours"
    job = api_import(
        founder,
        "listings",
        xlsx(
            [
                HEADER,
                ["technology_offer", firm.pk, "", "Ours", "", "", "", "", "", "", "", "", "", "", "", ""],
            ]
        ),
    )
    assert (job["status"], job["created_count"]) == ("done", 1)


def test_members_export_their_own_listings_and_never_an_anonymous_owner_of_others(
    founder, investor, api_export
):
    firm, fund = own(founder), own(investor)
    do_create_listing(kind="technology_offer", owner_organisation=firm, title_en="Mine")
    theirs = do_create_listing(
        kind="investment_thesis", owner_organisation=fund, title_en="Secret fund", visibility="anonymous"
    )
    do_publish_listing(theirs)
    rows = read_xlsx(body(api_export(founder, "listings")))
    assert [row[rows[0].index("Title (English)")] for row in rows[1:]] == ["Mine"]


def test_a_talent_imports_only_their_own_profile_listing(talent, founder, api_import):
    header = ["Kind", "Owner person's e-mail", "Title (English)"]
    refused = api_import(
        talent, "listings", xlsx([header, ["talent_profile", founder.email, "Someone else"]])
    )
    assert [(e["row"], e["column"]) for e in refused["errors"]] == [(2, "Owner person's e-mail")]
    job = api_import(talent, "listings", xlsx([header, ["talent_profile", talent.email, "Me"]]))
    assert job["status"] == "done"
    assert Listing.objects.get().owner_user == talent


def test_an_export_imports_back_unchanged(operator, founder, incubator, api_import, api_export):
    firm, carrier = own(founder), own(incubator)
    offer = do_create_listing(
        kind="technology_offer",
        owner_organisation=firm,
        title_en="Packaging",
        title_zh="封装",
        description_en="Line one\nLine two",
        sectors=["integrated_circuits"],
        countries=["DE", "CN"],
        languages=["en"],
        amount_min=12345,
        amount_max=99999,
        currency="JPY",
        attributes={"trl": 6, "transfer_modes": ["licence", "equity"]},
    )
    do_publish_listing(offer)
    do_create_listing(
        kind="landing_offer",
        owner_organisation=carrier,
        title_zh="张江",
        attributes={"space_m2": 200},
        visibility="members",
    )

    def snapshot():
        return [
            (
                listing.pk,
                listing.title_en,
                listing.title_zh,
                listing.description_en,
                listing.amount_min,
                listing.amount_max,
                listing.currency,
                listing.languages,
                listing.attributes,
                listing.status,
                listing.visibility,
                listing.expires_at,
                listing.published_at,
                listing.country_codes,
                sorted(s.code for s in listing.sectors.all()),
            )
            for listing in Listing.objects.order_by("pk")
        ]

    before = snapshot()
    for file_format in ("xlsx", "csv"):
        job = api_import(
            operator, "listings", body(api_export(operator, "listings", file_format)), name=f"x.{file_format}"
        )
        assert (job["status"], job["created_count"], job["updated_count"], job["unchanged_count"]) == (
            "done",
            0,
            0,
            2,
        )
    assert snapshot() == before
