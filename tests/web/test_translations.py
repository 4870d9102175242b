"""Every string a person reads exists in Simplified Chinese and English."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from hatchway.i18n import catalogues, problems

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "hatchway" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def test_there_is_a_simplified_chinese_catalogue():
    assert CATALOGUE in catalogues()


def test_the_chinese_catalogue_has_no_untranslated_or_fuzzy_entry():
    assert [str(problem) for problem in problems(CATALOGUE)] == []


def test_the_catalogue_holds_every_string_marked_in_the_code(tmp_path):
    """Extract the strings afresh and compare, so nothing marked is missing from the catalogue."""
    if shutil.which("xgettext") is None:
        pytest.fail("xgettext is missing: install Debian's gettext (scripts/ensure-system-deps.sh does).")
    work = tmp_path / "src"
    shutil.copytree(
        ROOT / "hatchway", work / "hatchway", ignore=shutil.ignore_patterns("static", "__pycache__")
    )
    (work / "hatchway" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po").unlink()
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "--locale", "zh_Hans", "--no-location", "--no-wrap"],
        cwd=work / "hatchway",
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "", "HOME": str(tmp_path)},
    )
    with (work / "hatchway" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po").open("rb") as handle:
        fresh = {
            message.id if isinstance(message.id, str) else message.id[0]
            for message in read_po(handle)
            if message.id
        }
    with CATALOGUE.open("rb") as handle:
        stored = {
            message.id if isinstance(message.id, str) else message.id[0]
            for message in read_po(handle)
            if message.id
        }
    missing = sorted(fresh - stored)
    assert missing == [], "Run `make messages` and translate: " + "; ".join(missing[:10])


def test_the_compiled_catalogue_translates_at_run_time():
    from django.utils import translation

    with translation.override("zh-hans"):
        assert translation.gettext("Sign in") != "Sign in"
    with translation.override("en"):
        assert translation.gettext("Sign in") == "Sign in"
