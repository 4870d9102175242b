"""The ranker matches listings the way the platform does: counterpart kinds only, each kind and language
centred, each language's list standardised before the lists are merged, a shared sector a small bonus."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pytest

from hatchway.matching.engine import (
    COUNTERPARTS,
    Document,
    KindCentring,
    Ranker,
    VectorIndex,
    counterpart_kinds,
    normalise,
)


class Table:
    """A toy encoder: each text is looked up in a table of 2-d vectors, or is the angle it names."""

    name, dim = "table", 2

    def encode(self, texts: Sequence[str], langs: Sequence[str | None] | None = None) -> np.ndarray:
        return normalise(
            [[math.cos(float(text.split()[0])), math.sin(float(text.split()[0]))] for text in texts]
        )


def doc(doc_id: str, angle: float, lang: str = "en", **extra: object) -> Document:
    """A document whose cosine with a query at angle 0 is cos(angle)."""
    return Document(doc_id, f"{angle} {doc_id}", lang, dict(extra))


def cosine(value: float) -> float:
    return math.acos(value)


def ids(ranker: Ranker, query: Document, top: int = 10) -> list[str]:
    return [hit.id for hit in ranker.rank([query], top=top, exact=True)[0]]


def test_every_kind_is_matched_with_its_counterpart_both_ways():
    for kind, others in COUNTERPARTS.items():
        assert all(kind in counterpart_kinds(other) for other in others)
    assert counterpart_kinds("funding_ask") == ("investment_thesis",)
    assert counterpart_kinds("position") == ("talent_profile",)


def test_a_query_meets_only_its_counterpart_kind_and_documents_without_a_kind():
    ranker = Ranker(Table(), kind_centring=KindCentring())
    ranker.index_documents(
        [
            doc("other-ask", 0.0, kind="funding_ask"),  # the nearest text, but the same kind as the query
            doc("thesis", 0.5, kind="investment_thesis"),
            doc("offer", 0.1, kind="technology_offer"),
            doc("loose", 0.9),  # no kind: anyone may meet it
        ]
    )

    assert ids(ranker, doc("ask", 0.0, kind="funding_ask")) == ["thesis", "loose"]
    assert ids(ranker, doc("anything", 0.0)) == ["other-ask", "offer", "thesis", "loose"]


def test_each_kind_and_language_loses_its_own_mean():
    vectors = normalise([[1.0, 0.2], [1.0, -0.2], [0.0, 1.0], [0.1, 1.0]])
    langs, kinds = ["zh", "zh", "en", "en"], ["technology_offer", "technology_offer", "position", None]

    centring = KindCentring.fit(vectors, langs, kinds, min_count=2)
    centred = centring.apply(vectors, langs, kinds)

    assert sorted(centring.means) == [("technology_offer", "zh")]  # a group too small gets no mean
    assert centred[0] @ centred[1] == pytest.approx(-1.0, abs=1e-5)  # what the two offers share is gone
    assert np.allclose(centred[2:], vectors[2:])
    again = KindCentring.from_json(centring.to_json())
    assert np.allclose(again.apply(vectors, langs, kinds), centred, atol=1e-5)


def test_the_ranker_fits_the_kind_centring_on_its_corpus_when_none_is_given():
    ranker = Ranker(Table())
    ranker.index_documents([doc(f"o{n}", 0.1 * n, kind="technology_offer") for n in range(25)])

    assert ranker.kind_centring is not None
    assert list(ranker.kind_centring.means) == [("technology_offer", "en")]


def test_the_best_of_the_other_language_is_not_buried_under_the_own_language_crowd():
    # Every Chinese document sits close to the Chinese query (the language itself is shared); the
    # English document that fits stands far above the other English ones but below that crowd.
    chinese = [doc(f"zh{n}", cosine(value), "zh") for n, value in enumerate([0.82, 0.81, 0.80, 0.79])]
    english = [doc(f"en{n}", cosine(value), "en") for n, value in enumerate([0.60, 0.20, 0.15, 0.10])]
    query = doc("query", 0.0, "zh")

    merged = Ranker(Table(), kind_centring=KindCentring(), depth=4)
    merged.index_documents(chinese + english)
    plain = Ranker(Table(), kind_centring=KindCentring(), depth=5)  # lists shorter than depth: plain cosine
    plain.index_documents(chinese + english)

    assert ids(merged, query, top=2)[0] == "en0"
    assert ids(plain, query, top=5) == ["zh0", "zh1", "zh2", "zh3", "en0"]
    scores = [hit.score for hit in merged.rank([query], top=8, exact=True)[0]]
    assert scores == sorted(scores, reverse=True)
    assert min(scores) >= -1.0
    assert max(scores) <= 1.5  # still on the cosine scale (plus a bonus), not raw z-scores


def test_a_shared_sector_lifts_a_document_by_the_bonus():
    ranker = Ranker(Table(), kind_centring=KindCentring(), sector_bonus=0.05)
    ranker.index_documents(
        [
            doc("near", cosine(0.80), sectors=["biomedicine"]),
            doc("chips", cosine(0.77), sectors=["integrated_circuits"]),
        ]
    )

    hits = ranker.rank([doc("query", 0.0, sectors=["integrated_circuits"])], top=2, exact=True)[0]

    assert [hit.id for hit in hits] == ["chips", "near"]
    assert hits[0].score == pytest.approx(0.82, abs=1e-4)


def test_an_edited_document_moves_with_its_kind_and_a_removed_one_is_gone():
    ranker = Ranker(Table(), kind_centring=KindCentring())
    ranker.index_documents(
        [doc("listing", 0.1, kind="funding_ask"), doc("other", 0.2, kind="investment_thesis")]
    )

    ranker.index_documents([doc("listing", 0.1, kind="investment_thesis")])
    assert ids(ranker, doc("ask", 0.0, kind="funding_ask")) == ["listing", "other"]
    assert sorted(ranker.ids()) == ["listing", "other"]

    ranker.remove(["listing"])
    assert ids(ranker, doc("ask", 0.0, kind="funding_ask")) == ["other"]


def test_the_ranker_index_still_holds_every_document_and_a_given_index_is_searched():
    ranker = Ranker(Table(), kind_centring=KindCentring())
    ranker.index_documents([doc("a", 0.1), doc("b", 0.2, "zh", kind="funding_ask")])
    assert sorted(ranker.index.ids()) == ["a", "b"]

    given = VectorIndex(2)
    given.add(["outside"], normalise([[1.0, 0.0]]))
    ranker = Ranker(Table(), given, kind_centring=KindCentring())
    ranker.index_documents([doc("a", 0.3)])
    assert ids(ranker, doc("q", 0.0)) == ["outside", "a"]
