"""Rows named in both languages, shown in the viewer's."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class BilingualNamed(models.Model):
    """A row with a name in both languages, shown in the viewer's."""

    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the active language, falling back to the other one."""
        return in_language(self.name_zh, self.name_en)


def in_language(zh: str, en: str) -> str:
    """Pick the text in the active language, falling back to the other one."""
    if (get_language() or "").startswith("zh"):
        return zh or en
    return en or zh
