"""Input readers: turn one record in the docs/policy/criteria.md §5 schema into named facts.

A reader checks types (reporting every bad field with its path), applies the date rules that are
plain code (the fiscal-year window, look-back periods), and leaves a missing input as ``Unknown``
naming the field to file — never as zero.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any

from hatchway.policy.engine._values import Unknown, Value, exact


@dataclass(frozen=True)
class FieldError:
    path: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"path": self.path, "message": self.message}


class InputErrors(ValueError):
    """A record has fields of the wrong type or impossible values; ``errors`` locates each one."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{error.path}: {error.message}" for error in errors))


@dataclass
class Facts:
    """The facts read from one record and the date that sets the parameters."""

    as_of: date
    values: dict[str, Value] = field(default_factory=dict)


_ABSENT = object()


class _Reader:
    def __init__(self, record: Mapping[str, Any]) -> None:
        self.record = record
        self.errors: list[FieldError] = []

    def raw(self, path: str, container: Any = None) -> Any:
        node: Any = self.record if container is None else container
        for part in path.split("."):
            if not isinstance(node, Mapping) or part not in node:
                return _ABSENT
            node = node[part]
        return node

    def missing(self, path: str) -> Unknown:
        return Unknown(frozenset({path}))

    def date(self, path: str, raw: Any = _ABSENT, *, required: bool = False) -> date | Unknown | None:
        value = self.raw(path) if raw is _ABSENT else raw
        if value is _ABSENT:
            if required:
                self.errors.append(FieldError(path, "This date is required. Write it as YYYY-MM-DD."))
            return self.missing(path)
        if value is None:
            return None
        if not isinstance(value, str):
            self.errors.append(FieldError(path, f"{value!r} is not a date. Write it as YYYY-MM-DD."))
            return self.missing(path)
        try:
            return date.fromisoformat(value) if len(value) == 10 else _not_iso(value)
        except ValueError:
            self.errors.append(
                FieldError(path, f"{value!r} is not a real date. Write an existing date as YYYY-MM-DD.")
            )
            return self.missing(path)

    def boolean(self, path: str) -> bool | Unknown:
        value = self.raw(path)
        if value is _ABSENT or value is None:
            return self.missing(path)
        if not isinstance(value, bool):
            self.errors.append(FieldError(path, f"{value!r} is not true or false. Write true or false."))
            return self.missing(path)
        return value

    def integer(
        self, path: str, raw: Any = _ABSENT, *, minimum: int | None = 0, maximum: int | None = None
    ) -> Value:
        value = self.raw(path) if raw is _ABSENT else raw
        if value is _ABSENT or value is None:
            return self.missing(path)
        if isinstance(value, bool) or not isinstance(value, int):
            hint = (
                " Write a whole number of yuan, without separators or units." if path.endswith("_cny") else ""
            )
            self.errors.append(FieldError(path, f"{value!r} is not a whole number.{hint}"))
            return self.missing(path)
        if minimum is not None and value < minimum:
            self.errors.append(
                FieldError(path, f"{value} is below {minimum}; write a value of at least {minimum}.")
            )
            return self.missing(path)
        if maximum is not None and value > maximum:
            self.errors.append(
                FieldError(path, f"{value} is above {maximum}; write a value of at most {maximum}.")
            )
            return self.missing(path)
        return int(value)

    def number(self, path: str, raw: Any = _ABSENT) -> Value:
        value = self.raw(path) if raw is _ABSENT else raw
        if value is _ABSENT or value is None:
            return self.missing(path)
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            self.errors.append(FieldError(path, f"{value!r} is not a number. Write a number such as 12.5."))
            return self.missing(path)
        try:
            number = exact(value)
        except (ArithmeticError, ValueError):
            self.errors.append(FieldError(path, f"{value!r} is not a number. Write a number such as 12.5."))
            return self.missing(path)
        if number < 0:
            self.errors.append(FieldError(path, f"{value} is negative; a head-count is zero or more."))
            return self.missing(path)
        return number

    def text(self, path: str) -> str | Unknown:
        value = self.raw(path)
        if value is _ABSENT or value is None:
            return self.missing(path)
        if not isinstance(value, str):
            self.errors.append(FieldError(path, f"{value!r} is not text. Write the code as text."))
            return self.missing(path)
        return value

    def listing(self, path: str) -> list[Any] | Unknown:
        value = self.raw(path)
        if value is _ABSENT or value is None:
            return self.missing(path)
        if not isinstance(value, list):
            self.errors.append(FieldError(path, "Write a list (JSON array)."))
            return self.missing(path)
        return value

    def finish(self) -> None:
        if self.errors:
            unique = list(dict.fromkeys(self.errors))
            raise InputErrors(unique)


