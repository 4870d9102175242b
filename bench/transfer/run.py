"""Benchmark: import and export of 100,000 rows of each file type (XLSX and CSV), time and peak memory.

    .venv/bin/python bench/transfer/run.py [--rows 100000] [--types organisations,listings]
        [--baseline-rows 10000] [--database-url URL]

Each phase runs in its own process so its peak resident memory (ru_maxrss) is its own. The baseline,
in the same run, is the obvious approach: load the whole workbook (openpyxl, not read-only) and save
each row on its own inside one transaction — ``Model.objects.create`` for organisations, the app's own
action per row (``do_save_talent_profile``, ``do_add_contact``, ``do_create_listing``,
``do_file_data_report``) for the other types. Those baselines are slow, so they run on
``--baseline-rows`` rows (10,000 by default) and the report scales their time to ``--rows``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DEBUG"] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hatchway.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def phase(
    name: str,
    rows: int,
    workdir: Path,
    database_url: str,
    kind: str = "organisations",
    baseline_rows: int = 0,
) -> dict[str, object]:
    if kind != "organisations":
        return other_phase(name, kind, rows, baseline_rows, workdir, database_url)
    setup_django(database_url)
    from django.core.management import call_command

    from hatchway.accounts.models import User
    from hatchway.directory.actions import do_create_organisation, do_grant_role
    from hatchway.directory.models import Organisation, Role

    call_command("migrate", verbosity=0)
    operator = User.objects.filter(email="bench@example.org").first()
    if operator is None:
        operator = User.objects.create_user("bench@example.org", "bench-password-1")
        office = do_create_organisation(kind="platform", name_en="Bench office", country="CN")
        do_grant_role(operator, Role.OPERATOR, office)
    xlsx = workdir / "orgs.xlsx"
    started = time.perf_counter()
    detail: dict[str, object] = {}
    if name == "generate":
        from openpyxl import Workbook

        kinds = ["enterprise", "carrier", "investor", "university"]
        countries = ["CN", "US", "DE", "SG", "JP", "GB", "FR", "IL"]
        for target, bad_row in ((xlsx, None), (workdir / "bad.xlsx", rows - 1)):
            workbook = Workbook(write_only=True)
            sheet = workbook.create_sheet("data")
            sheet.append(["Kind", "Name (Chinese)", "Name (English)", "Country", "Website"])
            for number in range(rows):
                country = "Atlantis" if number == bad_row else countries[number % 8]
                sheet.append(
                    [
                        kinds[number % 4],
                        f"测试机构{number}",
                        f"Bench Organisation {number}",
                        country,
                        f"https://org{number}.example.com",
                    ]
                )
            workbook.save(target)
        detail["bytes"] = xlsx.stat().st_size
    elif name == "import":
        from hatchway.transfer.engine import import_file
        from hatchway.transfer.spec import get_spec

        Organisation.objects.filter(name_en__startswith="Bench Organisation").delete()
        spec = get_spec("organisations")
        assert spec is not None
        report = import_file(spec, xlsx, "xlsx", operator)
        assert report.written and report.created == rows, (report.error_count, report.errors[:3])
        detail["created"] = report.created
    elif name == "import-one-bad-row":
        from hatchway.transfer.engine import import_file
        from hatchway.transfer.spec import get_spec

        bad = workdir / "bad.xlsx"
        before = Organisation.objects.count()
        spec = get_spec("organisations")
        assert spec is not None
        report = import_file(spec, bad, "xlsx", operator)
        assert not report.written
        assert report.error_count == 1
        assert Organisation.objects.count() == before
        detail["errors"] = report.error_count
    elif name in {"export-xlsx", "export-csv"}:
        from hatchway.transfer.actions import write_export
        from hatchway.transfer.spec import get_spec

        spec = get_spec("organisations")
        assert spec is not None
        target = workdir / f"export.{name[-4:].strip('-')}"
        if name == "export-xlsx":
            with target.open("wb") as handle:
                write_export(spec, operator, "xlsx", handle)
        else:
            with target.open("w", encoding="utf-8", newline="") as handle:
                write_export(spec, operator, "csv", handle)
        detail["bytes"] = target.stat().st_size
    elif name == "baseline-import":
        from django.db import transaction
        from openpyxl import load_workbook

        Organisation.objects.filter(name_en__startswith="Bench Organisation").delete()
        started = time.perf_counter()
        workbook = load_workbook(xlsx)  # whole workbook in memory
        with transaction.atomic():
            for kind, name_zh, name_en, country, website in list(
                workbook.active.iter_rows(min_row=2, values_only=True)
            ):
                Organisation.objects.create(
                    kind=kind, name_zh=name_zh, name_en=name_en, country=country, website=website
                )
        detail["created"] = rows
    seconds = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "phase": name,
        "rows": rows,
        "seconds": round(seconds, 2),
        "peak_rss_mib": round(peak_mib, 1),
        **detail,
    }


# Types other than organisations ------------------------------------------------------------------

YEARS = (2021, 2022, 2023, 2024, 2025)
FIGURES = [
    52000000,
    4800000.5,
    4500000,
    53000000,
    0,
    40000000,
    18000000,
    30000000,
    46000000,
    85.5,
    21,
    2,
    7,
    4,
]
LISTING_KINDS = (
    "funding_ask",
    "technology_offer",
    "technology_need",
    "position",
    "landing_ask",
    "investment_thesis",
    "landing_offer",
    "talent_profile",
)
HEADERS = {
    "talents": [
        "E-mail address",
        "Headline (English)",
        "Nationality",
        "Current country",
        "Field",
        "Sectors",
        "Highest degree",
        "Skills",
        "Languages",
        "Agrees to be matched",
    ],
    "contacts": ["Organisation ID", "Name", "Title (English)", "E-mail address", "Phone", "Visible to"],
    "listings": [
        "Kind",
        "Owner organisation ID",
        "Owner person's e-mail",
        "Title (English)",
        "Title (Chinese)",
        "Sectors",
        "Countries",
        "Amount from",
        "Amount up to",
        "Currency",
        "Languages",
        "Status",
        "Attributes",
    ],
    "data_reports": [
        "Enterprise ID",
        "Fiscal year",
        "Quarter",
        "Sales revenue (yuan)",
        "R&D expense (yuan)",
        "R&D expense incurred in China (yuan)",
        "Total income (yuan)",
        "Non-taxable income (yuan)",
        "High-tech product and service income (yuan)",
        "Net assets at year end (yuan)",
        "Total assets at year end (yuan)",
        "Total cost and expense (yuan)",
        "Employees (monthly average)",
        "Technical staff (monthly average)",
        "Class I intellectual property",
        "Class II intellectual property",
        "Staff working overseas",
    ],
}
LISTING_ATTRIBUTES = {
    "funding_ask": "round=seed; equity_percent=10",
    "technology_offer": "trl=6; transfer_modes=licence, joint_development",
    "technology_need": "minimum_trl=4",
    "position": "seniority=senior; remote=hybrid",
    "landing_ask": "headcount=5; services=office_space, visas_residence",
    "investment_thesis": "fund_type=usd_fund; rounds=seed, series_a",
    "landing_offer": "space_m2=300; rent_free_months=6",
    "talent_profile": "degree=phd; years_experience=6",
}

# The same attributes as the action takes them, for the baseline.
LISTING_ATTRIBUTE_VALUES: dict[str, dict[str, object]] = {
    "funding_ask": {"round": "seed", "equity_percent": 10},
    "technology_offer": {"trl": 6, "transfer_modes": ["licence", "joint_development"]},
    "technology_need": {"minimum_trl": 4},
    "position": {"seniority": "senior", "remote": "hybrid"},
    "landing_ask": {"headcount": 5, "services": ["office_space", "visas_residence"]},
    "investment_thesis": {"fund_type": "usd_fund", "rounds": ["seed", "series_a"]},
    "landing_offer": {"space_m2": 300, "rent_free_months": 6},
    "talent_profile": {"degree": "phd", "years_experience": 6},
}


def bench_world(rows: int) -> dict[str, list[int]]:
    """The organisations and people that rows refer to, created once per database (bulk, no checks)."""
    from hatchway.accounts.models import User
    from hatchway.directory.actions import do_create_organisation, do_grant_role
    from hatchway.directory.models import Membership, Organisation, Role

    operator = User.objects.filter(email="bench@example.org").first()
    if operator is None:
        operator = User.objects.create_user("bench@example.org", "bench-password-1")
        office = do_create_organisation(kind="platform", name_en="Bench office", country="CN")
        do_grant_role(operator, Role.OPERATOR, office)
    enterprises = max(1, rows // len(YEARS))
    existing = Organisation.objects.filter(ref__startswith="bench-").count()
    if existing == 0:
        batch = []
        for number in range(enterprises):
            organisation = Organisation(
                kind="enterprise",
                name_en=f"Bench Enterprise {number}",
                name_zh=f"测试企业{number}",
                country="CN",
            )
            organisation.ref = f"bench-e{number}"
            organisation.refresh_search_text()
            batch.append(organisation)
        for kind in ("investor", "carrier"):
            for number in range(200):
                organisation = Organisation(kind=kind, name_en=f"Bench {kind} {number}", country="CN")
                organisation.ref = f"bench-{kind[0]}{number}"
                organisation.refresh_search_text()
                batch.append(organisation)
        Organisation.objects.bulk_create(batch, batch_size=2000)
        User.objects.bulk_create(
            [User(email=f"talent{number}@bench.example.org", password="!") for number in range(rows)],
            batch_size=2000,
        )
        talent_ids = User.objects.filter(email__endswith="@bench.example.org").values_list("pk", flat=True)
        Membership.objects.bulk_create(
            [Membership(user_id=pk, role=Role.TALENT) for pk in talent_ids], batch_size=2000
        )

    def ids(prefix: str) -> list[int]:
        return list(
            Organisation.objects.filter(ref__startswith=prefix).order_by("pk").values_list("pk", flat=True)
        )

    return {"enterprise": ids("bench-e"), "investor": ids("bench-i"), "carrier": ids("bench-c")}


def generated_row(kind: str, number: int, world: dict[str, list[int]], bad: bool = False) -> list[object]:
    enterprises = world["enterprise"]
    if kind == "talents":
        return [
            f"talent{number}@bench.example.org",
            f"Bench engineer {number}",
            "Atlantis" if bad else ("DE", "US", "SG", "JP")[number % 4],
            "CN",
            "Power electronics",
            "integrated_circuits",
            "master",
            "PCB design, Python",
            "en, de",
            "yes" if number % 2 else "no",
        ]
    if kind == "contacts":
        return [
            enterprises[number % len(enterprises)],
            f"Bench Person {number}",
            "CEO",
            "not-an-address" if bad else f"person{number}@bench.example.org",
            "+86 21 5080 0000",
            "private",
        ]
    if kind == "listings":
        listing_kind = LISTING_KINDS[number % len(LISTING_KINDS)]
        owners = world[
            "investor"
            if listing_kind == "investment_thesis"
            else "carrier"
            if listing_kind == "landing_offer"
            else "enterprise"
        ]
        talent = listing_kind == "talent_profile"
        return [
            listing_kind,
            "" if talent else owners[number % len(owners)],
            f"talent{number}@bench.example.org" if talent else "",
            f"Bench listing {number}",
            f"测试信息{number}",
            "integrated_circuits",
            "Atlantis" if bad else "DE, CN",
            100000,
            500000,
            "EUR",
            "en, zh",
            "published" if number % 3 else "draft",
            LISTING_ATTRIBUTES[listing_kind],
        ]
    enterprise = enterprises[(number // len(YEARS)) % len(enterprises)]
    figures: list[object] = [*FIGURES]
    if bad:
        figures[0] = "12,5万"
    return [enterprise, YEARS[number % len(YEARS)], "", *figures]


def reset(kind: str) -> None:
    """Remove what an earlier import of this type left, so each import starts from the same state."""
    from hatchway.directory.models import ContactPerson, DataReport, Organisation, TalentProfile
    from hatchway.listings.models import Listing

    bench = Organisation.objects.filter(ref__startswith="bench-")
    if kind == "talents":
        TalentProfile.objects.filter(user__email__endswith="@bench.example.org").delete()
    elif kind == "contacts":
        ContactPerson.objects.filter(organisation__in=bench).delete()
    elif kind == "listings":
        Listing.objects.filter(owner_organisation__in=bench).delete()
        Listing.objects.filter(owner_user__email__endswith="@bench.example.org").delete()
    else:
        DataReport.objects.filter(enterprise__in=bench).delete()


def baseline(kind: str, path: Path, limit: int) -> int:
    """The obvious import: the whole workbook in memory, then the app's action row by row."""
    from django.db import transaction
    from openpyxl import load_workbook

    from hatchway.accounts.models import User
    from hatchway.directory.actions import do_add_contact, do_file_data_report, do_save_talent_profile
    from hatchway.directory.models import Organisation
    from hatchway.listings.actions import do_create_listing, do_publish_listing

    workbook = load_workbook(path)  # whole workbook in memory
    rows = list(workbook.active.iter_rows(min_row=2, max_row=limit + 1, values_only=True))
    with transaction.atomic():
        for row in rows:
            if kind == "talents":
                user = User.objects.get(email=row[0])
                do_save_talent_profile(
                    user,
                    headline_en=row[1],
                    nationality=row[2],
                    current_country=row[3],
                    field=row[4],
                    degree=row[6],
                    skills=row[7].split(", "),
                    languages=row[8].split(", "),
                    consent_matching=row[9] == "yes",
                )
            elif kind == "contacts":
                do_add_contact(
                    Organisation.objects.get(pk=row[0]),
                    name=row[1],
                    title_en=row[2],
                    email=row[3],
                    phone=row[4],
                )
            elif kind == "listings":
                owner_user = User.objects.get(email=row[2]) if row[2] else None
                owner = Organisation.objects.get(pk=row[1]) if row[1] else None
                listing = do_create_listing(
                    kind=row[0],
                    owner_organisation=owner,
                    owner_user=owner_user,
                    title_en=row[3],
                    title_zh=row[4],
                    sectors=[row[5]],
                    countries=row[6].split(", "),
                    amount_min=row[7] * 100,
                    amount_max=row[8] * 100,
                    currency=row[9],
                    languages=row[10].split(", "),
                    attributes=LISTING_ATTRIBUTE_VALUES[row[0]],
                )
                if row[11] == "published":
                    do_publish_listing(listing)
            else:
                names = [
                    "sales_revenue_fen",
                    "rd_expense_fen",
                    "rd_expense_domestic_fen",
                    "income_total_fen",
                    "non_taxable_income_fen",
                    "high_tech_income_fen",
                    "net_assets_fen",
                    "total_assets_fen",
                    "total_cost_expense_fen",
                ]
                figures = {name: round(value * 100) for name, value in zip(names, row[3:12], strict=True)}
                do_file_data_report(
                    Organisation.objects.get(pk=row[0]),
                    fiscal_year=row[1],
                    employees_avg=row[12],
                    tech_staff_avg=row[13],
                    ip_class_i_count=row[14],
                    ip_class_ii_count=row[15],
                    overseas_staff_count=row[16],
                    **figures,
                )
    return len(rows)


