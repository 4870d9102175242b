"""A real Chromium (Debian's), driven by Playwright against Django's live server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the
# live server and fixtures are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("HATCHWAY_CHROMIUM", "/usr/bin/chromium"))
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        # A missing browser is a failure, never a skip: the page tests are part of the suite.
        pytest.fail(f"{CHROMIUM} is missing. Run scripts/ensure-system-deps.sh (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        yield chromium
        chromium.close()
        # While Playwright's loop runs in this thread, Django keeps the thread's connections apart from the
        # plain thread-local ones the test database's teardown closes: close them before the loop stops.
        from django.db import connections

        connections.close_all()


class Watchdog:
    """Records every request to another host (and blocks it) and every console error."""

    def __init__(self) -> None:
        self.external: list[str] = []
        self.console_errors: list[str] = []

    def route(self, route, request) -> None:
        host = urlsplit(request.url).hostname
        if request.url.startswith(("data:", "blob:")) or host in {"localhost", "127.0.0.1"}:
            route.continue_()
        else:
            self.external.append(request.url)
            route.abort()

    def console(self, message) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)


@pytest.fixture
def watchdog() -> Watchdog:
    return Watchdog()


@pytest.fixture
def new_page(browser, watchdog):
    contexts = []

    def open_page(locale: str = "en-US", time_zone: str = "Europe/Berlin"):
        context = browser.new_context(
            locale=locale, timezone_id=time_zone, viewport={"width": 1280, "height": 900}
        )
        context.route("**/*", watchdog.route)
        contexts.append(context)
        page = context.new_page()
        page.on("console", watchdog.console)
        page.set_default_timeout(15_000)
        return page

    yield open_page
    for context in contexts:
        context.close()
