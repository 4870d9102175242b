"""Verbs that change competitions: their set-up, panels, entries, marks, advancement and awards.

Each owns its transaction. Every rule about who may do what to a competition's parts is decided here
(or in ``access.py``), so the API and the pages obey the same one.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hatchway.accounts.models import User
from hatchway.competitions.access import check_may_grant_judge_role
from hatchway.competitions.models import (
    Award,
    BilingualPart,
    Competition,
    ConflictOfInterest,
    Criterion,
    Entry,
    PanelSeat,
    Round,
    Score,
    Site,
    Track,
)
from hatchway.directory.actions import do_grant_role
from hatchway.directory.models import Membership, Organisation, OrganisationKind, Role
from hatchway.errors import Conflict, Forbidden, InvalidInput, NotFound
from hatchway.events.actions import invalid_at
from hatchway.events.models import Event, EventKind
from hatchway.unchanged import UNCHANGED, Unchanged, given

_Row = TypeVar("_Row", bound=models.Model)
_Named = TypeVar("_Named", bound=BilingualPart)


def _clean_save(instance: _Row) -> _Row:
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def do_create_competition(
    *,
    organiser: Organisation,
    edition: int,
    name_zh: str = "",
    name_en: str = "",
    event: Event | None = None,
    description_zh: str = "",
    description_en: str = "",
    published: bool = False,
    ref: str | None = None,
) -> Competition:
    if organiser.kind not in (OrganisationKind.CARRIER, OrganisationKind.PLATFORM):
        raise invalid_at(
            "organiser", _("Choose an innovation carrier or the platform operator as organiser.")
        )
    if not name_zh and not name_en:
        raise invalid_at("name_en", _("Give the competition a name in Chinese, in English, or both."))
    _check_competition_event(organiser, event)
    return _clean_save(
        Competition(
            organiser=organiser,
            edition=edition,
            name_zh=name_zh,
            name_en=name_en,
            event=event,
            description_zh=description_zh,
            description_en=description_en,
            published=published,
            ref=ref,
        )
    )


@transaction.atomic
def do_add_track(competition: Competition, *, name_zh: str = "", name_en: str = "") -> Track:
    _check_named(name_zh, name_en, _("Give the track a name in Chinese, in English, or both."))
    return _clean_save(Track(competition=competition, name_zh=name_zh, name_en=name_en))


@transaction.atomic
def do_add_round(competition: Competition, *, number: int, name_zh: str = "", name_en: str = "") -> Round:
    _check_named(name_zh, name_en, _("Give the round a name in Chinese, in English, or both."))
    if Round.objects.filter(competition=competition, number=number).exists():
        raise invalid_at(
            "number", _("Round %(number)s exists already. Choose another number.") % {"number": number}
        )
    return _clean_save(Round(competition=competition, number=number, name_zh=name_zh, name_en=name_en))


@transaction.atomic
def do_add_site(round_: Round, *, host: Organisation, name_zh: str = "", name_en: str = "") -> Site:
    if host.kind != OrganisationKind.CARRIER:
        raise invalid_at("host", _("A site is hosted by an innovation carrier. Choose a carrier."))
    _check_named(name_zh, name_en, _("Give the site a name in Chinese, in English, or both."))
    return _clean_save(Site(round=round_, host=host, name_zh=name_zh, name_en=name_en))


@transaction.atomic
def do_seat_judge(site: Site, judge: User) -> PanelSeat:
    """Put a judge on a site's panel; only people holding the judge role may sit."""
    if not Membership.objects.filter(user=judge, role=Role.JUDGE).exists():
        raise invalid_at(
            "judge", _("%(person)s does not hold the judge role. Grant it first.") % {"person": judge}
        )
    seat, _created = PanelSeat.objects.get_or_create(site=site, judge=judge)
    return seat


@transaction.atomic
def do_seat_new_judge(site: Site, person: User) -> PanelSeat:
    """Give a person the judge role if they lack it, and seat them on the panel, in one transaction."""
    if not Membership.objects.filter(user=person, role=Role.JUDGE).exists():
        do_grant_role(person, Role.JUDGE, None)
    return do_seat_judge(site, person)


