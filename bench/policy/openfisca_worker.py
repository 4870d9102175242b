"""The same HNTE and tech-SME criteria written for OpenFisca (openfisca-core), timed on N enterprises.

Runs in its own virtual environment (bench/.venv-openfisca, see requirements.txt): openfisca-core pins
its own numpy. Formulas follow docs/policy/criteria.md like Hatchway's rule files: inclusive thresholds, a zero
denominator fails a share (A4) and scores 0 (TSME), the better of the two R&D indicators (S1). Shares
are compared by cross-multiplying whole numbers (head-counts in hundredths). OpenFisca's ``int`` is int32 and
its ``float`` is float32 — neither holds 700,000,000 yuan × 100 exactly (a float32 port disagreed with the exact
result on ~2% of the boundary-heavy sample) — so amount variables override their dtype to int64.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
from openfisca_core.entities import build_entity
from openfisca_core.indexed_enums import Enum
from openfisca_core.parameters import ParameterNode
from openfisca_core.periods import DateUnit
from openfisca_core.simulations import SimulationBuilder
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.variables import Variable

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import FIELDS, GENERATORS

TechField = Enum("TechField", [(str(name), str(name)) for name in FIELDS])
SUPPORTED_FIELDS = [TechField[str(name)] for name in FIELDS[:8]]

Enterprise = build_entity(key="enterprise", plural="enterprises", label="An enterprise", is_person=True)
YEAR = DateUnit.YEAR
PERIOD = "2025"


def rate(value: float) -> dict:
    return {"values": {"2016-01-01": {"value": value}}}


PARAMETERS = {
    "hnte": {
        "min_registration_days": rate(365),
        "min_core_ip": rate(1),
        "min_tech_staff_pct": rate(10),
        "tier1_max_sales": rate(50_000_000),
        "tier2_max_sales": rate(200_000_000),
        "tier1_pct": rate(5),
        "tier2_pct": rate(4),
        "tier3_pct": rate(3),
        "min_rd_domestic_pct": rate(60),
        "min_high_tech_income_pct": rate(60),
        "min_innovation_score": rate(71),
    },
    "tsme": {
        "max_employees_centi": rate(50_000),
        "max_sales": rate(200_000_000),
        "max_total_assets": rate(200_000_000),
        "min_score": rate(60),
        "recent_years": rate(5),
    },
}


class Amount(Variable):
    """A whole number of yuan (or hundredths of a head) held as int64, not OpenFisca's int32."""

    def __init__(self, baseline_variable=None) -> None:
        super().__init__(baseline_variable)
        self.dtype = np.int64


def input_variable(name: str, kind: type) -> type:
    base = Amount if kind == "amount" else Variable
    return type(
        name,
        (base,),
        {
            "value_type": int if kind == "amount" else kind,
            "entity": Enterprise,
            "definition_period": YEAR,
            "label": name,
        },
    )


def formula_variable(name: str, kind: type, formula) -> type:
    return type(
        name,
        (Variable,),
        {
            "value_type": kind,
            "entity": Enterprise,
            "definition_period": YEAR,
            "label": name,
            "formula": formula,
        },
    )


def supported_field(field) -> np.ndarray:
    """The field is one of the eight supported ones (an Enum array compared member by member)."""
    result = field == SUPPORTED_FIELDS[0]
    for member in SUPPORTED_FIELDS[1:]:
        result |= field == member
    return result


def at_least(numerator: np.ndarray, denominator: np.ndarray, pct: float) -> np.ndarray:
    """numerator / denominator ≥ pct %, false for a zero denominator (A4)."""
    return (denominator > 0) & (numerator * 100 >= pct * denominator)


# --------------------------------------------------------------------------- HNTE


