"""Listing kinds: which kind is matched with which, and each kind's own language centring.

The platform never compares a listing with one of its own kind: a funding ask meets investment theses, a
technology need meets technology offers, and so on (``COUNTERPARTS``). Within one kind, the listings of each
language share a template-like component (how people write a thesis in Chinese, an offer in English) that
outweighs the product they name; subtracting each (kind, language) mean vector (``KindCentring``) leaves
what the listing is about, and lifts cross-lingual recall (docs/decisions/0006-matching-quality.md).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from ._encoders import Vectors, normalise

_HERE = Path(__file__).parent

# The platform's listing kinds (hatchway.listings.models.ListingKind values) and what each is matched with.
COUNTERPARTS: Mapping[str, tuple[str, ...]] = {
    "funding_ask": ("investment_thesis",),
    "investment_thesis": ("funding_ask",),
    "technology_need": ("technology_offer",),
    "technology_offer": ("technology_need",),
    "position": ("talent_profile",),
    "talent_profile": ("position",),
    "landing_ask": ("landing_offer",),
    "landing_offer": ("landing_ask",),
}


def counterpart_kinds(kind: str | None) -> tuple[str, ...]:
    """The kinds a listing of ``kind`` is matched with; empty for an unknown or missing kind (match all).

    >>> counterpart_kinds("funding_ask"), counterpart_kinds("brochure"), counterpart_kinds(None)
    (('investment_thesis',), (), ())
    """
    return COUNTERPARTS.get(kind or "", ())


class KindCentring:
    """Mean vectors per (kind, language); :meth:`apply` subtracts them and renormalises.

    A pair with no mean of its own (an unknown kind, a language too rare to fit) is left as it is.

    >>> vectors = np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0]], dtype=np.float32)
    >>> centring = KindCentring.fit(vectors, ["zh", "zh", "en"], ["offer", "offer", "need"], min_count=2)
    >>> sorted(centring.means)
    [('offer', 'zh')]
    >>> centring.apply(vectors, ["zh", "zh", "en"], ["offer", "offer", "need"]).astype(float).round(3).tolist()
    [[0.316, -0.949], [-0.316, 0.949], [0.0, 1.0]]
    """

    def __init__(self, means: Mapping[tuple[str, str], Sequence[float] | Vectors] | None = None) -> None:
        self.means: dict[tuple[str, str], Vectors] = {
            key: np.asarray(mean, dtype=np.float32) for key, mean in (means or {}).items()
        }

    def __bool__(self) -> bool:
        return bool(self.means)

    @classmethod
    def fit(
        cls, vectors: Vectors, langs: Sequence[str], kinds: Sequence[str | None], *, min_count: int = 20
    ) -> KindCentring:
        """The mean of every (kind, language) with at least ``min_count`` vectors."""
        groups: dict[tuple[str, str], list[int]] = {}
        for row, (kind, lang) in enumerate(zip(kinds, langs, strict=True)):
            if kind:
                groups.setdefault((kind, lang), []).append(row)
        return cls(
            {key: vectors[rows].mean(axis=0) for key, rows in groups.items() if len(rows) >= min_count}
        )

    def apply(self, vectors: Vectors, langs: Sequence[str], kinds: Sequence[str | None]) -> Vectors:
        if not self.means or not len(vectors):
            return vectors
        zero = np.zeros(vectors.shape[1], dtype=np.float32)
        shifts = np.stack(
            [self.means.get((kind or "", lang), zero) for kind, lang in zip(kinds, langs, strict=True)]
        )
        return normalise(vectors - shifts)

    def to_json(self) -> dict[str, dict[str, list[float]]]:
        found: dict[str, dict[str, list[float]]] = {}
        for (kind, lang), mean in sorted(self.means.items()):
            found.setdefault(kind, {})[lang] = [round(float(value), 6) for value in mean]
        return found

    @classmethod
    def from_json(cls, data: Mapping[str, Mapping[str, Sequence[float]]]) -> KindCentring:
        return cls({(kind, lang): mean for kind, by_lang in data.items() for lang, mean in by_lang.items()})

    @classmethod
    def shipped(cls, encoder: str) -> KindCentring:
        """The means shipped for ``encoder`` (``engine/<encoder>_kind_centring.json``), or none."""
        path = _HERE / f"{encoder}_kind_centring.json"
        if not path.exists():
            return cls()
        return cls.from_json(json.loads(path.read_text(encoding="utf-8"))["means"])
