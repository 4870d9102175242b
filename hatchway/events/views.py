"""Pages: event list and detail, registration, my registrations, the organiser's registration list
with check-in; competitions, the judges' scoring pages and the results with raw and calibrated rankings."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Max, Prefetch, Q
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hatchway.accounts.access import check_signed_in
from hatchway.accounts.models import User, available_time_zones
from hatchway.directory.access import is_operator
from hatchway.directory.models import Membership, Organisation, OrganisationKind, Role
from hatchway.errors import Conflict, Forbidden, HatchwayError, InvalidInput, NotFound
from hatchway.events.access import (
    access_brokerage,
    access_brokerage_meeting,
    access_brokerage_participant,
    access_competition,
    access_criterion,
    access_entry,
    access_entry_to_mark,
    access_event,
    access_meeting_request,
    access_meeting_to_answer,
    access_panel_seat,
    access_panel_site,
    access_participant,
    access_registration,
    access_results,
    access_round,
    access_schedule_run,
    access_site,
    access_track,
    brokerage_participants,
    can_manage_competition,
    can_manage_event,
    check_may_enter,
    check_may_grant_judge_role,
    check_may_organise,
    enterprises_of,
    enterprises_to_enter,
    findable_judges,
    visible_competitions,
    visible_entries,
    visible_events,
)
from hatchway.events.actions import (
    brokerage_tables,
    do_add_criterion,
    do_add_round,
    do_add_site,
    do_add_track,
    do_advance_entries,
    do_answer_meeting,
    do_answer_meeting_request,
    do_approve_registration,
    do_cancel_registration,
    do_check_in,
    do_create_competition,
    do_create_event,
    do_declare_conflict,
    do_decline_registration,
    do_enter_project,
    do_give_award,
    do_record_attendance,
    do_register,
    do_remove_criterion,
    do_remove_round,
    do_remove_site,
    do_remove_track,
    do_request_meeting,
    do_request_schedule,
    do_save_agenda_profile,
    do_score_entry,
    do_seat_judge,
    do_seat_new_judge,
    do_set_brokerage,
    do_set_meeting_status,
    do_submit_entry,
    do_unseat_judge,
    do_update_competition,
    do_update_criterion,
    do_update_entry,
    do_update_round,
    do_update_site,
    do_update_track,
    do_withdraw_entry,
    entries_closed_reason,
    first_round,
)
from hatchway.events.forms import (
    AgendaProfileForm,
    BrokerageSetupForm,
    CheckInForm,
    CompetitionForm,
    CriterionForm,
    EntryForm,
    EventForm,
    MeetingRequestForm,
    RoundForm,
    ScoreForm,
    SeatForm,
    SiteForm,
    TrackForm,
    organisation_key,
    typed_organisations,
)
from hatchway.events.ics import invitation, meeting_invitation
from hatchway.events.models import (
    AgendaProfile,
    Attendance,
    Award,
    BrokerageMeeting,
    BrokerageSlot,
    Competition,
    Criterion,
    Entry,
    Event,
    EventKind,
    EventStatus,
    MeetingAnswer,
    MeetingPreference,
    MeetingRequest,
    MeetingRequestStatus,
    MeetingStatus,
    PanelSeat,
    Priority,
    Registration,
    RegistrationStatus,
    Round,
    ScheduleRun,
    ScheduleStatus,
    Score,
    Site,
)
from hatchway.events.panels import competition_conflicts
from hatchway.events.results import round_results
from hatchway.listings.models import Listing

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
    manager = can_manage_competition(request.user, competition)
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
            "manager": manager,
            "own_entries": [] if manager else visible_entries(request.user, competition),
            "may_enter": enterprises_of(request.user).exists(),
            "closed_reason": entries_closed_reason(competition, timezone.now()),
        },
    )


# Competitions: list, set-up pages for the organiser, panels, entries --------------------------------


@require_GET
def competition_list(request: HttpRequest) -> HttpResponse:
    competitions = visible_competitions(request.user).order_by("-edition", "id")
    page = Paginator(competitions, PAGE_SIZE).get_page(request.GET.get("page"))
    may_organise = request.user.is_authenticated and _organisers(request).exists()
    return render(request, "events/competition_list.html", {"page": page, "may_organise": may_organise})


@login_required
@require_http_methods(["GET", "POST"])
def competition_create(request: HttpRequest) -> HttpResponse:
    organisers = _organisers(request)
    if not organisers.exists():
        raise NotFound()
    form = CompetitionForm(request.POST or None, organisers=organisers)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organiser = check_may_organise(request.user, data.pop("organiser").pk)
        try:
            competition = do_create_competition(organiser=organiser, **data)
        except (HatchwayError, ValidationError) as error:
            _report(form, error)
        else:
            messages.success(
                request, _("The competition is saved. Now add its tracks, rounds, sites and rubric.")
            )
            return redirect("events:competition_manage", competition_id=competition.pk)
    return render(
        request,
        "events/competition_form.html",
        {"form": form, "competition": None},
        status=422 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def competition_edit(request: HttpRequest, competition_id: int) -> HttpResponse:
    competition = access_competition(request.user, competition_id, write=True)
    form = CompetitionForm(request.POST or None, instance=competition)
    if request.method == "POST" and form.is_valid():
        try:
            do_update_competition(competition, **form.cleaned_data)
        except (HatchwayError, ValidationError) as error:
            _report(form, error)
        else:
            messages.success(request, _("The competition is saved."))
            return redirect("events:competition_manage", competition_id=competition.pk)
    return render(
        request,
        "events/competition_form.html",
        {"form": form, "competition": competition},
        status=422 if form.errors else 200,
    )


def _setup_forms(
    competition: Competition, enterprises: Any, bound: dict[str, Any] | None = None
) -> dict[str, Any]:
    forms: dict[str, Any] = {
        "track": TrackForm(prefix="track"),
        "round": RoundForm(
            prefix="round",
            initial={"number": (competition.rounds.aggregate(Max("number"))["number__max"] or 0) + 1},
        ),
        "site": SiteForm(prefix="site", competition=competition),
        "criterion": CriterionForm(prefix="criterion", initial={"weight": 1, "low": 0, "high": 10}),
        "entry": EntryForm(prefix="entry", competition=competition, enterprises=enterprises),
    }
    forms.update(bound or {})
    return forms


def _add_part(competition: Competition, part: str, data: Any, enterprises: Any) -> tuple[Any, Any]:
    """Validate the posted add form of one part and hand it to its action; return (form, created or None)."""
    form: Any
    if part == "track":
        form = TrackForm(data, prefix="track")
        action: Any = lambda fields: do_add_track(competition, **fields)  # noqa: E731
    elif part == "round":
        form = RoundForm(data, prefix="round")
        action = lambda fields: do_add_round(competition, **fields)  # noqa: E731
    elif part == "site":
        form = SiteForm(data, prefix="site", competition=competition)
        action = lambda fields: do_add_site(fields.pop("round"), **fields)  # noqa: E731
    elif part == "criterion":
        form = CriterionForm(data, prefix="criterion")
        action = lambda fields: do_add_criterion(competition, **fields)  # noqa: E731
    elif part == "entry":
        form = EntryForm(data, prefix="entry", competition=competition, enterprises=enterprises)
        action = lambda fields: do_enter_project(**fields)  # noqa: E731
    else:
        raise NotFound()
    if not form.is_valid():
        return form, None
    try:
        return form, action(dict(form.cleaned_data))
    except (HatchwayError, ValidationError) as error:
        _report(form, error)
        return form, None


@login_required
@require_http_methods(["GET", "POST"])
def competition_manage(request: HttpRequest, competition_id: int) -> HttpResponse:
    """The organiser's set-up page: tracks, rounds and sites with their panels, rubric, entries, conflicts."""
    competition = access_competition(request.user, competition_id, write=True)
    enterprises = enterprises_to_enter(request.user, competition)
    bound: dict[str, Any] = {}
    if request.method == "POST":
        part = request.POST.get("part", "")
        form, created = _add_part(competition, part, request.POST, enterprises)
        if created is not None:
            messages.success(request, _("Added: %(name)s.") % {"name": str(created)})
            return redirect(f"{request.path}#{part}")
        bound[part] = form
    rounds = Round.objects.filter(competition=competition).prefetch_related(
        Prefetch(
            "sites",
            queryset=Site.objects.select_related("host").annotate(
                panel=Count("seats", distinct=True), entry_count=Count("entries", distinct=True)
            ),
        )
    )
    entries = (
        Entry.objects.filter(competition=competition)
        .select_related("enterprise", "track", "site__round")
        .order_by("site__round__number", "site_id", "id")
    )
    return render(
        request,
        "events/competition_manage.html",
        {
            "competition": competition,
            "tracks": competition.tracks.all(),
            "rounds": rounds,
            "criteria": competition.criteria.all(),
            "entries": entries,
            "conflicts": competition_conflicts(competition),
            "forms": _setup_forms(competition, enterprises, bound),
            "closed_reason": entries_closed_reason(competition, timezone.now()),
        },
        status=422 if bound else 200,
    )


