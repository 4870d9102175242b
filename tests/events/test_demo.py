"""Demo events: every kind, at the letter's scale, deterministic and idempotent."""

from __future__ import annotations

from hatchway.competitions.models import Competition, Entry, Site
from hatchway.directory.models import OrganisationKind
from hatchway.events.models import Event, EventKind
from hatchway.web.demo import build_demo_event_programme as build_demo_events
from tests.conftest import make_organisation


def test_without_carriers_nothing_is_created(db):
    assert build_demo_events() == 0
    assert not Event.objects.exists()


def test_demo_events_cover_every_kind_at_the_letters_scale_once(db):
    carriers = [make_organisation(OrganisationKind.CARRIER) for _ in range(5)]
    make_organisation(OrganisationKind.OVERSEAS_STATION, country="DE", parent_carrier=carriers[0])
    for _ in range(6):
        make_organisation(OrganisationKind.ENTERPRISE, country="US")

    created = build_demo_events()

    assert created == Event.objects.count()
    kinds = {kind: Event.objects.filter(kind=kind).count() for kind in EventKind.values}
    assert all(kinds.values()), kinds
    assert kinds["exhibition_zone"] >= 10
    assert kinds["matchmaking"] + kinds["training_camp"] + kinds["board_meeting"] >= 100
    assert Site.objects.filter(round__number=1).count() >= 70
    assert set(Site.objects.values_list("host__kind", flat=True)) == {"carrier"}
    assert Entry.objects.count() == 6
    assert Event.objects.filter(station__isnull=False).exclude(time_zone="Asia/Shanghai").exists()
    assert all(event.title_zh and event.title_en for event in Event.objects.all())

    titles = list(Event.objects.order_by("ref").values_list("ref", "title_en", "starts_at"))
    assert build_demo_events() == 0
    assert list(Event.objects.order_by("ref").values_list("ref", "title_en", "starts_at")) == titles
    assert Competition.objects.count() == 1