def other_phase(
    name: str, kind: str, rows: int, baseline_rows: int, workdir: Path, database_url: str
) -> dict[str, object]:
    setup_django(database_url)
    from django.core.management import call_command

    from hatchway.accounts.models import User

    call_command("migrate", verbosity=0)
    world = bench_world(rows)
    operator = User.objects.get(email="bench@example.org")
    good = workdir / f"{kind}.xlsx"
    bad = workdir / f"{kind}-bad.xlsx"
    detail: dict[str, object] = {}
    started = time.perf_counter()
    if name == "generate":
        from openpyxl import Workbook

        for target, bad_row in ((good, None), (bad, rows - 1)):
            workbook = Workbook(write_only=True)
            sheet = workbook.create_sheet("data")
            sheet.append(HEADERS[kind])
            for number in range(rows):
                sheet.append(generated_row(kind, number, world, bad=number == bad_row))
            workbook.save(target)
        detail["bytes"] = good.stat().st_size
    elif name in {"import", "import-one-bad-row"}:
        from hatchway.transfer.engine import import_file
        from hatchway.transfer.spec import get_spec

        spec = get_spec(kind)
        assert spec is not None
        if name == "import":
            reset(kind)
            started = time.perf_counter()
            report = import_file(spec, good, "xlsx", operator)
            assert report.written and report.created == rows, (report.error_count, report.errors[:3])
            detail["created"] = report.created
        else:
            report = import_file(spec, bad, "xlsx", operator)
            assert not report.written and report.error_count == 1, report.errors[:3]
            detail["errors"] = report.error_count
    elif name in {"export-xlsx", "export-csv"}:
        from hatchway.transfer.actions import write_export
        from hatchway.transfer.spec import get_spec

        spec = get_spec(kind)
        assert spec is not None
        target = workdir / f"{kind}-export.{name.split('-')[1]}"
        if name == "export-xlsx":
            with target.open("wb") as handle:
                write_export(spec, operator, "xlsx", handle)
        else:
            with target.open("w", encoding="utf-8", newline="") as handle:
                write_export(spec, operator, "csv", handle)
        detail["bytes"] = target.stat().st_size
    elif name == "baseline-import":
        reset(kind)
        started = time.perf_counter()
        done = baseline(kind, good, min(rows, baseline_rows))
        detail["created"] = done
        detail["measured_rows"] = done
        elapsed = time.perf_counter() - started
        detail["scaled_seconds"] = round(elapsed * rows / max(1, done), 1)
    seconds = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "type": kind,
        "phase": name,
        "rows": rows,
        "seconds": round(seconds, 2),
        "peak_rss_mib": round(peak_mib, 1),
        **detail,
    }


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GiB RAM, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument(
        "--types",
        default="organisations,talents,contacts,listings,data_reports",
        help="Comma-separated file types to measure.",
    )
    parser.add_argument("--baseline-rows", type=int, default=10_000)
    parser.add_argument(
        "--phases",
        default="generate,import,import-one-bad-row,export-xlsx,export-csv,baseline-import",
        help="Comma-separated phases to run for each type (the default: all).",
    )
    parser.add_argument("--type", default="organisations")
    parser.add_argument("--database-url")
    parser.add_argument("--phase")
    parser.add_argument("--workdir")
    args = parser.parse_args()
    if args.phase:
        print(
            json.dumps(
                phase(
                    args.phase,
                    args.rows,
                    Path(args.workdir),
                    args.database_url,
                    args.type,
                    args.baseline_rows,
                )
            )
        )
        return
    workdir = Path(tempfile.mkdtemp(prefix="hatchway-bench-"))
    database_url = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    print(f"machine: {machine()}")
    print(f"database: {database_url.split('@')[-1]}")
    results = []
    for kind in args.types.split(","):
        for name in args.phases.split(","):
            completed = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--phase",
                    name,
                    "--type",
                    kind,
                    "--rows",
                    str(args.rows),
                    "--baseline-rows",
                    str(args.baseline_rows),
                    "--workdir",
                    str(workdir),
                    "--database-url",
                    database_url,
                ],
                capture_output=True,
                text=True,
            )
            if completed.returncode != 0:
                print(completed.stderr[-3000:], file=sys.stderr)
                completed.check_returncode()
            result = json.loads(completed.stdout.strip().splitlines()[-1])
            result.setdefault("type", kind)
            results.append(result)
            scaled = (
                f"  (measured on {result['measured_rows']} rows; scaled {result['scaled_seconds']} s)"
                if "measured_rows" in result
                else ""
            )
            print(
                f"{kind:<14} {result['phase']:<20} {result['rows']:>8} rows {result['seconds']:>8.2f} s  "
                f"peak {result['peak_rss_mib']:>7.1f} MiB{scaled}",
                flush=True,
            )
    print(json.dumps(results))


if __name__ == "__main__":
    main()
