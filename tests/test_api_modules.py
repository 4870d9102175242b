"""The API's modules: the kit imports no router, so any app's api module can be imported first."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "hatchway"
API_MODULES = sorted(
    ".".join(path.relative_to(ROOT).with_suffix("").parts) for path in PACKAGE.glob("*/api*.py")
)


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_every_app_has_an_api_module_to_check():
    assert "hatchway.accounts.api" in API_MODULES
    assert len(API_MODULES) >= 10


@pytest.mark.parametrize("module", API_MODULES)
def test_an_apps_api_module_can_be_imported_first(module):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "hatchway.settings", "HATCHWAY_TESTING": "1"}
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); import {module}"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_the_kit_imports_no_apps_api_module():
    imported = imported_modules(PACKAGE / "api.py")
    assert not {name for name in imported if name.startswith("hatchway.") and ".api" in name}, imported


def test_only_the_url_configuration_imports_the_composed_api():
    importers = sorted(
        str(path.relative_to(ROOT))
        for path in PACKAGE.rglob("*.py")
        if any(name.startswith("hatchway.api_v1") for name in imported_modules(path))
    )
    assert importers == ["hatchway/urls.py"]
