"""Pages: the dashboard (KPIs and charts, each with a table and an XLSX export) and the yearly report."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.http import require_GET

from hatchway.flows.access import ledger_scope
from hatchway.reports.access import access_dashboard, access_yearly_report
from hatchway.reports.charts import CHART_IDS, build_chart, build_charts
from hatchway.reports.forms import DashboardFilterForm, YearlyReportForm
from hatchway.reports.kpis import KpiFilters, compute_kpis, format_value
from hatchway.reports.yearly import CONTENT_TYPES, build_yearly_report
from hatchway.reports.yearly import render as render_report


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    form = DashboardFilterForm(request.GET or None)
    filters = form.filters()
    board = access_dashboard(request.user, filters)
    start, end = form.period()
    flows = board.flows()
    values = compute_kpis(filters, board.scope.flows())
    charts = build_charts(flows, start, end)
    return render(
        request,
        "reports/dashboard.html",
        {
            "form": form,
            "filters": filters,
            "query": request.GET.urlencode(),
            "carriers": board.carriers(),
            "stations": board.stations(),
            "kpis": [(value, format_value(value.value, value.kpi.unit)) for value in values],
            "charts": charts,
            "chart_data": {chart.id: chart.data for chart in charts},
            "geometry_url": static("reports/vendor/world-atlas/countries-110m.json"),
        },
    )


@login_required
@require_GET
def export_chart(request: HttpRequest, chart_id: str) -> HttpResponse:
    if chart_id not in CHART_IDS:
        raise Http404
    form = DashboardFilterForm(request.GET or None)
    board = access_dashboard(request.user, form.filters())
    start, end = form.period()
    chart = build_chart(chart_id, board.flows(), start, end)
    response = HttpResponse(chart.as_xlsx(), content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="hatchway-{chart_id}-{start}-{end}.xlsx"'
    return response


@login_required
@require_GET
def yearly_report(request: HttpRequest) -> HttpResponse:
    """The form, and — once it is filled in — the report as a download."""
    scope = ledger_scope(request.user)
    board = access_dashboard(request.user, KpiFilters())
    carriers = [
        (carrier.pk, carrier.display_name) for carrier in board.carriers() if scope.allows(carrier.pk)
    ]
    language = "zh" if request.LANGUAGE_CODE.startswith("zh") else "en"
    if "year" not in request.GET:
        initial = {"year": timezone.localdate().year - 1, "lang": language, "format": "pdf"}
        form = YearlyReportForm(initial=initial, carriers=carriers, everything=scope.everything)
        return render(request, "reports/yearly.html", {"form": form, "scope": scope})
    form = YearlyReportForm(request.GET, carriers=carriers, everything=scope.everything)
    if not form.is_valid():
        return render(request, "reports/yearly.html", {"form": form, "scope": scope}, status=422)
    data = form.cleaned_data
    allowed = access_yearly_report(request.user, data.get("carrier"))
    report = build_yearly_report(
        data["year"], data["lang"], carrier_id=data.get("carrier"), flows=allowed.scope.flows()
    )
    response = HttpResponse(render_report(report, data["format"]), content_type=CONTENT_TYPES[data["format"]])
    disposition = "inline" if data["format"] == "html" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{report.filename_stem}.{data["format"]}"'
    return response
