"""The brokerage-meeting scheduler: who meets whom, when, on site or online, at which table.

Framework-free: plain dataclasses in, a Schedule out. See docs/scheduler.md for the model.
"""

from ._check import check_schedule
from ._fairness import could_have_met
from ._model import (
    Instance,
    InvalidInstance,
    Meeting,
    MeetingMode,
    Mode,
    Participant,
    Request,
    Schedule,
    Slot,
)
from ._parse import check_instance, instance_to_data, parse_instance, schedule_to_data
from ._solve import greedy_schedule, optimise_schedule, upper_bound
from ._state import meeting_value

__all__ = [
    "Instance",
    "InvalidInstance",
    "Meeting",
    "MeetingMode",
    "Mode",
    "Participant",
    "Request",
    "Schedule",
    "Slot",
    "check_instance",
    "check_schedule",
    "could_have_met",
    "greedy_schedule",
    "instance_to_data",
    "meeting_value",
    "optimise_schedule",
    "parse_instance",
    "schedule_to_data",
    "upper_bound",
]
