"""The index service: stored listing vectors and each server's own in-memory copy of them.

Vectors are computed when listings change (``listings_changed``, after the commit; see ``signals.py``) and
stored in ``ListingVector``; closing, expiry handling and deletion turn a row into an inactive tombstone.
Every change raises ``IndexState.generation`` under a row lock, so generations commit in order. Each
server process builds its ``VectorIndex`` (one per kind and language of listing) lazily from the stored
rows — nothing is re-encoded at start-up — and before each search compares the generation and epoch with its
own in one query, catching up on the changed rows. Several servers on one PostgreSQL converge that way.

Searches follow the engine's ``Ranker``: the stored vectors stay as encoded, and each server's copy — like
every query — first loses its (kind, language) mean; a query searches the counterpart kind's Chinese and
English lists apart and merges them with ``merge_language_lists``, which standardises each list by its own
best scores once both are large enough.

The means are the platform's own: ``reindex_all`` fits them on the stored vectors of every (kind, language)
with at least ``MIN_FIT_COUNT`` listings and stores them on ``IndexState`` together with the new epoch; a
pair with fewer keeps the mean shipped with the engine (``KindCentring.shipped``), a pair with neither is
not centred. A server reads the means in the same row as the epoch it builds at, and centres its copy and
every query with those means until the next epoch: never a mix of two fits.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt
from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone

from hatchway.listings.models import Listing
from hatchway.matching.engine import (
    COUNTERPARTS,
    Encoder,
    KindCentring,
    VectorIndex,
    get_encoder,
    merge_language_lists,
)
from hatchway.matching.models import IndexState, ListingVector
from hatchway.matching.snapshots import load_snapshot, save_snapshot

logger = logging.getLogger(__name__)

LANGUAGES = ("zh", "en")


def encoder_name() -> str:
    """The encoder the platform uses (the ``HATCHWAY_MATCHING_ENCODER`` setting, by default the engine's)."""
    return settings.HATCHWAY_MATCHING_ENCODER


@cache
def _encoder(name: str) -> Encoder:
    return get_encoder(name)


def platform_encoder() -> Encoder:
    """The loaded encoder, once per process."""
    return _encoder(encoder_name())


# The fewest stored vectors of a (kind, language) whose mean is fitted at reindex. On the evaluation set a
# mean fitted on 50+ listings per pair already ranks as well as one fitted on all ~350 (recall@5 0.96–0.97,
# shipped 0.95); 200 keeps a mean's sampling error (≈ 0.04–0.06 in norm) below how far the shipped means sit
# from a corpus's own (0.06–0.10 even on listings of the same generator), so refits move scores little
# (docs/matching.md, "Centring fitted at reindex").
MIN_FIT_COUNT = 200


@cache
def kind_centring(name: str) -> KindCentring:
    """The (kind, language) means shipped with the engine for encoder ``name`` (none for other encoders)."""
    return KindCentring.shipped(name)


@dataclass(frozen=True)
class PairFit:
    """The centring of one (kind, language) after a reindex: ``fitted`` on ``count`` stored vectors, else
    the ``shipped`` mean, else ``none``."""

    kind: str
    language: str
    count: int
    source: str
    mean: tuple[float, ...] = field(default=(), repr=False)


@dataclass(frozen=True)
class CentringFit:
    """The means a reindex fitted, as stored on ``IndexState.centring`` (``to_state``/``from_state``).

    An empty state — before the first fitting reindex, or after ``--shipped-centring`` — means the shipped
    means throughout.
    """

    encoder: str
    fitted_at: str
    min_count: int
    pairs: tuple[PairFit, ...]

    def to_state(self) -> dict[str, Any]:
        return {
            "encoder": self.encoder,
            "fitted_at": self.fitted_at,
            "min_count": self.min_count,
            "pairs": [
                {"kind": pair.kind, "language": pair.language, "count": pair.count, "source": pair.source}
                | ({"mean": list(pair.mean)} if pair.source == "fitted" else {})
                for pair in self.pairs
            ],
        }

    @classmethod
    def from_state(cls, state: Mapping[str, Any] | None) -> CentringFit | None:
        if not state or not state.get("encoder"):
            return None
        return cls(
            encoder=str(state["encoder"]),
            fitted_at=str(state.get("fitted_at", "")),
            min_count=int(state.get("min_count", 0)),
            pairs=tuple(
                PairFit(
                    kind=str(pair["kind"]),
                    language=str(pair["language"]),
                    count=int(pair["count"]),
                    source=str(pair["source"]),
                    mean=tuple(float(value) for value in pair.get("mean", ())),
                )
                for pair in state.get("pairs", ())
            ),
        )

    def centring(self) -> KindCentring:
        """The shipped means of the encoder, overridden by the fitted ones."""
        means = dict(kind_centring(self.encoder).means)
        means.update(
            {
                (pair.kind, pair.language): np.asarray(pair.mean, dtype=np.float32)
                for pair in self.pairs
                if pair.source == "fitted"
            }
        )
        return KindCentring(means)


def platform_centring(state: Mapping[str, Any] | None, encoder: str) -> KindCentring:
    """The means stored at the last reindex (``IndexState.centring``) if fitted for ``encoder``, else shipped."""
    fit = CentringFit.from_state(state)
    if fit is None or fit.encoder != encoder:
        return kind_centring(encoder)
    return fit.centring()


def fit_kind_means(name: str, *, min_count: int | None = None) -> CentringFit:
    """Fit the (kind, language) means on the active stored vectors of encoder ``name``, streaming them.

    A pair with ``min_count`` (default ``MIN_FIT_COUNT``) vectors or more is fitted; one with fewer keeps
    its shipped mean, if any.
    """
    min_count = MIN_FIT_COUNT if min_count is None else min_count
    sums: dict[tuple[str, str], npt.NDArray[np.float64]] = {}
    counts: dict[tuple[str, str], int] = defaultdict(int)
    rows = (
        ListingVector.objects.active()
        .filter(encoder=name)
        .order_by("pk")
        .values_list("kind", "language", "vector")
    )
    for kind, language, vector in rows.iterator(chunk_size=2_000):
        array = np.frombuffer(bytes(vector), dtype=np.float32)
        key = (kind, language)
        if key in sums:
            if len(array) != len(sums[key]):
                continue  # a vector of another shape cannot be averaged in; the reindex re-encoded it anyway
            sums[key] += array
        else:
            sums[key] = array.astype(np.float64)
        counts[key] += 1
    shipped = kind_centring(name).means
    pairs: list[PairFit] = []
    for key in sorted(set(counts) | set(shipped)):
        count = counts.get(key, 0)
        if count >= min_count:
            mean = tuple(round(float(value), 6) for value in sums[key] / count)
            pairs.append(PairFit(key[0], key[1], count, "fitted", mean))
        else:
            pairs.append(PairFit(key[0], key[1], count, "shipped" if key in shipped else "none"))
    return CentringFit(name, timezone.now().isoformat(), min_count, tuple(pairs))


def read_state_centring(encoder: str) -> tuple[int, str, KindCentring]:
    """The current generation, epoch and centring, read together from the one state row (so they match)."""
    row = IndexState.objects.filter(pk=1).values_list("generation", "epoch", "centring").first()
    generation, epoch, state = (int(row[0]), str(row[1]), row[2]) if row else (0, "", {})
    return generation, epoch, platform_centring(state, encoder)


def centre_vectors(
    vectors: npt.ArrayLike,
    langs: Sequence[str],
    kinds: Sequence[str | None],
    centring: KindCentring | None = None,
) -> npt.NDArray[np.float32]:
    """Vectors less the mean of their (kind, language), renormalised, as the engine's ranker compares them.

    ``centring`` is the means to subtract; by default those this process's index was built with (after
    catching up with the database), so vectors compared with the index are centred as it is. Vectors whose
    dimension is not the means' (another encoder) are returned as they are.
    """
    array = np.asarray(vectors, dtype=np.float32)
    if centring is None:
        centring = get_index().centring()
    if not centring or not len(array):
        return array
    dims = {len(mean) for mean in centring.means.values()}
    if dims != {array.shape[1]}:
        return array
    return centring.apply(array, list(langs), list(kinds))


class TextVectors:
    """Vectors of recently encoded texts (least recently used dropped first), so that the same text —
    a listing saved twice, a sentence shown on several cards — is encoded once per process."""

    def __init__(self, size: int = 4_096) -> None:
        self._size = size
        self._vectors: OrderedDict[tuple[str, str, str], npt.NDArray[np.float32]] = OrderedDict()
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str], langs: Sequence[str | None]) -> npt.NDArray[np.float32]:
        encoder = platform_encoder()
        keys = [(encoder.name, lang or "", text) for text, lang in zip(texts, langs, strict=True)]
        found: dict[tuple[str, str, str], npt.NDArray[np.float32]] = {}
        with self._lock:
            for key in keys:
                if key in self._vectors:
                    self._vectors.move_to_end(key)
                    found[key] = self._vectors[key]
        missing = list(dict.fromkeys(key for key in keys if key not in found))
        if missing:
            encoded = encoder.encode([key[2] for key in missing], [key[1] or None for key in missing])
            with self._lock:
                for key, vector in zip(missing, encoded, strict=True):
                    found[key] = self._vectors[key] = np.asarray(vector, dtype=np.float32)
                while len(self._vectors) > self._size:
                    self._vectors.popitem(last=False)
        if not keys:
            return np.zeros((0, encoder.dim), dtype=np.float32)
        return np.vstack([found[key] for key in keys])


