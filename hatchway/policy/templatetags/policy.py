"""Template helpers for bilingual rule-file texts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hatchway.policy import labels
from hatchway.policy.engine import Text

register = template.Library()


@register.filter
def in_language(text: Text) -> str:
    """The Chinese or English text of a rule-file field, in the page's language."""
    return text.zh if (get_language() or "").startswith("zh") else text.en


@register.filter
def pick(text: Mapping[str, str] | None) -> str:
    """The Chinese or English text of a stored ``{"zh": …, "en": …}`` pair (a run's snapshot of a label)."""
    if not text:
        return ""
    return text.get("zh", "") if (get_language() or "").startswith("zh") else text.get("en", "")


@register.filter
def get_item(mapping: Mapping[str, Any] | None, key: str) -> Any:
    return (mapping or {}).get(key)


@register.simple_tag
def result_label(result: str) -> str:
    """A criterion's result (pass, fail, unknown) in words."""
    return str({"pass": _("Met"), "fail": _("Not met"), "unknown": _("Figures missing")}.get(result, result))


@register.simple_tag
def eligible_label(eligible: bool | None) -> str:
    return str({True: _("Eligible"), False: _("Not eligible"), None: _("More information needed")}[eligible])


@register.simple_tag
def hint_label(name: str) -> str:
    return labels.hint_label(name)


@register.filter
def field_label(path: str) -> str:
    """An input field path (docs/policy/criteria.md §5) in words, in the page's language."""
    return labels.field_label(path)


@register.filter
def value_label(name: str) -> str:
    """A fact or derived value of a trace in words."""
    return labels.value_label(name)


@register.filter
def parameter_label(name: str) -> str:
    return labels.parameter_label(name)


@register.filter
def score_label(name: str) -> str:
    return labels.score_label(name)


@register.filter
def figure(value: Any) -> str:
    """A value of a trace for reading: yes/no, "—" for a missing figure, lists joined with commas."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list | tuple):
        return ", ".join(
            figure(item) if not isinstance(item, list | tuple) else f"[{figure(item)}]" for item in value
        )
    return str(value)


@register.filter
def programme_title(programme_id: str) -> str:
    """A programme's title in the page's language, from its id (the id itself for a retired programme)."""
    from hatchway.policy.engine import programmes

    found = programmes().get(programme_id)
    return in_language(found.title) if found else programme_id
