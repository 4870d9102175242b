"""``hatchway match rank``: match an external list of texts against another, as the platform does.

``hatchway match reindex``: re-encode every open listing, fit the (kind, language) means on the stored
vectors and make every server rebuild its index with them.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from hatchway.matching.engine import DEFAULT_ENCODER, ENCODERS, Document, Ranker, get_encoder

if TYPE_CHECKING:
    from hatchway.matching.index import CentringFit


def read_documents(path: Path, label: str) -> tuple[list[Document], dict[str, Any]]:
    """Read a JSONL file of ``{"id": ..., "text": ...}`` lines; return documents and their original ids."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise CommandError(f"{label} {path} does not exist: give the path of a .jsonl file.") from None
    except (UnicodeDecodeError, OSError) as error:
        raise CommandError(
            f"{label} {path} cannot be read as UTF-8 text ({error}). Save it as UTF-8."
        ) from None
    documents: list[Document] = []
    original: dict[str, Any] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{label} {path.name} line {number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise CommandError(
                f'{where}: not valid JSON ({error.msg}). Write one object per line, like {{"id": 1, "text": "..."}}.'
            ) from None
        if not isinstance(row, dict):
            raise CommandError(f'{where}: expected an object like {{"id": 1, "text": "..."}}.')
        listing_id, text, lang = row.get("id"), row.get("text"), row.get("lang")
        if isinstance(listing_id, bool) or not isinstance(listing_id, str | int) or listing_id == "":
            raise CommandError(
                f'{where}: "id" is missing or not a string or integer. Give each line an "id".'
            )
        if not isinstance(text, str) or not text.strip():
            raise CommandError(
                f'{where}: "text" is missing or empty. Give the text to match, in any language.'
            )
        if lang is not None and not isinstance(lang, str):
            raise CommandError(
                f'{where}: "lang" must be a language code such as "zh" or "en", or be left out.'
            )
        key = str(listing_id)
        if key in original:
            raise CommandError(
                f"{where}: the id {listing_id!r} was already used. Give every line its own id."
            )
        original[key] = listing_id
        extra = {name: value for name, value in row.items() if name not in {"id", "text", "lang"}}
        documents.append(Document(key, text, lang or None, extra))
    if not documents:
        raise CommandError(f'{label} {path} holds no lines: give at least one {{"id", "text"}} object.')
    return documents, original


class Command(BaseCommand):
    help = (
        "Cross-lingual matching from the command line: `match rank` ranks a corpus for each query; "
        "`match reindex` re-encodes every open listing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True, metavar="{rank,reindex}")
        rank = commands.add_parser(
            "rank",
            help="For each query, print its best corpus entries as one JSON object per line.",
            description=(
                'Each line of both files is {"id": ..., "text": ...} (text in any language; optional "lang"). '
                'Prints {"query": id, "results": [{"id": ..., "score": ...}, ...]} per query, best first.'
            ),
        )
        rank.add_argument("--corpus", type=Path, required=True, help="JSONL file of texts to rank")
        rank.add_argument("--queries", type=Path, required=True, help="JSONL file of texts to match")
        rank.add_argument("--top", type=int, default=10, help="results per query (default 10)")
        rank.add_argument("--format", choices=["json"], default="json", help="output format (JSON lines)")
        rank.add_argument(
            "--encoder", choices=ENCODERS, default=DEFAULT_ENCODER, help=f"default {DEFAULT_ENCODER}"
        )
        rank.add_argument("--exact", action="store_true", help="search exhaustively instead of approximately")
        reindex = commands.add_parser(
            "reindex",
            help="Re-encode every open listing; every server rebuilds its index from the stored vectors.",
            description="Encodes the title and description of every open listing in each language it is "
            "written in, retires the vectors of closed, expired and deleted listings, fits the mean vector of "
            "each kind and language of listing on the stored vectors (where there are enough of them), and "
            "starts a new index epoch so that every server process rebuilds its copy with those means on its "
            "next search.",
        )
        reindex.add_argument(
            "--batch-size", type=int, default=64, help="listings encoded at once (default 64)"
        )
        reindex.add_argument("--quiet", action="store_true", help="no progress display")
        reindex.add_argument(
            "--shipped-centring",
            action="store_true",
            help=_("centre with the means shipped with the engine instead of fitting them on the listings"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "rank":
            self.rank(options)
        elif options["subcommand"] == "reindex":
            self.reindex(options)

    def reindex(self, options: dict[str, Any]) -> None:
        from hatchway.matching.index import encoder_name, reindex_all

        batch_size = options["batch_size"]
        if batch_size < 1:
            raise CommandError(f"--batch-size {batch_size} encodes nothing: give 1 or more.")
        started = time.monotonic()
        show = not options["quiet"] and options["verbosity"] > 0

        def progress(done: int, total: int) -> None:
            width = 30
            filled = width * done // total if total else width
            self.stderr.write(
                f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} listings encoded",
                ending="\n" if done == total else "",
            )
            self.stderr.flush()

        done = reindex_all(
            progress if show else None,
            batch_size=batch_size,
            shipped_centring=options["shipped_centring"],
        )
        self.stdout.write(
            _(
                "Indexed %(listings)d open listings (%(texts)d texts) with the %(encoder)s encoder in "
                "%(seconds).1f s. Every server rebuilds its index on its next search."
            )
            % {
                "listings": done.listings,
                "texts": done.texts,
                "encoder": encoder_name(),
                "seconds": time.monotonic() - started,
            }
        )
        self.write_centring(done.centring)

    def write_centring(self, fit: CentringFit | None) -> None:
        """Which (kind, language) means the new epoch centres with, and on how many vectors each was fitted."""
        if fit is None:
            self.stdout.write(_("Centring: the means shipped with the engine (--shipped-centring)."))
            return
        self.stdout.write(
            _(
                "Centring per kind and language: fitted on this platform's stored vectors where there are "
                "%(count)d or more, else the mean shipped with the engine."
            )
            % {"count": fit.min_count}
        )
        for pair in fit.pairs:
            values = {"kind": pair.kind, "language": pair.language, "count": pair.count}
            if pair.source == "fitted":
                line = _("%(kind)s %(language)s: fitted on %(count)d vectors") % values
            elif pair.source == "shipped":
                line = _("%(kind)s %(language)s: too few vectors (%(count)d), shipped mean") % values
            else:
                line = (
                    _("%(kind)s %(language)s: too few vectors (%(count)d), none shipped: not centred")
                    % values
                )
            self.stdout.write(f"  {line}")

    def rank(self, options: dict[str, Any]) -> None:
        top = options["top"]
        if top < 1:
            raise CommandError(f"--top {top} asks for no results: give a number of results of 1 or more.")
        corpus, corpus_ids = read_documents(options["corpus"], "--corpus")
        queries, query_ids = read_documents(options["queries"], "--queries")
        ranker = Ranker(get_encoder(options["encoder"]))

        def progress(done: int, total: int) -> None:
            sys.stderr.write(f"\rindexed {done}/{total}")
            if done == total:
                sys.stderr.write("\n")

        ranker.index_documents(corpus, progress=progress if options["verbosity"] > 1 else None)
        ranked = ranker.rank(queries, top, exact=True if options["exact"] else None)
        for query, hits in zip(queries, ranked, strict=True):
            results = [{"id": corpus_ids[hit.id], "score": round(hit.score, 4)} for hit in hits]
            self.stdout.write(
                json.dumps({"query": query_ids[query.id], "results": results}, ensure_ascii=False)
            )