def hnte_variables() -> list[type]:
    ints = [
        "days_registered",
        "class_i_count",
        "class_ii_count",
        "ip_score",
        "conversion_score",
        "rd_management_score",
        "growth_score",
        "fiscal_years_used",
        "application_year",
    ]
    amounts = [
        "window_sales",
        "window_rd",
        "window_rd_domestic",
        "last_sales",
        "tech_staff_centi",
        "employees_centi",
        "high_tech_income",
        "total_income",
    ]
    bools = ["resident_enterprise_mainland", "incident_within_year"]
    variables = [input_variable(name, int) for name in ints] + [input_variable(name, bool) for name in bools]
    variables += [input_variable(name, "amount") for name in amounts]
    variables.append(
        type(
            "tech_field",
            (Variable,),
            {
                "value_type": Enum,
                "possible_values": TechField,
                "default_value": TechField[str(FIELDS[-1])],
                "entity": Enterprise,
                "definition_period": YEAR,
                "label": "tech_field",
            },
        )
    )

    def p(period, parameters):
        return parameters(period).hnte

    criteria = {
        "hnte_resident_enterprise": lambda e, period, parameters: e("resident_enterprise_mainland", period),
        "hnte_registered_one_year": lambda e, period, parameters: (
            e("days_registered", period) >= p(period, parameters).min_registration_days
        ),
        "hnte_owns_core_ip": lambda e, period, parameters: (
            e("class_i_count", period) + e("class_ii_count", period) >= p(period, parameters).min_core_ip
        ),
        "hnte_supported_field": lambda e, period, parameters: supported_field(e("tech_field", period)),
        "hnte_tech_staff_ratio": lambda e, period, parameters: at_least(
            e("tech_staff_centi", period),
            e("employees_centi", period),
            p(period, parameters).min_tech_staff_pct,
        ),
        "hnte_rd_expense_ratio": lambda e, period, parameters: at_least(
            e("window_rd", period), e("window_sales", period), e("hnte_rd_threshold_pct", period)
        ),
        "hnte_rd_domestic_share": lambda e, period, parameters: at_least(
            e("window_rd_domestic", period), e("window_rd", period), p(period, parameters).min_rd_domestic_pct
        ),
        "hnte_high_tech_income_share": lambda e, period, parameters: at_least(
            e("high_tech_income", period),
            e("total_income", period),
            p(period, parameters).min_high_tech_income_pct,
        ),
        "hnte_innovation_score": lambda e, period, parameters: (
            e("ip_score", period)
            + e("conversion_score", period)
            + e("rd_management_score", period)
            + e("growth_score", period)
            >= p(period, parameters).min_innovation_score
        ),
        "hnte_no_major_incident": lambda e, period, parameters: ~e("incident_within_year", period),
    }

    def threshold(e, period, parameters):
        q = p(period, parameters)
        sales = e("last_sales", period)
        return np.select(
            [sales <= q.tier1_max_sales, sales <= q.tier2_max_sales], [q.tier1_pct, q.tier2_pct], q.tier3_pct
        )

    def eligible(e, period, parameters):
        result = np.ones(e.count, dtype=bool)
        for name in criteria:
            result &= e(name, period)
        return result

    variables.append(formula_variable("hnte_rd_threshold_pct", float, threshold))
    variables += [formula_variable(name, bool, formula) for name, formula in criteria.items()]
    variables.append(formula_variable("hnte_eligible", bool, eligible))
    return variables


HNTE_CRITERIA = [
    "hnte.resident_enterprise",
    "hnte.registered_one_year",
    "hnte.owns_core_ip",
    "hnte.supported_field",
    "hnte.tech_staff_ratio",
    "hnte.rd_expense_ratio",
    "hnte.rd_domestic_share",
    "hnte.high_tech_income_share",
    "hnte.innovation_score",
    "hnte.no_major_incident",
]

# --------------------------------------------------------------------------- TSME


def band(numerator: np.ndarray, denominator: np.ndarray, bands: list[tuple[int, int]]) -> np.ndarray:
    """Points of the first band whose lower bound (in %) the share reaches; 0 for a zero denominator."""
    conditions = [(denominator > 0) & (numerator * 100 >= pct * denominator) for pct, _ in bands]
    return np.select(conditions, [points for _, points in bands], 0)


