"""Speed harness: index build time and memory, top-10 latency, recall@10 against exact search, encoder throughput.

    .venv/bin/python bench/matching_speed/run.py                 # 1,000,000 real-encoder listings, both layouts
    .venv/bin/python bench/matching_speed/run.py --size 100000 --layouts single --libraries usearch,hnswlib,faiss

**Vectors** (``--vectors``): ``real`` (default) are the default encoder's (USE) vectors of generated listings
(bench/matching_speed/corpus.py encodes them once and caches them under var/bench/; 1,000,000 took 38
minutes on two cores), centred per (kind, language) with the means shipped with the engine; the queries are
1,000 further generated listings of another seed, not in the index. ``gaussian`` are samples from a
Gaussian with the mean and covariance of the evaluation listings' vectors (the first harness; no clusters,
the hardest case for a graph index; needs bench/matching_quality's cache).

**Layouts** (``--layouts``): ``single`` puts every vector in one index and searches it for the top 10.
``platform`` searches the way ``IndexService`` does: one index per (kind, language), a query meets only its
counterpart kind, each language's index is searched for the top ``depth`` (50) and the two lists are merged
with ``merge_language_lists`` before the top 10 are kept; one query's latency covers both searches and the
merge. In both layouts exact search (a float32 matrix product over the same vectors, through the same
merge) is measured in the same run on the same queries and gives the truth for recall@10.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from hatchway.matching.engine import (  # noqa: E402
    COUNTERPARTS,
    Hit,
    KindCentring,
    VectorIndex,
    centre,
    load_centring,
    merge_language_lists,
    normalise,
)

CACHE = ROOT / "bench/matching_quality/data/cache"
QUALITY_DATA = ROOT / "bench/matching_quality/data"
sys.path.insert(0, str(Path(__file__).parent))

import corpus  # noqa: E402


def evaluation_vectors(encoder: str) -> np.ndarray:
    """The evaluation corpus encoded by ``encoder`` (``use``, ``e5`` or ``use+e5``, centred), from the quality
    harness's cache of raw vectors."""
    langs = [json.loads(line)["lang"] for line in (QUALITY_DATA / "corpus.jsonl").read_text().splitlines()]
    parts = []
    for name, weight in {"use": [("use", 1.0)], "e5": [("e5", 1.0)], "use+e5": [("use", 0.5), ("e5", 0.5)]}[
        encoder
    ]:
        means = {lang: np.asarray(mean, dtype=np.float32) for lang, mean in load_centring(name).items()}
        block = centre(np.load(CACHE / f"{name}-raw-corpus-{len(langs)}.npy"), langs, means)
        parts.append(np.sqrt(weight) * block)
    return normalise(np.hstack(parts))


def synthetic(real: np.ndarray, count: int, seed: int) -> np.ndarray:
    """``count`` unit vectors drawn from a Gaussian with the mean and covariance of ``real``."""
    rng = np.random.default_rng(seed)
    mean = real.mean(axis=0)
    factor = np.linalg.cholesky(np.cov(real, rowvar=False) + 1e-6 * np.eye(real.shape[1])).astype(np.float32)
    out = np.empty((count, real.shape[1]), dtype=np.float32)
    for start in range(0, count, 100_000):
        stop = min(count, start + 100_000)
        noise = rng.standard_normal((stop - start, real.shape[1]), dtype=np.float32)
        out[start:stop] = normalise(noise @ factor.T + mean)
    return out


def exact_top(vectors: np.ndarray, queries: np.ndarray, k: int) -> np.ndarray:
    best = np.empty((len(queries), k), dtype=np.int64)
    for start in range(0, len(queries), 100):
        scores = queries[start : start + 100] @ vectors.T
        top = np.argpartition(-scores, k, axis=1)[:, :k]
        order = np.argsort(-np.take_along_axis(scores, top, axis=1), axis=1)
        best[start : start + 100] = np.take_along_axis(top, order, axis=1)
    return best


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_now() -> str:
    return " / ".join(f"{value:.1f}" for value in os.getloadavg())


def percentiles(samples: list[float]) -> tuple[float, float]:
    return float(np.percentile(samples, 50) * 1000), float(np.percentile(samples, 95) * 1000)


def sweep(
    efs: str,
    set_ef: Callable[[int], None],
    search: Callable[[int], list],
    truth: Sequence[Sequence],
    build: float,
    memory: float,
    **label: Any,
) -> list[dict]:
    """For each search expansion in ``efs`` ("64,128"): ``search(n)`` finds query n's top 10; the latency
    percentiles and recall@10 against ``truth`` (query n's exact top 10), as one row per expansion."""
    rows = []
    for ef in (int(value) for value in efs.split(",")):
        set_ef(ef)
        latencies, found = [], []
        for number in range(len(truth)):
            tick = time.perf_counter()
            found.append(search(number))
            latencies.append(time.perf_counter() - tick)
        recall = float(
            np.mean([len(set(hits) & set(right)) / 10 for hits, right in zip(found, truth, strict=True)])
        )
        p50, p95 = percentiles(latencies)
        row = {**label, "ef": ef, "build_s": build, "index_mb": memory, "p50_ms": p50, "p95_ms": p95}
        rows.append({**row, "recall10": recall})
        print(f"  {rows[-1]}", file=sys.stderr, flush=True)
    return rows