text_vectors = TextVectors()


def listing_texts(listing: Listing) -> dict[str, str]:
    """The text to encode per language the listing is written in: its title and description."""
    texts: dict[str, str] = {}
    for language in LANGUAGES:
        title = getattr(listing, f"title_{language}").strip()
        description = getattr(listing, f"description_{language}").strip()
        text = "\n".join(part for part in (title, description) if part)
        if text:
            texts[language] = text
    return texts


def _fingerprint(text: str, encoder: str) -> str:
    return hashlib.sha256(f"{encoder}\n{text}".encode()).hexdigest()


def _raise_generation() -> int:
    """Lock the one state row and raise its generation; the lock holds until the transaction commits.

    Only the generation is read: the row also holds the centring means, which a listing's edit never needs.
    """
    locked = IndexState.objects.select_for_update().filter(pk=1).values_list("generation", flat=True)
    current = locked.first()
    if current is None:
        IndexState.objects.get_or_create(pk=1)
        current = locked.get()
    IndexState.objects.filter(pk=1).update(generation=current + 1)
    return int(current) + 1


def sync_listing_vectors(listing_ids: Iterable[int], *, force: bool = False) -> int:
    """Bring the stored vectors of these listings in line with them; return how many texts were encoded.

    An open listing gets one active vector per language it is written in (re-encoded only when its text
    or the encoder changed, or with ``force``); anything else — closed, expired, draft, deleted — keeps
    only inactive rows, which tell every server to drop it.
    """
    ids = sorted(set(listing_ids))
    if not ids:
        return 0
    name = encoder_name()
    open_listings = {listing.pk: listing for listing in Listing.objects.open().filter(pk__in=ids)}
    rows = {(row.listing_id, row.language): row for row in ListingVector.objects.filter(listing_id__in=ids)}
    wanted: dict[tuple[int, str], tuple[str, str, str]] = {}
    for listing in open_listings.values():
        for language, text in listing_texts(listing).items():
            wanted[(listing.pk, language)] = (listing.kind, text, _fingerprint(text, name))
    to_encode = [
        key
        for key, (_kind, _text, fingerprint) in wanted.items()
        if force
        or key not in rows
        or not rows[key].active
        or rows[key].text_hash != fingerprint
        or rows[key].encoder != name
    ]
    to_retire = [row for key, row in rows.items() if row.active and key not in wanted]
    if not to_encode and not to_retire:
        return 0
    vectors = (
        text_vectors.encode([wanted[key][1] for key in to_encode], [key[1] for key in to_encode])
        if to_encode
        else np.zeros((0, 0), dtype=np.float32)
    )
    with transaction.atomic():
        generation = _raise_generation()
        # One upsert for the batch (new rows and re-encoded ones alike), not a query per listing.
        ListingVector.objects.bulk_create(
            [
                ListingVector(
                    listing_id=key[0],
                    language=key[1],
                    kind=wanted[key][0],
                    encoder=name,
                    vector=np.asarray(vector, dtype=np.float32).tobytes(),
                    text_hash=wanted[key][2],
                    active=True,
                    generation=generation,
                )
                for key, vector in zip(to_encode, vectors, strict=True)
            ],
            update_conflicts=True,
            unique_fields=["listing", "language"],
            update_fields=["kind", "encoder", "vector", "text_hash", "active", "generation", "updated_at"],
        )
        if to_retire:
            ListingVector.objects.filter(pk__in=[row.pk for row in to_retire]).update(
                active=False, generation=generation, updated_at=timezone.now()
            )
    return len(to_encode)


