#!/usr/bin/env python3
"""Set zh-Hans translations from the command line (clears the fuzzy flag).

    .venv/bin/python scripts/set-translations.py 'Sign in' '登录' 'Sign out' '退出登录'
"""

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

CATALOGUE = Path(__file__).resolve().parent.parent / "hatchway/locale/zh_Hans/LC_MESSAGES/django.po"


def main(pairs: list[str]) -> int:
    if not pairs or len(pairs) % 2:
        print(__doc__)
        return 2
    with CATALOGUE.open("rb") as handle:
        catalog = read_po(handle)
    for msgid, msgstr in zip(pairs[::2], pairs[1::2], strict=True):
        message = catalog[msgid]
        if message is None:
            print(f"not in the catalogue: {msgid!r}")
            return 1
        message.string = (msgstr,) if isinstance(message.id, tuple) else msgstr
        message.flags.discard("fuzzy")
        message.previous_id = []
    with CATALOGUE.open("wb") as handle:
        write_po(handle, catalog, width=0, include_previous=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
