from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from hatchway.accounts.models import User
from hatchway.transfer.actions import write_export, write_template
from hatchway.transfer.spec import all_specs, get_spec


class Command(BaseCommand):
    help = (
        "Export records (or an empty template) as CSV or XLSX. "
        "Example: hatchway export-data organisations --as op@x.cn -o orgs.xlsx"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("type", choices=[spec.name for spec in all_specs()])
        parser.add_argument("--as", dest="email", help="E-mail of the account whose view is exported.")
        parser.add_argument(
            "--output", "-o", type=Path, help="File to write; .csv or .xlsx. CSV to stdout if absent."
        )
        parser.add_argument(
            "--template", action="store_true", help="Write the empty template instead of records."
        )
        parser.add_argument(
            "--lang", choices=["zh-hans", "en"], default="zh-hans", help="Language of the header row."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        spec = get_spec(options["type"])
        assert spec is not None
        output: Path | None = options["output"]
        file_format = output.suffix.lstrip(".").lower() if output else "csv"
        if file_format not in {"csv", "xlsx"}:
            raise CommandError("The output must end in .csv or .xlsx.")
        user = None
        if not options["template"]:
            if not options["email"]:
                raise CommandError("Say whose view to export with --as EMAIL (or use --template).")
            user = User.objects.filter(email=User.objects.normalize_email(options["email"])).first()
            if user is None:
                raise CommandError(f"No account has the e-mail address {options['email']}.")
            if not spec.can_export(user):
                raise CommandError(
                    f"{user.email} may not export {spec.name} (personal data: operators only)."
                )
        with translation.override(options["lang"]):
            if output is None:
                self._write(spec, user, "csv", sys.stdout)
            elif file_format == "csv":
                with output.open("w", encoding="utf-8", newline="") as handle:
                    self._write(spec, user, "csv", handle)
            else:
                with output.open("wb") as handle:
                    self._write(spec, user, "xlsx", handle)

    def _write(self, spec: Any, user: User | None, file_format: str, handle: Any) -> None:
        if user is None:
            write_template(spec, file_format, handle)
        else:
            write_export(spec, user, file_format, handle)
