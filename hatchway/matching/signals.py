"""Keep the stored vectors in step with listings: after each commit that saved or deleted some."""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from hatchway.listings.models import Listing

logger = logging.getLogger(__name__)

_pending = threading.local()

# The fields a listing's vector or its place in the index depends on.
_INDEXED_FIELDS = frozenset(
    {"title_zh", "title_en", "description_zh", "description_en", "status", "expires_at", "kind"}
)


def _ids() -> set[int]:
    if not hasattr(_pending, "ids"):
        _pending.ids = set()
    ids: set[int] = _pending.ids
    return ids


def flush_pending() -> None:
    """Encode or retire the vectors of every listing changed in this thread since the last flush."""
    from hatchway.matching.index import sync_listing_vectors

    ids = _ids()
    if not ids:
        return
    batch = sorted(ids)
    ids.clear()
    sync_listing_vectors(batch)


def listing_changed(sender: Any, instance: Listing, **kwargs: Any) -> None:
    """Queue the listing; the encoding runs once the transaction commits, for all queued listings at once."""
    if kwargs.get("raw"):
        return  # fixtures being loaded
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and not _INDEXED_FIELDS & set(update_fields):
        return  # a reminder date or the like: nothing the index depends on
    _ids().add(instance.pk)
    transaction.on_commit(flush_pending, robust=True)


def connect() -> None:
    post_save.connect(listing_changed, sender=Listing, dispatch_uid="matching.listing_saved")
    post_delete.connect(listing_changed, sender=Listing, dispatch_uid="matching.listing_deleted")
