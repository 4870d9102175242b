"""Generated listings encoded by the real encoder, for the speed harness; cached under var/bench/.

    .venv/bin/python bench/matching_speed/corpus.py --size 1000000 --processes 2

The texts come from the quality harness's vocabularies and templates (bench/matching_quality/generate.py):
every platform kind, Chinese and English alternately, any sector, product, customer, city, stage and amount
(each text distinct; see ``listings``). Each text is encoded
by the default encoder (USE, uncentred); the harness centres the vectors the way the platform does. The
cache holds the raw vectors (float32), the kinds and the languages, and is reused when present.
"""

# ruff: noqa: E402 (the BLAS thread count must be set before numpy is imported)
from __future__ import annotations

import os

# One BLAS thread per worker process, set before numpy loads (two threads per process on two cores run the
# encoder several times slower).
for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import argparse
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / "var/bench/matching_speed"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench/matching_quality"))

import generate

MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def listings(size: int, seed: int) -> tuple[list[str], list[str], list[str]]:
    """``size`` distinct generated listing texts with their platform kinds and languages.

    The templates alone repeat themselves (a third of a million draws are duplicates), so every text ends with
    the month it was last updated, and a text drawn twice is drawn again: the index holds no identical
    vectors, whose order exact search could not decide.
    """
    rng = random.Random(seed)
    texts: list[str] = []
    kinds: list[str] = []
    langs: list[str] = []
    seen: set[str] = set()
    while len(texts) < size:
        slots = generate.make_slots(rng)
        lang = "zh" if len(texts) % 2 == 0 else "en"
        year, month = rng.randrange(2015, 2027), rng.randrange(12)
        updated = f"更新于{year}年{month + 1}月。" if lang == "zh" else f" Updated {MONTHS_EN[month]} {year}."
        text = generate.render(slots, lang, rng.randrange(9)) + updated
        if text in seen:
            continue
        seen.add(text)
        texts.append(text)
        kinds.append(generate.PLATFORM_KIND[str(slots["kind"])])
        langs.append(lang)
    return texts, kinds, langs


def _encode(texts: list[str]) -> np.ndarray:
    from hatchway.matching.engine import UseEncoder

    return UseEncoder(threads=1, batch_size=256).encode_raw(texts)


def load(size: int, seed: int, processes: int = 2) -> tuple[np.ndarray, list[str], list[str]]:
    """Raw USE vectors, kinds and languages of ``size`` generated listings (seed ``seed``), cached."""
    texts, kinds, langs = listings(size, seed)
    path = CACHE / f"use-raw-{size}-seed{seed}.npy"
    if path.exists():
        return np.load(path, mmap_mode="r"), kinds, langs
    # The texts are drawn one after another, so a larger cache of the same seed begins with these.
    for larger in sorted(CACHE.glob(f"use-raw-*-seed{seed}.npy")):
        cached = np.load(larger, mmap_mode="r")
        if len(cached) >= size:
            return cached[:size], kinds, langs
    CACHE.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    chunk = 20_000
    parts = [texts[start : start + chunk] for start in range(0, size, chunk)]
    out = np.lib.format.open_memmap(
        path.with_suffix(".partial.npy"), mode="w+", dtype=np.float32, shape=(size, 512)
    )
    done = 0
    with ProcessPoolExecutor(max_workers=processes) as pool:
        for number, block in enumerate(pool.map(_encode, parts)):
            out[number * chunk : number * chunk + len(block)] = block
            done += len(block)
            rate = done / (time.perf_counter() - started)
            print(f"  encoded {done:,}/{size:,} ({rate:.0f} texts/s)", file=sys.stderr, flush=True)
    out.flush()
    del out
    path.with_suffix(".partial.npy").rename(path)
    print(f"{size:,} texts encoded in {time.perf_counter() - started:.0f} s -> {path}", file=sys.stderr)
    return np.load(path, mmap_mode="r"), kinds, langs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args()
    vectors, kinds, _langs = load(args.size, args.seed, args.processes)
    print(f"{vectors.shape[0]:,} vectors, {len(set(kinds))} kinds")


if __name__ == "__main__":
    main()
