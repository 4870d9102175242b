"""The directory pages: detail per kind, bilingual edit forms side by side, creation, logos, administration."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from hatchway.directory.models import Organisation, OrganisationKind
from tests.conftest import ApiClient, make_organisation
from tests.directory.conftest import HUAWEI, own_organisation

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_the_edit_form_puts_chinese_and_english_side_by_side(founder, client_as):
    organisation = own_organisation(founder)
    html = client_as(founder).get(f"/organisations/{organisation.pk}/edit/").content.decode()
    assert 'name="name_zh"' in html
    assert 'name="name_en"' in html
    zh, en = html.index('name="description_zh"'), html.index('name="description_en"')
    grid = html.rfind('<div class="grid">', 0, zh)
    assert grid != -1
    assert grid < zh < en < html.index("</div>", zh)
    assert 'name="credit_code"' in html  # enterprise fields
    assert 'name="goi_batch"' not in html  # carrier fields are not offered


def test_a_member_saves_the_profile_through_the_form(founder, client_as, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    organisation = own_organisation(founder)
    response = client_as(founder).post(
        f"/organisations/{organisation.pk}/edit/",
        {
            "name_zh": "赫利克斯生物",
            "name_en": "Helix Bio",
            "description_zh": "抗体",
            "description_en": "Antibodies",
            "country": "CN",
            "credit_code": HUAWEI.lower(),
            "registration_date": "2020-01-02",
            "logo": SimpleUploadedFile("logo.png", PNG, content_type="image/png"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    organisation.refresh_from_db()
    assert (organisation.name_en, organisation.credit_code) == ("Helix Bio", HUAWEI)
    assert organisation.logo.name.endswith(".png")
    assert " 抗体 " in organisation.search_text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "PNG, JPEG or WebP"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * (600 * 1024), "the limit is 512 KB"),
    ],
)
def test_a_logo_of_the_wrong_type_or_size_is_refused_with_what_to_do(
    founder, client_as, content, message, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    organisation = own_organisation(founder)
    response = client_as(founder).post(
        f"/organisations/{organisation.pk}/edit/",
        {"name_en": "Renamed", "country": "CN", "logo": SimpleUploadedFile("logo.png", content)},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.name_en != "Renamed"
    assert not organisation.logo


def test_a_bad_credit_code_in_the_form_is_shown_at_the_field(founder, client_as):
    organisation = own_organisation(founder)
    response = client_as(founder).post(
        f"/organisations/{organisation.pk}/edit/",
        {"name_en": "Renamed", "country": "CN", "credit_code": "914403001922038217"},
        headers={"Accept-Language": "en"},
    )
    html = response.content.decode()
    assert 'id="id_credit_code_error"' in html
    assert "business licence" in html
    organisation.refresh_from_db()
    assert organisation.name_en != "Renamed"


def test_strangers_do_not_get_the_edit_form(founder, stranger, client_as):
    organisation = own_organisation(founder)
    assert client_as(stranger).get(f"/organisations/{organisation.pk}/edit/").status_code == 403
    assert (
        client_as(stranger).post(f"/organisations/{organisation.pk}/edit/", {"name_en": "X"}).status_code
        == 403
    )


def test_an_operator_creates_a_goi_centre_through_the_form(operator, client_as):
    client = client_as(operator)
    form = client.get("/organisations/new/?kind=carrier").content.decode()
    assert 'name="goi_batch"' in form
    assert 'name="credit_code"' not in form
    response = client.post(
        "/organisations/new/?kind=carrier",
        {
            "name_zh": "商飞开放创新中心",
            "name_en": "COMAC Open Innovation Centre",
            "country": "CN",
            "subtype": "goi",
            "goi_batch": "2",
            "host_name_zh": "中国商飞",
            "host_name_en": "COMAC",
        },
    )
    assert response.status_code == 302
    centre = Organisation.objects.get(name_en="COMAC Open Innovation Centre")
    assert (centre.kind, centre.goi_batch, centre.host_name_zh) == ("carrier", 2, "中国商飞")


def test_carrier_staff_add_an_enterprise_for_their_carrier_only(incubator, carrier, client_as):
    client = client_as(incubator)
    assert client.get("/organisations/new/?kind=investor").status_code == 403
    form = client.get("/organisations/new/?kind=enterprise").content.decode()
    other = make_organisation(OrganisationKind.CARRIER, name_en="Rival Incubator")
    assert "Rival Incubator" not in form
    response = client.post(
        "/organisations/new/?kind=enterprise",
        {"name_zh": "新孵企业", "country": "CN", "incubating_carrier": str(carrier.pk)},
    )
    assert response.status_code == 302
    assert Organisation.objects.get(name_zh="新孵企业").incubating_carrier == carrier
    refused = client.post(
        "/organisations/new/?kind=enterprise",
        {"name_zh": "抢来的企业", "country": "CN", "incubating_carrier": str(other.pk)},
    )
    assert refused.status_code == 200
    assert not Organisation.objects.filter(name_zh="抢来的企业").exists()


@pytest.mark.parametrize(
    ("kind", "fields", "shown"),
    [
        (OrganisationKind.CARRIER, {"subtype": "goi", "goi_batch": 4, "host_name_en": "Siemens"}, "Siemens"),
        (
            OrganisationKind.OVERSEAS_STATION,
            {"subtype": "branch", "city_en": "Munich", "country": "DE"},
            "Munich",
        ),
        (OrganisationKind.ENTERPRISE, {"credit_code": HUAWEI}, HUAWEI),
        (OrganisationKind.INVESTOR, {"fund_type": "qflp", "currency": "USD"}, "QFLP"),
        (OrganisationKind.UNIVERSITY, {"website": "https://www.fudan.edu.cn"}, "fudan.edu.cn"),
        (
            OrganisationKind.RESEARCH_INSTITUTE,
            {"description_en": "Joint laboratories."},
            "Joint laboratories.",
        ),
    ],
)
def test_the_detail_page_shows_what_each_kind_records(kind, fields, shown, stranger, client_as):
    organisation = make_organisation(kind, **fields)
    html = (
        client_as(stranger)
        .get(f"/organisations/{organisation.pk}/", headers={"Accept-Language": "en"})
        .content.decode()
    )
    assert shown in html
    assert organisation.display_name in html


@pytest.mark.parametrize(
    "model",
    [
        "organisation",
        "membership",
        "sector",
        "stage",
        "contactperson",
        "talentprofile",
        "consentrecord",
        "datareport",
        "staledatareminder",
    ],
)
def test_every_directory_model_is_in_the_administration_site(model, operator, client_as):
    client = client_as(operator)
    assert client.get(f"/admin/directory/{model}/").status_code == 200
    assert client.get(f"/admin/directory/{model}/add/").status_code in (200, 403)


def test_a_logo_is_uploaded_through_the_api_and_checked(founder, stranger, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    organisation = own_organisation(founder)
    api = ApiClient(founder)
    headers = {"Authorization": f"Bearer {api.key}"}
    url = f"/api/v1/organisations/{organisation.pk}/logo"
    bad = api.client.post(url, {"logo": SimpleUploadedFile("x.png", b"GIF89a....")}, headers=headers)
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["location"] == "body.logo"
    good = api.client.post(url, {"logo": SimpleUploadedFile("x.png", PNG)}, headers=headers)
    assert good.status_code == 200
    assert good.json()["logo_url"].endswith(".png")
    other = ApiClient(stranger)
    refused = other.client.post(
        url, {"logo": SimpleUploadedFile("y.png", PNG)}, headers={"Authorization": f"Bearer {other.key}"}
    )
    assert refused.status_code == 403


def test_the_reminder_command_reports_how_many_were_sent(founder):
    out = io.StringIO()
    call_command("send_stale_data_reminders", "--today", "2026-05-01", stdout=out)
    assert "1 reminders sent for fiscal year 2025" in out.getvalue()
    call_command("send_stale_data_reminders", "--today", "2026-05-02", stdout=out)
    assert "0 reminders sent" in out.getvalue()
