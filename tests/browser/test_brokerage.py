"""In a real browser: an organiser sets up a brokerage event, participants ask to meet, the organiser
computes the schedule, a participant reads the agenda in their own time zone, and a no-show re-run works."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.utils import timezone

from hatchway.brokerage.actions import do_answer_meeting_request, do_request_meeting
from hatchway.brokerage.models import BrokerageMeeting, MeetingRequest, ScheduleRun
from hatchway.directory.actions import do_grant_role
from hatchway.directory.models import OrganisationKind, Role
from hatchway.events.actions import do_register
from hatchway.events.models import Event, Registration
from tests.conftest import PASSWORD, make_organisation, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def sign_in(page, base: str, email: str, next_path: str) -> None:
    page.goto(f"{base}/accounts/sign-in/?next={next_path}")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"**{next_path}")


def test_brokerage_meetings_from_set_up_to_the_no_show_re_run(live_server, new_page, watchdog):
    carrier = make_organisation(OrganisationKind.CARRIER)
    organiser = make_user("organiser@example.org", language="en", time_zone="Asia/Shanghai")
    do_grant_role(organiser, Role.CARRIER_STAFF, carrier)
    founder = make_user("founder@example.de", full_name="Anna Berg", language="en", time_zone="Europe/Berlin")
    investor = make_user(
        "investor@example.cn", full_name="Wang Fang", language="en", time_zone="Asia/Shanghai"
    )
    third = make_user("cto@example.sg", full_name="Tan Wei", language="en", time_zone="Asia/Singapore")
    day = (timezone.now().astimezone(SHANGHAI) + dt.timedelta(days=3)).date()

    # The organiser creates the event and its slots, in the venue's time (Shanghai).
    page = new_page(locale="en-US", time_zone="Asia/Shanghai")
    sign_in(page, live_server.url, organiser.email, "/events/new/")
    page.select_option("select[name=kind]", "brokerage")
    page.select_option("select[name=organiser]", str(carrier.pk))
    page.fill("input[name=title_en]", "Medtech 1:1 meetings")
    page.fill("input[name=venue_en]", "Zhangjiang Science Hall")
    page.fill("[name=time_zone]", "Asia/Shanghai")
    page.fill("input[name=starts_at]", f"{day}T09:00")
    page.fill("input[name=ends_at]", f"{day}T12:00")
    page.select_option("select[name=status]", "published")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    event = Event.objects.get(title_en="Medtech 1:1 meetings")
    assert event.kind == "brokerage"
    page.goto(f"{live_server.url}/events/{event.pk}/brokerage/console/")
    page.fill("input[name=tables]", "2")
    page.fill("input[name=first_start]", f"{day}T09:30")
    page.fill("input[name=count]", "3")
    page.locator("[data-action=save-setup]").click()
    page.wait_for_load_state("load")
    assert page.locator("[data-slot]").count() == 3
    assert "09:30" in page.locator("[data-slot]").first.inner_text()

    # Two participants register on the side; the founder registers and asks in the browser.
    now = timezone.now()
    investor_at = do_register(event, investor, now=now)
    third_at = do_register(event, third, now=now)
    do_answer_meeting_request(do_request_meeting(third_at, investor_at, priority=2, now=now), accept=True)
    visitor = new_page(locale="en-US", time_zone="Europe/Berlin")
    sign_in(visitor, live_server.url, founder.email, f"/events/{event.pk}/")
    visitor.locator("[data-action=register]").click()
    visitor.wait_for_load_state("load")
    visitor.goto(f"{live_server.url}/events/{event.pk}/brokerage/")
    card = visitor.locator(f"[data-participant='{investor_at.pk}']")
    card.locator("select[name=priority]").select_option("3")
    card.locator("[data-action=request]").click()
    visitor.wait_for_load_state("load")
    request = MeetingRequest.objects.get(sender__user=founder)
    do_answer_meeting_request(request, accept=True, priority=3)

    # The organiser computes the schedule: value against the bound, nobody left out.
    page.goto(f"{live_server.url}/events/{event.pk}/brokerage/console/")
    page.locator("[data-action=compute]").click()
    page.wait_for_load_state("load")
    assert "100.0 %" in page.locator("[data-quality]").inner_text()
    assert "Every participant" in page.locator("[data-without]").inner_text()
    assert BrokerageMeeting.objects.filter(event=event).count() == 2

    # The founder reads the agenda in Berlin time: 09:30 Shanghai is 02:30 (or 03:30 in summer) in Berlin.
    meeting = BrokerageMeeting.objects.filter(
        event=event, a__user=founder
    ).first() or BrokerageMeeting.objects.get(event=event, b__user=founder)
    visitor.goto(f"{live_server.url}/events/{event.pk}/brokerage/agenda/")
    shown = visitor.locator(f"[data-meeting='{meeting.pk}'] [data-field=when]").inner_text()
    assert meeting.slot.starts_at.astimezone(BERLIN).strftime("%Y-%m-%d %H:%M") in shown
    assert "Wang Fang" in visitor.locator(f"[data-meeting='{meeting.pk}']").inner_text()

    # Tan Wei did not come to their meeting: the re-run keeps the founder's confirmed meeting.
    founder_at = Registration.objects.get(event=event, user=founder)
    page.goto(f"{live_server.url}/events/{event.pk}/brokerage/console/")
    row = page.locator(f"[data-meeting='{meeting.pk}']")
    row.locator("button[value=confirmed]").click()
    page.wait_for_load_state("load")
    missed = BrokerageMeeting.objects.exclude(pk=meeting.pk).get(event=event)
    row = page.locator(f"[data-meeting='{missed.pk}']")
    row.locator("select[name=absent]").select_option("a" if missed.a_id == third_at.pk else "b")
    row.locator("[data-action=no-show]").click()
    page.wait_for_load_state("load")
    page.locator("[data-action=compute]").click()
    page.wait_for_load_state("load")

    assert ScheduleRun.objects.filter(event=event).count() == 2
    assert BrokerageMeeting.objects.get(pk=meeting.pk).status == "confirmed"
    assert BrokerageMeeting.objects.get(pk=missed.pk).status == "no_show"
    assert ScheduleRun.objects.filter(event=event)[0].kept == 1
    assert founder_at.pk in (meeting.a_id, meeting.b_id)
    assert watchdog.external == []
    assert watchdog.console_errors == []
