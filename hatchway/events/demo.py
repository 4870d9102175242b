"""Demo events at the reply letter's scale, created through the same actions organisers use.

``build_demo_events`` uses the carriers and overseas stations already in the directory (with no carrier
it creates nothing and returns 0): one competition edition with 72 sites (赛点) hosted by carriers,
12 exhibition zones, 105 matchmaking sessions, training camps and private board meetings, and forums,
roadshows, brokerage events and career fairs, some of them abroad at stations; one brokerage event
(``demo-brokerage-showcase``) has 30 participants (the demo founder, investor and talent among them),
agenda profiles, meeting requests and a computed schedule. Every demo row has a
fixed reference (``demo-…``), so a second run finds them and adds nothing. The same seed gives the
same data.
"""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo

from django.db import transaction

from hatchway.accounts.models import User
from hatchway.directory.models import Organisation, OrganisationKind
from hatchway.events.actions import (
    do_add_criterion,
    do_add_round,
    do_add_site,
    do_add_track,
    do_answer_meeting_request,
    do_compute_schedule,
    do_create_competition,
    do_create_event,
    do_enter_project,
    do_register,
    do_request_meeting,
    do_save_agenda_profile,
    do_set_brokerage,
)
from hatchway.events.models import AttendanceMode, BrokerageSlot, Competition, Event, EventKind, EventStatus
from hatchway.listings.models import Listing

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
SITES = 72
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


