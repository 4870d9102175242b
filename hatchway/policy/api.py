"""API: the programme catalogue, stateless evaluation, eligibility runs and an enterprise's determinations."""

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseBase
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from hatchway.accounts.access import check_signed_in
from hatchway.api import ErrorOut, InputSchema, Pagination
from hatchway.errors import InvalidInput
from hatchway.policy.access import (
    access_enterprise_eligibility,
    access_programme,
    access_programme_list,
    access_run,
    access_run_list,
    check_may_run,
)
from hatchway.policy.actions import do_approve_run, do_declare_facts, do_start_run
from hatchway.policy.engine import (
    InputErrors,
    ParameterNotSet,
    Programme,
    apply_changes,
    evaluate_record,
    jsonable,
    what_if,
)
from hatchway.policy.exports import xlsx_response
from hatchway.policy.models import DeclaredFacts, Determination, Outcome, PolicyRun
from hatchway.policy.records import current_record, what_if_changes

router = Router(tags=["policy"])


class BilingualOut(Schema):
    zh: str
    en: str


class SourceOut(Schema):
    id: str
    title: BilingualOut
    url: str
    grade: str = Field(description="official, copy or unverified (docs/policy/criteria.md grading).")
    verified: bool


class ProgrammeOut(Schema):
    id: str
    version: str
    title: BilingualOut
    summary: BilingualOut
    effective_from: date
    effective_to: date | None
    verified: bool = Field(description="True when every source a criterion cites is verified.")
    template: bool = Field(description="True when an operator must set parameters before use.")
    date_field: str = Field(description="The input date that sets which parameters apply.")
    sources: list[SourceOut]


class CriterionOut(Schema):
    id: str
    label: BilingualOut
    article: BilingualOut
    source: str
    formula: str
    hints: dict[str, str]


class ParameterOut(Schema):
    name: str
    reference: str
    values: list[dict[str, Any]]


class ProgrammeDetailOut(ProgrammeOut):
    criteria: list[CriterionOut]
    parameters: list[ParameterOut]


class EvaluateIn(InputSchema):
    input: dict[str, Any] = Field(
        description="One enterprise record in the docs/policy/criteria.md §5 field schema."
    )


class WhatIfIn(InputSchema):
    input: dict[str, Any] = Field(
        description="One enterprise record in the docs/policy/criteria.md §5 field schema."
    )
    changes: dict[str, Any] = Field(
        description="Changed inputs merged into the record (fiscal years merge by year), "
        "e.g. {'fiscal_years': [{'year': 2024, 'tech_staff_avg': 12}]}."
    )


def _programme_out(programme: Programme) -> dict[str, Any]:
    return {
        "id": programme.id,
        "version": programme.version,
        "title": programme.title.as_dict(),
        "summary": programme.summary.as_dict(),
        "effective_from": programme.effective_from,
        "effective_to": programme.effective_to,
        "verified": programme.verified,
        "template": programme.template,
        "date_field": programme.date_field,
        "sources": [
            {"id": s.id, "title": s.title.as_dict(), "url": s.url, "grade": s.grade, "verified": s.verified}
            for s in programme.sources
        ],
    }


def _detail_out(programme: Programme) -> dict[str, Any]:
    return {
        **_programme_out(programme),
        "criteria": [
            {
                "id": c.id,
                "label": c.label.as_dict(),
                "article": c.article.as_dict(),
                "source": c.source,
                "formula": c.formula,
                "hints": dict(c.hint_formulas),
            }
            for c in programme.criteria
        ],
        "parameters": [
            {
                "name": p.name,
                "reference": p.reference,
                "values": [{"from": v.effective_from, "value": jsonable(v.value)} for v in p.values],
            }
            for p in programme.parameters.values()
        ],
    }


def _invalid(error: InputErrors) -> InvalidInput:
    located = [{"location": f"body.input.{item.path}", "message": item.message} for item in error.errors]
    summary = "; ".join(f"{item['location']}: {item['message']}" for item in located)
    return InvalidInput(summary, errors=located)


