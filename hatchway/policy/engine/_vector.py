"""Vectorised evaluation: the same syntax trees over numpy columns, for a million enterprises at once.

Every number is an exact rational held as two ``int64`` columns (numerator, positive denominator);
comparisons cross-multiply, so no float rounding can flip a boundary. An operation whose products could
leave ``int64`` raises ``OverflowError`` instead of wrapping (callers fall back to the scalar path).
Each column also carries ``known`` (false = a missing input) and ``zd`` (a zero-denominator share),
with the same three-valued rules as the scalar evaluator, which the tests check row by row.

Large batches are cut into slices that stay in cache and run on two threads; from ``COMPILED_MIN_ROWS``
rows, when numba is installed, ``_compiled`` evaluates them as one fused loop instead (same results).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Collection, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import date
from fractions import Fraction
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from hatchway.policy.engine import _compiled
from hatchway.policy.engine._evaluate import ParameterNotSet, evaluate_facts, read_facts, resolve_parameters
from hatchway.policy.engine._expr import Binary, Call, EvaluationError, ListOf, Literal, Name, Node, Unary
from hatchway.policy.engine._inputs import Facts, InputErrors
from hatchway.policy.engine._rules import Programme
from hatchway.policy.engine._values import Unknown, Value, is_number

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
_LIMIT = float(2**62)


@dataclass
class Col:
    """One column: ``kind`` is ``num`` (``num``/``den``), ``bool`` or ``str`` (``val``)."""

    kind: str
    known: BoolArray
    num: IntArray | None = None
    den: IntArray | None = None
    val: npt.NDArray[Any] | None = None
    zd: BoolArray | None = None
    integral: bool = False
    cats: npt.NDArray[Any] | None = None  # a dictionary-encoded ``str`` column: ``val`` holds codes into it

    def zeros(self) -> BoolArray:
        return self.zd if self.zd is not None else np.zeros(1, dtype=bool)


Columns = dict[str, Col]

_ONE = np.ones(1, dtype=np.int64)
_TRUE = np.ones(1, dtype=bool)
_FALSE = np.zeros(1, dtype=bool)


def _known(known: Sequence[bool] | BoolArray | None) -> BoolArray:
    """A column without missing cells shares one broadcast ``True``, so its masks cost nothing."""
    if known is None:
        return _TRUE
    mask = np.asarray(known, dtype=bool)
    return _TRUE if mask.all() else mask


def num_column(
    num: Sequence[int] | IntArray, den: Sequence[int] | IntArray | None = None, known: BoolArray | None = None
) -> Col:
    """A numeric column from integer numerators (and optional positive denominators)."""
    numerators = np.asarray(num, dtype=np.int64)
    denominators = _ONE if den is None else np.asarray(den, dtype=np.int64)
    if den is not None and np.any(denominators <= 0):
        raise ValueError("Denominators must be positive.")
    return Col(
        "num",
        _known(known),
        numerators,
        denominators,
        zd=_FALSE,
        integral=den is None,
    )


def bool_column(val: Sequence[bool] | BoolArray, known: BoolArray | None = None) -> Col:
    return Col("bool", _known(known), val=np.asarray(val, dtype=bool))


def str_column(val: Sequence[str] | npt.NDArray[Any], known: BoolArray | None = None) -> Col:
    values = np.asarray(val)
    if values.dtype.kind != "U":
        values = values.astype(object)
    return Col("str", _known(known), val=values)


def category_column(
    codes: Sequence[int] | npt.NDArray[Any],
    categories: Sequence[str] | npt.NDArray[Any],
    known: BoolArray | None = None,
) -> Col:
    """A ``str`` column held as small integer codes into ``categories`` (how columnar stores keep enums).

    >>> col = category_column([1, 0, 1], ["aerospace", "retail"])
    >>> [cell(col, index) for index in range(3)]
    ['retail', 'aerospace', 'retail']
    """
    values = np.asarray(codes)
    if values.dtype.kind not in "iu":
        raise ValueError("Category codes must be integers.")
    return Col("str", _known(known), val=values, cats=np.asarray(categories))


def _strings(col: Col) -> npt.NDArray[Any]:
    assert col.val is not None
    return col.val if col.cats is None else col.cats[col.val]


def _never(mask: BoolArray | None) -> bool:
    """True when ``mask`` is the shared all-false constant (no cell is flagged)."""
    return mask is None or mask is _FALSE or (mask.shape == (1,) and not mask[0])


def _always(mask: BoolArray) -> bool:
    return mask is _TRUE or (mask.shape == (1,) and bool(mask[0]))


def _const(value: Value) -> Col | Value:
    if isinstance(value, bool):
        return Col("bool", _TRUE, val=np.array([value]))
    if is_number(value):
        fraction = Fraction(value)  # type: ignore[arg-type]
        return Col(
            "num",
            _TRUE,
            np.array([fraction.numerator], dtype=np.int64),
            np.array([fraction.denominator], dtype=np.int64),
            zd=_FALSE,
            integral=fraction.denominator == 1,
        )
    if isinstance(value, str):
        return Col("str", _TRUE, val=np.array([value], dtype=object))
    return value  # tables and lists stay Python values


class _Bounds(threading.local):
    """Per-evaluation memo of each array's largest magnitude and sign, so overflow checks cost no pass.

    A product's bound is the product of its factors' bounds; only input columns are ever scanned.
    """

    def __init__(self) -> None:
        self.known: dict[int, tuple[npt.NDArray[Any], float, bool]] = {}


_BOUNDS = _Bounds()


def _bound(a: IntArray) -> tuple[float, bool]:
    hit = _BOUNDS.known.get(id(a))
    if hit is not None and hit[0] is a:
        return hit[1], hit[2]
    if a.size:
        largest, smallest = float(a.max()), float(a.min())
        value = (max(abs(largest), abs(smallest)), smallest >= 0)
    else:
        value = (0.0, True)
    _BOUNDS.known[id(a)] = (a, *value)
    return value


def _remember(a: IntArray, bound: float, nonnegative: bool) -> IntArray:
    _BOUNDS.known[id(a)] = (a, bound, nonnegative)
    return a


def _is_one(a: IntArray) -> bool:
    return a is _ONE or (a.shape == (1,) and int(a[0]) == 1)


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


def _col(value: Col | Value, what: str) -> Col:
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
        if not (_always(b.known) and _never(b.zd)):
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
        known = both if _always(both) else bzero | both
        zd = bzero if _never(a.zd) and _never(b.zd) else bzero | (both & (a.zeros() | b.zeros()))
        return Col("num", known, num, den, zd=zd)
    known = a.known & b.known
    zd = _FALSE if _never(a.zd) and _never(b.zd) else known & (a.zeros() | b.zeros())
    if op == "*":
        return Col("num", known, _mul(an, bn), _mul(ad, bd), zd=zd, integral=a.integral and b.integral)
    sign = 1 if op == "+" else -1
    if a.integral and b.integral:
        return Col("num", known, _add(an, bn, sign), _ONE, zd=zd, integral=True)
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
    b = _col(b, op)
    known = a.known & b.known
    if a.kind != b.kind and not (a.known.any() and b.known.any()):
        return Col("bool", known, val=np.zeros(known.shape, dtype=bool))  # an all-unknown column
    if a.kind == "num" and b.kind == "num":
        an, ad, bn, bd = _nums(a, b)
        result = _ORDER[op](an, bn) if a.integral and b.integral else _ORDER[op](_mul(an, bd), _mul(bn, ad))
        if _never(a.zd) and _never(b.zd):
            return Col("bool", known, val=result)
        return Col("bool", known, val=result & ~(a.zeros() | b.zeros()))
    if op not in {"==", "!="} or a.kind != b.kind:
        raise EvaluationError(f"{op!r} cannot compare {a.kind} with {b.kind}.")
    assert a.val is not None
    assert b.val is not None
    if a.kind == "str":
        return Col("bool", known, val=_ORDER[op](_strings(a), _strings(b)))
    return Col("bool", known, val=_ORDER[op](a.val, b.val))


def _as_bool(col: Col) -> Col:
    """A column nobody filled in has no kind of its own; read it as unknown truth values."""
    if col.kind != "bool" and not col.known.any():
        return Col("bool", col.known, val=np.zeros(col.known.shape, dtype=bool))
    return col


def _logic(op: str, a: Col, b: Col) -> Col:
    a, b = _as_bool(a), _as_bool(b)
    if a.kind != "bool" or b.kind != "bool":
        raise EvaluationError(f"{op!r} needs true or false.")
    assert a.val is not None
    assert b.val is not None
    if _always(a.known) and _always(b.known):
        return Col("bool", _TRUE, val=(a.val & b.val) if op == "and" else (a.val | b.val))
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


def _rational_of(value: Value) -> tuple[int, int]:
    fraction = Fraction(value)  # type: ignore[arg-type]
    return fraction.numerator, fraction.denominator


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
        rn, rd = _rational_of(rate)
        if upper is None:
            num.fill(rn)
            den.fill(rd)
            continue
        un, ud = _rational_of(upper)
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
        ln, ld = _rational_of(lower)
        np.copyto(points, _whole(score), where=_mul(x.num, np.array([ld])) >= _mul(np.array([ln]), x.den))
    if not _never(x.zd):
        np.copyto(points, 0, where=np.broadcast_to(x.zeros(), points.shape))
    return Col("num", x.known, points, _ONE, zd=_FALSE, integral=True)


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
    return Col("num", a.known & b.known, points, _ONE, zd=_FALSE, integral=True)


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
    return Col("num", x.known, -((-x.num) // x.den), _ONE, zd=x.zeros(), integral=True)


class _Vector:
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
            return _const(self.parameters[name])
        raise KeyError(f"No column or parameter named {name!r}.")

    def eval(self, node: Node) -> Col | Value:
        if isinstance(node, Literal):
            return _const(node.value)
        if isinstance(node, Name):
            return self.name(node.name)
        if isinstance(node, ListOf):
            items = [self.eval(item) for item in node.items]
            return tuple(_unconst(item) for item in items)
        if isinstance(node, Call):
            return self.call(node.function, [self.eval(arg) for arg in node.args])
        if isinstance(node, Unary):
            operand = _col(self.eval(node.operand), node.op)
            if node.op == "not":
                operand = _as_bool(operand)
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
            return _logic(node.op, _col(left, node.op), _col(right, node.op))
        if node.op in {"+", "-", "*", "/"}:
            return _arith(node.op, _col(left, node.op), _col(right, node.op))
        if node.op == "**":
            exponent = _unconst(right)
            base = _col(left, "**")
            if not isinstance(exponent, int) or not 0 <= exponent <= 16:
                raise EvaluationError("Vectorised powers need a whole exponent from 0 to 16.")
            result = _const(1)
            assert isinstance(result, Col)
            for _ in range(exponent):
                result = _arith("*", result, base)
            return result
        return _compare(node.op, _col(left, node.op), right)

    def call(self, function: str, args: list[Col | Value]) -> Col | Value:
        if function == "ratio":
            return _arith("/", _col(args[0], function), _col(args[1], function))
        if function == "tier":
            return _tier(_col(args[0], function), _unconst(args[1]))
        if function == "band":
            return _band(_col(args[0], function), _unconst(args[1]))
        if function == "count_band":
            return _count_band(_col(args[0], function), _col(args[1], function), _unconst(args[2]))
        if function in {"min", "max"}:
            return _extreme(function == "max", [_col(arg, function) for arg in args])
        if function == "ceil":
            return _ceil(_col(args[0], function))
        if function == "any":
            result = _col(args[0], function)
            for arg in args[1:]:
                result = _logic("or", result, _col(arg, function))
            return result
        raise EvaluationError(f"No vectorised form of {function!r}.")  # pragma: no cover


def _unconst(value: Col | Value) -> Value:
    if not isinstance(value, Col):
        return value
    if value.kind == "num":
        assert value.num is not None
        assert value.den is not None
        fraction = Fraction(int(value.num[0]), int(value.den[0]))
        return fraction.numerator if fraction.denominator == 1 else fraction
    assert value.val is not None
    item = value.val[0]
    return bool(item) if value.kind == "bool" else str(item)


@dataclass
class VectorResult:
    """Outcomes per criterion (1 pass, 0 fail, −1 unknown), ``eligible`` (1, 0, −1), outputs, routes."""

    programme: Programme
    size: int
    outcomes: dict[str, npt.NDArray[np.int8]]
    eligible: npt.NDArray[np.int8]
    outputs: dict[str, dict[str, Col]]
    route_codes: npt.NDArray[np.int8] | None  # index into the programme's routes; −1 for none
    backend: str = "numpy"  # which evaluator computed it: numpy or compiled

    @cached_property
    def route(self) -> npt.NDArray[Any] | None:
        """The route name per row (``None`` where no route applies), built on first use."""
        if self.route_codes is None:
            return None
        names = [route.name for route in self.programme.routes]
        return np.array([*names, None], dtype=object)[self.route_codes]  # code −1 picks the last: None

    def record(self, index: int) -> dict[str, Any]:
        """Row ``index`` in the scalar result's vocabulary (for comparison and export)."""
        code = int(self.eligible[index])
        result: dict[str, Any] = {
            "eligible": None if code == -1 else bool(code),
            "failing": [cid for cid, values in self.outcomes.items() if values[index] == 0],
            "unknown": [cid for cid, values in self.outcomes.items() if values[index] == -1],
        }
        for group, items in self.outputs.items():
            result[group] = {key: cell(col, index) for key, col in items.items()}
        if self.route_codes is not None:
            code = int(self.route_codes[index])
            result["route"] = None if code < 0 else self.programme.routes[code].name
        return result


