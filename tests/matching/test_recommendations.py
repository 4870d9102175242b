"""Recommendations across languages, both ways, with reasons in the reader's language; who sees what."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.test import Client

from hatchway.accounts.models import User
from hatchway.directory.models import Membership, Organisation, OrganisationKind
from hatchway.flows.actions import do_set_rate
from hatchway.listings.actions import do_close_listing, do_create_listing, do_publish_listing
from hatchway.listings.models import Listing, ListingKind, Visibility
from hatchway.matching.models import Feedback
from tests.conftest import make_organisation

NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)

ASK_ZH = (
    "车规级碳化硅功率模块A轮融资",
    "我们研发用于电动汽车主驱逆变器的车规级碳化硅功率模块，已通过可靠性验证，正在与整车厂进行装车测试。"
    "本轮融资人民币5000万元，用于建设封装测试产线。",
)
THESIS_EN = (
    "Power semiconductors for electric vehicles",
    "We invest in Series A companies building silicon carbide power modules and inverters for electric "
    "vehicles. Tickets from USD 5 million to 20 million.",
)
OTHER_EN = (
    "Innovative drugs",
    "We back biotech companies with first-in-class antibody drugs in clinical trials. Tickets of USD 5 to 20 million.",
)


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for a commit (the encoding of published listings) as a real commit would."""

    def run(action, *args: Any, **kwargs: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


def organisation_of(user: User) -> Organisation:
    organisation = Membership.objects.get(user=user).organisation
    assert organisation is not None
    return organisation


def publish(
    committed, owner: Organisation, kind: str, title: tuple[str, str], language: str, **fields
) -> Listing:
    def create_and_publish() -> Listing:
        texts: dict[str, Any] = {f"title_{language}": title[0], f"description_{language}": title[1]}
        listing = do_create_listing(kind=kind, owner_organisation=owner, **texts, **fields)
        return do_publish_listing(listing, now=NOW)

    return committed(create_and_publish)


@pytest.fixture
def usd_rate(db) -> None:
    do_set_rate("USD", datetime.date(2026, 2, 1), Decimal("7.1"))


@pytest.fixture
def ask(committed, founder) -> Listing:
    return publish(
        committed,
        organisation_of(founder),
        ListingKind.FUNDING_ASK,
        ASK_ZH,
        "zh",
        sectors=["integrated_circuits", "new_energy_vehicles"],
        stages=["series_a"],
        countries=["CN"],
        languages=["zh"],
        amount_min=50_000_000_00,
        amount_max=50_000_000_00,
        currency="CNY",
    )


def thesis(committed, owner: Organisation, text=THESIS_EN, **fields) -> Listing:
    fields.setdefault("sectors", ["integrated_circuits"])
    fields.setdefault("stages", ["series_a", "series_b"])
    fields.setdefault("countries", ["CN", "DE"])
    fields.setdefault("languages", ["en"])
    fields.setdefault("amount_min", 5_000_000_00)
    fields.setdefault("amount_max", 20_000_000_00)
    fields.setdefault("currency", "USD")
    return publish(committed, owner, ListingKind.INVESTMENT_THESIS, text, "en", **fields)


@pytest.fixture
def fund(investor) -> Organisation:
    return organisation_of(investor)


@pytest.fixture
def other_fund(db) -> Organisation:
    return make_organisation(OrganisationKind.INVESTOR, name_en="Helvetia Bio Ventures")


def recommended(api_as, user: User | None, path: str, language: str = "en") -> list[dict]:
    response = api_as(user).get(path, **{"Accept-Language": language})
    assert response.status_code == 200, response.content
    return response.json()["items"]


def test_a_chinese_only_ask_finds_the_english_only_thesis_and_the_reverse(
    usd_rate, ask, fund, other_fund, committed, api_as, founder, investor
):
    right = thesis(committed, fund)
    thesis(committed, other_fund, OTHER_EN, sectors=["biomedicine"])

    for_ask = recommended(api_as, founder, f"/matching/listings/{ask.pk}/recommendations")
    for_thesis = recommended(api_as, investor, f"/matching/listings/{right.pk}/recommendations")

    assert for_ask[0]["target"]["id"] == right.pk
    assert for_ask[0]["score"] > for_ask[1]["score"]
    assert [item["target"]["id"] for item in for_thesis] == [ask.pk]
    assert for_thesis[0]["source_id"] == right.pk
    highlight = for_thesis[0]["highlight"]
    assert highlight["source_language"] == "en"
    assert highlight["target_language"] == "zh"


def test_reasons_come_as_codes_and_in_the_readers_language(
    usd_rate, ask, fund, committed, api_as, founder, investor
):
    right = thesis(committed, fund)

    english = recommended(api_as, founder, f"/matching/listings/{ask.pk}/recommendations")[0]
    chinese = recommended(api_as, investor, f"/matching/listings/{right.pk}/recommendations", "zh-hans")[0]

    assert {reason["code"] for reason in english["fits"]} >= {
        "ticket_covers",
        "stage_accepted",
        "same_sector",
    }
    texts = [reason["text"] for reason in english["fits"]]
    assert "ticket $5M–$20M covers the CN¥50M ask" in texts
    assert "same sector: Integrated circuits" in texts
    assert "stage: Series A accepted" in texts
    assert [reason["code"] for reason in english["gaps"]] == ["no_common_language"]
    ticket = next(reason for reason in chinese["fits"] if reason["code"] == "ticket_covers")
    assert ticket["params"] == {
        "ticket_min": 5_000_000_00,
        "ticket_max": 20_000_000_00,
        "ticket_currency": "USD",
        "ask_min": 50_000_000_00,
        "ask_max": 50_000_000_00,
        "ask_currency": "CNY",
    }
    assert "US$500万–US$2000万" in ticket["text"]
    assert any("集成电路" in reason["text"] for reason in chinese["fits"])
    assert english["highlight"]["target"] in THESIS_EN[1]


def test_hard_filters_keep_out_what_does_not_fit(usd_rate, ask, fund, other_fund, committed, api_as, founder):
    thesis(committed, fund, stages=["seed"])  # stage not accepted
    thesis(committed, other_fund, amount_min=50_000_000_00, amount_max=90_000_000_00)  # tickets too large
    own = make_organisation(OrganisationKind.INVESTOR)
    closed = thesis(committed, own)
    committed(do_close_listing, closed)

    assert recommended(api_as, founder, f"/matching/listings/{ask.pk}/recommendations") == []


def test_visitors_see_public_counterparts_and_no_one_sees_an_anonymous_owner(
    usd_rate, ask, fund, other_fund, committed, api_as, operator, stranger
):
    public = thesis(committed, fund)
    members = thesis(committed, other_fund, visibility=Visibility.MEMBERS)
    hidden_fund = make_organisation(OrganisationKind.INVESTOR, name_en="Quiet Capital")
    anonymous = thesis(committed, hidden_fund, visibility=Visibility.ANONYMOUS)
    path = f"/matching/listings/{ask.pk}/recommendations"

    as_visitor = recommended(api_as, None, path)
    as_stranger = {item["target"]["id"]: item["target"] for item in recommended(api_as, stranger, path)}
    as_operator = {item["target"]["id"]: item["target"] for item in recommended(api_as, operator, path)}

    assert [item["target"]["id"] for item in as_visitor] == [public.pk]
    assert set(as_stranger) == {public.pk, members.pk, anonymous.pk}
    assert as_stranger[anonymous.pk]["owner"] is None
    assert as_stranger[anonymous.pk]["anonymous"] is True
    assert as_stranger[public.pk]["owner"]["name"] == fund.display_name
    assert as_operator[anonymous.pk]["owner"]["id"] == hidden_fund.pk
    page = Client().get(f"/matching/listings/{ask.pk}/recommendations/")
    assert b"Quiet Capital" not in page.content


def test_a_members_only_listing_has_no_recommendations_for_visitors(usd_rate, committed, founder, api_as):
    members_ask = publish(
        committed,
        organisation_of(founder),
        ListingKind.FUNDING_ASK,
        ASK_ZH,
        "zh",
        visibility=Visibility.MEMBERS,
    )

    response = api_as(None).get(f"/matching/listings/{members_ask.pk}/recommendations")

    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_an_organisations_recommendations_are_for_its_members(
    usd_rate, ask, fund, committed, api_as, founder, stranger
):
    right = thesis(committed, fund)
    organisation = organisation_of(founder)
    path = f"/matching/recommendations?organisation={organisation.pk}"

    items = recommended(api_as, founder, path)

    assert [(item["source_id"], item["target"]["id"]) for item in items] == [(ask.pk, right.pk)]
    assert api_as(stranger).get(path).status_code == 403
    assert api_as(None).get(path).status_code == 401
    assert api_as(founder).get("/matching/recommendations?organisation=999999").status_code == 404


def test_a_talent_sees_positions_for_their_own_profile(committed, api_as, talent, incubator):
    from hatchway.directory.models import TalentProfile

    TalentProfile.objects.create(user=talent, nationality="IN", current_country="DE", consent_matching=True)
    profile = committed(
        lambda: do_publish_listing(
            do_create_listing(
                kind=ListingKind.TALENT_PROFILE,
                owner_user=talent,
                title_en="Power electronics engineer, silicon carbide inverters",
                description_en="Eight years designing silicon carbide inverters for electric vehicles.",
            ),
            now=NOW,
        )
    )
    position = publish(
        committed,
        organisation_of(incubator),
        ListingKind.POSITION,
        ("碳化硅逆变器工程师", "负责电动汽车碳化硅逆变器的设计与测试。"),
        "zh",
        attributes={"seniority": "senior"},
    )

    items = recommended(api_as, talent, "/matching/recommendations")

    assert [(item["source_id"], item["target"]["id"]) for item in items] == [(profile.pk, position.pk)]


def test_a_talent_who_has_not_consented_is_not_recommended(committed, api_as, talent, incubator):
    from hatchway.directory.models import TalentProfile

    TalentProfile.objects.create(user=talent, nationality="IN", current_country="DE", consent_matching=False)
    committed(
        lambda: do_publish_listing(
            do_create_listing(
                kind=ListingKind.TALENT_PROFILE,
                owner_user=talent,
                title_en="Power electronics engineer",
                description_en="Silicon carbide inverters for electric vehicles.",
            ),
            now=NOW,
        )
    )
    position = publish(
        committed,
        organisation_of(incubator),
        ListingKind.POSITION,
        ("碳化硅逆变器工程师", "负责电动汽车碳化硅逆变器的设计与测试。"),
        "zh",
        attributes={"seniority": "senior"},
    )

    assert recommended(api_as, incubator, f"/matching/listings/{position.pk}/recommendations") == []


def test_dismissed_results_go_and_results_like_a_not_relevant_one_drop(
    usd_rate, ask, fund, other_fund, committed, api_as, founder
):
    first = thesis(committed, fund)
    twin = thesis(committed, other_fund)  # the same text from another fund
    third_fund = make_organisation(OrganisationKind.INVESTOR)
    different = thesis(committed, third_fund, OTHER_EN)
    path = f"/matching/listings/{ask.pk}/recommendations"
    before = {item["target"]["id"]: item["score"] for item in recommended(api_as, founder, path)}

    Feedback.objects.create(source=ask, target=first, user=founder, verdict="dismissed")
    Feedback.objects.create(source=ask, target=twin, user=founder, verdict="not_relevant")
    after = {item["target"]["id"]: item for item in recommended(api_as, founder, path)}

    assert first.pk not in after
    assert after[twin.pk]["score"] == before[twin.pk] - 40
    assert "like_not_relevant" in [reason["code"] for reason in after[twin.pk]["gaps"]]
    assert after[different.pk]["score"] == before[different.pk]


THESIS_ZH = (
    "电动汽车功率半导体",
    "我们投资研发电动汽车碳化硅功率模块和逆变器的A轮企业。单笔投资500万至2000万美元。",
)


def test_a_result_marked_not_relevant_demotes_its_translation_in_the_other_language(
    usd_rate, ask, fund, other_fund, committed, api_as, founder
):
    rejected = thesis(committed, fund)
    translated = publish(
        committed,
        other_fund,
        ListingKind.INVESTMENT_THESIS,
        THESIS_ZH,
        "zh",
        sectors=["integrated_circuits"],
        stages=["series_a"],
        countries=["CN"],
        languages=["zh"],
        amount_min=5_000_000_00,
        amount_max=20_000_000_00,
        currency="USD",
    )
    different = thesis(committed, make_organisation(OrganisationKind.INVESTOR), OTHER_EN)
    path = f"/matching/listings/{ask.pk}/recommendations"
    before = {item["target"]["id"]: item["score"] for item in recommended(api_as, founder, path)}

    Feedback.objects.create(source=ask, target=rejected, user=founder, verdict="not_relevant")
    after = {item["target"]["id"]: item for item in recommended(api_as, founder, path)}

    assert after[translated.pk]["score"] < before[translated.pk]
    assert "like_not_relevant" in [reason["code"] for reason in after[translated.pk]["gaps"]]
    assert after[different.pk]["score"] == before[different.pk]


def test_the_listing_page_loads_its_recommendations_with_reasons_and_actions(
    usd_rate, ask, fund, committed, client_as, founder
):
    right = thesis(committed, fund)
    client = client_as(founder)

    page = client.get(f"/listings/{ask.pk}/")
    fragment = client.get(f"/matching/listings/{ask.pk}/recommendations/", headers={"HX-Request": "true"})

    assert f'hx-get="/matching/listings/{ask.pk}/recommendations/"'.encode() in page.content
    html = fragment.content.decode()
    assert "Recommended for you" in html
    assert f'data-recommendation="{right.pk}"' in html
    assert "same sector: Integrated circuits" in html
    assert "Why the texts are close" in html
    assert 'data-action="express-interest"' in html
    assert 'data-action="not-relevant"' in html


def test_the_workspace_shows_recommendations_across_the_members_listings(
    usd_rate, ask, fund, committed, client_as, investor
):
    right = thesis(committed, fund)
    client = client_as(investor)

    workspace = client.get("/workspace/")
    fragment = client.get("/matching/recommendations/")

    assert b'hx-get="/matching/recommendations/"' in workspace.content
    html = fragment.content.decode()
    assert f'data-recommendation="{ask.pk}"' in html
    assert right.title_en in html  # "for “…”": which of the fund's listings it is for
    assert "集成电路" in html  # the investor reads Chinese


def test_the_number_of_queries_does_not_grow_with_the_recommendations(
    usd_rate, ask, committed, client_as, founder
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as(founder)
    path = f"/matching/listings/{ask.pk}/recommendations/"

    def queries_for(funds: int) -> int:
        for _number in range(funds):
            thesis(committed, make_organisation(OrganisationKind.INVESTOR))
        client.get(path)  # the index catches up and the sentences are encoded outside the count
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        assert response.content.decode().count("data-recommendation=") == min(
            Listing.objects.of_kind(ListingKind.INVESTMENT_THESIS).count(), 5
        )
        return len(captured)

    assert queries_for(1) == queries_for(3)


def test_the_highlight_examples_hold():
    import doctest

    from hatchway.matching import highlight

    failures, tried = doctest.testmod(highlight)

    assert tried > 0
    assert failures == 0


def test_an_anonymous_listings_recommendations_are_for_those_who_know_its_owner(
    usd_rate, committed, founder, fund, stranger, api_as, client_as
):
    hidden_ask = publish(
        committed,
        organisation_of(founder),
        ListingKind.FUNDING_ASK,
        ASK_ZH,
        "zh",
        visibility=Visibility.ANONYMOUS,
        stages=["series_a"],
        amount_min=50_000_000_00,
        amount_max=50_000_000_00,
        currency="CNY",
    )
    right = thesis(committed, fund)
    path = f"/matching/listings/{hidden_ask.pk}/recommendations"

    assert [item["target"]["id"] for item in recommended(api_as, founder, path)] == [right.pk]
    assert recommended(api_as, stranger, path) == []
    page = client_as(stranger).get(f"/matching/listings/{hidden_ask.pk}/recommendations/")
    assert page.status_code == 200
    assert page.content == b""


def test_the_pages_send_visitors_to_sign_in_where_they_may_not_read(usd_rate, committed, founder):
    members_ask = publish(
        committed,
        organisation_of(founder),
        ListingKind.FUNDING_ASK,
        ASK_ZH,
        "zh",
        visibility=Visibility.MEMBERS,
    )

    for path in (f"/matching/listings/{members_ask.pk}/recommendations/", "/matching/recommendations/"):
        response = Client().get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/sign-in/")
