"""API: competitions, their set-up, entries, judging and results."""

import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from hatchway.accounts.access import check_signed_in
from hatchway.accounts.models import User
from hatchway.api import ErrorOut, InputSchema, Pagination
from hatchway.competitions.access import (
    access_award,
    access_competition,
    access_criterion,
    access_entries_to_advance,
    access_entry,
    access_entry_to_mark,
    access_panel_seat,
    access_panel_site,
    access_results,
    access_round,
    access_round_results,
    access_site,
    access_track,
    can_manage_competition,
    check_may_enter,
    enterprises_to_enter,
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
    do_record_settlement,
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
)
from hatchway.competitions.models import Award, Competition, Criterion, Entry, Round, Site, Track
from hatchway.competitions.panels import competition_conflicts
from hatchway.competitions.results import round_results
from hatchway.directory.models import Organisation
from hatchway.errors import NotFound
from hatchway.events.access import check_may_organise
from hatchway.events.actions import invalid_at
from hatchway.events.models import Event, EventKind

router = Router(tags=["competitions"])


class NamedOut(Schema):
    id: int
    name: str


class CriterionOut(NamedOut):
    weight: int
    low: int
    high: int


class SiteOut(NamedOut):
    host_id: int


class RoundOut(NamedOut):
    number: int
    sites: list[SiteOut]


class CompetitionOut(Schema):
    id: int
    name: str
    edition: int
    organiser_id: int
    tracks: list[NamedOut]
    rounds: list[RoundOut]
    criteria: list[CriterionOut]


class EntryOut(Schema):
    id: int
    title: str
    title_zh: str
    title_en: str
    summary_zh: str
    summary_en: str
    enterprise_id: int
    enterprise: str = Field(alias="enterprise.display_name")
    track: str = Field(alias="track.name")
    site_id: int
    anchor: bool


class ResultOut(Schema):
    entry_id: int
    title: str
    judges: int
    mean: float | None
    median: float | None
    spread: float | None
    disagreement: float | None
    normalised: float | None
    calibrated: float | None
    raw_rank: int | None
    calibrated_rank: int | None


class SiteEffectOut(Schema):
    site_id: int
    site: str
    effect: float


class ResultsOut(Schema):
    round_id: int
    marks: int
    groups: int = Field(
        description="Groups of panels that shared judges or anchor entries; 1 means all comparable."
    )
    site_effects: list[SiteEffectOut]
    results: list[ResultOut]


class ScoresIn(InputSchema):
    marks: dict[int, int] = Field(
        description="Criterion id → whole-number score within the criterion's range."
    )


class ScoreOut(Schema):
    criterion_id: int
    value: int


class MarkedOut(Schema):
    entry_id: int
    scores: list[ScoreOut]


class ConflictIn(InputSchema):
    reason: str = Field("", max_length=300)


class AdvanceIn(InputSchema):
    entry_ids: list[int] = Field(min_length=1, max_length=500)
    site_id: int


class AwardIn(InputSchema):
    name_zh: str = Field("", max_length=200)
    name_en: str = Field("", max_length=200)
    rank: int = Field(1, ge=1, le=1000)


class AwardOut(Schema):
    id: int
    entry_id: int
    name: str
    rank: int
    settled_in_id: int | None
    settled_on: datetime.date | None
    flow_id: int | None


class SettlementIn(InputSchema):
    carrier_id: int
    settled_on: datetime.date


# Competitions: set-up by the organiser, entries by enterprises ----------------------------------------


class CompetitionSummaryOut(Schema):
    id: int
    name: str
    name_zh: str
    name_en: str
    edition: int
    organiser_id: int
    event_id: int | None
    published: bool


class CompetitionIn(InputSchema):
    organiser_id: int
    event_id: int | None = None
    name_zh: str = Field("", max_length=200)
    name_en: str = Field("", max_length=200)
    edition: int = Field(ge=2000, le=2100)
    description_zh: str = Field("", max_length=5000)
    description_en: str = Field("", max_length=5000)
    published: bool = False


