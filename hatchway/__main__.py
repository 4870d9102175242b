"""``hatchway <command>``: Django's management commands, with dashes allowed in names.

hatchway migrate
hatchway demo-data
hatchway check --deploy
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv if argv is None else argv)
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hatchway.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["hatchway", *args[1:]])


if __name__ == "__main__":
    main()