def cell(col: Col, index: int) -> Any:
    """One cell as JSON-ready data (exact non-integers as decimal strings, unknown/zero-denominator as null)."""
    from hatchway.policy.engine._evaluate import jsonable

    def at(array: npt.NDArray[Any]) -> Any:
        return array[index] if array.shape[0] > 1 else array[0]

    if not at(col.known) or (col.zd is not None and at(col.zd)):
        return None
    if col.kind == "num":
        assert col.num is not None
        assert col.den is not None
        return jsonable(
            Fraction(int(at(col.num)), int(at(col.den))) if not col.integral else int(at(col.num))
        )
    assert col.val is not None
    if col.kind == "bool":
        return bool(at(col.val))
    return str(at(col.val)) if col.cats is None else str(col.cats[at(col.val)])


def _as_rows(col: Col, size: int) -> Col:
    return col


CHUNK_ROWS = 32_768  # rows per slice: a slice's temporaries stay in the core's cache and are reused
THREADS = min(2, os.cpu_count() or 1)
COMPILED_MIN_ROWS = 200_000  # below this, compiling a loop (about a second, once) costs more than it saves


def evaluate_columns(
    programme: Programme,
    columns: Mapping[str, Col],
    as_of: date,
    *,
    chunk_rows: int = CHUNK_ROWS,
    threads: int = THREADS,
    backend: str = "auto",
    outputs: Collection[str] | None = None,
) -> VectorResult:
    """Evaluate every row of ``columns`` (one column per input fact) with the parameters in force on ``as_of``.

    ``backend`` is ``numpy``, ``compiled`` (one fused loop per programme, see ``_compiled``; needs numba) or
    ``auto``: compiled from ``COMPILED_MIN_ROWS`` rows when numba is installed and the formulas allow it.
    The numpy backend cuts large batches into slices of ``chunk_rows`` rows; both run ``threads`` threads.
    The results do not depend on any of these. ``outputs`` names the outputs to compute (``"scores"`` for a
    group, ``"scores.total"`` for one); ``None`` computes them all.

    >>> from hatchway.policy.engine import get_programme
    >>> tsme = get_programme("tsme")
    >>> cols = columns_from_facts(tsme, [read_facts(tsme, {"evaluation_date": "2025-05-01"})])
    >>> evaluate_columns(tsme, cols, date(2025, 5, 1)).record(0)["eligible"] is None
    True
    """
    if chunk_rows < 1:
        raise ValueError("chunk_rows must be at least 1.")
    sizes = {
        len(array) for col in columns.values() for array in (col.num, col.val, col.known) if array is not None
    }
    size = max(sizes) if sizes else 0
    parameters = {name: p.value for name, p in resolve_parameters(programme, as_of).items()}
    if backend not in {"auto", "numpy", "compiled"}:
        raise ValueError(f"Unknown backend {backend!r}.")
    wanted = _wanted_outputs(programme, outputs)
    if backend == "compiled" or (backend == "auto" and size >= COMPILED_MIN_ROWS and _compiled.available()):
        try:
            return _from_compiled(
                programme,
                _compiled.evaluate_compiled(programme, columns, parameters, size, threads, wanted),
                size,
            )
        except _compiled.Unsupported:
            if backend == "compiled" and not _compiled.available():
                raise
    if size <= chunk_rows:
        return _evaluate_slice(programme, columns, parameters, size, wanted)
    assembly = _Assembly(programme, size)

    def work(start: int) -> None:
        stop = min(start + chunk_rows, size)
        part = _evaluate_slice(programme, _rows(columns, start, stop, size), parameters, stop - start, wanted)
        assembly.put(start, stop, part)

    starts = range(0, size, chunk_rows)
    if threads <= 1:
        for start in starts:
            work(start)
    else:
        with ThreadPoolExecutor(max_workers=threads) as pool:
            for _ in pool.map(work, starts):
                pass
    return assembly.finish()