# The parts an organiser edits after adding them: (getter, form, action).
_PARTS: dict[str, tuple[Any, Any, Any]] = {
    "tracks": (access_track, TrackForm, do_update_track),
    "rounds": (access_round, RoundForm, do_update_round),
    "sites": (access_site, SiteForm, do_update_site),
    "criteria": (access_criterion, CriterionForm, do_update_criterion),
    "entries": (access_entry, EntryForm, do_update_entry),
}


def _competition_id_of(instance: Any) -> int:
    return instance.round.competition_id if isinstance(instance, Site) else instance.competition_id


@login_required
@require_http_methods(["GET", "POST"])
def competition_part_edit(request: HttpRequest, competition_id: int, part: str, part_id: int) -> HttpResponse:
    if part not in _PARTS:
        raise NotFound()
    getter, form_class, action = _PARTS[part]
    instance = getter(request.user, part_id)
    if _competition_id_of(instance) != competition_id:
        raise NotFound()
    competition = access_competition(request.user, competition_id, write=True)
    extra = {"competition": competition} if part in ("sites", "entries") else {}
    form = form_class(request.POST or None, instance=instance, **extra)
    if request.method == "POST" and form.is_valid():
        try:
            action(instance, **form.cleaned_data)
        except (HatchwayError, ValidationError) as error:
            _report(form, error)
        else:
            messages.success(request, _("Saved: %(name)s.") % {"name": str(instance)})
            return redirect("events:competition_manage", competition_id=competition.pk)
    return render(
        request,
        "events/competition_part_form.html",
        {"form": form, "competition": competition, "part": part, "instance": instance},
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def competition_part_delete(
    request: HttpRequest, competition_id: int, part: str, part_id: int
) -> HttpResponse:
    """Remove a part nothing depends on: a criterion (before marking starts), an entry (without marks or
    awards), a track (without entries), a site or a round (without entries or marks)."""
    removers: dict[str, tuple[Any, Any]] = {
        "criteria": (access_criterion, do_remove_criterion),
        "entries": (access_entry, do_withdraw_entry),
        "tracks": (access_track, do_remove_track),
        "rounds": (access_round, do_remove_round),
        "sites": (access_site, do_remove_site),
    }
    if part not in removers:
        raise NotFound()
    getter, action = removers[part]
    instance = getter(request.user, part_id)
    if _competition_id_of(instance) != competition_id:
        raise NotFound()
    try:
        action(instance)
    except HatchwayError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Removed: %(name)s.") % {"name": str(instance)})
    return redirect("events:competition_manage", competition_id=competition_id)


def _organisation_options(request: HttpRequest, organisations: Any) -> HttpResponse:
    """Up to 12 of ``organisations`` matching what is typed, as the options of a picker's datalist."""
    # The text box sends its value under its form's field name (such as "site-host").
    typed = next((str(value).strip() for _name, value in request.GET.items() if str(value).strip()), "")
    found = typed_organisations(organisations, typed).order_by("name_en", "name_zh", "id")[:12]
    return render(
        request,
        "events/_organisation_options.html",
        {"options": [(organisation_key(organisation), organisation) for organisation in found]},
    )


@login_required
@require_GET
def carrier_suggestions(request: HttpRequest) -> HttpResponse:
    """Carriers whose name contains what is typed, to host a site."""
    return _organisation_options(request, Organisation.objects.filter(kind=OrganisationKind.CARRIER))


@login_required
@require_GET
def enterprise_suggestions(request: HttpRequest, competition_id: int) -> HttpResponse:
    """Enterprises whose name or credit code contains what is typed, among those the person may enter."""
    competition = access_competition(request.user, competition_id)
    return _organisation_options(request, enterprises_to_enter(request.user, competition))


@login_required
@require_http_methods(["GET", "POST"])
def competition_panel(request: HttpRequest, competition_id: int, site_id: int) -> HttpResponse:
    """A site's judging panel: who sits on it, and a search to seat more people."""
    site = access_site(request.user, site_id)
    if site.round.competition_id != competition_id:
        raise NotFound()
    operator = is_operator(request.user)
    query = request.GET.get("q", "")[:100].strip()
    form = SeatForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = User.objects.filter(pk=form.cleaned_data["person"], is_active=True).first()
        try:
            if person is None:
                raise NotFound()
            if form.cleaned_data["grant_role"]:
                check_may_grant_judge_role(request.user)
                do_seat_new_judge(site, person)
            else:
                do_seat_judge(site, person)
        except (InvalidInput, Forbidden, Conflict) as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("%(person)s sits on this panel.") % {"person": person})
            return redirect("events:competition_panel", competition_id=competition_id, site_id=site.pk)
    seats = (
        PanelSeat.objects.filter(site=site)
        .select_related("judge")
        .order_by("judge__full_name", "judge__email")
    )
    found = list(findable_judges(request.user, query).order_by("full_name", "email")[:20]) if query else []
    judge_ids = set(
        Membership.objects.filter(role=Role.JUDGE, user__in=[person.pk for person in found]).values_list(
            "user_id", flat=True
        )
    )
    seated = {seat.judge_id for seat in seats}
    return render(
        request,
        "events/competition_panel.html",
        {
            "competition": site.round.competition,
            "site": site,
            "seats": seats,
            "query": query,
            "found": [(person, person.pk in judge_ids, person.pk in seated) for person in found],
            "operator": operator,
        },
    )


