"""Competitions: panels and conflicts of interest, scoring, raw and calibrated rankings, advancement, awards."""

from __future__ import annotations

import datetime as dt

import pytest

from hatchway.competitions.actions import (
    do_give_award,
    do_record_settlement,
    do_score_entry,
    do_seat_judge,
    record_settlement_flow,
)
from hatchway.competitions.models import Award, ConflictOfInterest, Entry, Score
from hatchway.directory.actions import do_grant_role
from hatchway.directory.models import OrganisationKind, Role
from hatchway.errors import InvalidInput
from hatchway.flows.models import Flow
from tests.competitions.conftest import build_contest, make_judge, seat
from tests.conftest import make_organisation, make_user
from tests.events.conftest import carrier_of

pytestmark = pytest.mark.usefixtures("frozen")


def _marks(contest, team, market):
    return {contest.criteria[0].pk: team, contest.criteria[1].pk: market}


def test_a_judge_sees_the_entries_of_their_panel_and_the_anchors_of_the_round(contest, api_as):
    judge = seat(contest.sites[0], make_judge())
    own = contest.enter(contest.sites[0], "Gene therapy")
    anchor = contest.enter(contest.sites[1], "Anchor project", anchor=True)
    contest.enter(contest.sites[1], "Munich only")

    response = api_as(judge).get(f"/judging/sites/{contest.sites[0].pk}/entries")

    assert response.status_code == 200
    assert {item["id"] for item in response.json()["items"]} == {own.pk, anchor.pk}


def test_a_judge_never_sees_an_entry_of_an_organisation_they_belong_to(contest, api_as, client_as):
    judge = seat(contest.sites[0], make_judge())
    enterprise = make_organisation(OrganisationKind.ENTERPRISE, country="DE")
    do_grant_role(judge, Role.ENTERPRISE_MEMBER, enterprise)
    theirs = contest.enter(contest.sites[0], "My own startup", enterprise=enterprise)
    other = contest.enter(contest.sites[0], "Someone else")

    items = api_as(judge).get(f"/judging/sites/{contest.sites[0].pk}/entries").json()["items"]
    assert [item["id"] for item in items] == [other.pk]
    page = client_as(judge).get(f"/events/judging/sites/{contest.sites[0].pk}/").content.decode()
    assert "Someone else" in page
    assert "My own startup" not in page
    put = api_as(judge).request(
        "put",
        f"/judging/sites/{contest.sites[0].pk}/entries/{theirs.pk}/scores",
        {"marks": _marks(contest, 9, 5)},
    )
    assert put.status_code == 404
    assert not Score.objects.exists()


def test_a_judge_from_the_incubating_carrier_is_conflicted_too(contest, api_as):
    judge = seat(contest.sites[0], make_judge())
    carrier = make_organisation(OrganisationKind.CARRIER)
    do_grant_role(judge, Role.CARRIER_STAFF, carrier)
    contest.enter(
        contest.sites[0],
        "Incubated",
        enterprise=make_organisation(OrganisationKind.ENTERPRISE, incubating_carrier=carrier),
    )
    assert api_as(judge).get(f"/judging/sites/{contest.sites[0].pk}/entries").json()["items"] == []


def test_a_declared_conflict_hides_the_entry_and_withdraws_the_judges_marks(contest, api_as):
    judge = seat(contest.sites[0], make_judge())
    entry = contest.enter(contest.sites[0], "Gene therapy")
    do_score_entry(judge, contest.sites[0], entry, _marks(contest, 7, 3))

    response = api_as(judge).post(
        f"/judging/sites/{contest.sites[0].pk}/entries/{entry.pk}/conflict",
        {"reason": "I advised them in 2025"},
    )

    assert response.status_code == 204
    assert ConflictOfInterest.objects.get(judge=judge, entry=entry).reason == "I advised them in 2025"
    assert not Score.objects.filter(judge=judge).exists()
    assert api_as(judge).get(f"/judging/sites/{contest.sites[0].pk}/entries").json()["items"] == []


