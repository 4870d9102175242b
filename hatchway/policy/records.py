"""An enterprise's record for a programme: stored data-report figures, the programme's date, declared facts.

The record is what a determination stores as its input snapshot, and what the what-if form changes.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from hatchway.directory.figures import enterprise_policy_input, enterprise_policy_inputs
from hatchway.directory.models import Organisation
from hatchway.policy.engine import Programme, apply_changes

# Bookkeeping keys of the directory's figures that no programme reads.
_NOT_INPUT = ("enterprise_id", "as_of")


def enterprise_record(
    programme: Programme,
    enterprise: Organisation,
    as_of: datetime.date,
    declared: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The docs/policy/criteria.md §5 record of ``enterprise`` for ``programme`` on ``as_of``.

    Figures come from the data reports filed by that date; the programme's date field (application or
    evaluation date) is ``as_of``; facts the enterprise declared are merged over them.
    """
    return _with_programme(programme, enterprise_policy_input(enterprise, as_of), as_of, declared)


def enterprise_records(
    programme: Programme,
    enterprises: Sequence[Organisation],
    as_of: datetime.date,
    declared: Mapping[int, Mapping[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """``enterprise_record`` for a batch of enterprises, reading their data reports in one query.

    Pass enterprises with ``sectors`` prefetched; ``declared`` maps an enterprise id to its declared facts.
    """
    figures = enterprise_policy_inputs(enterprises, as_of)
    return [
        _with_programme(programme, each, as_of, (declared or {}).get(enterprise.pk))
        for enterprise, each in zip(enterprises, figures, strict=True)
    ]


def _with_programme(
    programme: Programme,
    figures: Mapping[str, Any],
    as_of: datetime.date,
    declared: Mapping[str, Any] | None,
) -> dict[str, Any]:
    record = {key: value for key, value in figures.items() if key not in _NOT_INPUT and value is not None}
    record[programme.date_field] = as_of.isoformat()
    if declared:
        record = apply_changes(record, declared)
        record[programme.date_field] = as_of.isoformat()
    return record


def current_record(programme: Programme, enterprise: Organisation) -> dict[str, Any]:
    """The input of the enterprise's latest determination for the programme (or today's figures if none),
    with the facts it declares now."""
    from django.utils import timezone

    from hatchway.policy.models import DeclaredFacts, Determination

    latest = (
        Determination.objects.filter(enterprise=enterprise, run__programme=programme.id, run__status="done")
        .order_by("-run__as_of", "-run__created_at", "-run_id")
        .only("input")
        .first()
    )
    declared = DeclaredFacts.objects.filter(enterprise=enterprise).first()
    if latest is not None:
        if declared is None:
            return dict(latest.input)
        # Facts declared since the run count at once, so a what-if starts from what the enterprise said.
        return _with_programme(programme, latest.input, _record_date(programme, latest.input), declared.facts)
    return enterprise_record(
        programme, enterprise, timezone.localdate(), declared.facts if declared else None
    )


def _record_date(programme: Programme, record: Mapping[str, Any]) -> datetime.date:
    return datetime.date.fromisoformat(str(record[programme.date_field]))


def _number(value: Any) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return Decimal(0)


def _plain(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def what_if_changes(
    record: Mapping[str, Any],
    *,
    rd_expense_cny: int | None = None,
    additional_rd_staff: Decimal | int | None = None,
    sales_revenue_cny: int | None = None,
    high_tech_income_cny: int | None = None,
    employees_avg: Decimal | int | None = None,
    tech_staff_avg: Decimal | int | None = None,
    class_i_count: int | None = None,
    class_ii_count: int | None = None,
) -> dict[str, Any]:
    """The changes for "if last year's figures were …", "if we hire N more R&D staff", "if we held N IP items".

    Figures apply to the fiscal year before the record's date (the year that sets HNTE's tier, staff ratio
    and high-tech income share, and tech-SME's size and scores). Extra R&D expense is assumed to be spent
    in China, as docs/policy/criteria.md's hint assumes; extra sales revenue is income too (total income follows it);
    new R&D staff are employees too. IP counts change both the HNTE core IP and the tech-SME IP.
    """
    changes: dict[str, Any] = {}
    ip = {
        name: value
        for name, value in (("class_i_count", class_i_count), ("class_ii_count", class_ii_count))
        if value is not None
    }
    if ip:
        for key in ("core_ip", "ip"):
            changes[key] = {**(record.get(key) or {}), **ip}
    last_year = record.get("last_fiscal_year") or {}
    years: dict[int, Mapping[str, Any]] = {
        item["year"]: item
        for item in record.get("fiscal_years", [])
        if isinstance(item, Mapping) and isinstance(item.get("year"), int)
    }
    year = last_year.get("year") or (max(years) if years else None)
    if year is None:
        return changes
    current = {**years.get(year, {}), **last_year}
    change: dict[str, Any] = {}
    if rd_expense_cny is not None:
        before = int(current.get("rd_expense_cny") or 0)
        domestic = int(current.get("rd_expense_domestic_cny") or 0)
        change["rd_expense_cny"] = rd_expense_cny
        change["rd_expense_domestic_cny"] = max(0, domestic + rd_expense_cny - before)
    if sales_revenue_cny is not None:
        change["sales_revenue_cny"] = sales_revenue_cny
        if current.get("income_total_cny") is not None:
            difference = sales_revenue_cny - int(current.get("sales_revenue_cny") or 0)
            change["income_total_cny"] = max(0, int(current["income_total_cny"]) + difference)
    if high_tech_income_cny is not None:
        change["high_tech_income_cny"] = high_tech_income_cny
    staff = _number(tech_staff_avg if tech_staff_avg is not None else current.get("tech_staff_avg", 0))
    employees = _number(employees_avg if employees_avg is not None else current.get("employees_avg", 0))
    extra = _number(additional_rd_staff or 0)
    if tech_staff_avg is not None or extra:
        change["tech_staff_avg"] = _plain(staff + extra)
    if employees_avg is not None or extra:
        change["employees_avg"] = _plain(employees + extra)
    if not change:
        return changes
    if "fiscal_years" in record:
        changes["fiscal_years"] = [{"year": year, **change}]
    if record.get("last_fiscal_year"):
        changes["last_fiscal_year"] = change
    return changes
