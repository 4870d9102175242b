"""Rule files are data: they load, cite their sources, and a malformed one is refused with its place."""

from datetime import date
from pathlib import Path

import pytest

from hatchway.policy.engine import (
    RULES_DIR,
    ParameterNotSet,
    RuleFileError,
    evaluate_record,
    get_programme,
    programmes,
    read_rule_file,
    with_parameters,
)

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


def test_the_shipped_programmes_load():
    assert set(programmes()) == {
        "hnte",
        "tsme",
        "sh_little_giant_cultivation",
        "sh_little_giant",
        "district_reward_first_hnte",
    }


def test_criteria_carry_the_ids_of_criteria_md():
    assert [c.id for c in get_programme("hnte").criteria] == HNTE_CRITERIA
    assert [c.id for c in get_programme("tsme").criteria] == TSME_CRITERIA


def test_every_criterion_has_bilingual_labels_and_an_article():
    for programme in programmes().values():
        assert programme.title.zh
        assert programme.title.en
        for criterion in programme.criteria:
            assert all((criterion.label.zh, criterion.label.en)), criterion.id
            assert all((criterion.article.zh, criterion.article.en)), criterion.id


def test_little_giant_rules_are_marked_unverified_and_the_national_ones_verified():
    assert get_programme("hnte").verified
    assert get_programme("tsme").verified
    assert not get_programme("sh_little_giant").verified
    assert not get_programme("sh_little_giant_cultivation").verified
    growth_source = get_programme("hnte").source("195号-growth-bands")
    assert growth_source is not None
    assert not growth_source.verified


def test_thresholds_are_dated_and_cite_their_reference():
    parameter = get_programme("hnte").parameters["min_innovation_score"]
    current = parameter.on(date(2025, 1, 1))
    assert current is not None
    assert current.value == 71
    assert "不含70分" in parameter.reference
    assert parameter.on(date(2015, 12, 31)) is None


def test_a_parameter_changed_by_an_operator_applies_from_its_date():
    hnte = with_parameters(get_programme("hnte"), {"min_innovation_score": 75}, date(2026, 1, 1))
    parameter = hnte.parameters["min_innovation_score"]
    before, after = parameter.on(date(2025, 12, 31)), parameter.on(date(2026, 1, 1))
    assert before is not None
    assert after is not None
    assert (before.value, after.value) == (71, 75)


def test_the_district_reward_needs_an_operator_to_set_its_amount_and_cap():
    template = get_programme("district_reward_first_hnte")
    record = {
        "decision_date": "2026-03-01",
        "district": "putuo",
        "hnte_certificates": [{"issued": "2025-12-01"}],
    }
    with pytest.raises(ParameterNotSet, match="operator"):
        evaluate_record(template, record)
    putuo = with_parameters(
        template,
        {"reward_district": "putuo", "recognition_year": 2025, "amount_cny": 200000, "cap_cny": 150000},
        date(2026, 1, 1),
    )
    result = evaluate_record(putuo, record)
    assert result["eligible"] is True
    assert result["award"] == {"amount_cny": 150000}
    second = dict(record, hnte_certificates=[{"issued": "2022-11-01"}, {"issued": "2025-12-01"}])
    assert evaluate_record(putuo, second)["failing"] == ["district_reward.first_certificate"]
    elsewhere = dict(record, district="xuhui")
    assert evaluate_record(putuo, elsewhere)["failing"] == ["district_reward.in_district"]


def write_rules(tmp_path, formula):
    text = (RULES_DIR / "tsme-2022.yaml").read_text(encoding="utf-8")
    text = text.replace("formula: employees <= max_employees", f"formula: {formula}")
    path = tmp_path / "tsme.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_formula_naming_an_unknown_value_is_refused_with_its_place(tmp_path):
    with pytest.raises(RuleFileError, match=r"tsme\.employees_max_500 uses headcount"):
        read_rule_file(write_rules(tmp_path, "headcount <= max_employees"))


def test_a_formula_with_attribute_access_is_refused_when_loading(tmp_path):
    with pytest.raises(RuleFileError, match="Attribute access"):
        read_rule_file(write_rules(tmp_path, "employees.__class__ == 1"))


def test_a_file_that_is_not_yaml_is_refused(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("id: [unclosed", encoding="utf-8")
    with pytest.raises(RuleFileError, match="not valid YAML"):
        read_rule_file(path)


def test_the_criteria_the_rule_files_cite_are_in_the_repository():
    root = Path(__file__).resolve().parents[2]
    criteria = root / "docs" / "policy" / "criteria.md"
    assert "国科发火〔2016〕32号" in criteria.read_text(encoding="utf-8")
    citing = [
        path for path in RULES_DIR.glob("*.yaml") if "docs/policy/criteria.md" in path.read_text("utf-8")
    ]
    assert len(citing) == len(list(RULES_DIR.glob("*.yaml")))
    outside = [
        str(path.relative_to(root))
        for folder in ("docs", "hatchway", "tests", "bench")
        for path in (root / folder).rglob("*")
        if path.suffix in {".md", ".py", ".yaml", ".html"}
        and path != Path(__file__)
        and "shared/policy" in path.read_text(encoding="utf-8")
    ]
    assert outside == []
