"""An in-process approximate nearest-neighbour index over unit vectors, keyed by listing id.

Backed by usearch's HNSW graph (chosen by measurement, see ``docs/decisions/0005-multilingual-encoder.md``).
Below ``exact_below`` vectors, or when asked, it searches exhaustively instead: small sites get exact
results for free, and the speed harness measures the approximation against the same data.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

_FORMAT = 1


@dataclass(frozen=True)
class Hit:
    """One search result: a listing id and its cosine similarity to the query (-1 to 1)."""

    id: str
    score: float


def _usearch_index(dim: int, dtype: str, connectivity: int, expansion_add: int, expansion_search: int) -> Any:
    from usearch.index import Index

    return Index(
        ndim=dim,
        metric="ip",
        dtype=dtype,
        connectivity=connectivity,
        expansion_add=expansion_add,
        expansion_search=expansion_search,
    )


class VectorIndex:
    """Add, update, remove and search unit vectors by string id; save to and load from a folder.

    >>> index = VectorIndex(dim=2)
    >>> index.add(["a", "b"], [[1.0, 0.0], [0.0, 1.0]])
    >>> index.search([[0.6, 0.8]], k=1)
    [[Hit(id='b', score=0.8)]]
    >>> index.add(["b"], [[-1.0, 0.0]])  # an edited listing replaces its vector
    >>> index.remove(["a"])
    >>> len(index), index.search([[1.0, 0.0]], k=5)
    (1, [[Hit(id='b', score=-1.0)]])
    """

    def __init__(
        self,
        dim: int,
        *,
        dtype: str = "f32",
        connectivity: int = 16,
        expansion_add: int = 128,
        expansion_search: int = 128,
        exact_below: int = 20_000,
        meta: dict[str, Any] | None = None,
    ) -> None:
        self.dim = dim
        self.dtype = dtype
        self.connectivity = connectivity
        self.expansion_add = expansion_add
        self.expansion_search = expansion_search
        self.exact_below = exact_below
        self.meta: dict[str, Any] = dict(meta or {})
        self._graph = _usearch_index(dim, dtype, connectivity, expansion_add, expansion_search)
        self._keys: dict[str, int] = {}
        self._ids: dict[int, str] = {}
        self._next_key = 0

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, listing_id: object) -> bool:
        return listing_id in self._keys

    def ids(self) -> list[str]:
        return list(self._keys)

    def _rows(self, vectors: npt.ArrayLike) -> npt.NDArray[np.float32]:
        rows = np.ascontiguousarray(np.atleast_2d(np.asarray(vectors, dtype=np.float32)))
        if rows.shape[1] != self.dim:
            raise ValueError(f"Vectors have {rows.shape[1]} dimensions; this index holds {self.dim}.")
        return rows

    def add(self, ids: Sequence[str], vectors: npt.ArrayLike, *, threads: int = 0) -> None:
        """Insert listings, replacing the vector of any id already present."""
        rows = self._rows(vectors)
        if len(ids) != len(rows):
            raise ValueError(f"{len(ids)} ids but {len(rows)} vectors: give one vector per id.")
        if len(set(ids)) != len(ids):
            raise ValueError("An id appears twice in one call: give each listing once.")
        if not len(rows):
            return
        self.remove([listing_id for listing_id in ids if listing_id in self._keys])
        keys = np.arange(self._next_key, self._next_key + len(ids), dtype=np.uint64)
        self._next_key += len(ids)
        self._graph.add(keys, rows, threads=threads)
        for listing_id, key in zip(ids, keys.tolist(), strict=True):
            self._keys[listing_id] = key
            self._ids[key] = listing_id

    def remove(self, ids: Iterable[str]) -> None:
        """Drop listings (closed or withdrawn); unknown ids are ignored."""
        keys = [self._keys.pop(listing_id) for listing_id in ids if listing_id in self._keys]
        if keys:
            self._graph.remove(np.asarray(keys, dtype=np.uint64))
            for key in keys:
                del self._ids[key]

    def search(
        self, vectors: npt.ArrayLike, k: int = 10, *, exact: bool | None = None, threads: int = 0
    ) -> list[list[Hit]]:
        """The ``k`` nearest listings to each query vector, best first."""
        rows = self._rows(vectors)
        if not len(self._keys) or k <= 0:
            return [[] for _ in range(len(rows))]
        exhaustive = len(self._keys) < self.exact_below if exact is None else exact
        found = self._graph.search(rows, min(k, len(self._keys)), exact=exhaustive, threads=threads)
        keys = np.atleast_2d(found.keys)
        distances = np.atleast_2d(found.distances)
        counts = np.atleast_1d(found.counts if hasattr(found, "counts") else len(found.keys))
        return [
            [
                Hit(self._ids[int(key)], round(1.0 - float(distance), 6))
                for key, distance in zip(keys[row, : counts[row]], distances[row, : counts[row]], strict=True)
            ]
            for row in range(len(rows))
        ]

    def set_expansion_search(self, expansion: int) -> None:
        """Trade speed for recall at search time (HNSW ``ef``); kept when saved."""
        self.expansion_search = expansion
        self._graph.expansion_search = expansion

    def memory_bytes(self) -> int:
        return int(self._graph.memory_usage)

    def save(self, folder: Path | str) -> None:
        """Write the graph and its id table to ``folder`` (created if missing)."""
        target = Path(folder)
        target.mkdir(parents=True, exist_ok=True)
        self._graph.save(str(target / "vectors.usearch"))
        header = {
            "format": _FORMAT,
            "dim": self.dim,
            "dtype": self.dtype,
            "connectivity": self.connectivity,
            "expansion_add": self.expansion_add,
            "expansion_search": self.expansion_search,
            "exact_below": self.exact_below,
            "meta": self.meta,
            "next_key": self._next_key,
            "ids": [[key, listing_id] for key, listing_id in self._ids.items()],
        }
        (target / "ids.json").write_text(json.dumps(header, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path | str) -> VectorIndex:
        """Read an index written by :meth:`save`."""
        source = Path(folder)
        header = json.loads((source / "ids.json").read_text(encoding="utf-8"))
        if header.get("format") != _FORMAT:
            raise ValueError(f"{source} holds an index in format {header.get('format')}; rebuild it.")
        index = cls(
            header["dim"],
            dtype=header["dtype"],
            connectivity=header["connectivity"],
            expansion_add=header["expansion_add"],
            expansion_search=header["expansion_search"],
            exact_below=header["exact_below"],
            meta=header["meta"],
        )
        index._graph.load(str(source / "vectors.usearch"))
        index._next_key = header["next_key"]
        index._ids = {int(key): listing_id for key, listing_id in header["ids"]}
        index._keys = {listing_id: key for key, listing_id in index._ids.items()}
        return index
