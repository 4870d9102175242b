"""Competitions run through pages: the list, creating and editing an edition, setting up tracks, rounds,
sites, panels, the rubric and entries, an enterprise entering its own project, conflicts for the organiser."""

from __future__ import annotations

import html

import pytest
from django.utils import translation
from django.utils.translation import gettext as _

from hatchway.competitions.actions import do_declare_conflict, do_score_entry
from hatchway.competitions.models import Competition, Criterion, Entry, PanelSeat, Round, Site, Track
from hatchway.directory.actions import do_grant_role
from hatchway.directory.models import OrganisationKind, Role
from tests.competitions.conftest import build_contest, make_judge, seat
from tests.conftest import make_organisation, make_user
from tests.events.conftest import carrier_of, make_event

pytestmark = pytest.mark.usefixtures("frozen")


def test_an_organiser_sets_up_a_whole_edition_on_the_pages(incubator, client_as):
    client = client_as(incubator)
    carrier = carrier_of(incubator)
    event = make_event(carrier, kind="competition", title_en="Challenge final")

    created = client.post(
        "/events/competitions/new/",
        {"organiser": carrier.pk, "event": event.pk, "name_zh": "挑战赛", "edition": 2026, "published": "on"},
    )
    competition = Competition.objects.get()
    assert created.status_code == 302
    assert created["Location"] == f"/events/competitions/{competition.pk}/manage/"
    manage = f"/events/competitions/{competition.pk}/manage/"
    host = make_organisation(OrganisationKind.CARRIER)
    enterprise = make_organisation(OrganisationKind.ENTERPRISE, name_en="Helix Bio GmbH")
    judge = make_judge(email="judge.one@example.org", full_name="Judge One")
    for data in (
        {"part": "track", "track-name_en": "Life sciences"},
        {"part": "round", "round-number": 1, "round-name_zh": "赛点赛"},
    ):
        assert client.post(manage, data).status_code == 302
    first = Round.objects.get()
    steps = (
        {"part": "site", "site-round": first.pk, "site-host": host.name_en, "site-name_en": "Munich"},
        {
            "part": "criterion",
            "criterion-name_en": "Team",
            "criterion-weight": 2,
            "criterion-low": 0,
            "criterion-high": 10,
        },
    )
    for data in steps:
        assert client.post(manage, data).status_code == 302
    site = Site.objects.get()
    entered = client.post(
        manage,
        {
            "part": "entry",
            "entry-enterprise": "helix bio gmbh",
            "entry-track": Track.objects.get().pk,
            "entry-site": site.pk,
            "entry-title_en": "Gene therapy",
            "entry-anchor": "on",
        },
    )
    assert entered.status_code == 302
    panel = f"/events/competitions/{competition.pk}/sites/{site.pk}/panel/"
    found = client.get(panel, {"q": "Judge On"}).content.decode()
    assert f'data-person="{judge.pk}"' in found
    assert client.post(panel, {"person": judge.pk}).status_code == 302

    assert competition.event == event
    assert PanelSeat.objects.get().judge == judge
    entry = Entry.objects.get()
    assert (entry.enterprise, entry.site, entry.anchor) == (enterprise, site, True)
    assert Criterion.objects.get().weight == 2
    page = client.get(manage).content.decode()
    assert "data-panel-size>1<" in page
    assert f'data-entry="{entry.pk}"' in page
    assert f"/events/competitions/{competition.pk}/" in client.get(f"/events/{event.pk}/").content.decode()


@pytest.mark.parametrize("persona", ["founder", "talent", "stranger"])
def test_people_who_organise_nothing_cannot_open_the_new_competition_form(persona, request, db, client_as):
    user = request.getfixturevalue(persona)
    assert client_as(user).get("/events/competitions/new/").status_code == 404


@pytest.mark.parametrize(
    ("persona", "published", "status"),
    [("founder", True, 403), ("founder", False, 404), ("investor", True, 403), ("incubator", True, 200)],
)
def test_only_the_organiser_edits_and_sets_up(persona, published, status, request, incubator, client_as):
    contest = build_contest(carrier_of(incubator))
    Competition.objects.filter(pk=contest.competition.pk).update(published=published)
    client = client_as(request.getfixturevalue(persona))
    cid = contest.competition.pk
    for path in (
        f"/events/competitions/{cid}/edit/",
        f"/events/competitions/{cid}/manage/",
        f"/events/competitions/{cid}/tracks/{contest.track.pk}/edit/",
        f"/events/competitions/{cid}/sites/{contest.sites[0].pk}/panel/",
    ):
        assert client.get(path).status_code == status, path
    client.post(f"/events/competitions/{cid}/manage/", {"part": "track", "track-name_en": "Sneaked in"})
    assert Track.objects.filter(name_en="Sneaked in").exists() == (status == 200)