class CompetitionUpdateIn(InputSchema):
    event_id: int | None = None
    name_zh: str | None = Field(None, max_length=200)
    name_en: str | None = Field(None, max_length=200)
    edition: int | None = Field(None, ge=2000, le=2100)
    description_zh: str | None = Field(None, max_length=5000)
    description_en: str | None = Field(None, max_length=5000)
    published: bool | None = None


class NamedIn(InputSchema):
    name_zh: str = Field("", max_length=200)
    name_en: str = Field("", max_length=200)


class NamedUpdateIn(InputSchema):
    name_zh: str | None = Field(None, max_length=200)
    name_en: str | None = Field(None, max_length=200)


class RoundIn(NamedIn):
    number: int = Field(ge=1, le=100)


class RoundUpdateIn(NamedUpdateIn):
    number: int | None = Field(None, ge=1, le=100)


class SiteIn(NamedIn):
    host_id: int = Field(description="The innovation carrier that hosts the site.")


class SiteUpdateIn(NamedUpdateIn):
    host_id: int | None = None


class CriterionIn(NamedIn):
    weight: int = Field(1, ge=1, le=100)
    low: int = Field(0, ge=-1000, le=1000)
    high: int = Field(10, ge=-1000, le=1000)


class CriterionUpdateIn(NamedUpdateIn):
    weight: int | None = Field(None, ge=1, le=100)
    low: int | None = Field(None, ge=-1000, le=1000)
    high: int | None = Field(None, ge=-1000, le=1000)


class SeatIn(InputSchema):
    judge_id: int | None = Field(None, description="The person to seat; or give their e-mail.")
    email: str | None = Field(None, max_length=254)
    grant_role: bool = Field(False, description="Give the judge role first (operators only).")


class JudgeOut(Schema):
    id: int
    name: str = Field(alias="full_name")
    email: str


class EntryIn(InputSchema):
    enterprise_id: int
    track_id: int
    site_id: int
    title_zh: str = Field("", max_length=200)
    title_en: str = Field("", max_length=200)
    summary_zh: str = Field("", max_length=3000)
    summary_en: str = Field("", max_length=3000)
    anchor: bool = Field(False, description="Marked by every panel of the round (the organiser only).")


class EntryUpdateIn(InputSchema):
    track_id: int | None = None
    site_id: int | None = None
    title_zh: str | None = Field(None, max_length=200)
    title_en: str | None = Field(None, max_length=200)
    summary_zh: str | None = Field(None, max_length=3000)
    summary_en: str | None = Field(None, max_length=3000)
    anchor: bool | None = None


class ConflictOut(Schema):
    judge_id: int
    judge: str
    entry_id: int
    entry: str
    declared: bool = Field(description="Declared by the judge; otherwise assumed from a membership.")
    reason: str
    declared_at: datetime.datetime | None
    through_id: int | None = Field(description="The organisation that makes an assumed conflict.")


def _one_of(queryset: Any, pk: int | None, field: str) -> Any:
    """A row the payload names by id, among those allowed here; otherwise a located 422."""
    found = queryset.filter(pk=pk).first() if pk is not None else None
    if found is None:
        raise invalid_at(
            field, _("Nothing with the id %(id)s can be chosen here. Check the identifier.") % {"id": pk}
        )
    return found


def _resolve_ids(fields: dict[str, Any], choices: dict[str, Any]) -> dict[str, Any]:
    """Turn ``track_id`` and the like into rows, checked against the allowed ones."""
    for key, queryset in choices.items():
        if key in fields:
            value = fields.pop(key)
            fields[key.removesuffix("_id")] = (
                None if value is None and key == "event_id" else _one_of(queryset, value, key)
            )
    return fields


def _competition_events(organiser_id: int) -> QuerySet[Event]:
    return Event.objects.filter(kind=EventKind.COMPETITION, organiser_id=organiser_id)


