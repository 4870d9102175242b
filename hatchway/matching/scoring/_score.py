"""Hard filters and the weighted fit of one pair of listings, with the reasons behind them."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ._config import PairConfig, ScoringConfig
from ._facts import Context, Side

Verdict = Literal["fit", "gap"]


@dataclass(frozen=True)
class Reason:
    """Why a score is what it is: a stable ``code`` and its ``params``, rendered in the reader's language."""

    code: str
    verdict: Verdict
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def is_fit(self) -> bool:
        return self.verdict == "fit"


@dataclass(frozen=True)
class Scored:
    """A pair's score (0–100), whether it passed every hard filter, its parts and reasons."""

    score: int
    passed: bool
    parts: Mapping[str, float]
    reasons: tuple[Reason, ...]
    failed: tuple[str, ...] = ()


def _gap(code: str, **params: Any) -> Reason:
    return Reason(code, "gap", params)


def _fit(code: str, **params: Any) -> Reason:
    return Reason(code, "fit", params)


def _fen_range(side: Side, context: Context) -> tuple[int | None, int | None] | None:
    money = side.amount
    if money is None or (money.minimum is None and money.maximum is None):
        return None
    rate = context.rate(money.currency)
    if rate is None:
        raise LookupError(money.currency)
    low = rate.to_fen(money.minimum) if money.minimum is not None else None
    high = rate.to_fen(money.maximum) if money.maximum is not None else None
    return low, high


def _money_params(prefix: str, side: Side) -> dict[str, Any]:
    assert side.amount is not None
    return {
        f"{prefix}_min": side.amount.minimum,
        f"{prefix}_max": side.amount.maximum,
        f"{prefix}_currency": side.amount.currency,
    }


def check_ticket(seeker: Side, provider: Side, context: Context) -> tuple[bool | None, Reason | None]:
    """Does the provider's ticket overlap the seeker's ask once both are in CNY? ``None``: cannot tell."""
    try:
        ask = _fen_range(seeker, context)
        ticket = _fen_range(provider, context)
    except LookupError as missing:
        return None, _gap("ticket_no_rate", currency=str(missing.args[0]))
    if ask is None or ticket is None:
        return None, None
    params = {**_money_params("ticket", provider), **_money_params("ask", seeker)}
    ask_low = ask[0] if ask[0] is not None else ask[1]
    ask_high = ask[1] if ask[1] is not None else ask[0]
    ticket_low = ticket[0] if ticket[0] is not None else 0
    ticket_high = ticket[1] if ticket[1] is not None else math.inf
    assert ask_low is not None
    assert ask_high is not None
    if ticket_low <= ask_low and ask_high <= ticket_high:
        return True, _fit("ticket_covers", **params)
    if ticket_low <= ask_high and ask_low <= ticket_high:
        return True, _fit("ticket_overlaps", **params)
    code = "ticket_too_small" if ticket_high < ask_low else "ticket_too_large"
    return False, _gap(code, **params)


def _stage_distance(seeker: Side, provider: Side, context: Context) -> int | None:
    known = [
        abs(context.stage_order[a] - context.stage_order[b])
        for a in seeker.stages
        for b in provider.stages
        if a in context.stage_order and b in context.stage_order
    ]
    if seeker.stages & provider.stages:
        return 0
    return min(known) if known else None


def check_stage(seeker: Side, provider: Side) -> tuple[bool | None, Reason | None]:
    if not seeker.stages or not provider.stages:
        return None, None
    common = seeker.stages & provider.stages
    if common:
        return True, _fit("stage_accepted", stages=sorted(common))
    return False, _gap("stage_not_accepted", stages=sorted(seeker.stages), accepted=sorted(provider.stages))


def check_geography(seeker: Side, provider: Side) -> tuple[bool | None, Reason | None]:
    if not seeker.countries or not provider.countries:
        return None, None
    common = seeker.countries & provider.countries
    if common:
        return True, _fit("same_country", countries=sorted(common))
    return False, _gap(
        "other_country", countries=sorted(seeker.countries), allowed=sorted(provider.countries)
    )


def check_readiness(seeker: Side, provider: Side) -> tuple[bool | None, Reason | None]:
    wanted, offered = seeker.attributes.get("minimum_trl"), provider.attributes.get("trl")
    if not isinstance(wanted, int) or not isinstance(offered, int):
        return None, None
    if offered >= wanted:
        return True, _fit("readiness_reached", trl=offered, minimum=wanted)
    return False, _gap("readiness_too_low", trl=offered, minimum=wanted)


def _checks(
    source: Side, target: Side, seeker: Side, provider: Side, context: Context
) -> dict[str, tuple[bool | None, Reason | None]]:
    consent_side = next((side for side in (source, target) if side.kind == "talent_profile"), None)
    return {
        "open": (target.is_open, None if target.is_open else _gap("not_open")),
        "other_party": (
            not (source.parties & target.parties),
            None if not (source.parties & target.parties) else _gap("same_party"),
        ),
        "consent": (
            None if consent_side is None else consent_side.consented,
            None if consent_side is None or consent_side.consented else _gap("no_consent"),
        ),
        "ticket": check_ticket(seeker, provider, context),
        "stage": check_stage(seeker, provider),
        "geography": check_geography(seeker, provider),
        "readiness": check_readiness(seeker, provider),
    }


