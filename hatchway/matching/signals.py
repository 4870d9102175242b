"""Keep the stored vectors in step with listings: matching listens to listings' ``listings_changed``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hatchway.listings.signals import listings_changed

# Listings encoded per batch: one query loads each batch, and one call of the encoder encodes its texts.
BATCH = 500


def encode_changed_listings(sender: Any, ids: Sequence[int], **kwargs: Any) -> None:
    """Encode or retire the vectors of the listings that changed, a batch at a time, never one by one."""
    from hatchway.matching.index import sync_listing_vectors

    batch = sorted(set(ids))
    for start in range(0, len(batch), BATCH):
        sync_listing_vectors(batch[start : start + BATCH])


def connect() -> None:
    listings_changed.connect(encode_changed_listings, dispatch_uid="matching.listings_changed")