def test_an_operator_edits_any_competition(contest, operator, client_as):
    response = client_as(operator).post(
        f"/events/competitions/{contest.competition.pk}/edit/",
        {"name_en": "Renamed", "name_zh": "", "edition": 2027, "published": "on"},
    )
    assert response.status_code == 302
    contest.competition.refresh_from_db()
    assert (contest.competition.name_en, contest.competition.edition) == ("Renamed", 2027)


def test_form_errors_stand_beside_their_field_and_nothing_is_saved(organiser, client_as):
    contest = build_contest(carrier_of(organiser))
    client = client_as(organiser)
    manage = f"/events/competitions/{contest.competition.pk}/manage/"
    with translation.override("en"):
        bad_range = client.post(
            manage,
            {
                "part": "criterion",
                "criterion-name_en": "Risk",
                "criterion-weight": 1,
                "criterion-low": 5,
                "criterion-high": 5,
            },
            headers={"Accept-Language": "en"},
        )
        unknown = client.post(
            manage,
            {
                "part": "entry",
                "entry-enterprise": "Nobody Ltd",
                "entry-track": contest.track.pk,
                "entry-site": contest.sites[0].pk,
                "entry-title_en": "Ghost",
            },
        )
        no_name = client.post(manage, {"part": "track", "track-name_en": " "})
    assert bad_range.status_code == 422
    assert 'id="id_criterion-high_error"' in bad_range.content.decode()
    assert "must be above the lowest" in bad_range.content.decode()
    assert unknown.status_code == 422
    assert 'id="id_entry-enterprise_error"' in unknown.content.decode()
    assert "Nobody Ltd" in unknown.content.decode()
    assert no_name.status_code == 422
    assert 'id="id_track-name_en_error"' in no_name.content.decode()
    assert Criterion.objects.filter(competition=contest.competition).count() == 2
    assert not Entry.objects.exists()
    assert Track.objects.filter(competition=contest.competition).count() == 1


def test_a_round_number_used_twice_is_refused_on_the_number(contest, incubator, client_as):
    response = client_as(incubator).post(
        f"/events/competitions/{contest.competition.pk}/rounds/{contest.final.pk}/edit/",
        {"number": 1, "name_en": "Final"},
    )
    assert response.status_code == 422
    assert 'id="id_number_error"' in response.content.decode()
    assert Round.objects.get(pk=contest.final.pk).number == 2


def test_the_competition_list_is_public_for_published_editions(contest, incubator, client):
    draft = build_contest(carrier_of(incubator)).competition
    Competition.objects.filter(pk=draft.pk).update(published=False, name_en="Secret draft")
    html = client.get("/events/competitions/").content.decode()
    assert f'data-competition="{contest.competition.pk}"' in html
    assert f'data-competition="{draft.pk}"' not in html
    assert 'data-action="new-competition"' not in html


def test_an_enterprise_member_enters_a_project_on_the_page_until_judging_starts(contest, founder, client_as):
    client = client_as(founder)
    enterprise = founder.memberships.get().organisation
    detail = client.get(f"/events/competitions/{contest.competition.pk}/").content.decode()
    assert 'data-action="enter"' in detail
    enter = f"/events/competitions/{contest.competition.pk}/enter/"
    form = client.get(enter).content.decode()
    assert f'value="{contest.final_site.pk}"' not in form  # only sites of the first round are offered

    response = client.post(
        enter,
        {
            "enterprise": enterprise.pk,
            "track": contest.track.pk,
            "site": contest.sites[0].pk,
            "title_en": "Helix gene therapy",
        },
    )
    assert response.status_code == 302
    entry = Entry.objects.get()
    assert (entry.enterprise, entry.anchor) == (enterprise, False)
    assert (
        f'data-own-entry="{entry.pk}"'
        in client.get(f"/events/competitions/{contest.competition.pk}/").content.decode()
    )

    do_score_entry(
        seat(contest.sites[0], make_judge()),
        contest.sites[0],
        entry,
        {
            contest.criteria[0].pk: 5,
            contest.criteria[1].pk: 3,
        },
    )
    closed = client.post(
        enter,
        {
            "enterprise": enterprise.pk,
            "track": contest.track.pk,
            "site": contest.sites[0].pk,
            "title_en": "Late",
        },
    )
    assert closed.status_code == 409
    assert "data-closed" in closed.content.decode()
    assert Entry.objects.count() == 1


