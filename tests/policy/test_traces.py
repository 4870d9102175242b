"""Every criterion explains itself: inputs read, derived values, threshold with its date, article, sentence."""

from hatchway.policy.engine import evaluate_record, get_programme
from tests.policy.records import hnte_record, tsme_record


def trace_of(result, criterion):
    [item] = [item for item in result["trace"] if item["criterion"] == criterion]
    return item


def test_a_trace_names_inputs_derived_values_threshold_article_and_result():
    record = hnte_record()
    record["fiscal_years"][3]["rd_expense_cny"] = 1000000
    item = trace_of(evaluate_record(get_programme("hnte"), record), "hnte.rd_expense_ratio")
    assert item["inputs"] == {"window_rd": 4600000, "window_sales": 90000000, "last_sales": 30000000}
    assert item["derived"] == {"rd_ratio": "0.051111111111", "rd_threshold": "0.05"}
    assert item["parameters"]["rd_tiers"]["effective_from"] == "2016-01-01"
    assert "32号" in item["parameters"]["rd_tiers"]["reference"]
    assert item["article"] == {"zh": "32号 第十一条（五）", "en": "No. 32, Art. 11(5)"}
    assert item["result"] == "pass"
    assert item["verified"] is True
    assert item["explanation"]["en"].startswith("R&D expense share of sales over three fiscal years: met")
    assert item["explanation"]["zh"].startswith("近三个会计年度研发费用占销售收入比例达标：符合")


def test_an_unknown_criterion_says_which_figures_to_file():
    record = hnte_record(innovation_subscores={"ip": 20, "conversion": 20, "rd_management": 15})
    result = evaluate_record(get_programme("hnte"), record)
    item = trace_of(result, "hnte.innovation_score")
    assert item["result"] == "unknown"
    assert item["missing"] == ["innovation_subscores.growth"]
    assert "innovation_subscores.growth" in item["explanation"]["en"]
    assert "尚缺" in item["explanation"]["zh"]
    assert result["eligible"] is None
    assert result["missing_inputs"] == ["innovation_subscores.growth"]


def test_a_zero_denominator_is_explained_as_such():
    record = tsme_record()
    record["last_fiscal_year"]["employees_avg"] = 0
    record["last_fiscal_year"]["tech_staff_avg"] = 0
    record = hnte_record()
    for year in record["fiscal_years"]:
        year["employees_avg"] = 0
        year["tech_staff_avg"] = 0
    item = trace_of(evaluate_record(get_programme("hnte"), record), "hnte.tech_staff_ratio")
    assert item["reason"] == "zero_denominator"
    assert "denominator is zero" in item["explanation"]["en"]


def test_the_result_names_the_rule_file_version_and_hash():
    result = evaluate_record(get_programme("tsme"), tsme_record())
    assert result["programme"] == "tsme"
    assert len(result["rules_sha256"]) == 64
    assert result["as_of"] == "2025-05-01"


def test_derived_shares_are_decimal_strings_even_when_whole():
    record = hnte_record()
    for year in record["fiscal_years"]:
        year["rd_expense_domestic_cny"] = year["rd_expense_cny"]
    result = evaluate_record(get_programme("hnte"), record)
    assert result["derived"]["rd_domestic_share"] == "1"
    assert result["derived"]["days_registered"] == 2635