@transaction.atomic
def do_seat_on_panel(
    site: Site, person: User, *, by: User | AnonymousUser, grant_role: bool = False
) -> PanelSeat:
    """Seat a person on a site's panel, as the organiser asks on the page or through the API.

    With ``grant_role`` the person is given the judge role first, which only an operator may do;
    without it, they must hold the role already (``do_seat_judge``).
    """
    if grant_role:
        check_may_grant_judge_role(by)
        return do_seat_new_judge(site, person)
    return do_seat_judge(site, person)


@transaction.atomic
def do_add_criterion(
    competition: Competition,
    *,
    name_zh: str = "",
    name_en: str = "",
    weight: int = 1,
    low: int = 0,
    high: int = 10,
) -> Criterion:
    _check_named(name_zh, name_en, _("Name the criterion in Chinese, in English, or both."))
    if high <= low:
        raise invalid_at("high", _("The highest score must be above the lowest (%(low)s).") % {"low": low})
    _check_rubric_open(competition.pk)
    return _clean_save(
        Criterion(
            competition=competition, name_zh=name_zh, name_en=name_en, weight=weight, low=low, high=high
        )
    )


@transaction.atomic
def do_enter_project(
    *,
    track: Track,
    site: Site,
    enterprise: Organisation,
    anchor: bool = False,
    title_zh: str = "",
    title_en: str = "",
    summary_zh: str = "",
    summary_en: str = "",
) -> Entry:
    """Enter an enterprise's project in a track, at a site of the competition's first round."""
    if enterprise.kind != OrganisationKind.ENTERPRISE:
        raise invalid_at("enterprise", _("Entries are projects of enterprises. Choose an enterprise."))
    if site.round.competition_id != track.competition_id:
        raise invalid_at("site", _("This site belongs to another competition."))
    if not title_zh and not title_en:
        raise invalid_at("title_en", _("Give the project a title in Chinese, in English, or both."))
    return _clean_save(
        Entry(
            competition_id=track.competition_id,
            track=track,
            site=site,
            enterprise=enterprise,
            anchor=anchor,
            title_zh=title_zh,
            title_en=title_en,
            summary_zh=summary_zh,
            summary_en=summary_en,
        )
    )


def _check_named(name_zh: str, name_en: str, message: str, field: str = "name_en") -> None:
    if not (name_zh or "").strip() and not (name_en or "").strip():
        raise invalid_at(field, message)


def _check_competition_event(
    organiser: Organisation, event: Event | None, competition: Competition | None = None
) -> None:
    """A competition belongs to at most one event of kind competition, organised by the same organiser."""
    if event is None:
        return
    if event.kind != EventKind.COMPETITION or event.organiser_id != organiser.pk:
        raise invalid_at(
            "event",
            _("Choose an event of kind competition organised by %(organiser)s.") % {"organiser": organiser},
        )
    taken = Competition.objects.filter(event=event)
    if competition is not None:
        taken = taken.exclude(pk=competition.pk)
    if taken.exists():
        raise invalid_at(
            "event", _("Another competition already belongs to this event. Choose another event.")
        )


@transaction.atomic
def do_update_competition(
    competition: Competition,
    *,
    event: Event | Unchanged | None = UNCHANGED,
    name_zh: str | Unchanged = UNCHANGED,
    name_en: str | Unchanged = UNCHANGED,
    edition: int | Unchanged = UNCHANGED,
    description_zh: str | Unchanged = UNCHANGED,
    description_en: str | Unchanged = UNCHANGED,
    published: bool | Unchanged = UNCHANGED,
) -> Competition:
    """Change an edition's names, description, year, event or publication; the organiser never changes."""
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    changes = given(
        event=event,
        name_zh=name_zh,
        name_en=name_en,
        edition=edition,
        description_zh=description_zh,
        description_en=description_en,
        published=published,
    )
    for name, value in changes.items():
        setattr(competition, name, value)
    _check_named(
        competition.name_zh,
        competition.name_en,
        _("Give the competition a name in Chinese, in English, or both."),
    )
    _check_competition_event(competition.organiser, competition.event, competition)
    return _clean_save(competition)


