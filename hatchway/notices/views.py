"""Pages: the person's inbox of notices."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from hatchway.accounts.access import check_signed_in
from hatchway.notices.access import access_inbox, access_notice
from hatchway.notices.actions import do_mark_all_read, do_mark_read

PAGE_SIZE = 30


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    notices = access_inbox(request.user)
    unread = request.GET.get("show") == "unread"
    if unread:
        notices = notices.unread()
    page = Paginator(notices, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notices/inbox.html", {"page": page, "unread_only": unread})


@login_required
@require_POST
def notice_open(request: HttpRequest, notice_id: int) -> HttpResponse:
    """Mark the notice read and follow its link (only ever to this site)."""
    notice = do_mark_read(access_notice(request.user, notice_id))
    if notice.url and url_has_allowed_host_and_scheme(notice.url, allowed_hosts={request.get_host()}):
        return redirect(notice.url)
    return redirect("notices:inbox")


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    do_mark_all_read(check_signed_in(request.user))
    return redirect("notices:inbox")
