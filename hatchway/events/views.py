"""Pages: event list and detail, registration, my registrations, the organiser's registration list
with check-in; competitions, the judges' scoring pages and the results with raw and calibrated rankings."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hatchway.accounts.access import check_signed_in
from hatchway.accounts.models import available_time_zones
from hatchway.directory.access import is_operator
from hatchway.directory.models import Membership, Organisation, OrganisationKind
from hatchway.errors import HatchwayError, NotFound
from hatchway.events.access import (
    access_competition,
    access_entry,
    access_entry_to_mark,
    access_event,
    access_panel_site,
    access_registration,
    access_results,
    can_manage_competition,
    can_manage_event,
    visible_events,
)
from hatchway.events.actions import (
    do_advance_entries,
    do_approve_registration,
    do_cancel_registration,
    do_check_in,
    do_create_event,
    do_declare_conflict,
    do_decline_registration,
    do_give_award,
    do_record_attendance,
    do_register,
    do_score_entry,
)
from hatchway.events.forms import CheckInForm, EventForm, ScoreForm
from hatchway.events.ics import invitation
from hatchway.events.models import (
    Attendance,
    Award,
    Criterion,
    Entry,
    EventKind,
    PanelSeat,
    Registration,
    RegistrationStatus,
    Round,
    Score,
    Site,
)
from hatchway.events.results import round_results

PAGE_SIZE = 25


def _report(form: BaseForm, error: Exception) -> None:
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    elif isinstance(error, HatchwayError) and error.details.get("errors"):
        for item in error.details["errors"]:
            field = str(item.get("location", "")).removeprefix("body.")
            form.add_error(field if field in form.fields else None, str(item["message"]))
    else:
        form.add_error(None, str(getattr(error, "message", error)))


@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    kind = request.GET.get("kind", "")
    past = request.GET.get("past") == "1"
    events = visible_events(request.user).search(query)
    if kind in EventKind.values:
        events = events.filter(kind=kind)
    now = timezone.now()
    events = (
        events.filter(ends_at__lt=now).order_by("-starts_at") if past else events.filter(ends_at__gte=now)
    )
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "events/event_list.html",
        {"page": page, "query": query, "kind": kind, "past": past, "kinds": EventKind.choices},
    )


@require_GET
def event_detail(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access_event(request.user, event_id)
    registration = None
    if request.user.is_authenticated:
        registration = Registration.objects.filter(event=event, user_id=request.user.pk).first()
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "registration": registration,
            "manager": can_manage_event(request.user, event),
            "open": event.status == "published" and event.ends_at > timezone.now(),
        },
    )


@login_required
@require_POST
def event_register(request: HttpRequest, event_id: int) -> HttpResponse:
    user = check_signed_in(request.user)
    event = access_event(user, event_id)
    try:
        registration = do_register(event, user, note=request.POST.get("note", "")[:500])
    except HatchwayError as error:
        messages.error(request, str(error.message))
    else:
        outcome: dict[str, str] = {
            RegistrationStatus.CONFIRMED: _("You have a place. Your check-in code is %(code)s."),
            RegistrationStatus.WAITLISTED: _(
                "The event is full: you are on the waiting list, and get a place when one frees up."
            ),
            RegistrationStatus.PENDING: _("Registered. The organiser will approve your registration."),
        }
        messages.success(
            request, outcome.get(registration.status, _("Registered.")) % {"code": registration.code}
        )
    return redirect("events:event_detail", event_id=event.pk)


@login_required
@require_POST
def registration_cancel(request: HttpRequest, registration_id: int) -> HttpResponse:
    registration = access_registration(request.user, registration_id, write=True)
    try:
        do_cancel_registration(registration)
    except HatchwayError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Your registration is cancelled."))
    if request.POST.get("next") == "mine":
        return redirect("events:my_registrations")
    return redirect("events:event_detail", event_id=registration.event_id)


@login_required
@require_GET
def event_invitation(request: HttpRequest, event_id: int) -> HttpResponse:
    user = check_signed_in(request.user)
    event = access_event(user, event_id)
    registration = Registration.objects.filter(event=event, user=user).first()
    response = HttpResponse(
        invitation(event, user, registration), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


@login_required
@require_GET
def my_registrations(request: HttpRequest) -> HttpResponse:
    registrations = (
        Registration.objects.filter(user=check_signed_in(request.user))
        .select_related("event__organiser")
        .order_by("-event__starts_at")
    )
    page = Paginator(registrations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "events/my_registrations.html", {"page": page})


def _organisers(request: HttpRequest) -> Any:
    organisations = Organisation.objects.filter(
        kind__in=[OrganisationKind.CARRIER, OrganisationKind.PLATFORM]
    )
    if is_operator(request.user):
        return organisations
    return organisations.filter(
        pk__in=Membership.objects.filter(user=check_signed_in(request.user)).values("organisation_id")
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest) -> HttpResponse:
    organisers = _organisers(request)
    if not organisers.exists():
        raise NotFound()
    zone = request.POST.get("time_zone", "")
    # The times an organiser types are times at the venue.
    with timezone.override(zone if zone in available_time_zones() else timezone.get_current_timezone()):
        form = EventForm(request.POST or None, organisers=organisers)
        if request.method == "POST" and form.is_valid():
            try:
                event = do_create_event(**form.cleaned_data)
            except (HatchwayError, ValidationError) as error:
                _report(form, error)
            else:
                messages.success(request, _("The event is saved."))
                return redirect("events:event_detail", event_id=event.pk)
    return render(request, "events/event_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def event_manage(request: HttpRequest, event_id: int) -> HttpResponse:
    """The organiser's registration list, with the check-in form at the top."""
    event = access_event(request.user, event_id, write=True)
    form = CheckInForm(request.POST or None)
    checked_in = None
    if request.method == "POST" and form.is_valid():
        try:
            checked_in = do_check_in(event, form.cleaned_data["code"])
        except HatchwayError as error:
            _report(form, error)
        else:
            messages.success(
                request, _("%(person)s is checked in.") % {"person": checked_in.user.get_full_name()}
            )
            form = CheckInForm()
    registrations = (
        Registration.objects.filter(event=event).select_related("user").order_by("status", "registered_at")
    )
    page = Paginator(registrations, 100).get_page(request.GET.get("page"))
    event.refresh_from_db()
    return render(
        request,
        "events/event_manage.html",
        {"event": event, "form": form, "page": page, "checked_in": checked_in, "attendance": Attendance},
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def registration_decide(request: HttpRequest, registration_id: int) -> HttpResponse:
    registration = access_registration(request.user, registration_id)
    access_event(request.user, registration.event_id, write=True)
    decision = request.POST.get("decision", "")
    try:
        if decision == "approve":
            do_approve_registration(registration)
        elif decision == "decline":
            do_decline_registration(registration)
        elif decision in Attendance.values:
            do_record_attendance(registration, decision)
        else:
            raise NotFound()
    except HatchwayError as error:
        if isinstance(error, NotFound):
            raise
        messages.error(request, str(error.message))
    return redirect("events:event_manage", event_id=registration.event_id)


# Competitions ---------------------------------------------------------------------------------------


@require_GET
def competition_detail(request: HttpRequest, competition_id: int) -> HttpResponse:
    competition = access_competition(request.user, competition_id)
    rounds = Round.objects.filter(competition=competition).prefetch_related(
        Prefetch("sites", queryset=Site.objects.select_related("host"))
    )
    seats = []
    if request.user.is_authenticated:
        seats = list(
            PanelSeat.objects.filter(
                judge_id=request.user.pk, site__round__competition=competition
            ).select_related("site__round")
        )
    awards = Award.objects.filter(competition=competition).select_related("entry__enterprise", "settled_in")
    return render(
        request,
        "events/competition_detail.html",
        {
            "competition": competition,
            "tracks": competition.tracks.all(),
            "rounds": rounds,
            "criteria": competition.criteria.all(),
            "seats": seats,
            "awards": awards,
            "manager": can_manage_competition(request.user, competition),
        },
    )


def _score_context(judge_id: int, site: Site, entry: Entry, form: ScoreForm | None = None) -> dict[str, Any]:
    criteria = list(Criterion.objects.filter(competition_id=entry.competition_id))
    given = dict(
        Score.objects.filter(judge_id=judge_id, site=site, entry=entry).values_list("criterion_id", "value")
    )
    return {
        "site": site,
        "entry": entry,
        "form": form or ScoreForm(criteria=criteria, initial_marks=given, prefix=f"e{entry.pk}"),
        "scored": len(given) == len(criteria) and bool(criteria),
    }


@login_required
@require_GET
def judging_site(request: HttpRequest, site_id: int) -> HttpResponse:
    site = access_panel_site(request.user, site_id)
    judge = check_signed_in(request.user)
    entries = Entry.objects.for_judge(judge, site).select_related("enterprise", "track")
    cards = [_score_context(judge.pk, site, entry) for entry in entries]
    return render(request, "events/judging_site.html", {"site": site, "cards": cards})


@login_required
@require_POST
def judging_score(request: HttpRequest, site_id: int, entry_id: int) -> HttpResponse:
    site, entry = access_entry_to_mark(request.user, site_id, entry_id)
    judge = check_signed_in(request.user)
    criteria = list(Criterion.objects.filter(competition_id=entry.competition_id))
    form = ScoreForm(request.POST, criteria=criteria, initial_marks={}, prefix=f"e{entry.pk}")
    saved = False
    if form.is_valid():
        try:
            do_score_entry(judge, site, entry, form.marks())
        except HatchwayError as error:
            _report(form, error)
        else:
            saved = True
    if request.headers.get("HX-Request") != "true":
        if saved:
            messages.success(request, _("Your marks for “%(title)s” are saved.") % {"title": entry.title})
            return redirect("events:judging_site", site_id=site.pk)
        entries = Entry.objects.for_judge(judge, site).select_related("enterprise", "track")
        cards = [
            _score_context(judge.pk, site, other, form if other.pk == entry.pk else None) for other in entries
        ]
        return render(request, "events/judging_site.html", {"site": site, "cards": cards}, status=422)
    context = _score_context(judge.pk, site, entry, None if saved else form)
    context["saved"] = saved
    return render(
        request, "events/_score_card.html", context, status=200 if saved or not form.errors else 422
    )


@login_required
@require_POST
def judging_conflict(request: HttpRequest, site_id: int, entry_id: int) -> HttpResponse:
    _site, entry = access_entry_to_mark(request.user, site_id, entry_id)
    do_declare_conflict(check_signed_in(request.user), entry, reason=request.POST.get("reason", "")[:300])
    messages.success(
        request, _("Conflict declared: you will not see “%(title)s” again.") % {"title": entry.title}
    )
    return redirect("events:judging_site", site_id=site_id)


@login_required
@require_GET
def competition_results(request: HttpRequest, competition_id: int, round_id: int) -> HttpResponse:
    competition = access_results(request.user, competition_id)
    round_ = Round.objects.filter(competition=competition, pk=round_id).first()
    if round_ is None:
        raise NotFound()
    next_sites = Site.objects.filter(round__competition=competition, round__number=round_.number + 1)
    return render(
        request,
        "events/competition_results.html",
        {
            "competition": competition,
            "round": round_,
            "rounds": Round.objects.filter(competition=competition),
            "results": round_results(round_),
            "next_sites": next_sites,
        },
    )


@login_required
@require_POST
def competition_advance(request: HttpRequest, competition_id: int, round_id: int) -> HttpResponse:
    competition = access_competition(request.user, competition_id, write=True)
    site = Site.objects.filter(pk=request.POST.get("site") or 0, round__competition=competition).first()
    ids = [int(value) for value in request.POST.getlist("entries") if value.isdigit()]
    if site is None or not ids:
        messages.error(request, _("Choose the entries to advance and a site of the next round."))
    else:
        entries = [access_entry(request.user, entry_id) for entry_id in ids]
        try:
            count = do_advance_entries([e for e in entries if e.competition_id == competition.pk], site)
        except HatchwayError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(
                request, _("%(count)s entries advance to %(site)s.") % {"count": count, "site": site.name}
            )
    return redirect("events:competition_results", competition_id=competition.pk, round_id=round_id)


@login_required
@require_POST
def competition_award(request: HttpRequest, competition_id: int, round_id: int) -> HttpResponse:
    entry = access_entry(request.user, int(request.POST.get("entry") or 0))
    if entry.competition_id != competition_id:
        raise NotFound()
    try:
        rank = int(request.POST.get("rank") or 1)
        do_give_award(
            entry,
            name_zh=request.POST.get("name_zh", "")[:200],
            name_en=request.POST.get("name_en", "")[:200],
            rank=max(rank, 1),
        )
    except (HatchwayError, ValueError) as error:
        messages.error(
            request, str(getattr(error, "message", _("Write the rank as a whole number, such as 1.")))
        )
    else:
        messages.success(request, _("The award is given to “%(title)s”.") % {"title": entry.title})
    return redirect("events:competition_results", competition_id=competition_id, round_id=round_id)