def _check_part_of(competition_id: int, part: Track | Unchanged, field: str) -> None:
    if isinstance(part, Track) and part.competition_id != competition_id:
        raise invalid_at(field, _("Choose one of this competition's own parts."))


def _update_named(instance: _Named, message: str, changes: Mapping[str, object]) -> _Named:
    for name, value in changes.items():
        setattr(instance, name, value)
    _check_named(instance.name_zh, instance.name_en, message)
    return _clean_save(instance)


@transaction.atomic
def do_update_track(
    track: Track, *, name_zh: str | Unchanged = UNCHANGED, name_en: str | Unchanged = UNCHANGED
) -> Track:
    return _update_named(
        track,
        _("Give the track a name in Chinese, in English, or both."),
        given(name_zh=name_zh, name_en=name_en),
    )


@transaction.atomic
def do_update_round(
    round_: Round,
    *,
    number: int | Unchanged = UNCHANGED,
    name_zh: str | Unchanged = UNCHANGED,
    name_en: str | Unchanged = UNCHANGED,
) -> Round:
    if (
        number is not UNCHANGED
        and Round.objects.filter(competition_id=round_.competition_id, number=number)
        .exclude(pk=round_.pk)
        .exists()
    ):
        raise invalid_at(
            "number", _("Round %(number)s exists already. Choose another number.") % {"number": number}
        )
    if (
        number is not UNCHANGED
        and number != round_.number
        and Score.objects.filter(site__round=round_).exists()
    ):
        raise invalid_at(
            "number", _("Judges have marked entries in this round; its number can no longer change.")
        )
    return _update_named(
        round_,
        _("Give the round a name in Chinese, in English, or both."),
        given(number=number, name_zh=name_zh, name_en=name_en),
    )


@transaction.atomic
def do_update_site(
    site: Site,
    *,
    host: Organisation | Unchanged = UNCHANGED,
    name_zh: str | Unchanged = UNCHANGED,
    name_en: str | Unchanged = UNCHANGED,
) -> Site:
    if host is not UNCHANGED and host.kind != OrganisationKind.CARRIER:
        raise invalid_at("host", _("A site is hosted by an innovation carrier. Choose a carrier."))
    return _update_named(
        site,
        _("Give the site a name in Chinese, in English, or both."),
        given(host=host, name_zh=name_zh, name_en=name_en),
    )


@transaction.atomic
def do_unseat_judge(seat: PanelSeat) -> None:
    """Take a judge off a panel; refused once they have marked entries there (their marks count)."""
    if Score.objects.filter(site_id=seat.site_id, judge_id=seat.judge_id).exists():
        raise Conflict(
            _("%(person)s has already marked entries on this panel; their marks count, so they stay seated.")
            % {"person": seat.judge}
        )
    seat.delete()


def _check_rubric_open(competition_id: int) -> None:
    if Score.objects.filter(criterion__competition_id=competition_id).exists():
        raise Conflict(_("Judges have started marking; the rubric can no longer change."))


@transaction.atomic
def do_update_criterion(
    criterion: Criterion,
    *,
    name_zh: str | Unchanged = UNCHANGED,
    name_en: str | Unchanged = UNCHANGED,
    weight: int | Unchanged = UNCHANGED,
    low: int | Unchanged = UNCHANGED,
    high: int | Unchanged = UNCHANGED,
) -> Criterion:
    """Change a criterion's names, weight or range, until the first mark is given."""
    _check_rubric_open(criterion.competition_id)
    new_low = criterion.low if low is UNCHANGED else low
    new_high = criterion.high if high is UNCHANGED else high
    if new_high <= new_low:
        raise invalid_at(
            "high", _("The highest score must be above the lowest (%(low)s).") % {"low": new_low}
        )
    return _update_named(
        criterion,
        _("Name the criterion in Chinese, in English, or both."),
        given(name_zh=name_zh, name_en=name_en, weight=weight, low=low, high=high),
    )


