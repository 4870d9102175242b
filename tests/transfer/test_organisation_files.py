"""Importing and exporting organisations as XLSX and CSV: checked first, all rows or none."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook

from hatchway.directory.models import Organisation
from hatchway.transfer.models import ImportJob, ImportStatus
from tests.conftest import ApiClient, make_organisation

pytestmark = pytest.mark.django_db

ZH_HEADER = ["类型", "中文名称", "英文名称", "国家或地区", "网站"]
EN_HEADER = ["Kind", "Name (Chinese)", "Name (English)", "Country", "Website"]


def xlsx(rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def upload(django_capture_on_commit_callbacks):
    """Post a file on the import page and run the queued job, as the background worker would."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    def post(client, content: bytes, name: str = "orgs.xlsx", dry_run: bool = False, language: str = "en"):
        data: dict[str, Any] = {"file": SimpleUploadedFile(name, content)}
        if dry_run:
            data["dry_run"] = "on"
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/transfer/organisations/import/", data, headers={"Accept-Language": language})

    return post


def test_an_operator_imports_a_workbook_with_chinese_headers(upload, operator, client_as):
    before = Organisation.objects.count()
    content = xlsx(
        [
            ZH_HEADER,
            ["企业", "赫利克斯生物", "Helix Bio GmbH", "德国", "https://helix.example.de"],
            ["科创载体", "张江孵化器", "", "CN", ""],
        ]
    )
    response = upload(client_as(operator), content)
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert (job.status, job.created_count, job.error_count) == (ImportStatus.DONE, 2, 0)
    assert Organisation.objects.count() == before + 2
    helix = Organisation.objects.get(name_en="Helix Bio GmbH")
    assert (helix.kind, helix.country, helix.name_zh) == ("enterprise", "DE", "赫利克斯生物")


def test_one_bad_row_writes_nothing_and_every_bad_cell_is_located_and_explained(upload, operator, client_as):
    before = Organisation.objects.count()
    content = xlsx(
        [
            EN_HEADER,
            ["enterprise", "", "Good Co", "US", ""],
            ["spaceship", "", "Bad Kind Co", "US", ""],
            ["enterprise", "", "Bad Country Co", "Atlantis", ""],
            ["investor", "", "Bad Site Fund", "CN", "not a site"],
            ["enterprise", "", "", "CN", ""],
        ]
    )
    client = client_as(operator)
    upload(client, content)
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.REJECTED
    assert Organisation.objects.count() == before
    located = {(error["row"], error["column"]) for error in job.errors}
    assert located == {(3, "Kind"), (4, "Country"), (5, "Website"), (6, "Name (Chinese)")}
    country_error = next(error for error in job.errors if error["row"] == 4)
    assert country_error["value"] == "Atlantis"
    assert "Write the ISO code" in country_error["message"]
    page = client.get(f"/transfer/imports/{job.pk}/", headers={"Accept-Language": "en"}).content.decode()
    assert "Atlantis" in page
    assert "nothing was written" in page


def test_errors_are_written_in_the_importers_language(upload, operator, client_as):
    operator.language = "zh-hans"
    operator.save()
    upload(
        client_as(operator), xlsx([EN_HEADER, ["enterprise", "", "X", "Atlantis", ""]]), language="zh-hans"
    )
    message = ImportJob.objects.get().errors[0]
    assert message["column"] == "国家或地区"
    assert any("\u4e00" <= char <= "\u9fff" for char in message["message"])


def test_a_missing_required_column_rejects_the_whole_file_and_names_it(upload, operator, client_as):
    upload(client_as(operator), xlsx([["Name (English)", "Website"], ["Lonely Co", ""]]))
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.REJECTED
    assert "Kind" in job.failure
    assert "Country" in job.failure


def test_a_file_that_is_not_a_workbook_is_refused_with_advice(upload, operator, client_as):
    upload(client_as(operator), b"this is not a spreadsheet", name="orgs.xlsx")
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.REJECTED
    assert "Save it again as .xlsx" in job.failure


def test_a_pdf_is_refused_before_anything_is_stored(upload, operator, client_as):
    response = upload(client_as(operator), b"%PDF-1.4", name="orgs.pdf")
    assert response.status_code == 422
    assert not ImportJob.objects.exists()


def test_a_dry_run_checks_and_previews_but_writes_nothing(upload, operator, client_as):
    before = Organisation.objects.count()
    upload(client_as(operator), xlsx([EN_HEADER, ["enterprise", "", "Preview Co", "JP", ""]]), dry_run=True)
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.CHECKED
    assert job.preview[0]["name_en"] == "Preview Co"
    assert Organisation.objects.count() == before


