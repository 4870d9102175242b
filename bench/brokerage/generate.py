"""Brokerage instances with the structure of a real cross-border matchmaking day (deterministic by seed).

Startups, investors, corporates and overseas partners; startups mostly ask investors and corporates,
who ask startups back; a few popular investors attract many requests; about 30% of requests are
mutual; people arrive late, leave early and block a few slots; some are on site only, some online only.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from typing import cast

from hatchway.brokerage.scheduler import Instance, Mode, Participant, Request, Slot

ROLES = {  # share, modes (onsite, online, either), max meetings, whom they ask (role: weight)
    "startup": (
        0.50,
        (0.30, 0.10, 0.60),
        (8, 12),
        {"investor": 0.50, "corporate": 0.30, "overseas": 0.15, "startup": 0.05},
    ),
    "investor": (0.20, (0.30, 0.20, 0.50), (10, 16), {"startup": 0.85, "corporate": 0.05, "overseas": 0.10}),
    "corporate": (0.20, (0.50, 0.00, 0.50), (8, 12), {"startup": 0.80, "investor": 0.10, "overseas": 0.10}),
    "overseas": (0.10, (0.00, 0.70, 0.30), (6, 10), {"startup": 0.60, "investor": 0.30, "corporate": 0.10}),
}
ZONES = {
    "startup": ["Asia/Shanghai"],
    "investor": ["Asia/Shanghai", "Asia/Hong_Kong"],
    "corporate": ["Asia/Shanghai"],
    "overseas": ["Europe/Zurich", "America/Los_Angeles", "Asia/Singapore", "Europe/Berlin"],
}
SIZES = {300: (16, 50), 1000: (20, 150), 3000: (24, 300)}  # participants: (slots, tables)


def generate(
    participants: int, seed: int = 1, slots: int | None = None, tables: int | None = None
) -> Instance:
    rng = random.Random(seed)
    n_slots, n_tables = SIZES.get(participants, (20, max(50, participants // 10)))
    n_slots, n_tables = slots or n_slots, tables or n_tables
    shanghai = timezone(timedelta(hours=8))
    day = datetime(2026, 6, 18, 9, 0, tzinfo=shanghai)
    slot_list = []
    for i in range(n_slots):  # 20-minute meetings, 10-minute breaks, lunch after the first half
        start = day + timedelta(minutes=30 * i + (90 if i >= n_slots // 2 else 0))
        slot_list.append(Slot(f"s{i + 1:02d}", start, start + timedelta(minutes=20)))
    roles: list[str] = []
    for role, (share, *_rest) in ROLES.items():
        roles += [role] * round(share * participants)
    roles = (roles + ["startup"] * participants)[:participants]
    rng.shuffle(roles)
    ids = [f"{role[:3]}-{i:05d}" for i, role in enumerate(roles)]
    by_role: dict[str, list[int]] = {role: [i for i, r in enumerate(roles) if r == role] for role in ROLES}
    popularity = [rng.paretovariate(1.5) for _ in ids]
    people = []
    for i, role in enumerate(roles):
        _share, modes, (low, high), _asks = ROLES[role]
        mode = rng.choices(["onsite", "online", "either"], weights=modes)[0]
        first = rng.choices(range(n_slots), weights=[8] + [1] * (n_slots - 1))[0] if rng.random() < 0.3 else 0
        last = n_slots - 1 - (rng.randrange(n_slots // 3) if rng.random() < 0.3 else 0)
        window = list(range(first, max(first, last) + 1))
        blocked = set(rng.sample(window, min(len(window) - 1, rng.randrange(4))))
        available = tuple(slot_list[s].id for s in window if s not in blocked)
        max_meetings = rng.randint(low, high) if rng.random() < 0.9 else None
        people.append(Participant(ids[i], available, cast(Mode, mode), max_meetings, rng.choice(ZONES[role])))
    asked: dict[tuple[int, int], int] = {}
    outgoing = [0] * participants
    for i, role in enumerate(roles):
        wanted = rng.randint(5, 20)
        asks = ROLES[role][3]
        tries = 0
        while outgoing[i] < wanted and tries < 200:
            tries += 1
            target_role = rng.choices(list(asks), weights=list(asks.values()))[0]
            pool = by_role[target_role]
            j = rng.choices(pool, weights=[popularity[k] for k in pool])[0] if pool else i
            if j == i or (i, j) in asked:
                continue
            asked[i, j] = rng.choices([3, 2, 1], weights=[0.25, 0.40, 0.35])[0]
            outgoing[i] += 1
    for i, j in list(asked):  # about 30% of requests end up mutual
        if (j, i) not in asked and outgoing[j] < 20 and rng.random() < 0.23:
            asked[j, i] = rng.choices([3, 2, 1], weights=[0.35, 0.40, 0.25])[0]
            outgoing[j] += 1
    requests = tuple(Request(ids[i], ids[j], p) for (i, j), p in asked.items())
    return Instance(tuple(slot_list), n_tables, tuple(people), requests)
