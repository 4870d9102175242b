"""A small, safe expression language for criteria formulas (never Python ``eval``).

Grammar (lowest precedence first)::

    expr    := or
    or      := and ("or" and)*
    and     := not ("and" not)*
    not     := "not" not | compare
    compare := sum (("=="|"!="|"<"|"<="|">"|">="|"in"|"not in") sum)?
    sum     := product (("+"|"-") product)*
    product := unary (("*"|"/") unary)*
    unary   := "-" unary | power
    power   := atom ("**" unary)?
    atom    := NUMBER | STRING | "true" | "false" | NAME | NAME "(" args ")" | "(" expr ")" | "[" args "]"

Names are plain identifiers bound to facts, derived values and parameters; there is no attribute
access, no indexing, no keyword arguments, and only the functions in a fixed table can be called.
Numbers are exact (``int`` or ``Fraction``); a missing input makes the result ``Unknown`` (three-valued
logic for ``and``/``or``/``not``); a share with a zero denominator is ``ZERO_DENOMINATOR`` and fails
every comparison.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from hatchway.policy.engine._values import (
    ZERO_DENOMINATOR,
    Unknown,
    Value,
    _ZeroDenominator,
    exact,
    is_number,
)

MAX_LENGTH = 2000
MAX_DEPTH = 40
MAX_EXPONENT = 64
MAX_BITS = 4096


class ExpressionError(ValueError):
    """The formula cannot be parsed, or refers to something it may not use."""


class EvaluationError(ValueError):
    """The formula was used with values of the wrong kind (for example text plus a number)."""


# ---------------------------------------------------------------------------- syntax tree


@dataclass(frozen=True)
class Literal:
    value: Value


@dataclass(frozen=True)
class Name:
    name: str


@dataclass(frozen=True)
class Call:
    function: str
    args: tuple[Node, ...]


@dataclass(frozen=True)
class ListOf:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Unary:
    op: str
    operand: Node


@dataclass(frozen=True)
class Binary:
    op: str
    left: Node
    right: Node


Node = Literal | Name | Call | ListOf | Unary | Binary

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<number>\d+(?:\.\d+)?)
      | (?P<string>"[^"\\]*"|'[^'\\]*')
      | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
      | (?P<op>\*\*|==|!=|<=|>=|[-+*/<>()\[\],.])
    )""",
    re.VERBOSE,
)
_KEYWORDS = {"and", "or", "not", "in", "true", "false"}


def _tokenize(text: str) -> list[tuple[str, str]]:
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"The formula is longer than {MAX_LENGTH} characters.")
    tokens: list[tuple[str, str]] = []
    position = 0
    text = text.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            raise ExpressionError(f"Unexpected character {text[position:].strip()[:1]!r} at {position}.")
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind)))
        position = match.end()
    tokens.append(("end", ""))
    return tokens