def _not_iso(value: str) -> date:
    raise ValueError(value)


def _sum(values: list[Value]) -> Value:
    missing = [value for value in values if isinstance(value, Unknown)]
    if missing:
        return Unknown(frozenset().union(*(value.names for value in missing)))
    total: int | Fraction = 0
    for value in values:
        assert isinstance(value, (int, Fraction))
        total += value
    return total


def _minus(left: Value, right: Value) -> Value:
    if isinstance(left, Unknown) or isinstance(right, Unknown):
        return _sum([left, right])
    assert isinstance(left, (int, Fraction))
    assert isinstance(right, (int, Fraction))
    return left - right


def _fiscal_years(reader: _Reader, path: str = "fiscal_years") -> dict[int, tuple[int, Mapping[str, Any]]]:
    items = reader.listing(path)
    years: dict[int, tuple[int, Mapping[str, Any]]] = {}
    if isinstance(items, Unknown):
        return years
    for index, item in enumerate(items):
        where = f"{path}[{index}]"
        if not isinstance(item, Mapping):
            reader.errors.append(FieldError(where, "Write each fiscal year as an object with a 'year'."))
            continue
        year = reader.integer(f"{where}.year", item.get("year", _ABSENT), minimum=1900, maximum=2200)
        if isinstance(year, int):
            if year in years:
                reader.errors.append(
                    FieldError(f"{where}.year", f"The year {year} is given twice; keep one.")
                )
            years[year] = (index, item)
    return years


HNTE_FACTS = frozenset(
    {
        "application_year",
        "days_registered",
        "resident_enterprise_mainland",
        "class_i_count",
        "class_ii_count",
        "tech_field",
        "fiscal_years_used",
        "window_sales",
        "window_rd",
        "window_rd_domestic",
        "last_sales",
        "tech_staff",
        "employees",
        "high_tech_income",
        "total_income",
        "ip_score",
        "conversion_score",
        "rd_management_score",
        "growth_score",
        "incident_within_year",
    }
)

_SUBSCORE_MAX = {"ip": 30, "conversion": 30, "rd_management": 20, "growth": 20}
_IP_COMPONENT_MAX = {
    "technical_advancement": 8,
    "core_support": 8,
    "ip_quantity": 8,
    "ip_acquisition": 6,
    "standards_bonus": 2,
}