def test_an_enterprise_member_who_asks_for_an_anchor_on_the_page_is_refused_as_in_the_api(
    contest, founder, client_as
):
    client = client_as(founder)
    enterprise = founder.memberships.get().organisation
    enter = f"/events/competitions/{contest.competition.pk}/enter/"
    form = client.get(enter).content.decode()
    assert 'type="checkbox" name="anchor"' not in form  # not offered to an enterprise

    response = client.post(
        enter,
        {
            "enterprise": enterprise.pk,
            "track": contest.track.pk,
            "site": contest.sites[0].pk,
            "title_en": "Helix gene therapy",
            "anchor": "on",
        },
    )

    assert response.status_code == 422
    with translation.override(founder.language):
        refusal = _("Only the organiser marks an entry as an anchor. Leave “anchor” false.")
    assert html.escape(str(refusal)) in response.content.decode()
    assert not Entry.objects.exists()


def test_someone_without_an_enterprise_cannot_enter_a_project(contest, talent, client_as):
    assert client_as(talent).get(f"/events/competitions/{contest.competition.pk}/enter/").status_code == 403


def test_carrier_staff_find_judges_but_not_everyone_by_name(contest, incubator, operator, client_as):
    judge = make_judge(email="ada@example.org", full_name="Ada Judge")
    person = make_user("ada.private@example.org", full_name="Ada Private")
    panel = f"/events/competitions/{contest.competition.pk}/sites/{contest.sites[0].pk}/panel/"

    by_staff = client_as(incubator).get(panel, {"q": "Ada"}).content.decode()
    assert f'data-person="{judge.pk}"' in by_staff
    assert f'data-person="{person.pk}"' not in by_staff
    exact = client_as(incubator).get(panel, {"q": "ada.private@example.org"}).content.decode()
    assert f'data-person="{person.pk}"' in exact
    client_as(incubator).post(panel, {"person": person.pk, "grant_role": "on"})
    assert not PanelSeat.objects.exists()
    assert not person.memberships.exists()

    by_operator = client_as(operator).get(panel, {"q": "Ada"}).content.decode()
    assert f'data-person="{person.pk}"' in by_operator
    assert client_as(operator).post(panel, {"person": person.pk, "grant_role": "on"}).status_code == 302
    assert PanelSeat.objects.get().judge == person
    assert person.memberships.get().role == Role.JUDGE


def test_the_organiser_sees_declared_and_assumed_conflicts(contest, incubator, client_as):
    declaring = seat(contest.sites[0], make_judge())
    insider = seat(contest.sites[0], make_judge())
    entry = contest.enter(contest.sites[0], "Gene therapy")
    do_declare_conflict(declaring, entry, reason="Former adviser")
    do_grant_role(insider, Role.ENTERPRISE_MEMBER, entry.enterprise)

    html = client_as(incubator).get(f"/events/competitions/{contest.competition.pk}/manage/").content.decode()

    assert f'data-conflict="{declaring.pk}-{entry.pk}" data-declared="yes"' in html
    assert "Former adviser" in html
    assert f'data-conflict="{insider.pk}-{entry.pk}" data-declared="no"' in html
    assert entry.enterprise.name_zh in html


def test_an_entry_with_marks_cannot_be_withdrawn_but_one_without_can(contest, incubator, client_as):
    marked = contest.enter(contest.sites[0], "Marked")
    spare = contest.enter(contest.sites[0], "Spare")
    judge = seat(contest.sites[0], make_judge())
    do_score_entry(judge, contest.sites[0], marked, {contest.criteria[0].pk: 5, contest.criteria[1].pk: 3})
    client = client_as(incubator)
    base = f"/events/competitions/{contest.competition.pk}/entries"
    client.post(f"{base}/{marked.pk}/delete/")
    client.post(f"{base}/{spare.pk}/delete/")
    assert list(Entry.objects.values_list("title_en", flat=True)) == ["Marked"]
