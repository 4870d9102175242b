"""Columns of an import/export file: how a cell is read, checked and written back.

A parser turns the raw cell into a value or raises CellError with a message that says what to
write instead. A formatter turns the value back into a cell, so an exported file imports unchanged.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hatchway.directory.taxonomy import find_country, validate_currency


class CellError(Exception):
    """A cell that cannot be read; ``message`` tells the person what to write instead."""

    def __init__(self, message: str | Promise) -> None:
        super().__init__(str(message))
        self.message = str(message)


Parser = Callable[[Any], Any]
Formatter = Callable[[Any], Any]


def _blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _identity(value: Any) -> Any:
    return "" if value is None else value


@dataclass(frozen=True)
class Column:
    key: str
    label_zh: str
    label_en: str
    parse: Parser
    format: Formatter = _identity
    required: bool = False
    help_zh: str = ""
    help_en: str = ""
    example: Any = ""
    aliases: Sequence[str] = field(default_factory=tuple)

    @property
    def label(self) -> str:
        return self.label_zh if (get_language() or "").startswith("zh") else self.label_en

    @property
    def help(self) -> str:
        return self.help_zh if (get_language() or "").startswith("zh") else self.help_en

    def names(self) -> set[str]:
        """Header texts that mean this column: either language, the key, any alias; case-insensitive."""
        return {normalise_header(name) for name in (self.key, self.label_zh, self.label_en, *self.aliases)}

    def read(self, raw: Any) -> Any:
        if _blank(raw):
            if self.required:
                raise CellError(_("This cell is required. Fill it in."))
            return None
        return self.parse(raw)


def normalise_header(text: Any) -> str:
    return re.sub(r"[\s_*（）()]+", "", str(text or "")).lower()


# Parsers ------------------------------------------------------------------------------------------


def text(max_length: int) -> Parser:
    def parse(raw: Any) -> str:
        value = str(raw).strip()
        if len(value) > max_length:
            raise CellError(
                _("This text has %(length)d characters; at most %(max)d are allowed. Shorten it.")
                % {"length": len(value), "max": max_length}
            )
        return value

    return parse


def choice(options: Mapping[str, tuple[str, ...]]) -> Parser:
    """Accept the code or its Chinese or English label: {"carrier": ("科创载体", "Innovation carrier")};
    further names after the two labels are accepted too (引进 for inbound)."""
    lookup: dict[str, str] = {}
    for code, labels in options.items():
        for name in (code, *labels):
            lookup[normalise_header(name)] = code

    def parse(raw: Any) -> str:
        code = lookup.get(normalise_header(raw))
        if code is None:
            raise CellError(
                _("“%(value)s” is not one of the allowed values. Write one of: %(allowed)s.")
                % {"value": raw, "allowed": ", ".join(options)}
            )
        return code

    return parse


def country(raw: Any) -> str:
    code = find_country(str(raw))
    if code is None:
        raise CellError(
            _(
                "“%(value)s” is not a country. Write the ISO code (CN, US, DE) or the name in Chinese or English."
            )
            % {"value": raw}
        )
    return code


def currency(raw: Any) -> str:
    code = str(raw).strip().upper()
    try:
        validate_currency(code)
    except ValidationError as error:
        raise CellError(error.messages[0]) from None
    return code


def integer(minimum: int | None = None) -> Parser:
    def parse(raw: Any) -> int:
        if isinstance(raw, bool):
            raise CellError(_("Write a whole number, such as 125000."))
        if isinstance(raw, int):
            number = raw
        elif isinstance(raw, float) and raw.is_integer():
            number = int(raw)
        else:
            cleaned = str(raw).strip().replace(",", "").replace("，", "")
            if not re.fullmatch(r"-?\d+", cleaned):
                raise CellError(
                    _(
                        "“%(value)s” is not a whole number. Write digits only, such as 125000 (no units like 万)."
                    )
                    % {"value": raw}
                )
            number = int(cleaned)
        if minimum is not None and number < minimum:
            raise CellError(
                _("%(value)s is below %(minimum)d. Write %(minimum)d or more.")
                % {"value": number, "minimum": minimum}
            )
        return number

    return parse


def decimal_number(minimum: Decimal | None = None) -> Parser:
    def parse(raw: Any) -> Decimal:
        try:
            number = Decimal(str(raw).strip().replace(",", ""))
        except InvalidOperation:
            raise CellError(_("“%(value)s” is not a number. Write it like 12.5.") % {"value": raw}) from None
        if not number.is_finite() or (minimum is not None and number < minimum):
            raise CellError(
                _("%(value)s is not allowed here. Write %(minimum)s or more.")
                % {"value": raw, "minimum": minimum}
            )
        return number

    return parse


def date(raw: Any) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    value = str(raw).strip().replace("/", "-").replace(".", "-")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CellError(
            _("“%(value)s” is not a date. Write it as YYYY-MM-DD, such as 2024-03-31.") % {"value": raw}
        ) from None


def boolean(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    value = normalise_header(raw)
    if value in {"1", "true", "yes", "y", "是", "对"}:
        return True
    if value in {"0", "false", "no", "n", "否", "不"}:
        return False
    raise CellError(_("“%(value)s” is not yes or no. Write 是/否 or yes/no.") % {"value": raw})


def email(raw: Any) -> str:
    value = str(raw).strip().lower()
    try:
        validate_email(value)
    except ValidationError:
        raise CellError(
            _("“%(value)s” is not an e-mail address. Write it like name@example.com.") % {"value": raw}
        ) from None
    return value


def url(raw: Any) -> str:
    value = str(raw).strip()
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise CellError(
            _("“%(value)s” is not a web address. Write it like https://example.com.") % {"value": raw}
        ) from None
    return value


def code_list(parse_one: Parser) -> Parser:
    """Several values in one cell, separated by commas or semicolons (Chinese or Latin)."""

    def parse(raw: Any) -> list[Any]:
        parts = [part.strip() for part in re.split(r"[,;，；、]", str(raw)) if part.strip()]
        return [parse_one(part) for part in parts]

    return parse


def join_list(values: Any) -> str:
    return ", ".join(str(value) for value in values or [])


def iso_date(value: Any) -> str:
    return value.isoformat() if value else ""


def yes_no(value: Any) -> str:
    """A boolean written so that ``boolean`` reads it back, in the reader's language."""
    if value is None:
        return ""
    if (get_language() or "").startswith("zh"):
        return "是" if value else "否"
    return "yes" if value else "no"


