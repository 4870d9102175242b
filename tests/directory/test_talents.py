"""Talent profiles: personal data shown only to those the person allowed; consents recorded with their time."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
import time_machine

from hatchway.directory.actions import do_save_talent_profile, do_set_consent
from hatchway.directory.models import ConsentRecord, TalentProfile
from tests.conftest import ApiClient

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
PROFILE = {
    "headline_en": "Power electronics engineer",
    "headline_zh": "电力电子工程师",
    "nationality": "in",
    "current_country": "DE",
    "field": "power electronics",
    "sectors": ["new_energy_vehicles"],
    "degree": "doctorate",
    "skills": ["SiC inverters", "PCB design"],
    "languages": ["en", "de"],
}


def profile_of(user, *, matching: bool = False, contact: bool = False) -> TalentProfile:
    return do_save_talent_profile(
        user,
        nationality="IN",
        current_country="DE",
        field="power electronics",
        skills=["SiC inverters"],
        languages=["en"],
        consent_matching=matching,
        consent_contact=contact,
    )


@time_machine.travel(datetime.datetime(2026, 11, 26, 10, 0, tzinfo=SHANGHAI), tick=False)
def test_a_talent_writes_a_profile_with_consents_recorded_with_their_date(talent):
    api = ApiClient(talent)
    response = api.put("/me/talent-profile", {**PROFILE, "consent_matching": True})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["nationality"], body["sectors"], body["consent_matching"], body["consent_contact"]) == (
        "IN",
        ["new_energy_vehicles"],
        True,
        False,
    )
    assert body["consent_matching_at"].startswith("2026-11-26T02:00")
    profile = TalentProfile.objects.get(user=talent)
    assert list(profile.consent_records.values_list("consent", "given")) == [("matching", True)]


def test_withdrawing_a_consent_is_recorded_too(talent):
    profile = profile_of(talent, matching=True)
    with time_machine.travel(datetime.datetime(2027, 1, 5, 8, 0, tzinfo=SHANGHAI), tick=False):
        response = ApiClient(talent).post(
            "/me/talent-profile/consents", {"consent": "matching", "given": False}
        )
    assert response.json()["consent_matching"] is False
    profile.refresh_from_db()
    assert profile.consent_matching_at == datetime.datetime(2027, 1, 5, 8, 0, tzinfo=SHANGHAI)
    assert list(ConsentRecord.objects.filter(profile=profile).values_list("given", flat=True)) == [
        True,
        False,
    ]


def test_giving_a_consent_already_given_records_nothing_new(talent):
    profile = profile_of(talent, matching=True)
    do_set_consent(profile, "matching", True)
    assert ConsentRecord.objects.filter(profile=profile).count() == 1


@pytest.mark.parametrize(
    ("field", "value", "location"),
    [
        ("languages", ["english"], "body.languages"),
        ("nationality", "XX", "body.nationality"),
        ("degree", "wizard", "body.degree"),
        ("sectors", ["alchemy"], "body.sectors"),
    ],
)
def test_a_bad_profile_is_refused_at_its_location_and_nothing_is_stored(talent, field, value, location):
    response = ApiClient(talent).put("/me/talent-profile", {**PROFILE, field: value})
    assert response.status_code == 422
    assert location in [error["location"] for error in response.json()["errors"]]
    assert not TalentProfile.objects.exists()


@pytest.mark.parametrize(
    ("persona", "matching", "contact", "sees", "sees_email"),
    [
        ("operator", False, False, True, True),
        ("incubator", False, False, False, False),
        ("incubator", True, False, True, False),
        ("incubator", True, True, True, True),
        ("founder", True, True, True, True),
        ("investor", True, False, True, False),
        ("stranger", True, True, False, False),  # no role: the consents do not cover them
    ],
)
def test_who_sees_a_talent_profile_follows_the_persons_consents(
    persona, matching, contact, sees, sees_email, talent, request
):
    profile = profile_of(talent, matching=matching, contact=contact)
    api = ApiClient(request.getfixturevalue(persona))
    response = api.get(f"/talents/{profile.pk}")
    assert response.status_code == (200 if sees else 404)
    listed = api.get("/talents").json()["items"]
    assert [item["id"] for item in listed] == ([profile.pk] if sees else [])
    if sees:
        assert response.json()["email"] == (talent.email if sees_email else None)


def test_the_person_always_sees_and_only_they_change_their_profile(talent, operator):
    profile = profile_of(talent)
    assert ApiClient(talent).get("/me/talent-profile").json()["email"] == talent.email
    assert ApiClient(talent).get(f"/talents/{profile.pk}").status_code == 200
    assert ApiClient(operator).get("/me/talent-profile").status_code == 404


def test_the_profile_page_gives_and_withdraws_consent(talent, client_as):
    profile_of(talent)
    client = client_as(talent)
    page = client.get("/talent/").content.decode()
    assert 'data-consent="matching-give"' in page
    client.post("/talent/consents/", {"consent": "contact", "given": "1"})
    client.post("/talent/consents/", {"consent": "contact", "given": "0"})
    profile = TalentProfile.objects.get(user=talent)
    assert profile.consent_contact is False
    assert list(profile.consent_records.values_list("consent", "given")) == [
        ("contact", True),
        ("contact", False),
    ]
    assert 'data-consent="contact-give"' in client.get("/talent/").content.decode()


def test_the_profile_page_creates_a_profile_from_the_form(stranger, client_as):
    client = client_as(stranger)
    response = client.post(
        "/talent/",
        {
            "headline_zh": "",
            "headline_en": "Immunologist",
            "nationality": "FR",
            "current_country": "CH",
            "field": "immunology",
            "degree": "doctorate",
            "skills": "flow cytometry, CRISPR",
            "languages": "FR, en",
        },
    )
    assert response.status_code == 302
    profile = TalentProfile.objects.get(user=stranger)
    assert (profile.skills, profile.languages) == (["flow cytometry", "CRISPR"], ["fr", "en"])
    assert profile.consent_matching is False


def test_a_talent_page_hides_the_address_without_consent_to_be_contacted(talent, incubator, client_as):
    profile = profile_of(talent, matching=True)
    page = client_as(incubator).get(f"/talents/{profile.pk}/").content.decode()
    assert "power electronics" in page
    assert talent.email not in page
    do_set_consent(profile, "contact", True)
    assert talent.email in client_as(incubator).get(f"/talents/{profile.pk}/").content.decode()
