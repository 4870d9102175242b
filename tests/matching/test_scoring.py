"""Scoring a pair of listings: hard filters, the weighted fit, reasons, and the one configuration file."""

from __future__ import annotations

import datetime
import doctest
import importlib
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hatchway.matching.scoring import (
    ConfigError,
    Context,
    Money,
    Rate,
    Side,
    demotion_of,
    load_config,
    parse_config,
    score_pair,
)

TODAY = datetime.date(2026, 11, 26)
RATES = {
    "USD": Rate(Decimal("7.1"), datetime.date(2026, 11, 1)),
    "EUR": Rate(Decimal("7.7"), datetime.date(2026, 11, 1)),
    "JPY": Rate(Decimal("0.047"), datetime.date(2026, 11, 1), minor_units=0),
}
STAGES = {"idea": 0, "seed": 1, "angel": 2, "series_a": 3, "series_b": 4, "series_c_plus": 5}
CONTEXT = Context(TODAY, RATES, STAGES)
CONFIG = load_config()


def ask(**fields) -> Side:
    fields.setdefault("parties", frozenset({"org:1"}))
    return Side(1, "funding_ask", **fields)


def thesis(**fields) -> Side:
    fields.setdefault("parties", frozenset({"org:2"}))
    return Side(2, "investment_thesis", **fields)


@pytest.mark.parametrize("module", ["", "._config", "._facts", "._score"])
def test_the_scoring_examples_hold(module):
    failures, tried = doctest.testmod(
        importlib.import_module("hatchway.matching.scoring" + module), optionflags=doctest.ELLIPSIS
    )

    assert tried > 0
    assert failures == 0


@pytest.mark.parametrize(
    ("ask_money", "ticket_money", "passed", "code"),
    [
        # 50M CNY asked; 5–20M USD is 35.5–142M CNY: it covers the ask.
        (
            Money(50_000_000_00, 50_000_000_00, "CNY"),
            Money(5_000_000_00, 20_000_000_00, "USD"),
            True,
            "ticket_covers",
        ),
        # 30M CNY is below the 35.5M CNY smallest ticket.
        (
            Money(30_000_000_00, 30_000_000_00, "CNY"),
            Money(5_000_000_00, 20_000_000_00, "USD"),
            False,
            "ticket_too_large",
        ),
        # 10–40M CNY overlaps 35.5–142M CNY.
        (
            Money(10_000_000_00, 40_000_000_00, "CNY"),
            Money(5_000_000_00, 20_000_000_00, "USD"),
            True,
            "ticket_overlaps",
        ),
        # 200M CNY is above the largest 142M CNY ticket.
        (
            Money(200_000_000_00, None, "CNY"),
            Money(5_000_000_00, 20_000_000_00, "USD"),
            False,
            "ticket_too_small",
        ),
        # Yen have no minor units: 1,000M JPY is 47M CNY.
        (
            Money(47_000_000_00, 47_000_000_00, "CNY"),
            Money(1_000_000_000, None, "JPY"),
            True,
            "ticket_covers",
        ),
    ],
)
def test_the_ticket_must_overlap_the_ask_once_both_are_in_yuan(ask_money, ticket_money, passed, code):
    scored = score_pair(ask(amount=ask_money), thesis(amount=ticket_money), 0.5, CONFIG, CONTEXT)

    assert scored.passed is passed
    assert code in [reason.code for reason in scored.reasons]
    assert ("ticket" in scored.failed) is (not passed)


def test_without_a_rate_the_ticket_is_not_compared_and_says_so():
    scored = score_pair(
        ask(amount=Money(50_000_000_00, None, "CNY")),
        thesis(amount=Money(1_000_000_00, None, "GBP")),
        0.5,
        CONFIG,
        CONTEXT,
    )

    assert scored.passed
    assert ("ticket_no_rate", "gap") in [(reason.code, reason.verdict) for reason in scored.reasons]


def test_a_stage_outside_the_thesis_is_a_hard_filter_for_capital():
    scored = score_pair(
        ask(stages=frozenset({"seed"})),
        thesis(stages=frozenset({"series_a", "series_b"})),
        0.9,
        CONFIG,
        CONTEXT,
    )

    assert scored.failed == ("stage",)
    assert scored.reasons[-1].code == "stage_not_accepted"
    assert scored.reasons[-1].params == {"stages": ["seed"], "accepted": ["series_a", "series_b"]}


