"""Settings come from the environment, and a bad value stops the start with a clear message."""

from __future__ import annotations

import json
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


def read_settings(*names: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Import the settings module in a fresh interpreter with ``env`` and print ``names`` as JSON."""
    script = (
        "import json, hatchway.settings as s; "
        f"print(json.dumps({{n: None if getattr(s, n) is None else str(getattr(s, n)) for n in {names!r}}}))"
    )
    dropped = {
        "HATCHWAY_MATCHING_ENCODER",
        "MATCHING_SNAPSHOT_DIR",
        "HATCHWAY_KERNEL_CACHE",
        "HATCHWAY_CJK_FONT",
    }
    clean = {key: value for key, value in os.environ.items() if key not in dropped}
    return subprocess.run(
        [sys.executable, "-c", script],
        env={**clean, "DEBUG": "1", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def setting(name: str, **env: str) -> str | None:
    result = read_settings(name, **env)
    assert result.returncode == 0, result.stderr
    value: str | None = json.loads(result.stdout)[name]
    return value


def refusal(name: str, **env: str) -> str:
    result = read_settings(name, **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    return result.stderr


def test_the_matching_encoder_defaults_to_the_engines_and_takes_any_of_its_names():
    assert setting("HATCHWAY_MATCHING_ENCODER") == "use"
    assert setting("HATCHWAY_MATCHING_ENCODER", HATCHWAY_MATCHING_ENCODER="use+e5") == "use+e5"


def test_an_unknown_matching_encoder_stops_the_start_and_names_the_allowed_ones():
    stderr = refusal("HATCHWAY_MATCHING_ENCODER", HATCHWAY_MATCHING_ENCODER="bert")
    assert "HATCHWAY_MATCHING_ENCODER='bert' is not one of the allowed values." in stderr
    assert "Write one of: use, use-raw, e5, e5-raw, use+e5 (default use)." in stderr


def test_the_snapshot_folder_is_a_path_and_empty_switches_snapshots_off(tmp_path):
    assert setting("MATCHING_SNAPSHOT_DIR", MATCHING_SNAPSHOT_DIR=str(tmp_path / "index")) == str(
        tmp_path / "index"
    )
    assert setting("MATCHING_SNAPSHOT_DIR", MATCHING_SNAPSHOT_DIR="") is None
    assert setting("MATCHING_SNAPSHOT_DIR", HATCHWAY_TESTING="0") == str(ROOT / "var" / "index")


def test_a_relative_snapshot_folder_or_a_file_is_refused_with_what_to_write(tmp_path):
    stderr = refusal("MATCHING_SNAPSHOT_DIR", MATCHING_SNAPSHOT_DIR="var/index")
    assert "MATCHING_SNAPSHOT_DIR='var/index' is not an absolute path." in stderr
    assert "Write the full path of a folder, e.g. /srv/hatchway/index (or leave it empty" in stderr
    a_file = tmp_path / "index"
    a_file.write_text("")
    stderr = refusal("MATCHING_SNAPSHOT_DIR", MATCHING_SNAPSHOT_DIR=str(a_file))
    assert f"MATCHING_SNAPSHOT_DIR='{a_file}' is a file, not a folder." in stderr


def test_the_kernel_cache_is_a_path_under_the_users_cache_unless_set(tmp_path):
    assert setting("HATCHWAY_KERNEL_CACHE", HATCHWAY_KERNEL_CACHE=str(tmp_path / "k")) == str(tmp_path / "k")
    assert setting("HATCHWAY_KERNEL_CACHE", HATCHWAY_KERNEL_CACHE="") is None  # compile in memory
    assert setting("HATCHWAY_KERNEL_CACHE", XDG_CACHE_HOME=str(tmp_path)) == str(
        tmp_path / "hatchway" / "policy-kernels"
    )
    home = str(Path.home() / ".cache" / "hatchway" / "policy-kernels")
    assert setting("HATCHWAY_KERNEL_CACHE", XDG_CACHE_HOME="relative/cache") == home  # ignored, as XDG says


def test_a_relative_kernel_cache_is_refused_with_what_to_write():
    stderr = refusal("HATCHWAY_KERNEL_CACHE", HATCHWAY_KERNEL_CACHE="cache")
    assert "HATCHWAY_KERNEL_CACHE='cache' is not an absolute path." in stderr
    assert "e.g. /var/cache/hatchway/policy-kernels" in stderr


def test_the_cjk_font_is_an_existing_file(tmp_path):
    font = tmp_path / "font.ttc"
    font.write_bytes(b"")
    assert setting("HATCHWAY_CJK_FONT") is None  # Debian's WenQuanYi fonts
    assert setting("HATCHWAY_CJK_FONT", HATCHWAY_CJK_FONT=str(font)) == str(font)


def test_a_cjk_font_that_is_not_there_is_refused_with_what_to_write(tmp_path):
    missing = tmp_path / "missing.ttf"
    stderr = refusal("HATCHWAY_CJK_FONT", HATCHWAY_CJK_FONT=str(missing))
    assert f"HATCHWAY_CJK_FONT='{missing}' names no file." in stderr
    assert "e.g. /usr/share/fonts/truetype/wqy/wqy-microhei.ttc (or unset it for the default)" in stderr


@pytest.mark.parametrize(
    ("raw", "expected"), [("/srv/x", Path("/srv/x")), ("", None), ("~/x", Path.home() / "x")]
)
def test_a_folder_path_is_read_as_a_path(raw, expected):
    assert EnvReader({"X": raw}).path("X", default=Path("/d"), empty_is_off=True) == expected
    assert EnvReader({}).path("X", default=Path("/d")) == Path("/d")


def test_an_empty_path_that_cannot_be_switched_off_is_refused():
    with pytest.raises(ImproperlyConfigured, match=r"Environment variable X is empty\. Write the full path"):
        EnvReader({"X": ""}).path("X", default=None, kind="file")
