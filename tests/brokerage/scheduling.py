"""Small brokerage instances written the way a reader thinks of them."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hatchway.brokerage.scheduler import Instance, Meeting, Participant, Request, Slot

ZURICH_SUMMER = timezone(timedelta(hours=2))


def slots(count: int) -> tuple[Slot, ...]:
    """s1, s2, ...: 20-minute slots every half hour from 09:00 (+02:00)."""
    day = datetime(2026, 5, 4, 9, 0, tzinfo=ZURICH_SUMMER)
    return tuple(
        Slot(f"s{i + 1}", day + timedelta(minutes=30 * i), day + timedelta(minutes=30 * i + 20))
        for i in range(count)
    )


def person(
    id: str, available: str = "s1 s2", mode: str = "either", max_meetings: int | None = None
) -> Participant:
    return Participant(id, tuple(available.split()), mode, max_meetings)  # type: ignore[arg-type]


def build(
    people: list[Participant],
    requests: str,
    *,
    slot_count: int = 2,
    tables: int = 5,
    fixed: tuple[Meeting, ...] = (),
) -> Instance:
    """``requests`` reads "a>b:3 b>a:1": a asks b with priority 3, b asks a with priority 1."""
    parsed = []
    for item in requests.split():
        pair, priority = item.split(":")
        sender, receiver = pair.split(">")
        parsed.append(Request(sender, receiver, int(priority)))
    return Instance(slots(slot_count), tables, tuple(people), tuple(parsed), fixed)


def pairs(meetings: tuple[Meeting, ...]) -> set[frozenset[str]]:
    return {frozenset((m.a, m.b)) for m in meetings}