@transaction.atomic
def do_remove_criterion(criterion: Criterion) -> None:
    _check_rubric_open(criterion.competition_id)
    criterion.delete()


@transaction.atomic
def do_remove_track(track: Track) -> None:
    """Remove a track no entry is in."""
    entries = Entry.objects.filter(track=track).count()
    if entries:
        raise Conflict(
            _("%(count)s entries are in the track “%(name)s”; move them to another track first.")
            % {"count": entries, "name": track.name}
        )
    track.delete()


@transaction.atomic
def do_remove_site(site: Site) -> None:
    """Remove a site that has neither entries nor marks; its panel goes with it."""
    entries = Entry.objects.filter(site=site).count()
    if entries:
        raise Conflict(
            _("%(count)s entries are at the site “%(name)s”; move or withdraw them first.")
            % {"count": entries, "name": site.name}
        )
    if Score.objects.filter(site=site).exists():
        raise Conflict(
            _("Judges have marked entries at the site “%(name)s”; it stays on record.") % {"name": site.name}
        )
    site.delete()


@transaction.atomic
def do_remove_round(round_: Round) -> None:
    """Remove a round none of whose sites has entries or marks; its empty sites and panels go with it."""
    entries = Entry.objects.filter(site__round=round_).count()
    if entries:
        raise Conflict(
            _("%(count)s entries are at the sites of round %(number)s; move or withdraw them first.")
            % {"count": entries, "number": round_.number}
        )
    if Score.objects.filter(site__round=round_).exists():
        raise Conflict(
            _("Judges have marked entries in round %(number)s; it stays on record.")
            % {"number": round_.number}
        )
    round_.delete()


def first_round(competition: Competition) -> Round | None:
    return Round.objects.filter(competition=competition).order_by("number").first()


def entries_closed_reason(competition: Competition, now: datetime.datetime) -> str:
    """Why enterprises cannot enter a project themselves now; empty when the competition is open for entries.

    Open means: published, with a track and a site in its first round, before its event starts (when it
    has one), and before any judge has given a mark.
    """
    if not competition.published:
        return _("This competition is not published yet.")
    if not Track.objects.filter(competition=competition).exists():
        return _("This competition has no track yet.")
    round_ = first_round(competition)
    if round_ is None or not Site.objects.filter(round=round_).exists():
        return _("This competition has no site in its first round yet.")
    if (
        competition.event_id is not None
        and Event.objects.filter(pk=competition.event_id, starts_at__lte=now).exists()
    ):
        return _("The competition has started; entries are closed.")
    if Score.objects.filter(entry__competition=competition).exists():
        return _("Judging has started; entries are closed.")
    return ""


@transaction.atomic
def do_submit_entry(
    *,
    track: Track,
    site: Site,
    enterprise: Organisation,
    anchor: bool = False,
    title_zh: str = "",
    title_en: str = "",
    summary_zh: str = "",
    summary_en: str = "",
    now: datetime.datetime | None = None,
) -> Entry:
    """An enterprise enters its own project, at a site of the first round, while entries are open.

    Only the organiser marks an entry as an anchor (``do_enter_project``, ``do_update_entry``): an
    enterprise asking for one is refused, on the page as in the API.
    """
    if anchor:
        raise Forbidden(_("Only the organiser marks an entry as an anchor. Leave “anchor” false."))
    competition = Competition.objects.select_for_update().get(pk=track.competition_id)
    closed = entries_closed_reason(competition, now or timezone.now())
    if closed:
        raise Conflict(closed)
    round_ = first_round(competition)
    if round_ is None or site.round_id != round_.pk:
        raise invalid_at("site", _("Choose a site of the first round."))
    titles = [title for title in (title_zh, title_en) if title]
    if (
        Entry.objects.filter(competition=competition, enterprise=enterprise)
        .filter(Q(title_zh__in=titles) | Q(title_en__in=titles))
        .exists()
    ):
        raise invalid_at("title_en", _("Your enterprise has already entered a project with this title."))
    return do_enter_project(
        track=track,
        site=site,
        enterprise=enterprise,
        title_zh=title_zh,
        title_en=title_en,
        summary_zh=summary_zh,
        summary_en=summary_en,
    )