def read_hnte(record: Mapping[str, Any]) -> Facts:
    """Read an HNTE record (docs/policy/criteria.md §5.1) into facts; ``Y`` is the application year (A3).

    >>> facts = read_hnte({"application_date": "2025-06-01", "registration_date": "2024-06-01"})
    >>> facts.values["days_registered"], facts.values["fiscal_years_used"]
    (365, 1)
    """
    reader = _Reader(record)
    application = reader.date("application_date", required=True)
    registration = reader.date("registration_date")
    if not isinstance(application, date):
        reader.finish()
        raise InputErrors([FieldError("application_date", "This date is required. Write it as YYYY-MM-DD.")])
    values: dict[str, Value] = {"application_year": application.year}
    if registration is None:
        registration = reader.missing("registration_date")
    values["days_registered"] = (
        (application - registration).days if isinstance(registration, date) else registration
    )
    values["resident_enterprise_mainland"] = reader.boolean("resident_enterprise_mainland")
    values["class_i_count"] = reader.integer("core_ip.class_i_count")
    values["class_ii_count"] = reader.integer("core_ip.class_ii_count")
    values["tech_field"] = reader.text("tech_field")

    years = _fiscal_years(reader)
    last = application.year - 1
    first_year = registration.year if isinstance(registration, date) else None
    window = [year for year in (last - 2, last - 1, last) if first_year is None or year >= first_year]
    values["fiscal_years_used"] = len(window)

    def year_field(year: int, name: str, kind: str = "amount") -> Value:
        if year not in years:
            return reader.missing(f"fiscal_years[year={year}]")
        index, item = years[year]
        raw = item.get(name, _ABSENT)
        if raw is _ABSENT or raw is None:
            return reader.missing(f"fiscal_years[year={year}].{name}")
        path = f"fiscal_years[{index}].{name}"
        return reader.number(path, raw) if kind == "count" else reader.integer(path, raw)

    values["window_sales"] = _sum([year_field(year, "sales_revenue_cny") for year in window])
    values["window_rd"] = _sum([year_field(year, "rd_expense_cny") for year in window])
    values["window_rd_domestic"] = _sum([year_field(year, "rd_expense_domestic_cny") for year in window])
    in_operation = first_year is None or last >= first_year
    for name, source, kind in (
        ("last_sales", "sales_revenue_cny", "amount"),
        ("tech_staff", "tech_staff_avg", "count"),
        ("employees", "employees_avg", "count"),
        ("high_tech_income", "high_tech_income_cny", "amount"),
    ):
        values[name] = year_field(last, source, kind) if in_operation else 0
    if in_operation:
        values["total_income"] = _minus(
            year_field(last, "income_total_cny"), year_field(last, "non_taxable_income_cny")
        )
    else:
        values["total_income"] = 0

    scores = reader.raw("innovation_subscores")
    for key, maximum in _SUBSCORE_MAX.items():
        if (
            key == "ip"
            and isinstance(scores, Mapping)
            and scores.get("ip") is None
            and scores.get("ip_components")
        ):
            components = [
                reader.integer(f"innovation_subscores.ip_components.{part}", maximum=top)
                for part, top in _IP_COMPONENT_MAX.items()
            ]
            total = _sum(components)
            values["ip_score"] = min(30, total) if isinstance(total, int) else total
            continue
        values[f"{key}_score"] = reader.integer(f"innovation_subscores.{key}", maximum=maximum)

    incidents = reader.listing("major_incident_dates")
    if isinstance(incidents, Unknown):
        values["incident_within_year"] = incidents
    else:
        within = False
        for index, raw in enumerate(incidents):
            day = reader.date(f"major_incident_dates[{index}]", raw)
            if isinstance(day, date) and 0 <= (application - day).days <= 365:
                within = True
        values["incident_within_year"] = within
    reader.finish()
    return Facts(as_of=application, values=values)


TSME_FACTS = frozenset(
    {
        "evaluation_year",
        "resident_enterprise_mainland",
        "accounting_sound",
        "audit_based_tax_collection",
        "rd_expenses_accurately_collected",
        "restricted_or_eliminated",
        "rd_super_deduction_excluded",
        "major_incident_or_serious_dishonesty",
        "on_abnormal_or_dishonest_list",
        "employees",
        "tech_staff",
        "sales",
        "total_assets",
        "rd",
        "total_cost_expense",
        "class_i_count",
        "class_ii_count",
        "hnte_certificate_valid",
        "latest_top3_award_year",
        "provincial_or_higher_rd_institution",
        "latest_led_standard_year",
    }
)


