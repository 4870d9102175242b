"""Translation catalogues: compile .po files to .mo with Babel, so no system gettext is needed.

python -m hatchway.i18n compile
python -m hatchway.i18n check     # exit 1 on any untranslated or fuzzy entry
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent / "locale"


@dataclass(frozen=True)
class Problem:
    catalogue: Path
    line: int
    msgid: str
    kind: str

    def __str__(self) -> str:
        return f"{self.catalogue}:{self.line}: {self.kind}: {self.msgid!r}"


def catalogues(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    return sorted(locale_dir.glob("*/LC_MESSAGES/*.po"))


def read_catalogue(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, abort_invalid=True)


def problems(path: Path) -> list[Problem]:
    """Return the entries a translator still has to finish."""
    found = []
    for message in read_catalogue(path):
        if not message.id:
            continue
        msgid = str(message.id if isinstance(message.id, str) else message.id[0])
        line = message.lineno or 0
        if message.fuzzy:
            found.append(Problem(path, line, msgid, "fuzzy"))
        strings = (
            list(message.string) if isinstance(message.string, (list, tuple)) else [message.string or ""]
        )
        if not all(strings):
            found.append(Problem(path, line, msgid, "untranslated"))
    return found


def compile_all(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    written = []
    for po in catalogues(locale_dir):
        catalog = read_catalogue(po)
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with mo.open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        written.append(mo)
    return written


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "compile"
    if command == "compile":
        for mo in compile_all():
            print(f"compiled {mo.relative_to(LOCALE_DIR.parent.parent)}")
        return 0
    if command == "check":
        found = [problem for po in catalogues() for problem in problems(po)]
        for problem in found:
            print(problem)
        return 1 if found else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
