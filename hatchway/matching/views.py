"""Pages: "Recommended for you" on a listing's page and on the workspace (htmx fragments); feedback buttons.

Each card's footer shows the templates in ``CARD_ACTIONS``, each given the card's ``source``, ``target`` and
``feedback``. Matching puts its feedback buttons there; the pipeline adds its "Express interest" form from its
``AppConfig.ready`` (matching knows nothing of interests: the arrow points from the pipeline to matching).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hatchway.accounts.models import User
from hatchway.directory.models import Organisation
from hatchway.errors import Conflict, Forbidden, InvalidInput, NotAuthenticated, NotFound
from hatchway.listings.access import Viewer, access_listing, request_viewer
from hatchway.matching.actions import do_give_feedback
from hatchway.matching.models import Feedback
from hatchway.matching.recommend import (
    Recommendation,
    access_recommendation_owner,
    reason_texts,
    recommend_for_listing,
    recommend_for_owner,
    with_highlights,
)

# Cards shown on a page.
SHOWN = 5

# The templates in each card's footer, for the owner of the card's source listing (see the docstring).
CARD_ACTIONS: list[str] = ["matching/_feedback_buttons.html"]

ERRORS = (Conflict, InvalidInput, Forbidden, NotFound)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _cards(viewer: Viewer, items: list[Recommendation]) -> list[dict[str, Any]]:
    items = with_highlights(items)
    texts = reason_texts(items)
    feedback = {}
    if viewer.user is not None and items:
        given = Feedback.objects.filter(
            user=viewer.user,
            source__in={item.source.pk for item in items},
            target__in=[item.target.pk for item in items],
        )
        feedback = {(row.source_id, row.target_id): row for row in given}
    return [
        {
            "item": item,
            "source": item.source,
            "target": item.target,
            "owner": item.target.owner_name if item.shows_owner else None,
            "fits": [text for reason, text in texts[item.target.pk] if reason.is_fit],
            "gaps": [text for reason, text in texts[item.target.pk] if not reason.is_fit],
            "can_act": viewer.can_edit(item.source),
            "feedback": feedback.get((item.source.pk, item.target.pk)),
        }
        for item in items
    ]


@require_GET
def listing_recommendations(request: HttpRequest, listing_id: int) -> HttpResponse:
    viewer = request_viewer(request)
    try:
        listing = access_listing(request.user, listing_id, viewer=viewer)
    except NotAuthenticated:
        return redirect_to_login(request.get_full_path())
    if not viewer.sees_owner(listing):
        return HttpResponse("")  # an anonymous listing's results are for those who know its owner
    items = recommend_for_listing(viewer, listing, limit=SHOWN)
    return render(
        request,
        "matching/_recommendations.html",
        {
            "cards": _cards(viewer, items),
            "listing": listing,
            "for_owner": viewer.can_edit(listing),
            "show_source": False,
            "card_actions": CARD_ACTIONS,
        },
    )


@login_required
@require_GET
def recommendations(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("organisation", "").strip()
    if raw and not raw.isdigit():
        raise InvalidInput()
    viewer, organisation = access_recommendation_owner(request.user, int(raw) if raw else None)
    if organisation is None and not raw:
        # The workspace: every organisation of the viewer's, and their own listings as a person.
        items: list[Recommendation] = []
        for member_of in Organisation.objects.filter(pk__in=viewer.organisation_ids).order_by("pk"):
            items.extend(recommend_for_owner(viewer, member_of, limit=SHOWN))
        items.extend(recommend_for_owner(viewer, None, limit=SHOWN))
        items.sort(key=lambda item: (-item.score, -item.similarity, item.target.pk))
        items = items[:SHOWN]
    else:
        items = recommend_for_owner(viewer, organisation, limit=SHOWN)
    return render(
        request,
        "matching/_recommendations.html",
        {
            "cards": _cards(viewer, items),
            "listing": None,
            "for_owner": True,
            "show_source": True,
            "card_actions": CARD_ACTIONS,
        },
    )


@login_required
@require_POST
def feedback_create(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    source_id, target_id = _int(request.POST.get("source")), _int(request.POST.get("target"))
    if source_id is None or target_id is None:
        raise NotFound()
    source = access_listing(request.user, source_id, write=True)
    target = access_listing(request.user, target_id)
    feedback = None
    error = ""
    try:
        feedback = do_give_feedback(request.user, source, target, request.POST.get("verdict", ""))
    except ERRORS as problem:
        error = str(problem.message)
    if request.headers.get("HX-Request") == "true":
        context = {"source": source, "target": target, "feedback": feedback, "error": error}
        return render(request, "matching/_feedback_buttons.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Thank you: similar results will be shown lower."))
    return redirect("listings:detail", source.pk)
