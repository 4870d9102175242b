"""Quality harness: recall@1/5/10 and MRR per direction for BM25, each encoder, and the platform's ranker.

    .venv/bin/python bench/matching_quality/generate.py   # once; the data files are committed
    .venv/bin/python bench/matching_quality/run.py        # prints Markdown tables

Vectors are cached under data/cache/ (ignored by git), keyed by encoder name; delete it to re-encode.
Every query is ranked exhaustively, so the figures measure the method, not the index (the speed harness
measures the index). Three families of rows:

- *text only*: each method ranks the whole corpus (targets and the 5,200 distractors) by text alone;
- *+ kind*: the same scores, with the corpus restricted to the query's counterpart kind, as the platform
  restricts it (a funding ask only ever meets investment theses);
- *ranker*: ``hatchway.matching.engine.Ranker`` itself, the code path of ``hatchway match rank``, fed the
  queries and corpus with their ``kind``, ``lang`` and ``sectors`` (kind restriction, per-kind language
  centring fitted on the corpus, sector bonus). Only the encoder's forward pass is replaced by the cache.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from hatchway.matching.engine import (  # noqa: E402
    COUNTERPARTS,
    CombinedEncoder,
    Document,
    KindCentring,
    Ranker,
    centre,
    get_encoder,
    load_centring,
)

DATA = Path(__file__).with_name("data")
CACHE = DATA / "cache"
KS = (1, 5, 10)


def read_jsonl(path: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def vectors(name: str, rows: list[dict[str, str]], part: str) -> np.ndarray:
    """Encode ``rows`` with ``name``, through a cache keyed by encoder, part and row count."""
    if name in {"e5", "use"}:  # centring is a subtraction: reuse the raw vectors rather than encode twice
        means = {lang: np.asarray(mean, dtype=np.float32) for lang, mean in load_centring(name).items()}
        return centre(vectors(f"{name}-raw", rows, part), [row["lang"] for row in rows], means)
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"{name}-{part}-{len(rows)}.npy"
    if path.exists():
        return np.load(path)
    started = time.perf_counter()
    found = get_encoder(name).encode([row["text"] for row in rows], [row.get("lang") for row in rows])
    print(
        f"  encoded {len(rows)} {part} texts with {name} in {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )
    np.save(path, found)
    return found


def ranks_from_scores(scores: np.ndarray, target_columns: list[int]) -> list[int]:
    """1-based rank of each query's target (ties count against it)."""
    target = scores[np.arange(len(target_columns)), target_columns]
    return [int(rank) for rank in (scores >= target[:, None]).sum(axis=1)]


def bm25_scores(corpus: list[dict[str, str]], queries: list[dict[str, str]]) -> np.ndarray:
    from rank_bm25 import BM25Okapi

    from hatchway.search import words

    bm25 = BM25Okapi([words(row["text"]) or ["_"] for row in corpus])
    return np.vstack([bm25.get_scores(words(row["text"])) for row in queries])


class CachedEncoder:
    """An encoder that looks texts up in the harness's cache of raw vectors, then centres them as ``name``
    does: the ranker runs unchanged without paying for the model again."""

    def __init__(self, name: str, rows: list[dict[str, str]], raw: np.ndarray) -> None:
        self.name, self.dim = name, raw.shape[1]
        self.vectors = {str(row["text"]): raw[number] for number, row in enumerate(rows)}
        base = name.removesuffix("-raw")
        self.means = {} if name.endswith("-raw") else load_centring(base)

    def encode(self, texts, langs=None):  # type: ignore[no-untyped-def]
        from hatchway.matching.engine._encoders import resolve_languages

        found = np.stack([self.vectors[text] for text in texts]).astype(np.float32)
        means = {lang: np.asarray(mean, dtype=np.float32) for lang, mean in self.means.items()}
        return centre(found, resolve_languages(texts, langs), means)


def cached_encoder(name: str, corpus: list[dict[str, str]], queries: list[dict[str, str]]) -> Any:
    """``use``, ``e5``, their ``-raw`` forms, or ``use+e5`` (equal weights, as ``get_encoder``), from the cache."""
    if name == "use+e5":
        parts = [cached_encoder(part, corpus, queries) for part in ("use", "e5")]
        return CombinedEncoder([(parts[0], 0.5), (parts[1], 0.5)])
    raw_name = f"{name.removesuffix('-raw')}-raw"
    raw = np.vstack([vectors(raw_name, corpus, "corpus"), vectors(raw_name, queries, "queries")])
    return CachedEncoder(name, corpus + queries, raw)


def ranker_ranks(
    encoder: Any,
    corpus: list[dict[str, str]],
    queries: list[dict[str, str]],
    pairs: list[dict[str, str]],
    keep: frozenset[str] = frozenset({"kind", "sectors"}),
    kind_centring: KindCentring | None = None,
) -> list[int]:
    """Rank every query with the engine's Ranker; a target outside the top 100 counts as rank 10,000."""
    ranker = Ranker(encoder, kind_centring=kind_centring)
    ranker.index_documents([document(row, keep) for row in corpus])
    asked = {row["id"]: row for row in queries}
    ranked = ranker.rank([document(asked[pair["query"]], keep) for pair in pairs], top=100, exact=True)
    found = []
    for pair, hits in zip(pairs, ranked, strict=True):
        ids = [hit.id for hit in hits]
        found.append(ids.index(pair["target"]) + 1 if pair["target"] in ids else 10_000)
    return found


