"""The taxonomies organisations and people are described with: sectors and stages."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from hatchway.directory.models.bilingual import BilingualNamed
from hatchway.directory.taxonomy import hnte_field_choices


class Sector(BilingualNamed):
    """An industry sector, mapped to one of the 8 HNTE technology fields."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    hnte_field = models.CharField(_("HNTE technology field"), max_length=64, choices=hnte_field_choices)
    key_industry = models.BooleanField(
        _("Shanghai key industry"),
        default=False,
        help_text=_("Integrated circuits, biomedicine, artificial intelligence."),
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["sort_order", "code"]


class Stage(BilingualNamed):
    """A development or funding stage of a company or project."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["sort_order", "code"]
