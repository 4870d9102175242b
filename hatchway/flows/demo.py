"""Demo flows at the reply letter's magnitudes, recorded through the same actions real outcomes use.

``build_demo_flows`` uses the carriers, overseas stations and countries already in the directory; with no
carrier it records nothing. Each demo flow has a fixed producer reference (``demo-YEAR-NNNNN``), so a second
run finds them and adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from hatchway.directory.models import Organisation, OrganisationKind
from hatchway.flows.actions import do_record_flow, do_set_rate
from hatchway.flows.models import CurrencyRate, Direction, Element, EvidenceKind, Flow, ProducerKind, Stage

DEMO_PREFIX = "demo-"
DEMO_EVIDENCE = "DEMO-"
# Yuan per unit, roughly the 2023–2024 averages; each month moves a little around them.
BASE_RATES = {"USD": "7.10", "EUR": "7.70", "GBP": "8.90", "JPY": "0.0490", "SGD": "5.30"}
COUNTRY_CURRENCY = {
    "US": "USD",
    "DE": "EUR",
    "FR": "EUR",
    "NL": "EUR",
    "FI": "EUR",
    "GB": "GBP",
    "JP": "JPY",
    "SG": "SGD",
}
FOREIGN = ["US", "DE", "GB", "FR", "JP", "SG", "IL", "FI", "CA", "AU", "KR", "NL", "SE", "CH"]
CITIES = {"US": "Boston", "DE": "Berlin", "GB": "London", "FR": "Paris", "JP": "Tokyo", "SG": "Singapore",
          "IL": "Tel Aviv", "FI": "Helsinki", "CA": "Toronto", "AU": "Sydney", "KR": "Seoul", "NL": "Eindhoven",
          "SE": "Stockholm", "CH": "Zurich"}  # fmt: skip


@dataclass(frozen=True)
class Batch:
    element: str
    direction: str
    stage: str
    count: int  # per year, at the letter's magnitude
    evidence: str
    producer: str
    value: tuple[int, int] | None = None  # range in whole units of the currency


BATCHES = (
    Batch(Element.ENTERPRISE, Direction.INBOUND, Stage.COMPLETED, 270, EvidenceKind.COMPANY_REGISTRATION,
          ProducerKind.SERVICE_REQUEST),
    Batch(Element.TALENT, Direction.INBOUND, Stage.COMPLETED, 255, EvidenceKind.EMPLOYMENT_LETTER, ProducerKind.MATCH),
    Batch(Element.TALENT, Direction.INBOUND, Stage.INTENTION, 190, EvidenceKind.HIRING_INTENTION, ProducerKind.EVENT),
    Batch(Element.PROJECT, Direction.INBOUND, Stage.INTENTION, 690, EvidenceKind.LETTER_OF_INTENT, ProducerKind.EVENT),
    Batch(Element.PROJECT, Direction.INBOUND, Stage.COMPLETED, 290, EvidenceKind.SETTLEMENT_AGREEMENT,
          ProducerKind.EVENT),
    Batch(Element.TECHNOLOGY, Direction.INBOUND, Stage.COMPLETED, 55, EvidenceKind.TECHNOLOGY_CONTRACT,
          ProducerKind.MATCH, (300_000, 8_000_000)),
    Batch(Element.TECHNOLOGY, Direction.OUTBOUND, Stage.COMPLETED, 25, EvidenceKind.TECHNOLOGY_CONTRACT,
          ProducerKind.MATCH, (200_000, 5_000_000)),
    Batch(Element.CAPITAL, Direction.INBOUND, Stage.COMPLETED, 60, EvidenceKind.INVESTMENT_AGREEMENT,
          ProducerKind.MATCH, (1_000_000, 20_000_000)),
    Batch(Element.CAPITAL, Direction.OUTBOUND, Stage.COMPLETED, 18, EvidenceKind.INVESTMENT_AGREEMENT,
          ProducerKind.MATCH, (500_000, 10_000_000)),
    Batch(Element.ENTERPRISE, Direction.OUTBOUND, Stage.COMPLETED, 32, EvidenceKind.COMPANY_REGISTRATION,
          ProducerKind.SERVICE_REQUEST),
)  # fmt: skip
EVENTS_PER_YEAR = 110


def _months(years: Iterable[int]) -> list[dt.date]:
    return [dt.date(year, month, 1) for year in years for month in range(1, 13)]


def _record_rates(rng: random.Random, years: Iterable[int]) -> None:
    for day in _months(years):
        for currency, base in BASE_RATES.items():
            if CurrencyRate.objects.filter(currency=currency, rate_date=day).exists():
                continue
            drift = Decimal(rng.randint(-300, 300)) / Decimal(10_000)
            do_set_rate(
                currency, day, (Decimal(base) * (1 + drift)).quantize(Decimal("0.00000001")), source="demo"
            )


@transaction.atomic
def build_demo_flows(*, seed: int = 2026, years: Iterable[int] = (2023, 2024), scale: float = 1.0) -> int:
    """Record demo flows for ``years`` (``scale`` < 1 for a smaller set); return how many were recorded."""
    carriers = list(Organisation.objects.filter(kind=OrganisationKind.CARRIER).order_by("pk"))
    if not carriers:
        return 0
    stations = list(Organisation.objects.filter(kind=OrganisationKind.OVERSEAS_STATION).order_by("pk"))
    years = list(years)
    rng = random.Random(seed)  # noqa: S311 - demo data, not secrets
    # Rates draw from their own generator: the flows stay the same whether rates exist already or not.
    _record_rates(random.Random(seed + 1), years)  # noqa: S311 - demo data, not secrets
    existing = set(
        Flow.objects.filter(evidence_number__startswith=DEMO_EVIDENCE).values_list(
            "evidence_number", flat=True
        )
    )
    station_countries = sorted({station.country for station in stations if station.country != "CN"})
    countries = station_countries + [code for code in FOREIGN if code not in station_countries]
    recorded = 0
    for year in years:
        number = 0
        # A year has slightly different magnitudes than the one before, as real years do.
        growth = 1.0 + 0.12 * (year - years[0])
        for batch in BATCHES:
            for _index in range(max(1, round(batch.count * scale * growth / (1 + 0.12 * (len(years) - 1))))):
                number += 1
                evidence = f"{DEMO_EVIDENCE}{year}-{number:05d}"
                foreign = countries[min(int(rng.expovariate(0.35)), len(countries) - 1)]
                carrier = carriers[min(int(rng.expovariate(0.5)), len(carriers) - 1)]
                at_station = [station for station in stations if station.country == foreign]
                station = rng.choice(at_station) if at_station and rng.random() < 0.75 else None
                occurred_on = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
                currency = (
                    COUNTRY_CURRENCY.get(foreign, "USD") if batch.direction == Direction.INBOUND else "CNY"
                )
                value = None
                if batch.value is not None:
                    whole = rng.randint(*batch.value)
                    value = whole * 100 if currency != "JPY" else whole * 20
                producer_ref = f"{DEMO_PREFIX}{year}-{number:05d}"
                if batch.producer == ProducerKind.EVENT:
                    # Several outcomes come out of one event; the KPI counts distinct events.
                    events = max(1, round(EVENTS_PER_YEAR * scale))
                    producer_ref = f"{DEMO_PREFIX}event-{year}-{rng.randrange(events):03d}"
                if evidence in existing:
                    continue
                inbound = batch.direction == Direction.INBOUND
                do_record_flow(
                    element=batch.element,
                    direction=batch.direction,
                    stage=batch.stage,
                    origin_country=foreign if inbound else "CN",
                    destination_country="CN" if inbound else foreign,
                    city="上海" if inbound else CITIES.get(foreign, ""),
                    station=station,
                    carrier=carrier,
                    counterparties=[f"Demo counterparty {year}-{number:05d}"],
                    value_minor=value,
                    currency=currency if value is not None else "",
                    occurred_on=occurred_on,
                    evidence_kind=batch.evidence,
                    evidence_number=evidence,
                    producer_kind=batch.producer,
                    producer_ref=producer_ref,
                    producer_item=str(number),
                    note="demo",
                )
                recorded += 1
    return recorded
