"""Pages: brokerage meetings, the participants' profile, requests and agenda, the organiser's console."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hatchway.accounts.access import check_signed_in
from hatchway.brokerage.access import (
    access_brokerage,
    access_brokerage_meeting,
    access_brokerage_participant,
    access_meeting_invitation,
    access_meeting_request,
    access_meeting_to_answer,
    access_participant,
    access_schedule_run,
    brokerage_participants,
)
from hatchway.brokerage.actions import (
    brokerage_tables,
    do_answer_meeting,
    do_answer_meeting_request,
    do_request_meeting,
    do_request_schedule,
    do_save_agenda_profile,
    do_set_brokerage,
    do_set_meeting_status,
)
from hatchway.brokerage.forms import AgendaProfileForm, BrokerageSetupForm, MeetingRequestForm
from hatchway.brokerage.ics import meeting_invitation
from hatchway.brokerage.models import (
    AgendaProfile,
    BrokerageMeeting,
    BrokerageSlot,
    MeetingAnswer,
    MeetingPreference,
    MeetingRequest,
    MeetingRequestStatus,
    MeetingStatus,
    Priority,
    ScheduleRun,
    ScheduleStatus,
)
from hatchway.errors import HatchwayError
from hatchway.events.access import can_manage_event
from hatchway.events.ics import calendar_response
from hatchway.events.models import Event, EventKind, EventStatus, Registration, RegistrationStatus
from hatchway.forms import put_error_on_form
from hatchway.listings.models import Listing

PAGE_SIZE = 25


def _brokerage_context(event: Event, registration: Registration) -> dict[str, Any]:
    return {"event": event, "registration": registration, "tables": brokerage_tables(event)}


@login_required
@require_GET
def brokerage_home(request: HttpRequest, event_id: int) -> HttpResponse:
    """A participant's page: the other participants to ask, requests received and sent."""
    event = access_brokerage(request.user, event_id)
    user = check_signed_in(request.user)
    mine = Registration.objects.filter(event=event, user=user, status=RegistrationStatus.CONFIRMED).first()
    if mine is None and can_manage_event(user, event):
        return redirect("brokerage:brokerage_console", event_id=event.pk)
    event, registration = access_brokerage_participant(user, event_id)
    query = request.GET.get("q", "").strip()[:100]
    others = (
        brokerage_participants(user, event)
        .exclude(pk=registration.pk)
        .prefetch_related("agenda_profile__listings")
        .order_by("user__full_name", "id")
    )
    if query:
        others = others.filter(
            Q(user__full_name__icontains=query)
            | Q(agenda_profile__pitch_zh__icontains=query)
            | Q(agenda_profile__pitch_en__icontains=query)
        )
    requests = MeetingRequest.objects.filter(
        Q(sender=registration) | Q(receiver=registration)
    ).select_related("sender__user", "receiver__user")
    asked = {item.receiver_id: item for item in requests if item.sender_id == registration.pk}
    asked.update({item.sender_id: item for item in requests if item.receiver_id == registration.pk})
    page = Paginator(others, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "brokerage/brokerage_home.html",
        {
            **_brokerage_context(event, registration),
            "page": page,
            "query": query,
            "asked": asked,
            "received": [item for item in requests if item.receiver_id == registration.pk],
            "sent": [item for item in requests if item.sender_id == registration.pk],
            "request_form": MeetingRequestForm(),
            "priorities": Priority.choices,
            "has_profile": AgendaProfile.objects.filter(registration=registration).exists(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def brokerage_profile(request: HttpRequest, event_id: int) -> HttpResponse:
    event, registration = access_brokerage_participant(request.user, event_id)
    profile = AgendaProfile.objects.filter(registration=registration).first()
    slots = BrokerageSlot.objects.filter(event=event)
    initial: dict[str, Any] = {"mode": MeetingPreference.EITHER, "slot_ids": list(slots)}
    if profile is not None:
        initial = {
            "pitch_zh": profile.pitch_zh,
            "pitch_en": profile.pitch_en,
            "listing_ids": list(profile.listings.all()),
            "mode": profile.mode,
            "languages": profile.languages,
            "slot_ids": list(profile.available.all()),
            "max_meetings": profile.max_meetings,
        }
    form = AgendaProfileForm(
        request.POST or None,
        initial=initial,
        listings=Listing.objects.owned_by(registration.user),
        slots=slots,
    )
    if request.method == "POST" and form.is_valid():
        try:
            do_save_agenda_profile(registration, **form.action_fields())
        except HatchwayError as error:
            put_error_on_form(form, error)
        else:
            messages.success(request, _("Your agenda profile is saved."))
            return redirect("brokerage:brokerage_home", event_id=event.pk)
    return render(
        request,
        "brokerage/brokerage_profile.html",
        {**_brokerage_context(event, registration), "form": form},
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def brokerage_request(request: HttpRequest, event_id: int) -> HttpResponse:
    event, registration = access_brokerage_participant(request.user, event_id)
    receiver = access_participant(request.user, event.pk, int(request.POST.get("to") or 0))
    form = MeetingRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the priority 3 (must), 2 (should) or 1 (could)."))
    else:
        try:
            do_request_meeting(registration, receiver, **form.cleaned_data)
        except HatchwayError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(
                request,
                _("Your request is sent to %(person)s.") % {"person": receiver.user.get_full_name()},
            )
    return redirect("brokerage:brokerage_home", event_id=event.pk)


@login_required
@require_POST
def brokerage_answer(request: HttpRequest, request_id: int) -> HttpResponse:
    meeting_request = access_meeting_request(request.user, request_id, write=True)
    accept = request.POST.get("decision") == "accept"
    priority = request.POST.get("priority", "")
    try:
        do_answer_meeting_request(
            meeting_request, accept=accept, priority=int(priority) if priority.isdigit() else None
        )
    except HatchwayError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Request accepted.") if accept else _("Request declined."))
    return redirect("brokerage:brokerage_home", event_id=meeting_request.event_id)


@login_required
@require_GET
def brokerage_agenda(request: HttpRequest, event_id: int) -> HttpResponse:
    """A participant's meetings, in their own time zone (activated for them) and language."""
    event, registration = access_brokerage_participant(request.user, event_id)
    meetings = list(
        BrokerageMeeting.objects.of_registration(registration)
        .select_related("slot", "a__user", "b__user", "a__agenda_profile", "b__agenda_profile")
        .order_by("slot__starts_at", "id")
    )
    now = timezone.now()
    return render(
        request,
        "brokerage/brokerage_agenda.html",
        {
            **_brokerage_context(event, registration),
            "agenda": [
                {
                    "meeting": meeting,
                    "other": meeting.other(registration),
                    "mine": meeting.answer_of(registration),
                    "theirs": meeting.answer_of(meeting.other(registration)),
                    "open": meeting.status in (MeetingStatus.SCHEDULED, MeetingStatus.CONFIRMED)
                    and meeting.slot.starts_at > now,
                }
                for meeting in meetings
            ],
        },
    )


@login_required
@require_POST
def brokerage_meeting_answer(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """A participant says, from their agenda, that they will come to a meeting or cannot."""
    meeting, registration = access_meeting_to_answer(request.user, meeting_id)
    answer = request.POST.get("answer", "")
    try:
        do_answer_meeting(meeting, registration, answer)
    except HatchwayError as error:
        messages.error(request, str(error.message))
    else:
        other = meeting.other(registration).user.get_full_name()
        if answer == MeetingAnswer.CONFIRMED:
            messages.success(request, _("You will meet %(person)s. Thank you.") % {"person": other})
        else:
            messages.success(
                request,
                _(
                    "Your meeting with %(person)s is cancelled, and the slot is no longer among your free slots."
                )
                % {"person": other},
            )
    return redirect(reverse("brokerage:brokerage_agenda", args=[meeting.event_id]) + f"#meeting-{meeting.pk}")


@login_required
@require_GET
def brokerage_meeting_ics(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting, user = access_meeting_invitation(request.user, meeting_id)
    return calendar_response(meeting_invitation(meeting, user), f"meeting-{meeting.pk}.ics")


def _console_context(event: Event) -> dict[str, Any]:
    people = list(
        Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)
        .select_related("user", "agenda_profile")
        .annotate(
            requests_sent=Count("sent_requests", distinct=True),
            requests_received=Count("received_requests", distinct=True),
        )
        .order_by("user__full_name", "id")
    )
    meetings = list(
        BrokerageMeeting.objects.filter(event=event)
        .select_related("slot", "a__user", "b__user")
        .order_by("slot__starts_at", "table", "id")
    )
    count: dict[int, int] = {}
    answers = {"both": 0, "waiting": 0, "declined": 0}
    for meeting in meetings:
        if meeting.status != MeetingStatus.CANCELLED:
            count[meeting.a_id] = count.get(meeting.a_id, 0) + 1
            count[meeting.b_id] = count.get(meeting.b_id, 0) + 1
        sides = (meeting.a_answer, meeting.b_answer)
        if MeetingAnswer.DECLINED in sides:
            answers["declined"] += 1
        elif sides == (MeetingAnswer.CONFIRMED, MeetingAnswer.CONFIRMED):
            answers["both"] += 1
        elif meeting.status == MeetingStatus.SCHEDULED:
            answers["waiting"] += 1
    runs = list(ScheduleRun.objects.filter(event=event).select_related("computed_by")[:10])
    latest = runs[0] if runs else None
    done = next((run for run in runs if run.status == ScheduleStatus.DONE), None)
    names = {person.pk: person.user.get_full_name() for person in people}
    statuses = dict(
        MeetingRequest.objects.filter(event=event)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return {
        "event": event,
        "tables": brokerage_tables(event),
        "slots": BrokerageSlot.objects.filter(event=event),
        "people": [(person, count.get(person.pk, 0)) for person in people],
        "meetings": meetings,
        "answers": answers,
        "run": done,
        "latest": latest,
        "busy": latest is not None and not latest.is_finished,
        "without": [names.get(pk, f"#{pk}") for pk in (done.without_meeting if done else [])],
        "request_counts": [(label, statuses.get(value, 0)) for value, label in MeetingRequestStatus.choices],
        "meeting_statuses": MeetingStatus,
    }


@login_required
@require_http_methods(["GET", "POST"])
def brokerage_console(request: HttpRequest, event_id: int) -> HttpResponse:
    """The organiser's console: tables and slots, participants, requests, the schedule and no-shows."""
    event = access_brokerage(request.user, event_id, write=True)
    # Times the organiser types and reads here are times at the venue.
    with timezone.override(event.time_zone):
        form = BrokerageSetupForm(request.POST or None, initial={"tables": brokerage_tables(event)})
        if request.method == "POST":
            remove = [int(pk) for pk in request.POST.getlist("remove") if pk.isdigit()]
            if remove or form.is_valid():
                try:
                    do_set_brokerage(
                        event,
                        tables=form.cleaned_data.get("tables") if not remove else None,
                        add_slots=form.new_slots() if not remove else [],
                        remove_slots=remove,
                    )
                except HatchwayError as error:
                    put_error_on_form(form, error)
                else:
                    messages.success(request, _("The meeting slots and tables are saved."))
                    return redirect("brokerage:brokerage_console", event_id=event.pk)
        return render(
            request,
            "brokerage/brokerage_console.html",
            {**_console_context(event), "form": form},
            status=422 if form.errors else 200,
        )


@login_required
@require_POST
def brokerage_compute(request: HttpRequest, event_id: int) -> HttpResponse:
    """Queue the schedule's computation; the console follows its progress."""
    event = access_brokerage(request.user, event_id, write=True)
    try:
        do_request_schedule(event, by=check_signed_in(request.user))
    except HatchwayError as error:
        messages.error(request, str(error.message))
    return redirect(reverse("brokerage:brokerage_console", args=[event.pk]) + "#schedule-title")


@login_required
@require_GET
def brokerage_run(request: HttpRequest, event_id: int, run_id: int) -> HttpResponse:
    """The progress of one computation, polled by the console with htmx; reloads the console when done."""
    run = access_schedule_run(request.user, event_id, run_id)
    if request.headers.get("HX-Request") != "true":
        return redirect(reverse("brokerage:brokerage_console", args=[event_id]) + "#schedule-title")
    response = render(request, "brokerage/_schedule_run.html", {"event": run.event, "latest": run})
    if run.is_finished:
        response["HX-Refresh"] = "true"  # the console shows the new meetings
    return response


@login_required
@require_POST
def brokerage_meeting_status(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_brokerage_meeting(request.user, meeting_id, write=True)
    status = request.POST.get("status", "")
    absent = {"a": [meeting.a], "b": [meeting.b], "both": [meeting.a, meeting.b]}.get(
        request.POST.get("absent", ""), []
    )
    try:
        do_set_meeting_status(meeting, status, absent=absent)
    except HatchwayError as error:
        messages.error(request, str(error.message))
    return redirect(reverse("brokerage:brokerage_console", args=[meeting.event_id]) + "#meetings")


@login_required
@require_GET
def brokerage_cards(request: HttpRequest, event_id: int) -> HttpResponse:
    """Table cards to print: one per table and slot, with the two names, in the venue's time."""
    event = access_brokerage(request.user, event_id, write=True)
    meetings = (
        BrokerageMeeting.objects.current()
        .filter(event=event, mode="onsite")
        .select_related("slot", "a__user", "b__user")
        .order_by("table", "slot__starts_at")
    )
    with timezone.override(event.time_zone):
        return render(request, "brokerage/brokerage_cards.html", {"event": event, "meetings": meetings})


@login_required
@require_GET
def my_brokerage(request: HttpRequest) -> HttpResponse:
    """For the workspace (loaded with htmx): upcoming brokerage events one organises or takes part in."""
    user = check_signed_in(request.user)
    upcoming = Event.objects.filter(kind=EventKind.BROKERAGE, ends_at__gte=timezone.now()).exclude(
        status=EventStatus.CANCELLED
    )
    organised = list(
        upcoming.managed_by(user)
        .select_related("organiser")
        .annotate(
            participants=Count(
                "registrations",
                filter=Q(registrations__status=RegistrationStatus.CONFIRMED),
                distinct=True,
            )
        )
        .order_by("starts_at", "id")[:10]
    )
    joined = list(
        upcoming.filter(
            registrations__user=user, registrations__status=RegistrationStatus.CONFIRMED
        ).order_by("starts_at", "id")[:10]
    )
    return render(request, "brokerage/_my_brokerage.html", {"organised": organised, "joined": joined})
