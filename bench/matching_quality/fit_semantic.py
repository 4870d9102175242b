"""Fit ``semantic.floor`` and ``semantic.ceiling`` (hatchway/matching/weights.yaml) on labelled pairs.

    .venv/bin/python bench/matching_quality/fit_semantic.py
    .venv/bin/python bench/matching_quality/generate.py --seed 5 --out /tmp/heldout
    .venv/bin/python bench/matching_quality/fit_semantic.py --heldout /tmp/heldout

The scorer maps the similarity of two listings linearly onto the 0–1 semantic part: ``floor`` and below
count 0, ``ceiling`` and above count 1. This script measures what that similarity looks like on the
evaluation set, computed as the platform computes it: USE vectors, language-centred, less the shipped
(kind, language) means (``KindCentring.shipped("use")``), a query meeting only its counterpart kind; the
platform's *similarity* is that cosine after ``merge_language_lists`` (each language's list standardised by
its own best 50 and mapped back onto the pooled scale), which is what ``IndexService.search`` hands to the
scorer once both language lists hold 50 texts. It prints the percentiles of

- (a) the true pairs (each query and its one counterpart; 360 on the evaluation set),
- (b) each query against every non-target listing of its counterpart kind,
- (c) the non-targets among each query's ``candidates`` (200) nearest — what the scorer actually sees,

and fits the rule: **floor = the median of (b)**, so that a listing no closer than a typical unrelated
listing of the right kind earns nothing for its text, and **ceiling = the 75th percentile of (a)**, so that
only the closest quarter of true counterparts saturate and the rest keep their order. Both are rounded to
0.01. ``--heldout DIR`` repeats the measurement on another generated set and prints how far the fitted
values move.

The raw USE vectors are read from ``data/cache`` when ``run.py`` left them there (same file names), else
encoded once (about 10 s per 5,000 texts) and cached.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from hatchway.matching.engine import (  # noqa: E402
    Hit,
    KindCentring,
    UseEncoder,
    Vectors,
    centre,
    load_centring,
    merge_language_lists,
)
from hatchway.matching.scoring import Context, Side, load_config, score_pair  # noqa: E402

DATA = Path(__file__).with_name("data")
PERCENTILES = (1, 5, 10, 25, 50, 75, 90, 95, 99)
FLOOR_PERCENTILE = 50  # of the non-pairs (b)
CEILING_PERCENTILE = 75  # of the true pairs (a)
CANDIDATES = 200  # weights.yaml ``candidates``
PREVIOUS = (0.05, 0.45)  # semantic.floor and ceiling before this fit, set by estimate
RECALL_AT = (1, 5)
TODAY = datetime.date(2026, 11, 26)
DEPTH = 50  # IndexService.depth, the engine's Ranker.depth

Row = dict[str, object]


def read_jsonl(path: Path) -> list[Row]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def raw_vectors(folder: Path, rows: list[Row], part: str) -> Vectors:
    """Uncentred USE vectors of ``rows``, through run.py's cache (``<folder>/cache/use-raw-<part>-<n>.npy``)."""
    path = folder / "cache" / f"use-raw-{part}-{len(rows)}.npy"
    if path.exists():
        return np.asarray(np.load(path), dtype=np.float32)
    started = time.perf_counter()
    found = UseEncoder(centring={}, threads=1).encode_raw([str(row["text"]) for row in rows])
    print(f"  encoded {len(rows)} {part} texts in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, found)
    return found


def platform_vectors(raw: Vectors, rows: list[Row], centring: KindCentring) -> Vectors:
    """As the platform holds them: language-centred (the ``use`` encoder), then less the (kind, language) mean."""
    langs = [str(row["lang"]) for row in rows]
    languages = {lang: np.asarray(mean, dtype=np.float32) for lang, mean in load_centring("use").items()}
    centred = centre(raw, langs, languages)
    return centring.apply(centred, langs, [str(row["kind"]) for row in rows])


@dataclass
class Query:
    """One labelled query: its kind and sectors, its target, and every counterpart's cosine and similarity."""

    kind: str
    sectors: frozenset[str]
    target: int
    cosines: dict[int, float]
    similarities: dict[int, float]
    nearest: list[int]  # the ``CANDIDATES`` best similarities, best first


def measure(folder: Path) -> tuple[list[Query], list[Row]]:
    """Every query of the set against every listing of its counterpart kind, as the platform scores them."""
    corpus = read_jsonl(folder / "corpus.jsonl")
    queries = read_jsonl(folder / "queries.jsonl")
    pairs = read_jsonl(folder / "pairs.jsonl")
    centring = KindCentring.shipped("use")
    documents = platform_vectors(raw_vectors(folder, corpus, "corpus"), corpus, centring)
    asked = platform_vectors(raw_vectors(folder, queries, "queries"), queries, centring)
    row_of = {str(row["id"]): number for number, row in enumerate(corpus)}
    query_of = {str(row["id"]): number for number, row in enumerate(queries)}
    by_kind_lang: dict[tuple[str, str], list[int]] = {}
    for number, row in enumerate(corpus):
        by_kind_lang.setdefault((str(row["kind"]), str(row["lang"])), []).append(number)
    measured: list[Query] = []
    for pair in pairs:
        query = query_of[str(pair["query"])]
        lists: list[list[Hit]] = []
        cosines: dict[int, float] = {}
        for (kind, _lang), rows in sorted(by_kind_lang.items()):
            if kind != pair["target_kind"]:
                continue
            scores = documents[rows] @ asked[query]
            order = np.argsort(-scores, kind="stable")
            lists.append([Hit(str(rows[each]), float(scores[each])) for each in order])
            cosines.update((rows[each], float(scores[each])) for each in range(len(rows)))
        similarities = {int(hit.id): hit.score for hit in merge_language_lists(lists, DEPTH)}
        measured.append(
            Query(
                kind=str(queries[query]["kind"]),
                sectors=sectors_of(queries[query]),
                target=row_of[str(pair["target"])],
                cosines=cosines,
                similarities=similarities,
                nearest=sorted(similarities, key=lambda row: (-similarities[row], row))[:CANDIDATES],
            )
        )
    return measured, corpus


def sectors_of(row: Row) -> frozenset[str]:
    sectors = row.get("sectors") or ()
    if isinstance(sectors, str):
        return frozenset([sectors])
    return frozenset(str(each) for each in sectors) if isinstance(sectors, list | tuple) else frozenset()


def distributions(measured: list[Query], measure_: str) -> dict[str, list[float]]:
    """(a) the true pairs, (b) every non-pair of the counterpart kind, (c) the non-pairs among the nearest."""
    found: dict[str, list[float]] = {"pairs": [], "non_pairs": [], "candidates": []}
    for query in measured:
        values = query.similarities if measure_ == "similarity" else query.cosines
        found["pairs"].append(values[query.target])
        found["non_pairs"] += [score for row, score in values.items() if row != query.target]
        found["candidates"] += [values[row] for row in query.nearest if row != query.target]
    return found


def scorer_ranking(
    measured: list[Query], corpus: list[Row], floor: float, ceiling: float
) -> dict[str, float]:
    """The recommender's view of the 200 nearest with these floor and ceiling: recall@1/5 of the target when
    ranked by ``score_pair`` then similarity (as ``recommend_for_listing`` ranks), the share of queries whose
    target's semantic part and whose 0–100 score stand above every other candidate's, and the mean score of
    the target and of its best rival. The evaluation set has sectors but no stages, tickets, languages or
    dates: those parts count ``unknown`` on every candidate alike."""
    config = replace(load_config(), semantic_floor=floor, semantic_ceiling=ceiling)
    context = Context(TODAY)
    found = {f"recall@{k}": 0.0 for k in RECALL_AT} | {
        "semantic part above every rival": 0.0,
        "score above every rival": 0.0,
        "target's score": 0.0,
        "best rival's score": 0.0,
    }
    for query in measured:
        source = Side(0, query.kind, parties=frozenset({"query"}), sectors=query.sectors)
        scored = {
            row: score_pair(
                source,
                Side(row + 1, str(corpus[row]["kind"]), sectors=sectors_of(corpus[row])),
                query.similarities[row],
                config,
                context,
            )
            for row in {*query.nearest, query.target}
        }
        ranked = sorted(query.nearest, key=lambda row: (-scored[row].score, -query.similarities[row]))
        for k in RECALL_AT:
            found[f"recall@{k}"] += query.target in ranked[:k]
        target = scored[query.target]
        rivals = [scored[row] for row in query.nearest if row != query.target]
        found["semantic part above every rival"] += target.parts["semantic"] > max(
            rival.parts["semantic"] for rival in rivals
        )
        found["score above every rival"] += target.score > max(rival.score for rival in rivals)
        found["target's score"] += target.score
        found["best rival's score"] += max(rival.score for rival in rivals)
    return {name: value / len(measured) for name, value in found.items()}


def percentile_table(found: dict[str, list[float]]) -> str:
    head = "| | n | " + " | ".join(f"p{each}" for each in PERCENTILES) + " |"
    lines = [head, "|---" * (len(PERCENTILES) + 2) + "|"]
    names = {
        "pairs": "(a) true pairs",
        "non_pairs": "(b) non-pairs, counterpart kind",
        "candidates": f"(c) non-pairs among the {CANDIDATES} nearest",
    }
    for key, label in names.items():
        values = np.asarray(found[key])
        cells = " | ".join(f"{value:.3f}" for value in np.percentile(values, PERCENTILES))
        lines.append(f"| {label} | {len(values):,} | {cells} |")
    return "\n".join(lines)


def fit(found: dict[str, list[float]]) -> tuple[float, float]:
    floor = round(float(np.percentile(found["non_pairs"], FLOOR_PERCENTILE)), 2)
    ceiling = round(float(np.percentile(found["pairs"], CEILING_PERCENTILE)), 2)
    return floor, ceiling


def shares(found: dict[str, list[float]], floor: float, ceiling: float) -> str:
    lines = ["| | at or below the floor (part 0) | at or above the ceiling (part 1) |", "|---|---|---|"]
    for key, label in (
        ("pairs", "(a) true pairs"),
        ("non_pairs", "(b) non-pairs"),
        ("candidates", "(c) non-pairs among the nearest"),
    ):
        values = np.asarray(found[key])
        lines.append(f"| {label} | {np.mean(values <= floor):.1%} | {np.mean(values >= ceiling):.1%} |")
    return "\n".join(lines)


def report(folder: Path, label: str, settings: list[tuple[float, float, str]]) -> tuple[float, float]:
    """Print the distributions and the fit on one set, and the recommender's recall with each of
    ``settings`` and with the fit; return the fit on the platform similarity."""
    measured, corpus = measure(folder)
    fitted: dict[str, tuple[float, float]] = {}
    for measure_, title in (
        ("similarity", "platform similarity (centred cosine after per-language merging)"),
        ("cosine", "centred cosine (before merging; what small sites see)"),
    ):
        found = distributions(measured, measure_)
        floor, ceiling = fit(found)
        fitted[measure_] = (floor, ceiling)
        print(f"\n### {label}: {title}\n")
        print(percentile_table(found))
        print(
            f"\nfloor = p{FLOOR_PERCENTILE} of (b) = {floor:.2f}; "
            f"ceiling = p{CEILING_PERCENTILE} of (a) = {ceiling:.2f}\n"
        )
        print(shares(found, floor, ceiling))
        print(f"\nThe same with the values before this fit (floor {PREVIOUS[0]}, ceiling {PREVIOUS[1]}):\n")
        print(shares(found, *PREVIOUS))
    floor, ceiling = fitted["similarity"]
    print(f"\n### {label}: the recommender's view of the {CANDIDATES} nearest\n")
    names = list(scorer_ranking(measured[:1], corpus, floor, ceiling))
    print("| floor | ceiling | " + " | ".join(names) + " | |")
    print("|---|---|" + "---|" * len(names) + "---|")
    for low, high, note in [*settings, (floor, ceiling, "fitted on this set")]:
        ranking = scorer_ranking(measured, corpus, low, high)
        cells = " | ".join(
            f"{value:.1f}" if name.endswith("score") else f"{value:.3f}" for name, value in ranking.items()
        )
        print(f"| {low:.2f} | {high:.2f} | {cells} | {note} |")
    return floor, ceiling


def setting(value: str) -> tuple[float, float, str]:
    """``--try 0.05,0.45``: a floor and a ceiling to compare."""
    try:
        floor, ceiling = (float(part) for part in value.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r}: write FLOOR,CEILING, e.g. 0.05,0.45") from None
    if ceiling <= floor:
        raise argparse.ArgumentTypeError(f"{value!r}: the ceiling must be above the floor")
    return floor, ceiling, "--try"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="evaluation set (default: data/)")
    parser.add_argument(
        "--heldout", type=Path, help="a second set (generate.py --seed 5 --out DIR) to check the fit on"
    )
    parser.add_argument(
        "--try",
        dest="tries",
        type=setting,
        action="append",
        default=[],
        metavar="FLOOR,CEILING",
        help="also rank with these values (repeatable)",
    )
    args = parser.parse_args()
    for path in [args.data, *([args.heldout] if args.heldout else [])]:
        missing = [
            name for name in ("corpus.jsonl", "queries.jsonl", "pairs.jsonl") if not (path / name).exists()
        ]
        if missing:
            parser.error(f"{path} lacks {', '.join(missing)}: run generate.py --out {path} first.")
    previous = (*PREVIOUS, "before this fit")
    floor, ceiling = report(args.data, f"evaluation set ({args.data})", [previous, *args.tries])
    print(f"\nweights.yaml: semantic.floor {floor:.2f}, semantic.ceiling {ceiling:.2f}")
    if args.heldout:
        chosen = (floor, ceiling, "fitted on the evaluation set")
        held_floor, held_ceiling = report(
            args.heldout, f"held-out set ({args.heldout})", [previous, *args.tries, chosen]
        )
        print(
            f"\nheld-out fit: floor {held_floor:.2f} ({held_floor - floor:+.2f}), "
            f"ceiling {held_ceiling:.2f} ({held_ceiling - ceiling:+.2f})"
        )


if __name__ == "__main__":
    main()
