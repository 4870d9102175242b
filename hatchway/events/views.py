"""Pages: event list and detail, registration, my registrations, the organiser's registration list
with check-in."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hatchway.accounts.access import check_signed_in
from hatchway.accounts.models import available_time_zones
from hatchway.errors import HatchwayError, NotFound
from hatchway.events.access import (
    access_event,
    access_invitation,
    access_registration,
    can_manage_event,
    organisations_to_organise,
    visible_events,
)
from hatchway.events.actions import (
    do_approve_registration,
    do_cancel_registration,
    do_check_in,
    do_create_event,
    do_decline_registration,
    do_record_attendance,
    do_register,
)
from hatchway.events.forms import CheckInForm, EventForm
from hatchway.events.ics import calendar_response, invitation
from hatchway.events.models import Attendance, EventKind, Registration, RegistrationStatus
from hatchway.forms import put_error_on_form

PAGE_SIZE = 25


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
    event, user, registration = access_invitation(request.user, event_id)
    return calendar_response(invitation(event, user, registration), f"event-{event.pk}.ics")


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


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest) -> HttpResponse:
    organisers = organisations_to_organise(request.user)
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
                put_error_on_form(form, error)
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
            put_error_on_form(form, error)
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
