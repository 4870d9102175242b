"""The ledger's history and the rates that value it: operators import them, and the ledger's own actions
write them (``flows.actions``), so an imported flow is checked and valued like one recorded by hand."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from hatchway.accounts.models import User
from hatchway.directory.access import is_operator
from hatchway.directory.taxonomy import minor_units
from hatchway.flows.actions import (
    FlowRow,
    RateRow,
    check_flow_valued,
    do_import_flows,
    do_import_rates,
)
from hatchway.flows.models import CurrencyRate, Direction, Element, EvidenceKind, Flow, ProducerKind, Stage
from hatchway.transfer import columns as c
from hatchway.transfer.spec import CheckState, Outcome, RowError, Spec, register
from hatchway.transfer.specs._common import Rows, once_per_file, organisations_named

ELEMENTS: dict[str, tuple[str, ...]] = {
    Element.TALENT: ("人才", "Talent"),
    Element.TECHNOLOGY: ("技术", "Technology"),
    Element.PROJECT: ("项目", "Project"),
    Element.CAPITAL: ("资金", "Capital"),
    Element.ENTERPRISE: ("企业", "Enterprise"),
}
DIRECTIONS: dict[str, tuple[str, ...]] = {
    Direction.INBOUND: ("流入上海", "Inbound to Shanghai", "入境", "引进", "流入"),
    Direction.OUTBOUND: ("从上海流出", "Outbound from Shanghai", "出境", "走出去", "流出"),
}
STAGES: dict[str, tuple[str, ...]] = {
    Stage.INTENTION: ("意向", "Intention"),
    Stage.COMPLETED: ("完成", "Completed", "已完成"),
}
EVIDENCE: dict[str, tuple[str, ...]] = {
    EvidenceKind.COMPANY_REGISTRATION: ("公司注册", "Company registration"),
    EvidenceKind.TECHNOLOGY_CONTRACT: ("技术合同登记证明", "Technology-contract registration certificate"),
    EvidenceKind.EMPLOYMENT_LETTER: ("聘用函", "Employment letter"),
    EvidenceKind.HIRING_INTENTION: ("已签署的聘用意向书", "Signed hiring intention", "聘用意向书"),
    EvidenceKind.INVESTMENT_AGREEMENT: ("投资协议", "Investment agreement"),
    EvidenceKind.SETTLEMENT_AGREEMENT: ("孵化器入驻协议", "Incubator settlement agreement"),
    EvidenceKind.LETTER_OF_INTENT: ("意向书", "Letter of intent"),
    EvidenceKind.OTHER: ("其他文件", "Other document"),
}
for _options, _choices in (
    (ELEMENTS, Element),
    (DIRECTIONS, Direction),
    (STAGES, Stage),
    (EVIDENCE, EvidenceKind),
):
    assert set(_options) == set(_choices.values)

# A name may hold a comma ("Helix Bio, Inc."): counterparties are separated by semicolons only.
SEPARATOR = ("；", ";")


def _names(raw: Any) -> list[str]:
    text = str(raw)
    for separator in SEPARATOR[:-1]:
        text = text.replace(separator, SEPARATOR[-1])
    parse = c.text(200)
    return [parse(name) for name in text.split(SEPARATOR[-1]) if name.strip()]


def _join_names(value: Any) -> str:
    return "; ".join(value or [])


def _positive_rate(raw: Any) -> Decimal:
    try:
        number = c.decimal_number()(raw)
    except c.CellError:
        number = Decimal(0)
    if number <= 0:
        raise c.CellError(_("Write how many yuan one unit is worth, a positive number such as 7.1234."))
    return number


# Row cells → ``FlowRow`` fields; the other columns keep their key.
FIELD_OF_COLUMN = {"station_id": "station", "carrier_id": "carrier", "value": "value_minor"}
COLUMN_OF_FIELD = {field: column for column, field in FIELD_OF_COLUMN.items()}


@register
class FlowSpec(Spec):
    name = "flows"
    order = 60
    label_zh = "历史流动"
    label_en = "Historic flows"
    key_column = None
    columns = (
        c.Column(
            "element",
            "要素",
            "Element",
            c.choice(ELEMENTS),
            required=True,
            help_zh="人才、技术、项目、资金或企业（中文、英文或代码均可）。",
            help_en="Talent, technology, project, capital or enterprise (Chinese, English or code).",
            example="enterprise",
        ),
        c.Column(
            "direction",
            "方向",
            "Direction",
            c.choice(DIRECTIONS),
            required=True,
            help_zh="流入上海（引进）或从上海流出（走出去）。",
            help_en="Inbound to Shanghai or outbound from Shanghai (inbound, outbound).",
            example="inbound",
        ),
        c.Column(
            "stage",
            "阶段",
            "Stage",
            c.choice(STAGES),
            required=True,
            help_zh="意向或完成。",
            help_en="Intention or completed.",
            example="completed",
        ),
        c.Column(
            "origin_country",
            "来源国",
            "Origin country",
            c.country,
            required=True,
            help_zh="ISO 代码（CN、US、DE）或中英文国名。",
            help_en="ISO code (CN, US, DE) or the name in Chinese or English.",
            example="DE",
        ),
        c.Column(
            "destination_country",
            "目的国",
            "Destination country",
            c.country,
            required=True,
            help_zh="须与来源国不同。",
            help_en="Must differ from the origin country.",
            example="CN",
        ),
        c.Column("city", "城市", "City", c.text(100), example="上海"),
        c.Column(
            "station_id",
            "海外站点",
            "Overseas station ID",
            c.integer(minimum=1),
            help_zh="经由的海外站或合作渠道的机构编号（见机构导出文件）。",
            help_en="The ID of the overseas station or channel it came through (see the organisations export).",
            example="",
        ),
        c.Column(
            "carrier_id",
            "载体",
            "Carrier ID",
            c.integer(minimum=1),
            help_zh="科创载体的机构编号。",
            help_en="The ID of the innovation carrier.",
            example="",
        ),
        c.Column(
            "counterparties",
            "相关方",
            "Counterparties",
            _names,
            _join_names,
            help_zh="相关人员或机构的名称，多个用分号分隔。",
            help_en="Names of the people or organisations, separated by semicolons.",
            example="Helix Bio GmbH; Dr. Lena Fischer",
        ),
        c.Column(
            "value",
            "金额",
            "Value",
            c.decimal_number(),
            c.plain_number,
            help_zh="以所填币种为单位的金额，例如 1250000.50（不要写“万”）。",
            help_en="The amount in units of the currency, such as 1250000.50 (no units like 万).",
            example="",
        ),
        c.Column(
            "currency",
            "币种",
            "Currency",
            c.currency,
            help_zh="ISO 4217 代码，例如 CNY、USD；有金额时必填。",
            help_en="ISO 4217 code, such as CNY or USD; needed with an amount.",
            example="",
        ),
        c.Column(
            "occurred_on",
            "日期",
            "Occurred on",
            c.date,
            c.iso_date,
            required=True,
            help_zh="发生日期，格式 YYYY-MM-DD。",
            help_en="The day it happened, as YYYY-MM-DD.",
            example="2024-03-31",
        ),
        c.Column(
            "evidence_kind",
            "证明类型",
            "Evidence kind",
            c.choice(EVIDENCE),
            required=True,
            help_zh="公司注册、技术合同登记证明、聘用函、投资协议等（中文、英文或代码均可）。",
            help_en="Company registration, technology-contract certificate, employment letter, investment "
            "agreement, ... (Chinese, English or code).",
            example="company_registration",
        ),
        c.Column(
            "evidence_number",
            "证明编号",
            "Evidence number",
            c.text(100),
            help_zh="注册号、证书号、函件或协议编号；必填。",
            help_en="The registration, certificate, letter or agreement number; every flow needs one.",
            example="91310000MA1AAAAA1",
        ),
        c.Column("note", "备注", "Note", c.text(2000), example=""),
    )

    def can_import(self, user: User) -> bool:
        return is_operator(user)

    def can_export(self, user: User) -> bool:
        return is_operator(user)

    def export_queryset(self, user: User) -> QuerySet[Flow]:
        return Flow.objects.current().order_by("occurred_on", "pk")

    def to_values(self, obj: Any) -> dict[str, Any]:
        flow: Flow = obj
        values = {
            column.key: getattr(flow, FIELD_OF_COLUMN.get(column.key, column.key), None)
            for column in self.columns
        }
        values.update(station_id=flow.station_id, carrier_id=flow.carrier_id)
        if flow.value_minor is not None:
            values["value"] = Decimal(flow.value_minor).scaleb(-minor_units(flow.currency))
        return values

    def _fields(
        self, number: int, values: dict[str, Any], organisations: dict[int, Any]
    ) -> tuple[FlowRow, list[RowError]]:
        """The row as the ledger's action takes it, and what is wrong with it (in the row's columns)."""
        errors: list[RowError] = []

        def error(column: str, message: str) -> None:
            errors.append(RowError(number, self.column(column).label, str(values.get(column) or ""), message))

        found: dict[str, Any] = {}
        for column in ("station_id", "carrier_id"):
            pk = values.get(column)
            found[column] = organisations.get(pk) if pk else None
            if pk and found[column] is None:
                error(column, _("No organisation has the number “%(value)s”.") % {"value": pk})
        currency = values.get("currency") or ""
        value_minor = None
        if values.get("value") is not None:
            minor = values["value"].scaleb(minor_units(currency) if currency else 2)
            if minor != minor.to_integral_value():
                error(
                    "value",
                    _("“%(value)s” has more decimals than %(currency)s allows.")
                    % {"value": values["value"], "currency": currency},
                )
            else:
                value_minor = int(minor)
        row: FlowRow = {
            "element": values["element"],
            "direction": values["direction"],
            "stage": values["stage"],
            "origin_country": values["origin_country"],
            "destination_country": values["destination_country"],
            "city": values.get("city") or "",
            "station": found["station_id"],
            "carrier": found["carrier_id"],
            "counterparties": values.get("counterparties") or [],
            "value_minor": value_minor,
            "currency": currency,
            "occurred_on": values["occurred_on"],
            "evidence_kind": values["evidence_kind"],
            "evidence_number": values.get("evidence_number") or "",
            "note": values.get("note") or "",
            "producer_item": str(number),
        }
        if not errors:
            # The ledger's own rules, and a rate to value the amount in yuan.
            problems = check_flow_valued({**row, "producer_kind": ProducerKind.IMPORT})
            for field, message in problems.items():
                error(COLUMN_OF_FIELD.get(field, field), message)
        return row, errors

    def check_batch(self, rows: Rows, user: User, state: CheckState) -> Iterable[RowError]:
        organisations = organisations_named(rows, "station_id", "carrier_id")
        for number, values in rows:
            yield from self._fields(number, values, organisations)[1]

    def write_rows(self, rows: Rows, user: User, *, source: str) -> Outcome:
        organisations = organisations_named(rows, "station_id", "carrier_id")
        flows = do_import_flows(
            (self._fields(number, values, organisations)[0] for number, values in rows),
            producer_ref=source,
            recorded_by=user,
        )
        return Outcome(len(flows), 0)

    def write_batch(self, rows: list[dict[str, Any]], user: User) -> Outcome:
        raise NotImplementedError("flows are written with their row numbers: see write_rows")


@register
class CurrencyRateSpec(Spec):
    name = "currency_rates"
    order = 70
    label_zh = "汇率"
    label_en = "Currency rates"
    key_column = None
    columns = (
        c.Column(
            "currency",
            "币种",
            "Currency",
            c.currency,
            required=True,
            help_zh="ISO 4217 代码，例如 USD、EUR。",
            help_en="ISO 4217 code, such as USD or EUR.",
            example="USD",
        ),
        c.Column(
            "date",
            "日期",
            "Date",
            c.date,
            c.iso_date,
            required=True,
            help_zh="汇率日期，格式 YYYY-MM-DD；同一币种同一天的已有汇率将被替换。",
            help_en="The rate's day, as YYYY-MM-DD; a stored rate of the same currency and day is replaced.",
            example="2024-01-02",
        ),
        c.Column(
            "rate_to_cny",
            "汇率",
            "Rate to CNY",
            _positive_rate,
            c.plain_number,
            required=True,
            help_zh="1 单位该币种折合的人民币元数，例如 7.1234。",
            help_en="How many yuan one unit is worth, such as 7.1234.",
            example="7.1234",
            aliases=("rate",),
        ),
        c.Column(
            "source",
            "来源",
            "Source",
            c.text(200),
            help_zh="汇率出处；留空则记为文件名。",
            help_en="Where the rate comes from; left empty, the file's name is recorded.",
            example="中国外汇交易中心",
        ),
    )

    def can_import(self, user: User) -> bool:
        return is_operator(user)

    def export_queryset(self, user: User) -> QuerySet[CurrencyRate]:
        return CurrencyRate.objects.order_by("currency", "rate_date")

    def to_values(self, obj: Any) -> dict[str, Any]:
        rate: CurrencyRate = obj
        return {
            "currency": rate.currency,
            "date": rate.rate_date,
            "rate_to_cny": rate.rate_to_cny,
            "source": rate.source,
        }

    def check_batch(self, rows: Rows, user: User, state: CheckState) -> Iterator[RowError]:
        label = self.column("date").label
        for _number, _values, error in once_per_file(
            rows,
            state,
            "rate",
            lambda values: (values["currency"], values["date"]),
            label,
            lambda values: values["date"],
        ):
            if error is not None:
                yield error

    def write_rows(self, rows: Rows, user: User, *, source: str) -> Outcome:
        rates: list[RateRow] = [
            {
                "currency": values["currency"],
                "rate_date": values["date"],
                "rate_to_cny": values["rate_to_cny"],
                "source": values.get("source") or source,
            }
            for _number, values in rows
        ]
        created, updated = do_import_rates(rates)
        return Outcome(created, updated)

    def write_batch(self, rows: list[dict[str, Any]], user: User) -> Outcome:
        raise NotImplementedError("rates are written with the file's name: see write_rows")