@dataclass(frozen=True)
class Reindexed:
    """What ``reindex_all`` did: listings and texts encoded, and the centring fitted (``None``: shipped)."""

    listings: int
    texts: int
    centring: CentringFit | None


def reindex_all(
    progress: Callable[[int, int], None] | None = None,
    *,
    batch_size: int = 64,
    shipped_centring: bool = False,
    min_count: int | None = None,
) -> Reindexed:
    """Re-encode every open listing, retire every other vector, fit the (kind, language) means on the stored
    vectors (``shipped_centring``: use the shipped ones instead) and start a new epoch with them: every server
    then rebuilds its copy with the new means.

    ``progress(done, total)`` is called after each batch of listings.
    """
    ids = list(Listing.objects.open().order_by("pk").values_list("pk", flat=True))
    texts = 0
    for start in range(0, len(ids), batch_size):
        texts += sync_listing_vectors(ids[start : start + batch_size], force=True)
        if progress is not None:
            progress(min(start + batch_size, len(ids)), len(ids))
    with transaction.atomic():
        generation = _raise_generation()
        # A subquery, not the list of ids: a million ids would exceed a database's parameter limit.
        ListingVector.objects.active().exclude(listing_id__in=Listing.objects.open().values("pk")).update(
            active=False, generation=generation, updated_at=timezone.now()
        )
    # Fitted outside the lock (a pass over every stored vector); a listing published meanwhile is centred
    # with these means all the same, it merely did not count towards them.
    name = encoder_name()
    fit = None if shipped_centring else fit_kind_means(name, min_count=min_count)
    with transaction.atomic():
        # The means change only together with the epoch: a server reads both in one row (``_rebuild``).
        IndexState.objects.filter(pk=1).update(
            epoch=IndexState._meta.get_field("epoch").get_default(),
            encoder=name,
            rebuilt_at=timezone.now(),
            centring=fit.to_state() if fit is not None else {},
        )
    if progress is not None and not ids:
        progress(0, 0)
    return Reindexed(len(ids), texts, fit)