@router.get(
    "/competitions",
    response={200: list[CompetitionSummaryOut], 401: ErrorOut},
    summary="List competitions (published ones, plus the drafts of one's own organisations)",
)
@paginate(Pagination)
def list_competitions(request: HttpRequest) -> QuerySet[Competition]:
    return visible_competitions(request.user).order_by("-edition", "id")


@router.post(
    "/competitions",
    response={201: CompetitionOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Create a competition edition (members of the organising carrier, operators)",
)
def create_competition(request: HttpRequest, payload: CompetitionIn) -> Status[dict[str, Any]]:
    fields = payload.model_dump()
    organiser = check_may_organise(request.user, fields.pop("organiser_id"))
    fields = _resolve_ids(fields, {"event_id": _competition_events(organiser.pk)})
    return Status(201, _competition_out(do_create_competition(organiser=organiser, **fields)))


@router.patch(
    "/competitions/{competition_id}",
    response={200: CompetitionOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Change a competition edition (its organiser)",
)
def update_competition(
    request: HttpRequest, competition_id: int, payload: CompetitionUpdateIn
) -> dict[str, Any]:
    competition = access_competition(request.user, competition_id, write=True)
    fields = _resolve_ids(
        payload.model_dump(exclude_unset=True), {"event_id": _competition_events(competition.organiser_id)}
    )
    return _competition_out(do_update_competition(competition, **fields))


@router.post(
    "/competitions/{competition_id}/tracks",
    response={201: NamedOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Add a track (the organiser)",
)
def add_track(request: HttpRequest, competition_id: int, payload: NamedIn) -> Status[Track]:
    competition = access_competition(request.user, competition_id, write=True)
    return Status(201, do_add_track(competition, **payload.model_dump()))


@router.patch(
    "/competitions/tracks/{track_id}",
    response={200: NamedOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Rename a track (the organiser)",
)
def update_track(request: HttpRequest, track_id: int, payload: NamedUpdateIn) -> Track:
    return do_update_track(access_track(request.user, track_id), **payload.model_dump(exclude_unset=True))


@router.post(
    "/competitions/{competition_id}/rounds",
    response={201: RoundOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Add a round (the organiser)",
)
def add_round(request: HttpRequest, competition_id: int, payload: RoundIn) -> Status[dict[str, Any]]:
    competition = access_competition(request.user, competition_id, write=True)
    round_ = do_add_round(competition, **payload.model_dump())
    return Status(201, {"id": round_.pk, "name": round_.name, "number": round_.number, "sites": []})


@router.patch(
    "/competitions/rounds/{round_id}",
    response={200: RoundOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Renumber or rename a round (the organiser)",
)
def update_round(request: HttpRequest, round_id: int, payload: RoundUpdateIn) -> dict[str, Any]:
    round_ = do_update_round(access_round(request.user, round_id), **payload.model_dump(exclude_unset=True))
    return {"id": round_.pk, "name": round_.name, "number": round_.number, "sites": list(round_.sites.all())}


@router.post(
    "/competitions/rounds/{round_id}/sites",
    response={201: SiteOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Add a site (赛点) to a round, hosted by a carrier (the organiser)",
)
def add_site(request: HttpRequest, round_id: int, payload: SiteIn) -> Status[Site]:
    round_ = access_round(request.user, round_id)
    fields = _resolve_ids(payload.model_dump(), {"host_id": Organisation.objects.all()})
    return Status(201, do_add_site(round_, **fields))


@router.patch(
    "/competitions/sites/{site_id}",
    response={200: SiteOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Change a site's host or names (the organiser)",
)
def update_site(request: HttpRequest, site_id: int, payload: SiteUpdateIn) -> Site:
    site = access_site(request.user, site_id)
    fields = _resolve_ids(payload.model_dump(exclude_unset=True), {"host_id": Organisation.objects.all()})
    return do_update_site(site, **fields)


@router.get(
    "/competitions/sites/{site_id}/judges",
    response={200: list[JudgeOut], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Who sits on a site's panel (the organiser)",
)
@paginate(Pagination)
def list_panel(request: HttpRequest, site_id: int) -> QuerySet[User]:
    site = access_site(request.user, site_id)
    return User.objects.filter(panel_seats__site=site).order_by("full_name", "email")


@router.post(
    "/competitions/sites/{site_id}/judges",
    response={201: JudgeOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Seat a judge on a site's panel, by id or e-mail (the organiser)",
)
def seat_judge(request: HttpRequest, site_id: int, payload: SeatIn) -> Status[User]:
    site = access_site(request.user, site_id)
    people = people_to_seat()
    if payload.judge_id is not None:
        person = _one_of(people, payload.judge_id, "judge_id")
    else:
        email = (payload.email or "").strip()
        person = people.filter(email__iexact=email).first() if email else None
        if person is None:
            raise invalid_at(
                "email", _("Nobody has this e-mail address. Check it, or ask the person to sign up first.")
            )
    do_seat_on_panel(site, person, by=request.user, grant_role=payload.grant_role)
    return Status(201, person)


@router.delete(
    "/competitions/sites/{site_id}/judges/{judge_id}",
    response={204: None, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Take a judge off a panel, before they mark (the organiser)",
)
def unseat_judge(request: HttpRequest, site_id: int, judge_id: int) -> Status[None]:
    do_unseat_judge(access_panel_seat(request.user, site_id, judge_id))
    return Status(204, None)


@router.post(
    "/competitions/{competition_id}/criteria",
    response={201: CriterionOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Add a criterion to the rubric, until marking starts (the organiser)",
)
def add_criterion(request: HttpRequest, competition_id: int, payload: CriterionIn) -> Status[Criterion]:
    competition = access_competition(request.user, competition_id, write=True)
    return Status(201, do_add_criterion(competition, **payload.model_dump()))


@router.patch(
    "/competitions/criteria/{criterion_id}",
    response={200: CriterionOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Change a criterion, until marking starts (the organiser)",
)
def update_criterion(request: HttpRequest, criterion_id: int, payload: CriterionUpdateIn) -> Criterion:
    criterion = access_criterion(request.user, criterion_id)
    return do_update_criterion(criterion, **payload.model_dump(exclude_unset=True))


@router.delete(
    "/competitions/tracks/{track_id}",
    response={204: None, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Remove a track no entry is in (the organiser)",
)
def remove_track(request: HttpRequest, track_id: int) -> Status[None]:
    do_remove_track(access_track(request.user, track_id))
    return Status(204, None)


@router.delete(
    "/competitions/rounds/{round_id}",
    response={204: None, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Remove a round whose sites have no entries or marks, with those sites (the organiser)",
)
def remove_round(request: HttpRequest, round_id: int) -> Status[None]:
    do_remove_round(access_round(request.user, round_id))
    return Status(204, None)


@router.delete(
    "/competitions/sites/{site_id}",
    response={204: None, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Remove a site without entries or marks, with its panel (the organiser)",
)
def remove_site(request: HttpRequest, site_id: int) -> Status[None]:
    do_remove_site(access_site(request.user, site_id))
    return Status(204, None)


@router.delete(
    "/competitions/criteria/{criterion_id}",
    response={204: None, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Remove a criterion, until marking starts (the organiser)",
)
def remove_criterion(request: HttpRequest, criterion_id: int) -> Status[None]:
    do_remove_criterion(access_criterion(request.user, criterion_id))
    return Status(204, None)


@router.get(
    "/competitions/{competition_id}/entries",
    response={200: list[EntryOut], 401: ErrorOut, 404: ErrorOut},
    summary="Entries: all for the organiser, one's own enterprises' for their members",
)
@paginate(Pagination)
def list_entries(request: HttpRequest, competition_id: int) -> QuerySet[Entry]:
    check_signed_in(request.user)
    return visible_entries(request.user, access_competition(request.user, competition_id)).order_by("id")


@router.post(
    "/competitions/{competition_id}/entries",
    response={201: EntryOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Enter a project: the organiser for any enterprise, a member for their own while entries are open",
)
def add_entry(request: HttpRequest, competition_id: int, payload: EntryIn) -> Status[Entry]:
    competition = access_competition(request.user, competition_id)
    fields = payload.model_dump()
    choices = {
        "track_id": Track.objects.filter(competition=competition),
        "site_id": Site.objects.filter(round__competition=competition).select_related("round"),
    }
    if can_manage_competition(request.user, competition):
        fields = _resolve_ids(
            fields, {"enterprise_id": enterprises_to_enter(request.user, competition), **choices}
        )
        return Status(201, do_enter_project(**fields))
    enterprise = check_may_enter(request.user, fields.pop("enterprise_id"))
    return Status(201, do_submit_entry(enterprise=enterprise, **_resolve_ids(fields, choices)))


@router.patch(
    "/competitions/entries/{entry_id}",
    response={200: EntryOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Change an entry's project, track, site or anchor flag (the organiser)",
)
def update_entry(request: HttpRequest, entry_id: int, payload: EntryUpdateIn) -> Entry:
    entry = access_entry(request.user, entry_id, write=True)
    fields = _resolve_ids(
        payload.model_dump(exclude_unset=True),
        {
            "track_id": Track.objects.filter(competition_id=entry.competition_id),
            "site_id": Site.objects.filter(round__competition_id=entry.competition_id).select_related(
                "round"
            ),
        },
    )
    do_update_entry(entry, **fields)
    return Entry.objects.select_related("enterprise", "track").get(pk=entry.pk)


@router.delete(
    "/competitions/entries/{entry_id}",
    response={204: None, 401: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Withdraw an entry without marks or awards (the organiser)",
)
def withdraw_entry(request: HttpRequest, entry_id: int) -> Status[None]:
    do_withdraw_entry(access_entry(request.user, entry_id, write=True))
    return Status(204, None)


@router.get(
    "/competitions/{competition_id}/conflicts",
    response={200: list[ConflictOut], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Declared and assumed conflicts of interest between judges and entries (the organiser)",
)
@paginate(Pagination)
def list_conflicts(request: HttpRequest, competition_id: int) -> list[dict[str, Any]]:
    competition = access_results(request.user, competition_id)
    return [
        {
            "judge_id": item.judge.pk,
            "judge": str(item.judge),
            "entry_id": item.entry.pk,
            "entry": item.entry.title,
            "declared": item.declared,
            "reason": item.reason,
            "declared_at": item.declared_at,
            "through_id": item.through.pk if item.through else None,
        }
        for item in competition_conflicts(competition)
    ]


def _competition_out(competition: Competition) -> dict[str, Any]:
    rounds = Round.objects.filter(competition=competition).prefetch_related("sites")
    return {
        "id": competition.pk,
        "name": competition.name,
        "edition": competition.edition,
        "organiser_id": competition.organiser_id,
        "tracks": list(competition.tracks.all()),
        "rounds": [
            {"id": r.pk, "name": r.name, "number": r.number, "sites": list(r.sites.all())} for r in rounds
        ],
        "criteria": list(competition.criteria.all()),
    }


@router.get(
    "/competitions/{competition_id}",
    response={200: CompetitionOut, 401: ErrorOut, 404: ErrorOut},
    summary="A competition: tracks, rounds and sites, rubric",
)
def get_competition(request: HttpRequest, competition_id: int) -> dict[str, Any]:
    return _competition_out(access_competition(request.user, competition_id))


@router.get(
    "/competitions/{competition_id}/rounds/{round_id}/results",
    response={200: ResultsOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Raw and calibrated rankings of a round (the organiser)",
)
def get_results(request: HttpRequest, competition_id: int, round_id: int) -> dict[str, Any]:
    round_ = access_round_results(request.user, competition_id, round_id)
    results = round_results(round_)
    return {
        "round_id": round_.pk,
        "marks": results.marks,
        "groups": results.groups,
        "site_effects": [
            {"site_id": item.site.pk, "site": item.site.name, "effect": item.effect}
            for item in results.site_effects
        ],
        "results": [
            {
                "entry_id": row.entry.pk,
                "title": row.entry.title,
                "judges": row.statistics.count if row.statistics else 0,
                "mean": row.statistics.mean if row.statistics else None,
                "median": row.statistics.median if row.statistics else None,
                "spread": row.statistics.spread if row.statistics else None,
                "disagreement": row.statistics.disagreement if row.statistics else None,
                "normalised": row.normalised,
                "calibrated": row.calibrated,
                "raw_rank": row.raw_rank,
                "calibrated_rank": row.calibrated_rank,
            }
            for row in results.rows
        ],
    }


@router.get(
    "/judging/sites/{site_id}/entries",
    response={200: list[EntryOut], 401: ErrorOut, 404: ErrorOut},
    summary="The entries I mark on this site's panel (never those I am in conflict with)",
)
@paginate(Pagination)
def list_entries_to_mark(request: HttpRequest, site_id: int) -> QuerySet[Entry]:
    site = access_panel_site(request.user, site_id)
    return Entry.objects.for_judge(check_signed_in(request.user), site).select_related("enterprise", "track")


@router.put(
    "/judging/sites/{site_id}/entries/{entry_id}/scores",
    response={200: MarkedOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Give or correct my marks for an entry",
)
def score_entry(request: HttpRequest, site_id: int, entry_id: int, payload: ScoresIn) -> dict[str, Any]:
    site, entry = access_entry_to_mark(request.user, site_id, entry_id)
    scores = do_score_entry(check_signed_in(request.user), site, entry, payload.marks)
    return {"entry_id": entry.pk, "scores": scores}


@router.post(
    "/judging/sites/{site_id}/entries/{entry_id}/conflict",
    response={204: None, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Declare a conflict of interest with an entry; it disappears from my list",
)
def declare_conflict(request: HttpRequest, site_id: int, entry_id: int, payload: ConflictIn) -> Status[None]:
    _site, entry = access_entry_to_mark(request.user, site_id, entry_id)
    do_declare_conflict(check_signed_in(request.user), entry, reason=payload.reason)
    return Status(204, None)


@router.post(
    "/competitions/{competition_id}/advancements",
    response={200: dict[str, int], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Advance entries to a site of the next round (the organiser)",
)
def advance_entries(request: HttpRequest, competition_id: int, payload: AdvanceIn) -> dict[str, int]:
    competition = access_competition(request.user, competition_id, write=True)
    site = (
        Site.objects.select_related("round")
        .filter(pk=payload.site_id, round__competition=competition)
        .first()
    )
    if site is None:
        raise NotFound()
    entries = access_entries_to_advance(request.user, competition, payload.entry_ids)
    return {"advanced": do_advance_entries(entries, site)}


@router.post(
    "/competitions/entries/{entry_id}/awards",
    response={201: AwardOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Give an entry an award (the organiser)",
)
def give_award(request: HttpRequest, entry_id: int, payload: AwardIn) -> Status[Award]:
    entry = access_entry(request.user, entry_id, write=True)
    return Status(201, do_give_award(entry, **payload.model_dump()))


@router.post(
    "/awards/{award_id}/settlement",
    response={200: AwardOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Record that an awarded project settled in a carrier (writes a project flow)",
)
def record_settlement(request: HttpRequest, award_id: int, payload: SettlementIn) -> Award:
    award = access_award(request.user, award_id, write=True)
    carrier = Organisation.objects.filter(pk=payload.carrier_id).first()
    if carrier is None:
        raise NotFound()
    return do_record_settlement(award, carrier=carrier, settled_on=payload.settled_on)