def test_the_same_check_is_only_a_gap_where_the_configuration_does_not_filter_on_it(tmp_path: Path):
    text = Path("hatchway/matching/weights.yaml").read_text(encoding="utf-8")
    lenient = tmp_path / "weights.yaml"
    lenient.write_text(
        text.replace("filters: [open, other_party, ticket, stage, geography]", "filters: [open]")
    )

    scored = score_pair(
        ask(stages=frozenset({"seed"})),
        thesis(stages=frozenset({"series_a"})),
        0.9,
        load_config(lenient),
        CONTEXT,
    )

    assert scored.passed
    assert "stage_not_accepted" in [reason.code for reason in scored.reasons if not reason.is_fit]


def test_a_talent_who_did_not_consent_is_never_matched():
    position = Side(5, "position", parties=frozenset({"org:1"}))
    talent = Side(6, "talent_profile", parties=frozenset({"user:9"}), consented=False)

    assert score_pair(position, talent, 0.9, CONFIG, CONTEXT).failed == ("consent",)
    assert score_pair(talent, position, 0.9, CONFIG, CONTEXT).failed == ("consent",)


def test_a_challenge_is_not_matched_with_an_offer_of_its_host():
    challenge = Side(7, "technology_need", parties=frozenset({"org:3", "org:40"}))  # owner carrier, host 40
    offer = Side(8, "technology_offer", parties=frozenset({"org:40"}))

    assert score_pair(challenge, offer, 0.9, CONFIG, CONTEXT).failed == ("other_party",)


def test_the_fit_weighs_text_sector_stage_language_and_freshness():
    close = thesis(
        sectors=frozenset({"integrated_circuits"}),
        stages=frozenset({"seed"}),
        languages=frozenset({"en", "zh"}),
        published=TODAY,
    )
    far = thesis(
        sectors=frozenset({"biomedicine"}),
        stages=frozenset({"seed"}),
        languages=frozenset({"de"}),
        published=TODAY - datetime.timedelta(days=300),
    )
    source = ask(
        sectors=frozenset({"integrated_circuits"}), stages=frozenset({"seed"}), languages=frozenset({"zh"})
    )

    best = score_pair(source, close, 0.8, CONFIG, CONTEXT)
    worst = score_pair(source, far, 0.8, CONFIG, CONTEXT)

    assert best.score == 100
    assert best.parts == {"semantic": 1.0, "sector": 1.0, "stage": 1.0, "language": 1.0, "freshness": 1.0}
    assert worst.score < 75
    assert [reason.code for reason in worst.reasons if not reason.is_fit] == [
        "other_sector",
        "no_common_language",
    ]


def test_feedback_demotes_by_up_to_the_configured_points():
    plain = score_pair(ask(), thesis(), 0.7, CONFIG, CONTEXT)
    demoted = score_pair(ask(), thesis(), 0.7, CONFIG, CONTEXT, demotion=demotion_of(1.0, CONFIG))

    assert plain.score - demoted.score == 40
    assert demoted.reasons[-1].code == "like_not_relevant"
    assert demotion_of(CONFIG.similar_above, CONFIG) == 0.0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"version": 2}, "version: 2 is not supported"),
        ({"semantic": {"floor": 0.8, "ceiling": 0.2}}, "ceiling must be above floor"),
        ({"pairs": {"capital": {"kinds": ["funding_ask", "cat"]}}}, "“cat” is not a kind of listing"),
        (
            {"pairs": {"capital": {"kinds": ["funding_ask", "investment_thesis"], "filters": ["moon"]}}},
            "“moon” is not a filter",
        ),
        (
            {
                "pairs": {
                    "capital": {"kinds": ["funding_ask", "investment_thesis"], "weights": {"semantic": -1}}
                }
            },
            "weights.semantic: -1 is outside",
        ),
        (
            {"pairs": {"capital": {"kinds": ["funding_ask", "investment_thesis"], "weights": {"luck": 1}}}},
            "“luck” is not known",
        ),
        (
            {
                "pairs": {
                    "a": {"kinds": ["funding_ask", "investment_thesis"], "weights": {"semantic": 1}},
                    "b": {"kinds": ["funding_ask", "position"], "weights": {"semantic": 1}},
                }
            },
            "already in pairs.a",
        ),
    ],
)
def test_a_bad_configuration_is_refused_with_what_to_write(change, message):
    data = {
        "version": 1,
        "pairs": {"capital": {"kinds": ["funding_ask", "investment_thesis"], "weights": {"semantic": 1}}},
    }
    data.update(change)

    with pytest.raises(ConfigError, match=message):
        parse_config(data)