@dataclass
class Found:
    """A listing's best similarity to the query texts: its centred cosine, standardised per language list
    when the lists are large (``merge_language_lists``)."""

    listing_id: int
    similarity: float


@dataclass
class IndexCopy:
    """One complete copy of the index: a ``VectorIndex`` per (kind, language) holding the stored vectors up to
    ``generation`` of ``epoch``, centred with that epoch's means (``centring``)."""

    encoder: str
    epoch: str | None
    generation: int
    centring: KindCentring
    indexes: dict[tuple[str, str], VectorIndex] = field(default_factory=dict)

    def size(self, kind: str | None = None) -> int:
        return sum(
            len(index) for (each, _lang), index in self.indexes.items() if kind is None or each == kind
        )

    def add(self, rows: Sequence[tuple[int, str, str, bytes]]) -> None:
        """Add stored rows (listing id, language, kind, vector), centred with this copy's means."""
        grouped: dict[tuple[str, str], list[tuple[str, npt.NDArray[np.float32]]]] = defaultdict(list)
        for listing_id, language, kind, vector in rows:
            grouped[(kind, language)].append(
                (f"{listing_id}:{language}", np.frombuffer(bytes(vector), dtype=np.float32))
            )
        for key, items in grouped.items():
            vectors = np.vstack([vector for _id, vector in items])
            vectors = centre_vectors(vectors, [key[1]] * len(items), [key[0]] * len(items), self.centring)
            if key not in self.indexes:
                self.indexes[key] = VectorIndex(
                    vectors.shape[1], meta={"encoder": self.encoder, "kind": key[0], "lang": key[1]}
                )
            self.indexes[key].add([each for each, _vector in items], vectors)

    def catch_up(self, generation: int) -> None:
        """Apply the rows changed after this copy's generation, up to ``generation``."""
        changed = list(
            ListingVector.objects.changed_since(self.generation)
            .filter(generation__lte=generation)
            .values_list("listing_id", "language", "kind", "vector", "active", "encoder")
        )
        for listing_id, language, _kind, _vector, _active, _encoder in changed:
            for (_each, lang), index in self.indexes.items():  # the kind may have changed
                if lang == language:
                    index.remove([f"{listing_id}:{language}"])
        self.add(
            [
                (listing_id, language, kind, vector)
                for listing_id, language, kind, vector, active, encoder in changed
                if active and encoder == self.encoder
            ]
        )
        self.generation = generation


