"""One call over numpy columns gives the same results as the record-by-record path."""

import random
from datetime import date

import numpy as np
import pytest

from hatchway.policy.engine import (
    columns_from_facts,
    evaluate_columns,
    evaluate_many,
    evaluate_records,
    get_programme,
    num_column,
    read_facts,
)
from tests.policy.records import hnte_record, tsme_record


def maybe(rng, value, missing=0.05):
    return None if rng.random() < missing else value


def sometimes(rng, target, key, value, chance=0.15):
    if rng.random() < chance:
        target[key] = value


def random_hnte(rng, index):
    record = hnte_record(id=f"h{index}")
    sometimes(
        rng, record, "registration_date", rng.choice(["2023-02-01", "2024-06-01", "2024-06-02", "2022-07-01"])
    )
    sometimes(rng, record, "tech_field", rng.choice(["aerospace", "retail"]))
    sometimes(rng, record, "core_ip", {"class_i_count": 0, "class_ii_count": maybe(rng, rng.choice([0, 1]))})
    for year in record["fiscal_years"]:
        sales = rng.choice([0, 30000000, 50000000, 50000001, 200000000, 200000001])
        sometimes(rng, year, "sales_revenue_cny", maybe(rng, sales))
        sometimes(rng, year, "rd_expense_cny", rng.randrange(0, sales // 10 + 2))
        sometimes(rng, year, "rd_expense_domestic_cny", maybe(rng, rng.randrange(0, 1500001)))
        sometimes(rng, year, "employees_avg", maybe(rng, rng.choice([0, 100, 120.5, 33.25])))
        sometimes(rng, year, "tech_staff_avg", rng.choice([0, 10, 12.05, 3.3]))
        sometimes(rng, year, "high_tech_income_cny", rng.choice([0, 18000000, 17999999]))
    sometimes(rng, record["innovation_subscores"], "ip", maybe(rng, rng.randrange(0, 31), 0.3))
    sometimes(rng, record["innovation_subscores"], "growth", rng.randrange(0, 21))
    sometimes(rng, record, "major_incident_dates", maybe(rng, rng.choice([["2025-02-21"], ["2023-01-01"]])))
    return record


def random_tsme(rng, index):
    record = tsme_record(id=f"t{index}")
    year = record["last_fiscal_year"]
    year.update(
        employees_avg=maybe(rng, rng.choice([0, 100, 500, 500.5, 37.75])),
        tech_staff_avg=rng.choice([0, 10, 30, 29.99, 9.99, 11.33]),
        sales_revenue_cny=rng.choice([0, 50000000, 200000000, 200000001]),
        rd_expense_cny=rng.choice([0, 2500000, 3000000, 2999999, 12000000]),
        total_cost_expense_cny=maybe(rng, rng.choice([0, 8000000, 40000000])),
    )
    record["ip"] = {"class_i_count": rng.choice([0, 1]), "class_ii_count": rng.choice([0, 1, 2, 3, 4, 7])}
    record["audit_based_tax_collection"] = maybe(rng, rng.random() > 0.1)
    record["direct_track"] = maybe(
        rng,
        {
            "hnte_certificate_valid_until": rng.choice([None, "2025-05-01", "2025-04-30"]),
            "national_st_awards": rng.choice([[], [{"year": 2020, "rank_among_units": 3}]]),
            "provincial_or_higher_rd_institution": rng.random() < 0.1,
            "led_standard_years": rng.choice([[], [2019], [2020]]),
        },
    )
    return record


@pytest.mark.parametrize(("programme_id", "make"), [("hnte", random_hnte), ("tsme", random_tsme)])
def test_vectorised_results_equal_scalar_results_row_by_row(programme_id, make):
    rng = random.Random(20251126)
    records = [make(rng, index) for index in range(400)]
    programme = get_programme(programme_id)
    scalar = evaluate_records(programme, records)
    vector = evaluate_many(programme, records)
    outcomes = {True: 0, False: 0, None: 0}
    for one, many in zip(scalar, vector, strict=True):
        for key in ("id", "eligible", "failing", "unknown", "route", "scores", "direct_conditions"):
            if key in one:
                assert many[key] == one[key], (one["id"], key)
        outcomes[one["eligible"]] += 1
    assert all(outcomes.values()), outcomes  # the sample reaches every outcome


def test_bad_records_are_reported_and_the_others_still_evaluated():
    records = [hnte_record(id="good"), hnte_record(id="bad", registration_date="2019-02-29")]
    results = evaluate_many(get_programme("hnte"), records)
    assert results[0]["eligible"] is True
    assert results[1]["errors"] == [
        {"path": "registration_date", "message": results[1]["errors"][0]["message"]}
    ]


def test_columns_can_be_built_directly_for_a_large_batch():
    tsme = get_programme("tsme")
    size = 50_000
    facts = read_facts(tsme, tsme_record())
    columns = columns_from_facts(tsme, [facts])
    columns = {name: col for name, col in columns.items()}
    staff = np.arange(size, dtype=np.int64) % 40
    columns["tech_staff"] = num_column(staff)
    columns["employees"] = num_column(np.full(size, 100))
    result = evaluate_columns(tsme, columns, date(2025, 5, 1))
    assert result.size == size
    assert result.record(0)["failing"] == ["tsme.score_min_60", "tsme.tech_staff_score_nonzero"]
    assert result.record(20)["eligible"] is True
    assert int((result.eligible == 1).sum()) == size // 40 * 25  # 15% tech staff and up reach 60 points


def test_an_exact_product_too_large_for_64_bits_falls_back_to_the_scalar_path():
    record = hnte_record(id="huge")
    for year in record["fiscal_years"]:
        year["sales_revenue_cny"] = 9 * 10**17
        year["rd_expense_cny"] = 9 * 10**16
        year["rd_expense_domestic_cny"] = 9 * 10**16
    [vector] = evaluate_many(get_programme("hnte"), [record])
    [scalar] = evaluate_records(get_programme("hnte"), [record])
    assert vector["eligible"] == scalar["eligible"]
    assert vector["failing"] == scalar["failing"]