def tsme_variables() -> list[type]:
    ints = [
        "class_i_count",
        "class_ii_count",
        "latest_top3_award_year",
        "latest_led_standard_year",
        "evaluation_year",
    ]
    amounts = ["employees_centi", "tech_staff_centi", "sales", "total_assets", "rd", "total_cost_expense"]
    bools = [
        "resident_enterprise_mainland",
        "accounting_sound",
        "audit_based_tax_collection",
        "rd_expenses_accurately_collected",
        "restricted_or_eliminated",
        "rd_super_deduction_excluded",
        "major_incident_or_serious_dishonesty",
        "on_abnormal_or_dishonest_list",
        "hnte_certificate_valid",
        "provincial_or_higher_rd_institution",
    ]
    variables = [input_variable(name, int) for name in ints] + [input_variable(name, bool) for name in bools]
    variables += [input_variable(name, "amount") for name in amounts]

    def q(period, parameters):
        return parameters(period).tsme

    def tech_points(e, period, parameters):
        return band(
            e("tech_staff_centi", period),
            e("employees_centi", period),
            [(30, 20), (25, 16), (20, 12), (15, 8), (10, 4)],
        )

    def rd_points(e, period, parameters):
        by_sales = band(e("rd", period), e("sales", period), [(6, 50), (5, 40), (4, 30), (3, 20), (2, 10)])
        by_cost = band(
            e("rd", period),
            e("total_cost_expense", period),
            [(30, 50), (25, 40), (20, 30), (15, 20), (10, 10)],
        )
        return np.maximum(by_sales, by_cost)

    def ip_points(e, period, parameters):
        first, second = e("class_i_count", period), e("class_ii_count", period)
        return np.select(
            [first >= 1, second >= 4, second >= 3, second >= 2, second >= 1], [30, 24, 18, 12, 6], 0
        )

    def total(e, period, parameters):
        return e("tsme_tech_points", period) + e("tsme_rd_points", period) + e("tsme_ip_points", period)

    def direct(e, period, parameters):
        year = e("evaluation_year", period) - q(period, parameters).recent_years
        return (
            e("hnte_certificate_valid", period)
            | (e("latest_top3_award_year", period) >= year)
            | e("provincial_or_higher_rd_institution", period)
            | (e("latest_led_standard_year", period) >= year)
        )

    criteria = {
        "tsme_resident_enterprise": lambda e, period, parameters: e("resident_enterprise_mainland", period),
        "tsme_accounting_and_tax": lambda e, period, parameters: (
            e("accounting_sound", period)
            & e("audit_based_tax_collection", period)
            & e("rd_expenses_accurately_collected", period)
        ),
        "tsme_employees_max_500": lambda e, period, parameters: (
            e("employees_centi", period) <= q(period, parameters).max_employees_centi
        ),
        "tsme_revenue_max_200m": lambda e, period, parameters: (
            e("sales", period) <= q(period, parameters).max_sales
        ),
        "tsme_assets_max_200m": lambda e, period, parameters: (
            e("total_assets", period) <= q(period, parameters).max_total_assets
        ),
        "tsme_industry_allowed": lambda e, period, parameters: (
            ~e("restricted_or_eliminated", period) & ~e("rd_super_deduction_excluded", period)
        ),
        "tsme_integrity": lambda e, period, parameters: (
            ~e("major_incident_or_serious_dishonesty", period) & ~e("on_abnormal_or_dishonest_list", period)
        ),
        "tsme_score_min_60": lambda e, period, parameters: (
            e("tsme_direct", period) | (e("tsme_total_score", period) >= q(period, parameters).min_score)
        ),
        "tsme_tech_staff_score_nonzero": lambda e, period, parameters: (
            e("tsme_direct", period) | (e("tsme_tech_points", period) > 0)
        ),
    }

    def eligible(e, period, parameters):
        result = np.ones(e.count, dtype=bool)
        for name in criteria:
            result &= e(name, period)
        return result

    variables += [
        formula_variable("tsme_tech_points", int, tech_points),
        formula_variable("tsme_rd_points", int, rd_points),
        formula_variable("tsme_ip_points", int, ip_points),
        formula_variable("tsme_total_score", int, total),
        formula_variable("tsme_direct", bool, direct),
    ]
    variables += [formula_variable(name, bool, formula) for name, formula in criteria.items()]
    variables.append(formula_variable("tsme_eligible", bool, eligible))
    return variables


