"""The PDF report never fails for want of a font: any embeddable CJK font, else the built-in one."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
import reportlab
from pypdf import PdfReader

from hatchway.reports import checks, yearly
from hatchway.reports.fonts import BUILT_IN_FONT, choose_font, find_font, is_embeddable
from hatchway.reports.yearly import build_yearly_report, render
from tests.reports.test_yearly_report import HEADINGS, demo  # noqa: F401 (the fixture)

# reportlab ships this TrueType font itself, so every machine has one embeddable file to test with.
VERA = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"


@pytest.fixture
def no_cjk_font(monkeypatch):
    """A machine like one with only Noto CJK (CFF outlines, which reportlab cannot embed)."""
    fallback = choose_font("", [])
    monkeypatch.setattr(yearly, "find_font", lambda configured: fallback)
    monkeypatch.setattr(checks, "find_font", lambda configured: fallback)
    return fallback


def font_names(pdf: bytes) -> list[str]:
    resources: Any = PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]
    return [str(font.get_object()["/BaseFont"]).lstrip("/") for font in resources["/Font"].values()]


def test_the_configured_font_comes_before_the_ones_found_on_the_machine():
    assert is_embeddable(VERA)
    choice = choose_font(str(VERA), ["/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"])
    assert choice.path == VERA
    assert choice.embedded


def test_a_missing_or_unreadable_font_file_is_passed_over(tmp_path):
    not_a_font = tmp_path / "NotoSansCJK-Regular.ttc"
    not_a_font.write_bytes(b"OTTO" + bytes(200))  # what a CFF font's header looks like, and nothing more
    assert not is_embeddable(not_a_font)
    choice = choose_font(str(tmp_path / "missing.ttf"), [str(not_a_font)])
    assert choice.path is None
    assert choice.name == BUILT_IN_FONT


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_without_an_embeddable_font_the_report_uses_the_built_in_one_and_its_text_reads(
    demo,  # noqa: F811
    no_cjk_font,
    lang,
):
    pdf = render(build_yearly_report(2024, lang), "pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    for heading in HEADINGS[lang]:
        assert heading in text
    assert BUILT_IN_FONT in font_names(pdf)


@pytest.mark.django_db
def test_the_report_page_answers_with_a_pdf_without_an_embeddable_font(
    demo,  # noqa: F811
    no_cjk_font,
    operator,
    client_as,
):
    response = client_as(operator).get("/reports/yearly/?year=2024&lang=zh&format=pdf&carrier=")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "一、总体情况" in PdfReader(io.BytesIO(response.content)).pages[0].extract_text()


def test_check_deploy_warns_when_no_font_can_be_embedded(no_cjk_font):
    [warning] = checks.check_cjk_font()
    assert warning.id == "reports.W001"
    assert "HATCHWAY_CJK_FONT" in str(warning.hint)


def test_check_deploy_is_quiet_when_a_font_can_be_embedded(monkeypatch):
    monkeypatch.setattr(checks, "find_font", lambda configured: choose_font(str(VERA), []))
    assert checks.check_cjk_font() == []


def test_the_machine_font_is_looked_up_once_per_process():
    assert find_font("") is find_font("")
