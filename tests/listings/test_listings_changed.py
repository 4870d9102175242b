"""``listings_changed``: every action that changes listings announces them once its transaction commits."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import transaction

from hatchway.directory.actions import do_delete_organisation
from hatchway.listings.actions import (
    ListingRow,
    do_close_listing,
    do_delete_listing,
    do_expire_listings,
    do_import_listings,
    do_publish_listing,
    do_renew_listing,
    do_update_listing,
)
from hatchway.listings.models import Listing, ListingKind, ListingStatus
from hatchway.listings.signals import listings_changed
from tests.conftest import make_organisation
from tests.listings.conftest import NOW, make_listing, organisation_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def announced(django_capture_on_commit_callbacks) -> Iterator[Callable[..., list[list[int]]]]:
    """Run an action as a real commit would and return the ``ids`` of each ``listings_changed`` it sent."""
    sent: list[list[int]] = []

    def listener(sender: Any, ids: list[int], **kwargs: Any) -> None:
        assert sender is Listing
        sent.append(list(ids))

    listings_changed.connect(listener, dispatch_uid="tests.listings_changed")

    def run(action: Callable[..., Any], *args: Any, **kwargs: Any) -> list[list[int]]:
        sent.clear()
        with django_capture_on_commit_callbacks(execute=True):
            action(*args, **kwargs)
        return list(sent)

    yield run
    listings_changed.disconnect(dispatch_uid="tests.listings_changed")


def test_creating_and_editing_a_listing_announce_it(announced, founder):
    created: list[Listing] = []
    sent = announced(lambda: created.append(make_listing(founder, publish=False)))
    assert sent == [[created[0].pk]]
    assert announced(do_update_listing, created[0], title_en="Series B") == [[created[0].pk]]


def test_publishing_closing_renewing_and_expiring_announce_the_listing(announced, founder):
    listing = make_listing(founder, publish=False)
    assert announced(do_publish_listing, listing, now=NOW) == [[listing.pk]]
    later = NOW + datetime.timedelta(days=91)
    assert announced(do_expire_listings, later) == [[listing.pk]]
    assert announced(do_renew_listing, listing, now=later) == [[listing.pk]]
    assert announced(do_close_listing, listing, now=later) == [[listing.pk]]


def test_deleting_a_draft_announces_it_and_so_does_deleting_its_owner(announced, founder):
    draft = make_listing(founder, publish=False)
    draft_id = draft.pk
    assert announced(do_delete_listing, draft) == [[draft_id]]

    owner = make_organisation()
    gone = make_listing(owner)
    assert announced(do_delete_organisation, owner) == [[gone.pk]]


def test_an_import_announces_every_listing_it_wrote_at_once(announced, founder):
    organisation = organisation_of(founder)
    existing = make_listing(founder)
    existing.title_en = "Series A, revised"
    new = [
        Listing(
            kind=ListingKind.FUNDING_ASK,
            owner_organisation=organisation,
            title_en=f"Round {number}",
            status=ListingStatus.PUBLISHED,
        )
        for number in range(3)
    ]
    rows = [ListingRow(listing, [], [], []) for listing in new]

    sent = announced(do_import_listings, rows, [ListingRow(existing, [], [], [])], now=NOW)

    assert sent == [sorted([existing.pk, *(listing.pk for listing in new)])]


def test_a_change_rolled_back_is_not_announced(django_capture_on_commit_callbacks, founder):
    listing = make_listing(founder)
    sent: list[list[int]] = []

    def listener(sender: Any, ids: list[int], **kwargs: Any) -> None:
        sent.append(ids)

    def close_then_give_up() -> None:
        with transaction.atomic():
            do_close_listing(listing)
            raise RuntimeError("the caller gave up")

    listings_changed.connect(listener, dispatch_uid="tests.rolled_back")
    try:
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
            close_then_give_up()
    finally:
        listings_changed.disconnect(dispatch_uid="tests.rolled_back")
    assert sent == []
