"""Pages from interest to outcome: express interest, my matches, one match and its stages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hatchway.accounts.models import User
from hatchway.directory.models import Organisation
from hatchway.directory.taxonomy import minor_units
from hatchway.errors import Conflict, Forbidden, InvalidInput, NotFound
from hatchway.listings.access import Viewer, access_listing, viewer_of
from hatchway.pipeline.access import (
    access_interest,
    access_match,
    listing_owner_name,
    on_first_side,
    on_listing_side,
    party_name,
)
from hatchway.pipeline.actions import (
    do_accept_interest,
    do_express_interest,
    do_move_match,
    do_withdraw_interest,
)
from hatchway.pipeline.models import Interest, Match, MatchStage, MatchStageChange

ERRORS = (Conflict, InvalidInput, Forbidden, NotFound)


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def interest_row(interest: Interest, viewer: Viewer) -> dict[str, Any]:
    return {
        "interest": interest,
        "party": party_name(interest, viewer),
        "owner": listing_owner_name(interest.target, viewer),
        "mine": on_first_side(viewer, interest),
        "can_accept": on_listing_side(viewer, interest)
        and not interest.is_withdrawn
        and not interest.match_id,
    }


@login_required
@require_POST
def interest_create(request: HttpRequest) -> HttpResponse:
    """The interest form's post: answers the form fragment (htmx) or goes back to the target listing."""
    assert isinstance(request.user, User)
    target_id = _int(request.POST.get("target"))
    if target_id is None:
        raise NotFound()
    target = access_listing(request.user, target_id)
    source_id = _int(request.POST.get("source"))
    source = access_listing(request.user, source_id) if source_id is not None else None
    organisation_id = _int(request.POST.get("organisation"))
    organisation = Organisation.objects.filter(pk=organisation_id).first() if organisation_id else None
    error = ""
    interest: Interest | None = None
    try:
        interest = do_express_interest(
            request.user,
            target,
            source=source,
            organisation=organisation,
            message=request.POST.get("message", ""),
        )
    except ERRORS as problem:
        error = str(problem.message)
    if _is_htmx(request):
        context = {
            "source": source,
            "target": target,
            "interest": interest,
            "error": error,
            "form_id": request.POST.get("form_id", "")[:40],
        }
        return render(request, "pipeline/_interest_form.html", context, status=200)
    if error:
        messages.error(request, error)
    elif interest is not None and interest.match_id:
        messages.success(request, _("Both sides are interested: this is now a match."))
        return redirect("matching:match_detail", interest.match_id)
    else:
        messages.success(request, _("Your interest was sent. The other side has been told."))
    return redirect("listings:detail", target.pk)


@login_required
@require_POST
def interest_withdraw(request: HttpRequest, interest_id: int) -> HttpResponse:
    assert isinstance(request.user, User)
    interest = access_interest(request.user, interest_id, write=True)
    try:
        do_withdraw_interest(interest, request.user)
        messages.success(request, _("Your interest is withdrawn."))
    except ERRORS as problem:
        messages.error(request, str(problem.message))
    return redirect("matching:my_matches")


@login_required
@require_POST
def interest_accept(request: HttpRequest, interest_id: int) -> HttpResponse:
    assert isinstance(request.user, User)
    interest = access_interest(request.user, interest_id, write=True)
    try:
        match = do_accept_interest(interest, request.user, message=request.POST.get("message", ""))
    except ERRORS as problem:
        messages.error(request, str(problem.message))
        return redirect("matching:my_matches")
    messages.success(request, _("Both sides are interested: this is now a match."))
    return redirect("matching:match_detail", match.pk)


