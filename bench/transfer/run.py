"""Benchmark: import and export of 100,000 organisations (XLSX and CSV), time and peak memory.

    .venv/bin/python bench/transfer/run.py [--rows 100000] [--database-url URL]

Each phase runs in its own process so its peak resident memory (ru_maxrss) is its own. The baseline,
in the same run, is the obvious approach: load the whole workbook (openpyxl, not read-only) and save
each row with Model.objects.create inside one transaction.
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


def phase(name: str, rows: int, workdir: Path, database_url: str) -> dict[str, object]:
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
    parser.add_argument("--database-url")
    parser.add_argument("--phase")
    parser.add_argument("--workdir")
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(phase(args.phase, args.rows, Path(args.workdir), args.database_url)))
        return
    workdir = Path(tempfile.mkdtemp(prefix="hatchway-bench-"))
    database_url = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    print(f"machine: {machine()}")
    print(f"database: {database_url.split('@')[-1]}")
    results = []
    for name in ["generate", "import", "import-one-bad-row", "export-xlsx", "export-csv", "baseline-import"]:
        output = (
            subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--phase",
                    name,
                    "--rows",
                    str(args.rows),
                    "--workdir",
                    str(workdir),
                    "--database-url",
                    database_url,
                ],
                check=True,
                capture_output=True,
                text=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        result = json.loads(output)
        results.append(result)
        print(
            f"{result['phase']:<20} {result['rows']:>8} rows {result['seconds']:>8.2f} s  peak {result['peak_rss_mib']:>7.1f} MiB"
        )
    print(json.dumps(results))


if __name__ == "__main__":
    main()