def language_code(raw: Any) -> str:
    """A two-letter ISO 639-1 code (zh, en, de)."""
    import pycountry

    value = str(raw).strip().lower()
    if len(value) != 2 or pycountry.languages.get(alpha_2=value) is None:
        raise CellError(
            _(
                "“%(value)s” is not a language code. Write the two-letter ISO 639-1 code, such as zh, en or de."
            )
            % {"value": raw}
        )
    return value


def _decimal(raw: Any) -> Decimal | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        return Decimal(repr(raw))
    cleaned = str(raw).strip().replace(",", "").replace("，", "")
    if not re.fullmatch(r"-?\d+(\.\d+)?", cleaned):
        return None
    return Decimal(cleaned)


def yuan(*, negative: bool = False) -> Parser:
    """An amount of yuan with at most two decimals, stored as integer fen."""

    def parse(raw: Any) -> int:
        number = _decimal(raw)
        if number is None or number != number.quantize(Decimal("0.01")):
            raise CellError(
                _(
                    "“%(value)s” is not a number of yuan. Write digits with at most two decimals, "
                    "such as 1250000 or 1250000.50 (no units like 万)."
                )
                % {"value": raw}
            )
        if number < 0 and not negative:
            raise CellError(_("%(value)s is below zero. Write 0 or more.") % {"value": raw})
        return int(number * 100)

    return parse


def fen_as_yuan(value: Any) -> Any:
    """Integer fen → yuan: a whole number when it is one, else a two-decimal number."""
    if value is None:
        return ""
    whole, cents = divmod(int(value), 100)
    return whole if cents == 0 else Decimal(value) / 100


def decimal_places(places: int, minimum: Decimal | None = None) -> Parser:
    """A number with at most ``places`` decimals, such as an average headcount of 12.5."""
    step = Decimal(1).scaleb(-places)

    def parse(raw: Any) -> Decimal:
        number = _decimal(raw)
        if number is None or number != number.quantize(step):
            raise CellError(
                _("“%(value)s” is not a number with at most %(places)d decimals. Write it like 12.5.")
                % {"value": raw, "places": places}
            )
        if minimum is not None and number < minimum:
            raise CellError(
                _("%(value)s is not allowed here. Write %(minimum)s or more.")
                % {"value": raw, "minimum": minimum}
            )
        return number.quantize(step)

    return parse


def plain_number(value: Any) -> Any:
    """A Decimal without trailing zeros (12.50 → 12.5, 3.00 → 3), so Excel shows it as typed."""
    if value is None:
        return ""
    number = Decimal(value)
    return int(number) if number == number.to_integral_value() else number.normalize()


def moment(raw: Any) -> dt.datetime:
    """A date, or a date and time (YYYY-MM-DD HH:MM), in the importer's time zone."""
    from django.utils import timezone

    if isinstance(raw, dt.datetime):
        value = raw
    elif isinstance(raw, dt.date):
        value = dt.datetime.combine(raw, dt.time())
    else:
        text_value = str(raw).strip().replace("/", "-").replace("T", " ")
        try:
            value = dt.datetime.fromisoformat(text_value)
        except ValueError:
            raise CellError(
                _(
                    "“%(value)s” is not a date. Write it as YYYY-MM-DD or YYYY-MM-DD HH:MM, "
                    "such as 2026-12-31 or 2026-12-31 18:00."
                )
                % {"value": raw}
            ) from None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def local_moment(value: Any) -> str:
    """A stored instant as YYYY-MM-DD HH:MM in the reader's time zone."""
    from django.utils import timezone

    if not value:
        return ""
    return str(timezone.localtime(value).strftime("%Y-%m-%d %H:%M"))


def local_date(value: Any) -> str:
    """A stored instant as its date (YYYY-MM-DD) in the reader's time zone."""
    from django.utils import timezone

    if not value:
        return ""
    if not isinstance(value, dt.datetime):
        return str(value.isoformat())
    return timezone.localtime(value).date().isoformat()


def pairs(raw: Any) -> dict[str, str]:
    """``name=value; name=value`` (a list value is comma-separated): the kind-specific attributes."""
    found: dict[str, str] = {}
    for part in re.split(r"[;；\n]", str(raw)):
        if not part.strip():
            continue
        name, sign, value = part.replace("＝", "=").partition("=")
        if not sign or not name.strip():
            raise CellError(
                _(
                    "“%(part)s” is not name=value. Write the attributes like "
                    "round=seed; equity_percent=10 (see the help sheet for the names)."
                )
                % {"part": part.strip()}
            )
        found[name.strip()] = value.strip()
    return found


def join_pairs(value: Any) -> str:
    return "; ".join(f"{name}={text_value}" for name, text_value in (value or {}).items())
