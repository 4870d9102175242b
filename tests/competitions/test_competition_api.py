"""Competitions set up through the API: who may create and change what, located errors, and a whole
three-site edition with overlapping and conflicted judges set up, marked and ranked without the admin."""

from __future__ import annotations

import pytest

from hatchway.competitions.actions import do_score_entry
from hatchway.competitions.models import Competition, Criterion, Entry, PanelSeat, Track
from hatchway.directory.actions import do_grant_role
from hatchway.directory.models import OrganisationKind, Role
from tests.competitions.conftest import build_contest, make_judge, seat
from tests.conftest import make_member, make_organisation, make_user
from tests.events.conftest import carrier_of

pytestmark = pytest.mark.usefixtures("frozen")

# One criterion from 0 to 100, so each mark is the total. Munich's panel is harsh, Boston's lenient.
TRUE = {"sh-a": 60, "sh-b": 72, "mu-a": 80, "mu-b": 58, "bo-a": 62, "bo-b": 50, "anchor": 66}
BIAS = {"Shanghai": 0, "Munich": -16, "Boston": 14}


def _created(response, status=201):
    assert response.status_code == status, response.content
    return response.json()


def test_a_three_site_competition_is_set_up_marked_and_ranked_through_the_api(incubator, operator, api_as):
    organiser = api_as(incubator)
    competition = _created(
        organiser.post(
            "/competitions",
            {
                "organiser_id": carrier_of(incubator).pk,
                "name_zh": "跨境创新挑战赛",
                "name_en": "Cross-border Challenge",
                "edition": 2026,
                "published": True,
            },
        )
    )
    cid = competition["id"]
    track = _created(organiser.post(f"/competitions/{cid}/tracks", {"name_en": "Life sciences"}))
    first = _created(organiser.post(f"/competitions/{cid}/rounds", {"number": 1, "name_en": "Site round"}))
    criterion = _created(
        organiser.post(
            f"/competitions/{cid}/criteria", {"name_en": "Overall", "weight": 1, "low": 0, "high": 100}
        )
    )
    sites = {
        name: _created(
            organiser.post(
                f"/competitions/rounds/{first['id']}/sites",
                {"name_en": name, "host_id": make_organisation(OrganisationKind.CARRIER).pk},
            )
        )["id"]
        for name in BIAS
    }
    home = {"sh": "Shanghai", "mu": "Munich", "bo": "Boston"}
    entries = {
        key: _created(
            organiser.post(
                f"/competitions/{cid}/entries",
                {
                    "enterprise_id": make_organisation(OrganisationKind.ENTERPRISE, country="DE").pk,
                    "track_id": track["id"],
                    "site_id": sites[home.get(key[:2], "Shanghai")],
                    "title_en": key,
                    "anchor": key == "anchor",
                },
            )
        )["id"]
        for key in TRUE
    }
    panels = {name: [make_judge(), make_judge()] for name in BIAS}
    overlapping = panels["Munich"][0]
    newcomer = make_user("newcomer@example.org")  # no judge role yet: an operator gives it while seating
    panels["Shanghai"][1] = newcomer
    for name, judges in panels.items():
        for judge in judges:
            by = api_as(operator) if judge == newcomer else organiser
            body = {"email": judge.email, "grant_role": judge == newcomer}
            _created(by.post(f"/competitions/sites/{sites[name]}/judges", body))
    _created(organiser.post(f"/competitions/sites/{sites['Boston']}/judges", {"judge_id": overlapping.pk}))
    # The newcomer works for the enterprise of "sh-b"; a Boston judge declares a conflict with "bo-a".
    do_grant_role(newcomer, Role.ENTERPRISE_MEMBER, Entry.objects.get(pk=entries["sh-b"]).enterprise)
    declaring = panels["Boston"][1]
    assert (
        api_as(declaring)
        .post(
            f"/judging/sites/{sites['Boston']}/entries/{entries['bo-a']}/conflict",
            {"reason": "Former adviser"},
        )
        .status_code
        == 204
    )

    for name, site_id in sites.items():
        for judge in [*panels[name], *([overlapping] if name == "Boston" else [])]:
            bias = BIAS["Munich"] if judge == overlapping else BIAS[name]
            listed = api_as(judge).get(f"/judging/sites/{site_id}/entries").json()["items"]
            for item in listed:
                response = api_as(judge).request(
                    "put",
                    f"/judging/sites/{site_id}/entries/{item['id']}/scores",
                    {"marks": {str(criterion["id"]): TRUE[item["title_en"]] + bias}},
                )
                assert response.status_code == 200

    assert PanelSeat.objects.filter(site__round_id=first["id"]).count() == 7
    conflicts = organiser.get(f"/competitions/{cid}/conflicts").json()["items"]
    assert {(item["judge_id"], item["entry_id"], item["declared"]) for item in conflicts} == {
        (declaring.pk, entries["bo-a"], True),
        (newcomer.pk, entries["sh-b"], False),
    }
    body = organiser.get(f"/competitions/{cid}/rounds/{first['id']}/results").json()
    by_title = {row["title"]: row for row in body["results"]}
    truth = sorted(TRUE, key=lambda key: -TRUE[key])
    assert sorted(by_title, key=lambda key: by_title[key]["calibrated_rank"]) == truth
    assert sorted(by_title, key=lambda key: by_title[key]["raw_rank"]) != truth
    assert body["groups"] == 1
    effects = {item["site"]: item["effect"] for item in body["site_effects"]}
    assert effects["Munich"] < effects["Shanghai"] < effects["Boston"]
    assert by_title["anchor"]["judges"] == 7
    assert by_title["bo-a"]["judges"] == 2  # the declaring judge never marked it