def bench_library(
    name: str, vectors: np.ndarray, queries: np.ndarray, truth: np.ndarray, args: argparse.Namespace
) -> list[dict]:
    dim, count = vectors.shape[1], len(vectors)
    started = time.perf_counter()
    if name == "usearch":
        index = VectorIndex(
            dim,
            dtype=args.dtype,
            connectivity=args.m,
            expansion_add=args.ef_construction,
            exact_below=0,
        )
        ids = [str(n) for n in range(count)]
        for start in range(0, count, 100_000):
            index.add(ids[start : start + 100_000], vectors[start : start + 100_000], threads=args.threads)
        build = time.perf_counter() - started
        memory = index.memory_bytes() / 2**20

        def search(query: np.ndarray) -> list[int]:
            return [int(hit.id) for hit in index.search(query[None, :], 10, threads=1)[0]]

        def set_ef(ef: int) -> None:
            index.set_expansion_search(ef)
    elif name == "hnswlib":
        import hnswlib

        graph = hnswlib.Index(space="ip", dim=dim)
        graph.init_index(max_elements=count, M=args.m, ef_construction=args.ef_construction)
        graph.set_num_threads(args.threads)
        graph.add_items(vectors, np.arange(count))
        graph.set_num_threads(1)
        build = time.perf_counter() - started
        memory = float("nan")

        def search(query: np.ndarray) -> list[int]:
            return [int(label) for label in graph.knn_query(query[None, :], k=10)[0][0]]

        def set_ef(ef: int) -> None:
            graph.set_ef(ef)
    elif name == "faiss":
        import faiss

        faiss.omp_set_num_threads(args.threads)
        graph = faiss.IndexHNSWFlat(dim, args.m, faiss.METRIC_INNER_PRODUCT)
        graph.hnsw.efConstruction = args.ef_construction
        graph.add(vectors)
        faiss.omp_set_num_threads(1)
        build = time.perf_counter() - started
        memory = float("nan")

        def search(query: np.ndarray) -> list[int]:
            return [int(label) for label in graph.search(query[None, :], 10)[1][0]]

        def set_ef(ef: int) -> None:
            graph.hnsw.efSearch = ef
    else:
        raise SystemExit(f"unknown library {name}")
    return sweep(
        str(args.ef_search),
        set_ef,
        lambda number: search(queries[number]),
        [row.tolist() for row in truth],
        build,
        memory,
        library=name,
    )


def encoder_throughput(texts: list[str]) -> list[str]:
    """Texts per second for USE and e5, each in a fresh process limited to 1 and then 2 threads."""
    import subprocess

    lines = []
    for name in ("use", "e5"):
        for threads in (1, 2):
            code = (
                "import json,sys,time;from hatchway.matching.engine import UseEncoder,E5Encoder;"
                f"e=UseEncoder(threads={threads}) if '{name}'=='use' else E5Encoder(threads={threads});"
                "t=json.load(sys.stdin);e.encode(t[:8]);s=time.perf_counter();e.encode(t);"
                "print(len(t)/(time.perf_counter()-s))"
            )
            env = dict(os.environ, OMP_NUM_THREADS=str(threads), OPENBLAS_NUM_THREADS=str(threads))
            done = subprocess.run(
                [sys.executable, "-c", code],
                input=json.dumps(texts),
                capture_output=True,
                text=True,
                env=env,
                cwd=ROOT,
                check=True,
            )
            lines.append(f"| {name} | {threads} | {float(done.stdout.strip()):.1f} |")
    return lines


def generated(size: int, seed: int, processes: int) -> tuple[np.ndarray, list[str], list[str]]:
    """Generated listings' USE vectors (bench/matching_speed/corpus.py's cache), centred per (kind, language)
    with the means the platform uses, with their kinds and languages."""
    raw, kinds, langs = corpus.load(size, seed, processes)
    centring = KindCentring.shipped("use")
    out = np.empty(raw.shape, dtype=np.float32)
    for start in range(0, size, 100_000):
        stop = min(size, start + 100_000)
        out[start:stop] = centring.apply(np.asarray(raw[start:stop]), langs[start:stop], kinds[start:stop])
    return out, kinds, langs


