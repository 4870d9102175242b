"""API: the signed-in person's notices."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from hatchway.accounts.access import check_signed_in
from hatchway.api import ErrorOut, Pagination
from hatchway.notices.access import access_inbox, access_notice
from hatchway.notices.actions import do_mark_all_read, do_mark_read
from hatchway.notices.models import Notice, NoticeQuerySet

router = Router(tags=["notices"])


class NoticeOut(Schema):
    id: int
    kind: str
    subject: str
    body: str
    subject_zh: str
    subject_en: str
    body_zh: str
    body_en: str
    url: str
    created_at: datetime
    read_at: datetime | None


class ReadAllOut(Schema):
    marked: int


@router.get("/notices", response={200: list[NoticeOut], 401: ErrorOut}, summary="My notices, newest first")
@paginate(Pagination)
def list_notices(request: HttpRequest, unread: bool = False) -> NoticeQuerySet:
    notices = access_inbox(request.user)
    return notices.unread() if unread else notices


@router.post(
    "/notices/{notice_id}/read",
    response={200: NoticeOut, 401: ErrorOut, 404: ErrorOut},
    summary="Mark one notice read",
)
def read_notice(request: HttpRequest, notice_id: int) -> Notice:
    return do_mark_read(access_notice(request.user, notice_id))


@router.post("/notices/read-all", response={200: ReadAllOut, 401: ErrorOut}, summary="Mark all read")
def read_all_notices(request: HttpRequest) -> ReadAllOut:
    return ReadAllOut(marked=do_mark_all_read(check_signed_in(request.user)))
