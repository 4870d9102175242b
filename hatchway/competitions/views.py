"""Pages: competitions, their set-up by the organiser, entries, the judges' scoring pages and the
results with raw and calibrated rankings."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Max, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hatchway.accounts.access import check_signed_in
from hatchway.competitions.access import (
    access_competition,
    access_criterion,
    access_entries_to_advance,
    access_entry,
    access_entry_to_mark,
    access_panel_seat,
    access_panel_site,
    access_round,
    access_round_results,
    access_site,
    access_track,
    can_manage_competition,
    check_may_enter,
    enterprises_of,
    enterprises_to_enter,
    findable_judges,
    people_to_seat,
    visible_competitions,
    visible_entries,
)
from hatchway.competitions.actions import (
    do_add_criterion,
    do_add_round,
    do_add_site,
    do_add_track,
    do_advance_entries,
    do_create_competition,
    do_declare_conflict,
    do_enter_project,
    do_give_award,
    do_remove_criterion,
    do_remove_round,
    do_remove_site,
    do_remove_track,
    do_score_entry,
    do_seat_on_panel,
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
from hatchway.competitions.forms import (
    CompetitionForm,
    CriterionForm,
    EntryForm,
    RoundForm,
    ScoreForm,
    SeatForm,
    SiteForm,
    TrackForm,
    organisation_key,
    typed_organisations,
)
from hatchway.competitions.models import Award, Competition, Criterion, Entry, PanelSeat, Round, Score, Site
from hatchway.competitions.panels import competition_conflicts
from hatchway.competitions.results import round_results
from hatchway.directory.access import is_operator
from hatchway.directory.models import Membership, Organisation, OrganisationKind, Role
from hatchway.errors import Conflict, Forbidden, HatchwayError, InvalidInput, NotFound
from hatchway.events.access import check_may_organise, organisations_to_organise
from hatchway.forms import put_error_on_form

PAGE_SIZE = 25


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
        "competitions/competition_detail.html",
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
    may_organise = request.user.is_authenticated and organisations_to_organise(request.user).exists()
    return render(request, "competitions/competition_list.html", {"page": page, "may_organise": may_organise})


@login_required
@require_http_methods(["GET", "POST"])
def competition_create(request: HttpRequest) -> HttpResponse:
    organisers = organisations_to_organise(request.user)
    if not organisers.exists():
        raise NotFound()
    form = CompetitionForm(request.POST or None, organisers=organisers)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organiser = check_may_organise(request.user, data.pop("organiser").pk)
        try:
            competition = do_create_competition(organiser=organiser, **data)
        except (HatchwayError, ValidationError) as error:
            put_error_on_form(form, error)
        else:
            messages.success(
                request, _("The competition is saved. Now add its tracks, rounds, sites and rubric.")
            )
            return redirect("competitions:competition_manage", competition_id=competition.pk)
    return render(
        request,
        "competitions/competition_form.html",
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
            put_error_on_form(form, error)
        else:
            messages.success(request, _("The competition is saved."))
            return redirect("competitions:competition_manage", competition_id=competition.pk)
    return render(
        request,
        "competitions/competition_form.html",
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
        put_error_on_form(form, error)
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
        "competitions/competition_manage.html",
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
            put_error_on_form(form, error)
        else:
            messages.success(request, _("Saved: %(name)s.") % {"name": str(instance)})
            return redirect("competitions:competition_manage", competition_id=competition.pk)
    return render(
        request,
        "competitions/competition_part_form.html",
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
    return redirect("competitions:competition_manage", competition_id=competition_id)


def _organisation_options(request: HttpRequest, organisations: Any) -> HttpResponse:
    """Up to 12 of ``organisations`` matching what is typed, as the options of a picker's datalist."""
    # The text box sends its value under its form's field name (such as "site-host").
    typed = next((str(value).strip() for _name, value in request.GET.items() if str(value).strip()), "")
    found = typed_organisations(organisations, typed).order_by("name_en", "name_zh", "id")[:12]
    return render(
        request,
        "competitions/_organisation_options.html",
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
        person = people_to_seat().filter(pk=form.cleaned_data["person"]).first()
        try:
            if person is None:
                raise NotFound()
            do_seat_on_panel(site, person, by=request.user, grant_role=form.cleaned_data["grant_role"])
        except (InvalidInput, Forbidden, Conflict) as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("%(person)s sits on this panel.") % {"person": person})
            return redirect("competitions:competition_panel", competition_id=competition_id, site_id=site.pk)
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
        "competitions/competition_panel.html",
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
    return redirect("competitions:competition_panel", competition_id=competition_id, site_id=site_id)


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
            put_error_on_form(form, error)
        else:
            messages.success(request, _("Your project “%(title)s” is entered.") % {"title": entry.title})
            return redirect("competitions:competition_detail", competition_id=competition.pk)
    return render(
        request,
        "competitions/competition_enter.html",
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
    return render(request, "competitions/judging_site.html", {"site": site, "cards": cards})


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
            put_error_on_form(form, error)
        else:
            saved = True
    if request.headers.get("HX-Request") != "true":
        if saved:
            messages.success(request, _("Your marks for “%(title)s” are saved.") % {"title": entry.title})
            return redirect("competitions:judging_site", site_id=site.pk)
        entries = Entry.objects.for_judge(judge, site).select_related("enterprise", "track")
        cards = [
            _score_context(judge.pk, site, other, form if other.pk == entry.pk else None) for other in entries
        ]
        return render(request, "competitions/judging_site.html", {"site": site, "cards": cards}, status=422)
    context = _score_context(judge.pk, site, entry, None if saved else form)
    context["saved"] = saved
    return render(
        request, "competitions/_score_card.html", context, status=200 if saved or not form.errors else 422
    )


@login_required
@require_POST
def judging_conflict(request: HttpRequest, site_id: int, entry_id: int) -> HttpResponse:
    _site, entry = access_entry_to_mark(request.user, site_id, entry_id)
    do_declare_conflict(check_signed_in(request.user), entry, reason=request.POST.get("reason", "")[:300])
    messages.success(
        request, _("Conflict declared: you will not see “%(title)s” again.") % {"title": entry.title}
    )
    return redirect("competitions:judging_site", site_id=site_id)


@login_required
@require_GET
def competition_results(request: HttpRequest, competition_id: int, round_id: int) -> HttpResponse:
    round_ = access_round_results(request.user, competition_id, round_id)
    competition = round_.competition
    next_sites = Site.objects.filter(round__competition=competition, round__number=round_.number + 1)
    return render(
        request,
        "competitions/competition_results.html",
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
        entries = access_entries_to_advance(request.user, competition, ids)
        try:
            count = do_advance_entries(entries, site)
        except HatchwayError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(
                request, _("%(count)s entries advance to %(site)s.") % {"count": count, "site": site.name}
            )
    return redirect("competitions:competition_results", competition_id=competition.pk, round_id=round_id)


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
    return redirect("competitions:competition_results", competition_id=competition_id, round_id=round_id)
