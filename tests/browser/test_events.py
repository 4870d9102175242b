"""In a real browser: a person registers for an event and sees the check-in code to show at the door."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from hatchway.directory.models import OrganisationKind
from hatchway.events.actions import do_create_event
from hatchway.events.models import Registration
from tests.conftest import PASSWORD, make_organisation, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_person_registers_for_an_event_and_sees_the_check_in_code(live_server, new_page, watchdog):
    starts = timezone.now() + dt.timedelta(days=7)
    event = do_create_event(
        kind="roadshow",
        organiser=make_organisation(OrganisationKind.CARRIER),
        title_en="Biomedicine roadshow",
        title_zh="生物医药路演",
        venue_en="Zhangjiang Science Hall",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=3),
        capacity=50,
        status="published",
    )
    person = make_user("visitor@example.org", language="en", time_zone="Europe/Berlin")

    page = new_page(locale="en-US")
    page.goto(f"{live_server.url}/accounts/sign-in/?next=/events/{event.pk}/")
    page.fill("input[name=username]", person.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"**/events/{event.pk}/")
    assert "Biomedicine roadshow" in page.locator("h1").inner_text()

    page.locator("[data-action=register]").click()
    page.wait_for_load_state("load")

    code = page.locator("[data-check-in-code]").inner_text().strip()
    registration = Registration.objects.get(event=event, user=person)
    assert registration.status == "confirmed"
    assert code == registration.code
    assert page.locator("[data-action=ics]").is_visible()
    assert watchdog.external == []
    assert watchdog.console_errors == []
