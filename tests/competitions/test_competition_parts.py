"""Tracks, rounds and sites are removed while nothing depends on them; a site's host is found by search."""

from __future__ import annotations

import pytest

from hatchway.competitions.actions import do_score_entry
from hatchway.competitions.models import PanelSeat, Round, Site, Track
from hatchway.directory.models import OrganisationKind
from tests.competitions.conftest import build_contest, make_judge, seat
from tests.conftest import make_organisation
from tests.events.conftest import carrier_of

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def contest(organiser):
    return build_contest(carrier_of(organiser))


def delete(client, contest, part, pk):
    return client.post(f"/events/competitions/{contest.competition.pk}/{part}/{pk}/delete/")


def test_empty_parts_are_removed_through_the_pages_and_the_api(contest, organiser, client_as, api_as):
    spare = Track.objects.create(competition=contest.competition, name_en="Spare")
    seat(contest.final_site, make_judge())
    client = client_as(organiser)

    removed_track = delete(client, contest, "tracks", spare.pk)
    removed_round = delete(client, contest, "rounds", contest.final.pk)
    removed_site = api_as(organiser).request("delete", f"/competitions/sites/{contest.sites[2].pk}")

    assert removed_track.status_code == removed_round.status_code == 302
    assert removed_site.status_code == 204
    assert not Track.objects.filter(pk=spare.pk).exists()
    # The final round goes with its empty site and that site's panel.
    assert not Round.objects.filter(pk=contest.final.pk).exists()
    assert not Site.objects.filter(pk=contest.final_site.pk).exists()
    assert not PanelSeat.objects.filter(site_id=contest.final_site.pk).exists()
    assert not Site.objects.filter(pk=contest.sites[2].pk).exists()


def test_parts_with_entries_or_marks_are_kept_with_a_clear_refusal(contest, organiser, client_as, api_as):
    entry = contest.enter(contest.sites[0], "Helix")
    judge = seat(contest.sites[1], make_judge())
    anchor = contest.enter(contest.sites[1], "Anchor", anchor=True)
    do_score_entry(judge, contest.sites[1], anchor, {c.pk: c.low for c in contest.criteria})
    anchor.site = contest.sites[2]  # the marked entry moves on; its marks stay with the site
    anchor.save()
    client = client_as(organiser)
    api = api_as(organiser)

    track = delete(client, contest, "tracks", contest.track.pk)
    page = client.get(f"/events/competitions/{contest.competition.pk}/manage/").content.decode()
    site = api.request("delete", f"/competitions/sites/{contest.sites[0].pk}", **{"Accept-Language": "en"})
    marked = api.request("delete", f"/competitions/sites/{contest.sites[1].pk}", **{"Accept-Language": "en"})
    round_ = api.request("delete", f"/competitions/rounds/{contest.first.pk}", **{"Accept-Language": "en"})

    assert track.status_code == 302
    assert "2 entries are in the track “Life sciences”; move them to another track first." in page
    assert (site.status_code, marked.status_code, round_.status_code) == (409, 409, 409)
    assert "1 entries are at the site “Shanghai”" in site.json()["message"]
    assert "Judges have marked entries at the site “Munich”" in marked.json()["message"]
    assert "round 1" in round_.json()["message"]
    assert Track.objects.filter(pk=contest.track.pk).exists()
    assert Site.objects.filter(round=contest.first).count() == 3
    assert entry.pk in contest.track.entries.values_list("pk", flat=True)


def test_others_cannot_remove_parts(contest, founder, client_as, api_as):
    assert delete(client_as(founder), contest, "tracks", contest.track.pk).status_code in (403, 404)
    assert api_as(founder).request("delete", f"/competitions/rounds/{contest.final.pk}").status_code in (
        403,
        404,
    )
    assert Round.objects.filter(pk=contest.final.pk).exists()


def test_the_host_is_suggested_by_name_and_typed_by_its_name(contest, organiser, client_as):
    zhangjiang = make_organisation(
        OrganisationKind.CARRIER, name_en="Zhangjiang Incubator", name_zh="张江孵化器"
    )
    make_organisation(OrganisationKind.ENTERPRISE, name_en="Zhangjiang Robotics")
    twins = [
        make_organisation(OrganisationKind.CARRIER, name_en="Lingang Park", city_en=city)
        for city in ("Shanghai", "Boston")
    ]
    client = client_as(organiser)
    manage = f"/events/competitions/{contest.competition.pk}/manage/"

    def add(host: str, name: str):
        return client.post(
            manage, {"part": "site", "site-round": contest.first.pk, "site-host": host, "site-name_en": name}
        )

    form = client.get(manage).content.decode()
    suggested = client.get("/events/competitions/carriers/", {"site-host": "zhangj"}).content.decode()
    lingang = client.get("/events/competitions/carriers/", {"site-host": "lingang"}).content.decode()
    by_chinese_name = add("张江孵化器", "A")
    ambiguous = add("Lingang Park", "B")
    by_suggestion = add("Lingang Park · Boston", "C")
    edit = client.get(
        f"/events/competitions/{contest.competition.pk}/sites/{Site.objects.get(name_en='C').pk}/edit/"
    ).content.decode()

    assert 'hx-get="/events/competitions/carriers/"' in form
    assert '<select name="site-host"' not in form
    assert '<option value="Zhangjiang Incubator">' in suggested
    assert "Robotics" not in suggested  # enterprises host no sites
    assert '<option value="Lingang Park · Shanghai">' in lingang
    assert by_chinese_name.status_code == 302
    assert Site.objects.get(name_en="A").host == zhangjiang
    assert ambiguous.status_code == 422
    assert "Several carriers are called" in ambiguous.content.decode()
    assert by_suggestion.status_code == 302
    assert Site.objects.get(name_en="C").host == twins[1]
    assert 'value="Lingang Park · Boston"' in edit
