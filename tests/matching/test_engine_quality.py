"""On a slice of the bilingual evaluation set, the ranker finds each listing's counterpart across languages
among near neighbours (same kind, same products, other cities), with the real default encoder."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from hatchway.matching.engine import Document, Ranker

DATA = Path(__file__).resolve().parents[2] / "bench/matching_quality/data"
KINDS = {"funding_ask", "investment_thesis"}


def read(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines()]


def document(row: dict, *, with_kind: bool = True) -> Document:
    extra = {"kind": row["kind"], "sectors": row["sectors"]} if with_kind else {}
    return Document(row["id"], row["text"], row["lang"], extra)


def slice_of_the_evaluation_set() -> tuple[list[dict], list[dict], list[dict]]:
    """Cross-lingual capital pairs, with 50 distractors of each capital kind in each language."""
    pairs = [p for p in read("pairs.jsonl") if p["kind"] in KINDS and p["direction"] in {"zh→en", "en→zh"}][
        :30
    ]
    wanted = {p["target"] for p in pairs}
    corpus, counts = [], dict.fromkeys([(k, lang) for k in KINDS for lang in ("zh", "en")], 0)
    for row in read("corpus.jsonl"):
        key = (row["kind"], row["lang"])
        if row["id"] in wanted:
            corpus.append(row)
        elif row["id"].startswith("d") and counts.get(key, 50) < 50:
            counts[key] += 1
            corpus.append(row)
    asked = {p["query"] for p in pairs}
    return pairs, corpus, [row for row in read("queries.jsonl") if row["id"] in asked]


class Remembering:
    """The encoder, encoding each text once for both runs (the test stays fast)."""

    def __init__(self, encoder) -> None:
        self.encoder, self.name, self.dim = encoder, encoder.name, encoder.dim
        self.seen: dict[str, np.ndarray] = {}

    def encode(self, texts, langs=None):
        missing = [
            (text, lang)
            for text, lang in zip(texts, langs or [None] * len(texts), strict=True)
            if text not in self.seen
        ]
        if missing:
            vectors = self.encoder.encode([text for text, _ in missing], [lang for _, lang in missing])
            self.seen.update(zip([text for text, _ in missing], vectors, strict=True))
        return np.stack([self.seen[text] for text in texts])


def recall_at_5(encoder, *, with_kind: bool) -> float:
    pairs, corpus, queries = slice_of_the_evaluation_set()
    ranker = Ranker(encoder)
    ranker.index_documents([document(row, with_kind=with_kind) for row in corpus])
    by_id = {row["id"]: row for row in queries}
    ranked = ranker.rank([document(by_id[p["query"]], with_kind=with_kind) for p in pairs], top=5)
    return sum(p["target"] in {hit.id for hit in hits} for p, hits in zip(pairs, ranked, strict=True)) / len(
        pairs
    )


def test_a_funding_ask_finds_its_investor_across_languages_when_kinds_are_given(encoder):
    remembering = Remembering(encoder)

    assert recall_at_5(remembering, with_kind=True) >= 0.9
    assert recall_at_5(remembering, with_kind=False) < 0.9  # what the kinds bring
