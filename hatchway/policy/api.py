"""API: the programme catalogue and stateless evaluation (criteria.md §5 records in, results out)."""

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from hatchway.api import ErrorOut, InputSchema, Pagination
from hatchway.errors import InvalidInput
from hatchway.policy.access import access_programme, access_programme_list
from hatchway.policy.engine import InputErrors, ParameterNotSet, Programme, evaluate_record, jsonable, what_if

router = Router(tags=["policy"])


class BilingualOut(Schema):
    zh: str
    en: str


class SourceOut(Schema):
    id: str
    title: BilingualOut
    url: str
    grade: str = Field(description="official, copy or unverified (criteria.md grading).")
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
    input: dict[str, Any] = Field(description="One enterprise record in the criteria.md §5 field schema.")


class WhatIfIn(InputSchema):
    input: dict[str, Any] = Field(description="One enterprise record in the criteria.md §5 field schema.")
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