def test_someone_off_the_panel_sees_no_site(contest, api_as, founder):
    seat(contest.sites[0], make_judge())
    other_judge = make_judge()
    assert api_as(other_judge).get(f"/judging/sites/{contest.sites[0].pk}/entries").status_code == 404
    assert api_as(founder).get(f"/judging/sites/{contest.sites[0].pk}/entries").status_code == 404


def test_only_judges_sit_on_a_panel(contest):
    with pytest.raises(InvalidInput):
        do_seat_judge(contest.sites[0], make_user())


def test_marks_are_saved_and_corrected(contest, api_as):
    judge = seat(contest.sites[0], make_judge())
    entry = contest.enter(contest.sites[0], "Gene therapy")
    path = f"/judging/sites/{contest.sites[0].pk}/entries/{entry.pk}/scores"

    assert api_as(judge).put(path, {"marks": _marks(contest, 7, 3)}).status_code == 200
    assert api_as(judge).put(path, {"marks": _marks(contest, 8, 4)}).status_code == 200

    assert sorted(Score.objects.filter(judge=judge).values_list("value", flat=True)) == [4, 8]


@pytest.mark.parametrize(
    ("team", "market", "bad"),
    [(11, 3, 0), (5, 0, 1)],
)
def test_a_mark_outside_its_range_is_refused_where_it_is(contest, api_as, team, market, bad):
    judge = seat(contest.sites[0], make_judge(language="en"))
    entry = contest.enter(contest.sites[0], "Gene therapy")
    response = api_as(judge).request(
        "put",
        f"/judging/sites/{contest.sites[0].pk}/entries/{entry.pk}/scores",
        {"marks": _marks(contest, team, market)},
        **{"Accept-Language": "en"},
    )
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["location"] == f"body.marks.{contest.criteria[bad].pk}"
    assert "outside" in error["message"]
    assert not Score.objects.exists()


