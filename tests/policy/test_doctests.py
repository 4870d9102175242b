"""The engine's examples in its docstrings run."""

import doctest
import importlib

import pytest

MODULES = [
    "_values",
    "_expr",
    "_growth",
    "_inputs",
    "_evaluate",
    "_columns",
    "_column_ops",
    "_vector",
    "_rules",
]


@pytest.mark.parametrize("name", MODULES)
def test_the_examples_in_the_docstrings_hold(name):
    module = importlib.import_module(f"hatchway.policy.engine.{name}")
    failures, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert failures == 0