def read_tsme(record: Mapping[str, Any]) -> Facts:
    """Read a tech-SME record (docs/policy/criteria.md §5.2) into facts; figures are the prior fiscal year (S2).

    >>> read_tsme({"evaluation_date": "2025-05-01", "direct_track": {"hnte_certificate_valid_until": "2025-05-01"}}
    ...           ).values["hnte_certificate_valid"]
    True
    """
    reader = _Reader(record)
    evaluation = reader.date("evaluation_date", required=True)
    if not isinstance(evaluation, date):
        reader.finish()
        raise InputErrors([FieldError("evaluation_date", "This date is required. Write it as YYYY-MM-DD.")])
    values: dict[str, Value] = {"evaluation_year": evaluation.year}
    for name, path in (
        ("resident_enterprise_mainland", "resident_enterprise_mainland"),
        ("accounting_sound", "accounting_sound"),
        ("audit_based_tax_collection", "audit_based_tax_collection"),
        ("rd_expenses_accurately_collected", "rd_expenses_accurately_collected"),
        ("restricted_or_eliminated", "industry.restricted_or_eliminated"),
        ("rd_super_deduction_excluded", "industry.rd_super_deduction_excluded"),
        ("major_incident_or_serious_dishonesty", "integrity.major_incident_or_serious_dishonesty"),
        ("on_abnormal_or_dishonest_list", "integrity.on_abnormal_or_dishonest_list"),
        ("provincial_or_higher_rd_institution", "direct_track.provincial_or_higher_rd_institution"),
    ):
        values[name] = reader.boolean(path)
    year = reader.raw("last_fiscal_year.year")
    if year is not _ABSENT and year is not None and year != evaluation.year - 1:
        reader.errors.append(
            FieldError(
                "last_fiscal_year.year",
                f"{year!r} is not the year before the evaluation ({evaluation.year - 1}); "
                "give the figures of that year.",
            )
        )
    values["employees"] = reader.number("last_fiscal_year.employees_avg")
    values["tech_staff"] = reader.number("last_fiscal_year.tech_staff_avg")
    values["sales"] = reader.integer("last_fiscal_year.sales_revenue_cny")
    values["total_assets"] = reader.integer("last_fiscal_year.total_assets_cny", minimum=None)
    values["rd"] = reader.integer("last_fiscal_year.rd_expense_cny")
    values["total_cost_expense"] = reader.integer("last_fiscal_year.total_cost_expense_cny")
    values["class_i_count"] = reader.integer("ip.class_i_count")
    values["class_ii_count"] = reader.integer("ip.class_ii_count")

    valid_until = reader.date("direct_track.hnte_certificate_valid_until")
    values["hnte_certificate_valid"] = (
        False
        if valid_until is None
        else valid_until >= evaluation
        if isinstance(valid_until, date)
        else valid_until
    )
    awards = reader.listing("direct_track.national_st_awards")
    if isinstance(awards, Unknown):
        values["latest_top3_award_year"] = awards
    else:
        latest = 0
        for index, award in enumerate(awards):
            where = f"direct_track.national_st_awards[{index}]"
            if not isinstance(award, Mapping):
                reader.errors.append(FieldError(where, "Write each award as {year, rank_among_units}."))
                continue
            award_year = reader.integer(
                f"{where}.year", award.get("year", _ABSENT), minimum=1900, maximum=2200
            )
            rank = reader.integer(
                f"{where}.rank_among_units", award.get("rank_among_units", _ABSENT), minimum=1
            )
            if (
                isinstance(award_year, int)
                and isinstance(rank, int)
                and rank <= 3
                and award_year <= evaluation.year
            ):
                latest = max(latest, award_year)
        values["latest_top3_award_year"] = latest
    standards = reader.listing("direct_track.led_standard_years")
    if isinstance(standards, Unknown):
        values["latest_led_standard_year"] = standards
    else:
        latest = 0
        for index, raw in enumerate(standards):
            standard_year = reader.integer(
                f"direct_track.led_standard_years[{index}]", raw, minimum=1900, maximum=2200
            )
            if isinstance(standard_year, int) and standard_year <= evaluation.year:
                latest = max(latest, standard_year)
        values["latest_led_standard_year"] = latest
    reader.finish()
    return Facts(as_of=evaluation, values=values)


LITTLE_GIANT_FACTS = frozenset(
    {
        "registered_full_years",
        "listed",
        "hnte_certificate_valid",
        "credit_compliant",
        "software_or_services",
        "rd_staff",
        "employees",
        "window_rd",
        "window_main_revenue",
        "last_main_revenue",
        "first_main_revenue",
        "first_net_profit",
        "last_net_profit",
        "equity_financing_3y",
        "qualitative_conditions_met",
    }
)


def _full_years(start: date, end: date) -> int:
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return years


