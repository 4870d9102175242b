"""Verbs that write the ledger. Other apps call ``do_record_flow`` when an outcome happens.

Nothing here edits a flow: ``do_supersede_flow`` and ``do_withdraw_flow`` add a row that replaces it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hatchway.accounts.models import User
from hatchway.directory.models import Organisation, OrganisationKind
from hatchway.directory.taxonomy import find_country, minor_units, validate_country, validate_currency
from hatchway.errors import Conflict, InvalidInput
from hatchway.flows.models import (
    CurrencyRate,
    Direction,
    Element,
    EvidenceKind,
    Flow,
    ProducerKind,
    Stage,
)
from hatchway.flows.tables import Row, read_table

# Fields a correction may change; everything else (what produced the flow) stays.
CORRECTABLE = (
    "element",
    "direction",
    "stage",
    "origin_country",
    "destination_country",
    "city",
    "station",
    "carrier",
    "counterparties",
    "value_minor",
    "currency",
    "occurred_on",
    "evidence_kind",
    "evidence_number",
)
CARRIER_KINDS = frozenset({OrganisationKind.CARRIER})
STATION_KINDS = frozenset({OrganisationKind.OVERSEAS_STATION})


@dataclass(frozen=True)
class Conversion:
    value_cny_minor: int
    rate: Decimal
    rate_date: dt.date


def convert_to_cny(value_minor: int, currency: str, on: dt.date) -> Conversion:
    """Value an amount in fen with the latest rate dated on or before ``on``; say which rate."""
    if currency == "CNY":
        return Conversion(value_minor, Decimal(1), on)
    rate = CurrencyRate.objects.on_or_before(currency, on)
    if rate is None:
        raise ValidationError(
            {
                "currency": _(
                    "There is no %(currency)s rate dated %(date)s or earlier. "
                    "Import the rates to CNY first (Flows → Currency rates)."
                )
                % {"currency": currency, "date": on.isoformat()}
            }
        )
    shift = Decimal(10) ** (2 - minor_units(currency))
    fen = (Decimal(value_minor) * shift * rate.rate_to_cny).quantize(Decimal(1), rounding=ROUND_HALF_EVEN)
    return Conversion(int(fen), rate.rate_to_cny, rate.rate_date)


def _check_choice(errors: dict[str, str], name: str, value: str, choices: type[Any]) -> None:
    if value not in choices.values:
        errors[name] = _("“%(value)s” is not allowed here. Write one of: %(choices)s.") % {
            "value": value,
            "choices": ", ".join(choices.values),
        }


def check_flow(fields: dict[str, Any]) -> dict[str, str]:
    """Return the problems of a would-be flow, field by field (empty when it is fine)."""
    errors: dict[str, str] = {}
    _check_choice(errors, "element", fields.get("element", ""), Element)
    _check_choice(errors, "direction", fields.get("direction", ""), Direction)
    _check_choice(errors, "stage", fields.get("stage", ""), Stage)
    _check_choice(errors, "evidence_kind", fields.get("evidence_kind", ""), EvidenceKind)
    _check_choice(errors, "producer_kind", fields.get("producer_kind", ""), ProducerKind)
    for name in ("origin_country", "destination_country"):
        try:
            validate_country(fields.get(name) or "")
        except ValidationError as error:
            errors[name] = error.messages[0]
    if not errors.get("origin_country") and fields.get("origin_country") == fields.get("destination_country"):
        errors["destination_country"] = _(
            "A flow crosses a border: the destination country must differ from the origin country."
        )
    if not (fields.get("evidence_number") or "").strip():
        errors["evidence_number"] = _(
            "Write the number of the evidence (registration, certificate, letter or agreement number)."
        )
    if not isinstance(fields.get("occurred_on"), dt.date):
        errors["occurred_on"] = _("Write the date it happened, as YYYY-MM-DD.")
    value, currency = fields.get("value_minor"), fields.get("currency") or ""
    if value is not None:
        if value < 0:
            errors["value_minor"] = _("An amount cannot be negative. Write the amount as a positive number.")
        if not currency:
            errors["currency"] = _(
                "An amount needs its currency: write the ISO 4217 code, such as CNY or USD."
            )
        else:
            try:
                validate_currency(currency)
            except ValidationError as error:
                errors["currency"] = error.messages[0]
    elif currency:
        errors["value_minor"] = _("A currency was given without an amount. Write the amount, or no currency.")
    if fields.get("element") == Element.CAPITAL and value is None and fields.get("stage") == Stage.COMPLETED:
        errors["value_minor"] = _("A completed investment needs its amount.")
    for name, kinds in (("carrier", CARRIER_KINDS), ("station", STATION_KINDS)):
        organisation = fields.get(name)
        if organisation is not None and organisation.kind not in kinds:
            errors[name] = _("%(name)s is a %(kind)s, not a %(expected)s.") % {
                "name": organisation.display_name,
                "kind": organisation.get_kind_display(),
                "expected": OrganisationKind(next(iter(kinds))).label,
            }
    counterparties = fields.get("counterparties") or []
    if not isinstance(counterparties, list) or not all(isinstance(name, str) for name in counterparties):
        errors["counterparties"] = _("Counterparties are a list of names.")
    return errors


def _raise_located(errors: dict[str, str], prefix: str = "body.") -> None:
    located = [{"location": f"{prefix}{name}", "message": message} for name, message in errors.items()]
    summary = "; ".join(f"{name}: {message}" for name, message in errors.items())
    raise InvalidInput(summary, errors=located)


def _prepare(fields: dict[str, Any]) -> Flow:
    fields = dict(fields)
    fields["counterparties"] = [name.strip() for name in fields.get("counterparties") or [] if name.strip()]
    fields["currency"] = (fields.get("currency") or "").upper()
    fields.setdefault("city", "")
    errors = check_flow(fields)
    if errors:
        _raise_located(errors)
    flow = Flow(**fields)
    if flow.value_minor is not None:
        try:
            conversion = convert_to_cny(flow.value_minor, flow.currency, flow.occurred_on)
        except ValidationError as error:
            _raise_located({name: messages[0] for name, messages in error.message_dict.items()})
        flow.value_cny_minor = conversion.value_cny_minor
        flow.rate_to_cny = conversion.rate
        flow.rate_date = conversion.rate_date
    return flow


@transaction.atomic
def do_record_flow(
    *,
    element: str,
    direction: str,
    stage: str,
    origin_country: str,
    destination_country: str,
    occurred_on: dt.date,
    evidence_kind: str,
    evidence_number: str,
    producer_kind: str,
    producer_ref: str = "",
    producer_item: str = "",
    city: str = "",
    station: Organisation | None = None,
    carrier: Organisation | None = None,
    counterparties: Iterable[str] = (),
    value_minor: int | None = None,
    currency: str = "",
    note: str = "",
    recorded_by: User | None = None,
) -> Flow:
    """Write one flow. The same producer item (kind, reference, item) cannot record the same flow twice."""
    flow = _prepare(
        {
            "element": element,
            "direction": direction,
            "stage": stage,
            "origin_country": origin_country,
            "destination_country": destination_country,
            "occurred_on": occurred_on,
            "evidence_kind": evidence_kind,
            "evidence_number": evidence_number,
            "producer_kind": producer_kind,
            "producer_ref": producer_ref,
            "producer_item": producer_item,
            "city": city,
            "station": station,
            "carrier": carrier,
            "counterparties": list(counterparties),
            "value_minor": value_minor,
            "currency": currency,
            "note": note,
            "recorded_by": recorded_by,
        }
    )
    if producer_ref and (
        Flow.objects.current()
        .produced_by(producer_kind, producer_ref)
        .filter(producer_item=producer_item, element=element, stage=stage)
        .exists()
    ):
        raise Conflict(
            _("This %(producer)s (%(ref)s) has already recorded this flow. Supersede it to correct it.")
            % {"producer": ProducerKind(producer_kind).label, "ref": producer_ref}
        )
    flow.save()
    return flow


def _check_current(flow: Flow) -> Flow:
    fresh = Flow.objects.select_for_update().get(pk=flow.pk)
    if not fresh.is_current:
        raise Conflict(
            _("This flow has already been corrected or withdrawn. Correct its latest version instead.")
        )
    return fresh


def _check_reason(reason: str) -> str:
    if not reason.strip():
        _raise_located({"reason": _("Say why the flow is corrected, for the record.")})
    return reason.strip()


@transaction.atomic
def do_supersede_flow(flow: Flow, *, reason: str, recorded_by: User | None = None, **changes: Any) -> Flow:
    """Record a corrected version of ``flow``; the old row stays, marked as superseded."""
    reason = _check_reason(reason)
    unknown = set(changes) - set(CORRECTABLE)
    if unknown:
        _raise_located({name: _("This field cannot be corrected.") for name in sorted(unknown)})
    old = _check_current(flow)
    fields = {name: getattr(old, name) for name in CORRECTABLE}
    fields.update(changes)
    fields.update(
        producer_kind=old.producer_kind, producer_ref=old.producer_ref, producer_item=old.producer_item
    )
    new = _prepare(fields)
    new.supersedes = old
    new.note = reason
    new.recorded_by = recorded_by
    new.save()
    return new


@transaction.atomic
def do_withdraw_flow(flow: Flow, *, reason: str, recorded_by: User | None = None) -> Flow:
    """Take a flow recorded in error out of every figure, keeping it and the reason on record."""
    reason = _check_reason(reason)
    old = _check_current(flow)
    withdrawal = Flow(
        **{name: getattr(old, name) for name in CORRECTABLE},
        value_cny_minor=old.value_cny_minor,
        rate_to_cny=old.rate_to_cny,
        rate_date=old.rate_date,
        producer_kind=old.producer_kind,
        producer_ref=old.producer_ref,
        producer_item=old.producer_item,
        supersedes=old,
        withdrawn=True,
        note=reason,
        recorded_by=recorded_by,
    )
    withdrawal.save()
    return withdrawal


# --- currency rates ----------------------------------------------------------------------------

RATE_ALIASES = {
    "币种": "currency",
    "日期": "date",
    "汇率": "rate_to_cny",
    "rate": "rate_to_cny",
    "来源": "source",
}


def _parse_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def _parse_decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", "").strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _import_failed(problems: list[dict[str, Any]]) -> InvalidInput:
    lines = [
        _("Row %(row)d, column “%(column)s”: %(message)s") % problem
        if problem["column"]
        else _("Row %(row)d: %(message)s") % problem
        for problem in problems[:20]
    ]
    summary = _("Nothing was imported; correct these rows and upload the file again.") + " " + " ".join(lines)
    located = [
        {"location": f"row {p['row']}" + (f".{p['column']}" if p["column"] else ""), **p} for p in problems
    ]
    return InvalidInput(summary, errors=located)


@transaction.atomic
def do_import_rates(content: bytes, filename: str, *, source: str = "") -> int:
    """Import rates to CNY (columns: currency, date, rate_to_cny); all rows or none. Returns the count."""
    rows = read_table(content, filename, RATE_ALIASES)
    problems: list[dict[str, Any]] = []
    parsed: list[tuple[str, dt.date, Decimal, str]] = []
    for row in rows:
        currency = row.values.get("currency", "").upper()
        day = _parse_date(row.values.get("date", ""))
        rate = _parse_decimal(row.values.get("rate_to_cny", ""))
        before = len(problems)
        try:
            validate_currency(currency)
        except ValidationError as error:
            problems.append({"row": row.number, "column": "currency", "message": error.messages[0]})
        if day is None:
            problems.append(
                {"row": row.number, "column": "date", "message": _("Write the date as YYYY-MM-DD.")}
            )
        if rate is None or rate <= 0:
            problems.append(
                {
                    "row": row.number,
                    "column": "rate_to_cny",
                    "message": _("Write how many yuan one unit is worth, a positive number such as 7.1234."),
                }
            )
        if len(problems) == before and day is not None and rate is not None:
            parsed.append((currency, day, rate, row.values.get("source", "") or source))
    if problems:
        raise _import_failed(problems)
    if not parsed:
        raise InvalidInput(_("The file has no rates. Write one rate a row: currency, date, rate_to_cny."))
    for currency, day, rate, row_source in parsed:
        CurrencyRate.objects.update_or_create(
            currency=currency, rate_date=day, defaults={"rate_to_cny": rate, "source": row_source[:200]}
        )
    return len(parsed)


@transaction.atomic
def do_set_rate(currency: str, rate_date: dt.date, rate_to_cny: Decimal, *, source: str = "") -> CurrencyRate:
    validate_currency(currency)
    if rate_to_cny <= 0:
        raise InvalidInput(_("A rate must be a positive number."))
    rate, _created = CurrencyRate.objects.update_or_create(
        currency=currency, rate_date=rate_date, defaults={"rate_to_cny": rate_to_cny, "source": source}
    )
    return rate


# --- historic flows from a spreadsheet -----------------------------------------------------------

FLOW_COLUMNS = (
    "element",
    "direction",
    "stage",
    "origin_country",
    "destination_country",
    "city",
    "station_id",
    "carrier_id",
    "counterparties",
    "value",
    "currency",
    "occurred_on",
    "evidence_kind",
    "evidence_number",
    "note",
)
FLOW_ALIASES = {
    "要素": "element",
    "方向": "direction",
    "阶段": "stage",
    "来源国": "origin_country",
    "目的国": "destination_country",
    "城市": "city",
    "海外站点": "station_id",
    "载体": "carrier_id",
    "相关方": "counterparties",
    "金额": "value",
    "币种": "currency",
    "日期": "occurred_on",
    "证明类型": "evidence_kind",
    "证明编号": "evidence_number",
    "备注": "note",
}
WORDS = {
    "人才": "talent",
    "技术": "technology",
    "项目": "project",
    "资金": "capital",
    "企业": "enterprise",
    "入境": "inbound",
    "引进": "inbound",
    "出境": "outbound",
    "走出去": "outbound",
    "意向": "intention",
    "完成": "completed",
}


def _parse_amount(text: str, currency: str) -> int | str | None:
    """Amount in major units → minor units; returns an error message when unreadable."""
    value = _parse_decimal(text)
    if value is None:
        return _(
            "“%(value)s” is not a number. Write the amount in units of the currency, such as 1250000."
        ) % {"value": text}
    digits = minor_units(currency) if currency else 2
    minor = value.scaleb(digits)
    if minor != minor.to_integral_value():
        return _("“%(value)s” has more decimals than %(currency)s allows.") % {
            "value": text,
            "currency": currency,
        }
    return int(minor)


def _row_fields(
    row: Row, organisations: dict[int, Organisation]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    values = row.values
    problems: list[dict[str, Any]] = []

    def problem(column: str, message: str) -> None:
        problems.append({"row": row.number, "column": column, "message": message})

    fields: dict[str, Any] = {
        name: WORDS.get(values.get(name, ""), values.get(name, "").lower())
        for name in ("element", "direction", "stage", "evidence_kind")
    }
    for name in ("origin_country", "destination_country"):
        text = values.get(name, "")
        code = find_country(text)
        if code is None:
            problem(
                name,
                _("“%(value)s” is not a country. Write the two-letter ISO code (DE, US) or its name.")
                % {"value": text}
                if text
                else _("Write the country."),
            )
        fields[name] = code or ""
    for name, column in (("station", "station_id"), ("carrier", "carrier_id")):
        text = values.get(column, "")
        fields[name] = None
        if text:
            organisation = organisations.get(int(text)) if text.isdigit() else None
            if organisation is None:
                problem(column, _("No organisation has the number “%(value)s”.") % {"value": text})
            fields[name] = organisation
    fields["occurred_on"] = _parse_date(values.get("occurred_on", ""))
    currency = values.get("currency", "").upper()
    fields["currency"] = currency
    fields["value_minor"] = None
    if values.get("value"):
        amount = _parse_amount(values["value"], currency if len(currency) == 3 else "")
        if isinstance(amount, str):
            problem("value", amount)
        else:
            fields["value_minor"] = amount
    fields["city"] = values.get("city", "")[:100]
    fields["counterparties"] = [
        name for name in values.get("counterparties", "").replace("；", ";").split(";")
    ]
    fields["evidence_number"] = values.get("evidence_number", "")[:100]
    fields["note"] = values.get("note", "")
    fields["producer_kind"] = ProducerKind.IMPORT
    reported = {p["column"] for p in problems}
    for name, message in check_flow(fields).items():
        column = {"value_minor": "value", "station": "station_id", "carrier": "carrier_id"}.get(name, name)
        if column not in reported:
            problem(column, message)
    return fields, problems


@transaction.atomic
def do_import_flows(content: bytes, filename: str, *, recorded_by: User | None = None) -> list[Flow]:
    """Import historic flows from a spreadsheet with evidence; one bad row and nothing is written."""
    rows = read_table(content, filename, FLOW_ALIASES)
    if not rows:
        raise InvalidInput(_("The file has no flows. Write one flow a row under the header row."))
    ids = {
        int(row.values[column])
        for row in rows
        for column in ("station_id", "carrier_id")
        if row.values.get(column, "").isdigit()
    }
    organisations = Organisation.objects.in_bulk(list(ids))
    problems: list[dict[str, Any]] = []
    prepared: list[tuple[Row, dict[str, Any]]] = []
    for row in rows:
        fields, row_problems = _row_fields(row, organisations)
        problems.extend(row_problems)
        if not row_problems:
            prepared.append((row, fields))
    if problems:
        raise _import_failed(problems)
    flows = []
    for row, fields in prepared:
        fields["producer_ref"] = filename[:100]
        fields["producer_item"] = str(row.number)
        try:
            flow = _prepare({**fields, "recorded_by": recorded_by})
        except InvalidInput as error:
            problems.extend(
                {
                    "row": row.number,
                    "column": item["location"].removeprefix("body."),
                    "message": item["message"],
                }
                for item in error.details.get("errors", [])
            )
            continue
        flows.append(flow)
    if problems:
        raise _import_failed(problems)
    for flow in flows:
        flow.save()
    return flows
