"""The dashboard's charts, each computed from the ledger as a table (columns + rows) and chart data.

Every chart has the same shape so that the page can show it, show it as a table, and export it to XLSX.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import pycountry
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from hatchway.directory.models import Organisation
from hatchway.directory.taxonomy import country_name
from hatchway.flows.models import Element, FlowQuerySet, Stage

CHART_IDS = ("sankey", "stations", "trends", "carrier_ranking", "station_ranking")


@dataclass
class Chart:
    id: str
    title: str
    columns: list[str]
    rows: list[list[Any]]
    data: dict[str, Any] = field(default_factory=dict)

    def as_xlsx(self) -> bytes:
        from openpyxl import Workbook
        from openpyxl.styles import Font

        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.title = self.id[:31]
        sheet.append(self.columns)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in self.rows:
            sheet.append(row)
        for index, _column in enumerate(self.columns, start=1):
            sheet.column_dimensions[sheet.cell(1, index).column_letter].width = 24
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


def _names(ids: set[int]) -> dict[int, str]:
    return {
        organisation.pk: organisation.display_name for organisation in Organisation.objects.filter(pk__in=ids)
    }


def sankey(flows: FlowQuerySet) -> Chart:
    """Origin country → element → carrier, counting current flows."""
    triples = list(
        flows.values_list("origin_country", "element", "carrier_id").annotate(n=Count("id")).order_by("-n")
    )
    carriers = _names({carrier for _o, _e, carrier, _n in triples if carrier})
    no_carrier = _("No carrier")
    elements = dict(Element.choices)
    rows = [
        [country_name(origin), str(elements.get(element, element)), carriers.get(carrier, no_carrier), n]
        for origin, element, carrier, n in triples
    ]
    first: Counter[tuple[str, str]] = Counter()
    second: Counter[tuple[str, str]] = Counter()
    for origin, element, carrier, n in rows:
        first[(origin, element)] += n
        second[(element, carrier)] += n
    nodes: dict[str, None] = {}
    for source, target in [*first, *second]:
        nodes.setdefault(source)
        nodes.setdefault(target)
    links = [{"source": s, "target": t, "value": v} for (s, t), v in [*first.items(), *second.items()]]
    return Chart(
        "sankey",
        _("Flows: origin country → element → carrier"),
        [_("Origin country"), _("Element"), _("Carrier"), _("Flows")],
        rows,
        {"nodes": [{"name": name} for name in nodes], "links": links},
    )


def station_map(flows: FlowQuerySet) -> Chart:
    """Overseas stations, sized by the outcomes (completed flows) that came through them."""
    counts = dict(
        flows.completed()
        .exclude(station__isnull=True)
        .values_list("station_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    all_ids = set(flows.exclude(station__isnull=True).values_list("station_id", flat=True).distinct())
    stations = Organisation.objects.filter(pk__in=all_ids | set(counts)).order_by("name_en")
    rows, points = [], []
    for station in stations:
        country = pycountry.countries.get(alpha_2=station.country)
        outcomes = counts.get(station.pk, 0)
        rows.append([station.display_name, country_name(station.country), outcomes])
        points.append(
            {
                "name": station.display_name,
                "country": station.country,
                "numeric": country.numeric if country else "",
                "value": outcomes,
            }
        )
    return Chart(
        "stations",
        _("Map of overseas stations, sized by outcomes"),
        [_("Overseas station"), _("Country"), _("Outcomes")],
        rows,
        {"points": points},
    )


def _months(start: dt.date, end: dt.date) -> list[dt.date]:
    months: list[dt.date] = []
    day = start.replace(day=1)
    while day <= end and len(months) < 120:
        months.append(day)
        day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return months


def monthly_trends(flows: FlowQuerySet, start: dt.date, end: dt.date) -> Chart:
    """Current flows per month and element."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for month, element, n in (
        flows.annotate(month=TruncMonth("occurred_on"))
        .values_list("month", "element")
        .annotate(n=Count("id"))
        .order_by()
    ):
        counts[(month.strftime("%Y-%m"), element)] += n
    months = [month.strftime("%Y-%m") for month in _months(start, end)]
    elements = list(Element.choices)
    rows = [[month, *(counts.get((month, code), 0) for code, _label in elements)] for month in months]
    return Chart(
        "trends",
        _("Flows by month"),
        [_("Month"), *(str(label) for _code, label in elements)],
        rows,
        {
            "months": months,
            "series": [
                {"name": str(label), "data": [counts.get((month, code), 0) for month in months]}
                for code, label in elements
            ],
        },
    )


def _ranking(flows: FlowQuerySet, column: str, chart_id: str, title: str, heading: str) -> Chart:
    top = list(
        flows.exclude(**{f"{column}__isnull": True})
        .values_list(column)
        .annotate(
            outcomes=Count("id", filter=Q(stage=Stage.COMPLETED)),
            total=Count("id"),
        )
        .order_by("-outcomes", "-total")[:15]
    )
    names = _names({row[0] for row in top})
    rows = [[names.get(pk, str(pk)), outcomes, total] for pk, outcomes, total in top]
    return Chart(
        chart_id,
        title,
        [heading, _("Outcomes"), _("All flows")],
        rows,
        {"names": [row[0] for row in rows][::-1], "values": [row[1] for row in rows][::-1]},
    )


def carrier_ranking(flows: FlowQuerySet) -> Chart:
    return _ranking(flows, "carrier_id", "carrier_ranking", _("Carriers by outcomes"), _("Carrier"))


def station_ranking(flows: FlowQuerySet) -> Chart:
    return _ranking(
        flows, "station_id", "station_ranking", _("Overseas stations by outcomes"), _("Overseas station")
    )


def build_chart(chart_id: str, flows: FlowQuerySet, start: dt.date, end: dt.date) -> Chart:
    if chart_id == "sankey":
        return sankey(flows)
    if chart_id == "stations":
        return station_map(flows)
    if chart_id == "trends":
        return monthly_trends(flows, start, end)
    if chart_id == "carrier_ranking":
        return carrier_ranking(flows)
    if chart_id == "station_ranking":
        return station_ranking(flows)
    raise KeyError(chart_id)


def build_charts(flows: FlowQuerySet, start: dt.date, end: dt.date) -> list[Chart]:
    return [build_chart(chart_id, flows, start, end) for chart_id in CHART_IDS]
