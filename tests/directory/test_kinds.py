"""Organisations of every kind: what each kind records, and who may create, change and delete them."""

from __future__ import annotations

import pytest

from hatchway.directory.models import Organisation, OrganisationKind, Subtype
from tests.conftest import ApiClient, make_organisation
from tests.directory.conftest import HUAWEI, own_organisation

pytestmark = pytest.mark.django_db


def every_kind(carrier_id: int) -> list[dict]:
    return [
        {
            "kind": "carrier",
            "subtype": "incubator",
            "name_zh": "杨浦青年创业孵化器",
            "name_en": "Yangpu Youth Venture Incubator",
        },
        {
            "kind": "carrier",
            "subtype": "goi",
            "goi_batch": 3,
            "host_name_zh": "上汽集团",
            "host_name_en": "SAIC Motor",
            "name_zh": "上汽集团开放创新中心",
            "name_en": "SAIC Motor Open Innovation Centre",
        },
        {
            "kind": "overseas_station",
            "subtype": "innovation_base",
            "name_zh": "慕尼黑海外创新基地",
            "name_en": "Munich Overseas Innovation Base",
            "country": "DE",
            "city_zh": "慕尼黑",
            "city_en": "Munich",
            "parent_carrier_id": carrier_id,
            "opened_on": "2023-05-01",
        },
        {
            "kind": "enterprise",
            "name_zh": "华为技术有限公司",
            "name_en": "Huawei Technologies",
            "credit_code": HUAWEI,
            "registration_date": "1987-09-15",
            "incubating_carrier_id": carrier_id,
            "sectors": ["integrated_circuits", "communications_5g"],
            "stage": "mature",
        },
        {"kind": "enterprise", "name_en": "Helix Bio GmbH", "country": "DE", "sectors": ["biomedicine"]},
        {
            "kind": "investor",
            "name_zh": "北欧主权投资公司",
            "name_en": "Nordic Sovereign Investment",
            "fund_type": "sovereign",
            "currency": "NOK",
            "country": "NO",
        },
        {
            "kind": "university",
            "name_zh": "同济大学",
            "name_en": "Tongji University",
            "website": "https://tongji.edu.cn",
        },
        {"kind": "research_institute", "name_zh": "张江实验室", "name_en": "Zhangjiang Laboratory"},
    ]


def test_an_operator_creates_every_kind_with_its_own_attributes(operator, carrier):
    api = ApiClient(operator)
    for body in every_kind(carrier.pk):
        response = api.post("/organisations", body)
        assert response.status_code == 201, (body, response.json())
        stored = Organisation.objects.get(pk=response.json()["id"])
        for name, value in body.items():
            if name == "sectors":
                assert sorted(stored.sectors.values_list("code", flat=True)) == sorted(value)
            elif name == "stage":
                assert stored.stage is not None
                assert stored.stage.code == value
            else:
                assert str(response.json()[name]) == str(value), name
    goi = Organisation.objects.get(subtype=Subtype.GOI)
    assert (goi.goi_batch, goi.host_name_en) == (3, "SAIC Motor")
    assert Organisation.objects.get(name_en="Munich Overseas Innovation Base").parent_carrier == carrier


@pytest.mark.parametrize(
    ("body", "location"),
    [
        ({"kind": "carrier", "subtype": "goi", "name_zh": "无批次中心"}, "body.goi_batch"),
        ({"kind": "carrier", "subtype": "branch", "name_zh": "错类型"}, "body.subtype"),
        ({"kind": "enterprise", "name_zh": "有批次企业", "goi_batch": 2}, "body.goi_batch"),
        (
            {"kind": "investor", "name_zh": "错货币基金", "fund_type": "angel", "currency": "XYZ"},
            "body.currency",
        ),
        ({"kind": "university", "name_zh": "无名国", "country": "QQ"}, "body.country"),
        ({"kind": "university", "name_zh": "有基金类型的大学", "fund_type": "angel"}, "body.fund_type"),
        (
            {
                "kind": "overseas_station",
                "name_zh": "倒序站",
                "opened_on": "2024-01-01",
                "closed_on": "2023-01-01",
            },
            "body.closed_on",
        ),
    ],
)
def test_attributes_that_do_not_fit_the_kind_are_refused_at_their_location(operator, body, location):
    response = ApiClient(operator).post("/organisations", body, **{"Accept-Language": "en"})
    assert response.status_code == 422, response.json()
    assert location in [error["location"] for error in response.json()["errors"]]
    assert not Organisation.objects.filter(name_zh=body["name_zh"]).exists()


