"""The yearly report's words, in both languages, written as data like the KPI dictionary.

A report is a document in one chosen language, produced from the command line as well as the web, so its
text is authored here in both languages rather than looked up in the interface's catalogue. Every figure
is a ``{kpi_id}`` placeholder filled from the KPI dictionary; ``{year}`` and ``{scope}`` are the only
other placeholders. ``tests/reports/test_yearly_report.py`` checks that each placeholder names a KPI.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    heading_zh: str
    heading_en: str
    paragraphs_zh: tuple[str, ...]
    paragraphs_en: tuple[str, ...]

    def heading(self, lang: str) -> str:
        return self.heading_zh if lang == "zh" else self.heading_en

    def paragraphs(self, lang: str) -> tuple[str, ...]:
        return self.paragraphs_zh if lang == "zh" else self.paragraphs_en


TITLE = {"zh": "{year}年跨境孵化工作报告", "en": "Cross-border incubation in {year}: the yearly report"}
SUBTITLE = {
    "zh": "{scope} · 数据来自跨境流动台账，所有数字由指标字典计算生成",
    "en": "{scope} · Computed from the ledger of cross-border flows; every figure comes from the KPI dictionary",
}
ALL_CARRIERS = {"zh": "全市科创载体", "en": "All innovation carriers"}
CHART_TITLE = {"zh": "各月跨境流动（按要素）", "en": "Flows by month and element"}
STATION_TABLE = {"zh": "海外站点成果排名", "en": "Overseas stations by outcomes"}
KPI_TABLE = {"zh": "指标", "en": "Indicator"}
VALUE = {"zh": "数值", "en": "Value"}
DEFINITION = {"zh": "口径", "en": "Definition"}
STATION = {"zh": "海外站点", "en": "Overseas station"}
OUTCOMES = {"zh": "成果", "en": "Outcomes"}
MONTH = {"zh": "月份", "en": "Month"}
NO_FIGURE = {"zh": "暂无数据", "en": "no figure yet"}
ELEMENTS = {
    "talent": {"zh": "人才", "en": "Talent"},
    "technology": {"zh": "技术", "en": "Technology"},
    "project": {"zh": "项目", "en": "Project"},
    "capital": {"zh": "资金", "en": "Capital"},
    "enterprise": {"zh": "企业", "en": "Enterprise"},
}

SECTIONS: tuple[Section, ...] = (
    Section(
        "一、总体情况",
        "1. Overview",
        (
            "{year}年，依托{overseas_channels}个海外合作渠道和{active_carriers}家有成果的科创载体，"
            "累计引进落地海外企业和人才{landed_overseas}家（名），"
            "{talent_hiring_intentions}名海外高层次人才达成聘用意向，吸引硬科技项目{hard_tech_projects}个。",
            "全年开展对接会、训练营、私董会等活动并产生成果{events_with_outcomes}场，"
            "载体服务企业{enterprises_served}家。",
        ),
        (
            "In {year}, through {overseas_channels} overseas cooperation channels and {active_carriers} innovation "
            "carriers with outcomes, {landed_overseas} overseas enterprises and talents landed, "
            "{talent_hiring_intentions} overseas high-level talents reached hiring intentions, and "
            "{hard_tech_projects} hard-tech projects were attracted.",
            "{events_with_outcomes} matchmaking sessions, training camps and private board meetings produced "
            "outcomes, and carriers served {enterprises_served} enterprises.",
        ),
    ),
    Section(
        "二、五大要素跨境流动",
        "2. The five elements across borders",
        (
            "人才：{talents_hired}名海外人才签订聘用合同。企业：{enterprises_landed}家海外企业完成注册落地，"
            "{outbound_enterprises}家上海企业在海外设立机构。",
            "项目：{projects_settled}个项目签约入驻孵化器。技术：登记技术合同{technology_contracts}项，"
            "成交额{technology_contract_value_cny}。资金：引进投资{capital_inbound_cny}，出境投资{capital_outbound_cny}。",
            "意向到成果的转化率为{conversion_intention_to_outcome}。",
        ),
        (
            "Talent: {talents_hired} overseas talents signed employment contracts. Enterprises: "
            "{enterprises_landed} overseas enterprises registered in Shanghai and {outbound_enterprises} Shanghai "
            "enterprises set up abroad.",
            "Projects: {projects_settled} projects settled in incubators. Technology: {technology_contracts} "
            "technology contracts were registered, worth {technology_contract_value_cny}. Capital: "
            "{capital_inbound_cny} was invested inbound and {capital_outbound_cny} outbound.",
            "Conversion from intention to outcome was {conversion_intention_to_outcome}.",
        ),
    ),
    Section(
        "三、海外站点与渠道",
        "3. Overseas stations and channels",
        ("平均每个有成果的海外站点带来{outcomes_per_station}项成果。各站点成果见下表。",),
        (
            "Each overseas station with outcomes brought {outcomes_per_station} outcomes on average. "
            "The table lists the stations.",
        ),
    ),
    Section(
        "四、指标说明",
        "4. Definitions",
        ("本报告中的数字均由指标字典按以下口径从跨境流动台账计算得出，未经人工填报。",),
        (
            "Every figure in this report is computed from the ledger of flows as defined below; none is typed in.",
        ),
    ),
)
