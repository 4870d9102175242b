"""The organiser types an entry's enterprise: it is suggested by name or credit code, and the form decides."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import translation

from hatchway.competitions.access import enterprises_of, enterprises_to_enter
from hatchway.competitions.forms import EntryForm
from hatchway.competitions.models import Competition, Entry
from hatchway.directory.models import OrganisationKind
from tests.competitions.conftest import build_contest
from tests.conftest import make_organisation
from tests.events.conftest import carrier_of

pytestmark = pytest.mark.usefixtures("frozen")

HELIX_CODE = "914403001922038216"  # a well-formed code (its check character is right)


@pytest.fixture
def contest(organiser):
    return build_contest(carrier_of(organiser))


@pytest.fixture
def helix(db):
    return make_organisation(
        OrganisationKind.ENTERPRISE, name_en="Helix Bio", name_zh="赫利克斯生物", credit_code=HELIX_CODE
    )


def suggest(client, contest, typed):
    return client.get(
        f"/events/competitions/{contest.competition.pk}/enterprises/", {"entry-enterprise": typed}
    )


def add_entry(client, contest, enterprise, title="Gene therapy"):
    return client.post(
        f"/events/competitions/{contest.competition.pk}/manage/",
        {
            "part": "entry",
            "entry-enterprise": enterprise,
            "entry-track": contest.track.pk,
            "entry-site": contest.sites[0].pk,
            "entry-title_en": title,
        },
    )


def test_the_entry_form_suggests_as_one_types_like_the_site_host(contest, organiser, client_as):
    page = client_as(organiser).get(f"/events/competitions/{contest.competition.pk}/manage/").content.decode()

    assert f'hx-get="/events/competitions/{contest.competition.pk}/enterprises/"' in page
    assert 'list="id_entry-enterprise-options"' in page
    assert '<datalist id="id_entry-enterprise-options">' in page
    assert '<select name="entry-enterprise"' not in page
    assert 'hx-get="/events/competitions/carriers/"' in page  # the site host, by the same mechanism


@pytest.mark.parametrize("typed", ["helix", "HELIX B", "赫利克斯", "利克", "0019220", "914403"])
def test_part_of_a_chinese_or_english_name_or_a_credit_code_suggests_the_enterprise(
    typed, contest, organiser, helix, client_as
):
    make_organisation(OrganisationKind.CARRIER, name_en="Helix Incubator", name_zh="赫利克斯孵化器")

    response = suggest(client_as(organiser), contest, typed)

    assert response.status_code == 200
    html = response.content.decode()
    assert (
        f'<option value="Helix Bio">Helix Bio · {HELIX_CODE}</option>' in html
    )  # the organiser reads English
    assert "Incubator" not in html  # carriers enter no projects
    assert "孵化器" not in html


def test_a_single_letter_suggests_nothing(contest, organiser, helix, client_as):
    assert "<option" not in suggest(client_as(organiser), contest, "h").content.decode()


def test_enterprises_sharing_a_name_are_told_apart_by_credit_code_or_number(contest, organiser, client_as):
    coded = make_organisation(OrganisationKind.ENTERPRISE, name_en="Nova Labs", credit_code=HELIX_CODE)
    plain = make_organisation(OrganisationKind.ENTERPRISE, name_en="Nova Labs", country="DE")
    client = client_as(organiser)

    html = suggest(client, contest, "nova").content.decode()
    ambiguous = add_entry(client, contest, "Nova Labs", title="A")
    by_code = add_entry(client, contest, HELIX_CODE.lower(), title="B")
    by_number = add_entry(client, contest, f"Nova Labs · #{plain.pk}", title="C")

    assert f'<option value="{HELIX_CODE}">' in html
    assert f'<option value="Nova Labs · #{plain.pk}">' in html
    assert ambiguous.status_code == 422
    assert "Several enterprises are called “Nova Labs”" in ambiguous.content.decode()
    assert (by_code.status_code, by_number.status_code) == (302, 302)
    assert Entry.objects.get(title_en="B").enterprise == coded
    assert Entry.objects.get(title_en="C").enterprise == plain


def test_the_suggested_name_adds_the_entry(contest, organiser, helix, client_as):
    client = client_as(organiser)
    by_chinese = add_entry(client, contest, "赫利克斯生物", title="A")
    by_english = add_entry(client, contest, "helix bio", title="B")

    assert (by_chinese.status_code, by_english.status_code) == (302, 302)
    assert set(Entry.objects.values_list("enterprise", flat=True)) == {helix.pk}


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("organiser", {"Helix Bio", "Helix Founder Works"}),  # the organiser's side enters any enterprise
        ("operator", {"Helix Bio", "Helix Founder Works"}),
        ("founder", {"Helix Founder Works"}),  # an enterprise's member: their own only
        ("stranger", set()),
    ],
)
def test_only_enterprises_the_person_may_enter_are_suggested(
    persona, sees, contest, helix, founder, request, client_as
):
    own = enterprises_of(founder).get()
    own.name_en = "Helix Founder Works"
    own.save()
    client = client_as(request.getfixturevalue(persona))

    response = suggest(client, contest, "helix")

    assert response.status_code == 200
    assert set(re.findall(r'<option value="([^"]*)">', response.content.decode())) == sees


def test_a_draft_competition_suggests_nothing_to_outsiders_and_visitors_sign_in_first(
    contest, founder, helix, client_as
):
    Competition.objects.filter(pk=contest.competition.pk).update(published=False)

    outsider = suggest(client_as(founder), contest, "helix")
    visitor = suggest(Client(), contest, "helix")

    assert outsider.status_code == 404
    assert visitor.status_code == 302
    assert "next=" in visitor["Location"]


def test_an_unknown_enterprise_is_refused_on_its_field(contest, organiser, client_as):
    with translation.override("en"):
        response = add_entry(client_as(organiser), contest, "Nobody Ltd")

    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="id_entry-enterprise_error"' in html
    assert "No enterprise in the directory is called “Nobody Ltd”" in html
    assert not Entry.objects.exists()


def test_a_carrier_name_is_no_enterprise(contest, organiser, client_as):
    carrier = carrier_of(organiser)

    with translation.override("en"):
        response = add_entry(client_as(organiser), contest, carrier.name_en)

    assert response.status_code == 422
    assert "No enterprise in the directory is called" in response.content.decode()


def entry_form(contest, enterprise_text, enterprises):
    return EntryForm(
        {
            "enterprise": enterprise_text,
            "track": contest.track.pk,
            "site": contest.sites[0].pk,
            "title_en": "Gene therapy",
        },
        competition=contest.competition,
        enterprises=enterprises,
    )


def test_the_form_refuses_an_enterprise_out_of_the_persons_reach_on_its_field(contest, founder, helix):
    reachable = enterprises_to_enter(founder, contest.competition)
    own = enterprises_of(founder).get()

    with translation.override("en"):
        other = entry_form(contest, HELIX_CODE, reachable)
        mine = entry_form(contest, own.name_en, reachable)
        assert not other.is_valid()
        errors = other.errors.as_data()["enterprise"]

    assert [error.code for error in errors] == ["unreachable"]
    with translation.override("en"):
        assert "is not among the enterprises you may enter here" in str(errors[0].message % errors[0].params)
    assert mine.is_valid(), mine.errors
    assert mine.cleaned_data["enterprise"] == own


def test_the_form_without_a_reach_given_takes_any_enterprise(contest, helix):
    form = entry_form(contest, "赫利克斯生物", None)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["enterprise"] == helix
