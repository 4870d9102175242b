"""A newcomer's first visit, in a real browser: English, then 中文, then each demo role."""

from __future__ import annotations

from pathlib import Path

import pytest

from hatchway.web.demo import ACCOUNTS, DEMO_PASSWORD, load_demo_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def test_a_newcomer_reads_the_home_page_in_english_then_switches_to_chinese(live_server, new_page, watchdog):
    load_demo_data()
    page = new_page(locale="en-US")
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Hatchway: cross-border incubation, in both directions" in page.locator("h1").inner_text()
    assert page.locator("[data-nav=sign-in]").inner_text() == "Sign in"

    page.locator("button[data-language=zh-hans]").click()
    page.wait_for_load_state("load")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    heading = page.locator("h1").inner_text()
    assert heading != "Hatchway: cross-border incubation, in both directions"
    assert any("\u4e00" <= char <= "\u9fff" for char in heading)
    assert page.locator("[data-nav=sign-in]").inner_text() == "登录"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "home-zh.png"), full_page=True)

    # The language sticks for the next page too.
    page.locator("[data-nav=sign-in]").click()
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert watchdog.external == []
    assert watchdog.console_errors == []


@pytest.mark.parametrize(
    "account", ACCOUNTS, ids=lambda account: account.role + ":" + account.email.split("@")[0]
)
def test_each_demo_role_signs_in_and_sees_its_navigation(live_server, new_page, watchdog, account):
    load_demo_data()
    page = new_page(locale="en-US")
    page.goto(live_server.url + "/accounts/sign-in/")
    page.fill("input[name=username]", account.email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/workspace/")

    # The account's own language wins over the browser's.
    expected_lang = "zh-Hans" if account.language == "zh-hans" else "en"
    assert page.locator("html").get_attribute("lang") == expected_lang
    assert page.locator(f"[data-nav=role-{account.role}]").first.is_visible()
    assert page.locator(f"article[data-role={account.role}]").is_visible()
    if account.role == "operator":
        assert page.locator("[data-nav=admin]").is_visible()
    else:
        assert page.locator("[data-nav=admin]").count() == 0
    page.screenshot(path=str(SCREENSHOTS / f"workspace-{account.role}.png"))

    page.locator("details.dropdown summary").click()
    page.locator("[data-nav=sign-out]").click()
    page.wait_for_load_state("load")
    assert page.locator("[data-nav=sign-in]").is_visible()
    assert watchdog.external == []
    assert watchdog.console_errors == []


def test_api_tokens_are_created_and_revoked_on_the_profile_page_without_reloading(
    live_server, new_page, watchdog
):
    load_demo_data()
    page = new_page(locale="en-US")
    page.goto(live_server.url + "/accounts/sign-in/")
    page.fill("input[name=username]", "founder@demo.hatchway.local")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/workspace/")
    page.goto(live_server.url + "/accounts/profile/")
    page.fill("#api-tokens input[name=name]", "CRM sync")
    page.locator("#api-tokens button[type=submit]").first.click()
    key = page.locator("#issued-token-key").inner_text()
    assert key.startswith("hw_")
    page.on("dialog", lambda dialog: dialog.accept())
    page.locator("#api-tokens tr[data-token] button").click()
    page.locator("#api-tokens tr[data-token]", has_text="revoked").wait_for()
    assert watchdog.external == []
    assert watchdog.console_errors == []
