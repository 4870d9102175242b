"""A realistic, bilingual, deterministic directory at the seed letter's scale.

``build_demo_directory()`` makes the same rows for the same seed on every run (``random.Random``,
no clock except the current year for the data reports' fiscal years) and adds only what is missing:
every row carries a ``ref`` (users: their e-mail address), so a second call adds nothing. Rows go in
with ``bulk_create`` in batches, and enterprises are generated batch by batch, so that a million
enterprises stay within the memory of a small server.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any, TextIO

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from hatchway.accounts.models import User
from hatchway.directory.creditcode import ALPHABET, check_character, organisation_code_check_character
from hatchway.directory.demo_words import (
    AREAS,
    CARRIER_TYPES,
    CITIES,
    DISTRICTS,
    FAMILY_NAMES,
    FIELDS,
    FUND_SUFFIX,
    GIVEN_NAMES,
    GOI_HOSTS,
    GOI_THEMES,
    INSTITUTES,
    INVESTOR_SPECS,
    LATIN_BRANDS,
    NATIONALITIES,
    OVERSEAS,
    SECTOR_WORDS,
    SKILLS,
    STATION_TYPES,
    SYLLABLES,
    THEMES,
    UNIVERSITIES,
)
from hatchway.directory.models import (
    ConsentKind,
    ConsentRecord,
    DataReport,
    Degree,
    FundType,
    Organisation,
    OrganisationKind,
    Sector,
    Stage,
    Subtype,
    TalentProfile,
)
from hatchway.search import search_document

BATCH = 2000


@dataclass(frozen=True)
class _TalentSpec:
    email: str
    full_name: str
    nationality: str
    current_country: str
    field: str
    degree: str
    skills: list[str]
    languages: list[str]
    matching: bool
    contact: bool
    sectors: list[int]


def _ref(kind: str, number: int) -> str:
    return f"demo:{kind}:{number:07d}"


@lru_cache(maxsize=4096)
def _words(*parts: str) -> tuple[str, ...]:
    return tuple(search_document(*parts).split())


def _search_text(names: tuple[str, ...], descriptions: tuple[str, ...]) -> str:
    """search_document of names and descriptions; descriptions repeat, so their words are cached."""
    merged = dict.fromkeys(search_document(*names).split())
    merged.update(dict.fromkeys(_words(*descriptions)))
    return f" {' '.join(merged)} " if merged else ""


def _credit_code(number: int, division: str) -> str:
    """A well-formed, unique code: the organisation code encodes the number in the code's alphabet."""
    digits = ""
    value = number
    for _position in range(5):
        digits = ALPHABET[value % 31] + digits
        value //= 31
    organisation = "MA1" + digits
    first17 = "91" + division + organisation + organisation_code_check_character(organisation)
    return first17 + check_character(first17)