@transaction.atomic
def do_update_entry(
    entry: Entry,
    *,
    track: Track | Unchanged = UNCHANGED,
    site: Site | Unchanged = UNCHANGED,
    title_zh: str | Unchanged = UNCHANGED,
    title_en: str | Unchanged = UNCHANGED,
    summary_zh: str | Unchanged = UNCHANGED,
    summary_en: str | Unchanged = UNCHANGED,
    anchor: bool | Unchanged = UNCHANGED,
) -> Entry:
    """Change an entry's project, track, site or anchor flag; it moves site only before it is marked."""
    entry = Entry.objects.select_for_update().get(pk=entry.pk)
    _check_part_of(entry.competition_id, track, "track")
    if site is not UNCHANGED and site.round.competition_id != entry.competition_id:
        raise invalid_at("site", _("This site belongs to another competition."))
    if site is not UNCHANGED and site.pk != entry.site_id and Score.objects.filter(entry=entry).exists():
        raise invalid_at("site", _("Judges have marked this entry; it moves on only by advancement."))
    changes = given(
        track=track,
        site=site,
        title_zh=title_zh,
        title_en=title_en,
        summary_zh=summary_zh,
        summary_en=summary_en,
        anchor=anchor,
    )
    for name, value in changes.items():
        setattr(entry, name, value)
    _check_named(
        entry.title_zh,
        entry.title_en,
        _("Give the project a title in Chinese, in English, or both."),
        "title_en",
    )
    return _clean_save(entry)


@transaction.atomic
def do_withdraw_entry(entry: Entry) -> None:
    """Remove an entry that has neither marks nor awards."""
    if Score.objects.filter(entry=entry).exists() or Award.objects.filter(entry=entry).exists():
        raise Conflict(_("This entry has marks or an award; it stays on record. Mark it eliminated instead."))
    entry.delete()


@transaction.atomic
def do_declare_conflict(
    judge: User, entry: Entry, *, reason: str = "", now: datetime.datetime | None = None
) -> ConflictOfInterest:
    """Record that a judge must not mark an entry; marks already given by the judge are withdrawn."""
    conflict, _created = ConflictOfInterest.objects.get_or_create(
        judge=judge, entry=entry, defaults={"reason": reason[:300], "declared_at": now or timezone.now()}
    )
    Score.objects.filter(judge=judge, entry=entry).delete()
    return conflict


@transaction.atomic
def do_score_entry(
    judge: User, site: Site, entry: Entry, marks: Mapping[int, int], *, now: datetime.datetime | None = None
) -> list[Score]:
    """Record (or correct) a judge's marks on every criterion of the rubric for one entry."""
    now = now or timezone.now()
    if not Entry.objects.for_judge(judge, site).filter(pk=entry.pk).exists():
        raise NotFound()
    criteria = list(Criterion.objects.filter(competition_id=entry.competition_id))
    errors = []
    for criterion in criteria:
        value = marks.get(criterion.pk)
        location = f"body.marks.{criterion.pk}"
        if value is None:
            errors.append({"location": location, "message": _("Mark “%(name)s”.") % {"name": criterion.name}})
        elif not criterion.low <= value <= criterion.high:
            errors.append(
                {
                    "location": location,
                    "message": _(
                        "“%(name)s” takes a whole number from %(low)s to %(high)s; %(value)s is outside."
                    )
                    % {"name": criterion.name, "low": criterion.low, "high": criterion.high, "value": value},
                }
            )
    unknown = set(marks) - {criterion.pk for criterion in criteria}
    for key in sorted(unknown):
        errors.append(
            {"location": f"body.marks.{key}", "message": _("This is not a criterion of the rubric.")}
        )
    if errors:
        raise InvalidInput("; ".join(str(error["message"]) for error in errors), errors=errors)
    scores = []
    for criterion in criteria:
        score, _created = Score.objects.update_or_create(
            entry=entry,
            site=site,
            judge=judge,
            criterion=criterion,
            defaults={"value": marks[criterion.pk], "scored_at": now},
        )
        scores.append(score)
    return scores