@pytest.mark.parametrize("persona", ["founder", "investor", "talent", "stranger"])
def test_only_members_of_a_carrier_or_operators_create_a_competition(persona, request, incubator, api_as):
    user = request.getfixturevalue(persona)
    response = api_as(user).post(
        "/competitions", {"organiser_id": carrier_of(incubator).pk, "name_en": "Mine now", "edition": 2026}
    )
    assert response.status_code == 403
    assert not Competition.objects.exists()


def test_an_operator_creates_a_competition_for_any_carrier(operator, incubator, api_as):
    response = api_as(operator).post(
        "/competitions", {"organiser_id": carrier_of(incubator).pk, "name_zh": "大赛", "edition": 2026}
    )
    assert response.status_code == 201
    assert Competition.objects.get().organiser == carrier_of(incubator)


def test_an_enterprise_cannot_organise_a_competition(founder, api_as):
    enterprise = founder.memberships.get().organisation
    response = api_as(founder).post(
        "/competitions", {"organiser_id": enterprise.pk, "name_en": "Our cup", "edition": 2026}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["location"] == "body.organiser"


def test_staff_of_another_carrier_change_nothing(contest, api_as):
    other = make_member(Role.CARRIER_STAFF, OrganisationKind.CARRIER)
    cid = contest.competition.pk
    assert api_as(other).patch(f"/competitions/{cid}", {"name_en": "Hijacked"}).status_code == 403
    assert api_as(other).post(f"/competitions/{cid}/tracks", {"name_en": "Extra"}).status_code == 403
    assert (
        api_as(other).patch(f"/competitions/tracks/{contest.track.pk}", {"name_en": "X"}).status_code == 403
    )
    assert (
        api_as(other).post(f"/competitions/sites/{contest.sites[0].pk}/judges", {"judge_id": 1}).status_code
        == 403
    )
    contest.competition.refresh_from_db()
    assert contest.competition.name_en == "Cross-border Challenge"
    assert Track.objects.count() == 1


def test_the_organiser_renames_and_publishes(contest, incubator, api_as):
    contest.competition.published = False
    contest.competition.save()
    response = api_as(incubator).patch(
        f"/competitions/{contest.competition.pk}", {"name_en": "Challenge Cup", "published": True}
    )
    assert response.status_code == 200
    assert response.json()["name"] in {"Challenge Cup", "跨境创新挑战赛"}
    contest.competition.refresh_from_db()
    assert (contest.competition.name_en, contest.competition.published) == ("Challenge Cup", True)


def test_a_part_of_another_competition_is_refused_where_it_is_named(contest, incubator, api_as):
    elsewhere = build_contest(carrier_of(incubator))
    response = api_as(incubator).post(
        f"/competitions/{contest.competition.pk}/entries",
        {
            "enterprise_id": make_organisation(OrganisationKind.ENTERPRISE).pk,
            "track_id": elsewhere.track.pk,
            "site_id": contest.sites[0].pk,
            "title_en": "Misplaced",
        },
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["location"] == "body.track_id"
    assert not Entry.objects.exists()


def test_the_organiser_enters_enterprises_only_and_hears_where_it_went_wrong(contest, incubator, api_as):
    response = api_as(incubator).post(
        f"/competitions/{contest.competition.pk}/entries",
        {
            "enterprise_id": make_organisation(OrganisationKind.INVESTOR).pk,
            "track_id": contest.track.pk,
            "site_id": contest.sites[0].pk,
            "title_en": "A fund is not a contestant",
        },
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["location"] == "body.enterprise_id"
    assert not Entry.objects.exists()


def test_a_criterion_with_an_empty_range_is_refused_on_its_high_end(contest, incubator, api_as):
    response = api_as(incubator).post(
        f"/competitions/{contest.competition.pk}/criteria", {"name_en": "Risk", "low": 5, "high": 5}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["location"] == "body.high"
    assert Criterion.objects.count() == 2


def test_the_rubric_is_frozen_once_marking_starts(contest, incubator, api_as):
    judge = seat(contest.sites[0], make_judge())
    entry = contest.enter(contest.sites[0], "Gene therapy")
    do_score_entry(judge, contest.sites[0], entry, {contest.criteria[0].pk: 5, contest.criteria[1].pk: 3})
    client = api_as(incubator)
    assert client.patch(f"/competitions/criteria/{contest.criteria[0].pk}", {"weight": 5}).status_code == 409
    assert client.delete(f"/competitions/criteria/{contest.criteria[1].pk}").status_code == 409
    assert client.delete(f"/competitions/sites/{contest.sites[0].pk}/judges/{judge.pk}").status_code == 409
    assert client.delete(f"/competitions/entries/{entry.pk}").status_code == 409
    assert Criterion.objects.get(pk=contest.criteria[0].pk).weight == 2


def test_carrier_staff_seat_judges_but_only_operators_give_the_judge_role(
    contest, incubator, operator, api_as
):
    person = make_user("new.judge@example.org")
    path = f"/competitions/sites/{contest.sites[0].pk}/judges"
    refused = api_as(incubator).post(path, {"email": person.email})
    assert refused.status_code == 422
    assert api_as(incubator).post(path, {"email": person.email, "grant_role": True}).status_code == 403
    assert not PanelSeat.objects.exists()

    assert (
        api_as(operator).post(path, {"email": "NEW.judge@example.org", "grant_role": True}).status_code == 201
    )
    assert person.memberships.filter(role=Role.JUDGE).exists()
    listed = api_as(incubator).get(path).json()["items"]
    assert [item["email"] for item in listed] == [person.email]
    assert api_as(incubator).delete(f"{path}/{person.pk}").status_code == 204
    assert not PanelSeat.objects.exists()


def test_an_enterprise_member_enters_their_own_project_while_entries_are_open(contest, founder, api_as):
    enterprise = founder.memberships.get().organisation
    body = {
        "enterprise_id": enterprise.pk,
        "track_id": contest.track.pk,
        "site_id": contest.sites[1].pk,
        "title_en": "Helix gene therapy",
    }
    path = f"/competitions/{contest.competition.pk}/entries"

    assert api_as(founder).post(path, {**body, "anchor": True}).status_code == 403
    assert api_as(founder).post(path, {**body, "enterprise_id": make_organisation().pk}).status_code == 403
    assert api_as(founder).post(path, {**body, "site_id": contest.final_site.pk}).status_code == 422
    created = api_as(founder).post(path, body)
    assert created.status_code == 201
    assert api_as(founder).post(path, body).status_code == 422  # the same title twice
    mine = api_as(founder).get(path).json()["items"]
    assert [item["title_en"] for item in mine] == ["Helix gene therapy"]
    assert Entry.objects.get().enterprise == enterprise

    judge = seat(contest.sites[1], make_judge())
    entry = Entry.objects.get()
    do_score_entry(judge, contest.sites[1], entry, {contest.criteria[0].pk: 5, contest.criteria[1].pk: 3})
    closed = api_as(founder).post(path, {**body, "title_en": "Too late"})
    assert closed.status_code == 409
    assert Entry.objects.count() == 1


def test_an_enterprise_member_sees_only_their_own_entries(contest, founder, api_as):
    contest.enter(contest.sites[0], "Someone else's")
    assert api_as(founder).get(f"/competitions/{contest.competition.pk}/entries").json()["items"] == []
    assert api_as(founder).get(f"/competitions/{contest.competition.pk}/conflicts").status_code == 403


def test_the_list_shows_published_competitions_and_ones_own_drafts(contest, incubator, founder, api_as):
    draft = build_contest(carrier_of(incubator)).competition
    draft.published = False
    draft.save()
    assert {item["id"] for item in api_as(founder).get("/competitions").json()["items"]} == {
        contest.competition.pk
    }
    assert {item["id"] for item in api_as(incubator).get("/competitions").json()["items"]} == {
        contest.competition.pk,
        draft.pk,
    }


def test_a_competition_belongs_to_one_competition_event_of_its_organiser(contest, incubator, api_as):
    from tests.events.conftest import make_event

    forum = make_event(carrier_of(incubator))
    final = make_event(carrier_of(incubator), kind="competition")
    client = api_as(incubator)
    refused = client.patch(f"/competitions/{contest.competition.pk}", {"event_id": forum.pk})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["location"] == "body.event_id"
    assert client.patch(f"/competitions/{contest.competition.pk}", {"event_id": final.pk}).status_code == 200
    assert Competition.objects.get(pk=contest.competition.pk).event == final
