from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from hatchway.web.demo import ACCOUNTS, DEMO_PASSWORD, load_demo_data, load_full_demo


class Command(BaseCommand):
    help = "Load the demo data set: one account per role and a few organisations (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            type=int,
            default=3000,
            help="How many enterprises the demo directory holds (each with three years of data reports). "
            "1,000,000 works for benchmarks; 0 loads only the demo accounts.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even with DEBUG off. Demo accounts share a published password: never on a real site.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "Refusing to load demo accounts with DEBUG off: their password is public. "
                "Run with DEBUG=1, or pass --force on a throwaway site."
            )
        if options["scale"] < 0:
            raise CommandError("--scale must be 0 or more.")
        if options["scale"]:
            added = load_full_demo(enterprises=options["scale"], stdout=self.stdout)
            self.stdout.write(f"Added: {added}")
        else:
            load_demo_data()
        accounts = ACCOUNTS
        self.stdout.write(
            self.style.SUCCESS(f"Demo data is loaded. Sign in at {settings.SITE_URL}/accounts/sign-in/")
        )
        self.stdout.write(f"Password for every demo account: {DEMO_PASSWORD}")
        width = max(len(account.email) for account in accounts)
        for account in accounts:
            self.stdout.write(f"  {account.email.ljust(width)}  {account.role}")
