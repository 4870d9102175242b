"""`hatchway check` refuses a weights file that does not validate, saying where and what to write."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.utils import translation

from hatchway.matching.checks import check_weights
from hatchway.matching.scoring import _config


def test_the_shipped_weights_pass_the_check():
    assert check_weights() == []


@pytest.fixture
def broken(tmp_path, monkeypatch):
    """The shipped weights with an unknown filter (“moon”) in the capital pair, in place of the real file."""
    path = tmp_path / "weights.yaml"
    shipped = _config.DEFAULT_PATH.read_text(encoding="utf-8")
    path.write_text(shipped.replace("filters: [open, other_party, ticket", "filters: [open, moon, ticket", 1))
    monkeypatch.setattr(_config, "DEFAULT_PATH", path)
    return path


def test_a_broken_weights_file_fails_hatchway_check_with_the_located_mistake(broken):
    with translation.override("en"):
        [error] = check_weights()
    with pytest.raises(SystemCheckError, match=r"matching\.E001"):
        call_command("check", stdout=io.StringIO(), stderr=io.StringIO())

    assert error.id == "matching.E001"
    assert "filters: “moon” is not a filter. Use: open, other_party" in error.msg
    assert str(broken) in error.msg
    assert "weights.yaml" in str(error.hint)


def test_the_check_names_the_mistake_in_the_operators_language(broken):
    with translation.override("zh-hans"):
        [error] = check_weights()

    assert "“moon” 不是筛选条件。可用：open, other_party" in error.msg
    assert f"{broken}: pairs.capital.filters: " in error.msg  # where stays as written in the file
    assert str(error.hint).startswith("请按提示修改 hatchway/matching/weights.yaml")
