"""What listings tell the apps above them: which listings changed, once the change is committed.

``listings_changed`` is sent with ``sender=Listing`` and ``ids``, the sorted ids of the listings created,
edited, published, closed, renewed, expired, imported or deleted. Every listings action that changes listings
sends it, bulk ones included, after its transaction commits (a change rolled back is never announced).
Matching listens to keep the stored vectors in step. Keeping a reminder date or recording who sees an
anonymous owner changes nothing a listener reads, so those are not announced.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import Signal

from hatchway.listings.models import Listing

listings_changed = Signal()


def _send(ids: list[int]) -> None:
    listings_changed.send(sender=Listing, ids=ids)


def announce_listings_changed(ids: Iterable[int | None]) -> None:
    """Send ``listings_changed`` for these listings when the current transaction commits."""
    batch = sorted({pk for pk in ids if pk is not None})
    if batch:
        # robust: a listener's failure is logged; it never undoes the committed change.
        transaction.on_commit(partial(_send, batch), robust=True)


def _deleted(sender: Any, instance: Listing, **kwargs: Any) -> None:
    """A listing deleted by ``do_delete_listing`` or with its owner (an organisation or person deleted)."""
    announce_listings_changed([instance.pk])


def connect() -> None:
    post_delete.connect(_deleted, sender=Listing, dispatch_uid="listings.listing_deleted")


__all__ = ["announce_listings_changed", "listings_changed"]