class _Builder:
    def __init__(self, seed: int, stdout: TextIO | None) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not secrets
        self.stdout = stdout
        self.created: dict[str, int] = {}
        self.sectors = list(Sector.objects.order_by("sort_order", "code"))
        self.stages = list(Stage.objects.order_by("sort_order", "code"))
        self.this_year = timezone.now().year

    def say(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(message + "\n")

    def insert(
        self, label: str, rows: list[Organisation], sectors: dict[str, list[int]] | None = None
    ) -> dict[str, int]:
        """Insert the rows whose ref is new; return the ids of those inserted, by ref."""
        existing = set(
            Organisation.objects.filter(ref__in=[row.ref for row in rows]).values_list("ref", flat=True)
        )
        new = [row for row in rows if row.ref not in existing]
        Organisation.objects.bulk_create(new, batch_size=500)
        ids = {
            ref: pk
            for ref, pk in Organisation.objects.filter(ref__in=[row.ref for row in new]).values_list(
                "ref", "id"
            )
            if ref is not None
        }
        if sectors:
            through = Organisation.sectors.through
            through.objects.bulk_create(
                [
                    through(organisation_id=ids[ref], sector_id=sector_id)
                    for ref, sector_ids in sectors.items()
                    if ref in ids
                    for sector_id in sector_ids
                ],
                batch_size=1000,
            )
        self.created[label] = self.created.get(label, 0) + len(new)
        return ids

    def all_ids(self, prefix: str) -> list[int]:
        return list(
            Organisation.objects.filter(ref__startswith=f"demo:{prefix}:")
            .order_by("ref")
            .values_list("id", flat=True)
        )

    def organisation(self, ref: str, kind: str, name_zh: str, name_en: str, **fields: Any) -> Organisation:
        row = Organisation(ref=ref, kind=kind, name_zh=name_zh, name_en=name_en, **fields)
        row.search_text = _search_text(
            (
                name_zh,
                name_en,
                row.city_zh,
                row.city_en,
                row.host_name_zh,
                row.host_name_en,
                row.credit_code or "",
            ),
            (row.description_zh, row.description_en),
        )
        return row

    # --- carriers, GOI centres, stations ---------------------------------------------------------------

    def carriers(self, count: int) -> None:
        rng = self.rng
        combos = [
            (area, theme, kind)
            for area in AREAS + [(d[0], d[1]) for d in DISTRICTS]
            for theme in THEMES
            for kind in CARRIER_TYPES
        ]
        rows = []
        for number, ((area_zh, area_en), (theme_zh, theme_en), (subtype, type_zh, type_en)) in enumerate(
            rng.sample(combos, count)
        ):
            rows.append(
                self.organisation(
                    _ref("carrier", number),
                    OrganisationKind.CARRIER,
                    f"{area_zh}{theme_zh}{type_zh}",
                    f"{area_en} {theme_en} {type_en}",
                    subtype=subtype,
                    city_zh="上海",
                    city_en="Shanghai",
                    description_zh=f"位于上海{area_zh}的{theme_zh}{type_zh}，为初创企业提供空间、投融资对接和跨境服务。",
                    description_en=(
                        f"A {theme_en.lower()} {type_en.lower()} in {area_en}, Shanghai, offering space, "
                        "investor introductions and cross-border services to start-ups."
                    ),
                    website=f"https://carrier{number:03d}.example.cn",
                )
            )
        self.insert("carriers", rows)

    def goi_centres(self) -> None:
        pairs = [(host, theme) for theme in GOI_THEMES for host in GOI_HOSTS][:90]
        rows = []
        for number, ((host_zh, host_en), (theme_zh, theme_en)) in enumerate(pairs):
            batch = number // 15 + 1
            rows.append(
                self.organisation(
                    _ref("goi", number),
                    OrganisationKind.CARRIER,
                    f"{host_zh}{theme_zh}",
                    f"{host_en} {theme_en}",
                    subtype=Subtype.GOI,
                    goi_batch=batch,
                    host_name_zh=host_zh,
                    host_name_en=host_en,
                    city_zh="上海",
                    city_en="Shanghai",
                    description_zh=f"{host_zh}设立的大企业开放创新中心（第{batch}批），发布技术需求，与初创企业共同开发。",
                    description_en=(
                        f"The open-innovation centre of {host_en} (batch {batch}): it publishes technology "
                        "challenges and co-develops with start-ups."
                    ),
                )
            )
        self.insert("goi_centres", rows)

    def stations(self, carrier_ids: list[int]) -> None:
        rng = self.rng
        rows = []
        for number, (city_zh, city_en, country) in enumerate(CITIES):
            subtype, type_zh, type_en = STATION_TYPES[number % 3]
            parent = rng.choice(carrier_ids)
            opened = datetime.date(rng.randint(2015, 2024), rng.randint(1, 12), rng.randint(1, 28))
            closed = opened + datetime.timedelta(days=rng.randint(700, 2000)) if rng.random() < 0.08 else None
            rows.append(
                self.organisation(
                    _ref("station", number),
                    OrganisationKind.OVERSEAS_STATION,
                    f"上海科创{city_zh}{type_zh}",
                    f"Shanghai Innovation {city_en} {type_en}",
                    subtype=subtype,
                    country=country,
                    city_zh=city_zh,
                    city_en=city_en,
                    parent_carrier_id=parent,
                    opened_on=opened,
                    closed_on=closed,
                    description_zh=f"上海科创载体在{city_zh}的{type_zh}，对接当地项目、人才与资本。",
                    description_en=(
                        f"A Shanghai carrier's {type_en.lower()} in {city_en}, connecting local projects, "
                        "talent and capital with Shanghai."
                    ),
                )
            )
        self.insert("overseas_stations", rows)

    # --- investors, universities, institutes -------------------------------------------------------------

    def investors(self) -> None:
        rng = self.rng
        rows, sectors = [], {}
        number = 0
        for fund_type, currency, country, names in INVESTOR_SPECS:
            suffix_zh, suffix_en = FUND_SUFFIX[fund_type]
            for name_zh, name_en in names:
                ref = _ref("investor", number)
                label = FundType(fund_type).label
                rows.append(
                    self.organisation(
                        ref,
                        OrganisationKind.INVESTOR,
                        f"{name_zh}{suffix_zh}",
                        f"{name_en} {suffix_en}",
                        fund_type=fund_type,
                        currency=currency,
                        country=country,
                        description_zh=f"{name_zh}{suffix_zh}投资早期和成长期硬科技项目。",
                        description_en=f"{name_en} {suffix_en} ({label}) invests in early and growth-stage hard tech.",
                    )
                )
                sectors[ref] = [sector.pk for sector in rng.sample(self.sectors, 3)]
                number += 1
        self.insert("investors", rows, sectors)

    def academia(self) -> None:
        taken = set(
            Organisation.objects.filter(
                kind__in=[OrganisationKind.UNIVERSITY, OrganisationKind.RESEARCH_INSTITUTE]
            ).values_list("name_en", flat=True)
        )
        universities = [
            self.organisation(
                _ref("university", number),
                OrganisationKind.UNIVERSITY,
                name_zh,
                name_en,
                website=website,
                city_zh="上海",
                city_en="Shanghai",
                description_zh=f"{name_zh}的技术转移中心向企业开放专利与科研成果。",
                description_en=f"The technology transfer office of {name_en} licenses patents and research results.",
            )
            for number, (name_zh, name_en, website) in enumerate(UNIVERSITIES)
            if name_en not in taken
        ]
        self.insert("universities", universities)
        institutes = [
            self.organisation(
                _ref("institute", number),
                OrganisationKind.RESEARCH_INSTITUTE,
                name_zh,
                name_en,
                city_zh="上海",
                city_en="Shanghai",
                description_zh=f"{name_zh}与企业共建联合实验室，转化科研成果。",
                description_en=f"{name_en} runs joint laboratories with companies and transfers research results.",
            )
            for number, (name_zh, name_en) in enumerate(INSTITUTES)
            if name_en not in taken
        ]
        self.insert("research_institutes", institutes)

    # --- enterprises and their data reports ---------------------------------------------------------------

    def enterprise_batches(
        self, count: int, carrier_ids: list[int]
    ) -> Iterator[tuple[list[Organisation], dict[str, list[int]], dict[str, list[DataReport]]]]:
        rng = self.rng
        rows: list[Organisation] = []
        sectors: dict[str, list[int]] = {}
        reports: dict[str, list[DataReport]] = {}
        for number in range(count):
            ref = _ref("enterprise", number)
            sector = rng.choice(self.sectors)
            word_zh, word_en = SECTOR_WORDS.get(sector.code, (sector.name_zh, sector.name_en))
            stage = rng.choice(self.stages)
            registered = datetime.date(
                rng.randint(2008, self.this_year - 2), rng.randint(1, 12), rng.randint(1, 28)
            )
            if rng.random() < 0.8:
                (a_zh, a_en), (b_zh, b_en) = rng.sample(SYLLABLES, 2)
                district_zh, _district_en, division = rng.choice(DISTRICTS)
                row = self.organisation(
                    ref,
                    OrganisationKind.ENTERPRISE,
                    f"{a_zh}{b_zh}{word_zh}（上海）有限公司",
                    f"{a_en}{b_en.lower()} {word_en} (Shanghai) Co., Ltd.",
                    country="CN",
                    city_zh="上海",
                    city_en="Shanghai",
                    credit_code=_credit_code(number, division),
                    registration_date=registered,
                    incubating_carrier_id=rng.choice(carrier_ids) if rng.random() < 0.7 else None,
                    stage_id=stage.pk,
                    description_zh=f"{district_zh}的{sector.name_zh}企业，处于{stage.name_zh}。",
                    description_en=f"A Shanghai company in {sector.name_en.lower()}, at the stage: {stage.name_en.lower()}.",
                )
            else:
                brand_zh, brand_en = rng.choice(LATIN_BRANDS)
                (a_zh, a_en) = rng.choice(SYLLABLES)
                country, country_zh, form = rng.choice(OVERSEAS)
                row = self.organisation(
                    ref,
                    OrganisationKind.ENTERPRISE,
                    f"{brand_zh}{a_zh}{word_zh}（{country_zh}）",
                    f"{brand_en}{a_en.lower()} {word_en} {form}",
                    country=country,
                    registration_date=registered,
                    incubating_carrier_id=rng.choice(carrier_ids) if rng.random() < 0.3 else None,
                    stage_id=stage.pk,
                    description_zh=f"来自{country_zh}的{sector.name_zh}企业，寻求在上海落地。",
                    description_en=f"A company from abroad in {sector.name_en.lower()}, seeking a soft landing in Shanghai.",
                )
            rows.append(row)
            extra = rng.choice(self.sectors)
            sectors[ref] = sorted({sector.pk, extra.pk} if rng.random() < 0.3 else {sector.pk})
            reports[ref] = self.reports(registered, stale=rng.random() < 0.08)
            if len(rows) == BATCH:
                yield rows, sectors, reports
                rows, sectors, reports = [], {}, {}
        if rows:
            yield rows, sectors, reports

    def reports(self, registered: datetime.date, *, stale: bool) -> list[DataReport]:
        rng = self.rng
        revenue = rng.randint(50, 20_000) * 1_000_000  # fen: 0.5 to 200 million yuan before growth
        employees = Decimal(rng.randint(5, 400))
        last = self.this_year - (2 if stale else 1)
        rows = []
        for year in range(self.this_year - 3, last + 1):
            if year < registered.year:
                continue
            revenue = int(revenue * rng.uniform(0.9, 1.5))
            rd = int(revenue * rng.uniform(0.03, 0.18))
            income = int(revenue * rng.uniform(1.0, 1.08))
            employees = (employees * Decimal(str(round(rng.uniform(0.95, 1.3), 2)))).quantize(Decimal("0.01"))
            assets = int(revenue * rng.uniform(0.8, 2.5))
            rows.append(
                DataReport(
                    fiscal_year=year,
                    revision=1,
                    is_current=True,
                    filed_at=timezone.make_aware(datetime.datetime(year + 1, 3, 31, 10, 0)),
                    sales_revenue_fen=revenue,
                    rd_expense_fen=rd,
                    rd_expense_domestic_fen=int(rd * rng.uniform(0.85, 1.0)),
                    income_total_fen=income,
                    non_taxable_income_fen=int(income * rng.uniform(0, 0.05)),
                    high_tech_income_fen=int(income * rng.uniform(0.4, 0.95)),
                    net_assets_fen=int(assets * rng.uniform(-0.1, 0.7)),
                    total_assets_fen=assets,
                    total_cost_expense_fen=int(revenue * rng.uniform(0.7, 1.1)),
                    employees_avg=employees,
                    tech_staff_avg=(employees * Decimal(str(round(rng.uniform(0.1, 0.6), 2)))).quantize(
                        Decimal("0.01")
                    ),
                    ip_class_i_count=rng.randint(0, 6),
                    ip_class_ii_count=rng.randint(0, 25),
                    overseas_staff_count=rng.randint(0, 12),
                )
            )
        return rows

    def enterprises(self, count: int, carrier_ids: list[int]) -> None:
        done = 0
        for rows, sectors, reports in self.enterprise_batches(count, carrier_ids):
            with transaction.atomic():
                ids = self.insert("enterprises", rows, sectors)
                new_reports = []
                for ref, enterprise_id in ids.items():
                    for report in reports[ref]:
                        report.enterprise_id = enterprise_id
                        new_reports.append(report)
                DataReport.objects.bulk_create(new_reports, batch_size=1000)
                self.created["data_reports"] = self.created.get("data_reports", 0) + len(new_reports)
            done += len(rows)
            self.say(f"enterprises: {done}/{count}")

    # --- talents ------------------------------------------------------------------------------------------

    def talents(self, count: int) -> None:
        rng = self.rng
        password = make_password(None)  # unusable: demo talents do not sign in
        specs: list[_TalentSpec] = []
        for number in range(count):
            index = rng.randrange(len(GIVEN_NAMES))
            family = rng.randrange(len(FAMILY_NAMES))
            field = rng.choice(FIELDS)
            specs.append(
                _TalentSpec(
                    email=f"talent{number:05d}@demo.hatchway.local",
                    full_name=f"{GIVEN_NAMES[index]} {FAMILY_NAMES[family]}",
                    nationality=NATIONALITIES[family],
                    current_country=rng.choice([country for _zh, _en, country in CITIES]),
                    field=field,
                    degree=rng.choice([Degree.MASTER, Degree.DOCTORATE, Degree.DOCTORATE, Degree.BACHELOR]),
                    skills=rng.sample(SKILLS, 3),
                    languages=sorted({"en", rng.choice(["zh", "de", "fr", "ja", "ko", "es", "en"])}),
                    matching=rng.random() < 0.7,
                    contact=rng.random() < 0.4,
                    sectors=[sector.pk for sector in rng.sample(self.sectors, 2)],
                )
            )
        existing = set(
            User.objects.filter(email__in=[spec.email for spec in specs]).values_list("email", flat=True)
        )
        new = [spec for spec in specs if spec.email not in existing]
        with transaction.atomic():
            User.objects.bulk_create(
                [
                    User(
                        email=spec.email,
                        full_name=spec.full_name,
                        password=password,
                        language="en",
                        time_zone="UTC",
                    )
                    for spec in new
                ],
                batch_size=500,
            )
            users = dict(
                User.objects.filter(email__in=[spec.email for spec in new]).values_list("email", "id")
            )
            when = timezone.make_aware(datetime.datetime(self.this_year, 1, 15, 9, 0))
            profiles = []
            for spec in new:
                headline = f"{spec.field.capitalize()} specialist"
                profiles.append(
                    TalentProfile(
                        user_id=users[spec.email],
                        headline_en=headline,
                        headline_zh="",
                        nationality=spec.nationality,
                        current_country=spec.current_country,
                        field=spec.field,
                        degree=spec.degree,
                        skills=spec.skills,
                        languages=spec.languages,
                        consent_matching=spec.matching,
                        consent_matching_at=when if spec.matching else None,
                        consent_contact=spec.contact,
                        consent_contact_at=when if spec.contact else None,
                        search_text=search_document(headline, spec.field, " ".join(spec.skills)),
                    )
                )
            TalentProfile.objects.bulk_create(profiles, batch_size=500)
            saved = dict(
                TalentProfile.objects.filter(user_id__in=users.values()).values_list("user_id", "id")
            )
            through = TalentProfile.sectors.through
            through.objects.bulk_create(
                [
                    through(talentprofile_id=saved[users[spec.email]], sector_id=sector_id)
                    for spec in new
                    for sector_id in spec.sectors
                ],
                batch_size=1000,
            )
            ConsentRecord.objects.bulk_create(
                [
                    ConsentRecord(
                        profile_id=saved[users[spec.email]], consent=consent, given=True, recorded_at=when
                    )
                    for spec in new
                    for consent, given in (
                        (ConsentKind.MATCHING, spec.matching),
                        (ConsentKind.CONTACT, spec.contact),
                    )
                    if given
                ],
                batch_size=1000,
            )
        self.created["talents"] = len(new)


def build_demo_directory(
    *, seed: int = 2026, enterprises: int = 3000, stdout: TextIO | None = None
) -> dict[str, int]:
    """Create the demo directory; return how many rows of each sort were added (zero on a second run)."""
    builder = _Builder(seed, stdout)
    with transaction.atomic():
        builder.carriers(240)
        builder.goi_centres()
        carrier_ids = builder.all_ids("carrier") + builder.all_ids("goi")
        builder.stations(carrier_ids)
        builder.investors()
        builder.academia()
    builder.say(f"carriers, stations, investors and universities: {builder.created}")
    builder.enterprises(enterprises, builder.all_ids("carrier"))
    builder.talents(max(30, min(enterprises // 20, 20_000)))
    for key in (
        "carriers",
        "goi_centres",
        "overseas_stations",
        "investors",
        "universities",
        "research_institutes",
        "enterprises",
        "data_reports",
        "talents",
    ):
        builder.created.setdefault(key, 0)
    builder.say(f"demo directory: {builder.created}")
    return builder.created
