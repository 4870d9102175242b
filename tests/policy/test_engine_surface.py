"""The policy engine's public surface: code outside the engine imports only what its ``__init__`` exports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import hatchway.policy.engine as engine

ROOT = Path(__file__).resolve().parents[2]
ENGINE = ROOT / "hatchway" / "policy" / "engine"
PRIVATE = "hatchway.policy.engine._"


def private_imports(path: Path) -> list[str]:
    """``module:line`` of every import of a private engine module in ``path``."""
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        else:
            continue
        found.extend(f"{name}:{node.lineno}" for name in names if name.startswith(PRIVATE))
    return found


def outside_the_engine() -> list[Path]:
    return [
        path
        for folder in ("hatchway", "bench")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if ENGINE not in path.parents and "migrations" not in path.parts
    ]


def test_the_scan_sees_a_private_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("from hatchway.policy.engine import _compiled\nimport hatchway.policy.engine._rules\n")
    assert private_imports(sample) == [
        "hatchway.policy.engine._compiled:1",
        "hatchway.policy.engine._rules:2",
    ]


def test_no_module_outside_the_engine_imports_its_private_modules():
    offenders = {
        str(path.relative_to(ROOT)): found
        for path in outside_the_engine()
        if (found := private_imports(path))
    }
    assert offenders == {}


@pytest.mark.parametrize("name", engine.__all__)
def test_every_exported_name_exists(name):
    assert getattr(engine, name) is not None
