"""The demo directory: deterministic for a seed, idempotent, and valid row by row."""

from __future__ import annotations

import io

import pytest

from hatchway.directory.creditcode import is_valid_credit_code
from hatchway.directory.demo import build_demo_directory
from hatchway.directory.models import (
    DataReport,
    FundType,
    Organisation,
    OrganisationKind,
    Subtype,
    TalentProfile,
)

pytestmark = pytest.mark.django_db


def snapshot() -> list[tuple]:
    return sorted(
        Organisation.objects.values_list(
            "ref",
            "kind",
            "subtype",
            "name_zh",
            "name_en",
            "country",
            "credit_code",
            "goi_batch",
            "search_text",
        )
    )


def test_the_demo_directory_is_realistic_deterministic_and_idempotent():
    output = io.StringIO()
    created = build_demo_directory(enterprises=40, stdout=output)
    assert created["enterprises"] == 40
    assert created["goi_centres"] == 90
    assert created["overseas_stations"] >= 60
    assert created["carriers"] >= 200
    assert "enterprises: 40/40" in output.getvalue()

    goi = Organisation.objects.filter(subtype=Subtype.GOI)
    assert sorted({batch or 0 for batch in goi.values_list("goi_batch", flat=True)}) == [1, 2, 3, 4, 5, 6]
    assert all(count == 15 for count in (goi.filter(goi_batch=batch).count() for batch in range(1, 7)))
    stations = Organisation.objects.filter(kind=OrganisationKind.OVERSEAS_STATION)
    assert {"US", "DE", "GB", "JP", "SG", "AU"} <= set(stations.values_list("country", flat=True))
    assert not stations.filter(parent_carrier=None).exists()
    investors = Organisation.objects.filter(kind=OrganisationKind.INVESTOR)
    assert set(investors.values_list("fund_type", flat=True)) == set(FundType.values)
    enterprises = Organisation.objects.filter(kind=OrganisationKind.ENTERPRISE)
    domestic = enterprises.filter(country="CN")
    assert domestic.exists()
    assert enterprises.exclude(country="CN").exists()
    assert all(is_valid_credit_code(code or "") for code in domestic.values_list("credit_code", flat=True))
    for organisation in Organisation.objects.order_by("?")[:60]:
        organisation.full_clean()
        assert organisation.name_zh
        assert organisation.name_en
    assert DataReport.objects.filter(enterprise__in=enterprises).values("enterprise").distinct().count() == 40
    assert (
        max(enterprises.values_list("data_reports__fiscal_year", flat=True))
        - min(enterprises.values_list("data_reports__fiscal_year", flat=True))
        == 2
    )
    for report in DataReport.objects.all()[:50]:
        report.full_clean(validate_constraints=False)
    assert TalentProfile.objects.filter(consent_matching=True).exists()
    assert Organisation.objects.search("集成电路").exists() or Organisation.objects.search("半导体").exists()

    first = snapshot()
    again = build_demo_directory(enterprises=40)
    assert set(again.values()) == {0}
    assert snapshot() == first


def wipe() -> None:
    Organisation.objects.filter(kind=OrganisationKind.OVERSEAS_STATION).delete()
    Organisation.objects.all().delete()


def test_the_same_seed_gives_the_same_directory_and_another_seed_another():
    build_demo_directory(seed=7, enterprises=15)
    first = snapshot()
    wipe()
    build_demo_directory(seed=7, enterprises=15)
    assert snapshot() == first
    wipe()
    build_demo_directory(seed=8, enterprises=15)
    assert snapshot() != first
