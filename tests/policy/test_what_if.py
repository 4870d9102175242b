"""Near-miss gaps are exact, and a what-if re-evaluation shows what a change would do."""

from hatchway.policy.engine import evaluate_record, get_programme, what_if
from tests.policy.records import hnte_record, tsme_record


def short_of_rd():
    record = hnte_record()
    for year in record["fiscal_years"]:
        year["rd_expense_cny"] = 1234567
        year["rd_expense_domestic_cny"] = 1234567
    return record


def test_the_rd_gap_is_exactly_what_is_missing():
    hnte = get_programme("hnte")
    result = evaluate_record(hnte, short_of_rd())
    gap = result["hints"]["hnte.rd_expense_ratio"]["additional_rd_expense_cny"]
    assert gap == 4500000 - 3 * 1234567

    def with_extra(amount):
        return {
            "fiscal_years": [
                {
                    "year": 2024,
                    "rd_expense_cny": 1234567 + amount,
                    "rd_expense_domestic_cny": 1234567 + amount,
                }
            ]
        }

    assert what_if(hnte, short_of_rd(), with_extra(gap))["after"]["eligible"] is True
    assert what_if(hnte, short_of_rd(), with_extra(gap - 1))["after"]["eligible"] is False


def test_hiring_two_more_rd_staff_lifts_the_staff_share():
    hnte = get_programme("hnte")
    record = hnte_record()
    record["fiscal_years"][3].update(employees_avg=100, tech_staff_avg=9)
    outcome = what_if(
        hnte, record, {"fiscal_years": [{"year": 2024, "employees_avg": 102, "tech_staff_avg": 11}]}
    )
    assert outcome["before"]["failing"] == ["hnte.tech_staff_ratio"]
    assert outcome["after"]["eligible"] is True
    assert outcome["changed"] == [{"criterion": "hnte.tech_staff_ratio", "before": "fail", "after": "pass"}]


def test_what_if_leaves_the_original_record_alone():
    record = hnte_record()
    what_if(get_programme("hnte"), record, {"fiscal_years": [{"year": 2024, "tech_staff_avg": 1}]})
    assert record["fiscal_years"][3]["tech_staff_avg"] == 20


def test_the_score_gap_for_a_tech_sme():
    record = tsme_record(ip={"class_i_count": 0, "class_ii_count": 0})
    result = evaluate_record(get_programme("tsme"), record)
    assert result["hints"] == {"tsme.score_min_60": {"additional_points": 8}}
    after = what_if(get_programme("tsme"), record, {"ip": {"class_ii_count": 2}})["after"]
    assert after["eligible"] is True
    assert after["scores"]["total"] == 64


def test_no_gap_is_offered_for_a_criterion_that_passes_or_is_unknown():
    record = hnte_record(innovation_subscores=None)
    result = evaluate_record(get_programme("hnte"), record)
    assert result["hints"] == {}


def test_two_more_staff_are_not_enough_from_eight_in_a_hundred():
    record = hnte_record()
    record["fiscal_years"][3].update(employees_avg=100, tech_staff_avg=8)
    change = {"fiscal_years": [{"year": 2024, "employees_avg": 102, "tech_staff_avg": 10}]}
    assert what_if(get_programme("hnte"), record, change)["after"]["failing"] == ["hnte.tech_staff_ratio"]