def test_every_criterion_must_be_marked(contest, api_as):
    judge = seat(contest.sites[0], make_judge())
    entry = contest.enter(contest.sites[0], "Gene therapy")
    response = api_as(judge).request(
        "put",
        f"/judging/sites/{contest.sites[0].pk}/entries/{entry.pk}/scores",
        {"marks": {contest.criteria[0].pk: 5}},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["location"] == f"body.marks.{contest.criteria[1].pk}"
    assert not Score.objects.exists()


def test_a_judge_marks_on_the_page_with_htmx(contest, client_as):
    judge = seat(contest.sites[0], make_judge())
    entry = contest.enter(contest.sites[0], "Gene therapy")
    client = client_as(judge)
    prefix = f"e{entry.pk}-c"
    url = f"/events/judging/sites/{contest.sites[0].pk}/entries/{entry.pk}/"

    bad = client.post(
        url,
        {f"{prefix}{contest.criteria[0].pk}": 12, f"{prefix}{contest.criteria[1].pk}": 3},
        headers={"HX-Request": "true"},
    )
    assert bad.status_code == 422
    assert "<html" not in bad.content.decode()
    assert not Score.objects.exists()

    good = client.post(
        url,
        {f"{prefix}{contest.criteria[0].pk}": 9, f"{prefix}{contest.criteria[1].pk}": 3},
        headers={"HX-Request": "true"},
    )
    assert good.status_code == 200
    assert f'id="entry-{entry.pk}"' in good.content.decode()
    assert "data-scored" in good.content.decode()
    assert Score.objects.filter(judge=judge, entry=entry).count() == 2


# A competition with three sites whose panels differ: Munich's is harsh, Boston's lenient. One Munich
# judge also sits on Boston's panel, one anchor entry is marked by every panel, and one Shanghai judge
# is in conflict with an entry. One criterion from 0 to 100, so each mark is the total.
TRUE = {"sh-a": 60, "sh-b": 72, "mu-a": 80, "mu-b": 58, "bo-a": 62, "bo-b": 50, "anchor": 66}
BIAS = {0: 0, 1: -16, 2: 14}


@pytest.fixture
def judged(incubator):
    contest = build_contest(carrier_of(incubator), criteria=(("Overall", 1, 0, 100),))
    home = {"sh": 0, "mu": 1, "bo": 2}
    entries = {
        key: contest.enter(contest.sites[home.get(key[:2], 0)], key, anchor=key == "anchor") for key in TRUE
    }
    panels = {index: [seat(site, make_judge()) for _ in range(2)] for index, site in enumerate(contest.sites)}
    overlapping = seat(contest.sites[2], panels[1][0])
    do_grant_role(panels[0][1], Role.ENTERPRISE_MEMBER, entries["sh-b"].enterprise)  # conflicted
    criterion = contest.criteria[0]
    for index, site in enumerate(contest.sites):
        for judge in panels[index] + ([overlapping] if index == 2 else []):
            bias = BIAS[1] if judge == overlapping else BIAS[index]
            for entry in Entry.objects.for_judge(judge, site):
                do_score_entry(judge, site, entry, {criterion.pk: TRUE[entry.title_en] + bias})
    return contest, entries


def test_raw_and_calibrated_rankings_differ_and_the_calibrated_one_is_right(judged, incubator, api_as):
    contest, entries = judged
    assert not Score.objects.filter(
        entry=entries["sh-b"], judge__memberships__role=Role.ENTERPRISE_MEMBER
    ).exists()

    response = api_as(incubator).get(
        f"/competitions/{contest.competition.pk}/rounds/{contest.first.pk}/results"
    )

    assert response.status_code == 200
    body = response.json()
    by_title = {Entry.objects.get(pk=row["entry_id"]).title_en: row for row in body["results"]}
    truth = sorted(TRUE, key=lambda key: -TRUE[key])
    calibrated = sorted(by_title, key=lambda key: by_title[key]["calibrated_rank"])
    raw = sorted(by_title, key=lambda key: by_title[key]["raw_rank"])
    assert calibrated == truth
    assert raw != truth
    assert body["groups"] == 1
    effects = {item["site"]: item["effect"] for item in body["site_effects"]}
    assert effects["Munich"] < effects["Shanghai"] < effects["Boston"]
    anchor = by_title["anchor"]
    assert anchor["judges"] == 7
    assert anchor["disagreement"] > 0.25
    assert anchor["spread"] > 0


def test_the_results_page_shows_both_rankings_and_explains_the_method(judged, incubator, client_as):
    contest, _entries = judged
    incubator.language = "en"  # the method's wording is compared with the English source text
    incubator.save()
    html = (
        client_as(incubator)
        .get(
            f"/events/competitions/{contest.competition.pk}/rounds/{contest.first.pk}/results/",
            headers={"Accept-Language": "en"},
        )
        .content.decode()
    )
    assert "data-raw-rank" in html
    assert "data-calibrated-rank" in html
    assert "least-squares" in html
    assert "anchor entries" in html
    assert html.count("data-result=") == len(TRUE)


def test_results_are_for_the_organiser_only(judged, founder, api_as, client_as):
    contest, _entries = judged
    judge = contest.sites[0].judges.first()
    for user in (founder, judge):
        path = f"/competitions/{contest.competition.pk}/rounds/{contest.first.pk}/results"
        assert api_as(user).get(path).status_code == 403
    page = client_as(founder).get(
        f"/events/competitions/{contest.competition.pk}/rounds/{contest.first.pk}/results/"
    )
    assert page.status_code == 403


def test_the_best_entries_advance_to_the_final(judged, incubator, api_as):
    contest, entries = judged
    chosen = [entries["mu-a"].pk, entries["sh-b"].pk]
    response = api_as(incubator).post(
        f"/competitions/{contest.competition.pk}/advancements",
        {"entry_ids": chosen, "site_id": contest.final_site.pk},
    )
    assert response.status_code == 200
    assert response.json() == {"advanced": 2}
    assert set(Entry.objects.filter(site=contest.final_site).values_list("pk", flat=True)) == set(chosen)
    assert Entry.objects.filter(eliminated=True).count() == len(TRUE) - 2
    finalist_judge = seat(contest.final_site, make_judge())
    items = api_as(finalist_judge).get(f"/judging/sites/{contest.final_site.pk}/entries").json()["items"]
    assert {item["id"] for item in items} == set(chosen)


def test_entries_cannot_skip_a_round(judged, incubator, api_as):
    contest, entries = judged
    response = api_as(incubator).post(
        f"/competitions/{contest.competition.pk}/advancements",
        {"entry_ids": [entries["mu-a"].pk], "site_id": contest.sites[1].pk},
    )
    assert response.status_code == 422
    assert Entry.objects.get(pk=entries["mu-a"].pk).site == contest.sites[1]


def test_an_award_winner_that_settles_in_an_incubator_records_a_project_flow(contest, incubator, api_as):
    entry = contest.enter(contest.sites[0], "Gene therapy")  # a German enterprise
    response = api_as(incubator).post(
        f"/competitions/entries/{entry.pk}/awards", {"name_en": "First prize", "rank": 1}
    )
    assert response.status_code == 201
    award_id = response.json()["id"]
    carrier = carrier_of(incubator)

    settled = api_as(incubator).post(
        f"/awards/{award_id}/settlement", {"carrier_id": carrier.pk, "settled_on": "2026-06-01"}
    )

    assert settled.status_code == 200
    flow = Flow.objects.get()
    assert (flow.element, flow.direction, flow.origin_country, flow.destination_country) == (
        "project",
        "inbound",
        "DE",
        "CN",
    )
    assert flow.carrier == carrier
    assert flow.occurred_on == dt.date(2026, 6, 1)
    assert Award.objects.get(pk=award_id).flow_id == flow.pk
    again = api_as(incubator).post(
        f"/awards/{award_id}/settlement", {"carrier_id": carrier.pk, "settled_on": "2026-06-02"}
    )
    assert again.status_code == 409
    assert Flow.objects.count() == 1


def test_a_mainland_project_settling_in_shanghai_crosses_no_border(contest, incubator):
    entry = contest.enter(
        contest.sites[0], "Local", enterprise=make_organisation(OrganisationKind.ENTERPRISE, country="CN")
    )
    assert record_settlement_flow(entry, carrier_of(incubator), dt.date(2026, 6, 1)) is None
    award = do_give_award(entry, name_en="Second prize", rank=2)
    do_record_settlement(award, carrier=carrier_of(incubator), settled_on=dt.date(2026, 6, 1))
    assert not Flow.objects.exists()
    assert Award.objects.get().settled_on == dt.date(2026, 6, 1)


def test_only_the_organiser_gives_awards(contest, founder, api_as):
    entry = contest.enter(contest.sites[0], "Gene therapy")
    response = api_as(founder).post(f"/competitions/entries/{entry.pk}/awards", {"name_en": "First prize"})
    assert response.status_code == 404
    assert not Award.objects.exists()


def test_the_competition_page_lists_a_judges_panels(contest, client_as):
    judge = seat(contest.sites[1], make_judge())
    html = client_as(judge).get(f"/events/competitions/{contest.competition.pk}/").content.decode()
    assert f'data-panel="{contest.sites[1].pk}"' in html


def test_an_unpublished_competition_is_hidden_from_the_public(incubator, client):
    contest = build_contest(carrier_of(incubator))
    contest.competition.published = False
    contest.competition.save()
    assert client.get(f"/events/competitions/{contest.competition.pk}/").status_code == 404


def test_the_results_of_an_unmarked_round_list_the_entries_without_ranks(contest, incubator, client_as):
    contest.enter(contest.sites[0], "Gene therapy")
    response = client_as(incubator).get(
        f"/events/competitions/{contest.competition.pk}/rounds/{contest.first.pk}/results/"
    )
    assert response.status_code == 200
    assert response.content.decode().count("data-result=") == 1


def test_a_judge_without_htmx_gets_the_whole_page_back_with_the_error(contest, client_as):
    judge = seat(contest.sites[0], make_judge())
    entry = contest.enter(contest.sites[0], "Gene therapy")
    prefix = f"e{entry.pk}-c"
    response = client_as(judge).post(
        f"/events/judging/sites/{contest.sites[0].pk}/entries/{entry.pk}/",
        {f"{prefix}{contest.criteria[0].pk}": 3, f"{prefix}{contest.criteria[1].pk}": 9},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "<html" in html
    assert 'class="field-error"' in html
    assert not Score.objects.exists()