def test_the_shipped_configuration_pairs_every_kind_both_ways():
    pairs = {(pair.seeker, pair.provider) for pair in CONFIG.pairs.values()}

    assert pairs == {
        ("funding_ask", "investment_thesis"),
        ("technology_need", "technology_offer"),
        ("position", "talent_profile"),
        ("landing_ask", "landing_offer"),
    }
    for seeker, provider in pairs:
        assert CONFIG.counterpart_of(seeker) == provider
        assert CONFIG.counterpart_of(provider) == seeker


# -- property: whatever the listings, a pair that passes breaks none of its pair's hard filters -----------

CURRENCIES = ["CNY", "USD", "EUR", "JPY"]
PAIRS = [(pair.seeker, pair.provider, pair) for pair in CONFIG.pairs.values()]


@st.composite
def sides(draw, kind: str, listing_id: int) -> Side:
    amount = None
    if draw(st.booleans()):
        low = draw(st.one_of(st.none(), st.integers(0, 10**12)))
        high = draw(st.one_of(st.none(), st.integers(low or 0, 2 * 10**12)))
        amount = Money(low, high, draw(st.sampled_from(CURRENCIES)))
    small = st.frozensets
    return Side(
        id=listing_id,
        kind=kind,
        is_open=draw(st.booleans()),
        parties=draw(small(st.sampled_from(["org:1", "org:2", "org:3", "user:1", "user:2"]), max_size=2)),
        sectors=draw(small(st.sampled_from(["integrated_circuits", "biomedicine", "robotics"]), max_size=2)),
        stages=draw(small(st.sampled_from(list(STAGES)), max_size=3)),
        countries=draw(small(st.sampled_from(["CN", "DE", "US", "SG"]), max_size=3)),
        languages=draw(small(st.sampled_from(["zh", "en", "de"]), max_size=2)),
        amount=amount,
        consented=draw(st.booleans()),
        published=TODAY - datetime.timedelta(days=draw(st.integers(0, 400))),
        attributes={"trl": draw(st.integers(1, 9)), "minimum_trl": draw(st.integers(1, 9))},
    )


def fen(money: Money, value: int | None) -> Decimal | None:
    if value is None:
        return None
    rate = Decimal(1) if money.currency == "CNY" else RATES[money.currency].yuan_per_unit
    units = 0 if money.currency == "JPY" else 2
    return Decimal(value) * Decimal(10) ** (2 - units) * rate


def breaks(name: str, source: Side, target: Side, seeker: Side, provider: Side) -> bool:
    """An independent statement of each hard filter: True when the pair breaks it."""
    if name == "open":
        return not target.is_open
    if name == "other_party":
        return bool(source.parties & target.parties)
    if name == "consent":
        return any(side.kind == "talent_profile" and not side.consented for side in (source, target))
    if name == "stage":
        return bool(seeker.stages and provider.stages and not seeker.stages & provider.stages)
    if name == "geography":
        return bool(seeker.countries and provider.countries and not seeker.countries & provider.countries)
    if name == "readiness":
        return provider.attributes["trl"] < seeker.attributes["minimum_trl"]
    if name == "ticket":
        if seeker.amount is None or provider.amount is None:
            return False
        a, t = seeker.amount, provider.amount
        ask_low = fen(a, a.minimum if a.minimum is not None else a.maximum)
        ask_high = fen(a, a.maximum if a.maximum is not None else a.minimum)
        if ask_low is None or ask_high is None:
            return False
        ticket_low = fen(t, t.minimum) or Decimal(0)
        ticket_high = fen(t, t.maximum)
        # Rounding to whole fen may move a bound by half a fen.
        return ask_high < ticket_low - 1 or (ticket_high is not None and ask_low > ticket_high + 1)
    raise AssertionError(name)


@settings(max_examples=150, deadline=None)
@given(data=st.data(), which=st.integers(0, len(PAIRS) - 1), forward=st.booleans())
def test_no_passing_pair_breaks_a_hard_filter(data, which, forward):
    seeker_kind, provider_kind, pair = PAIRS[which]
    seeker = data.draw(sides(seeker_kind, 1))
    provider = data.draw(sides(provider_kind, 2))
    source, target = (seeker, provider) if forward else (provider, seeker)

    scored = score_pair(source, target, data.draw(st.floats(-1, 1)), CONFIG, CONTEXT)

    broken = [name for name in sorted(pair.filters) if breaks(name, source, target, seeker, provider)]
    if scored.passed:
        assert broken == []
    else:
        assert set(scored.failed) <= set(pair.filters)
    assert 0 <= scored.score <= 100
