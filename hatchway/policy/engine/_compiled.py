"""Compiled evaluation: a programme's syntax trees turned into one fused loop over the rows (numba).

The numpy evaluator (``_vector``) makes one pass over memory per operation; for a million enterprises the
passes, not the arithmetic, are the cost. This module writes the same three-valued, exact-integer rules as
Python source for a single ``for`` loop — every criterion, derived value and output of a row computed in
registers, each input read once — and compiles it with numba when that package is installed. It mirrors
``_vector`` operation by operation (the tests compare both row by row).

Exactness: every numeric input must lie in [0, 2**40) — one ``or`` per input cell accumulates the bits,
and a batch with a negative or larger cell goes to the numpy path. From that bound and the constants, the
writer bounds every product and sum when it writes the loop; one whose bound could pass 2**62 is checked
row by row and sets an overflow flag, and the call raises ``OverflowError`` like the numpy path.

Without numba, or for a formula this module does not know, :func:`evaluate_compiled` raises
:class:`Unsupported` and the caller uses the numpy evaluator.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from hatchway.policy.engine._expr import Binary, Call, ListOf, Literal, Name, Node, Unary
from hatchway.policy.engine._rules import Programme
from hatchway.policy.engine._values import Value, is_number

# numba is optional (without it every batch takes the numpy path) and imported on first use: importing it
# takes about half a second that no page or command that never compiles a loop should pay.
_HAS_NUMBA = importlib.util.find_spec("numba") is not None


def _numba() -> Any:
    import numba

    return numba


_LIMIT = float(2**62)
_INPUT_BOUND = float(2**40)  # see the module docstring


class Unsupported(Exception):
    """The compiled backend cannot take this batch; evaluate it with numpy instead."""


def available() -> bool:
    """Whether numba is installed (``pip install 'hatchway[fast]'``), so the compiled loop can run."""
    return _HAS_NUMBA


@dataclass
class _Sym:
    """A value at code-generation time: source expressions (or temporaries) for one row."""

    kind: str  # num, bool, str
    k: str = "True"  # known
    n: str = "0"  # numerator (num)
    d: str = "1"  # positive denominator (num)
    z: str = "False"  # zero-denominator share (num)
    v: str = "False"  # truth value (bool) or category code (str)
    integral: bool = False
    text: str | None = None  # a constant string
    cats: npt.NDArray[Any] | None = None  # categories of a str column
    nb: float = 0.0  # a bound on |numerator|, known when the source is written
    db: float = 1.0  # a bound on the denominator
    nonneg: bool = False  # the numerator is never negative


def _and(*terms: str) -> str:
    kept = [term for term in terms if term != "True"]
    if "False" in kept:
        return "False"
    return " & ".join(f"({term})" for term in kept) if kept else "True"  # no short circuit: no branch


def _or(*terms: str) -> str:
    kept = [term for term in terms if term != "False"]
    if "True" in kept:
        return "True"
    return " | ".join(f"({term})" for term in kept) if kept else "False"


def _not(term: str) -> str:
    return {"True": "False", "False": "True"}.get(term, f"not ({term})")


_OPS = {"==": "==", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}


class _Writer:
    """Writes the loop body for one programme and one set of column layouts."""

    def __init__(
        self, programme: Programme, columns: Mapping[str, Any], parameters: Mapping[str, Value]
    ) -> None:
        self.programme = programme
        self.columns = columns
        self.parameters = parameters
        self.lines: list[str] = []
        self.args: list[str] = []
        self.arrays: list[npt.NDArray[Any]] = []
        self.per_row: list[bool] = []  # which arguments hold one cell per row (cut into slices per thread)
        self.cells: dict[str, npt.NDArray[Any]] = {}  # "b3[i]" → the array it reads
        self.derived: dict[str, _Sym | Value] = {}
        self.inputs: dict[str, _Sym] = {}
        self.count = 0

    # -- plumbing
    def temp(self, expression: str, prefix: str = "t") -> str:
        if expression in {"True", "False"} or expression.lstrip("-").isdigit():
            return expression
        self.count += 1
        name = f"{prefix}{self.count}"
        self.lines.append(f"{name} = {expression}")
        return name

    def array(self, array: npt.NDArray[Any], prefix: str) -> str:
        """An argument read at row ``i``."""
        name = f"{prefix}{len(self.args)}"
        self.args.append(name)
        self.arrays.append(array)
        self.per_row.append(True)
        if array.ndim == 1:
            self.cells[f"{name}[i]"] = array
        return f"{name}[i]"

    def read(self, array: npt.NDArray[Any], prefix: str, bounded: bool = False) -> str:
        """An input cell: a literal for a shared one-cell array, else a read (range-checked if ``bounded``)."""
        if array.shape[0] == 1:
            item = array[0]
            return str(bool(item)) if array.dtype == np.bool_ else str(int(item))
        cell = self.array(array, prefix)
        if bounded:  # one "or" per input: a negative or too large cell shows in the accumulated bits
            self.lines.append(f"bits |= {cell}")
        return cell

    def table(self, array: npt.NDArray[Any]) -> str:
        """An argument indexed by a computed position (a lookup table)."""
        name = f"m{len(self.args)}"
        self.args.append(name)
        self.arrays.append(array)
        self.per_row.append(False)
        return name

    def product(self, a: str, b: str, bound: float) -> str:
        """``a * b`` whose magnitude is at most ``bound``; checked at run time only when that is too large."""
        if a == "1":
            return b
        if b == "1":
            return a
        if bound >= _LIMIT:
            self.lines.append(f"status |= 1 if abs(float({a})) * abs(float({b})) >= LIMIT else 0")
        return self.temp(f"({a}) * ({b})")

    def total(self, a: str, b: str, sign: str, bound: float) -> str:
        if bound >= _LIMIT:
            self.lines.append(f"status |= 1 if abs(float({a})) + abs(float({b})) >= LIMIT else 0")
        return self.temp(f"({a}) {sign} ({b})")

    # -- leaves
    def column(self, name: str) -> _Sym:
        if name in self.inputs:
            return self.inputs[name]
        col = self.columns[name]
        k = self.read(col.known, "k")
        if col.kind == "num":
            n = self.read(col.num, "n", bounded=True)
            d = "1" if col.den is None else self.read(col.den, "d", bounded=True)
            z = "False" if col.zd is None or not col.zd.any() else self.read(col.zd, "z")
            sym = _Sym(
                "num", k=k, n=n, d=d, z=z, integral=col.integral and d == "1",
                nb=_bound_of(n), db=_bound_of(d), nonneg=not n.startswith("-"),
            )  # fmt: skip
        elif col.kind == "bool":
            sym = _Sym("bool", k=k, v=self.read(col.val, "b"))
        else:
            if col.cats is None:
                raise Unsupported("plain string columns are read by the numpy path")
            sym = _Sym("str", k=k, v=self.read(col.val, "c"), cats=col.cats)
        self.inputs[name] = sym
        return sym

    def const(self, value: Value) -> _Sym | Value:
        if isinstance(value, bool):
            return _Sym("bool", v=str(value))
        if is_number(value):
            fraction = Fraction(value)  # type: ignore[arg-type]
            return _Sym(
                "num",
                n=str(fraction.numerator),
                d=str(fraction.denominator),
                integral=fraction.denominator == 1,
                nb=float(abs(fraction.numerator)),
                db=float(fraction.denominator),
                nonneg=fraction >= 0,
            )
        if isinstance(value, str):
            return _Sym("str", text=value)
        return value

    def name(self, name: str) -> _Sym | Value:
        if name in self.columns:
            return self.column(name)
        if name in self.programme.derived:
            if name not in self.derived:
                self.derived[name] = self.eval(self.programme.derived[name].node)
            return self.derived[name]
        if name in self.parameters:
            return self.const(self.parameters[name])
        raise Unsupported(f"no column or parameter named {name!r}")

    # -- nodes
    def eval(self, node: Node) -> _Sym | Value:
        if isinstance(node, Literal):
            return self.const(node.value)
        if isinstance(node, Name):
            return self.name(node.name)
        if isinstance(node, ListOf):
            return tuple(_unconst(self.eval(item)) for item in node.items)
        if isinstance(node, Call):
            return self.call(node.function, [self.eval(arg) for arg in node.args])
        if isinstance(node, Unary):
            operand = _sym(self.eval(node.operand))
            if node.op == "not":
                operand = self.as_bool(operand)
                return _Sym("bool", k=operand.k, v=self.temp(_not(operand.v)))
            self.need(operand, "num")
            return _Sym(
                "num", k=operand.k, n=self.temp(f"-({operand.n})"), d=operand.d, z=operand.z,
                integral=operand.integral, nb=operand.nb, db=operand.db,
            )  # fmt: skip
        if not isinstance(node, Binary):  # pragma: no cover - the parser makes no other node
            raise Unsupported(type(node).__name__)
        left, right = self.eval(node.left), self.eval(node.right)
        if node.op in {"and", "or"}:
            return self.logic(node.op, _sym(left), _sym(right))
        if node.op in {"+", "-", "*", "/"}:
            return self.arith(node.op, _sym(left), _sym(right))
        if node.op == "**":
            exponent = _unconst(right)
            if not isinstance(exponent, int) or isinstance(exponent, bool) or not 0 <= exponent <= 16:
                raise Unsupported("powers need a whole exponent from 0 to 16")
            result = self.const(1)
            assert isinstance(result, _Sym)
            for _ in range(exponent):
                result = self.arith("*", result, _sym(left))
            return result
        return self.compare(node.op, _sym(left), right)

    def need(self, sym: _Sym, kind: str) -> None:
        if sym.kind != kind:
            raise Unsupported(f"{sym.kind} where {kind} is needed")

    def as_bool(self, sym: _Sym) -> _Sym:
        if sym.kind != "bool":
            raise Unsupported("a non-boolean in a logical operation")
        return sym

    def arith(self, op: str, a: _Sym, b: _Sym) -> _Sym:
        self.need(a, "num")
        self.need(b, "num")
        if op == "/":
            bzero = self.temp(_and(b.k, _not(b.z), f"{b.n} == 0"))
            num = self.product(a.n, b.d, a.nb * b.db)
            den = self.product(a.d, b.n, a.db * b.nb)
            if b.nonneg:  # a zero denominator becomes 1 (the row is flagged in z)
                den = self.temp(f"max({den}, 1)")
            else:
                num = self.temp(f"-({num}) if {den} < 0 else {num}")
                den = self.temp(f"1 if {den} == 0 else abs({den})")
            both = _and(a.k, b.k)
            return _Sym(
                "num",
                k=self.temp(_or(bzero, both)),
                n=num,
                d=den,
                z=self.temp(_or(bzero, _and(both, _or(a.z, b.z)))),
                nb=a.nb * b.db,
                db=max(a.db * b.nb, 1.0),
                nonneg=a.nonneg and b.nonneg,
            )
        known = self.temp(_and(a.k, b.k))
        zd = self.temp(_and(known, _or(a.z, b.z)))
        if op == "*":
            return _Sym(
                "num", k=known, n=self.product(a.n, b.n, a.nb * b.nb), d=self.product(a.d, b.d, a.db * b.db),
                z=zd, integral=a.integral and b.integral, nb=a.nb * b.nb, db=a.db * b.db,
                nonneg=a.nonneg and b.nonneg,
            )  # fmt: skip
        sign = "+" if op == "+" else "-"
        if a.integral and b.integral:
            bound = a.nb + b.nb
            return _Sym(
                "num", k=known, n=self.total(a.n, b.n, sign, bound), d="1", z=zd, integral=True, nb=bound,
                nonneg=sign == "+" and a.nonneg and b.nonneg,
            )  # fmt: skip
        left, right = self.product(a.n, b.d, a.nb * b.db), self.product(b.n, a.d, b.nb * a.db)
        bound = a.nb * b.db + b.nb * a.db
        return _Sym(
            "num", k=known, n=self.total(left, right, sign, bound), d=self.product(a.d, b.d, a.db * b.db), z=zd,
            nb=bound, db=a.db * b.db, nonneg=sign == "+" and a.nonneg and b.nonneg,
        )  # fmt: skip

    def compare(self, op: str, a: _Sym, b: _Sym | Value) -> _Sym:
        if op in {"in", "not in"}:
            if not isinstance(b, tuple) or a.kind != "str" or a.cats is None:
                raise Unsupported("membership outside a categorical column")
            table = np.isin(a.cats, np.array(list(b), dtype=object))
            if table.size <= 62:  # a bit mask: arithmetic instead of a memory lookup per row
                mask = sum(1 << position for position, hit in enumerate(table.tolist()) if hit)
                lookup = f"(({mask} >> {a.v}) & 1) == 1"
            else:
                lookup = f"{self.table(table)}[{a.v}]"
            return _Sym("bool", k=a.k, v=self.temp(lookup if op == "in" else _not(lookup)))
        b = _sym(b)
        known = self.temp(_and(a.k, b.k))
        if a.kind != b.kind:
            raise Unsupported("a comparison of different kinds")
        if a.kind == "num":
            if a.integral and b.integral:
                result = f"{a.n} {_OPS[op]} {b.n}"
            else:
                left = self.product(a.n, b.d, a.nb * b.db)
                result = f"{left} {_OPS[op]} {self.product(b.n, a.d, b.nb * a.db)}"
            return _Sym("bool", k=known, v=self.temp(_and(result, _not(_or(a.z, b.z)))))
        if op not in {"==", "!="}:
            raise Unsupported(f"{op} between {a.kind} values")
        if a.kind == "bool":
            return _Sym("bool", k=known, v=self.temp(f"({a.v}) {op} ({b.v})"))
        column, text = (a, b.text) if b.text is not None else (b, a.text)
        if text is None or column.cats is None:
            raise Unsupported("a comparison of two string columns")
        codes = np.flatnonzero(column.cats == text)
        code = int(codes[0]) if codes.size else -1
        return _Sym("bool", k=known, v=self.temp(f"{column.v} {op} {code}"))

    def logic(self, op: str, a: _Sym, b: _Sym) -> _Sym:
        a, b = self.as_bool(a), self.as_bool(b)
        av, bv = self.temp(_and(a.v, a.k)), self.temp(_and(b.v, b.k))
        if op == "and":
            known = _or(_and(a.k, b.k), _and(a.k, _not(a.v)), _and(b.k, _not(b.v)))
            return _Sym("bool", k=self.temp(known), v=self.temp(_and(av, bv)))
        return _Sym("bool", k=self.temp(_or(_and(a.k, b.k), av, bv)), v=self.temp(_or(av, bv)))

    def call(self, function: str, args: list[_Sym | Value]) -> _Sym | Value:
        if function == "ratio":
            return self.arith("/", _sym(args[0]), _sym(args[1]))
        if function == "tier":
            return self.tier(_sym(args[0]), _unconst(args[1]))
        if function == "band":
            return self.band(_sym(args[0]), _unconst(args[1]))
        if function == "count_band":
            return self.count_band(_sym(args[0]), _sym(args[1]), _unconst(args[2]))
        if function in {"min", "max"}:
            result = _sym(args[0])
            for other in args[1:]:
                result = self.extreme(function == "max", result, _sym(other))
            return result
        if function == "ceil":
            x = _sym(args[0])
            self.need(x, "num")
            ceiling = self.temp(f"-((-({x.n})) // ({x.d}))")
            return _Sym("num", k=x.k, n=ceiling, d="1", z=x.z, integral=True, nb=x.nb, nonneg=x.nonneg)
        if function == "any":
            result = _sym(args[0])
            for other in args[1:]:
                result = self.logic("or", result, _sym(other))
            return result
        raise Unsupported(f"no compiled form of {function!r}")

    def first_match(self, rows: Sequence[tuple[str, Sequence[str]]], default: Sequence[str]) -> list[str]:
        """Temporaries set from the first row whose condition holds (``default`` when none does)."""
        # Written last row first as conditional moves, without branches: random data would mispredict them.
        names = [f"r{self.count + 1}_{index}" for index in range(len(default))]
        self.count += 1
        for name, value in zip(names, default, strict=True):
            self.lines.append(f"{name} = {value}")
        for condition, values in reversed(rows):
            flag = self.temp(condition)
            for name, value in zip(names, values, strict=True):
                self.lines.append(f"{name} = {value} if {flag} else {name}")
        return names

    def tier(self, x: _Sym, table: Value) -> _Sym:
        self.need(x, "num")
        assert isinstance(table, tuple)
        rows = []
        for row in table:
            assert isinstance(row, tuple)
            upper, rate = row
            rn, rd = _rational(rate)
            if upper is None:
                rows.append(("True", (str(rn), str(rd))))
                break
            un, ud = _rational(upper)
            left = self.product(x.n, str(ud), x.nb * ud)
            rows.append((f"{left} <= {self.product(str(un), x.d, abs(un) * x.db)}", (str(rn), str(rd))))
        num, den = self.first_match(rows, ("0", "1"))
        rates = [_rational(row[1]) for row in table if isinstance(row, tuple)]
        return _Sym(
            "num", k=x.k, n=num, d=den, z=x.z,
            nb=float(max((abs(n) for n, _ in rates), default=0)), db=float(max((d for _, d in rates), default=1)),
            nonneg=all(n >= 0 for n, _ in rates),
        )  # fmt: skip

    def band(self, x: _Sym, table: Value) -> _Sym:
        self.need(x, "num")
        assert isinstance(table, tuple)
        rows = [(x.z, ("0",))] if x.z != "False" else []
        for row in table:
            assert isinstance(row, tuple)
            lower, score = row
            ln, ld = _rational(lower)
            left = self.product(x.n, str(ld), x.nb * ld)
            condition = f"{left} >= {self.product(str(ln), x.d, abs(ln) * x.db)}"
            rows.append((condition, (str(_whole(score)),)))
        (points,) = self.first_match(rows, ("0",))
        scores = [abs(_whole(row[1])) for row in table if isinstance(row, tuple)]
        nonneg = all(_whole(row[1]) >= 0 for row in table if isinstance(row, tuple))
        return _Sym(
            "num", k=x.k, n=points, d="1", integral=True, nb=float(max(scores, default=0)), nonneg=nonneg
        )

    def count_band(self, a: _Sym, b: _Sym, table: Value) -> _Sym:
        self.need(a, "num")
        self.need(b, "num")
        assert isinstance(table, tuple)
        rows = []
        for row in table:
            assert isinstance(row, tuple)
            first, second, score = (_whole(item) for item in row)
            tests = [] if a.nonneg and first <= 0 else [f"({a.n} >= {first})"]
            tests += [] if b.nonneg and second <= 0 else [f"({b.n} >= {second})"]
            rows.append((" & ".join(tests) or "True", (str(score),)))
        (points,) = self.first_match(rows, ("0",))
        scores = [abs(_whole(row[2])) for row in table if isinstance(row, tuple)]
        return _Sym(
            "num",
            k=self.temp(_and(a.k, b.k)),
            n=points,
            d="1",
            integral=True,
            nb=float(max(scores, default=0)),
            nonneg=all(_whole(row[2]) >= 0 for row in table if isinstance(row, tuple)),
        )

    def extreme(self, pick_max: bool, a: _Sym, b: _Sym) -> _Sym:
        self.need(a, "num")
        self.need(b, "num")
        left = self.product(b.n, a.d, b.nb * a.db)
        bigger = self.temp(f"{left} > {self.product(a.n, b.d, a.nb * b.db)}")
        take = bigger if pick_max else _not(bigger)
        known = self.temp(_and(a.k, b.k))
        return _Sym(
            "num",
            k=known,
            n=a.n if a.n == b.n else self.temp(f"({b.n}) if {take} else ({a.n})"),
            d=a.d if a.d == b.d else self.temp(f"({b.d}) if {take} else ({a.d})"),
            z=self.temp(_and(known, _or(a.z, b.z))),
            integral=a.integral and b.integral,
            nb=max(a.nb, b.nb),
            db=max(a.db, b.db),
            nonneg=a.nonneg and b.nonneg,
        )


def _bound_of(cell: str) -> float:
    """A literal's magnitude, or the input bound for a cell read from an array."""
    return float(abs(int(cell))) if cell.lstrip("-").isdigit() else _INPUT_BOUND