def _from_compiled(programme: Programme, done: _compiled.Compiled, size: int) -> VectorResult:
    outputs = {
        group: {
            key: Col(
                spec["kind"],
                spec["known"],
                spec.get("num"),
                spec.get("den"),
                val=spec.get("val"),
                zd=spec.get("zd"),
                integral=spec["integral"],
                cats=spec["cats"],
            )
            for key, spec in items.items()
        }
        for group, items in done.outputs.items()
    }
    return VectorResult(
        programme, size, done.outcomes, done.eligible, outputs, done.route, backend="compiled"
    )


def _rows(columns: Mapping[str, Col], start: int, stop: int, size: int) -> dict[str, Col]:
    """Rows ``start:stop`` of every column as views; one-cell (broadcast) arrays stay as they are."""

    def cut(array: npt.NDArray[Any] | None) -> Any:
        return array[start:stop] if array is not None and array.shape[0] == size else array

    return {
        name: replace(
            col, known=cut(col.known), num=cut(col.num), den=cut(col.den), val=cut(col.val), zd=cut(col.zd)
        )
        for name, col in columns.items()
    }


class _Field:
    """One array of an output column assembled from slices: a shared one-cell array until a slice differs."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.full: npt.NDArray[Any] | None = None
        self.constant: npt.NDArray[Any] | None = None
        self.pending: list[tuple[int, int, npt.NDArray[Any]]] = []
        self.missing = False

    def put(self, start: int, stop: int, array: npt.NDArray[Any] | None) -> None:
        if array is None:
            self.missing = True
            return
        shared = self.full is None and array.shape[0] == 1 and stop - start > 1
        if shared and (self.constant is None or np.array_equal(self.constant, array)):
            self.constant = array
            self.pending.append((start, stop, array))
            return
        if self.full is None:
            self.full = np.empty(self.size, dtype=array.dtype)
            for first, last, value in self.pending:
                self.full[first:last] = value
            self.pending.clear()
        self.full[start:stop] = array

    def finish(self) -> npt.NDArray[Any] | None:
        if self.missing:
            return None
        return self.full if self.full is not None else self.constant


class _Assembly:
    """The full-size result of a batch evaluated slice by slice (slices may arrive from several threads)."""

    def __init__(self, programme: Programme, size: int) -> None:
        self.programme = programme
        self.size = size
        self.lock = threading.Lock()
        self.outcomes = {c.id: np.empty(size, dtype=np.int8) for c in programme.criteria}
        self.eligible = np.empty(size, dtype=np.int8)
        self.route = np.empty(size, dtype=np.int8) if programme.routes else None
        self.fields: dict[tuple[str, str, str], _Field] = {}
        self.kinds: dict[tuple[str, str], Col] = {}

    def put(self, start: int, stop: int, part: VectorResult) -> None:
        for cid, values in part.outcomes.items():
            self.outcomes[cid][start:stop] = values
        self.eligible[start:stop] = part.eligible
        if self.route is not None and part.route_codes is not None:
            self.route[start:stop] = part.route_codes
        with self.lock:  # output columns may switch from a shared cell to a full array
            for group, items in part.outputs.items():
                for key, col in items.items():
                    previous = self.kinds.setdefault((group, key), col)
                    self.kinds[(group, key)] = replace(previous, integral=previous.integral and col.integral)
                    for name in ("known", "num", "den", "val", "zd"):
                        field = self.fields.setdefault((group, key, name), _Field(self.size))
                        field.put(start, stop, getattr(col, name))

    def finish(self) -> VectorResult:
        outputs: dict[str, dict[str, Col]] = {}
        for (group, key), first in self.kinds.items():
            arrays = {
                name: self.fields[(group, key, name)].finish()
                for name in ("known", "num", "den", "val", "zd")
            }
            known = arrays["known"]
            assert known is not None
            outputs.setdefault(group, {})[key] = Col(
                first.kind,
                known,
                arrays["num"],
                arrays["den"],
                val=arrays["val"],
                zd=arrays["zd"],
                integral=first.integral,
                cats=first.cats,
            )
        return VectorResult(self.programme, self.size, self.outcomes, self.eligible, outputs, self.route)


def _wanted_outputs(programme: Programme, names: Collection[str] | None) -> dict[str, dict[str, Node]]:
    if names is None:
        return {group: dict(items) for group, items in programme.outputs.items()}
    wanted: dict[str, dict[str, Node]] = {}
    for name in names:
        group, _, key = name.partition(".")
        items = programme.outputs.get(group)
        if items is None or (key and key not in items):
            raise ValueError(f"{programme.id} has no output {name!r}.")
        chosen = {key: items[key]} if key else dict(items)
        wanted.setdefault(group, {}).update(chosen)
    return wanted


def _evaluate_slice(
    programme: Programme,
    columns: Mapping[str, Col],
    parameters: Mapping[str, Value],
    size: int,
    wanted: Mapping[str, Mapping[str, Node]],
) -> VectorResult:
    _BOUNDS.known.clear()
    try:
        return _evaluate_columns(programme, columns, parameters, size, wanted)
    finally:
        _BOUNDS.known.clear()


def _evaluate_columns(
    programme: Programme,
    columns: Mapping[str, Col],
    parameters: Mapping[str, Value],
    size: int,
    wanted: Mapping[str, Mapping[str, Node]],
) -> VectorResult:
    vector = _Vector(programme, columns, parameters)
    outcomes: dict[str, npt.NDArray[np.int8]] = {}
    passing = np.ones(size, dtype=bool)
    any_unknown = np.zeros(size, dtype=bool)
    for criterion in programme.criteria:
        col = _as_bool(_col(vector.eval(criterion.node), criterion.id))
        if col.kind != "bool":
            raise EvaluationError(f"{criterion.id}: the formula does not give true or false.")
        assert col.val is not None
        values = np.broadcast_to(col.val, (size,))
        outcome = values.astype(np.int8)
        if _always(col.known):
            passing &= values
        else:
            known = np.broadcast_to(col.known, (size,))
            outcome[~known] = -1
            passing &= values | ~known
            any_unknown |= ~known
        outcomes[criterion.id] = outcome
    # eligible: 0 when any criterion fails, else −1 when any is unknown, else 1
    eligible = passing.astype(np.int8)
    if any_unknown.any():
        eligible -= (passing & any_unknown).astype(np.int8) * 2
    outputs = {
        group: {key: _col(vector.eval(node), f"{group}.{key}") for key, node in items.items()}
        for group, items in wanted.items()
    }
    route = None
    if programme.routes:
        route = np.full(size, -1, dtype=np.int8)
        undecided = eligible == 1
        for code, candidate in enumerate(programme.routes):
            if candidate.when is None:
                hit = undecided
            else:
                col = _as_bool(_col(vector.eval(candidate.when), candidate.name))
                assert col.val is not None
                hit = undecided & np.broadcast_to(col.known & col.val, (size,))
            route[hit] = code
            undecided = undecided & ~hit
    return VectorResult(programme, size, outcomes, eligible, outputs, route)


def columns_from_facts(programme: Programme, facts: Sequence[Facts]) -> Columns:
    """Columns from facts read record by record (missing inputs become unknown cells)."""
    from hatchway.policy.engine._inputs import READERS

    names = READERS[programme.reader][1]
    columns: Columns = {}
    for name in names:
        values = [item.values.get(name, Unknown(frozenset({name}))) for item in facts]
        known = np.array([not isinstance(value, Unknown) for value in values], dtype=bool)
        sample = next((value for value in values if not isinstance(value, Unknown)), 0)
        if isinstance(sample, bool):
            columns[name] = bool_column([value is True for value in values], known)
        elif isinstance(sample, str):
            texts = [value if isinstance(value, str) else "" for value in values]
            categories = sorted(set(texts))
            code = {text: position for position, text in enumerate(categories)}
            columns[name] = category_column([code[text] for text in texts], categories, known)
        else:
            pairs = [_rational_of(value) if is_number(value) else (0, 1) for value in values]
            dens = [den for _, den in pairs]
            columns[name] = num_column(
                [num for num, _ in pairs], None if all(den == 1 for den in dens) else dens, known
            )
    return columns


def evaluate_many(
    programme: Programme, records: Sequence[Mapping[str, Any]], *, backend: str = "auto"
) -> list[dict[str, Any]]:
    """Evaluate many records in one vectorised call per parameter set; bad records get ``errors``.

    Results carry ``id``, ``eligible``, ``failing``, ``unknown`` and the programme's outputs; use the scalar
    :func:`evaluate_record` for traces and hints.
    """
    results: list[dict[str, Any]] = [{} for _ in records]
    groups: dict[tuple[Any, ...], list[tuple[int, Facts]]] = {}
    for index, record in enumerate(records):
        data = record.get("input", record) if isinstance(record.get("input"), Mapping) else record
        try:
            facts = read_facts(programme, data)
            key = tuple(
                (name, p.effective_from)
                for name, p in sorted(resolve_parameters(programme, facts.as_of).items())
            )
        except InputErrors as error:
            results[index] = {
                "id": record.get("id"),
                "eligible": None,
                "failing": [],
                "unknown": [],
                "errors": [item.as_dict() for item in error.errors],
            }
            continue
        except ParameterNotSet as error:
            results[index] = {
                "id": record.get("id"),
                "eligible": None,
                "failing": [],
                "unknown": [],
                "errors": [{"path": programme.date_field, "message": str(error)}],
            }
            continue
        groups.setdefault(key, []).append((index, facts))
    for members in groups.values():
        batch = [facts for _, facts in members]
        try:
            vector = evaluate_columns(
                programme, columns_from_facts(programme, batch), batch[0].as_of, backend=backend
            )
        except OverflowError:
            for index, facts in members:
                full = evaluate_facts(programme, facts)
                results[index] = {
                    "id": records[index].get("id"),
                    **{k: v for k, v in full.items() if k != "trace"},
                }
            continue
        for position, (index, _) in enumerate(members):
            results[index] = {"id": records[index].get("id"), **vector.record(position)}
    return results
