"""The formula language: exact, three-valued, and closed to anything but its own names and functions."""

from fractions import Fraction

import pytest

from hatchway.policy.engine import EvaluationError, ExpressionError, Unknown, parse
from hatchway.policy.engine._expr import FUNCTIONS, Scope, evaluate
from hatchway.policy.engine._values import ZERO_DENOMINATOR

MISSING = Unknown(frozenset({"x_path"}))


def run(text, **names):
    scope = Scope(lookup=names.__getitem__, functions=FUNCTIONS)
    return evaluate(parse(text, FUNCTIONS), scope), scope


def value(text, **names):
    return run(text, **names)[0]


def test_decimals_are_exact_so_a_tenth_of_a_tenth_is_a_hundredth():
    assert value("0.1 * 0.1 == 0.01") is True
    assert value("a / b", a=1, b=3) == Fraction(1, 3)


def test_comparisons_are_inclusive_where_the_text_says_so():
    assert value("ratio(a, b) >= 0.05", a=5, b=100) is True
    assert value("ratio(a, b) >= 0.05", a=4999999, b=100000000) is False


def test_a_missing_input_is_unknown_not_zero():
    assert value("a + 1 > 0", a=MISSING) == MISSING


def test_and_is_false_when_one_side_is_false_even_if_the_other_is_unknown():
    assert value("a > 1 and b", a=0, b=MISSING) is False
    assert value("a > 1 and b", a=2, b=MISSING) == MISSING


def test_or_is_true_when_one_side_is_true_even_if_the_other_is_unknown():
    assert value("a > 1 or b", a=2, b=MISSING) is True
    assert value("not b", b=MISSING) == MISSING


def test_a_zero_denominator_fails_every_comparison_and_is_recorded():
    result, scope = run("ratio(a, b) >= 0", a=1, b=0)
    assert result is False
    assert scope.zero_denominator
    assert value("ratio(a, b) < 1", a=1, b=0) is False


def test_a_zero_denominator_wins_over_an_unknown_numerator():
    assert value("ratio(a, b)", a=MISSING, b=0) is ZERO_DENOMINATOR


def test_lists_and_membership():
    assert value("f in ['x', 'y']", f="y") is True
    assert value("f not in fields", f="z", fields=("x", "y")) is True


def test_the_table_functions():
    table = ((1, 0, 30), (0, 2, 12))
    assert value("count_band(a, b, t)", a=0, b=3, t=table) == 12
    assert value("band(r, t)", r=Fraction(1, 5), t=((Fraction(1, 5), 12),)) == 12
    assert value("tier(s, t)", s=5, t=((4, Fraction(1, 2)), (None, Fraction(1, 3)))) == Fraction(1, 3)
    assert value("ceil(a)", a=Fraction(1, 100)) == 1
    assert value("max(a, b) - min(a, b)", a=3, b=7) == 4


@pytest.mark.parametrize(
    "text",
    [
        "a.__class__",
        "a .real",
        "().__class__",
        "__import__('os')",
        "_private",
        "a[0]",
        "open('x')",
        "eval('1')",
        "lambda: 1",
        "a if b else c",
        "a = 1",
        "f(x=1)",
    ],
)
def test_it_refuses_anything_outside_the_grammar(text):
    with pytest.raises(ExpressionError):
        parse(text, FUNCTIONS)


def test_it_names_the_unknown_function_and_the_known_ones():
    with pytest.raises(ExpressionError, match=r"Unknown function 'system'.*ratio"):
        parse("system('ls')", FUNCTIONS)


def test_it_refuses_attribute_access_with_a_clear_message():
    with pytest.raises(ExpressionError, match="Attribute access is not allowed"):
        parse("sales.real", FUNCTIONS)


@pytest.mark.parametrize("text", ["2 ** 100000", "10 ** 65", "(2 ** 64) ** 64 ** 64"])
def test_it_refuses_huge_exponents(text):
    with pytest.raises(EvaluationError):
        value(text)


def test_small_powers_are_exact():
    assert value("(1 + 0.2) ** 2") == Fraction(36, 25)


def test_it_refuses_formulas_that_are_too_long_or_too_deep():
    with pytest.raises(ExpressionError, match="longer"):
        parse("1 + " * 600 + "1", FUNCTIONS)
    with pytest.raises(ExpressionError, match="nested"):
        parse("(" * 60 + "1" + ")" * 60, FUNCTIONS)


def test_it_refuses_arithmetic_on_text_or_truth_values():
    with pytest.raises(EvaluationError):
        value("a + 1", a="text")
    with pytest.raises(EvaluationError):
        value("a and true", a=3)
