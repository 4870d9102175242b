"""The engine's examples in its docstrings run and hold."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["__init__", "_language", "_encoders", "_index", "_kinds", "_ranker"]


@pytest.mark.parametrize("name", MODULES)
def test_the_engine_examples_hold(name):
    module = importlib.import_module("hatchway.matching.engine" + ("" if name == "__init__" else f".{name}"))

    failures, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS)

    assert tried > 0
    assert failures == 0


@pytest.mark.parametrize("name", ["__init__", "_config", "_score"])
def test_the_scoring_examples_hold_with_the_shipped_weights(name):
    module = importlib.import_module("hatchway.matching.scoring" + ("" if name == "__init__" else f".{name}"))

    failures, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS)

    assert tried > 0
    assert failures == 0