def _sym(value: _Sym | Value) -> _Sym:
    if not isinstance(value, _Sym):
        raise Unsupported(f"a column is needed, not {value!r}")
    return value


def _unconst(value: _Sym | Value) -> Value:
    if not isinstance(value, _Sym):
        return value
    if value.text is not None:
        return value.text
    if value.kind == "bool" and value.v in {"True", "False"} and value.k == "True":
        return value.v == "True"
    if value.kind == "num" and value.n.lstrip("-").isdigit() and value.d.isdigit() and value.k == "True":
        fraction = Fraction(int(value.n), int(value.d))
        return fraction.numerator if fraction.denominator == 1 else fraction
    raise Unsupported("a column where a constant is needed")


def _rational(value: Value) -> tuple[int, int]:
    fraction = Fraction(value)  # type: ignore[arg-type]
    return fraction.numerator, fraction.denominator


def _whole(value: Value) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise Unsupported(f"{value!r} is not a whole number")
    return value


def _all_true(mask: npt.NDArray[np.bool_]) -> bool:
    return mask.shape == (1,) and bool(mask[0])


def _all_one(den: npt.NDArray[np.int64] | None) -> bool:
    return den is None or (den.shape == (1,) and int(den[0]) == 1)


@dataclass
class _Kernel:
    function: Callable[..., int]
    source: str


