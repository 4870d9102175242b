from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from hatchway.directory.actions import do_load_taxonomies


class Command(BaseCommand):
    help = "Bring sectors and stages up to date with hatchway/directory/taxonomy/sectors.yaml (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        sectors, stages = do_load_taxonomies()
        self.stdout.write(self.style.SUCCESS(f"{sectors} sectors and {stages} stages are up to date."))
