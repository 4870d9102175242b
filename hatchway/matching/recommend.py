"""Recommendations: for a listing, the best counterparts its reader may see; for an owner, across listings.

The index finds the nearest texts of the counterpart kind; the listings' rules (``visible_to``, anonymous
owners) decide what the reader sees; the scorer filters and scores with ``weights.yaml``; stored feedback
removes dismissed results and demotes those close to results marked not relevant.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import overload

import numpy as np
import numpy.typing as npt
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hatchway.accounts.models import User
from hatchway.directory.models import Organisation, Stage, TalentProfile
from hatchway.directory.taxonomy import minor_units
from hatchway.errors import Forbidden, NotAuthenticated, NotFound
from hatchway.flows.models import CurrencyRate
from hatchway.listings.access import Viewer, viewer_of
from hatchway.listings.models import Listing
from hatchway.matching.highlight import Highlight, highlight
from hatchway.matching.index import get_index, listing_query, stored_vectors
from hatchway.matching.models import Feedback, FeedbackVerdict
from hatchway.matching.reasons import Names, render_reason
from hatchway.matching.scoring import (
    Context,
    Money,
    Rate,
    Reason,
    ScoringConfig,
    Side,
    demotion_of,
    load_config,
    score_pair,
)

# Listings of one owner considered for its combined recommendations, and results kept per listing.
OWNER_LISTINGS = 30
PER_LISTING = 5


@cache
def scoring_config() -> ScoringConfig:
    """The validated ``weights.yaml``, read once per process."""
    return load_config()


@dataclass
class Recommendation:
    """One counterpart of ``source`` with its score, reasons and (computed on demand) highlight."""

    source: Listing
    target: Listing
    score: int
    similarity: float
    reasons: tuple[Reason, ...]
    shows_owner: bool
    highlight: Highlight | None = None
    highlighted: bool = field(default=False, repr=False)

    @property
    def fits(self) -> list[Reason]:
        return [reason for reason in self.reasons if reason.is_fit]

    @property
    def gaps(self) -> list[Reason]:
        return [reason for reason in self.reasons if not reason.is_fit]


def _side(listing: Listing, now: datetime.datetime, consented: set[int]) -> Side:
    parties = {f"org:{listing.owner_organisation_id}"} if listing.owner_organisation_id else set()
    if listing.owner_user_id:
        parties.add(f"user:{listing.owner_user_id}")
    if listing.host_organisation_id:
        parties.add(f"org:{listing.host_organisation_id}")
    has_amount = listing.currency and (listing.amount_min is not None or listing.amount_max is not None)
    is_open = listing.status == "published" and (listing.expires_at is None or listing.expires_at > now)
    return Side(
        id=listing.pk,
        kind=listing.kind,
        is_open=is_open,
        parties=frozenset(parties),
        sectors=frozenset(sector.code for sector in listing.sectors.all()),
        stages=frozenset(stage.code for stage in listing.stages.all()),
        countries=frozenset(row.code for row in listing.country_rows.all()),
        languages=frozenset(listing.languages or []),
        amount=Money(listing.amount_min, listing.amount_max, listing.currency) if has_amount else None,
        consented=listing.kind != "talent_profile" or listing.owner_user_id in consented,
        published=timezone.localdate(listing.published_at) if listing.published_at else None,
        attributes=listing.attributes or {},
    )


def _context(listings: Sequence[Listing], today: datetime.date) -> Context:
    rates: dict[str, Rate] = {}
    for currency in {
        listing.currency for listing in listings if listing.currency and listing.currency != "CNY"
    }:
        rate = CurrencyRate.objects.on_or_before(currency, today)
        if rate is not None:
            rates[currency] = Rate(rate.rate_to_cny, rate.rate_date, minor_units(currency))
    stage_order = {
        code: index
        for index, code in enumerate(
            Stage.objects.order_by("sort_order", "code").values_list("code", flat=True)
        )
    }
    return Context(today, rates, stage_order)


def _consented(listings: Sequence[Listing]) -> set[int]:
    people = [
        listing.owner_user_id
        for listing in listings
        if listing.kind == "talent_profile" and listing.owner_user_id
    ]
    if not people:
        return set()
    return set(
        TalentProfile.objects.open_to_matching().filter(user_id__in=people).values_list("user_id", flat=True)
    )


def _best_cosine(left: npt.NDArray[np.float32], right: npt.NDArray[np.float32]) -> float:
    if not len(left) or not len(right):
        return 0.0
    return float(np.max(left @ right.T))


def recommend_for_listing(
    viewer: Viewer,
    source: Listing,
    *,
    limit: int = 10,
    now: datetime.datetime | None = None,
    config: ScoringConfig | None = None,
) -> list[Recommendation]:
    """The best counterparts of ``source`` that ``viewer`` may see, best first (no highlights yet)."""
    config = config or scoring_config()
    now = now or timezone.now()
    target_kind = config.counterpart_of(source.kind)
    if target_kind is None or limit <= 0 or not viewer.sees_owner(source):
        # An anonymous listing's results leave out its owner's own listings, which would hint at who it
        # is: only those who see the owner (the owner, operators, revealed parties) get its results.
        return []
    queries, langs = listing_query(source)
    if not len(queries):
        return []
    found = {
        hit.listing_id: hit.similarity
        for hit in get_index().search(
            target_kind, queries, config.candidates, langs=langs, query_kind=source.kind
        )
    }
    feedback = list(Feedback.objects.filter(source=source).values_list("target_id", "verdict"))
    dismissed = {target for target, verdict in feedback if verdict == FeedbackVerdict.DISMISSED}
    not_relevant = {target for target, verdict in feedback if verdict == FeedbackVerdict.NOT_RELEVANT}
    candidates = list(
        Listing.objects.visible_to(viewer.user)
        .filter(pk__in=[pk for pk in found if pk not in dismissed and pk != source.pk], kind=target_kind)
        .for_display()
    )
    candidates = [listing for listing in candidates if viewer.can_read(listing)]
    if not candidates:
        return []
    everyone = [source, *candidates]
    context = _context(everyone, timezone.localdate(now))
    consented = _consented(everyone)
    source_side = _side(source, now, consented)
    penalties: dict[int, float] = {}
    if not_relevant:
        # One read (and one centring) for the marked listings and the candidates alike.
        stored = stored_vectors(not_relevant | {listing.pk for listing in candidates})
        rejected = {pk: vectors for pk, vectors in stored.items() if pk in not_relevant}
        for listing in candidates:
            closest = max(
                (
                    _best_cosine(stored.get(listing.pk, np.zeros((0, 1), np.float32)), vectors)
                    for vectors in rejected.values()
                ),
                default=0.0,
            )
            if listing.pk in not_relevant:
                closest = 1.0
            penalties[listing.pk] = demotion_of(closest, config)
    results: list[Recommendation] = []
    for listing in candidates:
        scored = score_pair(
            source_side,
            _side(listing, now, consented),
            found[listing.pk],
            config,
            context,
            demotion=penalties.get(listing.pk, 0.0),
        )
        if scored.passed:
            results.append(
                Recommendation(
                    source=source,
                    target=listing,
                    score=scored.score,
                    similarity=round(found[listing.pk], 4),
                    reasons=scored.reasons,
                    shows_owner=viewer.sees_owner(listing),
                )
            )
    results.sort(key=lambda item: (-item.score, -item.similarity, item.target.pk))
    return results[:limit]


def owner_listings(viewer: Viewer, organisation: Organisation | None) -> list[Listing]:
    """The open listings recommendations are made for: an organisation's, or the viewer's own as a person."""
    listings = Listing.objects.open()
    if organisation is not None:
        listings = listings.filter(owner_organisation=organisation)
    else:
        listings = listings.filter(owner_user=viewer.user)
    return list(listings.for_display().order_by("-published_at", "-pk")[:OWNER_LISTINGS])


def recommend_for_owner(
    viewer: Viewer,
    organisation: Organisation | None,
    *,
    limit: int = 20,
    now: datetime.datetime | None = None,
) -> list[Recommendation]:
    """Recommendations across the owner's open listings, best first; a counterpart appears once."""
    merged: dict[int, Recommendation] = {}
    for source in owner_listings(viewer, organisation):
        for item in recommend_for_listing(viewer, source, limit=PER_LISTING, now=now):
            kept = merged.get(item.target.pk)
            if kept is None or item.score > kept.score:
                merged[item.target.pk] = item
    ranked = sorted(merged.values(), key=lambda item: (-item.score, -item.similarity, item.target.pk))
    return ranked[:limit]