def test_a_station_hangs_under_a_carrier_and_nothing_else(operator, investor):
    investor_org = own_organisation(investor)
    response = ApiClient(operator).post(
        "/organisations",
        {"kind": "overseas_station", "name_en": "Nowhere Station", "parent_carrier_id": investor_org.pk},
    )
    assert response.status_code == 422
    assert not Organisation.objects.filter(name_en="Nowhere Station").exists()


def test_an_unknown_sector_or_stage_is_named_in_the_error(operator):
    api = ApiClient(operator)
    response = api.post("/organisations", {"kind": "enterprise", "name_en": "X", "sectors": ["alchemy"]})
    assert response.status_code == 422
    assert "alchemy" in response.json()["message"]
    response = api.post("/organisations", {"kind": "enterprise", "name_en": "X", "stage": "series_z"})
    assert response.json()["errors"][0]["location"] == "body.stage"
    assert not Organisation.objects.filter(name_en="X").exists()


def test_carrier_staff_create_enterprises_their_carrier_incubates_and_nothing_else(incubator, carrier):
    api = ApiClient(incubator)
    mine = api.post(
        "/organisations", {"kind": "enterprise", "name_zh": "孵化企业", "incubating_carrier_id": carrier.pk}
    )
    assert mine.status_code == 201
    assert Organisation.objects.get(name_zh="孵化企业").incubating_carrier == carrier
    elsewhere = make_organisation(OrganisationKind.CARRIER)
    for body in (
        {"kind": "enterprise", "name_zh": "别家企业", "incubating_carrier_id": elsewhere.pk},
        {"kind": "enterprise", "name_zh": "无主企业"},
        {"kind": "investor", "name_zh": "载体的基金", "fund_type": "angel"},
        {"kind": "carrier", "name_zh": "新载体"},
    ):
        assert api.post("/organisations", body).status_code == 403, body
        assert not Organisation.objects.filter(name_zh=body["name_zh"]).exists()


@pytest.mark.parametrize("persona", ["founder", "investor", "talent", "stranger"])
def test_other_roles_create_no_organisation(persona, request):
    user = request.getfixturevalue(persona)
    response = ApiClient(user).post("/organisations", {"kind": "enterprise", "name_zh": "不该有的公司"})
    assert response.status_code == 403
    assert not Organisation.objects.filter(name_zh="不该有的公司").exists()


def test_the_incubating_carrier_edits_its_enterprise_but_not_others(incubator, incubated, other_enterprise):
    api = ApiClient(incubator)
    assert api.patch(f"/organisations/{incubated.pk}", {"description_en": "Chips."}).status_code == 200
    assert (
        api.patch(f"/organisations/{other_enterprise.pk}", {"description_en": "Mine now"}).status_code == 403
    )
    other_enterprise.refresh_from_db()
    assert other_enterprise.description_en == ""


@pytest.mark.parametrize(
    ("kind", "role"),
    [
        (OrganisationKind.CARRIER, "incubator"),
        (OrganisationKind.ENTERPRISE, "founder"),
        (OrganisationKind.INVESTOR, "investor"),
    ],
)
def test_members_edit_their_own_organisation_of_every_kind(kind, role, request):
    user = request.getfixturevalue(role)
    organisation = own_organisation(user)
    assert organisation.kind == kind
    response = ApiClient(user).patch(
        f"/organisations/{organisation.pk}", {"description_zh": "我们的简介", "description_en": "About us"}
    )
    assert response.status_code == 200
    organisation.refresh_from_db()
    assert (organisation.description_zh, organisation.description_en) == ("我们的简介", "About us")


def test_the_kind_of_an_organisation_never_changes(founder):
    organisation = own_organisation(founder)
    response = ApiClient(founder).patch(f"/organisations/{organisation.pk}", {"kind": "carrier"})
    assert response.status_code == 422
    organisation.refresh_from_db()
    assert organisation.kind == OrganisationKind.ENTERPRISE


def test_only_operators_delete_an_organisation(operator, founder, other_enterprise):
    organisation = own_organisation(founder)
    assert ApiClient(founder).delete(f"/organisations/{organisation.pk}").status_code == 403
    assert ApiClient(operator).delete(f"/organisations/{other_enterprise.pk}").status_code == 204
    assert Organisation.objects.filter(pk=organisation.pk).exists()
    assert not Organisation.objects.filter(pk=other_enterprise.pk).exists()


def test_a_carrier_with_stations_is_not_deleted(operator, carrier):
    make_organisation(OrganisationKind.OVERSEAS_STATION, parent_carrier=carrier)
    response = ApiClient(operator).delete(f"/organisations/{carrier.pk}")
    assert response.status_code == 409
    assert Organisation.objects.filter(pk=carrier.pk).exists()