class _Parser:
    def __init__(self, text: str, functions: Mapping[str, object]) -> None:
        self.tokens = _tokenize(text)
        self.position = 0
        self.functions = functions
        self.depth = 0

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.position]

    def take(self) -> tuple[str, str]:
        token = self.tokens[self.position]
        self.position += 1
        return token

    def accept(self, value: str) -> bool:
        kind, text = self.peek()
        if text == value and kind in {"op", "name"}:
            self.position += 1
            return True
        return False

    def expect(self, value: str) -> None:
        if not self.accept(value):
            raise ExpressionError(f"Expected {value!r} but found {self.peek()[1] or 'the end'!r}.")

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError(f"The formula is nested more than {MAX_DEPTH} levels deep.")

    def parse(self) -> Node:
        node = self.or_()
        if self.peek()[0] != "end":
            raise ExpressionError(f"Unexpected {self.peek()[1]!r} after the end of the formula.")
        return node

    def or_(self) -> Node:
        node = self.and_()
        while self.accept("or"):
            node = Binary("or", node, self.and_())
        return node

    def and_(self) -> Node:
        node = self.not_()
        while self.accept("and"):
            node = Binary("and", node, self.not_())
        return node

    def not_(self) -> Node:
        if self.accept("not"):
            self.enter()
            node = Unary("not", self.not_())
            self.depth -= 1
            return node
        return self.compare()

    def compare(self) -> Node:
        node = self.sum()
        kind, text = self.peek()
        if kind == "op" and text in {"==", "!=", "<", "<=", ">", ">="}:
            self.take()
            return Binary(text, node, self.sum())
        if self.accept("in"):
            return Binary("in", node, self.sum())
        if text == "not" and self.tokens[self.position + 1][1] == "in":
            self.position += 2
            return Binary("not in", node, self.sum())
        return node

    def sum(self) -> Node:
        node = self.product()
        while self.peek() in {("op", "+"), ("op", "-")}:
            node = Binary(self.take()[1], node, self.product())
        return node

    def product(self) -> Node:
        node = self.unary()
        while self.peek() in {("op", "*"), ("op", "/")}:
            node = Binary(self.take()[1], node, self.unary())
        return node

    def unary(self) -> Node:
        if self.accept("-"):
            self.enter()
            node = Unary("-", self.unary())
            self.depth -= 1
            return node
        return self.power()

    def power(self) -> Node:
        node = self.atom()
        if self.accept("**"):
            self.enter()
            node = Binary("**", node, self.unary())
            self.depth -= 1
        return node

    def atom(self) -> Node:
        kind, text = self.take()
        if kind == "number":
            return Literal(exact(text))
        if kind == "string":
            return Literal(text[1:-1])
        if kind == "name":
            if text in {"true", "false"}:
                return Literal(text == "true")
            if text in _KEYWORDS:
                raise ExpressionError(f"{text!r} cannot stand here.")
            if text.startswith("_"):
                raise ExpressionError(f"Names starting with '_' are not allowed: {text!r}.")
            if self.peek() == ("op", "."):
                raise ExpressionError(f"Attribute access is not allowed ({text}.…); use a plain name.")
            if self.accept("("):
                if text not in self.functions:
                    raise ExpressionError(
                        f"Unknown function {text!r}; known: {', '.join(sorted(self.functions))}."
                    )
                return Call(text, self.arguments(")"))
            return Name(text)
        if (kind, text) == ("op", "("):
            self.enter()
            node = self.or_()
            self.depth -= 1
            self.expect(")")
            return node
        if (kind, text) == ("op", "["):
            return ListOf(self.arguments("]"))
        if (kind, text) == ("op", "."):
            raise ExpressionError("Attribute access is not allowed.")
        raise ExpressionError(f"Unexpected {text or 'end of the formula'!r}.")

    def arguments(self, closing: str) -> tuple[Node, ...]:
        self.enter()
        args: list[Node] = []
        if not self.accept(closing):
            while True:
                args.append(self.or_())
                if self.accept(closing):
                    break
                self.expect(",")
        self.depth -= 1
        return tuple(args)


def parse(text: str, functions: Mapping[str, object]) -> Node:
    """Parse ``text`` into a syntax tree, refusing unknown functions and attribute access.

    >>> parse("a >= 0.1", {})
    Binary(op='>=', left=Name(name='a'), right=Literal(value=Fraction(1, 10)))
    """
    return _Parser(text, functions).parse()


def names_in(node: Node) -> set[str]:
    """The names a formula reads.

    >>> sorted(names_in(parse("ratio(a, b) >= t", {"ratio": None})))
    ['a', 'b', 't']
    """
    if isinstance(node, Name):
        return {node.name}
    if isinstance(node, Call):
        return set().union(*(names_in(arg) for arg in node.args)) if node.args else set()
    if isinstance(node, ListOf):
        return set().union(*(names_in(item) for item in node.items)) if node.items else set()
    if isinstance(node, Unary):
        return names_in(node.operand)
    if isinstance(node, Binary):
        return names_in(node.left) | names_in(node.right)
    return set()


# ---------------------------------------------------------------------------- evaluation


@dataclass
class Scope:
    """What a formula can see: ``lookup(name)`` resolves names; events are recorded for traces."""

    lookup: Callable[[str], Value]
    functions: Mapping[str, Callable[..., Value]]
    zero_denominator: bool = False
    read: dict[str, Value] = field(default_factory=dict)


def _unknown(*values: Value) -> Unknown | None:
    missing = [value for value in values if isinstance(value, Unknown)]
    if not missing:
        return None
    return Unknown(frozenset().union(*(value.names for value in missing)))


def _number(value: Value, op: str) -> int | Fraction:
    if not is_number(value):
        raise EvaluationError(f"{op!r} needs numbers, not {value!r}.")
    assert isinstance(value, (int, Fraction))
    return value


def _normal(value: int | Fraction) -> int | Fraction:
    if isinstance(value, Fraction) and value.denominator == 1:
        return value.numerator
    return value


