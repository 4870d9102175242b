"""The yearly report: the letter's narrative, filled from the KPI dictionary, as HTML, PDF or XLSX."""

from __future__ import annotations

import datetime as dt
import html
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from hatchway.directory.models import Organisation
from hatchway.flows.models import Element, Flow, FlowQuerySet
from hatchway.reports import narrative as words
from hatchway.reports.charts import monthly_trends, station_ranking
from hatchway.reports.fonts import find_font, register_font
from hatchway.reports.kpis import KpiFilters, KpiValue, compute_kpis, format_value

FORMATS = ("html", "pdf", "xlsx")
LANGS = ("zh", "en")
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
ELEMENT_COLOURS = {
    "talent": "#5470c6",
    "technology": "#91cc75",
    "project": "#fac858",
    "capital": "#ee6666",
    "enterprise": "#73c0de",
}


@dataclass
class KpiRow:
    id: str
    label: str
    value: str
    raw: int | float | None
    unit: str
    definition: str


@dataclass
class YearlyReport:
    year: int
    lang: str
    title: str
    subtitle: str
    sections: list[tuple[str, list[str]]]
    kpis: list[KpiRow]
    months: list[str]
    series: list[tuple[str, str, list[int]]]  # element code, label, counts per month
    stations: list[tuple[str, int]]
    values: dict[str, int | float | None] = field(default_factory=dict)

    @property
    def filename_stem(self) -> str:
        return f"hatchway-report-{self.year}-{self.lang}"


def _django_language(lang: str) -> str:
    return "zh-hans" if lang == "zh" else "en"


def build_yearly_report(
    year: int, lang: str, *, carrier_id: int | None = None, flows: FlowQuerySet | None = None
) -> YearlyReport:
    """Compute every figure of the year's report from the KPI dictionary, in ``lang`` (zh or en)."""
    if lang not in LANGS:
        raise ValueError(lang)
    with translation.override(_django_language(lang)):
        filters = KpiFilters.for_year(year, carrier_id=carrier_id)
        values: list[KpiValue] = compute_kpis(filters, flows)
        formatted = {
            item.id: format_value(item.value, item.kpi.unit, lang)
            if item.value is not None
            else words.NO_FIGURE[lang]
            for item in values
        }
        scope = words.ALL_CARRIERS[lang]
        if carrier_id is not None:
            carrier = Organisation.objects.filter(pk=carrier_id).first()
            scope = carrier.display_name if carrier else str(carrier_id)
        context = {**formatted, "year": str(year), "scope": scope}
        sections = [
            (section.heading(lang), [text.format_map(context) for text in section.paragraphs(lang)])
            for section in words.SECTIONS
        ]
        selected = filters.apply(flows if flows is not None else Flow.objects.all())
        trends = monthly_trends(
            selected, filters.start or dt.date(year, 1, 1), filters.end or dt.date(year, 12, 31)
        )
        counts = {series["name"]: series["data"] for series in trends.data["series"]}
        series = [
            (code, words.ELEMENTS[code][lang], counts.get(str(label), [0] * len(trends.data["months"])))
            for code, label in Element.choices
        ]
        stations = [(str(row[0]), int(row[1])) for row in station_ranking(selected).rows]
        kpis = [
            KpiRow(
                item.id,
                item.kpi.label_zh if lang == "zh" else item.kpi.label_en,
                formatted[item.id],
                item.value,
                item.kpi.unit,
                " ".join(
                    part
                    for part in (
                        item.kpi.definition_zh if lang == "zh" else item.kpi.definition_en,
                        (item.kpi.note_zh if lang == "zh" else item.kpi.note_en)
                        if item.value is None
                        else "",
                    )
                    if part
                ),
            )
            for item in values
        ]
        return YearlyReport(
            year=year,
            lang=lang,
            title=words.TITLE[lang].format(year=year),
            subtitle=words.SUBTITLE[lang].format(scope=scope),
            sections=sections,
            kpis=kpis,
            months=list(trends.data["months"]),
            series=series,
            stations=stations,
            values={item.id: item.value for item in values},
        )


