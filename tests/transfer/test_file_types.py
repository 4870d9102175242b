"""Every file type is listed, has a template in both languages, and works from the command line."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from hatchway.directory.models import DataReport, Membership
from tests.conftest import ApiClient
from tests.transfer.conftest import xlsx

pytestmark = pytest.mark.django_db

TYPES = ["organisations", "talents", "contacts", "listings", "data_reports", "flows", "currency_rates"]


def test_the_overview_page_and_the_api_list_every_type_with_who_may_import_it(founder, client_as):
    page = client_as(founder).get("/transfer/", headers={"Accept-Language": "en"}).content.decode()
    for name in TYPES:
        assert f'data-type="{name}"' in page
    assert "/transfer/listings/import/" in page  # a member imports their organisation's listings
    assert "/transfer/organisations/import/" not in page
    types = ApiClient(founder).get("/transfer/types", **{"Accept-Language": "en"}).json()["items"]
    assert [entry["name"] for entry in types] == TYPES
    talents = next(entry for entry in types if entry["name"] == "talents")
    assert (talents["may_import"], talents["may_export"]) == (False, False)
    assert "operators" in talents["importers"]


@pytest.mark.parametrize("name", TYPES)
def test_each_template_has_a_header_in_chinese_and_a_help_sheet(name, stranger, client_as):
    stranger.language = "zh-hans"
    stranger.save()
    workbook = load_workbook(
        io.BytesIO(client_as(stranger).get(f"/transfer/{name}/template.xlsx").getvalue())
    )
    header = [cell.value for cell in workbook["data"][1]]
    assert all(any("\u4e00" <= char <= "\u9fff" for char in title) for title in header)
    assert workbook["help"].max_row == len(header) + 1


def test_the_command_line_imports_and_exports_the_new_types(operator, founder, tmp_path: Path, capsys):
    firm = Membership.objects.filter(user=founder).get().organisation
    assert firm is not None
    source = tmp_path / "reports.xlsx"
    source.write_bytes(xlsx([["Enterprise ID", "Fiscal year"], [firm.pk, 2024]]))
    # The command line speaks Chinese unless told otherwise.
    with pytest.raises(Exception, match="销售收入（元）"):
        call_command("import_data", "data_reports", str(source), "--as", operator.email)
    template = tmp_path / "template.xlsx"
    call_command("export_data", "data_reports", "--template", "-o", str(template), "--lang", "en")
    header = [cell.value for cell in load_workbook(template)["data"][1]]
    figures = [1000, 10, 10, 1000, 0, 500, 100, 900, 800, 5, 2, 0, 1, 0]
    source.write_bytes(xlsx([header, [firm.pk, 2024, "", *figures]]))
    call_command("import_data", "data_reports", str(source), "--as", operator.email, "--format", "json")
    outcome = json.loads(capsys.readouterr().out)
    assert (outcome["created"], outcome["written"]) == (1, True)
    assert DataReport.objects.get(enterprise=firm).sales_revenue_fen == 100000
    exported = tmp_path / "out.csv"
    call_command("export_data", "data_reports", "--as", operator.email, "-o", str(exported), "--lang", "en")
    assert exported.read_text(encoding="utf-8-sig").splitlines()[1].startswith(f"{firm.pk},2024,,1000,10,")
    with pytest.raises(Exception, match="personal data"):
        call_command("export_data", "talents", "--as", founder.email, "-o", str(tmp_path / "t.csv"))