def divide(left: Value, right: Value) -> Value:
    """Exact division; a known zero denominator gives ``ZERO_DENOMINATOR`` even if the numerator is unknown.

    >>> divide(1, 4), divide(Unknown(frozenset({"x"})), 0)
    (Fraction(1, 4), ZERO_DENOMINATOR)
    """
    if is_number(right) and right == 0:
        return ZERO_DENOMINATOR
    unknown = _unknown(left, right)
    if unknown is not None:
        return unknown
    if isinstance(left, _ZeroDenominator) or isinstance(right, _ZeroDenominator):
        return ZERO_DENOMINATOR
    return _normal(Fraction(_number(left, "/")) / _number(right, "/"))


def _arith(op: str, left: Value, right: Value) -> Value:
    if op == "/":
        return divide(left, right)
    unknown = _unknown(left, right)
    if unknown is not None:
        return unknown
    if isinstance(left, _ZeroDenominator) or isinstance(right, _ZeroDenominator):
        return ZERO_DENOMINATOR
    a, b = _number(left, op), _number(right, op)
    if op == "+":
        return _normal(a + b)
    if op == "-":
        return _normal(a - b)
    if op == "*":
        return _normal(a * b)
    if op == "**":
        if not isinstance(b, int) or abs(b) > MAX_EXPONENT:
            raise EvaluationError(
                f"Exponents must be whole numbers between -{MAX_EXPONENT} and {MAX_EXPONENT}."
            )
        if b < 0 and a == 0:
            return ZERO_DENOMINATOR
        base = Fraction(a)
        size = max(base.numerator.bit_length(), base.denominator.bit_length())
        if size * abs(b) > MAX_BITS:
            raise EvaluationError(f"The power is too large (more than {MAX_BITS} bits).")
        return _normal(base**b)
    raise EvaluationError(f"Unknown operator {op!r}.")  # pragma: no cover


_COMPARE: dict[str, Callable[[object, object], bool]] = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,  # type: ignore[operator]
    "<=": lambda a, b: a <= b,  # type: ignore[operator]
    ">": lambda a, b: a > b,  # type: ignore[operator]
    ">=": lambda a, b: a >= b,  # type: ignore[operator]
}


def _compare(op: str, left: Value, right: Value) -> Value:
    unknown = _unknown(left, right)
    if unknown is not None:
        return unknown
    if isinstance(left, _ZeroDenominator) or isinstance(right, _ZeroDenominator):
        return False
    if op in {"in", "not in"}:
        if not isinstance(right, tuple):
            raise EvaluationError(f"{op!r} needs a list on its right, not {right!r}.")
        return (left in right) == (op == "in")
    if op in {"<", "<=", ">", ">="}:
        _number(left, op)
        _number(right, op)
    return _COMPARE[op](left, right)


def _truth(value: Value, op: str) -> bool | Unknown:
    if isinstance(value, Unknown):
        return value
    if not isinstance(value, bool):
        raise EvaluationError(f"{op!r} needs true or false, not {value!r}.")
    return value


def evaluate(node: Node, scope: Scope) -> Value:
    """Evaluate a parsed formula.

    >>> scope = Scope(lookup={"a": 3, "b": Unknown(frozenset({"b"}))}.__getitem__, functions={})
    >>> evaluate(parse("a >= 3 or b > 1", {}), scope), evaluate(parse("a > 3 and b > 1", {}), scope)
    (True, False)
    >>> evaluate(parse("a > 1 and b > 1", {}), scope)
    Unknown(b)
    """
    if isinstance(node, Literal):
        return node.value
    if isinstance(node, Name):
        value = scope.lookup(node.name)
        scope.read[node.name] = value
        return value
    if isinstance(node, ListOf):
        return tuple(evaluate(item, scope) for item in node.items)
    if isinstance(node, Call):
        args = [evaluate(arg, scope) for arg in node.args]
        result = scope.functions[node.function](*args)
        if result is ZERO_DENOMINATOR:
            scope.zero_denominator = True
        return result
    if isinstance(node, Unary):
        operand = evaluate(node.operand, scope)
        if node.op == "not":
            truth = _truth(operand, "not")
            return truth if isinstance(truth, Unknown) else not truth
        if isinstance(operand, (Unknown, _ZeroDenominator)):
            return operand
        return _normal(-_number(operand, "-"))
    if node.op in {"and", "or"}:
        left = _truth(evaluate(node.left, scope), node.op)
        right = _truth(evaluate(node.right, scope), node.op)
        decisive = node.op == "or"  # the value that settles the result on its own
        if left is decisive or right is decisive:
            return decisive
        unknown = _unknown(left, right)
        return unknown if unknown is not None else not decisive
    left_value = evaluate(node.left, scope)
    right_value = evaluate(node.right, scope)
    if node.op in {"+", "-", "*", "/", "**"}:
        result = _arith(node.op, left_value, right_value)
    else:
        result = _compare(node.op, left_value, right_value)
    if result is ZERO_DENOMINATOR or (
        isinstance(left_value, _ZeroDenominator) or isinstance(right_value, _ZeroDenominator)
    ):
        scope.zero_denominator = True
    return result


