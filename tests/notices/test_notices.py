"""Notices: each person reads what the platform tells them, in their own language and time zone."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext_lazy

from hatchway.notices.actions import do_notify
from hatchway.notices.models import Notice

pytestmark = pytest.mark.django_db(transaction=False)

# A body template of the tests' own, written to a temporary template folder.
BODY = "notices/body_for_tests.txt"


@pytest.fixture(autouse=True)
def _body_template(settings, tmp_path):
    folder = tmp_path / "templates" / "notices"
    folder.mkdir(parents=True)
    (folder / "body_for_tests.txt").write_text(
        "{% load i18n %}{% translate 'Sign in' %}: {{ when|date:'Y-m-d H:i' }} {{ recipient.email }}",
        encoding="utf-8",
    )
    engine = {**settings.TEMPLATES[0], "DIRS": [tmp_path / "templates", *settings.TEMPLATES[0]["DIRS"]]}
    # Assigning the whole setting (not mutating it) makes Django rebuild its cached template engines.
    settings.TEMPLATES = [engine, *settings.TEMPLATES[1:]]


def notify(recipients, **overrides):
    fields: dict[str, Any] = {
        "kind": "tests.hello",
        "subject": gettext_lazy("Notices"),
        "template": BODY,
        "context": {"when": dt.datetime(2026, 11, 26, 8, 0, tzinfo=dt.UTC)},
        "url": "/notices/",
    }
    fields.update(overrides)
    return do_notify(recipients, **fields)


def test_a_notice_is_written_in_both_languages_with_the_recipients_time_zone(
    founder, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        (notice,) = notify([founder])
    assert notice.subject_zh == "通知"
    assert notice.subject_en == "Notices"
    # 08:00 UTC is 09:00 in Berlin, where the founder lives.
    assert notice.body_en == "Sign in: 2026-11-26 09:00 founder@example.de"
    assert notice.body_zh.startswith("登录")
    with translation.override("en"):
        assert notice.subject == "Notices"
    with translation.override("zh-hans"):
        assert notice.subject == "通知"


def test_the_email_goes_out_in_the_recipients_language_after_the_commit(
    founder, incubator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify([founder, incubator])
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    by_address = {message.to[0]: message for message in mail.outbox}
    assert by_address["founder@example.de"].subject == "Notices"
    assert by_address["incubator@example.org"].subject == "通知"
    assert by_address["founder@example.de"].body.endswith(f"{settings.SITE_URL}/notices/\n")
    assert Notice.objects.filter(emailed=True).count() == 2


def test_a_key_makes_the_notice_idempotent(founder, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify([founder], key="run:1")
        again = notify([founder], key="run:1")
    assert again == []
    assert Notice.objects.filter(recipient=founder).count() == 1
    assert len(mail.outbox) == 1


def test_no_email_when_the_sender_asks_for_in_app_only(founder, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify([founder], email=False)
    assert mail.outbox == []
    assert Notice.objects.filter(recipient=founder, emailed=False).count() == 1


def test_inactive_people_get_nothing(founder):
    founder.is_active = False
    founder.save()
    assert notify([founder]) == []


def test_the_inbox_shows_only_ones_own_notices_and_counts_unread_in_the_header(founder, stranger, client_as):
    notify([founder], subject="Founder's news")
    notify([stranger], subject="Stranger's secret")
    page = client_as(founder).get("/notices/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Founder&#x27;s news" in text
    assert "Stranger" not in text
    assert 'id="nav-notices"' in text
    assert ">1</mark>" in text


def test_opening_a_notice_marks_it_read_and_follows_its_link(founder, client_as):
    (notice,) = notify([founder], url="/events/")
    with time_machine.travel(dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.UTC), tick=False):
        response = client_as(founder).post(f"/notices/{notice.pk}/open/")
    assert response.status_code == 302
    assert response["Location"] == "/events/"
    notice.refresh_from_db()
    assert notice.read_at == dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.UTC)


def test_a_link_to_another_site_is_never_followed(founder, client_as):
    (notice,) = notify([founder], url="https://evil.example.com/")
    response = client_as(founder).post(f"/notices/{notice.pk}/open/")
    assert response["Location"] == "/notices/"


def test_someone_elses_notice_cannot_be_opened(founder, stranger, client_as):
    (notice,) = notify([founder])
    assert client_as(stranger).post(f"/notices/{notice.pk}/open/").status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_visitors_are_sent_to_sign_in(client):
    response = client.get("/notices/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/")


def test_the_api_lists_reads_and_marks_all_read(founder, stranger, api_as):
    (first,) = notify([founder])
    notify([founder])
    notify([stranger])
    api = api_as(founder)
    listing = api.get("/notices?unread=true").json()
    assert listing["count"] == 2
    assert {item["subject_en"] for item in listing["items"]} == {"Notices"}
    assert api.post(f"/notices/{first.pk}/read").json()["read_at"] is not None
    assert api.get("/notices?unread=true").json()["count"] == 1
    assert api.post("/notices/read-all").json() == {"marked": 1}
    assert api.get("/notices?unread=true").json()["count"] == 0
    assert api_as(stranger).post(f"/notices/{first.pk}/read").status_code == 404
    assert api_as(None).get("/notices").status_code == 401
