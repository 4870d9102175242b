"""Rank a corpus of texts for each query text: the engine behind ``hatchway match rank``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ._encoders import Encoder
from ._index import Hit, VectorIndex


@dataclass(frozen=True)
class Document:
    """A text to match, in any language; ``lang`` is detected when missing, ``extra`` is carried along."""

    id: str
    text: str
    lang: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class Ranker:
    """Encode a corpus into an index, then return each query's nearest documents.

    >>> from hatchway.matching.engine import normalise
    >>> class Letters:  # a toy encoder: counts of a, b and c
    ...     name, dim = "letters", 3
    ...     def encode(self, texts, langs=None):
    ...         return normalise([[t.count(c) + 0.01 for c in "abc"] for t in texts])
    >>> ranker = Ranker(Letters())
    >>> ranker.index_documents([Document("x", "aaa"), Document("y", "bbb"), Document("z", "ccc")])
    >>> [hit.id for hit in ranker.rank([Document("q", "bba")], top=2)[0]]
    ['y', 'x']
    """

    def __init__(self, encoder: Encoder, index: VectorIndex | None = None, batch_size: int = 256) -> None:
        self.encoder = encoder
        self.index = index if index is not None else VectorIndex(encoder.dim, meta={"encoder": encoder.name})
        if self.index.dim != encoder.dim:
            raise ValueError(
                f"The index holds {self.index.dim}-d vectors; {encoder.name} makes {encoder.dim}-d."
            )
        self.batch_size = batch_size

    def index_documents(
        self, documents: Sequence[Document], progress: Callable[[int, int], None] | None = None
    ) -> None:
        """Add (or replace) documents in the index, a batch at a time, reporting ``(done, total)``."""
        for start in range(0, len(documents), self.batch_size):
            batch = documents[start : start + self.batch_size]
            vectors = self.encoder.encode([doc.text for doc in batch], [doc.lang for doc in batch])
            self.index.add([doc.id for doc in batch], vectors)
            if progress is not None:
                progress(start + len(batch), len(documents))

    def rank(
        self, queries: Sequence[Document], top: int = 10, *, exact: bool | None = None
    ) -> list[list[Hit]]:
        """The ``top`` best documents for each query, best first."""
        results: list[list[Hit]] = []
        for start in range(0, len(queries), self.batch_size):
            batch = queries[start : start + self.batch_size]
            vectors = self.encoder.encode([doc.text for doc in batch], [doc.lang for doc in batch])
            results.extend(self.index.search(vectors, top, exact=exact))
        return results
