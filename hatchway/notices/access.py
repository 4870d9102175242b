"""A notice is its recipient's alone."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from hatchway.accounts.access import check_signed_in
from hatchway.accounts.models import User
from hatchway.errors import NotFound
from hatchway.notices.models import Notice, NoticeQuerySet


def access_inbox(user: User | AnonymousUser) -> NoticeQuerySet:
    return Notice.objects.for_user(check_signed_in(user))


def access_notice(user: User | AnonymousUser, notice_id: int) -> Notice:
    notice = access_inbox(user).filter(pk=notice_id).first()
    if notice is None:
        raise NotFound()
    return notice
