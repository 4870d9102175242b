"""Reasons in the reader's language: the scorer's codes and parameters, rendered with gettext."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from babel import Locale
from babel.numbers import format_compact_currency
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from hatchway.directory.models import Sector, Stage
from hatchway.directory.taxonomy import country_name, minor_units
from hatchway.matching.scoring import Reason


def _locale() -> Locale:
    return Locale.parse("zh_Hans" if (get_language() or "").startswith("zh") else "en")


def _money(amount: int | None, currency: str) -> str:
    if amount is None:
        return ""
    value = Decimal(amount).scaleb(-minor_units(currency))
    return str(format_compact_currency(value, currency, locale=_locale(), fraction_digits=1))


def money_range(low: int | None, high: int | None, currency: str) -> str:
    """“$5M–$20M”, “¥3000万”, “from $5M”, “up to $20M” in the active language."""
    first, last = _money(low, currency), _money(high, currency)
    if first and last and first != last:
        return f"{first}–{last}"
    if first and not last:
        return _("from %(amount)s") % {"amount": first}
    if last and not first:
        return _("up to %(amount)s") % {"amount": last}
    return first or last


def _join(names: Iterable[str]) -> str:
    return ("、" if (get_language() or "").startswith("zh") else ", ").join(names)


@dataclass
class Names:
    """Display names for the codes reasons carry (sectors and stages come from the database once)."""

    sectors: Mapping[str, Sector]
    stages: Mapping[str, Stage]

    @classmethod
    def load(cls) -> Names:
        return cls({s.code: s for s in Sector.objects.all()}, {s.code: s for s in Stage.objects.all()})

    def sector(self, code: str) -> str:
        return self.sectors[code].display_name if code in self.sectors else code

    def stage(self, code: str) -> str:
        return self.stages[code].display_name if code in self.stages else code


def _language(code: str) -> str:
    return str(_locale().languages.get(code) or code)


def _ticket(params: Mapping[str, Any]) -> dict[str, str]:
    return {
        "ticket": money_range(params["ticket_min"], params["ticket_max"], params["ticket_currency"]),
        "ask": money_range(params["ask_min"], params["ask_max"], params["ask_currency"]),
    }


Renderer = Callable[[Mapping[str, Any], Names], str]

RENDERERS: dict[str, Renderer] = {
    "ticket_covers": lambda p, n: _("ticket %(ticket)s covers the %(ask)s ask") % _ticket(p),
    "ticket_overlaps": lambda p, n: _("ticket %(ticket)s overlaps the %(ask)s ask") % _ticket(p),
    "ticket_too_small": lambda p, n: _("ticket %(ticket)s is below the %(ask)s ask") % _ticket(p),
    "ticket_too_large": lambda p, n: _("ticket %(ticket)s starts above the %(ask)s ask") % _ticket(p),
    "ticket_no_rate": lambda p, n: (
        _("no %(currency)s rate to CNY yet: tickets not compared") % {"currency": p["currency"]}
    ),
    "stage_accepted": lambda p, n: (
        _("stage: %(stages)s accepted") % {"stages": _join(n.stage(code) for code in p["stages"])}
    ),
    "stage_not_accepted": lambda p, n: (
        _("stage: %(stages)s not in thesis (%(accepted)s)")
        % {
            "stages": _join(n.stage(code) for code in p["stages"]),
            "accepted": _join(n.stage(code) for code in p["accepted"]),
        }
    ),
    "same_country": lambda p, n: (
        _("same country: %(countries)s") % {"countries": _join(country_name(code) for code in p["countries"])}
    ),
    "other_country": lambda p, n: (
        _("countries differ: %(countries)s, not %(allowed)s")
        % {
            "countries": _join(country_name(code) for code in p["countries"]),
            "allowed": _join(country_name(code) for code in p["allowed"]),
        }
    ),
    "readiness_reached": lambda p, n: _("readiness level %(trl)s reaches the %(minimum)s asked") % dict(p),
    "readiness_too_low": lambda p, n: _("readiness level %(trl)s is below the %(minimum)s asked") % dict(p),
    "same_sector": lambda p, n: (
        _("same sector: %(sectors)s") % {"sectors": _join(n.sector(code) for code in p["sectors"])}
    ),
    "other_sector": lambda p, n: (
        _("other sector: %(sectors)s") % {"sectors": _join(n.sector(code) for code in p["sectors"])}
    ),
    "common_language": lambda p, n: (
        _("language in common: %(languages)s")
        % {"languages": _join(_language(code) for code in p["languages"])}
    ),
    "no_common_language": lambda p, n: (
        _("no language in common (they use %(languages)s)")
        % {"languages": _join(_language(code) for code in p["languages"])}
    ),
    "recent": lambda p, n: (
        _("published today")
        if p["days"] == 0
        else ngettext("published %(days)d day ago", "published %(days)d days ago", p["days"])
        % {"days": p["days"]}
    ),
    "like_not_relevant": lambda p, n: _("close to a result marked not relevant"),
    "not_open": lambda p, n: _("no longer open"),
    "same_party": lambda p, n: _("same organisation"),
    "no_consent": lambda p, n: _("the talent has not agreed to be matched"),
}


def render_reason(reason: Reason, names: Names) -> str:
    """One reason as a short phrase in the active language."""
    renderer = RENDERERS.get(reason.code)
    return renderer(reason.params, names) if renderer else reason.code


__all__ = ["RENDERERS", "Names", "money_range", "render_reason"]
