"""In a real browser: the Chinese project's page recommends the English thesis, with reasons in the reader's language."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from hatchway.flows.actions import do_set_rate
from hatchway.listings.demo import (
    SHOWCASE_ASK,
    SHOWCASE_THESIS,
    build_cross_language_showcase,
    build_demo_listings,
)
from hatchway.listings.models import Listing
from hatchway.web.demo import DEMO_PASSWORD, load_demo_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def test_the_chinese_project_page_recommends_the_english_thesis_and_its_reasons_follow_the_language(
    live_server, new_page, watchdog
):
    load_demo_data()
    build_demo_listings(per_kind=3)
    build_cross_language_showcase()  # each listing is encoded as its transaction commits
    do_set_rate("USD", datetime.date.today() - datetime.timedelta(days=20), Decimal("7.1"))
    ask = Listing.objects.get(reference=SHOWCASE_ASK["reference"])
    thesis = Listing.objects.get(reference=SHOWCASE_THESIS["reference"])
    page = new_page(locale="zh-CN", time_zone="Asia/Shanghai")
    page.goto(live_server.url + "/accounts/sign-in/")
    page.fill("input[name=username]", "operator@demo.hatchway.local")  # reads Chinese
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/workspace/")

    page.goto(f"{live_server.url}/listings/{ask.pk}/")
    card = page.locator(f"#recommendations [data-recommendation='{thesis.pk}']")
    card.wait_for()
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert thesis.title_en in card.locator("header").inner_text()
    chinese = card.locator(".reasons.fits").inner_text()
    assert "集成电路" in chinese
    assert "US$500万" in chinese

    page.locator("button[data-language=en]").click()
    page.wait_for_load_state("load")
    card = page.locator(f"#recommendations [data-recommendation='{thesis.pk}']")
    card.wait_for()
    assert page.locator("html").get_attribute("lang") == "en"
    english = card.locator(".reasons.fits").inner_text()
    assert "same sector: Integrated circuits, New energy vehicles" in english
    assert "ticket $5M–$20M covers the CN¥50M ask" in english
    assert english != chinese
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "recommendations-en.png"), full_page=True)
    assert watchdog.external == []
    assert watchdog.console_errors == []