def snapshot_round_trip(indexes: dict[tuple[str, str], VectorIndex]) -> tuple[float, float]:
    """Seconds to save the indexes to disk and to load them back, as a restarted server does."""
    folder = corpus.CACHE / "snapshot"
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    for (kind, lang), index in indexes.items():
        index.save(folder / f"{kind}.{lang}")
    saved = time.perf_counter() - started
    started = time.perf_counter()
    again = [VectorIndex.load(folder / f"{kind}.{lang}") for kind, lang in indexes]
    loaded = time.perf_counter() - started
    if sum(map(len, again)) != sum(map(len, indexes.values())):
        raise SystemExit("the loaded snapshot lost vectors")
    del again
    shutil.rmtree(folder, ignore_errors=True)
    return saved, loaded


def bench_platform(
    vectors: np.ndarray,
    kinds: list[str],
    langs: list[str],
    queries: np.ndarray,
    query_kinds: list[str],
    args: argparse.Namespace,
) -> tuple[list[str], list[dict]]:
    """The platform's layout: one index per (kind, language); a query searches both languages of its
    counterpart kind for ``depth`` hits each, merges the lists and keeps the top 10."""
    depth, k = 50, 10
    groups: dict[tuple[str, str], list[int]] = {}
    for row, key in enumerate(zip(kinds, langs, strict=True)):
        groups.setdefault(key, []).append(row)
    started = time.perf_counter()
    indexes: dict[tuple[str, str], VectorIndex] = {}
    matrices: dict[tuple[str, str], np.ndarray] = {}
    for key, rows in sorted(groups.items()):
        index = VectorIndex(
            vectors.shape[1],
            dtype=args.dtype,
            connectivity=args.m,
            expansion_add=args.ef_construction,
            exact_below=0,
        )
        index.add([str(row) for row in rows], vectors[rows], threads=args.threads)
        indexes[key] = index
        print(f"  built {key}: {len(rows):,} vectors, {time.perf_counter() - started:.0f} s", file=sys.stderr)
    build = time.perf_counter() - started
    memory = sum(index.memory_bytes() for index in indexes.values()) / 2**20
    saved, loaded = snapshot_round_trip(indexes)
    for key, rows in groups.items():
        matrices[key] = np.ascontiguousarray(vectors[rows])
    ids = {key: np.asarray(rows) for key, rows in groups.items()}
    searched = [[key for key in sorted(groups) if key[0] == COUNTERPARTS[kind][0]] for kind in query_kinds]

    def top10(lists: list[list[Hit]]) -> list[str]:
        merged = sorted(merge_language_lists(lists, depth), key=lambda hit: -hit.score)
        return [hit.id for hit in merged[:k]]

    def exact(query: np.ndarray, keys: list[tuple[str, str]]) -> list[str]:
        lists = []
        for key in keys:
            scores = matrices[key] @ query
            top = np.argpartition(-scores, depth)[:depth]
            top = top[np.argsort(-scores[top])]
            lists.append([Hit(str(ids[key][row]), float(scores[row])) for row in top])
        return top10(lists)

    truth, exact_times = [], []
    for query, keys in zip(queries, searched, strict=True):
        tick = time.perf_counter()
        truth.append(exact(query, keys))
        exact_times.append(time.perf_counter() - tick)
    sizes = [sum(len(groups[key]) for key in keys) for keys in searched]
    p50, p95 = percentiles(exact_times)
    lines = [
        f"Partitions: {len(groups)} (kind × language), {min(map(len, groups.values())):,}–"
        f"{max(map(len, groups.values())):,} vectors each; a query searches {min(sizes):,}–{max(sizes):,} "
        f"vectors in 2 indexes for {depth} hits each, merged, top {k} kept.",
        "",
        f"A server's snapshot of these indexes (hatchway/matching/snapshots.py): saved in {saved:.1f} s, "
        f"loaded in {loaded:.1f} s (the restart path), against the build above.",
        "",
        "| method | build (s) | index memory (MB) | query p50 (ms) | query p95 (ms) | recall@10 vs exact |",
        "|---|---|---|---|---|---|",
        f"| exact (numpy matrix product per partition, same merge) | – | "
        f"{sum(matrix.nbytes for matrix in matrices.values()) / 2**20:.0f} | {p50:.2f} | {p95:.2f} | 1.000 |",
    ]

    def set_ef(ef: int) -> None:
        for index in indexes.values():
            index.set_expansion_search(ef)

    def search(number: int) -> list[str]:
        query = queries[number][None, :]
        return top10([indexes[key].search(query, depth, threads=1)[0] for key in searched[number]])

    rows = sweep(str(args.ef_search), set_ef, search, truth, build, memory, layout="platform")
    for row in rows:
        lines.append(
            f"| usearch HNSW per partition, ef_search {row['ef']} | {build:.0f} | {memory:.0f} | "
            f"{row['p50_ms']:.2f} | {row['p95_ms']:.2f} | {row['recall10']:.3f} |"
        )
    return lines, rows


