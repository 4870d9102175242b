"""The demo competition edition, created through the same actions organisers use.

``build_demo_competition`` uses the carriers and enterprises already in the directory (with no carrier
it creates nothing and returns 0): one edition with its event, four tracks, a rubric, 72 sites (赛点)
hosted by carriers in the first round and a final, and entries of up to 216 enterprises. Its rows have
fixed references (``demo-…``), so a second run adds nothing; the same seed gives the same data.
"""

from __future__ import annotations

import random

from django.db import transaction

from hatchway.competitions.actions import (
    do_add_criterion,
    do_add_round,
    do_add_site,
    do_add_track,
    do_create_competition,
    do_enter_project,
)
from hatchway.competitions.models import Competition
from hatchway.directory.models import Organisation, OrganisationKind
from hatchway.events.demo import DEMO_PREFIX, TOPICS, demo_event
from hatchway.events.models import EventKind

SITES = 72


def _competition(rng: random.Random, carriers: list[Organisation], enterprises: list[Organisation]) -> int:
    ref = f"{DEMO_PREFIX}competition-2026"
    if Competition.objects.filter(ref=ref).exists():
        return 0
    organiser = carriers[0]
    event = demo_event(
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
def build_demo_competition(*, seed: int = 2026) -> int:
    """Create the demo competition and its event if missing; return how many events were created."""
    carriers = list(Organisation.objects.filter(kind=OrganisationKind.CARRIER).order_by("id"))
    if not carriers:
        return 0
    enterprises = list(
        Organisation.objects.filter(kind=OrganisationKind.ENTERPRISE).order_by("id")[: SITES * 3]
    )
    return _competition(random.Random(f"{seed}-competition"), carriers, enterprises)  # noqa: S311
