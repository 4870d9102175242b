"""Columns: how the vectorised evaluator holds one input fact (or one intermediate value) for many rows.

Every number is an exact rational held as two ``int64`` arrays (numerator, positive denominator). Each
column also carries ``known`` (false = a missing input) and ``zd`` (a zero-denominator share). A column
without missing cells, or a constant, shares one-cell arrays that numpy broadcasts, so it costs nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from hatchway.policy.engine._values import Value, is_number

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


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

ONE = np.ones(1, dtype=np.int64)
TRUE = np.ones(1, dtype=bool)
FALSE = np.zeros(1, dtype=bool)


def _known(known: Sequence[bool] | BoolArray | None) -> BoolArray:
    """A column without missing cells shares one broadcast ``True``, so its masks cost nothing."""
    if known is None:
        return TRUE
    mask = np.asarray(known, dtype=bool)
    return TRUE if mask.all() else mask


def num_column(
    num: Sequence[int] | IntArray, den: Sequence[int] | IntArray | None = None, known: BoolArray | None = None
) -> Col:
    """A numeric column from integer numerators (and optional positive denominators)."""
    numerators = np.asarray(num, dtype=np.int64)
    denominators = ONE if den is None else np.asarray(den, dtype=np.int64)
    if den is not None and np.any(denominators <= 0):
        raise ValueError("Denominators must be positive.")
    return Col(
        "num",
        _known(known),
        numerators,
        denominators,
        zd=FALSE,
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


def strings(col: Col) -> npt.NDArray[Any]:
    assert col.val is not None
    return col.val if col.cats is None else col.cats[col.val]


def never(mask: BoolArray | None) -> bool:
    """True when ``mask`` is the shared all-false constant (no cell is flagged)."""
    return mask is None or mask is FALSE or (mask.shape == (1,) and not mask[0])


def always(mask: BoolArray) -> bool:
    return mask is TRUE or (mask.shape == (1,) and bool(mask[0]))


def const(value: Value) -> Col | Value:
    if isinstance(value, bool):
        return Col("bool", TRUE, val=np.array([value]))
    if is_number(value):
        fraction = Fraction(value)  # type: ignore[arg-type]
        return Col(
            "num",
            TRUE,
            np.array([fraction.numerator], dtype=np.int64),
            np.array([fraction.denominator], dtype=np.int64),
            zd=FALSE,
            integral=fraction.denominator == 1,
        )
    if isinstance(value, str):
        return Col("str", TRUE, val=np.array([value], dtype=object))
    return value  # tables and lists stay Python values


def unconst(value: Col | Value) -> Value:
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


def rational_of(value: Value) -> tuple[int, int]:
    fraction = Fraction(value)  # type: ignore[arg-type]
    return fraction.numerator, fraction.denominator


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
