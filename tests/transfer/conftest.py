import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from tests.conftest import ApiClient, make_operator


@pytest.fixture
def operator(db):
    """An operator who reads English, so messages can be compared with the English source text."""
    return make_operator(language="en")


def xlsx(rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_xlsx(content: bytes) -> list[tuple[Any, ...]]:
    return list(load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True))


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def api_import(django_capture_on_commit_callbacks):
    """Import a file through the API as ``user`` and run the job as the worker would; return the job."""

    def run(user, spec: str, content: bytes, *, name: str = "file.xlsx", dry_run: bool = False) -> Any:
        api = ApiClient(user)
        with django_capture_on_commit_callbacks(execute=True):
            response = api.client.post(
                f"/api/v1/transfer/{spec}/imports",
                {"file": SimpleUploadedFile(name, content), "dry_run": "true" if dry_run else "false"},
                headers={"Authorization": f"Bearer {api.key}", "Accept-Language": "en"},
            )
        if response.status_code != 202:
            return response
        return api.get(f"/transfer/imports/{response.json()['id']}").json()

    return run


@pytest.fixture
def api_export():
    """Export a type through the API as ``user``; return the response."""

    def run(user, spec: str, file_format: str = "xlsx") -> Any:
        return ApiClient(user).get(
            f"/transfer/{spec}/export?format={file_format}", **{"Accept-Language": "en"}
        )

    return run
