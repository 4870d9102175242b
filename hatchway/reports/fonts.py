"""The Chinese font of the PDF reports: any embeddable CJK font on the machine, else a built-in one.

reportlab embeds TrueType outlines only, so a font is usable when reportlab can load it: WenQuanYi,
Droid Sans Fallback, AR PL and the like. Noto CJK (the default on many desktops) is OpenType with CFF
outlines, which reportlab refuses. When no embeddable font is found the report is written with
reportlab's built-in CID font STSong-Light: the PDF stays valid and its text can be copied out, but the
glyphs are not embedded, so the reader supplies them (every common PDF reader does for Adobe's standard
Chinese fonts). ``hatchway check --deploy`` warns about that case (``reports.W001``).
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

# Tried first, in this order: the fonts scripts/ensure-system-deps.sh installs and other TrueType CJK fonts
# Debian packages. Anything else that fontconfig knows to cover Chinese is tried after these.
KNOWN_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/arphic/ukai.ttc",
)
BUILT_IN_FONT = "STSong-Light"


@dataclass(frozen=True)
class FontChoice:
    """The font a PDF is written with: an embedded file, or the built-in CID font (``path`` is None)."""

    name: str
    path: Path | None

    @property
    def embedded(self) -> bool:
        return self.path is not None


def fontconfig_cjk_files() -> list[str]:
    """Files that fontconfig says cover Chinese; empty without ``fc-list``."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    try:
        result = subprocess.run(  # noqa: S603 - a fixed program with fixed arguments
            [fc_list, ":lang=zh", "file"], capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return []
    files = {line.strip().rstrip(":") for line in result.stdout.splitlines() if line.strip()}
    return sorted(files)


def is_embeddable(path: Path) -> bool:
    """reportlab can load and embed this font file (TrueType outlines)."""
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    try:
        TTFont("HatchwayProbe", str(path), subfontIndex=0)
    except (TTFError, OSError, ValueError, KeyError, IndexError, AssertionError):
        return False
    return True


def choose_font(configured: str, candidates: list[str]) -> FontChoice:
    """The first embeddable font of ``configured`` (``HATCHWAY_CJK_FONT``) then ``candidates``.

    >>> choose_font("", [])
    FontChoice(name='STSong-Light', path=None)
    """
    for candidate in [configured, *candidates]:
        if candidate and Path(candidate).is_file() and is_embeddable(Path(candidate)):
            return FontChoice(f"HatchwayCJK-{Path(candidate).stem}", Path(candidate))
    return FontChoice(BUILT_IN_FONT, None)


@functools.cache
def find_font(configured: str) -> FontChoice:
    """The font this machine's reports use; looked up once per process."""
    return choose_font(configured, [*KNOWN_FONTS, *fontconfig_cjk_files()])


def register_font(choice: FontChoice) -> str:
    """Register ``choice`` with reportlab (once) and return the name to write with."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont

    if choice.name not in pdfmetrics.getRegisteredFontNames():
        if choice.path is None:
            pdfmetrics.registerFont(UnicodeCIDFont(choice.name))
        else:
            pdfmetrics.registerFont(TTFont(choice.name, str(choice.path), subfontIndex=0))
    return choice.name
