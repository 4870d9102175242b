"""Template helpers for bilingual rule-file texts."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from hatchway.policy.engine._rules import Text

register = template.Library()


@register.filter
def in_language(text: Text) -> str:
    """The Chinese or English text of a rule-file field, in the page's language."""
    return text.zh if (get_language() or "").startswith("zh") else text.en
