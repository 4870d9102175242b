"""A server's copy of the index at scale, measured through ``IndexService`` itself on a scratch database: the
first build from the stored vectors, saving the snapshot, a restart from the snapshot, and searches.

    .venv/bin/python bench/matching_speed/server.py --size 1000000     # a scratch SQLite file under var/bench/

The stored rows are the speed harness's generated listings (``corpus.py``, raw USE vectors, cached), one text
each, written straight into ``ListingVector`` (it references listings without a database constraint, so no
listing rows are needed). The baseline is the build from the table: the restart from the snapshot is
measured against it in the same run.
"""

# ruff: noqa: E402 (settings must be chosen before Django is imported)
from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench/matching_speed"))

import corpus

SCRATCH = corpus.CACHE / "server"


def rss_mb() -> float:
    """This process's resident memory now (not its peak)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def load_now() -> str:
    return " / ".join(f"{value:.1f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()

    shutil.rmtree(SCRATCH, ignore_errors=True)
    SCRATCH.mkdir(parents=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{SCRATCH / 'bench.sqlite3'}"  # never a real database
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hatchway.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from hatchway.matching.engine import COUNTERPARTS
    from hatchway.matching.index import IndexService, encoder_name
    from hatchway.matching.models import IndexState, ListingVector
    from hatchway.matching.snapshots import save_snapshot

    settings.MATCHING_SNAPSHOT_DIR = ""  # the first build is the baseline: nothing saved inside it
    load_at_start = load_now()
    call_command("migrate", verbosity=0)
    raw, kinds, langs = corpus.load(args.size, args.seed)
    started = time.perf_counter()
    name = encoder_name()
    for start in range(0, args.size, 5_000):
        stop = min(args.size, start + 5_000)
        ListingVector.objects.bulk_create(
            ListingVector(
                listing_id=row + 1,
                kind=kinds[row],
                language=langs[row],
                encoder=name,
                vector=np.asarray(raw[row], dtype=np.float32).tobytes(),
                text_hash="bench",
                active=True,
                generation=1,
            )
            for row in range(start, stop)
        )
    IndexState.objects.update_or_create(pk=1, defaults={"generation": 1, "epoch": "bench", "centring": {}})
    stored = time.perf_counter() - started
    print(f"  stored {args.size:,} vectors in {stored:.0f} s", file=sys.stderr, flush=True)

    base = rss_mb()
    started = time.perf_counter()
    server = IndexService()
    server.refresh()
    build = time.perf_counter() - started
    held = rss_mb() - base
    copy = server.current_copy()
    print(f"  built from the table in {build:.0f} s ({copy.size():,} texts)", file=sys.stderr, flush=True)

    settings.MATCHING_SNAPSHOT_DIR = str(SCRATCH / "snapshots")
    started = time.perf_counter()
    folder = save_snapshot(name, "bench", 1, copy.indexes)
    saved = time.perf_counter() - started
    on_disk = (
        sum(path.stat().st_size for path in folder.rglob("*") if path.is_file()) / 2**20 if folder else 0.0
    )

    queries, query_kinds, query_langs = corpus.load(args.queries, args.seed + 1)
    latencies = []
    for query, kind, lang in zip(queries, query_kinds, query_langs, strict=True):
        tick = time.perf_counter()
        server.search(COUNTERPARTS[kind][0], np.asarray(query)[None, :], 10, langs=[lang], query_kind=kind)
        latencies.append(time.perf_counter() - tick)
    del server, copy

    started = time.perf_counter()
    restarted = IndexService()
    restarted.refresh()
    loaded = time.perf_counter() - started
    if restarted.size() != args.size:
        raise SystemExit(f"the restarted copy holds {restarted.size():,} texts, not {args.size:,}")

    p50, p95 = (float(np.percentile(latencies, q) * 1000) for q in (50, 95))
    print(
        "\n".join(
            [
                f"{args.size:,} stored vectors ({settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}), "
                f"written in {stored:.0f} s.",
                "",
                "| step | seconds | notes |",
                "|---|---|---|",
                f"| first build from the table (baseline) | {build:.1f} | RSS grew {held:,.0f} MB |",
                f"| save the snapshot | {saved:.1f} | {on_disk:,.0f} MB on disk |",
                f"| restart from the snapshot | {loaded:.1f} | {build / loaded:.0f}× sooner than the build |",
                "",
                f"Searches through `IndexService.search` ({args.queries} queries, top 10, centring and merge "
                f"included): p50 {p50:.2f} ms, p95 {p95:.2f} ms.",
                f"Load average at start {load_at_start}, at the end {load_now()} (2 cores).",
            ]
        )
    )
    shutil.rmtree(SCRATCH, ignore_errors=True)


if __name__ == "__main__":
    main()
