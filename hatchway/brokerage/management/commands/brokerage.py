"""``hatchway brokerage schedule --input INSTANCE.json --output SCHEDULE.json [--time-limit SECONDS]``."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from hatchway.brokerage.scheduler import (
    InvalidInstance,
    greedy_schedule,
    optimise_schedule,
    parse_instance,
    schedule_to_data,
)


class Command(BaseCommand):
    help = "Brokerage meetings: schedule the one-to-one meetings of an instance file."

    def add_arguments(self, parser: ArgumentParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        schedule = commands.add_parser(
            "schedule", help=_("Write the best schedule found within the time limit.")
        )
        schedule.add_argument("--input", required=True, type=Path, help="INSTANCE.json")
        schedule.add_argument("--output", required=True, type=Path, help="SCHEDULE.json")
        schedule.add_argument(
            "--time-limit", type=float, default=60.0, help=_("Seconds to search (default 60).")
        )
        schedule.add_argument("--workers", type=int, default=2, help=_("Solver threads (default 2)."))
        schedule.add_argument("--greedy", action="store_true", help=_("Use the greedy baseline instead."))

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["input"]
        if options["time_limit"] <= 0:
            raise CommandError(_("--time-limit: give a number of seconds above 0, e.g. 60"))
        try:
            data = json.loads(source.read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(
                _("%(file)s: cannot be read (%(reason)s)") % {"file": source, "reason": error.strerror}
            ) from None
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise CommandError(
                _("%(file)s: not JSON (%(reason)s)") % {"file": source, "reason": error}
            ) from None
        try:
            instance = parse_instance(data)
        except InvalidInstance as invalid:
            raise CommandError(
                _("%(file)s is not a valid brokerage instance:") % {"file": source}
                + "\n"
                + "\n".join(invalid.errors)
            ) from None
        if options["greedy"]:
            schedule = greedy_schedule(instance)
        else:
            schedule = optimise_schedule(
                instance, time_limit=options["time_limit"], workers=options["workers"]
            )
        output: Path = options["output"]
        try:
            output.write_text(
                json.dumps(schedule_to_data(schedule), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
        except OSError as error:
            raise CommandError(
                _("%(file)s: cannot be written (%(reason)s)") % {"file": output, "reason": error.strerror}
            ) from None
        share = schedule.value / schedule.upper_bound if schedule.upper_bound else 1.0
        self.stdout.write(
            _(
                "%(meetings)d meetings worth %(value)d of at most %(bound)d (%(share).2f%%); "
                "%(without)d participants without a meeting. Written to %(file)s."
            )
            % {
                "meetings": len(schedule.meetings),
                "value": schedule.value,
                "bound": schedule.upper_bound,
                "share": 100 * share,
                "without": len(schedule.participants_without_meeting),
                "file": output,
            }
        )
