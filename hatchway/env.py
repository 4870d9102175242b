"""Typed readers for settings that come from environment variables.

Each reader fails loudly, naming the variable and saying what to write instead, so a
mistyped deployment refuses to start rather than running with a silent default.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class EnvReader:
    """Read typed values from a mapping of environment variables (``os.environ`` by default)."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self.environ = os.environ if environ is None else environ

    def _raw(self, name: str) -> str | None:
        value = self.environ.get(name)
        return None if value is None else value.strip()

    def string(self, name: str, default: str | None = None, *, required: bool = False, hint: str = "") -> str:
        value = self._raw(name)
        if value:
            return value
        if required or default is None:
            raise ImproperlyConfigured(f"Environment variable {name} is required but not set. {hint}".strip())
        return default

    def boolean(self, name: str, default: bool) -> bool:
        value = self._raw(name)
        if value is None:
            return default
        lowered = value.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ImproperlyConfigured(
            f"Environment variable {name}={value!r} is not a yes/no value. Write 1 or 0 (true/false)."
        )

    def integer(self, name: str, default: int, *, minimum: int | None = None) -> int:
        value = self._raw(name)
        if not value:
            return default
        try:
            number = int(value)
        except ValueError:
            raise ImproperlyConfigured(
                f"Environment variable {name}={value!r} is not a whole number. Write digits only, e.g. 587."
            ) from None
        if minimum is not None and number < minimum:
            raise ImproperlyConfigured(f"Environment variable {name}={number} must be at least {minimum}.")
        return number

    def strings(self, name: str, default: list[str]) -> list[str]:
        value = self._raw(name)
        if value is None:
            return list(default)
        return [item.strip() for item in value.split(",") if item.strip()]

    def choice(self, name: str, default: str, *, choices: Sequence[str]) -> str:
        """One of ``choices``, written exactly."""
        value = self._raw(name)
        if not value:
            return default
        if value not in choices:
            raise ImproperlyConfigured(
                f"Environment variable {name}={value!r} is not one of the allowed values. "
                f"Write one of: {', '.join(choices)} (default {default})."
            )
        return value

    def path(
        self,
        name: str,
        default: Path | None,
        *,
        kind: Literal["folder", "file"] = "folder",
        empty_is_off: bool = False,
        example: str = "",
    ) -> Path | None:
        """An absolute path to a ``folder`` (created when needed) or an existing ``file``.

        Empty gives ``None`` where ``empty_is_off`` (the feature the path is for is switched off).
        """
        value = self._raw(name)
        if value is None:
            return default
        off = " (or leave it empty to switch this off)" if empty_is_off else " (or unset it for the default)"
        example = f", e.g. {example}" if example else ""
        if not value:
            if empty_is_off:
                return None
            raise ImproperlyConfigured(
                f"Environment variable {name} is empty. Write the full path of a {kind}{example}, or unset it."
            )
        path = Path(value).expanduser()
        if not path.is_absolute():
            raise ImproperlyConfigured(
                f"Environment variable {name}={value!r} is not an absolute path. "
                f"Write the full path of a {kind}{example}{off}."
            )
        if kind == "file" and not path.is_file():
            raise ImproperlyConfigured(
                f"Environment variable {name}={value!r} names no file. Write the full path of an existing "
                f"file{example}{off}."
            )
        if kind == "folder" and path.exists() and not path.is_dir():
            raise ImproperlyConfigured(
                f"Environment variable {name}={value!r} is a file, not a folder. Write the path of a folder "
                f"(it is created when needed){example}{off}."
            )
        return path

    def database(self, name: str, default: str) -> dict[str, Any]:
        url = self._raw(name) or default
        if not url.startswith(("sqlite://", "postgres://", "postgresql://")):
            raise ImproperlyConfigured(
                f"Environment variable {name}={url!r} names an unsupported database. "
                "Write postgres://USER:PASSWORD@HOST:PORT/NAME or sqlite:////absolute/path.sqlite3."
            )
        try:
            config: dict[str, Any] = dict(
                dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
            )
        except ValueError as error:
            raise ImproperlyConfigured(f"Environment variable {name} is not a valid URL: {error}") from None
        if config["ENGINE"] == "django.db.backends.sqlite3":
            # WAL lets readers proceed while a writer commits; the busy timeout waits instead of failing.
            config["CONN_MAX_AGE"] = 0
            config["OPTIONS"] = {
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
            }
        return config