def render(report: YearlyReport, fmt: str) -> bytes:
    if fmt == "html":
        return render_html(report).encode("utf-8")
    if fmt == "pdf":
        return render_pdf(report)
    if fmt == "xlsx":
        return render_xlsx(report)
    raise ValueError(fmt)


# --- HTML ------------------------------------------------------------------------------------------


def monthly_svg(report: YearlyReport, width: int = 720, height: int = 260) -> str:
    """A stacked bar chart of flows per month as inline SVG: no script, prints as it shows."""
    left, bottom, top = 40, 30, 10
    plot_h = height - bottom - top
    totals = [sum(series[2][i] for series in report.series) for i in range(len(report.months))]
    peak = max(totals, default=0) or 1
    step = (width - left - 10) / max(len(report.months), 1)
    y: float
    bar = step * 0.7
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height + 24}" role="img" '
        f'aria-label="{html.escape(words.CHART_TITLE[report.lang])}" class="chart">',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 10}" y2="{top + plot_h}" stroke="#888"/>',
        f'<text x="{left - 6}" y="{top + 10}" text-anchor="end" font-size="11">{peak}</text>',
    ]
    for index, month in enumerate(report.months):
        x = left + index * step + (step - bar) / 2
        y = top + plot_h
        for code, label, counts in report.series:
            h = plot_h * counts[index] / peak
            if h > 0:
                y -= h
                parts.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                    f'fill="{ELEMENT_COLOURS[code]}"><title>{html.escape(label)} {month}: {counts[index]}</title></rect>'
                )
        parts.append(
            f'<text x="{x + bar / 2:.1f}" y="{top + plot_h + 16}" text-anchor="middle" font-size="11">{month[5:]}</text>'
        )
    for index, (code, label, _counts) in enumerate(report.series):
        x = left + index * 120
        parts.append(
            f'<rect x="{x}" y="{height + 8}" width="12" height="12" fill="{ELEMENT_COLOURS[code]}"/>'
        )
        parts.append(f'<text x="{x + 16}" y="{height + 18}" font-size="12">{html.escape(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def render_html(report: YearlyReport) -> str:
    with translation.override(_django_language(report.lang)):
        return render_to_string(
            "reports/yearly_report.html",
            {
                "report": report,
                "chart": monthly_svg(report),
                "words": {
                    key: getattr(words, key)[report.lang]
                    for key in (
                        "CHART_TITLE",
                        "STATION_TABLE",
                        "KPI_TABLE",
                        "VALUE",
                        "DEFINITION",
                        "STATION",
                        "OUTCOMES",
                        "MONTH",
                    )
                },
                "html_lang": "zh-Hans" if report.lang == "zh" else "en",
            },
        )


# --- PDF -------------------------------------------------------------------------------------------


def _register_font() -> str:
    return register_font(find_font(str(settings.HATCHWAY_CJK_FONT or "")))


def _pdf_chart(report: YearlyReport, font: str) -> object:
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors

    drawing = Drawing(460, 230)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 50, 400, 160
    chart.data = [tuple(counts) for _code, _label, counts in report.series] or [(0,)]
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.categoryNames = [month[5:] for month in report.months]
    chart.categoryAxis.labels.fontName = font
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.valueMin = 0
    for index, (code, _label, _counts) in enumerate(report.series):
        chart.bars[index].fillColor = colors.HexColor(ELEMENT_COLOURS[code])
        chart.bars[index].strokeColor = None
    legend = Legend()
    legend.x, legend.y = 40, 20
    legend.fontName = font
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 80
    legend.colorNamePairs = [
        (colors.HexColor(ELEMENT_COLOURS[code]), label) for code, label, _c in report.series
    ]
    drawing.add(chart)
    drawing.add(legend)
    return drawing


def render_pdf(report: YearlyReport) -> bytes:
    """A PDF whose Chinese shows and can be copied out: an embedded (subset) CJK font, else the built-in one."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = _register_font()
    wrap = "CJK" if report.lang == "zh" else "LTR"
    body = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=16, wordWrap=wrap, spaceAfter=6)
    small = ParagraphStyle("small", parent=body, fontSize=8.5, leading=12, spaceAfter=0)
    title = ParagraphStyle("title", parent=body, fontSize=18, leading=24, spaceAfter=4)
    heading = ParagraphStyle("heading", parent=body, fontSize=13, leading=20, spaceBefore=10, spaceAfter=6)

    def p(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(html.escape(text), style)

    story: list[object] = [p(report.title, title), p(report.subtitle, small), Spacer(1, 6 * mm)]
    for index, (section_heading, paragraphs) in enumerate(report.sections):
        story.append(p(section_heading, heading))
        story.extend(p(text) for text in paragraphs)
        if index == 1:
            story.append(p(words.CHART_TITLE[report.lang], small))
            story.append(_pdf_chart(report, font))
        if index == 2 and report.stations:
            rows = [[p(words.STATION[report.lang], small), p(words.OUTCOMES[report.lang], small)]]
            rows += [[p(name, small), p(str(count), small)] for name, count in report.stations]
            story.append(_table(rows, [120 * mm, 40 * mm], font, colors, Table, TableStyle))
    rows = [
        [
            p(words.KPI_TABLE[report.lang], small),
            p(words.VALUE[report.lang], small),
            p(words.DEFINITION[report.lang], small),
        ]
    ]
    rows += [[p(row.label, small), p(row.value, small), p(row.definition, small)] for row in report.kpis]
    story.append(_table(rows, [55 * mm, 30 * mm, 85 * mm], font, colors, Table, TableStyle))
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, title=report.title, author="Hatchway", leftMargin=20 * mm, rightMargin=20 * mm
    )
    document.build(story)
    return buffer.getvalue()


def _table(
    rows: list[list[object]], widths: list[float], font: str, colors: object, table: type, style: type
) -> object:
    result = table(rows, colWidths=widths, repeatRows=1)
    result.setStyle(
        style(
            [
                ("FONTNAME", (0, 0), (-1, -1), font),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),  # type: ignore[attr-defined]
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f7")),  # type: ignore[attr-defined]
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return result


# --- XLSX ------------------------------------------------------------------------------------------


def render_xlsx(report: YearlyReport) -> bytes:
    """A workbook: the narrative, the KPI table (values as numbers), months with a chart, stations."""
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Alignment, Font

    zh = report.lang == "zh"
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "报告" if zh else "Report"
    sheet.append([report.title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([report.subtitle])
    for section_heading, paragraphs in report.sections:
        sheet.append([])
        sheet.append([section_heading])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
        for text in paragraphs:
            sheet.append([text])
            sheet.cell(sheet.max_row, 1).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 110

    kpis = workbook.create_sheet("指标" if zh else "KPIs")
    kpis.append(
        ["id", words.KPI_TABLE[report.lang], words.VALUE[report.lang], "unit", words.DEFINITION[report.lang]]
    )
    for row in report.kpis:
        kpis.append([row.id, row.label, row.raw, row.unit, row.definition])
    for column, width in zip("ABCDE", (30, 40, 16, 10, 90), strict=True):
        kpis.column_dimensions[column].width = width

    months = workbook.create_sheet("月度" if zh else "Monthly")
    months.append([words.MONTH[report.lang], *(label for _code, label, _counts in report.series)])
    for index, month in enumerate(report.months):
        months.append([month, *(counts[index] for _code, _label, counts in report.series)])
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = words.CHART_TITLE[report.lang]
    data = Reference(
        months, min_col=2, max_col=1 + len(report.series), min_row=1, max_row=1 + len(report.months)
    )
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(months, min_col=1, min_row=2, max_row=1 + len(report.months)))
    months.add_chart(chart, "H2")

    stations = workbook.create_sheet("站点" if zh else "Stations")
    stations.append([words.STATION[report.lang], words.OUTCOMES[report.lang]])
    for name, count in report.stations:
        stations.append([name, count])
    stations.column_dimensions["A"].width = 50
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
