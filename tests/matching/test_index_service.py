"""The index service: vectors stored on publish and edit, retired on close and delete, every server converges."""

from __future__ import annotations

import datetime
import threading

import pytest
import time_machine

from hatchway.directory.models import Membership, Organisation, OrganisationKind
from hatchway.listings.actions import (
    do_close_listing,
    do_create_listing,
    do_expire_listings,
    do_publish_listing,
    do_update_listing,
)
from hatchway.listings.models import Listing, ListingKind
from hatchway.matching import index as index_module
from hatchway.matching.index import IndexCopy, IndexService, get_index, platform_encoder
from hatchway.matching.models import IndexState, ListingVector

NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


@pytest.fixture
def need(founder) -> Listing:
    organisation = Membership.objects.get(user=founder).organisation
    return do_create_listing(
        kind=ListingKind.TECHNOLOGY_NEED,
        owner_organisation=organisation,
        title_zh="晶圆缺陷自动检测",
        description_zh="我们寻找晶圆缺陷自动检测的机器视觉方案。",
        title_en="Automatic wafer defect inspection",
    )


def texts_of(listing: Listing) -> dict[str, bool]:
    return dict(ListingVector.objects.filter(listing=listing).values_list("language", "active"))


def search(kind: str, text: str, service: IndexService | None = None) -> list[int]:
    vectors = platform_encoder().encode([text])
    return [found.listing_id for found in (service or get_index()).search(kind, vectors, 5)]


def test_a_draft_has_no_vector_and_publishing_stores_one_per_language(committed, need):
    assert texts_of(need) == {}

    committed(do_publish_listing, need, now=NOW)

    assert texts_of(need) == {"zh": True, "en": True}
    assert search(ListingKind.TECHNOLOGY_NEED, "wafer inspection with machine vision") == [need.pk]
    assert search(ListingKind.TECHNOLOGY_OFFER, "wafer inspection with machine vision") == []


def test_an_edit_re_encodes_only_a_changed_text(committed, need):
    committed(do_publish_listing, need, now=NOW)
    before = dict(ListingVector.objects.filter(listing=need).values_list("language", "text_hash"))
    generation = IndexState.objects.get().generation

    committed(do_update_listing, need, countries=["DE"])
    assert IndexState.objects.get().generation == generation  # nothing to encode, nothing changed
    committed(
        do_update_listing,
        need,
        title_en="Cold-chain temperature tracing",
        description_en="Sensors for trucks.",
    )

    after = dict(ListingVector.objects.filter(listing=need).values_list("language", "text_hash"))
    assert after["zh"] == before["zh"]
    assert after["en"] != before["en"]
    assert IndexState.objects.get().generation == generation + 1
    assert search(ListingKind.TECHNOLOGY_NEED, "temperature sensors in refrigerated trucks") == [need.pk]


def test_closing_or_deleting_a_listing_removes_it_from_every_index(committed, need, incubator):
    committed(do_publish_listing, need, now=NOW)
    other_server = IndexService()
    assert search(ListingKind.TECHNOLOGY_NEED, "wafer defects", other_server) == [need.pk]
    organisation = Membership.objects.get(user=incubator).organisation
    second = committed(
        lambda: do_publish_listing(
            do_create_listing(
                kind=ListingKind.TECHNOLOGY_NEED,
                owner_organisation=organisation,
                title_en="Wafer defect review",
            ),
            now=NOW,
        )
    )

    committed(do_close_listing, need)
    committed(second.delete)

    assert texts_of(need) == {"zh": False, "en": False}
    assert ListingVector.objects.filter(listing_id=second.pk, active=True).count() == 0
    assert search(ListingKind.TECHNOLOGY_NEED, "wafer defects") == []
    assert search(ListingKind.TECHNOLOGY_NEED, "wafer defects", other_server) == []


def test_a_new_server_builds_its_index_from_the_stored_vectors_without_encoding(committed, need, monkeypatch):
    committed(do_publish_listing, need, now=NOW)
    query = platform_encoder().encode(["wafer inspection"])

    def refuse(*args, **kwargs):
        raise AssertionError("a server encoded listings at start-up")

    monkeypatch.setattr(index_module.text_vectors, "encode", refuse)
    fresh = IndexService()

    assert [found.listing_id for found in fresh.search(ListingKind.TECHNOLOGY_NEED, query, 3)] == [need.pk]
    assert fresh.size() == 2


def test_an_expired_listing_is_never_recommended_even_before_its_vector_is_retired(
    committed, need, founder, api_as
):
    committed(do_publish_listing, need, now=NOW)
    university = Organisation.objects.create(kind=OrganisationKind.UNIVERSITY, name_en="TU Delft")
    offer = committed(
        lambda: do_publish_listing(
            do_create_listing(
                kind=ListingKind.TECHNOLOGY_OFFER,
                owner_organisation=university,
                title_en="Machine vision for wafer defect inspection",
                expires_at=NOW + datetime.timedelta(days=10),
            ),
            now=NOW,
        )
    )
    path = f"/matching/listings/{need.pk}/recommendations"
    assert [item["target"]["id"] for item in api_as(founder).get(path).json()["items"]] == [offer.pk]

    later = NOW + datetime.timedelta(days=11)
    with time_machine.travel(later, tick=False):
        assert do_expire_listings(later) == 1  # a bulk update: no signal, the vector stays for now
        items = api_as(founder).get(path).json()["items"]

    assert ListingVector.objects.filter(listing=offer, active=True).exists()
    assert items == []


