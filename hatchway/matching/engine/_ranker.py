"""Rank a corpus of texts for each query text: the engine behind ``hatchway match rank``."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ._encoders import Encoder, Vectors, resolve_languages
from ._index import Hit, VectorIndex
from ._kinds import COUNTERPARTS, KindCentring


@dataclass(frozen=True)
class Document:
    """A text to match, in any language; ``lang`` is detected when missing, ``extra`` is carried along.

    ``extra["kind"]`` (a listing kind such as ``"funding_ask"``) restricts a query to its counterpart kinds
    and ``extra["sectors"]`` (a list of sector codes) adds a small bonus to documents sharing a sector.
    """

    id: str
    text: str
    lang: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def kind(self) -> str | None:
        kind = self.extra.get("kind")
        return str(kind) if kind else None

    @property
    def sectors(self) -> frozenset[str]:
        sectors = self.extra.get("sectors") or ()
        return frozenset([sectors] if isinstance(sectors, str) else (str(each) for each in sectors))


def merge_language_lists(lists: Sequence[Sequence[Hit]], depth: int = 50) -> list[Hit]:
    """Pool the hit lists of one query (one list per language searched), each list best first.

    When there are several lists and each holds at least ``depth`` hits, every list is standardised by the
    mean and spread of its own best ``depth`` scores and mapped back onto the pooled scale of those scores,
    so a query's own language no longer wins merely by being its own language; otherwise the hits are
    pooled as they are. The result is not sorted and may hold an id once per list.

    >>> zh = [Hit(f"zh{n}", 0.9 - n / 100) for n in range(3)]
    >>> en = [Hit(f"en{n}", 0.5 - n / 100) for n in range(3)]
    >>> [hit.id for hit in sorted(merge_language_lists([zh, en], depth=3), key=lambda hit: -hit.score)][:2]
    ['zh0', 'en0']
    >>> [hit.id for hit in sorted(merge_language_lists([zh, en], depth=4), key=lambda hit: -hit.score)][:2]
    ['zh0', 'zh1']
    """
    if len(lists) > 1 and all(len(found) >= depth for found in lists):
        # Each list's own statistics over its best ``depth`` hits, whatever the caller keeps.
        heads = [np.array([hit.score for hit in found[:depth]]) for found in lists]
        pooled = np.concatenate(heads)
        centre_, spread = float(pooled.mean()), float(pooled.std()) or 1.0
        merged: list[Hit] = []
        for found, head in zip(lists, heads, strict=True):
            mean, std = float(head.mean()), float(head.std()) or 1.0
            merged += [Hit(hit.id, centre_ + spread * (hit.score - mean) / std) for hit in found]
        return merged
    return [hit for found in lists for hit in found]


class Ranker:
    """Encode a corpus into an index, then return each query's nearest documents.

    Documents are kept in one index per (kind, language) (``partitions``), and in ``index`` as well, which
    holds every document as it always has (twice the vectors in memory; the platform's own index service
    keeps the per-(kind, language) indexes only). Documents and queries that carry a listing kind
    (``extra["kind"]``) are matched the way the platform matches them: a query only meets documents of its
    counterpart kinds (``counterparts``), and every vector first loses its (kind, language) mean
    (``KindCentring``, fitted on the corpus when it is indexed unless one is given). When every list a query
    searches holds at least ``depth`` documents, each language's list is standardised by the mean and spread
    of its own top ``depth`` cosines before the lists are merged (the scores are then mapped back onto the
    pooled cosine scale): a query's own language no longer wins merely by being its own language. A shared
    sector (``extra["sectors"]``) adds ``sector_bonus``. Small corpora without kinds rank by plain cosine.

    >>> from hatchway.matching.engine import normalise
    >>> class Letters:  # a toy encoder: counts of a, b and c
    ...     name, dim = "letters", 3
    ...     def encode(self, texts, langs=None):
    ...         return normalise([[t.count(c) + 0.01 for c in "abc"] for t in texts])
    >>> ranker = Ranker(Letters())
    >>> ranker.index_documents([Document("x", "aaa"), Document("y", "bbb"), Document("z", "ccc")])
    >>> [hit.id for hit in ranker.rank([Document("q", "bba")], top=2)[0]]
    ['y', 'x']
    >>> kinds = Ranker(Letters())
    >>> kinds.index_documents([Document("ask", "bbb", extra={"kind": "funding_ask"}),
    ...                        Document("fund", "abc", extra={"kind": "investment_thesis"})])
    >>> [hit.id for hit in kinds.rank([Document("q", "bbb", extra={"kind": "funding_ask"})], top=2)[0]]
    ['fund']
    """

    def __init__(
        self,
        encoder: Encoder,
        index: VectorIndex | None = None,
        batch_size: int = 256,
        *,
        counterparts: Mapping[str, Sequence[str]] = COUNTERPARTS,
        kind_centring: KindCentring | None = None,
        sector_bonus: float = 0.05,
        depth: int = 50,
    ) -> None:
        self.encoder = encoder
        self.index = index if index is not None else VectorIndex(encoder.dim, meta={"encoder": encoder.name})
        if self.index.dim != encoder.dim:
            raise ValueError(
                f"The index holds {self.index.dim}-d vectors; {encoder.name} makes {encoder.dim}-d."
            )
        self.batch_size = batch_size
        self.counterparts = {kind: tuple(kinds) for kind, kinds in counterparts.items()}
        self.kind_centring = kind_centring
        self.sector_bonus = sector_bonus
        self.depth = depth  # candidates per list, and the least a list needs to be standardised
        self.partitions: dict[tuple[str | None, str], VectorIndex] = {}  # (kind, language) -> index
        self._where: dict[str, tuple[str | None, str]] = {}
        self._sectors: dict[str, frozenset[str]] = {}

    def _partition(self, key: tuple[str | None, str]) -> VectorIndex:
        if key not in self.partitions:
            base = self.index
            self.partitions[key] = VectorIndex(
                base.dim,
                dtype=base.dtype,
                connectivity=base.connectivity,
                expansion_add=base.expansion_add,
                expansion_search=base.expansion_search,
                exact_below=base.exact_below,
                meta={**base.meta, "kind": key[0], "lang": key[1]},
            )
        return self.partitions[key]

    def _encode(self, documents: Sequence[Document]) -> tuple[Vectors, list[str]]:
        langs = resolve_languages([doc.text for doc in documents], [doc.lang for doc in documents])
        return self.encoder.encode([doc.text for doc in documents], langs), langs

    def index_documents(
        self, documents: Sequence[Document], progress: Callable[[int, int], None] | None = None
    ) -> None:
        """Add (or replace) documents in the index, a batch at a time, reporting ``(done, total)``.

        The first call with kinds fits the (kind, language) centring on its documents, so it encodes them
        all before adding them.
        """
        parts: list[Vectors] = []
        langs: list[str] = []
        for start in range(0, len(documents), self.batch_size):
            vectors, batch_langs = self._encode(documents[start : start + self.batch_size])
            parts.append(vectors)
            langs += batch_langs
            if progress is not None:
                progress(start + len(vectors), len(documents))
        if not documents:
            return
        vectors = np.vstack(parts)
        kinds = [doc.kind for doc in documents]
        if self.kind_centring is None and any(kinds):
            self.kind_centring = KindCentring.fit(vectors, langs, kinds)
        if self.kind_centring:
            vectors = self.kind_centring.apply(vectors, langs, kinds)
        self.remove(doc.id for doc in documents)  # an edited document may have changed kind or language
        groups: dict[tuple[str | None, str], list[int]] = {}
        for row, key in enumerate(zip(kinds, langs, strict=True)):
            groups.setdefault(key, []).append(row)
        for key, rows in groups.items():
            self._partition(key).add([documents[row].id for row in rows], vectors[rows])
            self.index.add([documents[row].id for row in rows], vectors[rows])  # every document, as before
            for row in rows:
                self._where[documents[row].id] = key
                self._sectors[documents[row].id] = documents[row].sectors

    def remove(self, ids: Iterable[str]) -> None:
        """Drop documents (closed listings); unknown ids are ignored."""
        for doc_id in ids:
            key = self._where.pop(doc_id, None)
            if key is not None:
                self.partitions[key].remove([doc_id])
                self.index.remove([doc_id])
            self._sectors.pop(doc_id, None)

    def _foreign(self) -> bool:
        """Whether the index given to the ranker holds vectors it did not add itself."""
        return len(self.index) > len(self._where)

    def ids(self) -> list[str]:
        """The ids of the documents indexed through this ranker."""
        return list(self._where)

    def _lists(self, kind: str | None) -> list[VectorIndex]:
        """The indexes a query of ``kind`` searches: its counterparts' and the kind-less documents'."""
        wanted = self.counterparts.get(kind or "")
        return [
            index
            for (each, _lang), index in self.partitions.items()
            if not wanted or each is None or each in wanted
        ]

    def rank(
        self, queries: Sequence[Document], top: int = 10, *, exact: bool | None = None
    ) -> list[list[Hit]]:
        """The ``top`` best documents for each query, best first."""
        results: list[list[Hit]] = []
        for start in range(0, len(queries), self.batch_size):
            batch = queries[start : start + self.batch_size]
            vectors, langs = self._encode(batch)
            if self.kind_centring:
                vectors = self.kind_centring.apply(vectors, langs, [doc.kind for doc in batch])
            # One search per index for all the batch's queries that need it, then merge per query.
            lists: list[list[list[Hit]]] = [[] for _ in batch]
            wanted: dict[int, tuple[VectorIndex, list[int]]] = {}
            for row, doc in enumerate(batch):
                for index in self._lists(doc.kind) + ([self.index] if self._foreign() else []):
                    wanted.setdefault(id(index), (index, []))[1].append(row)
            for index, rows in wanted.values():
                searched = index.search(vectors[rows], max(top, self.depth), exact=exact)
                for row, found in zip(rows, searched, strict=True):
                    if found:
                        lists[row].append(found)
            results += [self._merge(doc, found, top) for doc, found in zip(batch, lists, strict=True)]
        return results

    def _merge(self, query: Document, lists: list[list[Hit]], top: int) -> list[Hit]:
        if self._foreign():  # the caller's own vectors, in no partition: one list, duplicates dropped
            seen: dict[str, Hit] = {}
            for found in lists:
                for hit in found:
                    seen.setdefault(hit.id, hit)
            lists = [list(seen.values())]
        merged = merge_language_lists(lists, self.depth)
        sectors = query.sectors
        return sorted(
            (
                Hit(
                    hit.id,
                    round(
                        hit.score
                        + self.sector_bonus * bool(sectors & self._sectors.get(hit.id, frozenset())),
                        6,
                    ),
                )
                for hit in merged
            ),
            key=lambda hit: -hit.score,
        )[:top]