def test_only_operators_may_import_organisations(upload, founder, client_as):
    response = upload(client_as(founder), xlsx([EN_HEADER, ["enterprise", "", "Sneaky Co", "CN", ""]]))
    assert response.status_code == 403
    assert not Organisation.objects.filter(name_en="Sneaky Co").exists()


def test_an_export_imports_back_unchanged(upload, operator, client_as):
    make_organisation(
        name_en="Round Trip GmbH", name_zh="往返公司", country="DE", website="https://rt.example.de"
    )
    client = client_as(operator)
    exported = client.get("/transfer/organisations/export.xlsx")
    assert exported.status_code == 200
    content = b"".join(exported.streaming_content) if exported.streaming else exported.content
    snapshot = sorted(
        Organisation.objects.values_list("pk", "kind", "name_zh", "name_en", "country", "website")
    )
    upload(client, content, name="export.xlsx")
    job = ImportJob.objects.get()
    assert (job.status, job.created_count, job.updated_count) == (ImportStatus.DONE, 0, len(snapshot))
    assert (
        sorted(Organisation.objects.values_list("pk", "kind", "name_zh", "name_en", "country", "website"))
        == snapshot
    )


def test_a_csv_export_round_trips_too_and_reads_back_in_excel_encoding(upload, operator, client_as, tmp_path):
    make_organisation(name_en="CSV Co", name_zh="逗号公司", country="CN")
    client = client_as(operator)
    exported = b"".join(client.get("/transfer/organisations/export.csv").streaming_content)
    assert exported.startswith(b"\xef\xbb\xbf")
    gb = exported.decode("utf-8-sig").encode("gb18030")
    upload(client, gb, name="export.csv")
    assert ImportJob.objects.get().status == ImportStatus.DONE
    assert Organisation.objects.filter(name_zh="逗号公司").count() == 1


def test_members_export_only_their_own_organisations(founder, client_as):
    make_organisation(name_en="Someone Else Ltd")
    content = client_as(founder).get("/transfer/organisations/export.xlsx").getvalue()
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert len(rows) == 2
    assert "Someone Else Ltd" not in {row[3] for row in rows}


def test_the_template_has_the_header_in_the_viewers_language_and_a_help_sheet(stranger, client_as):
    stranger.language = "zh-hans"
    stranger.save()
    content = client_as(stranger).get("/transfer/organisations/template.xlsx").getvalue()
    workbook = load_workbook(io.BytesIO(content))
    assert [cell.value for cell in workbook["data"][1]] == ["编号", *ZH_HEADER]
    assert workbook["data"].max_row == 1
    assert workbook["help"].max_row == 7


def test_the_api_imports_and_reports_the_job(operator, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    api = ApiClient(operator)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.client.post(
            "/api/v1/transfer/organisations/imports",
            {"file": SimpleUploadedFile("o.xlsx", xlsx([EN_HEADER, ["investor", "", "API Fund", "SG", ""]]))},
            headers={"Authorization": f"Bearer {api.key}"},
        )
    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "queued"
    finished = api.get(f"/transfer/imports/{body['id']}").json()
    assert (finished["status"], finished["created_count"], finished["percent"]) == ("done", 1, 100)


def test_nobody_sees_someone_elses_import(operator, founder):
    job = ImportJob.objects.create(
        spec="organisations", original_name="x.xlsx", file_format="xlsx", created_by=operator
    )
    assert ApiClient(founder).get(f"/transfer/imports/{job.pk}").status_code == 404


def test_the_command_line_imports_all_or_nothing(operator, tmp_path: Path):
    good = tmp_path / "good.xlsx"
    good.write_bytes(xlsx([EN_HEADER, ["university", "复旦大学", "Fudan University", "CN", ""]]))
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(
        xlsx([EN_HEADER, ["university", "", "Ok U", "CN", ""], ["university", "", "Bad U", "Narnia", ""]])
    )
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_data", "organisations", str(bad), "--as", operator.email)
    assert not Organisation.objects.filter(name_en="Ok U").exists()
    call_command("import_data", "organisations", str(good), "--as", operator.email)
    assert Organisation.objects.filter(name_en="Fudan University").exists()


def test_an_imported_change_is_searchable_and_stamped_like_a_change_on_the_page(
    upload, operator, client_as, time_machine
):
    time_machine.move_to("2026-03-02 09:00:00+08:00", tick=False)
    firm = make_organisation(name_en="Old Name GmbH", country="DE")
    time_machine.move_to("2026-03-05 09:00:00+08:00", tick=False)
    content = xlsx([["ID", *EN_HEADER], [firm.pk, "enterprise", "", "Quantum Lattice GmbH", "DE", ""]])
    assert upload(client_as(operator), content).status_code == 302
    firm.refresh_from_db()
    assert firm.updated_at.date().isoformat() == "2026-03-05"
    assert list(Organisation.objects.search("Quantum Lattice")) == [firm]
