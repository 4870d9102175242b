"""API: KPIs from the dictionary and the dashboard's charts, within what the caller may see."""

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from hatchway.api import ErrorOut
from hatchway.errors import NotFound
from hatchway.flows.models import Element
from hatchway.reports.access import access_dashboard
from hatchway.reports.charts import CHART_IDS, build_chart
from hatchway.reports.kpis import KpiFilters, compute_kpis

router = Router(tags=["reports"])


class KpiQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="A calendar year; or give start and end.")
    start: date | None = None
    end: date | None = None
    carrier: int | None = Field(None, description="Only flows of this carrier (its id).")
    station: int | None = Field(None, description="Only flows through this overseas station (its id).")
    element: Element | None = None
    country: str | None = Field(
        None, min_length=2, max_length=2, description="Origin or destination, ISO 3166."
    )

    def filters(self) -> KpiFilters:
        start, end = self.start, self.end
        if self.year is not None:
            start, end = start or date(self.year, 1, 1), end or date(self.year, 12, 31)
        return KpiFilters(
            start=start,
            end=end,
            carrier_id=self.carrier,
            station_id=self.station,
            element=self.element,
            country=self.country.upper() if self.country else None,
        )


class KpiOut(Schema):
    id: str
    label_zh: str
    label_en: str
    definition_zh: str
    definition_en: str
    value: int | float | None = Field(description="null when the KPI has no source data yet (see note).")
    unit: str = Field(description="count, CNY (whole yuan), percent or ratio")
    formula: str
    source: list[str]
    filters: list[str]
    note: str


class KpisOut(Schema):
    start: date | None
    end: date | None
    kpis: list[KpiOut]


class ChartOut(Schema):
    id: str
    title: str
    columns: list[str]
    rows: list[list[Any]]
    data: dict[str, Any]


@router.get("/kpis", response={200: KpisOut, 401: ErrorOut, 403: ErrorOut}, summary="Every KPI, filtered")
def list_kpis(request: HttpRequest, query: Query[KpiQuery]) -> dict[str, Any]:
    dashboard = access_dashboard(request.user, query.filters())
    values = compute_kpis(dashboard.filters, dashboard.scope.flows())
    return {
        "start": dashboard.filters.start,
        "end": dashboard.filters.end,
        "kpis": [
            {
                **value.as_json(),
                "definition_zh": value.kpi.definition_zh,
                "definition_en": value.kpi.definition_en,
                "formula": value.kpi.formula,
                "source": list(value.kpi.source),
                "filters": list(value.kpi.filters),
                "note": value.kpi.note if value.value is None else "",
            }
            for value in values
        ],
    }


@router.get(
    "/charts/{chart_id}",
    response={200: ChartOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="One dashboard chart as a table plus chart data",
)
def get_chart(request: HttpRequest, chart_id: str, query: Query[KpiQuery]) -> Any:
    if chart_id not in CHART_IDS:
        raise NotFound()
    filters = query.filters()
    dashboard = access_dashboard(request.user, filters)
    today = timezone.localdate()
    start = filters.start or date(today.year, 1, 1)
    return build_chart(chart_id, dashboard.flows(), start, filters.end or date(start.year, 12, 31))