def read_little_giant(record: Mapping[str, Any]) -> Facts:
    """Read a Little Giant record (schema in docs/policy.md); window = the three fiscal years before.

    >>> read_little_giant({"application_date": "2024-03-01", "registration_date": "2021-03-01"}
    ...                   ).values["registered_full_years"]
    3
    """
    reader = _Reader(record)
    application = reader.date("application_date", required=True)
    if not isinstance(application, date):
        reader.finish()
        raise InputErrors([FieldError("application_date", "This date is required. Write it as YYYY-MM-DD.")])
    registration = reader.date("registration_date")
    values: dict[str, Value] = {}
    values["registered_full_years"] = (
        _full_years(registration, application)
        if isinstance(registration, date)
        else reader.missing("registration_date")
    )
    values["listed"] = reader.boolean("listed")
    valid_until = reader.date("hnte_certificate_valid_until")
    values["hnte_certificate_valid"] = (
        False
        if valid_until is None
        else valid_until >= application
        if isinstance(valid_until, date)
        else valid_until
    )
    values["credit_compliant"] = reader.boolean("credit_compliant")
    sector = reader.text("sector_kind")
    if isinstance(sector, str) and sector not in {"manufacturing", "software_or_services"}:
        reader.errors.append(FieldError("sector_kind", "Write 'manufacturing' or 'software_or_services'."))
        sector = reader.missing("sector_kind")
    values["software_or_services"] = (
        sector if isinstance(sector, Unknown) else sector == "software_or_services"
    )
    years = _fiscal_years(reader)
    last = application.year - 1

    def year_field(year: int, name: str, *, signed: bool = False) -> Value:
        if year not in years:
            return reader.missing(f"fiscal_years[year={year}]")
        index, item = years[year]
        raw = item.get(name, _ABSENT)
        if raw is _ABSENT or raw is None:
            return reader.missing(f"fiscal_years[year={year}].{name}")
        path = f"fiscal_years[{index}].{name}"
        if name.endswith("_count"):
            return reader.number(path, raw)
        return reader.integer(path, raw, minimum=None if signed else 0)

    window = [last - 2, last - 1, last]
    values["window_rd"] = _sum([year_field(year, "rd_expense_cny") for year in window])
    values["window_main_revenue"] = _sum([year_field(year, "main_business_revenue_cny") for year in window])
    values["last_main_revenue"] = year_field(last, "main_business_revenue_cny")
    values["first_main_revenue"] = year_field(last - 2, "main_business_revenue_cny")
    values["first_net_profit"] = year_field(last - 2, "net_profit_cny", signed=True)
    values["last_net_profit"] = year_field(last, "net_profit_cny", signed=True)
    values["rd_staff"] = year_field(last, "rd_staff_year_end_count")
    values["employees"] = year_field(last, "employees_year_end_count")
    values["equity_financing_3y"] = reader.integer("equity_financing_3y_cny")
    values["qualitative_conditions_met"] = reader.boolean("qualitative_conditions_met")
    reader.finish()
    return Facts(as_of=application, values=values)


DISTRICT_REWARD_FACTS = frozenset({"district", "first_hnte_certificate_year", "certificate_year"})


def read_district_reward(record: Mapping[str, Any]) -> Facts:
    """Read a district-reward record: the district and the HNTE certificates held (schema in docs/policy.md).

    >>> facts = read_district_reward({"decision_date": "2026-03-01", "district": "putuo",
    ...     "hnte_certificates": [{"issued": "2025-12-01"}]})
    >>> facts.values["first_hnte_certificate_year"]
    2025
    """
    reader = _Reader(record)
    decision = reader.date("decision_date", required=True)
    if not isinstance(decision, date):
        reader.finish()
        raise InputErrors([FieldError("decision_date", "This date is required. Write it as YYYY-MM-DD.")])
    values: dict[str, Value] = {"district": reader.text("district"), "certificate_year": decision.year}
    certificates = reader.listing("hnte_certificates")
    if isinstance(certificates, Unknown):
        values["first_hnte_certificate_year"] = certificates
    else:
        first = 0
        for index, item in enumerate(certificates):
            raw = item.get("issued", _ABSENT) if isinstance(item, Mapping) else _ABSENT
            issued = reader.date(f"hnte_certificates[{index}].issued", raw, required=True)
            if isinstance(issued, date) and issued <= decision:
                first = issued.year if first == 0 else min(first, issued.year)
        values["first_hnte_certificate_year"] = first
    reader.finish()
    return Facts(as_of=decision, values=values)


READERS: dict[str, tuple[Callable[[Mapping[str, Any]], Facts], frozenset[str]]] = {
    "hnte": (read_hnte, HNTE_FACTS),
    "tsme": (read_tsme, TSME_FACTS),
    "little_giant": (read_little_giant, LITTLE_GIANT_FACTS),
    "district_reward": (read_district_reward, DISTRICT_REWARD_FACTS),
}