def _stage_groups(matches: list[Match]) -> list[dict[str, Any]]:
    """Open matches by stage in pipeline order, then won, then lost."""
    order = {stage: index for index, stage in enumerate(MatchStage.values)}
    groups: dict[str, list[Match]] = {}
    for match in sorted(matches, key=lambda m: (m.stage == MatchStage.LOST, m.is_won, order[m.stage])):
        groups.setdefault(match.stage, []).append(match)
    return [
        {"stage": stage, "label": MatchStage(stage).label, "matches": rows} for stage, rows in groups.items()
    ]


@login_required
@require_GET
def my_matches(request: HttpRequest) -> HttpResponse:
    """Incoming and outgoing interests, and matches by stage, for the person and their organisations."""
    assert isinstance(request.user, User)
    viewer = viewer_of(request.user)
    incoming = (
        Interest.objects.incoming_for(request.user).active().filter(match__isnull=True).for_display()[:100]
    )
    outgoing = (
        Interest.objects.outgoing_for(request.user).active().filter(match__isnull=True).for_display()[:100]
    )
    matches = list(Match.objects.involving(request.user).for_display()[:200])
    for match in matches:
        match.first_name = party_name(match, viewer)  # type: ignore[attr-defined]
        match.second_name = listing_owner_name(match.target, viewer)  # type: ignore[attr-defined]
    return render(
        request,
        "pipeline/match_list.html",
        {
            "incoming": [interest_row(interest, viewer) for interest in incoming],
            "outgoing": [interest_row(interest, viewer) for interest in outgoing],
            "groups": _stage_groups(matches),
            "match_count": len(matches),
        },
    )


def _match_context(request: HttpRequest, match: Match, error: str = "") -> dict[str, Any]:
    viewer = viewer_of(request.user)
    history = MatchStageChange.objects.filter(match=match).select_related("changed_by")
    return {
        "match": match,
        "first_name": party_name(match, viewer),
        "second_name": listing_owner_name(match.target, viewer),
        "history": history,
        "moves": [(stage, MatchStage(stage).label) for stage in match.next_stages],
        "stages": [(stage, MatchStage(stage).label) for stage in match.stages],
        "won_stage": match.spec.won,
        "error": error,
        "today": timezone.localdate().isoformat(),
    }


@login_required
@require_GET
def match_detail(request: HttpRequest, match_id: int) -> HttpResponse:
    match = access_match(request.user, match_id)
    return render(request, "pipeline/match_detail.html", _match_context(request, match))


@login_required
@require_POST
def match_move(request: HttpRequest, match_id: int) -> HttpResponse:
    """Move a match to a stage; the winning stage also takes the deal's value and evidence number."""
    assert isinstance(request.user, User)
    match = access_match(request.user, match_id, write=True)
    value = request.POST.get("value", "").strip().replace(",", "")
    error = ""
    value_minor: int | None = None
    currency = request.POST.get("currency", "").strip().upper()
    if value:
        try:
            value_minor = int(Decimal(value) * 10 ** minor_units(currency or "CNY"))
        except (InvalidOperation, ValueError, LookupError):
            error = _("“%(value)s” is not an amount. Write a number, such as 5000000.") % {"value": value}
    occurred_on: dt.date | None = None
    if request.POST.get("occurred_on"):
        try:
            occurred_on = dt.date.fromisoformat(request.POST["occurred_on"])
        except ValueError:
            error = _("Write the date it happened, as YYYY-MM-DD.")
    if not error:
        try:
            match = do_move_match(
                match,
                request.user,
                request.POST.get("stage", ""),
                note=request.POST.get("note", ""),
                value_minor=value_minor,
                currency=currency,
                evidence_number=request.POST.get("evidence_number", ""),
                occurred_on=occurred_on,
            )
        except ERRORS as problem:
            error = str(problem.message)
    if error:
        match = access_match(request.user, match_id)
        return render(
            request, "pipeline/match_detail.html", _match_context(request, match, error), status=422
        )
    messages.success(request, _("The match is now “%(stage)s”.") % {"stage": MatchStage(match.stage).label})
    return redirect("matching:match_detail", match.pk)