def document(row: dict[str, str], keep: frozenset[str] = frozenset({"kind", "sectors"})) -> Document:
    extra = {key: value for key, value in row.items() if key in keep}
    return Document(row["id"], row["text"], row.get("lang"), extra)


def report(name: str, ranks: list[int], pairs: list[dict[str, str]]) -> list[str]:
    by_direction: dict[str, list[int]] = defaultdict(list)
    for pair, rank in zip(pairs, ranks, strict=True):
        by_direction[pair["direction"]].append(rank)
    by_direction["all"] = ranks
    lines = []
    for direction, found in by_direction.items():
        array = np.asarray(found)
        cells = [f"{(array <= k).mean():.3f}" for k in KS] + [f"{(1.0 / array).mean():.3f}"]
        lines.append(f"| {name} | {direction} | {len(found)} | " + " | ".join(cells) + " |")
    return lines


def main() -> None:
    global DATA, CACHE  # one run reads one data set
    parser = argparse.ArgumentParser(description="Matching quality harness")
    parser.add_argument("--encoders", default="use-raw,use,e5-raw,e5", help="comma-separated single encoders")
    parser.add_argument(
        "--weights", default="0.5,0.6,0.7", help="USE weights to try in the use+e5 combination"
    )
    parser.add_argument(
        "--ranker", default="use-raw,use,e5,use+e5", help="encoders to run through the Ranker"
    )
    parser.add_argument(
        "--pairs", type=int, default=0, help="only the first N pairs of each direction (0: all)"
    )
    parser.add_argument("--distractors", type=int, default=0, help="only the first N distractors (0: all)")
    parser.add_argument("--data", type=Path, default=DATA, help="another set written by generate.py --out")
    args = parser.parse_args()
    DATA, CACHE = args.data, args.data / "cache"
    corpus = read_jsonl(DATA / "corpus.jsonl")
    queries = read_jsonl(DATA / "queries.jsonl")
    pairs = read_jsonl(DATA / "pairs.jsonl")
    if args.pairs or args.distractors:  # a quicker, smaller run for slow encoders; say so next to its figures
        seen: dict[str, int] = defaultdict(int)
        kept = []
        for pair in pairs:
            seen[pair["direction"]] += 1
            if not args.pairs or seen[pair["direction"]] <= args.pairs:
                kept.append(pair)
        pairs = kept
        wanted = {pair["target"] for pair in pairs}
        distractors = [row for row in corpus if row["id"].startswith("d")]
        corpus = [row for row in corpus if row["id"] in wanted] + distractors[: args.distractors or None]
        asked = {pair["query"] for pair in pairs}
        queries = [row for row in queries if row["id"] in asked]
        print(f"sample: {len(pairs)} pairs, {len(corpus) - len(pairs)} distractors", file=sys.stderr)
    column = {row["id"]: index for index, row in enumerate(corpus)}
    query_row = {row["id"]: index for index, row in enumerate(queries)}
    order = [query_row[pair["query"]] for pair in pairs]
    targets = [column[pair["target"]] for pair in pairs]

    header = [
        "| method | direction | pairs | recall@1 | recall@5 | recall@10 | MRR |",
        "|---|---|---|---|---|---|---|",
    ]
    allowed = np.array(
        [[row["kind"] in COUNTERPARTS.get(queries[i]["kind"], ()) for row in corpus] for i in order]
    )
    bm25 = bm25_scores(corpus, [queries[i] for i in order])
    text_only = header + report("BM25 (jieba words)", ranks_from_scores(bm25, targets), pairs)
    with_kind = header + report(
        "BM25 (jieba words) + kind", ranks_from_scores(np.where(allowed, bm25, -1e9), targets), pairs
    )
    platform = list(header)
    cosines: dict[str, np.ndarray] = {}
    for name in args.encoders.split(","):
        docs, asked = vectors(name, corpus, "corpus"), vectors(name, queries, "queries")
        cosines[name] = asked[order] @ docs.T
        text_only += report(name, ranks_from_scores(cosines[name], targets), pairs)
        with_kind += report(
            f"{name} + kind", ranks_from_scores(np.where(allowed, cosines[name], -9.0), targets), pairs
        )
    for name in args.ranker.split(","):
        cached = cached_encoder(name, corpus, queries)
        platform += report(f"Ranker({name})", ranker_ranks(cached, corpus, queries, pairs), pairs)
        if name == "use":  # what the kinds and sectors bring: the same ranker without them
            platform += report(
                "Ranker(use), no kind or sectors",
                ranker_ranks(cached, corpus, queries, pairs, frozenset()),
                pairs,
            )
            shipped = KindCentring.shipped("use")
            if shipped:  # the fixed means a server encoding one listing at a time would use
                platform += report(
                    "Ranker(use), shipped kind means",
                    ranker_ranks(cached, corpus, queries, pairs, kind_centring=shipped),
                    pairs,
                )
    if "use" in cosines and "e5" in cosines:
        for weight in (float(w) for w in args.weights.split(",") if w):
            combined = weight * cosines["use"] + (1 - weight) * cosines["e5"]
            text_only += report(
                f"use {weight:g} + e5 {1 - weight:g}", ranks_from_scores(combined, targets), pairs
            )
    lines = [
        "#### Text only: the whole corpus",
        "",
        *text_only,
        "",
        "#### + kind: the counterpart kind only",
        "",
    ]
    lines += [*with_kind, "", "#### The platform's ranker (`hatchway match rank`'s code path)", "", *platform]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