def _evaluated(call: Any) -> dict[str, Any]:
    try:
        result: dict[str, Any] = call()
    except InputErrors as error:
        raise _invalid(error) from None
    except ParameterNotSet:
        raise InvalidInput(
            _("This programme is a template: an operator must set its amounts before it can be evaluated.")
        ) from None
    return result


@router.get("/programmes", response={200: list[ProgrammeOut], 401: ErrorOut}, summary="List programmes")
@paginate(Pagination)
def list_programmes(request: HttpRequest) -> list[dict[str, Any]]:
    return [_programme_out(programme) for programme in access_programme_list(request.user)]


@router.get(
    "/programmes/{programme_id}",
    response={200: ProgrammeDetailOut, 401: ErrorOut, 404: ErrorOut},
    summary="One programme with its criteria, articles and dated parameters",
)
def get_programme_detail(request: HttpRequest, programme_id: str) -> dict[str, Any]:
    return _detail_out(access_programme(request.user, programme_id))


@router.post(
    "/programmes/{programme_id}/evaluate",
    response={200: dict[str, Any], 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Evaluate one enterprise record (stateless): eligibility, failing/unknown criteria, hints, trace",
)
def evaluate_programme(request: HttpRequest, programme_id: str, payload: EvaluateIn) -> dict[str, Any]:
    programme = access_programme(request.user, programme_id)
    return _evaluated(lambda: evaluate_record(programme, payload.input))


@router.post(
    "/programmes/{programme_id}/what-if",
    response={200: dict[str, Any], 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Re-evaluate a record with changed inputs; lists the criteria whose result changes",
)
def what_if_programme(request: HttpRequest, programme_id: str, payload: WhatIfIn) -> dict[str, Any]:
    programme = access_programme(request.user, programme_id)
    return _evaluated(lambda: what_if(programme, payload.input, payload.changes))


# --- Proactive eligibility: runs, determinations, an enterprise's what-if --------------------------------


class RunIn(InputSchema):
    programme: str = Field(description="Programme id, e.g. hnte or tsme.")
    as_of: date = Field(description="The date whose filed figures and parameters count.")


class RunOut(Schema):
    id: int
    programme: str
    rules_version: str
    rules_sha256: str
    as_of: date
    status: str
    error: str
    progress_done: int
    progress_total: int
    percent: int
    started_by: str | None
    created_at: datetime
    finished_at: datetime | None
    approved_by: str | None
    approved_at: datetime | None
    counts: dict[str, int] = Field(
        description="Determinations by outcome: eligible, not, unknown, near_miss."
    )


class DeterminationOut(Schema):
    id: int
    run: int
    programme: str
    as_of: date
    approved: bool
    enterprise: int
    enterprise_name: str
    outcome: str = Field(description="eligible, not, unknown or near_miss.")
    eligible: bool | None
    failing: list[str]
    unknown: list[str]
    missing_inputs: list[str] = Field(
        description="Field paths (docs/policy/criteria.md §5) to file to settle unknowns."
    )
    derived: dict[str, Any]
    hints: dict[str, dict[str, Any]] = Field(
        description="Gaps of failing criteria, e.g. additional_rd_expense_cny."
    )
    outputs: dict[str, Any]


class DeterminationDetailOut(DeterminationOut):
    input: dict[str, Any]
    trace: list[dict[str, Any]]


class EnterpriseWhatIfIn(InputSchema):
    programme: str = Field(description="Programme id, e.g. hnte or tsme.")
    changes: dict[str, Any] = Field(
        default_factory=dict,
        description="Changed inputs merged into the enterprise's latest input snapshot (fiscal years by year).",
    )
    rd_expense_cny: int | None = Field(None, ge=0, description="If last year's R&D expense were this (yuan).")
    additional_rd_staff: float | None = Field(None, ge=0, description="If we hired this many more R&D staff.")
    sales_revenue_cny: int | None = Field(
        None, ge=0, description="If last year's sales revenue were this (yuan); total income follows it."
    )
    high_tech_income_cny: int | None = Field(
        None, ge=0, description="If last year's high-tech product and service income were this (yuan)."
    )
    employees_avg: float | None = Field(
        None, ge=0, description="If last year's employees (average) were this."
    )
    tech_staff_avg: float | None = Field(
        None, ge=0, description="If last year's tech staff (average) were this."
    )
    class_i_count: int | None = Field(
        None, ge=0, description="If the enterprise held this many Class I IP items."
    )
    class_ii_count: int | None = Field(
        None, ge=0, description="If the enterprise held this many Class II IP items."
    )


class FactsIn(InputSchema):
    facts: dict[str, Any] = Field(
        description="Figures data reports do not hold (docs/policy/criteria.md §5): innovation_subscores, "
        "major_incident_dates, accounting and tax flags, industry, integrity, direct_track."
    )


class FactsOut(Schema):
    enterprise: int
    facts: dict[str, Any]
    updated_at: datetime | None


def _user_label(user: Any) -> str | None:
    return user.email if user is not None else None


def _run_out(run: PolicyRun) -> dict[str, Any]:
    return {
        "id": run.pk,
        "programme": run.programme,
        "rules_version": run.rules_version,
        "rules_sha256": run.rules_sha256,
        "as_of": run.as_of,
        "status": run.status,
        "error": run.error,
        "progress_done": run.progress_done,
        "progress_total": run.progress_total,
        "percent": run.percent,
        "started_by": _user_label(run.started_by),
        "created_at": run.created_at,
        "finished_at": run.finished_at,
        "approved_by": _user_label(run.approved_by),
        "approved_at": run.approved_at,
        "counts": run.counts(),
    }


def _determination_out(item: Determination, *, detail: bool = False) -> dict[str, Any]:
    out = {
        "id": item.pk,
        "run": item.run_id,
        "programme": item.run.programme,
        "as_of": item.run.as_of,
        "approved": item.run.is_approved,
        "enterprise": item.enterprise_id,
        "enterprise_name": item.enterprise.display_name,
        "outcome": item.outcome,
        "eligible": item.eligible,
        "failing": item.failing,
        "unknown": item.unknown,
        "missing_inputs": item.missing_inputs,
        "derived": item.derived,
        "hints": item.hints,
        "outputs": item.outputs,
    }
    if detail:
        out["input"] = item.input
        out["trace"] = item.explained_trace()
    return out


class _Converted:
    """A queryset converted row by row after the pagination has sliced it in the database."""

    def __init__(self, queryset: QuerySet[Any], convert: Callable[[Any], dict[str, Any]]) -> None:
        self.queryset = queryset
        self.convert = convert

    def __len__(self) -> int:
        return self.queryset.count()

    def count(self) -> int:
        return self.queryset.count()

    def __getitem__(self, index: slice) -> list[dict[str, Any]]:
        return [self.convert(item) for item in self.queryset[index]]


@router.post(
    "/policy-runs",
    response={201: RunOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Start (or reuse) the eligibility run of a programme as of a date (operators)",
)
def create_run(request: HttpRequest, payload: RunIn) -> Status:
    user = check_may_run(request.user)
    run = do_start_run(user, payload.programme, payload.as_of)
    run.refresh_from_db()
    return Status(201, _run_out(run))


@router.get("/policy-runs", response={200: list[RunOut], 401: ErrorOut, 403: ErrorOut}, summary="List runs")
@paginate(Pagination)
def list_runs(request: HttpRequest, programme: str | None = None) -> Any:
    runs = access_run_list(request.user)
    return _Converted(runs.of_programme(programme) if programme else runs, _run_out)


@router.get(
    "/policy-runs/{run_id}",
    response={200: RunOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="One run with its progress and counts",
)
def get_run(request: HttpRequest, run_id: int) -> dict[str, Any]:
    return _run_out(access_run(request.user, run_id))


@router.post(
    "/policy-runs/{run_id}/approve",
    response={200: RunOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Approve a finished run: notices go to newly eligible, near-miss and unknown enterprises",
)
def approve_run(request: HttpRequest, run_id: int) -> dict[str, Any]:
    run = access_run(request.user, run_id, write=True)
    return _run_out(do_approve_run(check_may_run(request.user), run))


@router.get(
    "/policy-runs/{run_id}/determinations",
    response={200: list[DeterminationOut], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="A run's determinations, filtered by outcome (eligible, not, unknown, near_miss)",
)
@paginate(Pagination)
def list_run_determinations(request: HttpRequest, run_id: int, outcome: Outcome | None = None) -> Any:
    run = access_run(request.user, run_id)
    found = run.determinations.select_related("enterprise", "run").order_by("enterprise_id")
    return _Converted(found.with_outcome(outcome) if outcome else found, _determination_out)


@router.get(
    "/policy-runs/{run_id}/export.xlsx",
    response={200: None, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="A run's results as XLSX (headers in the caller's language)",
)
def export_run(request: HttpRequest, run_id: int, outcome: Outcome | None = None) -> HttpResponseBase:
    run = access_run(request.user, run_id)
    found = run.determinations.all()
    return xlsx_response(run, found.with_outcome(outcome) if outcome else found)


@router.get(
    "/organisations/{organisation_id}/determinations",
    response={200: list[DeterminationDetailOut], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="An enterprise's latest determination per programme, with input snapshot and trace",
)
@paginate(Pagination)
def list_enterprise_determinations(request: HttpRequest, organisation_id: int) -> list[dict[str, Any]]:
    enterprise = access_enterprise_eligibility(request.user, organisation_id)
    latest = Determination.objects.latest_per_programme(enterprise)
    return [_determination_out(item, detail=True) for item in latest]


def _decimal(value: float | None) -> Decimal | None:
    return Decimal(str(value)) if value is not None else None


@router.post(
    "/organisations/{organisation_id}/what-if",
    response={200: dict[str, Any], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Re-evaluate an enterprise with changed inputs (nothing is stored)",
)
def enterprise_what_if(
    request: HttpRequest, organisation_id: int, payload: EnterpriseWhatIfIn
) -> dict[str, Any]:
    enterprise = access_enterprise_eligibility(request.user, organisation_id)
    programme = access_programme(request.user, payload.programme)
    record = current_record(programme, enterprise)
    changes = apply_changes(
        what_if_changes(
            record,
            rd_expense_cny=payload.rd_expense_cny,
            additional_rd_staff=_decimal(payload.additional_rd_staff),
            sales_revenue_cny=payload.sales_revenue_cny,
            high_tech_income_cny=payload.high_tech_income_cny,
            employees_avg=_decimal(payload.employees_avg),
            tech_staff_avg=_decimal(payload.tech_staff_avg),
            class_i_count=payload.class_i_count,
            class_ii_count=payload.class_ii_count,
        ),
        payload.changes,
    )
    return _evaluated(lambda: {**what_if(programme, record, changes), "changes": changes})


@router.get(
    "/organisations/{organisation_id}/policy-facts",
    response={200: FactsOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="The facts an enterprise declared for policy evaluation",
)
def get_facts(request: HttpRequest, organisation_id: int) -> dict[str, Any]:
    enterprise = access_enterprise_eligibility(request.user, organisation_id)
    declared = DeclaredFacts.objects.filter(enterprise=enterprise).first()
    return {
        "enterprise": enterprise.pk,
        "facts": declared.facts if declared else {},
        "updated_at": declared.updated_at if declared else None,
    }


@router.put(
    "/organisations/{organisation_id}/policy-facts",
    response={200: FactsOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Declare the figures data reports do not hold (replaces the earlier declaration)",
)
def put_facts(request: HttpRequest, organisation_id: int, payload: FactsIn) -> dict[str, Any]:
    enterprise = access_enterprise_eligibility(request.user, organisation_id, write=True)
    declared = do_declare_facts(check_signed_in(request.user), enterprise, payload.facts)
    return {"enterprise": enterprise.pk, "facts": declared.facts, "updated_at": declared.updated_at}