class IndexService:
    """This process's copy of the index (an :class:`IndexCopy`), kept current with the database; every query
    is centred with the means of the epoch the copy was built at (:meth:`centring`).

    A new epoch (``hatchway match reindex``) or too many changes at once call for a new copy. A small copy is
    replaced before the search that noticed it; one of ``background_above`` texts or more (minutes to build
    at a million) keeps answering while its successor is built in a background thread.
    """

    # Catching up row by row beyond this many changes costs more than building afresh.
    rebuild_above = 5_000
    # A copy this large is replaced in the background, not before the search that noticed it was stale.
    background_above = 100_000
    # Hits per language list a search needs before the lists are standardised (the engine's ``Ranker.depth``).
    depth = 50

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._copy = IndexCopy("", None, 0, KindCentring())
        self._successor: threading.Thread | None = None

    def _state(self) -> tuple[int, str]:
        row = IndexState.objects.filter(pk=1).values_list("generation", "epoch").first()
        return (int(row[0]), str(row[1])) if row else (0, "")

    def _too_far_behind(self, generation: int) -> bool:
        """More rows changed since ``generation`` than catching up on them row by row is worth."""
        return ListingVector.objects.changed_since(generation).count() > self.rebuild_above

    def _build(self) -> IndexCopy:
        """A new copy of the database's state: from this server's snapshot caught up if there is a usable one,
        else from every stored vector (then saved as the snapshot).

        The generation, the epoch and its means come from one read of the state row, so they always belong
        together; a change committed since the caller's cheap check only makes this copy newer.
        """
        encoder = encoder_name()
        generation, epoch, centring = read_state_centring(encoder)
        snapshot = load_snapshot(encoder, epoch, generation)
        if snapshot is not None and not self._too_far_behind(snapshot.generation):
            copy = IndexCopy(encoder, epoch, snapshot.generation, centring, snapshot.indexes)
            copy.catch_up(generation)
            return copy
        copy = IndexCopy(encoder, epoch, generation, centring)
        batch: list[tuple[int, str, str, bytes]] = []
        rows = (
            ListingVector.objects.active()
            .filter(encoder=encoder, generation__lte=generation)
            .order_by("pk")
            .values_list("listing_id", "language", "kind", "vector")
        )
        for row in rows.iterator(chunk_size=2_000):
            batch.append(row)
            if len(batch) >= 2_000:
                copy.add(batch)
                batch = []
        copy.add(batch)
        save_snapshot(encoder, epoch, generation, copy.indexes)
        return copy

    def _build_successor(self) -> None:
        """Build the next copy in a background thread and swap it in when complete (one at a time)."""
        if self._successor is not None and self._successor.is_alive():
            return

        def build() -> None:
            try:
                successor = self._build()
                with self._lock:
                    self._copy = successor
                logger.info("Matching index rebuilt in the background: %s texts", successor.size())
            except Exception:
                logger.exception("Matching index: the background rebuild failed; the current copy stays")
            finally:
                connections.close_all()  # this thread's own connections

        self._successor = threading.Thread(target=build, name="matching-index-rebuild", daemon=True)
        self._successor.start()

    def wait_for_successor(self, timeout: float | None = None) -> None:
        """Block until a copy being built in the background is in place (for tools and tests)."""
        if self._successor is not None:
            self._successor.join(timeout)

    def refresh(self) -> None:
        """Catch up with the database: a new copy on a new epoch or encoder or after too many changes (in the
        background for a large copy), else apply the changed rows."""
        generation, epoch = self._state()
        with self._lock:
            copy = self._copy
            renewed = epoch != copy.epoch or encoder_name() != copy.encoder or generation < copy.generation
            if not renewed and generation != copy.generation:
                renewed = self._too_far_behind(copy.generation)
                if not renewed:
                    copy.catch_up(generation)
            if not renewed:
                return
            if copy.epoch is not None and copy.size() >= self.background_above:
                self._build_successor()
            else:
                self._copy = self._build()

    def centring(self) -> KindCentring:
        """The means this copy centres its vectors and the queries with, once caught up with the database."""
        self.refresh()
        with self._lock:
            return self._copy.centring

    def size(self, kind: str | None = None) -> int:
        """How many texts this copy holds (of one kind, or in all)."""
        return self._copy.size(kind)

    def current_copy(self) -> IndexCopy:
        """The copy searches use now (as last refreshed), for tools and benchmarks."""
        return self._copy

    def search(
        self,
        kind: str,
        vectors: npt.ArrayLike,
        k: int,
        *,
        langs: Sequence[str] | None = None,
        query_kind: str | None = None,
    ) -> list[Found]:
        """The listings of ``kind`` nearest to any of the query vectors, best similarity per listing first.

        ``langs`` (one per query vector) and ``query_kind`` (the querying listing's kind; by default the
        counterpart of ``kind``) centre the query vectors as the stored ones are; without ``langs`` the
        query vectors are taken as they are. Each language's list is searched for ``k`` hits and the lists
        are merged with the engine's ``merge_language_lists``.
        """
        queries = np.atleast_2d(np.asarray(vectors, dtype=np.float32))
        if langs is not None and query_kind is None:
            query_kind = next(iter(COUNTERPARTS.get(kind, ())), None)
        self.refresh()
        with self._lock:
            copy = self._copy
            if langs is not None:  # with the very means the copy searched below was built with
                queries = centre_vectors(queries, langs, [query_kind] * len(queries), copy.centring)
            indexes = [
                index for (each, _lang), index in sorted(copy.indexes.items()) if each == kind and len(index)
            ]
            if not indexes or not len(queries):
                return []
            searched = [index.search(queries, max(k, self.depth)) for index in indexes]
        best: dict[int, float] = {}
        for row in range(len(queries)):
            lists = [found[row] for found in searched if found[row]]
            for hit in merge_language_lists(lists, self.depth):
                listing_id = int(hit.id.split(":", 1)[0])
                best[listing_id] = max(best.get(listing_id, -1.0e9), hit.score)
        ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))[:k]
        return [Found(listing_id, similarity) for listing_id, similarity in ranked]


