"""Tell people things: one notice per recipient, written in both languages, e-mailed in the recipient's."""

from __future__ import annotations

import datetime
import functools
import zoneinfo
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.functional import Promise

from hatchway.accounts.models import User
from hatchway.notices.models import Notice

LANGUAGES = (("zh", "zh-hans"), ("en", "en"))

Subject = Promise | str | Callable[[], str]


def _subject(subject: Subject) -> str:
    text = subject() if callable(subject) else str(subject)
    return " ".join(text.split())[:300]


def _zone(user: User) -> zoneinfo.ZoneInfo | None:
    try:
        return zoneinfo.ZoneInfo(user.time_zone) if user.time_zone else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def _absolute(url: str) -> str:
    return url if not url.startswith("/") else str(settings.SITE_URL) + url


def _send(notice: Notice, user: User) -> None:
    english = not (user.language or "").startswith("zh")
    subject = notice.subject_en if english else notice.subject_zh
    body = notice.body_en if english else notice.body_zh
    if notice.url:
        body = f"{body.rstrip()}\n\n{_absolute(notice.url)}\n"
    send_mail(subject, body, None, [user.email])
    Notice.objects.filter(pk=notice.pk).update(emailed=True)


def do_notify(
    recipients: Iterable[User],
    *,
    kind: str,
    subject: Subject,
    template: str,
    context: Mapping[str, Any] | None = None,
    url: str = "",
    email: bool = True,
    key: str = "",
) -> list[Notice]:
    """Write a notice to each active recipient (once per ``key``) and e-mail it after the commit.

    The subject and the body template are rendered in Chinese and in English with the recipient's time zone
    active, so the inbox follows the reader's language even after they switch it.
    """
    created: list[Notice] = []
    for user in {user.pk: user for user in recipients if user.is_active}.values():
        if key and Notice.objects.filter(recipient=user, key=key).exists():
            continue
        texts: dict[str, str] = {}
        with timezone.override(_zone(user)):
            for suffix, language in LANGUAGES:
                with translation.override(language):
                    texts[f"subject_{suffix}"] = _subject(subject)
                    texts[f"body_{suffix}"] = render_to_string(
                        template, {**(context or {}), "recipient": user}
                    ).strip()
        notice = Notice.objects.create(recipient=user, kind=kind, url=url, key=key, **texts)
        created.append(notice)
        if email and user.email:
            transaction.on_commit(functools.partial(_send, notice, user))
    return created


def do_mark_read(notice: Notice, *, now: datetime.datetime | None = None) -> Notice:
    if notice.read_at is None:
        notice.read_at = now or timezone.now()
        notice.save(update_fields=["read_at"])
    return notice


def do_mark_all_read(user: User, *, now: datetime.datetime | None = None) -> int:
    return Notice.objects.for_user(user).unread().update(read_at=now or timezone.now())
