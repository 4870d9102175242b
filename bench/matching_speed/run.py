"""Speed harness: index build time and memory, top-10 latency, recall@10 against exact search, encoder throughput.

    .venv/bin/python bench/matching_speed/run.py                       # 1,000,000 vectors, usearch only
    .venv/bin/python bench/matching_speed/run.py --size 100000 --libraries usearch,hnswlib,faiss

Vectors are synthetic with the statistics of real ones: the mean and covariance of the default encoder's
vectors for the 5,560 evaluation listings (bench/matching_quality; run it first so its cache exists), sampled
as a Gaussian and normalised. Such samples lack the clusters real listings form, which makes approximate
search harder than on real data: the recall measured here is a floor. Exact search (a float32 matrix
product over every vector) is measured in the same run, on the same queries.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from hatchway.matching.engine import VectorIndex, centre, load_centring, normalise  # noqa: E402

CACHE = ROOT / "bench/matching_quality/data/cache"
QUALITY_DATA = ROOT / "bench/matching_quality/data"


def real_vectors(encoder: str) -> np.ndarray:
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
    rows = []
    for ef in (int(value) for value in str(args.ef_search).split(",")):
        set_ef(ef)
        latencies, found = [], []
        for query in queries:
            tick = time.perf_counter()
            found.append(search(query))
            latencies.append(time.perf_counter() - tick)
        recall = float(
            np.mean([len(set(hits) & set(row.tolist())) / 10 for hits, row in zip(found, truth, strict=True)])
        )
        p50, p95 = percentiles(latencies)
        rows.append(
            {
                "library": name,
                "ef": ef,
                "build_s": build,
                "index_mb": memory,
                "p50_ms": p50,
                "p95_ms": p95,
                "recall10": recall,
            }
        )
    return rows


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


def main() -> None:
    parser = argparse.ArgumentParser(description="Matching speed harness")
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--encoder", default="use")
    parser.add_argument("--libraries", default="usearch")
    parser.add_argument("--dtype", default="f32")
    parser.add_argument("--m", type=int, default=16)
    parser.add_argument("--ef-construction", type=int, default=128)
    parser.add_argument("--ef-search", default="64", help="comma-separated search expansions to measure")
    parser.add_argument("--threads", type=int, default=2, help="threads for building the index")
    parser.add_argument(
        "--throughput", type=int, default=200, help="texts for the encoder throughput (0: skip)"
    )
    args = parser.parse_args()

    load_at_start = load_now()
    real = real_vectors(args.encoder)
    started = time.perf_counter()
    vectors = synthetic(real, args.size, seed=1)
    queries = synthetic(real, args.queries, seed=2)
    print(
        f"{args.size} synthetic {vectors.shape[1]}-d vectors ({args.encoder} statistics) in "
        f"{time.perf_counter() - started:.0f} s; process RSS {rss_mb():.0f} MB",
        file=sys.stderr,
    )
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
        f"Vectors: {args.size:,} × {vectors.shape[1]} (synthetic, {args.encoder} statistics); {args.queries} queries; "
        f"HNSW M={args.m}, ef_construction={args.ef_construction}, ef_search={args.ef_search}, dtype {args.dtype}; "
        f"build on {args.threads} threads, queries on 1 thread. Machine: 2 cores shared with other engineers' jobs.",
        "",
        "| method | build (s) | index memory (MB) | top-10 p50 (ms) | top-10 p95 (ms) | recall@10 vs exact |",
        "|---|---|---|---|---|---|",
        f"| exact (numpy matrix product) | – | {vectors.nbytes / 2**20:.0f} | {exact_p50:.1f} | {exact_p95:.1f} | 1.000 |",
        f"| exact, batches of 100 queries | – | – | {batch_exact * 1000:.1f} per query | – | 1.000 |",
    ]
    for library in args.libraries.split(","):
        for row in bench_library(library, vectors, queries, truth, args):
            print(f"  {row}", file=sys.stderr)
            lines.append(
                f"| {library} HNSW, ef_search {row['ef']} | {row['build_s']:.0f} | {row['index_mb']:.0f} | "
                f"{row['p50_ms']:.2f} | {row['p95_ms']:.2f} | {row['recall10']:.3f} |"
            )
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
