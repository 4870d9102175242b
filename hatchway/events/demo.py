"""Demo events at the reply letter's scale, created through the same actions organisers use.

``build_demo_events`` uses the carriers and overseas stations already in the directory (with no carrier
it creates nothing and returns 0): 12 exhibition zones, 105 matchmaking sessions, training camps and
private board meetings, and forums, roadshows, brokerage events and career fairs, some of them abroad
at stations. The competition edition and the brokerage showcase are built by their own apps
(``hatchway.competitions.demo``, ``hatchway.brokerage.demo``) on ``demo_event``. Every demo row has a
fixed reference (``demo-…``), so a second run finds them and adds nothing. The same seed gives the
same data.
"""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo

from django.db import transaction

from hatchway.directory.models import Organisation, OrganisationKind
from hatchway.events.actions import do_create_event
from hatchway.events.models import AttendanceMode, Event, EventKind, EventStatus

DEMO_PREFIX = "demo-"
TOPICS = [
    ("生物医药", "Biomedicine"),
    ("集成电路", "Integrated circuits"),
    ("人工智能", "Artificial intelligence"),
    ("新能源", "New energy"),
    ("先进制造", "Advanced manufacturing"),
    ("数字经济", "Digital economy"),
    ("绿色低碳", "Low-carbon technology"),
    ("医疗器械", "Medical devices"),
]
# (kind, how many, Chinese pattern, English pattern, abroad share)
PLAN = [
    (EventKind.MATCHMAKING, 40, "{zh}项目对接会", "{en} matchmaking session", 0.3),
    (EventKind.TRAINING_CAMP, 35, "{zh}创业训练营", "{en} founders' training camp", 0.2),
    (EventKind.BOARD_MEETING, 30, "{zh}私董会", "{en} private board meeting", 0.1),
    (EventKind.EXHIBITION_ZONE, 12, "{zh}展区", "{en} exhibition zone", 0.5),
    (EventKind.FORUM, 12, "{zh}国际创新论坛", "{en} international innovation forum", 0.4),
    (EventKind.ROADSHOW, 20, "{zh}跨境路演", "{en} cross-border roadshow", 0.4),
    (EventKind.BROKERAGE, 6, "{zh}一对一洽谈会", "{en} 1:1 brokerage meetings", 0.3),
    (EventKind.CAREER_FAIR, 10, "{zh}海外人才招聘会", "{en} overseas career fair", 0.7),
]
COUNTRY_ZONES = {
    "US": "America/New_York",
    "DE": "Europe/Berlin",
    "GB": "Europe/London",
    "FR": "Europe/Paris",
    "JP": "Asia/Tokyo",
    "SG": "Asia/Singapore",
    "IL": "Asia/Jerusalem",
    "FI": "Europe/Helsinki",
    "CA": "America/Toronto",
    "AU": "Australia/Sydney",
    "KR": "Asia/Seoul",
    "NL": "Europe/Amsterdam",
    "SE": "Europe/Stockholm",
    "CH": "Europe/Zurich",
    "CN": "Asia/Shanghai",
}
FIRST_DAY = dt.date(2026, 1, 12)


def _start(rng: random.Random, zone: str) -> dt.datetime:
    day = FIRST_DAY + dt.timedelta(days=rng.randrange(0, 540))
    local = dt.datetime.combine(day, dt.time(rng.choice((9, 10, 13, 14, 15))), tzinfo=zoneinfo.ZoneInfo(zone))
    return local.astimezone(dt.UTC)


def demo_event(
    rng: random.Random,
    ref: str,
    kind: str,
    title: tuple[str, str],
    carrier: Organisation,
    station: Organisation | None,
    hours: int,
) -> Event:
    zone = COUNTRY_ZONES.get(station.country, "UTC") if station else "Asia/Shanghai"
    mode = rng.choice(
        [AttendanceMode.ON_SITE, AttendanceMode.ON_SITE, AttendanceMode.HYBRID, AttendanceMode.ONLINE]
    )
    starts = _start(rng, zone)
    place_zh = station.name_zh or station.name_en if station else carrier.name_zh or carrier.name_en
    place_en = station.name_en or station.name_zh if station else carrier.name_en or carrier.name_zh
    return do_create_event(
        ref=ref,
        kind=kind,
        organiser=carrier,
        station=station,
        mode=mode,
        title_zh=title[0],
        title_en=title[1],
        description_zh=f"{title[0]}：面向跨境创新的项目、人才、技术、资金与企业。",
        description_en=f"{title[1]}: projects, talent, technology, capital and companies across borders.",
        venue_zh="" if mode == AttendanceMode.ONLINE else place_zh,
        venue_en="" if mode == AttendanceMode.ONLINE else place_en,
        online_url="" if mode == AttendanceMode.ON_SITE else f"https://meet.example.org/{ref}",
        time_zone=zone,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=hours),
        capacity=rng.choice([None, 30, 50, 80, 120, 200]),
        requires_approval=kind == EventKind.BOARD_MEETING,
        status=EventStatus.PUBLISHED,
    )


@transaction.atomic
def build_demo_events(*, seed: int = 2026) -> int:
    """Create the demo events that are missing; return how many events were created."""
    carriers = list(Organisation.objects.filter(kind=OrganisationKind.CARRIER).order_by("id"))
    if not carriers:
        return 0
    stations = list(Organisation.objects.filter(kind=OrganisationKind.OVERSEAS_STATION).order_by("id"))
    existing = set(Event.objects.filter(ref__startswith=DEMO_PREFIX).values_list("ref", flat=True))
    created = 0
    for kind, count, zh, en, abroad in PLAN:
        rng = random.Random(f"{seed}-{kind}")  # noqa: S311 — demo data, not secrets
        for number in range(count):
            topic = TOPICS[rng.randrange(len(TOPICS))]
            carrier = carriers[rng.randrange(len(carriers))]
            station = stations[rng.randrange(len(stations))] if stations and rng.random() < abroad else None
            hours = {EventKind.TRAINING_CAMP: 48, EventKind.EXHIBITION_ZONE: 30}.get(
                kind, rng.choice((2, 3, 4))
            )
            ref = f"{DEMO_PREFIX}event-{kind}-{number + 1:03d}"
            if ref in existing:
                continue
            demo_event(
                rng, ref, kind, (zh.format(zh=topic[0]), en.format(en=topic[1])), carrier, station, hours
            )
            created += 1
    return created
