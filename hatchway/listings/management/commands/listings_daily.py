from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from hatchway.listings.actions import do_expire_listings, do_send_renewal_reminders


class Command(BaseCommand):
    help = "Expire listings past their date and e-mail renewal reminders (run once a day; safe to repeat)."

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        expired = do_expire_listings(now)
        reminded = do_send_renewal_reminders(now)
        self.stdout.write(f"{expired} listing(s) expired, {reminded} renewal reminder(s) sent.")
