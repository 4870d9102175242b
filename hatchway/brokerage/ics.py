"""``.ics`` invitations to brokerage meetings, written in the participant's language and time zone."""

from __future__ import annotations

import datetime
import zoneinfo

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Calendar  # type: ignore[import-untyped]
from icalendar import Event as CalendarEvent

from hatchway.accounts.models import User
from hatchway.brokerage.models import BrokerageMeeting


def meeting_invitation(meeting: BrokerageMeeting, user: User) -> bytes:
    """An iCalendar file for one brokerage meeting, seen by one of its two people."""
    zone = zoneinfo.ZoneInfo(user.time_zone)
    event = meeting.event
    mine, other = (meeting.a, meeting.b) if meeting.a.user_id == user.pk else (meeting.b, meeting.a)
    with translation.override(user.language):
        calendar = Calendar()
        calendar.add("prodid", "-//Hatchway//Brokerage//EN")
        calendar.add("version", "2.0")
        calendar.add("method", "PUBLISH")
        item = CalendarEvent()
        item.add("uid", f"brokerage-meeting-{meeting.pk}@hatchway")
        item.add(
            "summary",
            _("Meeting with %(person)s · %(event)s")
            % {"person": other.user.get_full_name(), "event": event.title},
        )
        if meeting.mode == "onsite":
            where = _("Table %(table)s") % {"table": meeting.table}
            location = ", ".join(part for part in (where, event.venue) if part)
        else:
            location = _("Online") + (f": {event.online_url}" if event.online_url else "")
        profile = getattr(other, "agenda_profile", None)
        lines = [event.title, location]
        if profile is not None and profile.pitch:
            lines.append(f"{other.user.get_full_name()}: {profile.pitch}")
        item.add("description", "\n".join(lines))
        item.add("location", location)
        item.add("dtstart", meeting.slot.starts_at.astimezone(zone))
        item.add("dtend", meeting.slot.ends_at.astimezone(zone))
        item.add("dtstamp", event.created_at)
        item.add("status", "CANCELLED" if meeting.status == "cancelled" else "CONFIRMED")
        item.add("organizer", f"mailto:{settings.DEFAULT_FROM_EMAIL.split('<')[-1].rstrip('>')}")
        item.add("attendee", f"mailto:{mine.user.email}")
        calendar.add_component(item)
        calendar.add_missing_timezones(
            first_date=(meeting.slot.starts_at - datetime.timedelta(days=366)).date(),
            last_date=(meeting.slot.ends_at + datetime.timedelta(days=366)).date(),
        )
    content: bytes = calendar.to_ical()
    return content