# ---------------------------------------------------------------------------- functions


def _ceil(value: Value) -> Value:
    if isinstance(value, (Unknown, _ZeroDenominator)):
        return value
    return math.ceil(_number(value, "ceil"))


def _extreme(pick: Callable[..., int | Fraction], *values: Value) -> Value:
    unknown = _unknown(*values)
    if unknown is not None:
        return unknown
    if any(isinstance(value, _ZeroDenominator) for value in values):
        return ZERO_DENOMINATOR
    return pick(*(_number(value, "min/max") for value in values))


def tier(value: Value, table: Value) -> Value:
    """The rate of the first tier whose upper bound (inclusive; ``None`` = no bound) holds ``value``.

    >>> table = ((50_000_000, Fraction(5, 100)), (200_000_000, Fraction(4, 100)), (None, Fraction(3, 100)))
    >>> tier(50_000_000, table), tier(50_000_001, table), tier(200_000_001, table)
    (Fraction(1, 20), Fraction(1, 25), Fraction(3, 100))
    """
    if isinstance(value, (Unknown, _ZeroDenominator)):
        return value
    number = _number(value, "tier")
    if not isinstance(table, tuple):
        raise EvaluationError("tier() needs a table of (upper bound, rate) rows.")
    for row in table:
        assert isinstance(row, tuple)
        upper, rate = row
        if upper is None or number <= _number(upper, "tier"):
            return rate
    raise EvaluationError("tier(): the table has no open-ended last row.")


def band(value: Value, table: Value) -> Value:
    """The points of the first band whose lower bound (inclusive) ``value`` reaches; 0 below them all.

    A share with a zero denominator scores 0 (docs/policy/criteria.md A4).

    >>> table = ((Fraction(30, 100), 20), (Fraction(25, 100), 16), (Fraction(10, 100), 4))
    >>> band(Fraction(30, 100), table), band(Fraction(2999, 10000), table), band(Fraction(1, 20), table)
    (20, 16, 0)
    >>> band(ZERO_DENOMINATOR, table)
    0
    """
    if isinstance(value, Unknown):
        return value
    if isinstance(value, _ZeroDenominator):
        return 0
    number = _number(value, "band")
    if not isinstance(table, tuple):
        raise EvaluationError("band() needs a table of (lower bound, points) rows.")
    for row in table:
        assert isinstance(row, tuple)
        lower, points = row
        if number >= _number(lower, "band"):
            return points
    return 0


def count_band(first: Value, second: Value, table: Value) -> Value:
    """Points for IP counts: rows ``(min Class I, min Class II, points)``; the first row met wins.

    >>> table = ((1, 0, 30), (0, 4, 24), (0, 3, 18), (0, 2, 12), (0, 1, 6))
    >>> count_band(0, 5, table), count_band(1, 0, table), count_band(0, 0, table)
    (24, 30, 0)
    """
    unknown = _unknown(first, second)
    if unknown is not None:
        return unknown
    a, b = _number(first, "count_band"), _number(second, "count_band")
    if not isinstance(table, tuple):
        raise EvaluationError("count_band() needs a table of (class I, class II, points) rows.")
    for row in table:
        assert isinstance(row, tuple)
        min_first, min_second, points = row
        if a >= _number(min_first, "count_band") and b >= _number(min_second, "count_band"):
            return points
    return 0


def _any(*values: Value) -> Value:
    truths = [_truth(value, "any") for value in values]
    if any(truth is True for truth in truths):
        return True
    unknown = _unknown(*truths)
    return unknown if unknown is not None else False


FUNCTIONS: dict[str, Callable[..., Value]] = {
    "ratio": divide,
    "ceil": _ceil,
    "min": lambda *values: _extreme(min, *values),
    "max": lambda *values: _extreme(max, *values),
    "tier": tier,
    "band": band,
    "count_band": count_band,
    "any": _any,
}