@login_required
@require_POST
def competition_unseat(
    request: HttpRequest, competition_id: int, site_id: int, judge_id: int
) -> HttpResponse:
    seat = access_panel_seat(request.user, site_id, judge_id)
    if seat.site.round.competition_id != competition_id:
        raise NotFound()
    try:
        do_unseat_judge(seat)
    except HatchwayError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("%(person)s no longer sits on this panel.") % {"person": seat.judge})
    return redirect("events:competition_panel", competition_id=competition_id, site_id=site_id)


@login_required
@require_http_methods(["GET", "POST"])
def competition_enter(request: HttpRequest, competition_id: int) -> HttpResponse:
    """An enterprise member enters their own enterprise's project while the competition is open for entries."""
    competition = access_competition(request.user, competition_id)
    own = enterprises_of(request.user)
    if not own.exists():
        raise Forbidden(_("Only members of an enterprise enter projects. Your profile holds no enterprise."))
    closed = entries_closed_reason(competition, timezone.now())
    round_ = first_round(competition)
    sites = Site.objects.filter(round=round_) if round_ else Site.objects.none()
    form = EntryForm(request.POST or None, competition=competition, own=own, sites=sites)
    if request.method == "POST" and not closed and form.is_valid():
        data = dict(form.cleaned_data)
        enterprise = check_may_enter(request.user, data.pop("enterprise").pk)
        try:
            entry = do_submit_entry(enterprise=enterprise, **data)
        except (HatchwayError, ValidationError) as error:
            _report(form, error)
        else:
            messages.success(request, _("Your project “%(title)s” is entered.") % {"title": entry.title})
            return redirect("events:competition_detail", competition_id=competition.pk)
    return render(
        request,
        "events/competition_enter.html",
        {"competition": competition, "form": form, "closed": closed},
        status=422 if form.errors else (409 if closed and request.method == "POST" else 200),
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


# Brokerage meetings ---------------------------------------------------------------------------------


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
        return redirect("events:brokerage_console", event_id=event.pk)
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
        "events/brokerage_home.html",
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
            _report(form, error)
        else:
            messages.success(request, _("Your agenda profile is saved."))
            return redirect("events:brokerage_home", event_id=event.pk)
    return render(
        request,
        "events/brokerage_profile.html",
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
    return redirect("events:brokerage_home", event_id=event.pk)


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
    return redirect("events:brokerage_home", event_id=meeting_request.event_id)


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
        "events/brokerage_agenda.html",
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
    return redirect(reverse("events:brokerage_agenda", args=[meeting.event_id]) + f"#meeting-{meeting.pk}")


@login_required
@require_GET
def brokerage_meeting_ics(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_brokerage_meeting(request.user, meeting_id)
    user = check_signed_in(request.user)
    if user.pk not in (meeting.a.user_id, meeting.b.user_id):
        raise NotFound()
    response = HttpResponse(meeting_invitation(meeting, user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


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
                    _report(form, error)
                else:
                    messages.success(request, _("The meeting slots and tables are saved."))
                    return redirect("events:brokerage_console", event_id=event.pk)
        return render(
            request,
            "events/brokerage_console.html",
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
    return redirect(reverse("events:brokerage_console", args=[event.pk]) + "#schedule-title")


@login_required
@require_GET
def brokerage_run(request: HttpRequest, event_id: int, run_id: int) -> HttpResponse:
    """The progress of one computation, polled by the console with htmx; reloads the console when done."""
    run = access_schedule_run(request.user, event_id, run_id)
    if request.headers.get("HX-Request") != "true":
        return redirect(reverse("events:brokerage_console", args=[event_id]) + "#schedule-title")
    response = render(request, "events/_schedule_run.html", {"event": run.event, "latest": run})
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
    return redirect(reverse("events:brokerage_console", args=[meeting.event_id]) + "#meetings")


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
        return render(request, "events/brokerage_cards.html", {"event": event, "meetings": meetings})


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
    return render(request, "events/_my_brokerage.html", {"organised": organised, "joined": joined})
