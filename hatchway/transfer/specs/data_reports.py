"""Periodic data reports of enterprises. An import never overwrites: changed figures are a new revision."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from hatchway.accounts.models import User
from hatchway.directory.access import organisations_with_private_access
from hatchway.directory.actions import DataReportRow, do_import_data_reports
from hatchway.directory.models import FIGURE_FIELDS, DataReport, Membership, OrganisationKind, Role
from hatchway.transfer import columns as c
from hatchway.transfer.spec import CheckState, Outcome, RowError, Spec, register
from hatchway.transfer.specs._common import Rows, once_per_file, organisations_named

YUAN_HELP = (
    "以元为单位，最多两位小数，不写“万”等单位。",
    "In yuan, at most two decimals, no units such as 万.",
)


def _money(key: str, label_zh: str, label_en: str, example: int, *, negative: bool = False) -> c.Column:
    return c.Column(
        key,
        f"{label_zh}（元）",
        f"{label_en} (yuan)",
        c.yuan(negative=negative),
        c.fen_as_yuan,
        required=True,
        help_zh=YUAN_HELP[0] + ("可为负数。" if negative else ""),
        help_en=YUAN_HELP[1] + (" May be negative." if negative else ""),
        example=example,
    )


def _count(key: str, label_zh: str, label_en: str, example: Any, parse: c.Parser) -> c.Column:
    return c.Column(
        key,
        label_zh,
        label_en,
        parse,
        c.plain_number,
        required=True,
        help_zh="不小于 0。",
        help_en="0 or more.",
        example=example,
    )


# Column key → DataReport field (amounts are stored in fen, written in yuan).
FIELD_OF = {
    "sales_revenue": "sales_revenue_fen",
    "rd_expense": "rd_expense_fen",
    "rd_expense_domestic": "rd_expense_domestic_fen",
    "income_total": "income_total_fen",
    "non_taxable_income": "non_taxable_income_fen",
    "high_tech_income": "high_tech_income_fen",
    "net_assets": "net_assets_fen",
    "total_assets": "total_assets_fen",
    "total_cost_expense": "total_cost_expense_fen",
    "employees_avg": "employees_avg",
    "tech_staff_avg": "tech_staff_avg",
    "ip_class_i_count": "ip_class_i_count",
    "ip_class_ii_count": "ip_class_ii_count",
    "overseas_staff_count": "overseas_staff_count",
}
assert set(FIELD_OF.values()) == set(FIGURE_FIELDS)
COLUMN_OF = {field: key for key, field in FIELD_OF.items()}


@register
class DataReportSpec(Spec):
    name = "data_reports"
    order = 50
    label_zh = "企业数据报告"
    label_en = "Data reports"
    key_column = None
    importers_zh = "企业成员（本企业）、载体员工（所孵化企业）和平台运营方"
    importers_en = "Enterprise members (their own), carrier staff (enterprises they incubate), operators"
    columns = (
        c.Column(
            "enterprise",
            "企业编号",
            "Enterprise ID",
            c.integer(minimum=1),
            required=True,
            help_zh="企业的编号（见机构导出文件或企业页面地址）。",
            help_en="The enterprise's ID (in the organisations export or the profile page's address).",
            example="42",
        ),
        c.Column(
            "fiscal_year",
            "会计年度",
            "Fiscal year",
            c.integer(minimum=1990),
            required=True,
            help_zh="例如 2025；不能晚于今年。",
            help_en="Such as 2025; not later than this year.",
            example=2025,
        ),
        c.Column(
            "quarter",
            "季度",
            "Quarter",
            c.integer(minimum=1),
            help_zh="1 至 4；全年数据留空。",
            help_en="1 to 4; leave empty for the whole year.",
            example="",
        ),
        _money("sales_revenue", "销售收入", "Sales revenue", 52000000),
        _money("rd_expense", "研发费用总额", "R&D expense", 4800000),
        _money("rd_expense_domestic", "境内研发费用", "R&D expense incurred in China", 4500000),
        _money("income_total", "收入总额", "Total income", 53000000),
        _money("non_taxable_income", "不征税收入", "Non-taxable income", 0),
        _money(
            "high_tech_income", "高新技术产品（服务）收入", "High-tech product and service income", 40000000
        ),
        _money("net_assets", "年末净资产", "Net assets at year end", 18000000, negative=True),
        _money("total_assets", "年末资产总额", "Total assets at year end", 30000000),
        _money("total_cost_expense", "成本费用总额", "Total cost and expense", 46000000),
        _count(
            "employees_avg",
            "职工人数（月平均）",
            "Employees (monthly average)",
            85.5,
            c.decimal_places(2, Decimal(0)),
        ),
        _count(
            "tech_staff_avg",
            "科技人员数（月平均）",
            "Technical staff (monthly average)",
            21,
            c.decimal_places(2, Decimal(0)),
        ),
        _count("ip_class_i_count", "I类知识产权数", "Class I intellectual property", 2, c.integer(minimum=0)),
        _count(
            "ip_class_ii_count", "II类知识产权数", "Class II intellectual property", 7, c.integer(minimum=0)
        ),
        _count("overseas_staff_count", "海外员工数", "Staff working overseas", 4, c.integer(minimum=0)),
    )

    def can_import(self, user: User) -> bool:
        return Membership.objects.filter(
            user=user, role__in=[Role.OPERATOR, Role.ENTERPRISE_MEMBER, Role.CARRIER_STAFF]
        ).exists()

    def export_queryset(self, user: User) -> QuerySet[DataReport]:
        return (
            DataReport.objects.current()
            .filter(enterprise__in=organisations_with_private_access(user))
            .order_by("enterprise_id", "fiscal_year", F("quarter").asc(nulls_first=True))
        )

    def to_values(self, obj: Any) -> dict[str, Any]:
        report: DataReport = obj
        values = {COLUMN_OF[field]: getattr(report, field) for field in FIGURE_FIELDS}
        values.update(enterprise=report.enterprise_id, fiscal_year=report.fiscal_year, quarter=report.quarter)
        return values

    @staticmethod
    def _figures(values: dict[str, Any]) -> dict[str, Any]:
        return {field: values[key] for key, field in FIELD_OF.items()}

    def check_batch(self, rows: Rows, user: User, state: CheckState) -> Iterable[RowError]:
        enterprises = organisations_named(rows, "enterprise")
        allowed = set(
            organisations_with_private_access(user)
            .filter(pk__in=list(enterprises))
            .values_list("pk", flat=True)
        )
        this_year = timezone.localdate().year
        label = self.column("enterprise").label
        labels = {column.key: column.label for column in self.columns}
        for number, values, duplicate in once_per_file(
            rows,
            state,
            "period",
            lambda v: (v["enterprise"], v["fiscal_year"], v.get("quarter")),
            self.column("fiscal_year").label,
            lambda v: f"{v['fiscal_year']} Q{v['quarter']}" if v.get("quarter") else v["fiscal_year"],
        ):
            if duplicate is not None:
                yield duplicate
                continue
            enterprise = enterprises.get(values["enterprise"])
            if enterprise is None or enterprise.kind != OrganisationKind.ENTERPRISE:
                yield RowError(
                    number,
                    label,
                    str(values["enterprise"]),
                    _("No enterprise has this ID. Copy it from the organisations export."),
                )
                continue
            if enterprise.pk not in allowed:
                yield RowError(
                    number,
                    label,
                    str(values["enterprise"]),
                    _(
                        "You may not file reports for this enterprise. Its members, the staff of the carrier "
                        "that incubates it and operators may."
                    ),
                )
                continue
            if values["fiscal_year"] > this_year:
                yield RowError(
                    number,
                    self.column("fiscal_year").label,
                    str(values["fiscal_year"]),
                    _("The fiscal year %(year)s has not started yet. Write %(this_year)s or an earlier year.")
                    % {"year": values["fiscal_year"], "this_year": this_year},
                )
            if values.get("quarter") is not None and values["quarter"] > 4:
                yield RowError(
                    number,
                    self.column("quarter").label,
                    str(values["quarter"]),
                    _("A quarter is 1, 2, 3 or 4. Leave the cell empty for the whole year."),
                )
            report = DataReport(**self._figures(values))
            try:
                report.clean_fields(exclude=["enterprise", "fiscal_year", "filed_at"])
                report.clean()
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    key = COLUMN_OF.get(field, field)
                    for message in messages:
                        yield RowError(number, labels.get(key, label), str(values.get(key, "")), message)

    def write_batch(self, rows: list[dict[str, Any]], user: User) -> Outcome:
        entries = [
            DataReportRow(
                enterprise_id=values["enterprise"],
                fiscal_year=values["fiscal_year"],
                quarter=values.get("quarter"),
                figures=self._figures(values),
            )
            for values in rows
        ]
        return Outcome(*do_import_data_reports(entries, filed_by=user))
