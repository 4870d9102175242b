"""No page makes a browser fetch anything from another host (CDNs are unreachable in mainland China)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from hatchway.directory.models import Organisation
from hatchway.web.demo import load_demo_data

pytestmark = pytest.mark.django_db

LOADING = {
    "script": ["src"],
    "img": ["src", "srcset"],
    "iframe": ["src"],
    "source": ["src", "srcset"],
    "video": ["src", "poster"],
    "audio": ["src"],
    "embed": ["src"],
    "object": ["data"],
    "form": ["action"],
    "input": ["src", "formaction"],
    "button": ["formaction"],
    "link": ["href"],
}
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""")


class ResourceCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.resources: list[str] = []
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name in LOADING.get(tag, []):
            if values.get(name):
                self.resources.extend(part.strip().split(" ")[0] for part in values[name].split(","))
        if values.get("style"):
            self.resources.extend(CSS_URL.findall(values["style"]))
        self.in_style = tag == "style"

    def handle_data(self, data: str) -> None:
        if self.in_style:
            self.resources.extend(CSS_URL.findall(data))


def is_external(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.netloc) and parts.hostname not in {"testserver", "localhost", "127.0.0.1"}


def plain_page_paths() -> list[str]:
    """Every page whose address takes no argument, found from the URL configuration itself."""
    paths: list[str] = []

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            route = str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if "<" not in route and not route.startswith("^"):
                    walk(pattern.url_patterns, prefix + route)
            elif (
                isinstance(pattern, URLPattern)
                and "<" not in route
                and "(" not in route
                and not route.startswith("^")
            ):
                paths.append("/" + prefix + route)

    walk(get_resolver().url_patterns, "")
    return sorted({path for path in paths if not path.startswith("/api/v1/") or path.endswith("docs")})


def test_the_url_walk_finds_the_main_pages():
    paths = plain_page_paths()
    assert {"/", "/organisations/", "/accounts/sign-in/", "/accounts/profile/", "/api/v1/docs"} <= set(paths)


@pytest.mark.parametrize(
    "email",
    [None, "operator@demo.hatchway.local", "founder@demo.hatchway.local", "talent@demo.hatchway.local"],
)
def test_no_page_loads_anything_from_another_host(email):
    load_demo_data()
    client = Client()
    if email:
        client.login(username=email, password="hatchway-demo-2026")
    pages = plain_page_paths() + [
        f"/organisations/{pk}/" for pk in Organisation.objects.values_list("pk", flat=True)
    ]
    checked = 0
    for path in pages:
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        collector = ResourceCollector()
        collector.feed(response.content.decode())
        external = [url for url in collector.resources if is_external(url)]
        assert external == [], f"{path} loads {external}"
        checked += 1
    assert checked >= 8


def test_no_stylesheet_we_serve_imports_from_another_host():
    stylesheets = [
        Path(found)
        for name in ("vendor/pico/pico.min.css", "web/hatchway.css", "ninja/swagger-ui.css")
        if (found := finders.find(name))
    ]
    assert len(stylesheets) == 3
    for stylesheet in stylesheets:
        external = [url for url in CSS_URL.findall(stylesheet.read_text()) if is_external(url)]
        assert external == [], f"{stylesheet.name} imports {external}"


def test_every_page_sends_a_policy_that_blocks_other_hosts():
    policy = Client().get("/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "http" not in policy


def test_the_settings_reference_no_cdn():
    assert settings.STATIC_URL.startswith("/")
