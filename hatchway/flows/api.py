"""API: the ledger of cross-border flows and the currency rates that value them.

Imports from files (``POST /flows/import``, ``POST /currency-rates/import``) are in hatchway.transfer.api."""

from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from hatchway.api import ErrorOut, InputSchema, Pagination
from hatchway.directory.models import Organisation
from hatchway.errors import InvalidInput
from hatchway.flows.access import access_flow, access_ledger
from hatchway.flows.actions import do_record_flow, do_supersede_flow, do_withdraw_flow
from hatchway.flows.models import (
    CurrencyRate,
    Direction,
    Element,
    EvidenceKind,
    Flow,
    ProducerKind,
    Stage,
)

router = Router(tags=["flows"])


class FlowOut(Schema):
    id: int
    element: Element
    direction: Direction
    stage: Stage
    origin_country: str
    destination_country: str
    city: str
    station_id: int | None
    carrier_id: int | None
    counterparties: list[str]
    value_minor: int | None = Field(description="Amount in minor units of `currency` (cents, fen).")
    currency: str
    value_cny_minor: int | None = Field(description="The amount in fen, at the rate of `rate_date`.")
    rate_to_cny: float | None
    rate_date: date | None = Field(description="Date of the rate used for the CNY value.")
    occurred_on: date
    evidence_kind: EvidenceKind
    evidence_number: str
    producer_kind: ProducerKind
    producer_ref: str
    producer_item: str
    supersedes_id: int | None = Field(description="The flow this row corrects, if it is a correction.")
    withdrawn: bool = Field(description="True when this row withdraws the flow it supersedes.")
    note: str
    recorded_at: datetime


class FlowFilter(Schema):
    element: Element | None = None
    direction: Direction | None = None
    stage: Stage | None = None
    carrier: int | None = Field(None, description="Only flows of this carrier (its id).")
    station: int | None = Field(None, description="Only flows through this overseas station (its id).")
    start: date | None = Field(None, description="Occurred on or after this day.")
    end: date | None = Field(None, description="Occurred on or before this day.")
    history: bool = Field(False, description="Also list superseded rows and withdrawals.")


class FlowIn(InputSchema):
    element: Element
    direction: Direction
    stage: Stage
    origin_country: str = Field(..., min_length=2, max_length=2, description="ISO 3166 code, such as DE.")
    destination_country: str = Field(..., min_length=2, max_length=2)
    city: str = Field("", max_length=100)
    station_id: int | None = None
    carrier_id: int | None = None
    counterparties: list[str] = Field(default_factory=list, max_length=50)
    value_minor: int | None = Field(None, description="Amount in minor units of the currency.")
    currency: str = Field("", max_length=3)
    occurred_on: date
    evidence_kind: EvidenceKind
    evidence_number: str = Field(..., min_length=1, max_length=100)
    note: str = Field("", max_length=2000)


class CorrectionIn(InputSchema):
    reason: str = Field(..., min_length=1, max_length=2000, description="Why the flow is corrected.")
    element: Element | None = None
    direction: Direction | None = None
    stage: Stage | None = None
    origin_country: str | None = Field(None, min_length=2, max_length=2)
    destination_country: str | None = Field(None, min_length=2, max_length=2)
    city: str | None = Field(None, max_length=100)
    station_id: int | None = None
    carrier_id: int | None = None
    counterparties: list[str] | None = Field(None, max_length=50)
    value_minor: int | None = None
    currency: str | None = Field(None, max_length=3)
    occurred_on: date | None = None
    evidence_kind: EvidenceKind | None = None
    evidence_number: str | None = Field(None, min_length=1, max_length=100)


class WithdrawalIn(InputSchema):
    reason: str = Field(..., min_length=1, max_length=2000, description="Why the flow is withdrawn.")


class RateOut(Schema):
    currency: str
    rate_date: date
    rate_to_cny: float = Field(description="Yuan per one unit of the currency.")
    source: str


def _organisation(field: str, organisation_id: int | None) -> Organisation | None:
    if organisation_id is None:
        return None
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        message = _("No organisation has the id %(id)d. Look it up under /api/v1/organisations.") % {
            "id": organisation_id
        }
        raise InvalidInput(f"{field}: {message}", errors=[{"location": f"body.{field}", "message": message}])
    return organisation


@router.get("/flows", response={200: list[FlowOut], 401: ErrorOut, 403: ErrorOut}, summary="List flows")
@paginate(Pagination)
def list_flows(request: HttpRequest, filters: Query[FlowFilter]) -> QuerySet[Flow]:
    flows = access_ledger(request.user).flows()
    if not filters.history:
        flows = flows.current()
    flows = flows.between(filters.start, filters.end)
    for name in ("element", "direction", "stage"):
        value = getattr(filters, name)
        if value:
            flows = flows.filter(**{name: value})
    if filters.carrier:
        flows = flows.filter(carrier_id=filters.carrier)
    if filters.station:
        flows = flows.filter(station_id=filters.station)
    return flows


@router.get(
    "/flows/{int:flow_id}",
    response={200: FlowOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="One flow",
)
def get_flow(request: HttpRequest, flow_id: int) -> Flow:
    return access_flow(request.user, flow_id)


@router.post(
    "/flows",
    response={201: FlowOut, 401: ErrorOut, 403: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Record a flow by hand (operators)",
)
def record_flow(request: HttpRequest, payload: FlowIn) -> Status[Flow]:
    access_ledger(request.user, write=True)
    data: dict[str, Any] = payload.model_dump()
    station = _organisation("station_id", data.pop("station_id"))
    carrier = _organisation("carrier_id", data.pop("carrier_id"))
    flow = do_record_flow(
        **data,
        station=station,
        carrier=carrier,
        producer_kind=ProducerKind.MANUAL,
        recorded_by=request.user,  # type: ignore[arg-type]
    )
    return Status(201, flow)


@router.post(
    "/flows/{int:flow_id}/supersede",
    response={201: FlowOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Correct a flow with a new row that supersedes it (operators)",
)
def supersede_flow(request: HttpRequest, flow_id: int, payload: CorrectionIn) -> Status[Flow]:
    flow = access_flow(request.user, flow_id, write=True)
    changes: dict[str, Any] = payload.model_dump(exclude_unset=True)
    reason = changes.pop("reason")
    for field in ("station_id", "carrier_id"):
        if field in changes:
            changes[field.removesuffix("_id")] = _organisation(field, changes.pop(field))
    new = do_supersede_flow(flow, reason=reason, recorded_by=request.user, **changes)  # type: ignore[arg-type]
    return Status(201, new)


@router.post(
    "/flows/{int:flow_id}/withdraw",
    response={201: FlowOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Withdraw a flow recorded in error (operators)",
)
def withdraw_flow(request: HttpRequest, flow_id: int, payload: WithdrawalIn) -> Status[Flow]:
    flow = access_flow(request.user, flow_id, write=True)
    withdrawal = do_withdraw_flow(flow, reason=payload.reason, recorded_by=request.user)  # type: ignore[arg-type]
    return Status(201, withdrawal)


@router.get(
    "/currency-rates", response={200: list[RateOut], 401: ErrorOut, 403: ErrorOut}, summary="Rates to CNY"
)
@paginate(Pagination)
def list_rates(request: HttpRequest, currency: str | None = None) -> QuerySet[CurrencyRate]:
    access_ledger(request.user)
    rates = CurrencyRate.objects.all()
    return rates.filter(currency=currency.upper()) if currency else rates
