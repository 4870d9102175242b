"""`hatchway match reindex`: every open listing re-encoded with progress, the rest retired, every server rebuilds."""

from __future__ import annotations

import datetime
import io

import numpy as np
import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import translation

from hatchway.directory.models import Membership
from hatchway.listings.actions import do_close_listing, do_create_listing, do_publish_listing
from hatchway.listings.models import ListingKind
from hatchway.matching.index import IndexService, platform_encoder
from hatchway.matching.models import IndexState, ListingVector

NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


def test_reindex_encodes_open_listings_retires_the_rest_and_shows_progress(founder):
    organisation = Membership.objects.get(user=founder).organisation
    # Made inside the test's transaction: nothing is encoded until the command runs.
    opened = [
        do_publish_listing(
            do_create_listing(kind=ListingKind.LANDING_ASK, owner_organisation=organisation, title_en=title),
            now=NOW,
        )
        for title in (
            "Lab space for a Munich robotics start-up",
            "Office in Shanghai for a Berlin fintech",
            "A plant site",
        )
    ]
    closed = do_close_listing(opened.pop())
    ListingVector.objects.create(
        listing=closed,
        kind=closed.kind,
        language="en",
        encoder=platform_encoder().name,
        vector=np.full(platform_encoder().dim, 0.01, dtype=np.float32).tobytes(),
        text_hash="old",
        active=True,
    )
    server = IndexService()
    server.refresh()
    epoch = IndexState.objects.filter(pk=1).values_list("epoch", flat=True).first()
    out, err = io.StringIO(), io.StringIO()

    with translation.override("en"):
        call_command("match", "reindex", "--batch-size", "1", stdout=out, stderr=err)

    assert "1/2 listings encoded" in err.getvalue()
    assert "2/2 listings encoded" in err.getvalue()
    assert out.getvalue().startswith("Indexed 2 open listings (2 texts)")
    assert set(ListingVector.objects.filter(active=True).values_list("listing_id", flat=True)) == {
        listing.pk for listing in opened
    }
    assert not ListingVector.objects.get(listing=closed).active
    assert IndexState.objects.get().epoch != epoch
    found = server.search(ListingKind.LANDING_ASK, platform_encoder().encode(["robotics lab in Munich"]), 5)
    assert found[0].listing_id == opened[0].pk
    assert server.size() == 2


def test_reindex_refuses_a_batch_of_nothing(db):
    with pytest.raises(CommandError, match="--batch-size 0 encodes nothing"):
        call_command("match", "reindex", "--batch-size", "0")
