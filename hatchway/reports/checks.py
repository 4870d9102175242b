"""System checks: ``hatchway check --deploy`` warns when the PDF reports cannot embed a Chinese font."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register
from django.utils.translation import gettext as _

from hatchway.reports.fonts import BUILT_IN_FONT, find_font


@register(Tags.compatibility, deploy=True)
def check_cjk_font(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """An embeddable CJK font is installed, or named by ``HATCHWAY_CJK_FONT``."""
    if find_font(str(settings.HATCHWAY_CJK_FONT or "")).embedded:
        return []
    return [
        Warning(
            _(
                "No embeddable Chinese font was found: PDF reports use the built-in font %(font)s, which "
                "is not embedded, so the reader's own Chinese font shows the text."
            )
            % {"font": BUILT_IN_FONT},
            hint=_(
                "Install a TrueType CJK font (apt-get install fonts-wqy-microhei), or set HATCHWAY_CJK_FONT "
                "to a .ttf or .ttc file. Noto CJK cannot be embedded: its outlines are CFF."
            ),
            id="reports.W001",
        )
    ]