_service = IndexService()


def get_index() -> IndexService:
    """This process's index service."""
    return _service


def listing_query(listing: Listing) -> tuple[npt.NDArray[np.float32], list[str]]:
    """The listing's vectors (stored ones when current, else encoded now: a draft, or not yet stored) and
    the language of each, as :meth:`IndexService.search` takes them."""
    name = encoder_name()
    texts = listing_texts(listing)
    stored = {
        row.language: row
        for row in ListingVector.objects.filter(listing_id=listing.pk, active=True, encoder=name)
    }
    vectors: list[npt.NDArray[np.float32]] = []
    langs: list[str] = []
    missing: list[tuple[str, str]] = []
    for language, text in texts.items():
        row = stored.get(language)
        if row is not None and row.text_hash == _fingerprint(text, name):
            vectors.append(row.as_array())
            langs.append(language)
        else:
            missing.append((language, text))
    if missing:
        encoded = platform_encoder().encode(
            [text for _language, text in missing], [lang for lang, _t in missing]
        )
        vectors.extend(np.asarray(row, dtype=np.float32) for row in encoded)
        langs.extend(lang for lang, _text in missing)
    if not vectors:
        return np.zeros((0, platform_encoder().dim), dtype=np.float32), []
    return np.vstack(vectors), langs


def listing_vectors(listing: Listing) -> npt.NDArray[np.float32]:
    """The listing's vectors: stored ones when current, else encoded now (a draft, or not yet stored)."""
    return listing_query(listing)[0]


def stored_vectors(listing_ids: Iterable[int]) -> dict[int, npt.NDArray[np.float32]]:
    """The active stored vectors of these listings (rows per language stacked), centred as the index centres
    them: two listings compare the way a listing and a query do, whatever their languages."""
    grouped: dict[int, list[int]] = defaultdict(list)
    rows = ListingVector.objects.active().filter(listing_id__in=list(listing_ids), encoder=encoder_name())
    found = list(rows.values_list("listing_id", "vector", "language", "kind"))
    if not found:
        return {}
    centred = centre_vectors(
        np.vstack([np.frombuffer(bytes(vector), dtype=np.float32) for _id, vector, _lang, _kind in found]),
        [language for _id, _vector, language, _kind in found],
        [kind for _id, _vector, _language, kind in found],
    )
    for row, (listing_id, _vector, _language, _kind) in enumerate(found):
        grouped[listing_id].append(row)
    return {listing_id: centred[positions] for listing_id, positions in grouped.items()}


__all__ = [
    "MIN_FIT_COUNT",
    "CentringFit",
    "Found",
    "IndexCopy",
    "IndexService",
    "PairFit",
    "Reindexed",
    "centre_vectors",
    "encoder_name",
    "fit_kind_means",
    "get_index",
    "kind_centring",
    "listing_query",
    "listing_texts",
    "listing_vectors",
    "platform_centring",
    "platform_encoder",
    "read_state_centring",
    "reindex_all",
    "stored_vectors",
    "sync_listing_vectors",
]
