"""The unified social credit code (GB 32100-2015): its check character, and enterprises that carry one."""

from __future__ import annotations

import doctest

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

import hatchway.directory.creditcode as creditcode
from hatchway.directory.creditcode import check_character, credit_code_problem, is_valid_credit_code
from hatchway.directory.models import Organisation, validate_credit_code
from tests.conftest import ApiClient
from tests.directory.conftest import HUAWEI, TENCENT


@pytest.fixture(autouse=True)
def _messages_in_english():
    """Messages are compared with the English source text (the catalogue translates them for zh users)."""
    with translation.override("en"):
        yield


def test_the_examples_in_the_engine_hold():
    assert doctest.testmod(creditcode).failed == 0


@pytest.mark.parametrize("code", [HUAWEI, TENCENT])
def test_real_codes_are_valid(code):
    assert is_valid_credit_code(code)
    assert check_character(code[:17]) == code[17]


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        ("914403001922038217", "check_character"),  # last character changed
        ("914403001922038261", "organisation_code"),  # two characters swapped
        ("91440300192203821", "length"),
        ("9144030019220382166", "length"),
        ("9144030071526726xg", "character"),  # letters must be capitals
        ("91440300I922038216", "character"),  # I is never used
        ("014403001922038216", "authority"),
        ("9144A3001922038216", "division"),
    ],
)
def test_malformed_codes_are_refused_with_the_reason(code, problem):
    assert credit_code_problem(code) == problem
    assert not is_valid_credit_code(code)


def test_every_single_character_typo_is_caught():
    alphabet = creditcode.ALPHABET
    for position in range(18):
        for replacement in alphabet:
            if replacement == HUAWEI[position]:
                continue
            typo = HUAWEI[:position] + replacement + HUAWEI[position + 1 :]
            assert not is_valid_credit_code(typo), typo


def test_the_model_validator_says_how_to_correct_the_code():
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        validate_credit_code("914403001922038217")
    assert "business licence" in raised.value.messages[0]


@pytest.mark.django_db
def test_an_enterprise_with_a_bad_code_is_refused_at_its_location_and_nothing_is_written(operator):
    response = ApiClient(operator).post(
        "/organisations",
        {"kind": "enterprise", "name_zh": "坏码公司", "credit_code": "914403001922038217"},
        **{"Accept-Language": "en"},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["location"] == "body.credit_code"
    assert not Organisation.objects.filter(name_zh="坏码公司").exists()


@pytest.mark.django_db
def test_a_code_is_kept_in_capitals_unique_and_only_for_mainland_companies(operator):
    api = ApiClient(operator)
    created = api.post(
        "/organisations", {"kind": "enterprise", "name_zh": "华为", "credit_code": HUAWEI.lower()}
    )
    assert created.status_code == 201
    assert Organisation.objects.get(pk=created.json()["id"]).credit_code == HUAWEI
    again = api.post("/organisations", {"kind": "enterprise", "name_zh": "华为二", "credit_code": HUAWEI})
    assert again.status_code == 422
    abroad = api.post(
        "/organisations", {"kind": "enterprise", "name_en": "Helix", "country": "DE", "credit_code": TENCENT}
    )
    assert abroad.status_code == 422
    assert abroad.json()["errors"][0]["location"] == "body.credit_code"
    assert Organisation.objects.filter(credit_code__isnull=False).count() == 1
