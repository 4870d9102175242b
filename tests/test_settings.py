"""Settings come from the environment, and a bad value stops the start with a clear message."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from hatchway.env import EnvReader

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("yes", True), ("TRUE", True), ("0", False), ("off", False)]
)
def test_yes_no_values_are_read_in_their_usual_spellings(raw, expected):
    assert EnvReader({"DEBUG": raw}).boolean("DEBUG", default=not expected) is expected


def test_a_yes_no_value_that_is_neither_fails_and_says_what_to_write():
    with pytest.raises(ImproperlyConfigured, match=r"DEBUG='maybe' is not a yes/no value. Write 1 or 0"):
        EnvReader({"DEBUG": "maybe"}).boolean("DEBUG", default=False)


def test_a_port_that_is_not_a_number_fails_loudly():
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT='25a' is not a whole number"):
        EnvReader({"EMAIL_PORT": "25a"}).integer("EMAIL_PORT", default=25)


def test_lists_are_comma_separated_and_blank_items_dropped():
    assert EnvReader({"ALLOWED_HOSTS": "a.cn, b.cn,,"}).strings("ALLOWED_HOSTS", []) == ["a.cn", "b.cn"]


def test_the_database_defaults_to_sqlite_and_takes_postgresql_from_a_url():
    assert EnvReader({}).database("DATABASE_URL", "sqlite:////tmp/x.sqlite3")["ENGINE"].endswith("sqlite3")
    config = EnvReader({"DATABASE_URL": "postgres://hw:pw@db.internal:5433/hatchway"}).database(
        "DATABASE_URL", ""
    )
    assert (config["ENGINE"], config["HOST"], config["PORT"], config["NAME"]) == (
        "django.db.backends.postgresql",
        "db.internal",
        5433,
        "hatchway",
    )


def test_an_unsupported_database_url_fails_and_shows_the_accepted_forms():
    with pytest.raises(ImproperlyConfigured, match="Write postgres://USER:PASSWORD@HOST:PORT/NAME"):
        EnvReader({"DATABASE_URL": "mysql://x@y/z"}).database("DATABASE_URL", "")


def run_hatchway(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    # Only what a production host would have: none of the test run's own variables.
    dropped = {"DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "PYTEST_CURRENT_TEST"}
    clean = {key: value for key, value in os.environ.items() if key not in dropped}
    return subprocess.run(
        [sys.executable, "-m", "hatchway", *args],
        env={**clean, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def production_env(tmp_path: Path) -> dict[str, str]:
    return {
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "hatchway.example.cn",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "DEBUG": "0",
    }


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    result = run_hatchway("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY is required but not set" in result.stderr


def test_production_refuses_a_weak_secret_key(tmp_path):
    result = run_hatchway("check", **{**production_env(tmp_path), "SECRET_KEY": "secret"})
    assert result.returncode != 0
    assert "SECRET_KEY is too weak" in result.stderr


def test_the_deployment_check_is_clean_with_production_settings(tmp_path):
    result = run_hatchway("check", "--deploy", "--fail-level", "WARNING", **production_env(tmp_path))
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_the_console_script_accepts_dashes_in_command_names(tmp_path):
    result = run_hatchway(
        "demo-data", "--help", DEBUG="1", DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}"
    )
    assert result.returncode == 0
    assert "--force" in result.stdout
