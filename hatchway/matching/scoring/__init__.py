"""Scoring a pair of listings: hard filters, a weighted fit from 0 to 100, and the reasons for both.

Framework-free (no Django, no clock): the matching app turns listings into :class:`Side` values, gives
the similarity of their texts (the index's centred cosine, as the engine's ranker compares them) and a
:class:`Context` (the day, the rates to CNY, the order of stages), and
renders the :class:`Reason` codes in the reader's language. Weights and which filters apply to each pair
of listing kinds live in one file, ``hatchway/matching/weights.yaml``, validated by :func:`load_config`.

>>> import datetime
>>> from decimal import Decimal
>>> ask = Side(1, "funding_ask", amount=Money(50_000_000_00, 50_000_000_00, "CNY"), stages=frozenset({"seed"}))
>>> thesis = Side(2, "investment_thesis", amount=Money(5_000_000_00, 20_000_000_00, "USD"),
...               stages=frozenset({"series_a"}))
>>> context = Context(datetime.date(2026, 11, 26), {"USD": Rate(Decimal("7.1"), datetime.date(2026, 11, 1))},
...                   {"seed": 1, "series_a": 3})
>>> scored = score_pair(ask, thesis, 0.5, load_config(), context)
>>> scored.passed, scored.failed
(False, ('stage',))
>>> [(reason.code, reason.verdict) for reason in scored.reasons]
[('ticket_covers', 'fit'), ('stage_not_accepted', 'gap')]
"""

from ._config import FILTERS, PARTS, ConfigError, PairConfig, ScoringConfig, load_config, parse_config
from ._facts import Context, Money, Rate, Side
from ._score import Reason, Scored, demotion_of, score_pair

__all__ = [
    "FILTERS",
    "PARTS",
    "ConfigError",
    "Context",
    "Money",
    "PairConfig",
    "Rate",
    "Reason",
    "Scored",
    "ScoringConfig",
    "Side",
    "demotion_of",
    "load_config",
    "parse_config",
    "score_pair",
]
