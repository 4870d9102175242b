from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from hatchway.directory.actions import do_send_stale_data_reminders


class Command(BaseCommand):
    help = "E-mail the members of enterprises with no data report for last fiscal year (once per year)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=datetime.date.fromisoformat, help="YYYY-MM-DD; default today.")

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or timezone.localdate()
        sent = do_send_stale_data_reminders(today)
        self.stdout.write(self.style.SUCCESS(f"{sent} reminders sent for fiscal year {today.year - 1}."))
