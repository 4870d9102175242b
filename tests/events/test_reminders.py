"""Reminder e-mails: once per registration, in the recipient's language and time zone."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.core import mail

from hatchway.events.actions import do_register, do_send_event_reminders
from hatchway.events.models import Registration
from tests.conftest import make_user
from tests.events.conftest import NOW, carrier_of, make_event

pytestmark = pytest.mark.usefixtures("frozen")


def _tomorrow(incubator, **fields):
    return make_event(
        carrier_of(incubator),
        title_en="Biotech roadshow",
        title_zh="生物科技路演",
        starts_at=NOW + dt.timedelta(hours=20),
        ends_at=NOW + dt.timedelta(hours=23),
        **fields,
    )


def test_people_with_a_place_are_reminded_once_in_their_language(incubator, founder):
    event = _tomorrow(incubator)
    reader = make_user(language="zh-hans", time_zone="Asia/Shanghai")
    english = do_register(event, founder)
    do_register(event, reader)

    assert do_send_event_reminders(NOW) == 2
    assert do_send_event_reminders(NOW + dt.timedelta(minutes=5)) == 0

    by_address = {message.to[0]: message for message in mail.outbox}
    assert len(mail.outbox) == 2
    assert "Biotech roadshow" in by_address["founder@example.de"].subject
    assert english.code in by_address["founder@example.de"].body
    assert "2026-03-03 06:00" in by_address["founder@example.de"].body  # 05:00 UTC in Berlin
    assert "生物科技路演" in by_address[reader.email].subject
    assert "2026-03-03 13:00" in by_address[reader.email].body  # in Shanghai
    assert Registration.objects.filter(reminded_at=NOW).count() == 2


def test_nobody_without_a_place_or_far_from_the_event_is_reminded(incubator, founder, talent):
    tomorrow = _tomorrow(incubator, capacity=1)
    do_register(tomorrow, founder)
    do_register(tomorrow, talent)  # waiting list
    later = make_event(carrier_of(incubator), starts_at=NOW + dt.timedelta(days=3))
    do_register(later, make_user())

    assert do_send_event_reminders(NOW) == 1
    assert [message.to for message in mail.outbox] == [["founder@example.de"]]


def test_a_reminder_that_could_not_be_sent_is_tried_again_on_the_next_run(incubator, founder):
    do_register(_tomorrow(incubator), founder)
    with mock.patch("hatchway.events.actions.send_mail", side_effect=OSError("mail server down")):
        assert do_send_event_reminders(NOW) == 0
    assert Registration.objects.get().reminded_at is None
    assert do_send_event_reminders(NOW + dt.timedelta(hours=1)) == 1
    assert len(mail.outbox) == 1
