"""Helpers for brokerage tests: a brokerage event with slots and tables, and participants in it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hatchway.accounts.models import User
from hatchway.brokerage import actions
from hatchway.brokerage.actions import do_answer_meeting_request, do_request_meeting, do_set_brokerage
from hatchway.brokerage.models import BrokerageSlot, MeetingRequest
from hatchway.brokerage.scheduler import optimise_schedule
from hatchway.directory.models import Organisation
from hatchway.events.actions import do_cancel_registration, do_register
from hatchway.events.models import Event, Registration
from tests.conftest import make_user
from tests.events.conftest import NOW, make_event

# The event day: 09:00 Shanghai time, 01:00 UTC, 02:00 in Berlin (winter time).
DAY = dt.datetime(2026, 3, 12, 1, 0, tzinfo=dt.UTC)


def make_brokerage(organiser: Organisation, *, slots: int = 4, tables: int = 2, **fields: Any) -> Event:
    """A published brokerage event with ``slots`` slots of 20 minutes, 5 minutes apart."""
    fields.setdefault("title_en", "Life sciences 1:1 meetings")
    fields.setdefault("title_zh", "生命科学一对一洽谈会")
    event = make_event(
        organiser, kind="brokerage", starts_at=DAY, ends_at=DAY + dt.timedelta(hours=4), **fields
    )
    do_set_brokerage(
        event,
        tables=tables,
        add_slots=[
            (DAY + dt.timedelta(minutes=25 * n), DAY + dt.timedelta(minutes=25 * n + 20))
            for n in range(slots)
        ],
    )
    return event


def join(event: Event, user: User | None = None, **fields: Any) -> Registration:
    """Register a person (a new one unless given) with a confirmed place."""
    registration = do_register(event, user or make_user(**fields), now=NOW)
    assert registration.status == "confirmed"
    return registration


def agree(sender: Registration, receiver: Registration, priority: int = 3, reply: int = 2) -> MeetingRequest:
    """A request that the other side accepted."""
    request = do_request_meeting(sender, receiver, priority=priority, now=NOW)
    return do_answer_meeting_request(request, accept=True, priority=reply, now=NOW)


def slots_of(event: Event) -> list[BrokerageSlot]:
    return list(BrokerageSlot.objects.filter(event=event))


def cancel_while_computing(event: Event, monkeypatch: Any) -> None:
    """The talent cancels their place while the worker computes: the schedule found no longer fits."""
    talent = event.registrations.get(user__email__startswith="talent")

    def meanwhile(instance: Any, **kwargs: Any) -> Any:
        schedule = optimise_schedule(instance, **kwargs)
        do_cancel_registration(talent, now=NOW)
        return schedule

    monkeypatch.setattr(actions, "optimise_schedule", meanwhile)
