from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from hatchway.accounts.models import User
from hatchway.errors import HatchwayError
from hatchway.transfer.actions import check_can_import
from hatchway.transfer.engine import import_file
from hatchway.transfer.spec import all_specs, get_spec
from hatchway.transfer.tabular import detect_format


class Command(BaseCommand):
    help = "Import a CSV or XLSX file (all rows or none). Example: hatchway import-data organisations orgs.xlsx --dry-run"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("type", choices=[spec.name for spec in all_specs()])
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check every row and write nothing.")
        parser.add_argument(
            "--as", dest="email", required=True, help="E-mail of the account the import acts for."
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument(
            "--lang",
            choices=["zh-hans", "en"],
            default="zh-hans",
            help="Language of the error messages (headers are read in either language).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["lang"]):
            self._import(options)

    def _import(self, options: dict[str, Any]) -> None:
        spec = get_spec(options["type"])
        assert spec is not None
        user = User.objects.filter(email=User.objects.normalize_email(options["email"])).first()
        if user is None:
            raise CommandError(f"No account has the e-mail address {options['email']}.")
        path: Path = options["file"]
        if not path.exists():
            raise CommandError(f"{path} does not exist.")
        try:
            check_can_import(user, spec)
            report = import_file(
                spec, path, detect_format(path.name), user, dry_run=options["dry_run"], source=path.name
            )
        except HatchwayError as error:
            raise CommandError(str(error.message)) from error
        if options["format"] == "json":
            self.stdout.write(
                json.dumps(
                    {
                        "rows": report.rows,
                        "created": report.created,
                        "updated": report.updated,
                        "unchanged": report.unchanged,
                        "written": report.written,
                        "error_count": report.error_count,
                        "errors": [problem.as_dict() for problem in report.errors],
                    },
                    ensure_ascii=False,
                )
            )
        else:
            for problem in report.errors:
                self.stdout.write(
                    f"row {problem.row}, {problem.column}: {problem.value!r}: {problem.message}"
                )
            self.stdout.write(
                f"{report.rows} rows, {report.error_count} errors; "
                + (
                    f"created {report.created}, updated {report.updated}, unchanged {report.unchanged}."
                    if report.written
                    else "nothing written."
                )
            )
        if report.error_count:
            raise CommandError("The file has errors; nothing was written.")
