"""The values an expression works on: exact numbers, truth values, text, lists, and two markers.

``Unknown`` stands for a value that cannot be computed because an input is missing; it carries the
names of the missing facts. ``ZERO_DENOMINATOR`` stands for a share whose denominator is 0 (docs/policy/criteria.md
A4): any comparison with it is false, so the criterion is *not met* rather than unknown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Union


@dataclass(frozen=True)
class Unknown:
    """A value that needs inputs nobody gave; ``names`` are the missing facts."""

    names: frozenset[str]

    def __repr__(self) -> str:
        return f"Unknown({', '.join(sorted(self.names))})"


class _ZeroDenominator:
    _instance: _ZeroDenominator | None = None

    def __new__(cls) -> _ZeroDenominator:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "ZERO_DENOMINATOR"


ZERO_DENOMINATOR = _ZeroDenominator()

Number = Union[int, Fraction]  # noqa: UP007 (a runtime alias)
Value = Union[  # noqa: UP007 (a recursive runtime alias)
    bool, int, Fraction, str, date, tuple["Value", ...], Unknown, _ZeroDenominator, None
]


def is_number(value: object) -> bool:
    """True for exact numbers (``int`` or ``Fraction``), false for ``bool``.

    >>> is_number(3), is_number(Fraction(1, 3)), is_number(True)
    (True, True, False)
    """
    return isinstance(value, (int, Fraction)) and not isinstance(value, bool)


def exact(value: int | float | str | Decimal | Fraction) -> Number:
    """Turn a number as written (``"0.05"``, ``12.5``, ``7``) into an exact int or Fraction.

    Floats are read through their shortest decimal text, so ``0.1`` is exactly one tenth.

    >>> exact("0.05"), exact(0.1), exact(12)
    (Fraction(1, 20), Fraction(1, 10), 12)
    """
    if isinstance(value, bool):
        raise TypeError("a truth value is not a number")
    if isinstance(value, int):
        return value
    if isinstance(value, Fraction):
        return value.numerator if value.denominator == 1 else value
    number = Fraction(Decimal(str(value)))
    return number.numerator if number.denominator == 1 else number


def decimal_text(value: Number, places: int = 12) -> str:
    """Write an exact number as a decimal string: exact when it terminates, else rounded to ``places``.

    >>> decimal_text(Fraction(3, 50)), decimal_text(Fraction(1, 3)), decimal_text(5)
    ('0.06', '0.333333333333', '5')
    """
    fraction = Fraction(value)
    denominator = fraction.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    if denominator == 1:
        text = format(Decimal(fraction.numerator) / Decimal(fraction.denominator), "f")
    else:
        quantum = Decimal(1).scaleb(-places)
        scaled = Decimal(fraction.numerator) / Decimal(fraction.denominator)
        text = format(scaled.quantize(quantum), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"
