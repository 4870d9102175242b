"""``hatchway report kpis|yearly``: the KPI dictionary's figures and the yearly report, from the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hatchway.directory.models import Organisation, OrganisationKind
from hatchway.reports.kpis import KpiFilters, compute_kpis
from hatchway.reports.yearly import FORMATS, LANGS, build_yearly_report, render


class Command(BaseCommand):
    help = "Figures from the KPI dictionary (kpis) and the yearly report (yearly)."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True, metavar="{kpis,yearly}")
        kpis = commands.add_parser("kpis", help="Print every KPI for a year.")
        kpis.add_argument("--year", type=int, required=True)
        kpis.add_argument("--carrier", type=int, default=None, help="Only flows of this carrier (its id).")
        kpis.add_argument("--format", choices=["json"], default="json")
        yearly = commands.add_parser("yearly", help="Write the yearly report.")
        yearly.add_argument("--year", type=int, required=True)
        yearly.add_argument("--lang", choices=LANGS, default="zh")
        yearly.add_argument("--format", choices=FORMATS, default="html")
        yearly.add_argument("--carrier", type=int, default=None, help="The report of one carrier (its id).")
        yearly.add_argument(
            "--output", default=None, help="File to write; by default hatchway-report-YEAR-LANG.FORMAT here."
        )

    def _check_carrier(self, carrier_id: int | None) -> None:
        if (
            carrier_id is not None
            and not Organisation.objects.filter(pk=carrier_id, kind=OrganisationKind.CARRIER).exists()
        ):
            raise CommandError(
                f"No carrier has the id {carrier_id}. List carriers at /organisations/?kind=carrier."
            )

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"]
        if not 2000 <= year <= 2100:
            raise CommandError(f"{year} is not a year the ledger can hold. Write a year such as 2024.")
        self._check_carrier(options["carrier"])
        if options["subcommand"] == "kpis":
            values = compute_kpis(KpiFilters.for_year(year, carrier_id=options["carrier"]))
            self.stdout.write(
                json.dumps({"year": year, "kpis": [value.as_json() for value in values]}, ensure_ascii=False)
            )
            return
        report = build_yearly_report(year, options["lang"], carrier_id=options["carrier"])
        content = render(report, options["format"])
        output = options["output"] or f"{report.filename_stem}.{options['format']}"
        if output == "-":
            sys.stdout.buffer.write(content)
            return
        Path(output).write_bytes(content)
        self.stdout.write(f"Wrote {output} ({len(content):,} bytes).")
