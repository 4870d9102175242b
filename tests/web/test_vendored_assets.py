"""The vendored front-end assets are exactly what scripts/vendor-assets.sh fetched from npm.

Hatchway serves htmx, ECharts and Pico CSS from its own static files (no CDN is reachable
from mainland China). These tests read files only: no Django, no npm, no network.
See docs/assets.md.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
VENDOR = REPO / "hatchway" / "web" / "static" / "vendor"
MANIFEST = VENDOR / "MANIFEST.json"
SCRIPT = REPO / "scripts" / "vendor-assets.sh"
# Files the script writes about the vendored packages, not from them.
BOOKKEEPING = {"MANIFEST.json", "README.md"}

CSS_URL = re.compile(r"""url\(\s*(["']?)(.*?)\1\s*\)""", re.IGNORECASE | re.DOTALL)
CSS_IMPORT = re.compile(r"""@import\s+(?:url\(\s*)?["']?([^"')\s;]+)""", re.IGNORECASE)
SOURCE_MAP = re.compile(r"""[#@]\s*sourceMappingURL=([^\s*'"]+)""")
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)  # http://, https://, //host


def manifest() -> dict[str, Any]:
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


def packages() -> list[dict[str, Any]]:
    return manifest()["packages"]


def manifest_files() -> list[dict[str, Any]]:
    return [file for package in packages() for file in package["files"]]


def vendored_files_with_suffix(suffix: str) -> list[Path]:
    return sorted(path for path in VENDOR.rglob(f"*{suffix}") if path.is_file())


def script_pins() -> dict[str, str]:
    """The PINS array of scripts/vendor-assets.sh, as {npm name: version}."""
    body = re.search(r"^PINS=\((.*?)^\)", SCRIPT.read_text(encoding="utf-8"), re.MULTILINE | re.DOTALL)
    assert body, "scripts/vendor-assets.sh has no PINS=( ... ) array"
    return dict(re.findall(r'^\s*"([^"|]+)\|([^"|]+)\|', body.group(1), re.MULTILINE))


def major(version: str) -> int:
    return int(version.split(".")[0])


def test_the_vendor_script_is_executable_and_strict():
    assert os.access(SCRIPT, os.X_OK)
    assert "set -euo pipefail" in SCRIPT.read_text(encoding="utf-8")


def test_the_manifest_was_generated_from_the_pins_in_the_script():
    assert {package["name"]: package["version"] for package in packages()} == script_pins()


def test_the_pinned_versions_are_stable_releases_of_the_chosen_majors():
    versions = {package["name"]: package["version"] for package in packages()}
    assert all(re.fullmatch(r"\d+\.\d+\.\d+", version) for version in versions.values()), versions
    # htmx's npm "latest" tag points at 4.x; Hatchway is written against htmx 2.
    assert major(versions["htmx.org"]) == 2
    assert major(versions["echarts"]) == 6
    assert major(versions["@picocss/pico"]) == 2


def test_the_assets_the_templates_use_are_vendored_at_stable_paths():
    paths = {file["path"] for file in manifest_files() if file["kind"] == "asset"}
    assert {"htmx.org/htmx.min.js", "echarts/echarts.min.js", "pico/pico.min.css"} <= paths


def test_every_vendored_file_matches_its_manifest_checksum():
    files = manifest_files()
    assert files
    for file in files:
        data = (VENDOR / file["path"]).read_bytes()
        assert len(data) == file["bytes"], file["path"]
        assert hashlib.sha256(data).hexdigest() == file["sha256"], (
            f"{file['path']} differs from MANIFEST.json: re-run scripts/vendor-assets.sh, do not edit it"
        )


def test_the_vendor_directory_holds_nothing_the_manifest_does_not_list():
    on_disk = {
        path.relative_to(VENDOR).as_posix()
        for path in VENDOR.rglob("*")
        if path.is_file() and path.relative_to(VENDOR).as_posix() not in BOOKKEEPING
    }
    assert on_disk == {file["path"] for file in manifest_files()}


def test_each_package_keeps_its_files_in_its_own_directory():
    directories = [package["directory"] for package in packages()]
    assert len(directories) == len(set(directories))
    for package in packages():
        for file in package["files"]:
            assert file["path"].startswith(package["directory"] + "/"), file["path"]


def test_every_vendored_package_ships_its_licence_text():
    for package in packages():
        assert re.fullmatch(r"[A-Za-z0-9.+-]+(?: (?:OR|AND) [A-Za-z0-9.+-]+)*", package["license"]), package
        licences = [file for file in package["files"] if file["kind"] == "licence"]
        assert any(Path(file["path"]).name.startswith("LICENSE") for file in licences), package["name"]
        for file in licences:
            assert (VENDOR / file["path"]).stat().st_size > 0, file["path"]


def test_apache_licensed_packages_also_ship_their_notice_file():
    # Apache-2.0, section 4(d): a redistribution must carry the NOTICE file.
    apache = [package for package in packages() if package["license"] == "Apache-2.0"]
    assert apache, "echarts is Apache-2.0"
    for package in apache:
        names = {Path(file["path"]).name for file in package["files"] if file["kind"] == "licence"}
        assert "NOTICE" in names, package["name"]


def test_a_package_bundled_inside_another_is_credited_alongside_it():
    names = {package["name"] for package in packages()}
    for package in packages():
        if "bundled_in" in package:
            assert package["bundled_in"] in names
            assert all(file["kind"] == "licence" for file in package["files"])


def test_no_vendored_css_file_references_an_external_host_in_import_or_url():
    stylesheets = vendored_files_with_suffix(".css")
    assert stylesheets, "Pico CSS should be vendored"
    urls_seen = 0
    for stylesheet in stylesheets:
        css = stylesheet.read_text(encoding="utf-8")
        imports = CSS_IMPORT.findall(css)
        urls = [target for _, target in CSS_URL.findall(css)]
        urls_seen += len(urls)
        external = [target for target in imports + urls if EXTERNAL.match(target.strip())]
        assert external == [], f"{stylesheet.name} would fetch {external} from another host"
    # Pico's icons are inline SVG data: URLs, so the scanner must have seen some url(...).
    assert urls_seen > 0


@pytest.mark.parametrize(
    ("css", "external"),
    [
        ("""a{background:url("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'%3E")}""", False),
        ("a{background:url(icons/x.svg)}", False),
        ("a{background:url( 'https://cdn.example.com/x.png' )}", True),
        ("a{background:url(//cdn.example.com/x.png)}", True),
        ("@import url(https://fonts.googleapis.com/css?family=Roboto);", True),
        ('@import "http://example.com/a.css";', True),
    ],
)
def test_the_external_host_check_tells_inline_data_from_remote_files(css, external):
    targets = CSS_IMPORT.findall(css) + [target for _, target in CSS_URL.findall(css)]
    assert any(EXTERNAL.match(target.strip()) for target in targets) is external


def test_no_vendored_file_points_at_a_file_that_was_not_vendored():
    # Django's ManifestStaticFilesStorage (behind whitenoise) rewrites url(...) and sourceMappingURL
    # references at collectstatic time, and fails on any that does not exist.
    missing = []
    for path in vendored_files_with_suffix(".css") + vendored_files_with_suffix(".js"):
        text = path.read_text(encoding="utf-8")
        targets = SOURCE_MAP.findall(text)
        if path.suffix == ".css":
            targets += [target for _, target in CSS_URL.findall(text)] + CSS_IMPORT.findall(text)
        for target in targets:
            target = target.strip().split("#")[0].split("?")[0]
            if not target or target.startswith("data:") or EXTERNAL.match(target):
                continue
            if not (path.parent / target).is_file():
                missing.append(f"{path.relative_to(VENDOR)} -> {target}")
    assert missing == []
