"""Talent profiles as spreadsheets: personal data, so only operators move them; consents keep their dates."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from hatchway.directory.actions import do_save_talent_profile
from hatchway.directory.models import ConsentRecord, TalentProfile
from tests.conftest import make_user
from tests.transfer.conftest import body, read_xlsx, xlsx

pytestmark = pytest.mark.django_db

HEADER = [
    "E-mail address",
    "Headline (English)",
    "Nationality",
    "Current country",
    "Field",
    "Sectors",
    "Highest degree",
    "Skills",
    "Languages",
    "Agrees to be matched",
    "Matching consent date",
    "Agrees to be contacted",
]


@time_machine.travel(dt.datetime(2026, 4, 1, 9, tzinfo=dt.UTC), tick=False)
def test_an_operator_imports_profiles_and_the_consents_are_recorded_with_their_date(operator, api_import):
    lena = make_user("lena@example.de")
    ravi = make_user("ravi@example.in")
    content = xlsx(
        [
            HEADER,
            [
                "Lena@Example.de",
                "Power electronics engineer",
                "Germany",
                "DE",
                "Power electronics",
                "integrated_circuits, 人工智能",
                "博士",
                "PCB design; Python",
                "de, en",
                "yes",
                "2026-03-02",
                "no",
            ],
            ["ravi@example.in", "", "IN", "SG", "Immunology", "", "master", "", "en", "no", "", ""],
        ]
    )
    job = api_import(operator, "talents", content)
    assert (job["status"], job["created_count"], job["error_count"]) == ("done", 2, 0)
    profile = TalentProfile.objects.get(user=lena)
    assert (profile.nationality, profile.degree, profile.skills, profile.languages) == (
        "DE",
        "doctorate",
        ["PCB design", "Python"],
        ["de", "en"],
    )
    assert sorted(profile.sectors.values_list("code", flat=True)) == [
        "artificial_intelligence",
        "integrated_circuits",
    ]
    assert profile.consent_matching
    assert not profile.consent_contact
    assert timezone.localtime(profile.consent_matching_at).date() == dt.date(2026, 3, 2)
    record = ConsentRecord.objects.get(profile=profile)
    assert (record.consent, record.given, record.recorded_at) == (
        "matching",
        True,
        profile.consent_matching_at,
    )
    # A new profile starts without consents: "no" on a new profile is not an event.
    assert not ConsentRecord.objects.filter(profile__user=ravi).exists()


def test_withdrawing_a_consent_by_import_is_recorded_and_unchanged_rows_record_nothing(operator, api_import):
    person = make_user("mei@example.org")
    do_save_talent_profile(
        person, nationality="CN", current_country="US", field="Robotics", consent_matching=True
    )
    rows = [
        ["E-mail address", "Nationality", "Current country", "Field", "Agrees to be matched"],
        ["mei@example.org", "CN", "US", "Robotics", "yes"],
    ]
    job = api_import(operator, "talents", xlsx(rows))
    assert (job["updated_count"], job["unchanged_count"]) == (0, 1)
    assert ConsentRecord.objects.count() == 1
    rows[1][4] = "否"
    job = api_import(operator, "talents", xlsx(rows))
    assert job["updated_count"] == 1
    withdrawal = ConsentRecord.objects.latest("id")
    assert (withdrawal.consent, withdrawal.given) == ("matching", False)
    assert not TalentProfile.objects.get(user=person).consent_matching


def test_bad_cells_are_located_and_nothing_is_written(operator, api_import):
    make_user("known@example.org")
    content = xlsx(
        [
            HEADER,
            ["nobody@example.org", "", "DE", "DE", "Optics", "", "", "", "", "", "", ""],
            ["known@example.org", "", "Atlantis", "DE", "Optics", "", "", "", "english", "maybe", "", ""],
            ["known@example.org", "", "DE", "DE", "Optics", "astrology", "", "", "", "", "", ""],
            ["known@example.org", "", "DE", "DE", "Optics", "", "", "", "", "", "", ""],
        ]
    )
    job = api_import(operator, "talents", content)
    assert job["status"] == "rejected"
    located = {(error["row"], error["column"]) for error in job["errors"]}
    assert located == {
        (2, "E-mail address"),
        (3, "Nationality"),
        (3, "Languages"),
        (3, "Agrees to be matched"),
        (4, "Sectors"),
        (5, "E-mail address"),
    }
    assert "sign up first" in next(e["message"] for e in job["errors"] if e["row"] == 2)
    assert "integrated_circuits" in next(e["message"] for e in job["errors"] if e["row"] == 4)
    assert "twice" in next(e["message"] for e in job["errors"] if e["row"] == 5)
    assert not TalentProfile.objects.exists()


def test_a_future_consent_date_is_refused(operator, api_import):
    make_user("soon@example.org")
    rows = [HEADER, ["soon@example.org", "", "DE", "DE", "Optics", "", "", "", "", "yes", "2999-01-01", ""]]
    job = api_import(operator, "talents", xlsx(rows))
    assert [(e["row"], e["column"]) for e in job["errors"]] == [(2, "Matching consent date")]


def test_an_export_imports_back_unchanged(operator, api_import, api_export):
    person = make_user("round@example.org")
    do_save_talent_profile(
        person,
        headline_zh="量子工程师",
        headline_en="Quantum engineer",
        nationality="FR",
        current_country="CN",
        field="Quantum optics",
        degree="doctorate",
        skills=["Cryogenics", "Python"],
        languages=["fr", "en", "zh"],
        consent_matching=True,
        consent_contact=True,
    )
    columns = ["user_id", "headline_zh", "headline_en", "nationality", "current_country", "field", "degree"]
    snapshot = list(TalentProfile.objects.values_list(*columns, "skills", "languages", "consent_matching_at"))
    content = body(api_export(operator, "talents"))
    job = api_import(operator, "talents", content, name="export.xlsx")
    assert (job["status"], job["created_count"], job["updated_count"], job["unchanged_count"]) == (
        "done",
        0,
        0,
        1,
    )
    assert (
        list(TalentProfile.objects.values_list(*columns, "skills", "languages", "consent_matching_at"))
        == snapshot
    )
    assert ConsentRecord.objects.count() == 2


@pytest.mark.parametrize("persona", ["incubator", "founder", "investor", "talent", "stranger"])
def test_only_operators_import_or_export_talent_profiles(persona, request, api_import, api_export):
    user = request.getfixturevalue(persona)
    do_save_talent_profile(user, nationality="CN", current_country="CN", field="Own field")
    assert api_export(user, "talents").status_code == 403
    refused = api_import(user, "talents", xlsx([HEADER[:5], [user.email, "", "CN", "CN", "Changed"]]))
    assert refused.status_code == 403
    assert TalentProfile.objects.get(user=user).field == "Own field"


def test_the_overview_page_tells_others_that_talent_exports_are_for_operators(client_as, founder, operator):
    page = client_as(founder).get("/transfer/", headers={"Accept-Language": "en"}).content.decode()
    row = page.split('data-type="talents"')[1].split("</tr>")[0]
    assert "operators only" in row
    assert "/transfer/talents/export.xlsx" not in row
    operator_page = client_as(operator).get("/transfer/").content.decode()
    assert "/transfer/talents/export.xlsx" in operator_page
    assert client_as(founder).get("/transfer/talents/export.xlsx").status_code == 403
    assert (
        read_xlsx(client_as(founder).get("/transfer/talents/template.xlsx").getvalue())[0][0]
        == "E-mail address"
    )