def _semantic(similarity: float, config: ScoringConfig) -> float:
    span = config.semantic_ceiling - config.semantic_floor
    return min(1.0, max(0.0, (similarity - config.semantic_floor) / span))


def score_pair(
    source: Side,
    target: Side,
    similarity: float,
    config: ScoringConfig,
    context: Context,
    *,
    demotion: float = 0.0,
) -> Scored:
    """Score ``target`` as a counterpart of ``source``: hard filters, then the weighted fit (0–100).

    ``similarity`` is the cosine of the two texts (on the platform, centred per kind and language and
    standardised per language list by the index service); ``demotion`` (0–1) how close the target is to a result
    the owner marked not relevant, taking off up to ``feedback.max_penalty`` points.

    >>> import datetime
    >>> from hatchway.matching.scoring import Context, Money, Side, load_config
    >>> ask = Side(1, "funding_ask", parties=frozenset({"org:1"}), sectors=frozenset({"integrated_circuits"}),
    ...            amount=Money(30_000_000_00, None, "CNY"), languages=frozenset({"zh"}))
    >>> thesis = Side(2, "investment_thesis", parties=frozenset({"org:2"}),
    ...               sectors=frozenset({"integrated_circuits", "robotics"}),
    ...               amount=Money(20_000_000_00, 80_000_000_00, "CNY"), languages=frozenset({"en", "zh"}),
    ...               published=datetime.date(2026, 11, 20))
    >>> scored = score_pair(ask, thesis, 0.62, load_config(), Context(datetime.date(2026, 11, 26)))
    >>> scored.passed, scored.score, [reason.code for reason in scored.reasons]
    (True, 92, ['ticket_covers', 'same_sector', 'common_language', 'recent'])
    >>> own = Side(3, "investment_thesis", parties=frozenset({"org:1"}))  # the ask's own organisation
    >>> score_pair(ask, own, 1.0, load_config(), Context(datetime.date(2026, 11, 26))).failed
    ('other_party',)
    """
    pair: PairConfig | None = config.pair_of(source.kind)
    if pair is None or target.kind not in (pair.seeker, pair.provider) or target.kind == source.kind:
        raise ValueError(f"{target.kind} is not a counterpart of {source.kind} in the configuration.")
    seeker, provider = (source, target) if source.kind == pair.seeker else (target, source)
    reasons: list[Reason] = []
    failed: list[str] = []
    for name, (passed, reason) in _checks(source, target, seeker, provider, context).items():
        if passed is False and name in pair.filters:
            failed.append(name)
        # Open, other party and consent only speak up when they fail; the rest always explain themselves.
        if reason is not None and (passed is False or name not in {"open", "other_party", "consent"}):
            reasons.append(reason)

    parts: dict[str, float] = {"semantic": _semantic(similarity, config)}
    if source.sectors and target.sectors:
        common = source.sectors & target.sectors
        parts["sector"] = len(common) / min(len(source.sectors), len(target.sectors))
        reasons.append(
            _fit("same_sector", sectors=sorted(common))
            if common
            else _gap("other_sector", sectors=sorted(target.sectors))
        )
    else:
        parts["sector"] = config.unknown
    distance = _stage_distance(seeker, provider, context)
    if distance is None:
        parts["stage"] = config.unknown
    else:
        span = max(context.stage_order.values(), default=0) - min(context.stage_order.values(), default=0)
        parts["stage"] = 1.0 - min(1.0, distance / max(span, 1))
    if source.languages and target.languages:
        shared = source.languages & target.languages
        parts["language"] = 1.0 if shared else 0.0
        reasons.append(
            _fit("common_language", languages=sorted(shared))
            if shared
            else _gap("no_common_language", languages=sorted(target.languages))
        )
    else:
        parts["language"] = config.unknown
    if target.published is not None:
        age = max(0, (context.today - target.published).days)
        parts["freshness"] = 0.5 ** (age / config.half_life_days)
        if age <= config.recent_days:
            reasons.append(_fit("recent", days=age))
    else:
        parts["freshness"] = config.unknown
    total = sum(pair.weights.values())
    fit = sum(pair.weights[part] * parts[part] for part in parts) / total
    penalty = config.max_penalty * min(1.0, max(0.0, demotion))
    if penalty >= 1:
        reasons.append(_gap("like_not_relevant"))
    score = max(0, min(100, round(100 * fit - penalty)))
    reasons.sort(key=lambda reason: 0 if reason.is_fit else 1)
    return Scored(score, not failed, parts, tuple(reasons), tuple(failed))


def demotion_of(similarity: float, config: ScoringConfig) -> float:
    """How strongly to demote a result this close (cosine) to one marked not relevant (0–1).

    >>> from hatchway.matching.scoring import load_config
    >>> demotion_of(0.5, load_config()), demotion_of(1.0, load_config())
    (0.0, 1.0)
    """
    if similarity <= config.similar_above:
        return 0.0
    return min(1.0, (similarity - config.similar_above) / max(1e-9, 1.0 - config.similar_above))
