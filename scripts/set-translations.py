#!/usr/bin/env python3
"""Set zh-Hans translations in the catalogue (and clear their fuzzy flags).

    .venv/bin/python scripts/set-translations.py 'Sign in' '登录' 'Sign out' '退出登录'
    .venv/bin/python scripts/set-translations.py --json translations.json   # {"msgid": "译文", ...}

For a plural entry, give its singular msgid; the one Chinese form serves every count.
"""

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

CATALOGUE = Path(__file__).resolve().parent.parent / "hatchway/locale/zh_Hans/LC_MESSAGES/django.po"


def apply(pairs: dict[str, str]) -> list[str]:
    with CATALOGUE.open("rb") as handle:
        catalog = read_po(handle)
    by_singular = {
        (message.id[0] if isinstance(message.id, tuple) else message.id): message for message in catalog
    }
    missing = []
    for msgid, msgstr in pairs.items():
        message = by_singular.get(msgid)
        if message is None:
            missing.append(msgid)
            continue
        message.string = (msgstr,) if isinstance(message.id, tuple) else msgstr
        message.flags.discard("fuzzy")
        message.previous_id = []
    with CATALOGUE.open("wb") as handle:
        write_po(handle, catalog, width=0, include_previous=False)
    return missing


def main(arguments: list[str]) -> int:
    if arguments[:1] == ["--json"] and len(arguments) == 2:
        pairs = json.loads(Path(arguments[1]).read_text(encoding="utf-8"))
    elif arguments and len(arguments) % 2 == 0:
        pairs = dict(zip(arguments[::2], arguments[1::2], strict=True))
    else:
        print(__doc__)
        return 2
    missing = apply(pairs)
    for msgid in missing:
        print(f"not in the catalogue: {msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
