"""The nouns of the brokerage scheduler: an instance to schedule and the schedule found for it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

Mode = Literal["onsite", "online", "either"]
MeetingMode = Literal["onsite", "online"]
MODES: tuple[Mode, ...] = ("onsite", "online", "either")


@dataclass(frozen=True, slots=True)
class Slot:
    """A time slot in which each participant can hold one meeting."""

    id: str
    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class Participant:
    """Someone who meets others; ``max_meetings`` None means as many as there are slots."""

    id: str
    available: tuple[str, ...]
    mode: Mode = "either"
    max_meetings: int | None = None
    time_zone: str | None = None


@dataclass(frozen=True, slots=True)
class Request:
    """``sender`` asks to meet ``receiver``: priority 3 must, 2 should, 1 could."""

    sender: str
    receiver: str
    priority: int


@dataclass(frozen=True, slots=True)
class Meeting:
    """A meeting of ``a`` and ``b`` in a slot, at a table (1-based) when on site."""

    a: str
    b: str
    slot: str
    mode: MeetingMode
    table: int | None = None


@dataclass(frozen=True, slots=True)
class Instance:
    """Everything the scheduler needs; ``fixed`` meetings (held or confirmed) are kept as they are."""

    slots: tuple[Slot, ...]
    tables: int
    participants: tuple[Participant, ...]
    requests: tuple[Request, ...]
    fixed: tuple[Meeting, ...] = ()


@dataclass(frozen=True, slots=True)
class Schedule:
    """The meetings found, their total value and the upper bound no schedule can exceed."""

    meetings: tuple[Meeting, ...]
    value: int
    upper_bound: int
    participants_without_meeting: tuple[str, ...]
    method: str = ""
    stats: dict[str, float] = field(default_factory=dict)


class InvalidInstance(ValueError):
    """The instance cannot be scheduled; ``errors`` locate each problem (``slots[2]: ...``)."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors
