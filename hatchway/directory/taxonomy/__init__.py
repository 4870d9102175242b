"""Taxonomies shared by the directory and the listings: sectors, stages, countries, currencies.

Sectors and stages are rows (edited by operators, seeded from ``sectors.yaml``); countries and
currencies come from ISO 3166 and ISO 4217 through pycountry, with names in the viewer's language
from Babel's CLDR data.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pycountry
import yaml
from babel import Locale
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

DATA_FILE = Path(__file__).resolve().parent / "sectors.yaml"


@cache
def taxonomy_data() -> dict[str, Any]:
    with DATA_FILE.open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    return data


def hnte_field_choices() -> list[tuple[str, str]]:
    zh = (get_language() or "").startswith("zh")
    return [
        (field["code"], field["name_zh"] if zh else field["name_en"])
        for field in taxonomy_data()["hnte_fields"]
    ]


HNTE_FIELD_CODES = frozenset(field["code"] for field in taxonomy_data()["hnte_fields"])


def _babel_locale() -> Locale:
    return Locale.parse("zh_Hans" if (get_language() or "").startswith("zh") else "en")


@cache
def _country_codes() -> frozenset[str]:
    return frozenset(country.alpha_2 for country in pycountry.countries)


@cache
def _currency_codes() -> frozenset[str]:
    return frozenset(currency.alpha_3 for currency in pycountry.currencies)


def validate_country(code: str) -> None:
    if code not in _country_codes():
        raise ValidationError(
            _("“%(value)s” is not a country code. Write the two-letter ISO 3166 code, such as CN, US or DE."),
            code="invalid_country",
            params={"value": code},
        )


def validate_currency(code: str) -> None:
    if code not in _currency_codes():
        raise ValidationError(
            _(
                "“%(value)s” is not a currency code. "
                "Write the three-letter ISO 4217 code, such as CNY, USD or EUR."
            ),
            code="invalid_currency",
            params={"value": code},
        )


def country_name(code: str) -> str:
    """The country's name in the active language (中国 / China)."""
    name = _babel_locale().territories.get(code)
    if name:
        return str(name)
    country = pycountry.countries.get(alpha_2=code)
    return country.name if country else code


def currency_name(code: str) -> str:
    return str(_babel_locale().currencies.get(code) or code)


def country_choices() -> list[tuple[str, str]]:
    """All ISO 3166 countries, named and sorted in the active language."""
    return sorted(((code, country_name(code)) for code in _country_codes()), key=lambda pair: pair[1])


def currency_choices() -> list[tuple[str, str]]:
    return sorted(
        ((code, f"{code} · {currency_name(code)}") for code in _currency_codes()), key=lambda pair: pair[0]
    )


def find_country(text: str) -> str | None:
    """Resolve a country written as a code or a name in English or Chinese (for imports)."""
    value = (text or "").strip()
    if not value:
        return None
    if value.upper() in _country_codes():
        return value.upper()
    for locale_name in ("en", "zh_Hans"):
        for code, name in Locale.parse(locale_name).territories.items():
            if name == value and code in _country_codes():
                return str(code)
    try:
        return str(pycountry.countries.lookup(value).alpha_2)
    except LookupError:
        return None


def minor_units(currency: str) -> int:
    """Digits after the decimal point for a currency (CNY 2, JPY 0), from CLDR."""
    from babel.numbers import get_currency_precision

    return int(get_currency_precision(currency))


def format_money(amount_minor: int | None, currency: str) -> str:
    """Format an integer amount in minor units for the viewer: ¥1,250,000.00 / US$3,000,000.00."""
    from decimal import Decimal

    from babel.numbers import format_currency

    if amount_minor is None:
        return ""
    value = Decimal(amount_minor).scaleb(-minor_units(currency))
    return str(format_currency(value, currency, locale=_babel_locale()))


def sync_taxonomies(sector_model: Any, stage_model: Any) -> tuple[int, int]:
    """Upsert sectors.yaml into the given models (real ones, or a migration's historical ones)."""
    data = taxonomy_data()
    for order, entry in enumerate(data["sectors"]):
        sector_model.objects.update_or_create(
            code=entry["code"],
            defaults={
                "name_zh": entry["name_zh"],
                "name_en": entry["name_en"],
                "hnte_field": entry["hnte_field"],
                "key_industry": bool(entry.get("key_industry", False)),
                "sort_order": order,
            },
        )
    for order, entry in enumerate(data["stages"]):
        stage_model.objects.update_or_create(
            code=entry["code"],
            defaults={"name_zh": entry["name_zh"], "name_en": entry["name_en"], "sort_order": order},
        )
    return len(data["sectors"]), len(data["stages"])
