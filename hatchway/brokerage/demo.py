"""The demo brokerage showcase, created through the same actions organisers and participants use.

``build_demo_brokerage`` makes one brokerage event (``demo-brokerage-showcase``) of the first carrier
(with no carrier it creates nothing and returns 0) with 30 participants (the demo founder, investor and
talent among them), agenda profiles, meeting requests and a computed schedule. It has a fixed reference,
so a second run adds nothing; the same seed gives the same data.
"""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo

from django.db import transaction

from hatchway.accounts.models import User
from hatchway.brokerage.actions import (
    do_answer_meeting_request,
    do_compute_schedule,
    do_request_meeting,
    do_save_agenda_profile,
    do_set_brokerage,
)
from hatchway.brokerage.models import BrokerageSlot
from hatchway.directory.models import Organisation, OrganisationKind
from hatchway.events.actions import do_create_event, do_register
from hatchway.events.demo import DEMO_PREFIX
from hatchway.events.models import AttendanceMode, Event, EventKind, EventStatus
from hatchway.listings.models import Listing

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


@transaction.atomic
def build_demo_brokerage(*, seed: int = 2026) -> int:
    """Create the demo brokerage showcase if missing; return how many events were created."""
    carrier = Organisation.objects.filter(kind=OrganisationKind.CARRIER).order_by("id").first()
    if carrier is None:
        return 0
    return _brokerage_showcase(random.Random(f"{seed}-brokerage"), carrier)  # noqa: S311
