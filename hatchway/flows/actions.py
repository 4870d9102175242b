"""Verbs that write the ledger. Other apps call ``do_record_flow`` when an outcome happens.

Nothing here edits a flow: ``do_supersede_flow`` and ``do_withdraw_flow`` add a row that replaces it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any, TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hatchway.accounts.models import User
from hatchway.directory.models import Organisation, OrganisationKind
from hatchway.directory.taxonomy import minor_units, validate_country, validate_currency
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


class RateRow(TypedDict):
    """One checked rate to CNY, as an import hands it over."""

    currency: str
    rate_date: dt.date
    rate_to_cny: Decimal
    source: str


@transaction.atomic
def do_import_rates(rates: Iterable[RateRow]) -> tuple[int, int]:
    """Store checked rates to CNY; a rate for a stored currency and day replaces it. Returns (created, updated)."""
    created = updated = 0
    for rate in rates:
        validate_currency(rate["currency"])
        if rate["rate_to_cny"] <= 0:
            raise InvalidInput(_("A rate must be a positive number."))
        _rate, is_new = CurrencyRate.objects.update_or_create(
            currency=rate["currency"],
            rate_date=rate["rate_date"],
            defaults={"rate_to_cny": rate["rate_to_cny"], "source": rate["source"][:200]},
        )
        created += is_new
        updated += not is_new
    return created, updated


@transaction.atomic
def do_set_rate(currency: str, rate_date: dt.date, rate_to_cny: Decimal, *, source: str = "") -> CurrencyRate:
    validate_currency(currency)
    if rate_to_cny <= 0:
        raise InvalidInput(_("A rate must be a positive number."))
    rate, _created = CurrencyRate.objects.update_or_create(
        currency=currency, rate_date=rate_date, defaults={"rate_to_cny": rate_to_cny, "source": source}
    )
    return rate


# --- historic flows from a file ------------------------------------------------------------------


class FlowRow(TypedDict):
    """One checked historic flow from a file; ``producer_item`` says which row of the file it was."""

    element: str
    direction: str
    stage: str
    origin_country: str
    destination_country: str
    city: str
    station: Organisation | None
    carrier: Organisation | None
    counterparties: list[str]
    value_minor: int | None
    currency: str
    occurred_on: dt.date
    evidence_kind: str
    evidence_number: str
    note: str
    producer_item: str


def check_flow_valued(fields: dict[str, Any]) -> dict[str, str]:
    """Like ``check_flow``, and an amount must have a rate to value it in yuan on the day it happened."""
    errors = check_flow(fields)
    if not errors and fields.get("value_minor") is not None:
        try:
            convert_to_cny(
                fields["value_minor"], (fields.get("currency") or "").upper(), fields["occurred_on"]
            )
        except ValidationError as error:
            errors.update({name: messages[0] for name, messages in error.message_dict.items()})
    return errors


@transaction.atomic
def do_import_flows(
    rows: Iterable[FlowRow], *, producer_ref: str, recorded_by: User | None = None
) -> list[Flow]:
    """Write historic flows from a file (``producer_ref``: its name), each valued in yuan; all or none."""
    flows = [
        _prepare(
            {
                **row,
                "producer_kind": ProducerKind.IMPORT,
                "producer_ref": producer_ref[:100],
                "recorded_by": recorded_by,
            }
        )
        for row in rows
    ]
    Flow.objects.bulk_create(flows)
    return flows