def bench_single(vectors: np.ndarray, queries: np.ndarray, args: argparse.Namespace) -> list[str]:
    """Every vector in one index; exact search over all of them is the baseline."""
    started = time.perf_counter()
    truth = exact_top(vectors, queries, 10)
    batch_exact = (time.perf_counter() - started) / len(queries)
    single = []
    for query in queries[:50]:
        tick = time.perf_counter()
        scores = vectors @ query
        np.argpartition(-scores, 10)[:10]
        single.append(time.perf_counter() - tick)
    exact_p50, exact_p95 = percentiles(single)
    lines = [
        "| method | build (s) | index memory (MB) | top-10 p50 (ms) | top-10 p95 (ms) | recall@10 vs exact |",
        "|---|---|---|---|---|---|",
        f"| exact (numpy matrix product) | – | {vectors.nbytes / 2**20:.0f} | {exact_p50:.1f} | {exact_p95:.1f} | 1.000 |",
        f"| exact, batches of 100 queries | – | – | {batch_exact * 1000:.1f} per query | – | 1.000 |",
    ]
    for library in args.libraries.split(","):
        for row in bench_library(library, vectors, queries, truth, args):
            lines.append(
                f"| {library} HNSW, ef_search {row['ef']} | {row['build_s']:.0f} | {row['index_mb']:.0f} | "
                f"{row['p50_ms']:.2f} | {row['p95_ms']:.2f} | {row['recall10']:.3f} |"
            )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description="Matching speed harness")
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--vectors", choices=("real", "gaussian"), default="real")
    parser.add_argument("--layouts", default="platform,single", help="platform, single or both (comma)")
    parser.add_argument("--seed", type=int, default=21, help="generated listings' seed (queries: seed + 1)")
    parser.add_argument("--processes", type=int, default=2, help="encoder processes when the cache is cold")
    parser.add_argument("--encoder", default="use", help="statistics for --vectors gaussian")
    parser.add_argument("--libraries", default="usearch", help="single layout: usearch, hnswlib, faiss")
    parser.add_argument("--dtype", default="f32")
    parser.add_argument("--m", type=int, default=16)
    parser.add_argument("--ef-construction", type=int, default=128)
    parser.add_argument("--ef-search", default="64,128", help="comma-separated search expansions to measure")
    parser.add_argument("--threads", type=int, default=2, help="threads for building the index")
    parser.add_argument(
        "--throughput", type=int, default=200, help="texts for the encoder throughput (0: skip)"
    )
    args = parser.parse_args()
    layouts = args.layouts.split(",")

    load_at_start = load_now()
    started = time.perf_counter()
    if args.vectors == "real":
        vectors, kinds, langs = generated(args.size, args.seed, args.processes)
        queries, query_kinds, _query_langs = generated(args.queries, args.seed + 1, args.processes)
        described = f"USE vectors of generated listings (seed {args.seed}), centred per kind and language"
    else:
        if "platform" in layouts:
            raise SystemExit("--vectors gaussian has no kinds: use --layouts single")
        real = evaluation_vectors(args.encoder)
        vectors = synthetic(real, args.size, seed=1)
        queries = synthetic(real, args.queries, seed=2)
        kinds, query_kinds = [], []
        described = f"synthetic Gaussian, {args.encoder} statistics"
    print(
        f"{args.size:,} {vectors.shape[1]}-d vectors ({described}) ready in "
        f"{time.perf_counter() - started:.0f} s; process RSS {rss_mb():.0f} MB",
        file=sys.stderr,
    )
    lines = [
        f"Vectors: {args.size:,} × {vectors.shape[1]} ({described}); {args.queries:,} queries; "
        f"HNSW M={args.m}, ef_construction={args.ef_construction}, dtype {args.dtype}; "
        f"build on {args.threads} threads, queries on 1 thread.",
    ]
    if "platform" in layouts:
        lines += ["", "**Platform layout**", ""]
        lines += bench_platform(vectors, kinds, langs, queries, query_kinds, args)[0]
        lines.append(f"\nLoad average after the platform layout: {load_now()}")
    if "single" in layouts:
        lines += ["", "**One index of every vector**", ""]
        lines += bench_single(vectors, queries, args)
    lines.append(f"\nPeak process memory (RSS): {rss_mb():.0f} MB")
    lines.append(f"Load average at start {load_at_start}, at the end {load_now()} (2 cores)")
    if args.throughput:
        texts = [
            json.loads(line)["text"] for line in (QUALITY_DATA / "corpus.jsonl").read_text().splitlines()
        ]
        lines += ["", "| encoder | threads | texts per second |", "|---|---|---|"]
        lines += encoder_throughput(texts[: args.throughput])
    print("\n".join(lines))


if __name__ == "__main__":
    main()
