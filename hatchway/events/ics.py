"""``.ics`` invitations, written in the participant's language and time zone."""

from __future__ import annotations

import datetime
import zoneinfo

from django.conf import settings
from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Calendar  # type: ignore[import-untyped]
from icalendar import Event as CalendarEvent

from hatchway.accounts.models import User
from hatchway.events.models import Event, Registration


def invitation(event: Event, user: User, registration: Registration | None = None) -> bytes:
    """An iCalendar file for one event: texts in the user's language, times in the user's zone."""
    zone = zoneinfo.ZoneInfo(user.time_zone)
    with translation.override(user.language):
        calendar = Calendar()
        calendar.add("prodid", "-//Hatchway//Events//EN")
        calendar.add("version", "2.0")
        calendar.add("method", "PUBLISH")
        item = CalendarEvent()
        item.add("uid", f"event-{event.pk}@hatchway")
        item.add("summary", event.title)
        description = event.description
        if registration is not None:
            description = f"{description}\n\n{_('Your check-in code')}: {registration.code}".strip()
        item.add("description", description)
        location = event.venue or event.online_url
        if location:
            item.add("location", location)
        if event.online_url:
            item.add("url", event.online_url)
        item.add("dtstart", event.starts_at.astimezone(zone))
        item.add("dtend", event.ends_at.astimezone(zone))
        item.add("dtstamp", event.created_at)
        item.add("organizer", f"mailto:{settings.DEFAULT_FROM_EMAIL.split('<')[-1].rstrip('>')}")
        calendar.add_component(item)
        # Only the transitions around the event: a small file that calendars still read right.
        calendar.add_missing_timezones(
            first_date=(event.starts_at - datetime.timedelta(days=366)).date(),
            last_date=(event.ends_at + datetime.timedelta(days=366)).date(),
        )
    content: bytes = calendar.to_ical()
    return content


def calendar_response(content: bytes, filename: str) -> HttpResponse:
    """An .ics file to download, for the pages and the API alike."""
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
