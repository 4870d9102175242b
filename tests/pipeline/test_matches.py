"""Matches move through the stages of their flow; a won match records its flow in the ledger, once."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import translation

from hatchway.directory.models import Organisation
from hatchway.errors import Conflict, Forbidden, InvalidInput
from hatchway.flows.models import Flow
from hatchway.listings.models import ListingKind
from hatchway.pipeline.access import access_match
from hatchway.pipeline.actions import do_accept_interest, do_express_interest, do_move_match
from hatchway.pipeline.models import PIPELINES, Match, MatchStage, MatchStageChange, Pipeline
from hatchway.reports.kpis import KpiFilters, compute_kpi
from tests.matching.listings import NOW, make_listing, organisation_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def capital_match(founder, investor) -> Match:
    """A Berlin startup's funding ask and a Shanghai RMB fund's thesis, interested in each other."""
    Organisation.objects.filter(pk=organisation_of(founder).pk).update(country="DE")
    ask = make_listing(founder, ListingKind.FUNDING_ASK)
    thesis = make_listing(investor, ListingKind.INVESTMENT_THESIS)
    do_express_interest(investor, ask, source=thesis)
    do_express_interest(founder, thesis, source=ask)
    return Match.objects.get()


def _win(match: Match, user, **deal) -> Match:
    for stage in PIPELINES[match.pipeline].stages[1:-1]:
        match = do_move_match(match, user, stage)
    return do_move_match(match, user, PIPELINES[match.pipeline].won, **deal)


@pytest.mark.parametrize(
    ("pipeline", "stages"),
    [
        (Pipeline.CAPITAL, ["interested", "meeting", "due_diligence", "term_sheet", "invested"]),
        (Pipeline.TECHNOLOGY, ["interested", "meeting", "trial", "agreement", "licensed"]),
        (Pipeline.TALENT, ["interested", "interview", "offer", "hired"]),
        (Pipeline.LANDING, ["interested", "visit", "agreement", "landed"]),
    ],
)
def test_each_flow_has_its_stages_in_one_place(pipeline, stages):
    assert list(PIPELINES[pipeline].stages) == stages
    assert PIPELINES[pipeline].next_stages(stages[0]) == (stages[1], "lost")
    assert PIPELINES[pipeline].next_stages(stages[-1]) == ()
    assert PIPELINES[pipeline].next_stages("lost") == ()


def test_a_match_moves_one_stage_at_a_time_and_keeps_its_history(capital_match, investor, founder):
    do_move_match(capital_match, investor, MatchStage.MEETING, note="Call on Monday")
    match = do_move_match(capital_match, founder, MatchStage.DUE_DILIGENCE)

    assert match.stage == "due_diligence"
    history = list(MatchStageChange.objects.filter(match=match).values_list("from_stage", "to_stage", "note"))
    assert history == [
        ("", "interested", ""),
        ("interested", "meeting", "Call on Monday"),
        ("meeting", "due_diligence", ""),
    ]


def test_skipping_a_stage_is_rejected_with_the_stages_it_can_move_to(capital_match, investor, founder):
    with translation.override("en"), pytest.raises(InvalidInput) as error:
        do_move_match(capital_match, founder, MatchStage.TERM_SHEET)
    assert "cannot move from “Interested” to “Term sheet”" in str(error.value.message)
    assert "Meeting, Lost" in str(error.value.message)
    capital_match.refresh_from_db()
    assert capital_match.stage == "interested"


def test_a_stage_of_another_flow_is_rejected(capital_match, investor):
    with translation.override("en"), pytest.raises(InvalidInput, match="not a stage of this match"):
        do_move_match(capital_match, investor, MatchStage.HIRED)


def test_a_lost_match_moves_no_more(capital_match, investor):
    do_move_match(capital_match, investor, MatchStage.LOST)
    with translation.override("en"), pytest.raises(Conflict, match="moves no more"):
        do_move_match(capital_match, investor, MatchStage.MEETING)


def test_only_the_two_sides_and_operators_move_a_match(capital_match, incubator, operator, talent):
    with pytest.raises(Forbidden):
        do_move_match(capital_match, incubator, MatchStage.MEETING)
    assert do_move_match(capital_match, operator, MatchStage.MEETING).stage == "meeting"


def test_a_won_capital_match_writes_exactly_one_flow(capital_match, investor):
    match = _win(
        capital_match, investor, value_minor=3_000_000_000, currency="CNY", evidence_number="SHA-2026-7"
    )

    flow = Flow.objects.get()
    assert match.flow == flow
    assert (flow.element, flow.direction, flow.stage) == ("capital", "outbound", "completed")
    assert (flow.origin_country, flow.destination_country) == ("CN", "DE")
    assert (flow.producer_kind, flow.producer_ref) == ("match", str(match.pk))
    assert (flow.value_minor, flow.currency, flow.evidence_number) == (3_000_000_000, "CNY", "SHA-2026-7")
    assert flow.occurred_on == dt.date(2026, 3, 2)

    with pytest.raises(Conflict):
        do_move_match(match, investor, MatchStage.INVESTED, value_minor=1, currency="CNY")
    with pytest.raises(Conflict):
        do_move_match(match, investor, MatchStage.LOST)
    assert Flow.objects.count() == 1


def test_winning_an_investment_without_its_amount_asks_for_it_and_changes_nothing(capital_match, investor):
    with pytest.raises(InvalidInput) as error:
        _win(capital_match, investor)
    assert error.value.details["errors"][0]["location"] == "body.value_minor"
    capital_match.refresh_from_db()
    assert capital_match.stage == "term_sheet"
    assert not Flow.objects.exists()


def test_a_talent_hired_from_abroad_is_an_inbound_talent_flow(talent, incubator):
    from hatchway.directory.models import TalentProfile

    TalentProfile.objects.create(
        user=talent, nationality="DE", current_country="DE", field="power electronics"
    )
    position = make_listing(incubator, ListingKind.POSITION)
    interest = do_express_interest(talent, position, message="I design inverters.")
    match = do_accept_interest(interest, incubator)

    match = _win(match, incubator)

    flow = Flow.objects.get()
    assert (flow.element, flow.direction, flow.origin_country, flow.destination_country) == (
        "talent",
        "inbound",
        "DE",
        "CN",
    )
    assert flow.carrier == organisation_of(incubator)
    assert match.stage == "hired"


def test_a_match_between_two_sides_in_one_country_records_no_flow(investor, incubator):
    ask = make_listing(incubator, ListingKind.FUNDING_ASK)
    thesis = make_listing(investor, ListingKind.INVESTMENT_THESIS)
    match = do_accept_interest(do_express_interest(investor, ask, source=thesis), incubator)

    match = _win(match, investor, value_minor=100, currency="CNY")

    assert match.is_won
    assert match.flow is None
    assert not Flow.objects.exists()


def test_only_the_two_sides_and_operators_read_a_match(capital_match, investor, founder, operator, incubator):
    for reader in (investor, founder, operator):
        assert access_match(reader, capital_match.pk) == capital_match
    from hatchway.errors import NotFound

    with pytest.raises(NotFound):
        access_match(incubator, capital_match.pk)


def test_the_match_page_shows_the_history_and_moves_by_button(client_as, capital_match, founder):
    client = client_as(founder)
    page = client.get(f"/matching/matches/{capital_match.pk}/").content.decode()
    assert 'data-move="meeting"' in page
    assert 'data-move="lost"' in page
    assert 'data-move="term_sheet"' not in page

    response = client.post(
        f"/matching/matches/{capital_match.pk}/stage/", {"stage": "meeting", "note": "Zoom"}
    )

    assert response.status_code == 302
    capital_match.refresh_from_db()
    assert capital_match.stage == "meeting"
    page = client.get(f"/matching/matches/{capital_match.pk}/").content.decode()
    assert "Zoom" in page


def test_the_match_page_shows_a_refused_move_and_the_won_flow(client_as, capital_match, investor):
    client = client_as(investor)
    refused = client.post(f"/matching/matches/{capital_match.pk}/stage/", {"stage": "invested"})
    assert refused.status_code == 422
    assert 'role="alert"' in refused.content.decode()

    for stage in ("meeting", "due_diligence", "term_sheet"):
        client.post(f"/matching/matches/{capital_match.pk}/stage/", {"stage": stage})
    client.post(
        f"/matching/matches/{capital_match.pk}/stage/",
        {"stage": "invested", "value": "30000000", "currency": "CNY", "evidence_number": "A-1"},
    )

    flow = Flow.objects.get()
    assert flow.value_minor == 3_000_000_000
    page = client.get(f"/matching/matches/{capital_match.pk}/").content.decode()
    assert f'href="/flows/{flow.pk}/"' in page


def test_a_stranger_does_not_see_a_match_page(client_as, capital_match, stranger):
    assert client_as(stranger).get(f"/matching/matches/{capital_match.pk}/").status_code == 404


def test_conversion_kpis_count_interests_meetings_and_outcomes(investor, founder, incubator):
    Organisation.objects.filter(pk=organisation_of(founder).pk).update(country="DE")
    thesis = make_listing(investor, ListingKind.INVESTMENT_THESIS)
    asks = [make_listing(owner, ListingKind.FUNDING_ASK) for owner in (founder, incubator)]
    matches = []
    for ask in asks:
        interest = do_express_interest(investor, ask, source=thesis)
        matches.append(do_accept_interest(interest, founder if ask == asks[0] else incubator))
    third = make_listing(
        founder, ListingKind.FUNDING_ASK, title_en="Seed for sensors", title_zh="传感器种子轮"
    )
    do_express_interest(investor, third, source=thesis)  # an interest that never led anywhere
    _win(matches[0], investor, value_minor=100_000, currency="CNY")
    do_move_match(matches[1], investor, MatchStage.MEETING)
    do_move_match(matches[1], investor, MatchStage.LOST)

    year = KpiFilters.for_year(2026)
    # Three interests opened a conversation (the answers that made the matches do not count again); two met.
    assert compute_kpi("conversion_interest_to_meeting", year) == pytest.approx(66.7)
    assert compute_kpi("conversion_meeting_to_outcome", year) == 50.0
    assert compute_kpi("conversion_meeting_to_outcome", KpiFilters.for_year(2025)) is None


def test_the_demo_builds_interests_and_matches_at_several_stages_once(operator, founder, investor, incubator):
    from hatchway.pipeline.demo import build_demo_matches

    Organisation.objects.filter(pk=organisation_of(founder).pk).update(country="DE")
    for number in range(4):
        make_listing(founder, ListingKind.FUNDING_ASK, reference=f"demo-ask-{number}")
        make_listing(investor, ListingKind.INVESTMENT_THESIS, reference=f"demo-thesis-{number}")

    added = build_demo_matches()

    assert added == 7  # one interest alone, three matches of two interests each
    assert sorted(Match.objects.values_list("stage", flat=True)) == ["due_diligence", "invested", "meeting"]
    assert Flow.objects.get().producer_ref == str(Match.objects.get(stage="invested").pk)
    assert build_demo_matches() == 0
    assert Match.objects.count() == 3
