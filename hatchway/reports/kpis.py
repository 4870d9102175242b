"""The KPI dictionary: every figure on a dashboard or in a report is defined here, once, as data plus a query.

Each ``Kpi`` says what it counts in plain words (zh and en), its unit, its formula over the flows ledger,
the tables it reads and which filters narrow it. ``compute_kpis`` is the only way figures are produced:
the dashboards, the yearly report and ``hatchway report kpis`` all call it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils.translation import get_language

from hatchway.flows.models import Direction, Element, EvidenceKind, Flow, FlowQuerySet, ProducerKind, Stage

Value = int | float | None

ALL_FILTERS = ("period", "carrier", "station", "country", "element")
FLOWS = ("flows_flow",)
MONEY = ("flows_flow", "flows_currencyrate")


@dataclass(frozen=True)
class KpiFilters:
    """How the ledger is narrowed: a period (both days included) and optional organisations, country, element."""

    start: dt.date | None = None
    end: dt.date | None = None
    carrier_id: int | None = None
    station_id: int | None = None
    country: str | None = None
    element: str | None = None

    @classmethod
    def for_year(cls, year: int, **others: Any) -> KpiFilters:
        return cls(start=dt.date(year, 1, 1), end=dt.date(year, 12, 31), **others)

    def apply(self, flows: FlowQuerySet) -> FlowQuerySet:
        flows = flows.current().between(self.start, self.end)
        if self.carrier_id is not None:
            flows = flows.filter(carrier_id=self.carrier_id)
        if self.station_id is not None:
            flows = flows.filter(station_id=self.station_id)
        if self.country:
            flows = flows.filter(Q(origin_country=self.country) | Q(destination_country=self.country))
        if self.element:
            flows = flows.filter(element=self.element)
        return flows


@dataclass(frozen=True)
class Kpi:
    id: str
    label_zh: str
    label_en: str
    definition_zh: str
    definition_en: str
    unit: str  # "count", "CNY" (whole yuan), "percent", "ratio"
    formula: str
    compute: Callable[[FlowQuerySet], Value] = field(repr=False, compare=False)
    source: tuple[str, ...] = FLOWS
    filters: tuple[str, ...] = ALL_FILTERS
    note_zh: str = ""
    note_en: str = ""
    letter: str = ""  # the figure in the reply letter this KPI stands for, if any
    # KPIs counted from other records than the ledger (the directory, events) read the filters directly.
    records: Callable[[KpiFilters], Value] | None = field(default=None, repr=False, compare=False)

    def value(self, filters: KpiFilters, flows: FlowQuerySet) -> Value:
        return self.records(filters) if self.records is not None else self.compute(flows)

    @property
    def label(self) -> str:
        return self.label_zh if (get_language() or "").startswith("zh") else self.label_en

    @property
    def definition(self) -> str:
        return self.definition_zh if (get_language() or "").startswith("zh") else self.definition_en

    @property
    def note(self) -> str:
        return self.note_zh if (get_language() or "").startswith("zh") else self.note_en


@dataclass(frozen=True)
class KpiValue:
    kpi: Kpi
    value: Value

    @property
    def id(self) -> str:
        return self.kpi.id

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.kpi.id,
            "label_zh": self.kpi.label_zh,
            "label_en": self.kpi.label_en,
            "value": self.value,
            "unit": self.kpi.unit,
        }


# --- queries ---------------------------------------------------------------------------------------


def _inbound(flows: FlowQuerySet, *elements: str) -> FlowQuerySet:
    return flows.filter(direction=Direction.INBOUND, element__in=elements)


def _yuan(flows: FlowQuerySet) -> int:
    fen = flows.aggregate(total=Sum("value_cny_minor"))["total"] or 0
    return round(fen / 100)


def _distinct(flows: FlowQuerySet, column: str) -> int:
    return flows.exclude(**{f"{column}__isnull": True}).values(column).distinct().count()


def _counterparties(flows: FlowQuerySet) -> int:
    names: set[str] = set()
    for parties in flows.exclude(carrier__isnull=True).values_list("counterparties", flat=True):
        names.update(name.casefold() for name in parties or [])
    return len(names)


def _outcomes_per_station(flows: FlowQuerySet) -> Value:
    outcomes = flows.completed().exclude(station__isnull=True)
    stations = _distinct(outcomes, "station")
    return round(outcomes.count() / stations, 1) if stations else None


def _intention_to_outcome(flows: FlowQuerySet) -> Value:
    stages = dict(flows.values_list("stage").annotate(n=Count("id")).order_by())
    total = stages.get(Stage.INTENTION, 0) + stages.get(Stage.COMPLETED, 0)
    return round(100 * stages.get(Stage.COMPLETED, 0) / total, 1) if total else None


def _pending(flows: FlowQuerySet) -> Value:
    return None


def _goi_centres(filters: KpiFilters) -> Value:
    from hatchway.directory.models import Organisation, OrganisationKind, Subtype

    centres = Organisation.objects.filter(kind=OrganisationKind.CARRIER, subtype=Subtype.GOI)
    if filters.carrier_id is not None:
        centres = centres.filter(pk=filters.carrier_id)
    return centres.count()


def _eligible_without_applying(filters: KpiFilters) -> Value:
    """Distinct enterprises found eligible in approved runs dated in the period; null before any approval."""
    from hatchway.policy.models import Determination, PolicyRun

    runs = PolicyRun.objects.approved()
    if not runs.exists():
        return None
    found = Determination.objects.approved().filter(eligible=True)
    if filters.start is not None:
        found = found.filter(run__as_of__gte=filters.start)
    if filters.end is not None:
        found = found.filter(run__as_of__lte=filters.end)
    return found.values("enterprise_id").distinct().count()


def _competition_sites(filters: KpiFilters) -> Value:
    from hatchway.competitions.models import Site

    sites = Site.objects.all()
    if filters.start is not None:
        sites = sites.filter(round__competition__edition__gte=filters.start.year)
    if filters.end is not None:
        sites = sites.filter(round__competition__edition__lte=filters.end.year)
    if filters.carrier_id is not None:
        sites = sites.filter(host_id=filters.carrier_id)
    # A carrier hosting a site in several rounds of one edition is one site.
    return sites.values("round__competition", "host").distinct().count()


def _exhibition_zones(filters: KpiFilters) -> Value:
    from hatchway.events.models import Event, EventKind

    zones = Event.objects.filter(kind=EventKind.EXHIBITION_ZONE).exclude(status="cancelled")
    if filters.start is not None:
        zones = zones.filter(starts_at__date__gte=filters.start)
    if filters.end is not None:
        zones = zones.filter(starts_at__date__lte=filters.end)
    if filters.carrier_id is not None:
        zones = zones.filter(organiser_id=filters.carrier_id)
    return zones.count()


def _pipeline_parties(filters: KpiFilters, prefix: str) -> Q:
    """Records whose source or target listing belongs to the carrier or to an enterprise it incubates."""
    from hatchway.directory.models import Organisation

    assert filters.carrier_id is not None
    organisations = Organisation.objects.incubated_by([filters.carrier_id]).values("pk")
    return (
        Q(**{f"{prefix}source__owner_organisation_id": filters.carrier_id})
        | Q(**{f"{prefix}target__owner_organisation_id": filters.carrier_id})
        | Q(**{f"{prefix}source__owner_organisation__in": organisations})
        | Q(**{f"{prefix}target__owner_organisation__in": organisations})
    )


def _interest_to_meeting(filters: KpiFilters) -> Value:
    from hatchway.pipeline.models import MEETING_STAGES, Interest

    interests = Interest.objects.first_ones()
    if filters.start is not None:
        interests = interests.filter(created_at__date__gte=filters.start)
    if filters.end is not None:
        interests = interests.filter(created_at__date__lte=filters.end)
    if filters.carrier_id is not None:
        interests = interests.filter(_pipeline_parties(filters, ""))
    total = interests.count()
    met = interests.filter(match__history__to_stage__in=MEETING_STAGES).distinct().count()
    return round(100 * met / total, 1) if total else None


def _meeting_to_outcome(filters: KpiFilters) -> Value:
    from hatchway.pipeline.models import MEETING_STAGES, WON_STAGES, Match, MatchStageChange

    meetings = MatchStageChange.objects.filter(to_stage__in=MEETING_STAGES)
    if filters.start is not None:
        meetings = meetings.filter(changed_at__date__gte=filters.start)
    if filters.end is not None:
        meetings = meetings.filter(changed_at__date__lte=filters.end)
    matches = Match.objects.filter(pk__in=meetings.values("match_id"))
    if filters.carrier_id is not None:
        matches = matches.filter(_pipeline_parties(filters, ""))
    total = matches.count()
    won = matches.filter(stage__in=WON_STAGES).count()
    return round(100 * won / total, 1) if total else None


PENDING_EVENTS_ZH = "活动应用（规划中）记录活动后计算；在此之前不显示数值。"
PENDING_EVENTS_EN = "Computed once the events app (planned) records events; no figure until then."

KPIS: tuple[Kpi, ...] = (
    Kpi(
        id="overseas_channels",
        label_zh="海外合作渠道",
        label_en="Overseas cooperation channels",
        definition_zh="期间内至少带来一项跨境流动的海外站点或合作渠道的数量。",
        definition_en="Overseas stations or cooperation channels through which at least one flow came in the period.",
        unit="count",
        formula="COUNT(DISTINCT station) over current flows",
        compute=lambda flows: _distinct(flows, "station"),
        letter="60+",
    ),
    Kpi(
        id="landed_overseas",
        label_zh="落地的海外企业和人才",
        label_en="Overseas enterprises and talents landed",
        definition_zh="入境方向、已完成的企业落地和人才引进数量之和。",
        definition_en="Completed inbound flows of enterprises (company registered) and talents (hired).",
        unit="count",
        formula="COUNT(*) WHERE direction=inbound AND stage=completed AND element IN (enterprise, talent)",
        compute=lambda flows: _inbound(flows, Element.ENTERPRISE, Element.TALENT).completed().count(),
        letter="500+",
    ),
    Kpi(
        id="talent_hiring_intentions",
        label_zh="达成聘用意向的海外高层次人才",
        label_en="Overseas high-level talents with a hiring intention",
        definition_zh="入境方向、处于“意向”阶段的人才流动数量（意向不等于录用）。",
        definition_en="Inbound talent flows at the intention stage (a hiring intention is not a hire).",
        unit="count",
        formula="COUNT(*) WHERE element=talent AND direction=inbound AND stage=intention",
        compute=lambda flows: _inbound(flows, Element.TALENT).filter(stage=Stage.INTENTION).count(),
        letter="~200",
    ),
    Kpi(
        id="talents_hired",
        label_zh="已录用的海外人才",
        label_en="Overseas talents hired",
        definition_zh="入境方向、已完成（签订聘用合同）的人才流动数量。",
        definition_en="Inbound talent flows completed with an employment letter.",
        unit="count",
        formula="COUNT(*) WHERE element=talent AND direction=inbound AND stage=completed",
        compute=lambda flows: _inbound(flows, Element.TALENT).completed().count(),
    ),
    Kpi(
        id="enterprises_landed",
        label_zh="落地的海外企业",
        label_en="Overseas enterprises landed",
        definition_zh="入境方向、已完成工商注册的企业流动数量。",
        definition_en="Inbound enterprise flows completed with a company registration.",
        unit="count",
        formula="COUNT(*) WHERE element=enterprise AND direction=inbound AND stage=completed",
        compute=lambda flows: _inbound(flows, Element.ENTERPRISE).completed().count(),
    ),
    Kpi(
        id="outbound_enterprises",
        label_zh="走出去的上海企业",
        label_en="Shanghai enterprises gone abroad",
        definition_zh="出境方向、已在海外设立机构的企业流动数量。",
        definition_en="Outbound enterprise flows completed: a Shanghai company set up abroad.",
        unit="count",
        formula="COUNT(*) WHERE element=enterprise AND direction=outbound AND stage=completed",
        compute=lambda flows: (
            flows.filter(element=Element.ENTERPRISE, direction=Direction.OUTBOUND).completed().count()
        ),
    ),
    Kpi(
        id="hard_tech_projects",
        label_zh="吸引的硬科技项目",
        label_en="Hard-tech projects attracted",
        definition_zh="入境方向的项目流动数量，包括意向和已入驻。",
        definition_en="Inbound project flows, at intention or settled in an incubator.",
        unit="count",
        formula="COUNT(*) WHERE element=project AND direction=inbound",
        compute=lambda flows: _inbound(flows, Element.PROJECT).count(),
        letter="~1,000",
    ),
    Kpi(
        id="projects_settled",
        label_zh="入驻孵化器的项目",
        label_en="Projects settled in incubators",
        definition_zh="入境方向、已签订入驻协议的项目流动数量。",
        definition_en="Inbound project flows completed with a settlement agreement.",
        unit="count",
        formula="COUNT(*) WHERE element=project AND direction=inbound AND stage=completed",
        compute=lambda flows: _inbound(flows, Element.PROJECT).completed().count(),
    ),
    Kpi(
        id="active_carriers",
        label_zh="有成果的科创载体",
        label_en="Innovation carriers with outcomes",
        definition_zh="期间内至少参与一项跨境流动的科创载体数量。",
        definition_en="Innovation carriers involved in at least one flow in the period.",
        unit="count",
        formula="COUNT(DISTINCT carrier) over current flows",
        compute=lambda flows: _distinct(flows, "carrier"),
    ),
    Kpi(
        id="goi_centres",
        label_zh="大企业开放创新中心（GOI）",
        label_en="Large-enterprise open-innovation centres (GOI)",
        definition_zh="目录中登记为 GOI 的载体数量。",
        definition_en="Carriers registered in the directory as GOI centres.",
        unit="count",
        formula="COUNT(organisation) WHERE carrier type = GOI",
        compute=_pending,
        records=_goi_centres,
        source=("directory_organisation",),
        filters=("carrier",),
        letter="90",
    ),
    Kpi(
        id="enterprises_served",
        label_zh="载体服务的企业",
        label_en="Enterprises served by carriers",
        definition_zh="有载体参与的跨境流动中出现的不同相关方（企业、机构）数量。",
        definition_en="Distinct counterparties (enterprises, organisations) in flows a carrier took part in.",
        unit="count",
        formula="COUNT(DISTINCT counterparty) over current flows WHERE carrier IS NOT NULL",
        compute=_counterparties,
        letter="10,000+",
    ),
    Kpi(
        id="events_with_outcomes",
        label_zh="产生成果的对接会、训练营和私董会",
        label_en="Matchmaking sessions, training camps and board meetings with outcomes",
        definition_zh="期间内至少产生一项跨境流动的活动数量。",
        definition_en="Events (matchmaking, training camps, private board meetings) that produced at least one flow.",
        unit="count",
        formula="COUNT(DISTINCT producer_ref) WHERE producer_kind=event",
        compute=lambda flows: (
            flows.filter(producer_kind=ProducerKind.EVENT).values("producer_ref").distinct().count()
        ),
        letter="100+",
    ),
    Kpi(
        id="competition_sites",
        label_zh="设在孵化器的赛点",
        label_en="Competition sites at incubators",
        definition_zh="在孵化器设立的创新创业大赛赛点数量。",
        definition_en="Innovation and entrepreneurship competition sites hosted by incubators.",
        unit="count",
        formula="COUNT(DISTINCT competition, host carrier) over competition sites, editions in the period",
        compute=_pending,
        records=_competition_sites,
        source=("events_site",),
        filters=("period", "carrier"),
        letter="70+",
    ),
    Kpi(
        id="exhibition_zones",
        label_zh="展区",
        label_en="Exhibition zones",
        definition_zh="载体举办或参与的展区数量。",
        definition_en="Exhibition zones run or joined by carriers.",
        unit="count",
        formula="COUNT(event) WHERE kind=exhibition_zone, starting in the period",
        compute=_pending,
        records=_exhibition_zones,
        source=("events_event",),
        filters=("period", "carrier"),
        letter="10+",
    ),
    Kpi(
        id="capital_inbound_cny",
        label_zh="引进资金（折人民币）",
        label_en="Capital invested inbound (CNY)",
        definition_zh="入境方向、已完成投资的金额，按发生日当日或之前最近的汇率折算为人民币。",
        definition_en="Completed inbound investments, converted to yuan at the latest rate on or before each date.",
        unit="CNY",
        formula="SUM(value_cny) WHERE element=capital AND direction=inbound AND stage=completed",
        compute=lambda flows: _yuan(_inbound(flows, Element.CAPITAL).completed()),
        source=MONEY,
    ),
    Kpi(
        id="capital_outbound_cny",
        label_zh="出境投资（折人民币）",
        label_en="Capital invested outbound (CNY)",
        definition_zh="出境方向、已完成投资的金额，折算为人民币。",
        definition_en="Completed outbound investments, converted to yuan.",
        unit="CNY",
        formula="SUM(value_cny) WHERE element=capital AND direction=outbound AND stage=completed",
        compute=lambda flows: _yuan(
            flows.filter(element=Element.CAPITAL, direction=Direction.OUTBOUND).completed()
        ),
        source=MONEY,
    ),
    Kpi(
        id="technology_contracts",
        label_zh="登记的技术合同",
        label_en="Technology contracts registered",
        definition_zh="已完成、持技术合同登记证明的技术流动数量（双向）。",
        definition_en="Completed technology flows with a technology-contract registration certificate (both ways).",
        unit="count",
        formula="COUNT(*) WHERE element=technology AND stage=completed AND evidence=technology_contract",
        compute=lambda flows: (
            flows.filter(element=Element.TECHNOLOGY, evidence_kind=EvidenceKind.TECHNOLOGY_CONTRACT)
            .completed()
            .count()
        ),
    ),
    Kpi(
        id="technology_contract_value_cny",
        label_zh="技术合同成交额（折人民币）",
        label_en="Technology-contract transaction value (CNY)",
        definition_zh="已登记技术合同的成交金额之和，折算为人民币。",
        definition_en="Transaction value of registered technology contracts, converted to yuan.",
        unit="CNY",
        formula="SUM(value_cny) WHERE element=technology AND stage=completed AND evidence=technology_contract",
        compute=lambda flows: _yuan(
            flows.filter(
                element=Element.TECHNOLOGY, evidence_kind=EvidenceKind.TECHNOLOGY_CONTRACT
            ).completed()
        ),
        source=MONEY,
    ),
    Kpi(
        id="outcomes_per_station",
        label_zh="每个海外站点的成果",
        label_en="Outcomes per overseas station",
        definition_zh="经海外站点完成的跨境流动数量除以有成果的站点数量。",
        definition_en="Completed flows that came through an overseas station, divided by the number of such stations.",
        unit="ratio",
        formula="COUNT(completed flows with a station) / COUNT(DISTINCT station)",
        compute=_outcomes_per_station,
    ),
    Kpi(
        id="conversion_intention_to_outcome",
        label_zh="意向到成果的转化率",
        label_en="Conversion from intention to outcome",
        definition_zh="期间内已完成的流动占意向和已完成流动之和的百分比。",
        definition_en="Completed flows as a share of intentions plus completed flows in the period.",
        unit="percent",
        formula="100 × COUNT(stage=completed) / COUNT(stage IN (intention, completed))",
        compute=_intention_to_outcome,
    ),
    Kpi(
        id="conversion_interest_to_meeting",
        label_zh="兴趣到会面的转化率",
        label_en="Conversion from interest to meeting",
        definition_zh="期间内表达的合作意向（不含回应对方意向的那一条）中，双方进入会面（面试、考察）阶段的比例。",
        definition_en="Share of the interests expressed in the period (not counting the answers that made them "
        "mutual) whose match reached its meeting stage (meeting, interview or visit).",
        unit="percent",
        formula="100 × COUNT(first interests whose match reached the meeting stage) / COUNT(first interests)",
        compute=_pending,
        records=_interest_to_meeting,
        source=("matching_interest", "matching_matchstagechange"),
        filters=("period", "carrier"),
    ),
    Kpi(
        id="conversion_meeting_to_outcome",
        label_zh="会面到成果的转化率",
        label_en="Conversion from meeting to outcome",
        definition_zh="期间内进入会面（面试、考察）阶段的撮合中，最终达成成果（投资、许可、录用、落地）的比例。",
        definition_en="Share of the matches that reached their meeting stage in the period and were then won "
        "(invested, licensed, hired or landed).",
        unit="percent",
        formula="100 × COUNT(matches met in the period and won) / COUNT(matches met in the period)",
        compute=_pending,
        records=_meeting_to_outcome,
        source=("matching_match", "matching_matchstagechange"),
        filters=("period", "carrier"),
    ),
    Kpi(
        id="policy_eligible_without_applying",
        label_zh="免申即享的企业",
        label_en="Enterprises found eligible without applying",
        definition_zh="政策引擎认定符合条件、无需申请即可享受政策的企业数量。",
        definition_en="Enterprises the policy engine found eligible for a programme without their applying.",
        unit="count",
        formula="COUNT(DISTINCT enterprise) over eligible determinations of approved runs dated in the period",
        compute=_pending,
        records=_eligible_without_applying,
        source=("policy_determination", "policy_policyrun"),
        filters=("period",),
        note_zh="按运营方批准的测算批次中认定符合条件的企业计数（按测算日期）；尚无批准批次时不显示数值。",
        note_en="Counted from the eligible determinations of runs an operator approved, by the run's date; "
        "no figure until a run is approved.",
    ),
)

KPI_BY_ID = {kpi.id: kpi for kpi in KPIS}


def compute_kpis(filters: KpiFilters, flows: FlowQuerySet | None = None) -> list[KpiValue]:
    """Every KPI over ``flows`` (the part of the ledger the viewer may see; all of it by default)."""
    selected = filters.apply(flows if flows is not None else Flow.objects.all())
    return [KpiValue(kpi, kpi.value(filters, selected)) for kpi in KPIS]


def format_value(value: Value, unit: str, lang: str | None = None) -> str:
    """A KPI value for people: 1,234 / CN¥12,345,678 (in Chinese 1,234.6万元, 4.54亿元) / 42.5% / "—"."""
    from babel.numbers import format_currency, format_decimal

    if value is None:
        return "—"
    locale = "zh_Hans" if (lang or get_language() or "").startswith("zh") else "en"
    if unit == "CNY":
        if locale == "zh_Hans" and value >= 100_000_000:
            return f"{format_decimal(round(value / 100_000_000, 2), locale=locale)}亿元"
        if locale == "zh_Hans" and value >= 10_000:
            return f"{format_decimal(round(value / 10_000, 1), locale=locale)}万元"
        return str(format_currency(value, "CNY", locale=locale, format="¤#,##0", currency_digits=False))
    if unit == "percent":
        return f"{format_decimal(value, locale=locale)}%"
    return str(format_decimal(value, locale=locale))


def compute_kpi(kpi_id: str, filters: KpiFilters, flows: FlowQuerySet | None = None) -> Value:
    selected = filters.apply(flows if flows is not None else Flow.objects.all())
    return KPI_BY_ID[kpi_id].value(filters, selected)