@pytest.fixture
def snapshots(settings, tmp_path):
    """Servers keep their copy on a local disk (switched off in the other tests)."""
    settings.MATCHING_SNAPSHOT_DIR = str(tmp_path / "index")
    return tmp_path / "index"


@pytest.fixture
def added(monkeypatch) -> list[int]:
    """How many stored rows each server adds to its copy, call by call."""
    counts: list[int] = []
    original = IndexCopy.add

    def counting(self, rows):
        counts.append(len(rows))
        return original(self, rows)

    monkeypatch.setattr(IndexCopy, "add", counting)
    return counts


def publish_need(committed, owner: Organisation, title_en: str) -> Listing:
    return committed(
        lambda: do_publish_listing(
            do_create_listing(kind=ListingKind.TECHNOLOGY_NEED, owner_organisation=owner, title_en=title_en),
            now=NOW,
        )
    )


def test_a_restarted_server_loads_its_snapshot_and_adds_only_what_changed_since(
    committed, need, founder, snapshots, added
):
    committed(do_publish_listing, need, now=NOW)
    first = IndexService()
    assert search(ListingKind.TECHNOLOGY_NEED, "wafer defects", first) == [need.pk]
    built_from_database = sum(added)
    later = publish_need(committed, need.owner_organisation, "Wafer defect review by machine vision")
    added.clear()

    restarted = IndexService()
    found = search(ListingKind.TECHNOLOGY_NEED, "wafer defect review", restarted)

    assert built_from_database == 2  # the need's Chinese and English texts
    assert [path.name for path in snapshots.glob("*/*/state.json")] == ["state.json"]
    assert sum(added) == 1  # only the listing published since the snapshot
    assert set(found) == {need.pk, later.pk}
    assert restarted.size() == 3


def test_a_snapshot_of_an_earlier_epoch_is_not_loaded_and_gives_way_to_the_new_one(
    committed, need, snapshots, added
):
    committed(do_publish_listing, need, now=NOW)
    IndexService().refresh()
    old = {path.parent for path in snapshots.glob("*/*/state.json")}
    committed(index_module.reindex_all, shipped_centring=True)
    added.clear()

    fresh = IndexService()

    assert search(ListingKind.TECHNOLOGY_NEED, "wafer defects", fresh) == [need.pk]
    assert sum(added) == 2  # rebuilt from the database
    new = {path.parent for path in snapshots.glob("*/*/state.json")}
    assert len(old) == len(new) == 1
    assert old.isdisjoint(new)
    assert not any(folder.exists() for folder in old)


def test_an_unreadable_snapshot_costs_only_a_rebuild(committed, need, snapshots, added, caplog):
    committed(do_publish_listing, need, now=NOW)
    IndexService().refresh()
    for graph in snapshots.glob("*/*/*/vectors.usearch"):
        graph.write_bytes(b"not a graph")
    added.clear()

    fresh = IndexService()

    assert search(ListingKind.TECHNOLOGY_NEED, "wafer defects", fresh) == [need.pk]
    assert sum(added) == 2
    assert "unreadable, rebuilding from the database" in caplog.text


def test_a_half_written_snapshot_is_ignored(committed, need, snapshots, added):
    committed(do_publish_listing, need, now=NOW)
    IndexService().refresh()
    for state in snapshots.glob("*/*/state.json"):
        state.unlink()  # as if the server had stopped before its last write
    added.clear()

    fresh = IndexService()

    assert search(ListingKind.TECHNOLOGY_NEED, "wafer defects", fresh) == [need.pk]
    assert sum(added) == 2


@pytest.mark.django_db(transaction=True)
def test_a_large_copy_keeps_answering_while_its_successor_is_built_in_the_background(need, monkeypatch):
    do_publish_listing(need, now=NOW)  # committed at once: the builder thread reads what is committed
    server = IndexService()
    server.background_above = 1  # every copy counts as large
    assert search(ListingKind.TECHNOLOGY_NEED, "wafer defects", server) == [need.pk]
    index_module.reindex_all(shipped_centring=True)  # a new epoch: the copy must be replaced
    later = publish_need(lambda action: action(), need.owner_organisation, "Wafer defect review")
    gate = threading.Event()
    build = IndexService._build

    def held(self):
        assert gate.wait(timeout=60), "the test never let the builder go"
        return build(self)

    monkeypatch.setattr(IndexService, "_build", held)

    while_building = search(ListingKind.TECHNOLOGY_NEED, "wafer defect review", server)
    gate.set()
    server.wait_for_successor(timeout=60)
    after = search(ListingKind.TECHNOLOGY_NEED, "wafer defect review", server)

    assert while_building == [need.pk]  # the old copy answered at once, without the new listing
    assert set(after) == {need.pk, later.pk}
    assert server.size() == 3
