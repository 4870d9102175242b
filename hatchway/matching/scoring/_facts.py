"""The plain data the scorer reads: one side of a pair, money, rates, the scoring day."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any


@dataclass(frozen=True)
class Money:
    """An amount or a range in minor units (fen, cents) of one currency; an open end is ``None``."""

    minimum: int | None
    maximum: int | None
    currency: str


@dataclass(frozen=True)
class Rate:
    """How many yuan one unit of a currency was worth on a date, and its number of minor units."""

    yuan_per_unit: Decimal
    on: datetime.date
    minor_units: int = 2

    def to_fen(self, amount_minor: int) -> int:
        """Convert minor units of the currency to fen.

        >>> Rate(Decimal("7.2"), datetime.date(2026, 1, 1)).to_fen(100)
        720
        >>> Rate(Decimal("0.05"), datetime.date(2026, 1, 1), minor_units=0).to_fen(1000)  # yen
        5000
        """
        shift = Decimal(10) ** (2 - self.minor_units)
        return int((Decimal(amount_minor) * shift * self.yuan_per_unit).quantize(Decimal(1), ROUND_HALF_EVEN))


CNY = Rate(Decimal(1), datetime.date.min)


@dataclass(frozen=True)
class Side:
    """One listing as the scorer sees it.

    ``parties`` names who stands behind it (``"org:3"``, ``"user:5"``: the owner and a challenge's host);
    ``consented`` is a talent's agreement to be matched (true for every other kind); ``published`` the day
    it was published; ``attributes`` the kind-specific values (``trl``, ``minimum_trl``...).
    """

    id: int
    kind: str
    is_open: bool = True
    parties: frozenset[str] = frozenset()
    sectors: frozenset[str] = frozenset()
    stages: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    amount: Money | None = None
    consented: bool = True
    published: datetime.date | None = None
    attributes: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Context:
    """What a score depends on besides the two sides: the day, the rates to CNY, the order of stages."""

    today: datetime.date
    rates: Mapping[str, Rate] = field(default_factory=dict)
    stage_order: Mapping[str, int] = field(default_factory=dict)

    def rate(self, currency: str) -> Rate | None:
        return CNY if currency == "CNY" else self.rates.get(currency)
