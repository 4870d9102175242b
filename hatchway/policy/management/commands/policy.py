"""``hatchway policy …``: evaluate exported spreadsheets against a programme, compute the growth indicator.

hatchway policy evaluate --programme hnte --input enterprises.json --format json
hatchway policy growth --values 1000000 1300000 1600000 --format json
hatchway policy programmes
hatchway policy run --programme hnte --as-of 2026-05-01
hatchway policy backend       # which evaluator large batches use, and how to install the fast one
"""

from __future__ import annotations

import importlib.metadata
import json
from argparse import ArgumentParser
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from hatchway.errors import HatchwayError
from hatchway.policy.engine import (
    COMPILED_MIN_ROWS,
    bands_from_parameter,
    compiled_available,
    decimal_text,
    evaluate_records,
    exact,
    get_programme,
    growth_indicator,
    programmes,
    resolve_parameters,
)


class Command(BaseCommand):
    help = "Evaluate enterprises against a programme's rule file, or compute the HNTE growth indicator."

    def add_arguments(self, parser: ArgumentParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        evaluate = commands.add_parser("evaluate", help="Evaluate a JSON array of enterprise records.")
        evaluate.add_argument("--programme", required=True, help="Programme id, e.g. hnte or tsme.")
        evaluate.add_argument("--input", required=True, help="A JSON file holding an array of records.")
        evaluate.add_argument("--format", choices=["json", "text"], default="text")
        growth = commands.add_parser("growth", help="The 195号 growth indicator of 1–3 yearly values.")
        growth.add_argument("--values", nargs="+", required=True, help="Oldest first, in yuan.")
        growth.add_argument("--format", choices=["json", "text"], default="text")
        commands.add_parser("programmes", help="List the programmes and their rule files.")
        commands.add_parser(
            "backend", help="Say which evaluator large batches use, and how to install the compiled one."
        )
        run = commands.add_parser(
            "run", help="Evaluate every enterprise from its stored data reports and store the determinations."
        )
        run.add_argument("--programme", required=True, help="Programme id, e.g. hnte or tsme.")
        run.add_argument(
            "--as-of", required=True, help="The date whose figures and parameters count, YYYY-MM-DD."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        subcommand = options["subcommand"]
        if subcommand == "evaluate":
            self.evaluate(options["programme"], options["input"], options["format"])
        elif subcommand == "growth":
            self.growth(options["values"], options["format"])
        elif subcommand == "run":
            self.run(options["programme"], options["as_of"])
        elif subcommand == "backend":
            self.backend()
        else:
            for programme in programmes().values():
                flag = "" if programme.verified else "  [unverified sources]"
                self.stdout.write(f"{programme.id}\t{programme.version}\t{programme.title.en}{flag}")

    def evaluate(self, programme_id: str, path: str, output: str) -> None:
        try:
            programme = get_programme(programme_id)
        except KeyError as error:
            raise CommandError(str(error.args[0])) from None
        try:
            records = json.loads(Path(path).read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        except json.JSONDecodeError as error:
            raise CommandError(
                f"{path} is not valid JSON (line {error.lineno}, column {error.colno})."
            ) from None
        if not isinstance(records, list):
            raise CommandError(f"{path} must hold a JSON array of enterprise records, each with an 'id'.")
        results = evaluate_records(programme, records)
        if output == "json":
            self.stdout.write(json.dumps(results, ensure_ascii=False, indent=2))
            return
        for result in results:
            if result.get("errors"):
                problems = "; ".join(f"{item['path']}: {item['message']}" for item in result["errors"])
                self.stdout.write(f"{result['id']}: invalid input — {problems}")
                continue
            verdict = {True: "eligible", False: "not eligible", None: "more information needed"}[
                result["eligible"]
            ]
            line = f"{result['id']}: {verdict}"
            if result["failing"]:
                line += f"; failing {', '.join(result['failing'])}"
            if result["unknown"]:
                line += f"; missing {', '.join(result['missing_inputs'])}"
            self.stdout.write(line)

    def growth(self, raw_values: list[str], output: str) -> None:
        if not 1 <= len(raw_values) <= 3:
            raise CommandError("Give one, two or three values, oldest first.")
        try:
            values = [exact(value) for value in raw_values]
        except (ValueError, ArithmeticError):
            raise CommandError("Each value must be a number of yuan, such as 1200000.") from None
        parameters = resolve_parameters(get_programme("hnte"), date.today())
        result = growth_indicator(values, bands_from_parameter(parameters["growth_bands"].value))
        data = {
            "rate": None if result.rate is None else decimal_text(result.rate),
            "band": result.band,
            "score_range": list(result.score_range),
        }
        if output == "json":
            self.stdout.write(json.dumps(data))
        else:
            self.stdout.write(f"rate {data['rate']}, band {data['band']}, points {data['score_range']}")

    def backend(self) -> None:
        rows = f"{COMPILED_MIN_ROWS:,}"
        if not compiled_available():
            self.stdout.write(
                _("Policy engine: numpy evaluates every batch; the compiled loop is not installed.")
            )
            self.stdout.write(
                _(
                    "A call of %(rows)s rows or more runs several times faster compiled. "
                    "Install it with: pip install 'hatchway[fast]'"
                )
                % {"rows": rows}
            )
            return
        self.stdout.write(
            _(
                "Policy engine: the compiled loop (numba %(version)s) evaluates a call of %(rows)s rows or "
                "more; numpy evaluates smaller ones."
            )
            % {"version": importlib.metadata.version("numba"), "rows": rows}
        )
        folder = settings.HATCHWAY_KERNEL_CACHE
        if folder is None:
            self.stdout.write(
                _("Compiled loops are not kept between processes (HATCHWAY_KERNEL_CACHE is empty).")
            )
        else:
            self.stdout.write(
                _("Compiled loops are kept in %(folder)s (HATCHWAY_KERNEL_CACHE).") % {"folder": folder}
            )

    def run(self, programme_id: str, raw_date: str) -> None:
        from hatchway.policy.actions import do_evaluate_run, do_start_run
        from hatchway.policy.models import RunStatus

        try:
            as_of = date.fromisoformat(raw_date)
        except ValueError:
            raise CommandError(f"--as-of {raw_date!r} is not a date. Write it as YYYY-MM-DD.") from None
        try:
            run = do_start_run(None, programme_id, as_of, enqueue=False)
        except HatchwayError as error:
            raise CommandError(str(error.message)) from None
        if run.is_approved:
            self.stdout.write(f"Run {run.pk} ({run}) was already approved; its determinations stand.")
            return
        if run.status == RunStatus.RUNNING:
            raise CommandError(
                f"Run {run.pk} ({run}) is in progress ({run.progress_done}/{run.progress_total}). Wait for it; "
                "if its worker died, start it again after ten minutes without progress."
            )

        def progress(done: int, total: int) -> None:
            self.stdout.write(f"{done}/{total} enterprises evaluated")

        run = do_evaluate_run(run, progress=progress)
        if run.status != RunStatus.DONE:
            raise CommandError(f"Run {run.pk} ({run}) failed: {run.error}")
        counts = {True: 0, False: 0, None: 0}
        for eligible in run.determinations.values_list("eligible", flat=True):
            counts[eligible] += 1
        self.stdout.write(
            f"Run {run.pk} done: {counts[True]} eligible, {counts[False]} not eligible, "
            f"{counts[None]} need more information. An operator approves it on the run page."
        )
