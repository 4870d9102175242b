"""``hatchway policy …``: evaluate exported spreadsheets against a programme, compute the growth indicator.

hatchway policy evaluate --programme hnte --input enterprises.json --format json
hatchway policy growth --values 1000000 1300000 1600000 --format json
hatchway policy programmes
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hatchway.policy.engine import decimal_text, evaluate_records, get_programme, growth_indicator, programmes
from hatchway.policy.engine._evaluate import resolve_parameters
from hatchway.policy.engine._growth import bands_from_parameter
from hatchway.policy.engine._values import exact


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

    def handle(self, *args: Any, **options: Any) -> None:
        subcommand = options["subcommand"]
        if subcommand == "evaluate":
            self.evaluate(options["programme"], options["input"], options["format"])
        elif subcommand == "growth":
            self.growth(options["values"], options["format"])
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