def access_recommendation_owner(
    user: User | AnonymousUser | None, organisation_id: int | None
) -> tuple[Viewer, Organisation | None]:
    """Members of an organisation and operators see its recommendations; a person sees their own."""
    viewer = viewer_of(user)
    if viewer.user is None:
        raise NotAuthenticated()
    if organisation_id is None:
        return viewer, None
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        raise NotFound()
    if not (viewer.operator or organisation.pk in viewer.organisation_ids):
        raise Forbidden(_("Only the organisation's members see its recommendations."))
    return viewer, organisation


def with_highlights(items: Sequence[Recommendation]) -> list[Recommendation]:
    """Compute the highlight of each item (once), in the active language."""
    language = get_language() or "zh-hans"
    for item in items:
        if not item.highlighted:
            item.highlight = highlight(item.source, item.target, language)
            item.highlighted = True
    return list(items)


class Page(Sequence[Recommendation]):
    """A list of recommendations whose highlights are computed only for the slice a page shows."""

    def __init__(self, items: list[Recommendation]) -> None:
        self._items = items

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> Recommendation: ...

    @overload
    def __getitem__(self, index: slice) -> list[Recommendation]: ...

    def __getitem__(self, index: int | slice) -> Recommendation | list[Recommendation]:
        if isinstance(index, slice):
            return with_highlights(self._items[index])
        return with_highlights([self._items[index]])[0]

    def __iter__(self) -> Iterator[Recommendation]:
        return iter(with_highlights(self._items))


def reason_texts(items: Sequence[Recommendation]) -> dict[int, list[tuple[Reason, str]]]:
    """Each item's reasons with their text in the active language, keyed by target id."""
    names = Names.load()
    return {
        item.target.pk: [(reason, render_reason(reason, names)) for reason in item.reasons] for item in items
    }


__all__ = [
    "Page",
    "Recommendation",
    "access_recommendation_owner",
    "owner_listings",
    "reason_texts",
    "recommend_for_listing",
    "recommend_for_owner",
    "scoring_config",
    "with_highlights",
]