_KERNELS: dict[tuple[str, Path | None], _Kernel] = {}  # by source and cache folder
_KERNELS_LOCK = threading.Lock()


def _compile(source: str, cache: Path | None) -> _Kernel:
    """The compiled loop for ``source``: from memory, else from the folder ``cache``, else compiled now."""
    with _KERNELS_LOCK:
        kernel = _KERNELS.get((source, cache))
        if kernel is None:
            numba = _numba()
            function = None if cache is None else _cached(source, cache)
            if function is None:
                namespace: dict[str, Any] = {}
                exec(compile(_module_text(source), "<hatchway-policy-kernel>", "exec"), namespace)  # noqa: S102
                function = numba.njit(nogil=True)(namespace["kernel"])
            kernel = _Kernel(function, source)
            _KERNELS[(source, cache)] = kernel
        return kernel


def _module_text(source: str) -> str:
    return f"LIMIT = {_LIMIT!r}\nINPUT_BOUND = {int(_INPUT_BOUND)}\n\n\n{source}"


def _cached(source: str, folder: Path) -> Callable[..., int] | None:
    """The loop written to a file of its own in ``folder``, so numba can keep its machine code next to it.

    Compiling takes a second or more; a later process with the same rules and column layout loads it instead
    (numba's ``cache=True``). Any file-system problem just means compiling in memory.
    """
    text = _module_text(source)
    numba = _numba()
    digest = hashlib.sha256(f"{numba.__version__}\n{text}".encode()).hexdigest()[:24]
    path = folder / f"kernel_{digest}.py"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(text, encoding="utf-8")
            temporary.replace(path)  # atomic: another process never reads half a file
        spec = importlib.util.spec_from_file_location(f"hatchway_policy_kernel_{digest}", path)
        if spec is None or spec.loader is None:
            return None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # numba finds the loop's module by name when it loads the cache
        spec.loader.exec_module(module)
        function: Callable[..., int] = numba.njit(nogil=True, cache=True)(module.kernel)
        return function
    except OSError:
        return None


