"""Matching listens to ``listings_changed``: the listings it names are encoded in one batch, not one by one."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hatchway.listings.actions import do_close_listing
from hatchway.listings.models import Listing, ListingKind
from hatchway.matching import index
from hatchway.matching.models import IndexState, ListingVector
from hatchway.matching.signals import encode_changed_listings
from tests.matching.listings import NOW, make_listing

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def asks(founder, count: int, start: int) -> list[Listing]:
    """Published asks whose commit has not run yet (the test's transaction): none has a vector."""
    return [
        make_listing(founder, ListingKind.FUNDING_ASK, title_en=f"Series A, round {number}")
        for number in range(start, start + count)
    ]


def test_the_queries_and_encoder_calls_do_not_grow_with_the_number_of_listings(founder, monkeypatch):
    encode = index.text_vectors.encode
    calls: list[int] = []

    def counted(texts: Any, langs: Any) -> Any:
        calls.append(len(texts))
        return encode(texts, langs)

    monkeypatch.setattr(index.text_vectors, "encode", counted)
    few, many = asks(founder, 2, 0), asks(founder, 12, 2)
    assert not ListingVector.objects.exists()
    IndexState.objects.get_or_create(pk=1)  # made once, by whichever change comes first

    with CaptureQueriesContext(connection) as for_few:
        encode_changed_listings(sender=Listing, ids=[listing.pk for listing in few])
    with CaptureQueriesContext(connection) as for_many:
        encode_changed_listings(sender=Listing, ids=[listing.pk for listing in many])

    assert len(for_many.captured_queries) == len(for_few.captured_queries)
    assert calls == [2 * 2, 12 * 2]  # one call per batch, with both languages of every listing
    assert ListingVector.objects.active().count() == (2 + 12) * 2


def test_a_closed_listing_announced_leaves_the_index(founder, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        listing = make_listing(founder, ListingKind.FUNDING_ASK)
    assert ListingVector.objects.filter(listing_id=listing.pk).active().count() == 2

    with django_capture_on_commit_callbacks(execute=True):
        do_close_listing(listing)

    assert not ListingVector.objects.filter(listing_id=listing.pk).active().exists()
