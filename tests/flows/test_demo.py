"""Demo flows: recorded through the real actions, from the directory's own carriers and stations."""

from __future__ import annotations

import pytest

from hatchway.directory.models import OrganisationKind
from hatchway.flows.demo import build_demo_flows
from hatchway.flows.models import Flow
from hatchway.web.demo import load_demo_data

pytestmark = pytest.mark.django_db


def test_without_carriers_it_records_nothing(db):
    assert build_demo_flows() == 0
    assert not Flow.objects.exists()


def test_it_records_flows_for_each_year_from_the_demo_directory_and_only_once(db):
    load_demo_data()
    recorded = build_demo_flows(years=(2023, 2024), scale=0.05)
    assert recorded == Flow.objects.count() > 100
    assert set(Flow.objects.dates("occurred_on", "year").values_list("occurred_on__year", flat=True)) == {
        2023,
        2024,
    }
    assert set(Flow.objects.values_list("carrier__kind", flat=True)) == {OrganisationKind.CARRIER}
    assert Flow.objects.filter(station__country="US", origin_country="US").exists()
    assert not Flow.objects.filter(value_minor__isnull=False, value_cny_minor__isnull=True).exists()
    assert build_demo_flows(years=(2023, 2024), scale=0.05) == 0
    assert Flow.objects.count() == recorded


def test_the_same_seed_gives_the_same_ledger(db):
    load_demo_data()
    build_demo_flows(years=(2024,), scale=0.02)
    first = list(
        Flow.objects.order_by("evidence_number").values_list("evidence_number", "occurred_on", "value_minor")
    )
    Flow.objects.all().delete()
    build_demo_flows(years=(2024,), scale=0.02)
    second = list(
        Flow.objects.order_by("evidence_number").values_list("evidence_number", "occurred_on", "value_minor")
    )
    assert first == second