@dataclass
class Compiled:
    """What the compiled loop wrote: outcome codes per criterion, eligibility, outputs, route codes."""

    outcomes: dict[str, npt.NDArray[np.int8]]
    eligible: npt.NDArray[np.int8]
    outputs: dict[str, dict[str, dict[str, Any]]]  # group → key → {kind, integral, known, num, den, val}
    route: npt.NDArray[np.int8] | None
    route_names: tuple[str, ...]


def evaluate_compiled(
    programme: Programme,
    columns: Mapping[str, Any],
    parameters: Mapping[str, Value],
    size: int,
    threads: int,
    wanted: Mapping[str, Mapping[str, Node]] | None = None,
    cache: Path | None = None,
) -> Compiled:
    """Evaluate ``size`` rows in one compiled loop; raise :class:`Unsupported` to ask for the numpy path.

    ``cache`` is a folder where compiled loops are kept between processes; ``None`` compiles in memory.
    """
    if not _HAS_NUMBA:
        raise Unsupported("numba is not installed: pip install 'hatchway[fast]'")
    if sys.byteorder != "little":  # pragma: no cover - the packing below reads bytes of an int64
        raise Unsupported("a big-endian machine")
    writer = _Writer(programme, columns, parameters)
    # The one-byte codes of a row (criteria, eligibility, route) are packed eight to an int64 word and stored
    # once: a loop storing to a dozen arrays is not vectorised by the compiler, one storing to two or three
    # is. Each criterion's codes are then a strided int8 view of its word array (no copy).
    width = len(programme.criteria) + 1 + (1 if programme.routes else 0)
    words = [np.empty(size, dtype=np.int64) for _ in range(-(-width // 8))]
    codes: list[str] = []

    def code_view(position: int) -> npt.NDArray[np.int8]:
        view: npt.NDArray[np.int8] = words[position // 8].view(np.int8)[position % 8 :: 8]
        return view

    outcome_arrays: dict[str, npt.NDArray[np.int8]] = {}
    passing, unknown = [], []
    for position, criterion in enumerate(programme.criteria):
        sym = writer.as_bool(_sym(writer.eval(criterion.node)))
        codes.append(writer.temp(f"(1 if {sym.v} else 0) if {sym.k} else -1"))
        outcome_arrays[criterion.id] = code_view(position)
        passing.append(_or(sym.v, _not(sym.k)))
        unknown.append(_not(sym.k))
    column = len(programme.criteria)
    eligible = code_view(column)
    ok = writer.temp(_and(*passing))
    some_unknown = writer.temp(_or(*unknown))
    elig = writer.temp(f"(-1 if {some_unknown} else 1) if {ok} else 0")
    codes.append(elig)
    outputs: dict[str, dict[str, dict[str, Any]]] = {}
    for group, items in (programme.outputs if wanted is None else wanted).items():
        for key, node in items.items():
            sym = _sym(writer.eval(node))
            spec: dict[str, Any] = {"kind": sym.kind, "integral": sym.integral, "cats": sym.cats}
            fields: dict[str, tuple[str, Any]] = {"known": (sym.k, np.bool_)}
            if sym.kind == "num":
                fields.update(num=(sym.n, np.int64), den=(sym.d, np.int64), zd=(sym.z, np.bool_))
            elif sym.kind == "bool":
                fields["val"] = (sym.v, np.bool_)
            else:
                if sym.cats is None:
                    raise Unsupported("a constant string output")
                fields["val"] = (sym.v, _category_dtype(columns, sym))
            for name, (expression, dtype) in fields.items():
                if expression in {"True", "False"} or expression.lstrip("-").isdigit():
                    spec[name] = np.array(
                        [int(expression == "True") if dtype is np.bool_ else int(expression)], dtype=dtype
                    )
                    continue
                source_array = writer.cells.get(expression)
                if source_array is not None and source_array.dtype == dtype:
                    spec[name] = source_array  # an input passed through, shared as the numpy path does
                    continue
                array = np.empty(size, dtype=dtype)
                writer.lines.append(f"{writer.array(array, 'p')} = {expression}")
                spec[name] = array
            outputs.setdefault(group, {})[key] = spec
    route = None
    names = tuple(candidate.name for candidate in programme.routes)
    if programme.routes:
        rows = []
        for position, candidate in enumerate(programme.routes):
            if candidate.when is None:
                rows.append(("True", (str(position),)))
                break
            sym = writer.as_bool(_sym(writer.eval(candidate.when)))
            rows.append((_and(sym.k, sym.v), (str(position),)))
        (code,) = writer.first_match(rows, ("-1",))
        route = code_view(column + 1)
        codes.append(writer.temp(f"{code} if {elig} == 1 else -1"))
    for index, word in enumerate(words):
        parts = codes[index * 8 : index * 8 + 8]
        packed = " | ".join(f"((({code}) & 255) << {8 * shift})" for shift, code in enumerate(parts))
        writer.lines.append(f"{writer.array(word, 'w')} = {packed}")
    body = "\n".join("        " + line for line in writer.lines)
    source = (
        f"def kernel(count, {', '.join(writer.args)}):\n"
        "    status = 0\n"
        "    bits = 0\n"
        "    for i in range(count):\n"  # from 0: the compiler knows every index is non-negative
        f"{body}\n"
        "    return status | (2 if bits >= INPUT_BOUND or bits < 0 else 0)\n"
    )
    kernel = _compile(source, cache)
    arrays = writer.arrays
    bounds = _slices(size, threads)
    per_row = writer.per_row

    def run(span: tuple[int, int]) -> int:
        start, stop = span
        cut = [array[start:stop] if row else array for array, row in zip(arrays, per_row, strict=True)]
        return int(kernel.function(stop - start, *cut))

    if len(bounds) == 1:
        statuses = [run(bounds[0])]
    else:
        with ThreadPoolExecutor(max_workers=len(bounds)) as pool:
            statuses = list(pool.map(run, bounds))
    status = 0
    for item in statuses:
        status |= int(item)
    if status & 2:
        raise Unsupported("an input is larger than the compiled loop's bound")
    if status & 1:
        raise OverflowError("an exact product would exceed 64 bits")
    return Compiled(outcome_arrays, eligible, outputs, route, names)


def _category_dtype(columns: Mapping[str, Any], sym: _Sym) -> Any:
    for col in columns.values():
        if col.cats is sym.cats:
            return col.val.dtype
    return np.int64


def _slices(size: int, threads: int) -> list[tuple[int, int]]:
    if threads <= 1 or size < 100_000:
        return [(0, size)]
    step = -(-size // threads)
    return [(start, min(start + step, size)) for start in range(0, size, step)]
