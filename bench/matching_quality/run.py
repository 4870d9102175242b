"""Quality harness: recall@1/5/10 and MRR per direction for each encoder, their combination and BM25.

    .venv/bin/python bench/matching_quality/generate.py   # once; the data files are committed
    .venv/bin/python bench/matching_quality/run.py        # prints a Markdown table

Vectors are cached under data/cache/ (ignored by git), keyed by encoder name; delete it to re-encode.
Every query is ranked against the whole corpus (targets and the 5,200 distractors), exhaustively, so the
figures measure the encoder, not the index (the speed harness measures the index).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from hatchway.matching.engine import centre, get_encoder, load_centring  # noqa: E402

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


def bm25_ranks(corpus: list[dict[str, str]], queries: list[dict[str, str]], targets: list[int]) -> list[int]:
    from rank_bm25 import BM25Okapi

    from hatchway.search import words

    bm25 = BM25Okapi([words(row["text"]) or ["_"] for row in corpus])
    scores = np.vstack([bm25.get_scores(words(row["text"])) for row in queries])
    return ranks_from_scores(scores, targets)


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
    parser = argparse.ArgumentParser(description="Matching quality harness")
    parser.add_argument("--encoders", default="use-raw,use,e5-raw,e5", help="comma-separated single encoders")
    parser.add_argument(
        "--weights", default="0.5,0.6,0.7", help="USE weights to try in the use+e5 combination"
    )
    parser.add_argument(
        "--pairs", type=int, default=0, help="only the first N pairs of each direction (0: all)"
    )
    parser.add_argument("--distractors", type=int, default=0, help="only the first N distractors (0: all)")
    args = parser.parse_args()
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

    lines = [
        "| method | direction | pairs | recall@1 | recall@5 | recall@10 | MRR |",
        "|---|---|---|---|---|---|---|",
    ]
    lines += report("BM25 (jieba words)", bm25_ranks(corpus, [queries[i] for i in order], targets), pairs)
    cosines: dict[str, np.ndarray] = {}
    for name in args.encoders.split(","):
        docs, asked = vectors(name, corpus, "corpus"), vectors(name, queries, "queries")[order]
        cosines[name] = asked @ docs.T
        lines += report(name, ranks_from_scores(cosines[name], targets), pairs)
    if "use" in cosines and "e5" in cosines:
        for weight in (float(w) for w in args.weights.split(",")):
            combined = weight * cosines["use"] + (1 - weight) * cosines["e5"]
            lines += report(
                f"use {weight:g} + e5 {1 - weight:g}", ranks_from_scores(combined, targets), pairs
            )
    print("\n".join(lines))


if __name__ == "__main__":
    main()