def _event(
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


def _competition(rng: random.Random, carriers: list[Organisation], enterprises: list[Organisation]) -> int:
    ref = f"{DEMO_PREFIX}competition-2026"
    if Competition.objects.filter(ref=ref).exists():
        return 0
    organiser = carriers[0]
    event = _event(
        rng,
        f"{DEMO_PREFIX}event-competition-2026",
        EventKind.COMPETITION,
        ("2026跨境创新创业大赛", "2026 Cross-border Innovation Challenge"),
        organiser,
        None,
        8,
    )
    competition = do_create_competition(
        organiser=organiser,
        event=event,
        ref=ref,
        name_zh="跨境创新创业大赛",
        name_en="Cross-border Innovation Challenge",
        edition=2026,
        published=True,
    )
    tracks = [do_add_track(competition, name_zh=zh, name_en=en) for zh, en in TOPICS[:4]]
    first = do_add_round(competition, number=1, name_zh="赛点赛", name_en="Site round")
    final = do_add_round(competition, number=2, name_zh="总决赛", name_en="Final")
    for name_zh, name_en, weight in (
        ("技术创新", "Technical innovation", 3),
        ("团队", "Team", 2),
        ("市场", "Market", 2),
        ("跨境落地可行性", "Cross-border feasibility", 1),
    ):
        do_add_criterion(competition, name_zh=name_zh, name_en=name_en, weight=weight, low=0, high=10)
    sites = []
    for number in range(SITES):
        host = carriers[number % len(carriers)]
        sites.append(
            do_add_site(
                first,
                host=host,
                name_zh=f"赛点{number + 1:02d} · {host.name_zh or host.name_en}",
                name_en=f"Site {number + 1:02d} · {host.name_en or host.name_zh}",
            )
        )
    do_add_site(final, host=organiser, name_zh="总决赛现场", name_en="Final stage")
    for number, enterprise in enumerate(enterprises[: SITES * 3]):
        topic = TOPICS[number % len(TOPICS)]
        do_enter_project(
            track=tracks[number % len(tracks)],
            site=sites[number % len(sites)],
            enterprise=enterprise,
            anchor=number < 3,
            title_zh=f"{enterprise.name_zh or enterprise.name_en}：{topic[0]}项目",
            title_en=f"{enterprise.name_en or enterprise.name_zh}: {topic[1]} project",
        )
    return 1


@transaction.atomic
def build_demo_events(*, seed: int = 2026) -> int:
    """Create the demo events that are missing; return how many events were created."""
    carriers = list(Organisation.objects.filter(kind=OrganisationKind.CARRIER).order_by("id"))
    if not carriers:
        return 0
    stations = list(Organisation.objects.filter(kind=OrganisationKind.OVERSEAS_STATION).order_by("id"))
    enterprises = list(
        Organisation.objects.filter(kind=OrganisationKind.ENTERPRISE).order_by("id")[: SITES * 3]
    )
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
            _event(rng, ref, kind, (zh.format(zh=topic[0]), en.format(en=topic[1])), carrier, station, hours)
            created += 1
    created += _competition(random.Random(f"{seed}-competition"), carriers, enterprises)  # noqa: S311
    created += _brokerage_showcase(random.Random(f"{seed}-brokerage"), carriers[0])  # noqa: S311
    return created


# --- brokerage meetings -------------------------------------------------------------------------

SHOWCASE_REF = f"{DEMO_PREFIX}brokerage-showcase"
SHOWCASE_DAY = dt.datetime(2026, 6, 18, 9, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
PARTICIPANT_ZONES = ["Asia/Shanghai", "Europe/Berlin", "America/New_York", "Asia/Singapore", "Europe/London"]
DEMO_ACCOUNTS = ["founder@demo.hatchway.local", "investor@demo.hatchway.local", "talent@demo.hatchway.local"]
PITCHES = [
    ("寻找A轮投资与临床合作伙伴", "Looking for Series A investors and clinical partners"),
    ("投资早期硬科技与生命科学项目", "Investing in early hard-tech and life-science projects"),
    ("提供张江的实验室与落地服务", "Offering lab space and soft landing in Zhangjiang"),
    ("寻找中国市场的分销伙伴", "Looking for distribution partners in China"),
    ("开放创新：征集电池与储能技术", "Open innovation: seeking battery and storage technology"),
]


def _brokerage_showcase(rng: random.Random, organiser: Organisation) -> int:
    """One brokerage event with 30 participants, their requests, and a computed schedule."""
    if Event.objects.filter(ref=SHOWCASE_REF).exists():
        return 0
    starts = SHOWCASE_DAY.astimezone(dt.UTC)
    now = starts - dt.timedelta(days=14)
    event = do_create_event(
        ref=SHOWCASE_REF,
        kind=EventKind.BROKERAGE,
        organiser=organiser,
        mode=AttendanceMode.HYBRID,
        title_zh="跨境生命科学一对一洽谈会（演示）",
        title_en="Cross-border life sciences 1:1 meetings (showcase)",
        description_zh="创业企业、投资机构、大企业与海外伙伴的一对一洽谈：现场或线上。",
        description_en="One-to-one meetings of startups, investors, corporates and overseas partners, on site or online.",
        venue_zh=organiser.name_zh or organiser.name_en,
        venue_en=organiser.name_en or organiser.name_zh,
        online_url=f"https://meet.example.org/{SHOWCASE_REF}",
        time_zone="Asia/Shanghai",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=4),
        status=EventStatus.PUBLISHED,
    )
    do_set_brokerage(
        event,
        tables=6,
        add_slots=[
            (starts + dt.timedelta(minutes=25 * n), starts + dt.timedelta(minutes=25 * n + 20))
            for n in range(8)
        ],
    )
    slots = list(BrokerageSlot.objects.filter(event=event))
    people = list(User.objects.filter(email__in=DEMO_ACCOUNTS).order_by("email"))
    for number in range(30 - len(people)):
        email = f"brokerage{number + 1:02d}@demo.hatchway.local"
        user = User.objects.filter(email=email).first() or User.objects.create_user(
            email,
            None,
            full_name=f"Participant {number + 1:02d}",
            language=rng.choice(["zh-hans", "en"]),
            time_zone=PARTICIPANT_ZONES[number % len(PARTICIPANT_ZONES)],
        )
        people.append(user)
    registrations = [do_register(event, user, now=now) for user in people]
    for registration in registrations:
        pitch = PITCHES[rng.randrange(len(PITCHES))]
        do_save_agenda_profile(
            registration,
            pitch_zh=pitch[0],
            pitch_en=pitch[1],
            listing_ids=list(Listing.objects.owned_by(registration.user).values_list("pk", flat=True)[:2]),
            mode=rng.choice(["onsite", "online", "either", "either"]),
            languages=rng.choice(["zh en", "en", "zh", "en de"]),
            slot_ids=[slot.pk for slot in slots if rng.random() < 0.8],
            max_meetings=rng.choice([None, 4, 6]),
        )
    asked: set[frozenset[int]] = set()
    for registration in registrations:
        for other in rng.sample(registrations, 4):
            pair = frozenset((registration.pk, other.pk))
            if other.pk == registration.pk or pair in asked:
                continue
            asked.add(pair)
            request = do_request_meeting(
                registration, other, priority=rng.choice([1, 2, 2, 3]), now=now, notify=False
            )
            answer = rng.random()
            if answer < 0.8:
                do_answer_meeting_request(request, accept=True, priority=rng.choice([1, 2, 3]), now=now)
            elif answer < 0.9:
                do_answer_meeting_request(request, accept=False, now=now)
    do_compute_schedule(event, now=now, notify=False, time_limit=10)
    return 1