@transaction.atomic
def do_advance_entries(entries: Iterable[Entry], to_site: Site) -> int:
    """Move entries to a site of the next round; the others of their round stay behind, eliminated."""
    chosen = list(entries)
    if not chosen:
        return 0
    rounds = {entry.site.round for entry in chosen}
    if len(rounds) != 1:
        raise invalid_at("entries", _("Advance entries of one round at a time."))
    from_round = rounds.pop()
    if (
        to_site.round.competition_id != from_round.competition_id
        or to_site.round.number != from_round.number + 1
    ):
        raise invalid_at("site", _("Choose a site of round %(number)s.") % {"number": from_round.number + 1})
    ids = [entry.pk for entry in chosen]
    Entry.objects.filter(pk__in=ids).update(site=to_site, eliminated=False, anchor=False)
    Entry.objects.filter(site__round=from_round).exclude(pk__in=ids).update(eliminated=True)
    return len(ids)


@transaction.atomic
def do_give_award(entry: Entry, *, name_zh: str = "", name_en: str = "", rank: int = 1) -> Award:
    if not name_zh and not name_en:
        raise invalid_at("name_en", _("Name the award in Chinese, in English, or both."))
    return Award.objects.create(
        competition_id=entry.competition_id, entry=entry, name_zh=name_zh, name_en=name_en, rank=rank
    )


def record_settlement_flow(entry: Entry, carrier: Organisation, settled_on: datetime.date) -> Any:
    """Record in the flows ledger that a competition project settled in an incubator: a "project" flow.

    Calls ``hatchway.flows.actions.do_record_flow`` when the ledger is installed; returns the flow,
    or None when there is no ledger or the project did not cross a border (a mainland enterprise
    settling in a mainland carrier).
    """
    try:
        from hatchway.flows.actions import do_record_flow
    except ImportError:  # the ledger is not part of this installation
        return None
    enterprise = entry.enterprise
    if enterprise.country == carrier.country:
        return None
    return do_record_flow(
        element="project",
        direction="inbound" if carrier.country == "CN" else "outbound",
        stage="completed",
        origin_country=enterprise.country,
        destination_country=carrier.country,
        occurred_on=settled_on,
        evidence_kind="settlement_agreement",
        evidence_number=f"competition-{entry.competition_id}-entry-{entry.pk}",
        producer_kind="event",
        producer_ref=f"competition:{entry.competition_id}",
        producer_item=f"entry:{entry.pk}",
        carrier=carrier,
        counterparties=[enterprise.display_name],
        note=f"{entry.title_en or entry.title_zh}",
    )


@transaction.atomic
def do_record_settlement(award: Award, *, carrier: Organisation, settled_on: datetime.date) -> Award:
    """Record that an awarded project settled in a carrier, and write the project flow."""
    if carrier.kind != OrganisationKind.CARRIER:
        raise invalid_at("carrier", _("A project settles in an innovation carrier. Choose a carrier."))
    award = Award.objects.select_for_update().select_related("entry__enterprise").get(pk=award.pk)
    if award.settled_on is not None:
        raise Conflict(_("This project's settlement is already recorded."))
    award.settled_in = carrier
    award.settled_on = settled_on
    flow = record_settlement_flow(award.entry, carrier, settled_on)
    award.flow_id = getattr(flow, "pk", None)
    award.save(update_fields=["settled_in", "settled_on", "flow_id"])
    return award