TSME_CRITERIA = [
    "tsme.resident_enterprise",
    "tsme.accounting_and_tax",
    "tsme.employees_max_500",
    "tsme.revenue_max_200m",
    "tsme.assets_max_200m",
    "tsme.industry_allowed",
    "tsme.integrity",
    "tsme.score_min_60",
    "tsme.tech_staff_score_nonzero",
]


def system(programme: str) -> TaxBenefitSystem:
    tbs = TaxBenefitSystem([Enterprise])
    for variable in hnte_variables() if programme == "hnte" else tsme_variables():
        tbs.add_variable(variable)
    tbs.parameters = ParameterNode("", data=PARAMETERS)
    return tbs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--programme", choices=sorted(GENERATORS), required=True)
    parser.add_argument("--n", type=int, required=True)
    parser.add_argument("--sample", type=int, default=10_000)
    parser.add_argument("--out", required=True)
    parser.add_argument("--repeats", type=int, default=5, help="timed runs; the median is reported")
    args = parser.parse_args()

    tbs = system(args.programme)
    data = GENERATORS[args.programme](args.n)
    criteria = HNTE_CRITERIA if args.programme == "hnte" else TSME_CRITERIA

    def run(
        rows: dict[str, np.ndarray] = data,
    ) -> tuple[np.ndarray, dict[str, np.ndarray], np.ndarray | None]:
        count = len(next(iter(rows.values())))
        simulation = SimulationBuilder().build_default_simulation(tbs, count=count)
        for name, values in rows.items():
            simulation.set_input(name, PERIOD, values)
        eligible = simulation.calculate(f"{args.programme}_eligible", PERIOD)
        outcomes = {cid: simulation.calculate(cid.replace(".", "_"), PERIOD) for cid in criteria}
        total = simulation.calculate("tsme_total_score", PERIOD) if args.programme == "tsme" else None
        return eligible, outcomes, total

    # The same protocol as the Hatchway worker: a warm-up call on a few rows, then the median of timed runs.
    started = time.perf_counter()
    run({name: values[:1000] for name, values in data.items()})
    warm_up = time.perf_counter() - started
    times, cpu = [], []
    for _ in range(max(1, args.repeats)):
        started, started_cpu = time.perf_counter(), time.process_time()
        eligible, outcomes, total = run()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        del eligible, outcomes, total
    # Memory is measured in a separate run: tracing allocations slows it down.
    tracemalloc.start()
    eligible, outcomes, total = run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    sample = min(args.sample, args.n)
    saved = {f"criterion:{cid}": values[:sample].astype(np.int8) for cid, values in outcomes.items()}
    saved["eligible"] = eligible[:sample].astype(np.int8)
    if total is not None:
        saved["score_total"] = total[:sample].astype(np.int64)
    np.savez(args.out, **saved)
    print(
        json.dumps(
            {
                "engine": "openfisca",
                "programme": args.programme,
                "n": args.n,
                "seconds": statistics.median(times),
                "cpu_seconds": statistics.median(cpu),
                "times": times,
                "warm_up_seconds": warm_up,
                "peak_traced_bytes": peak,
                "max_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
                "eligible_counts": {"0": int((~eligible).sum()), "1": int(eligible.sum())},
            }
        )
    )


if __name__ == "__main__":
    main()
