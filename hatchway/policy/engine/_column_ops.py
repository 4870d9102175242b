"""Exact operations on columns, and the evaluator of one programme's syntax trees over them.

Comparisons cross-multiply, so no float rounding can flip a boundary. An operation whose products could
leave ``int64`` raises ``OverflowError`` instead of wrapping (callers fall back to the scalar path). The
three-valued rules (unknown, zero-denominator shares) are the scalar evaluator's, which the tests check
row by row.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from hatchway.policy.engine._columns import (
    FALSE,
    ONE,
    TRUE,
    Col,
    IntArray,
    always,
    const,
    never,
    rational_of,
    strings,
    unconst,
)
from hatchway.policy.engine._expr import Binary, Call, EvaluationError, ListOf, Literal, Name, Node, Unary
from hatchway.policy.engine._rules import Programme
from hatchway.policy.engine._values import Value

_LIMIT = float(2**62)


class _Bounds(threading.local):
    """Per-evaluation memo of each array's largest magnitude and sign, so overflow checks cost no pass.

    A product's bound is the product of its factors' bounds; only input columns are ever scanned.
    """

    def __init__(self) -> None:
        self.known: dict[int, tuple[npt.NDArray[Any], float, bool]] = {}


BOUNDS = _Bounds()


def _bound(a: IntArray) -> tuple[float, bool]:
    hit = BOUNDS.known.get(id(a))
    if hit is not None and hit[0] is a:
        return hit[1], hit[2]
    if a.size:
        largest, smallest = float(a.max()), float(a.min())
        value = (max(abs(largest), abs(smallest)), smallest >= 0)
    else:
        value = (0.0, True)
    BOUNDS.known[id(a)] = (a, *value)
    return value


def _remember(a: IntArray, bound: float, nonnegative: bool) -> IntArray:
    BOUNDS.known[id(a)] = (a, bound, nonnegative)
    return a


def _is_one(a: IntArray) -> bool:
    return a is ONE or (a.shape == (1,) and int(a[0]) == 1)


def _mul(a: IntArray, b: IntArray) -> IntArray:
    if _is_one(a):
        return b
    if _is_one(b):
        return a
    (bound_a, positive_a), (bound_b, positive_b) = _bound(a), _bound(b)
    bound = bound_a * bound_b
    if bound >= _LIMIT:
        raise OverflowError("an exact product would exceed 64 bits")
    return _remember(a * b, bound, positive_a and positive_b)


def _add(a: IntArray, b: IntArray, sign: int) -> IntArray:
    (bound_a, positive_a), (bound_b, positive_b) = _bound(a), _bound(b)
    bound = bound_a + bound_b
    if bound >= _LIMIT:
        raise OverflowError("an exact sum would exceed 64 bits")
    return _remember(a + b if sign > 0 else a - b, bound, positive_a and positive_b and sign > 0)


def column_of(value: Col | Value, what: str) -> Col:
    if not isinstance(value, Col):
        raise EvaluationError(f"{what} needs a column, not {value!r}.")
    return value


def _nums(a: Col, b: Col) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    if a.kind != "num" or b.kind != "num":
        raise EvaluationError("Arithmetic and ordering need numbers.")
    assert a.num is not None
    assert a.den is not None
    assert b.num is not None
    assert b.den is not None
    return a.num, a.den, b.num, b.den


def _arith(op: str, a: Col, b: Col) -> Col:
    an, ad, bn, bd = _nums(a, b)
    if op == "/":
        bzero = bn == 0
        if not (always(b.known) and never(b.zd)):
            bzero = b.known & ~b.zeros() & bzero
        num = _mul(an, bd)
        den = _mul(ad, bn)
        bound, den_positive = _bound(den)
        if den_positive:  # a zero denominator becomes 1 (the row is flagged in ``zd``) in one pass
            den = _remember(np.maximum(den, 1), max(bound, 1.0), True)
        else:
            negative = den < 0
            num = _remember(np.where(negative, -num, num), _bound(num)[0], False)
            den = den * np.where(negative, -1, 1)
            den = _remember(np.where(den == 0, 1, den), max(bound, 1.0), True)
        both = a.known & b.known
        known = both if always(both) else bzero | both
        zd = bzero if never(a.zd) and never(b.zd) else bzero | (both & (a.zeros() | b.zeros()))
        return Col("num", known, num, den, zd=zd)
    known = a.known & b.known
    zd = FALSE if never(a.zd) and never(b.zd) else known & (a.zeros() | b.zeros())
    if op == "*":
        return Col("num", known, _mul(an, bn), _mul(ad, bd), zd=zd, integral=a.integral and b.integral)
    sign = 1 if op == "+" else -1
    if a.integral and b.integral:
        return Col("num", known, _add(an, bn, sign), ONE, zd=zd, integral=True)
    return Col("num", known, _add(_mul(an, bd), _mul(bn, ad), sign), _mul(ad, bd), zd=zd)


_ORDER: dict[str, Callable[[Any, Any], Any]] = {
    "==": np.equal,
    "!=": np.not_equal,
    "<": np.less,
    "<=": np.less_equal,
    ">": np.greater,
    ">=": np.greater_equal,
}


def _compare(op: str, a: Col, b: Col | Value) -> Col:
    if op in {"in", "not in"}:
        if not isinstance(b, tuple):
            raise EvaluationError(f"{op!r} needs a list on its right.")
        if a.val is None and not a.known.any():
            return Col("bool", a.known, val=np.zeros(a.known.shape, dtype=bool))
        assert a.val is not None
        if a.cats is not None:  # test the few categories once, then look every code up
            table = np.isin(a.cats, np.array(list(b), dtype=object))
            member = table[a.val] if op == "in" else ~table[a.val]
            return Col("bool", a.known, val=member)
        same_kind = a.val.dtype.kind == "U" and all(isinstance(item, str) for item in b)
        member = np.isin(a.val, np.array(list(b)) if same_kind else np.array(list(b), dtype=object))
        return Col("bool", a.known, val=member if op == "in" else ~member)
    b = column_of(b, op)
    known = a.known & b.known
    if a.kind != b.kind and not (a.known.any() and b.known.any()):
        return Col("bool", known, val=np.zeros(known.shape, dtype=bool))  # an all-unknown column
    if a.kind == "num" and b.kind == "num":
        an, ad, bn, bd = _nums(a, b)
        result = _ORDER[op](an, bn) if a.integral and b.integral else _ORDER[op](_mul(an, bd), _mul(bn, ad))
        if never(a.zd) and never(b.zd):
            return Col("bool", known, val=result)
        return Col("bool", known, val=result & ~(a.zeros() | b.zeros()))
    if op not in {"==", "!="} or a.kind != b.kind:
        raise EvaluationError(f"{op!r} cannot compare {a.kind} with {b.kind}.")
    assert a.val is not None
    assert b.val is not None
    if a.kind == "str":
        return Col("bool", known, val=_ORDER[op](strings(a), strings(b)))
    return Col("bool", known, val=_ORDER[op](a.val, b.val))


def as_bool(col: Col) -> Col:
    """A column nobody filled in has no kind of its own; read it as unknown truth values."""
    if col.kind != "bool" and not col.known.any():
        return Col("bool", col.known, val=np.zeros(col.known.shape, dtype=bool))
    return col


def _logic(op: str, a: Col, b: Col) -> Col:
    a, b = as_bool(a), as_bool(b)
    if a.kind != "bool" or b.kind != "bool":
        raise EvaluationError(f"{op!r} needs true or false.")
    assert a.val is not None
    assert b.val is not None
    if always(a.known) and always(b.known):
        return Col("bool", TRUE, val=(a.val & b.val) if op == "and" else (a.val | b.val))
    av = a.val & a.known
    bv = b.val & b.known
    if op == "and":
        known = (a.known & b.known) | (a.known & ~a.val) | (b.known & ~b.val)
        return Col("bool", known, val=av & bv)
    known = (a.known & b.known) | av | bv
    return Col("bool", known, val=av | bv)


def _whole(value: Value) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise EvaluationError(f"{value!r} is not a whole number.")
    return value


# Tables are first-match: applying their rows last to first lets the earliest matching row win without a
# "done" mask, which saves two passes per row.


def _tier(x: Col, table: Value) -> Col:
    assert isinstance(table, tuple)
    assert x.num is not None
    assert x.den is not None
    shape = np.broadcast(x.num, x.den).shape
    num = np.zeros(shape, dtype=np.int64)
    den = np.ones(shape, dtype=np.int64)
    for row in reversed(table):
        assert isinstance(row, tuple)
        upper, rate = row
        rn, rd = rational_of(rate)
        if upper is None:
            num.fill(rn)
            den.fill(rd)
            continue
        un, ud = rational_of(upper)
        hit = _mul(x.num, np.array([ud])) <= _mul(np.array([un]), x.den)
        np.copyto(num, rn, where=hit)
        np.copyto(den, rd, where=hit)
    return Col("num", x.known, num, den, zd=x.zeros())


def _band(x: Col, table: Value) -> Col:
    assert isinstance(table, tuple)
    assert x.num is not None
    assert x.den is not None
    points = np.zeros(np.broadcast(x.num, x.den).shape, dtype=np.int64)
    for row in reversed(table):
        assert isinstance(row, tuple)
        lower, score = row
        ln, ld = rational_of(lower)
        np.copyto(points, _whole(score), where=_mul(x.num, np.array([ld])) >= _mul(np.array([ln]), x.den))
    if not never(x.zd):
        np.copyto(points, 0, where=np.broadcast_to(x.zeros(), points.shape))
    return Col("num", x.known, points, ONE, zd=FALSE, integral=True)


def _count_band(a: Col, b: Col, table: Value) -> Col:
    assert isinstance(table, tuple)
    assert a.num is not None
    assert b.num is not None
    points = np.zeros(np.broadcast(a.num, b.num).shape, dtype=np.int64)
    a_nonnegative, b_nonnegative = _bound(a.num)[1], _bound(b.num)[1]
    for row in reversed(table):
        assert isinstance(row, tuple)
        first, second, score = _whole(row[0]), _whole(row[1]), _whole(row[2])
        need_a = not (first <= 0 and a_nonnegative)  # "at least 0" of a count never fails
        need_b = not (second <= 0 and b_nonnegative)
        if need_a and need_b:
            np.copyto(points, score, where=(a.num >= first) & (b.num >= second))
        elif need_a or need_b:
            np.copyto(points, score, where=(a.num >= first) if need_a else (b.num >= second))
        else:
            points.fill(score)
    return Col("num", a.known & b.known, points, ONE, zd=FALSE, integral=True)


def _extreme(pick_max: bool, args: list[Col]) -> Col:
    result = args[0]
    for other in args[1:]:
        an, ad, bn, bd = _nums(result, other)
        other_bigger = _mul(bn, ad) > _mul(an, bd)
        take = other_bigger if pick_max else ~other_bigger
        result = Col(
            "num",
            result.known & other.known,
            np.where(take, bn, an),
            np.where(take, bd, ad),
            zd=(result.known & other.known) & (result.zeros() | other.zeros()),
            integral=result.integral and other.integral,
        )
    return result


def _ceil(x: Col) -> Col:
    assert x.num is not None
    assert x.den is not None
    return Col("num", x.known, -((-x.num) // x.den), ONE, zd=x.zeros(), integral=True)


class ColumnEvaluator:
    def __init__(
        self, programme: Programme, columns: Mapping[str, Col], parameters: Mapping[str, Value]
    ) -> None:
        self.programme = programme
        self.columns = columns
        self.parameters = parameters
        self.derived: dict[str, Col | Value] = {}

    def name(self, name: str) -> Col | Value:
        if name in self.columns:
            return self.columns[name]
        if name in self.programme.derived:
            if name not in self.derived:
                self.derived[name] = self.eval(self.programme.derived[name].node)
            return self.derived[name]
        if name in self.parameters:
            return const(self.parameters[name])
        raise KeyError(f"No column or parameter named {name!r}.")

    def eval(self, node: Node) -> Col | Value:
        if isinstance(node, Literal):
            return const(node.value)
        if isinstance(node, Name):
            return self.name(node.name)
        if isinstance(node, ListOf):
            items = [self.eval(item) for item in node.items]
            return tuple(unconst(item) for item in items)
        if isinstance(node, Call):
            return self.call(node.function, [self.eval(arg) for arg in node.args])
        if isinstance(node, Unary):
            operand = column_of(self.eval(node.operand), node.op)
            if node.op == "not":
                operand = as_bool(operand)
                assert operand.val is not None
                return Col("bool", operand.known, val=~operand.val)
            assert operand.num is not None
            return Col(
                "num", operand.known, -operand.num, operand.den, zd=operand.zd, integral=operand.integral
            )
        assert isinstance(node, Binary)
        left = self.eval(node.left)
        right = self.eval(node.right)
        if node.op in {"and", "or"}:
            return _logic(node.op, column_of(left, node.op), column_of(right, node.op))
        if node.op in {"+", "-", "*", "/"}:
            return _arith(node.op, column_of(left, node.op), column_of(right, node.op))
        if node.op == "**":
            exponent = unconst(right)
            base = column_of(left, "**")
            if not isinstance(exponent, int) or not 0 <= exponent <= 16:
                raise EvaluationError("Vectorised powers need a whole exponent from 0 to 16.")
            result = const(1)
            assert isinstance(result, Col)
            for _ in range(exponent):
                result = _arith("*", result, base)
            return result
        return _compare(node.op, column_of(left, node.op), right)

    def call(self, function: str, args: list[Col | Value]) -> Col | Value:
        if function == "ratio":
            return _arith("/", column_of(args[0], function), column_of(args[1], function))
        if function == "tier":
            return _tier(column_of(args[0], function), unconst(args[1]))
        if function == "band":
            return _band(column_of(args[0], function), unconst(args[1]))
        if function == "count_band":
            return _count_band(column_of(args[0], function), column_of(args[1], function), unconst(args[2]))
        if function in {"min", "max"}:
            return _extreme(function == "max", [column_of(arg, function) for arg in args])
        if function == "ceil":
            return _ceil(column_of(args[0], function))
        if function == "any":
            result = column_of(args[0], function)
            for arg in args[1:]:
                result = _logic("or", result, column_of(arg, function))
            return result
        raise EvaluationError(f"No vectorised form of {function!r}.")  # pragma: no cover
