"""Verbs of the way from interest to outcome: express and withdraw interest, match, move a match.

A match is made when both sides are interested; only then are anonymous owners revealed to each other.
A won match writes its flow to the ledger in one place, ``record_match_flow``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from hatchway.accounts.models import User
from hatchway.directory.models import Membership, Organisation, OrganisationKind, Role, TalentProfile
from hatchway.errors import Conflict, Forbidden, InvalidInput, NotFound
from hatchway.flows.actions import do_record_flow
from hatchway.listings.access import viewer_of
from hatchway.listings.actions import do_record_reveal, renewal_recipients
from hatchway.listings.models import Listing, ListingStatus, Visibility
from hatchway.notices.actions import do_notify
from hatchway.pipeline.access import interested_party_name, on_first_side, on_listing_side, owns_listing
from hatchway.pipeline.models import (
    COUNTERPART_KIND,
    KIND_PIPELINE,
    ORIGIN_KINDS,
    Interest,
    Match,
    MatchStage,
    MatchStageChange,
)

MESSAGE_LIMIT = 2000


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _party_members(organisation: Organisation | None, user: User | None) -> list[User]:
    if user is not None:
        return [user] if user.is_active else []
    return list(
        User.objects.filter(
            is_active=True, pk__in=Membership.objects.filter(organisation=organisation).values("user_id")
        ).order_by("pk")
    )


def _check_interest(
    actor: User,
    target: Listing,
    source: Listing | None,
    organisation: Organisation | None,
    now: dt.datetime,
) -> tuple[Organisation | None, User | None]:
    """Return the interested party (organisation, person), or raise what is wrong."""
    viewer = viewer_of(actor)
    if not viewer.can_read(target):
        raise NotFound(_("There is no listing with this identifier you may see. Check target_id."))
    if not Listing.objects.open(now).filter(pk=target.pk).exists():
        raise Conflict(
            _("This listing is no longer open (it is %(status)s). Look for another one.")
            % {"status": target.get_status_display()}
        )
    if owns_listing(viewer, target):
        raise InvalidInput.at("target_id", _("This is your own listing. Express interest in someone else's."))
    if source is not None:
        if not owns_listing(viewer, source):
            raise Forbidden(
                _("You may express interest only with a listing of an organisation you belong to.")
            )
        if source.status != ListingStatus.PUBLISHED:
            raise InvalidInput.at(
                "source_id", _("Publish your listing first, then express interest with it.")
            )
        if COUNTERPART_KIND[source.kind] != target.kind:
            raise InvalidInput.at(
                "source_id",
                _("A “%(source)s” does not go with a “%(target)s”. Choose your “%(expected)s” listing.")
                % {
                    "source": source.get_kind_display(),
                    "target": target.get_kind_display(),
                    "expected": Listing(kind=COUNTERPART_KIND[target.kind]).get_kind_display(),
                },
            )
        return source.owner_organisation, source.owner_user
    if organisation is not None:
        if organisation.pk not in viewer.organisation_ids:
            raise Forbidden(_("You may express interest only for an organisation you belong to."))
        if organisation.kind in {OrganisationKind.PLATFORM, OrganisationKind.GOVERNMENT}:
            raise InvalidInput.at(
                "organisation_id", _("The platform itself does not express interest in listings.")
            )
        if organisation.pk == target.owner_organisation_id:
            raise InvalidInput.at(
                "target_id", _("This is your own listing. Express interest in someone else's.")
            )
        return organisation, None
    if Role.TALENT in viewer.roles:
        return None, actor
    speaking_for = list(
        Organisation.objects.filter(pk__in=viewer.organisation_ids)
        .exclude(kind__in=[OrganisationKind.PLATFORM, OrganisationKind.GOVERNMENT])
        .order_by("pk")[:2]
    )
    if len(speaking_for) == 1:
        return speaking_for[0], None
    if speaking_for:
        raise InvalidInput.at(
            "organisation_id", _("Say which of your organisations is interested: set organisation_id.")
        )
    raise Forbidden(
        _("Only members of an organisation and registered talents express interest. Ask a platform operator.")
    )


def _notify_interest(interest: Interest) -> None:
    recipients = renewal_recipients(interest.target)
    do_notify(
        recipients,
        kind="matching.interest",
        subject=lambda: (
            gettext("New interest in your listing “%(title)s”") % {"title": interest.target.display_title}
        ),
        template="pipeline/notices/interest.txt",
        context={"interest": interest, "party": lambda: interested_party_name(interest)},
        url=reverse("matching:my_matches") + f"#interest-{interest.pk}",
        key=f"interest:{interest.pk}",
    )


def _notify_match(match: Match) -> None:
    url = reverse("matching:match_detail", args=[match.pk])
    recipients = _party_members(match.organisation, match.user) + renewal_recipients(match.target)
    do_notify(
        recipients,
        kind="matching.match",
        subject=lambda: gettext("Mutual interest: “%(title)s”") % {"title": match.target.display_title},
        template="pipeline/notices/match.txt",
        context={"match": match},
        url=url,
        key=f"match:{match.pk}",
    )


def _reveal_identities(match: Match, now: dt.datetime) -> None:
    """Show the owner of each anonymous listing of the pair to the other side (both sides agreed)."""
    target = match.target
    if target.visibility == Visibility.ANONYMOUS:
        do_record_reveal(target, organisation=match.organisation, user=match.user, now=now)
    source = match.source
    if source is not None and source.visibility == Visibility.ANONYMOUS:
        do_record_reveal(source, organisation=target.owner_organisation, user=target.owner_user, now=now)


def _make_match(first: Interest, actor: User, now: dt.datetime, second: Interest | None) -> Match:
    match = Match.objects.create(
        source=first.source,
        target=first.target,
        organisation=first.organisation,
        user=first.user,
        pipeline=KIND_PIPELINE[first.target.kind],
        stage=MatchStage.INTERESTED,
        created_by=actor,
        created_at=now,
        updated_at=now,
    )
    MatchStageChange.objects.create(
        match=match, from_stage="", to_stage=MatchStage.INTERESTED, changed_by=actor, changed_at=now
    )
    Interest.objects.filter(pk__in=[first.pk] + ([second.pk] if second else [])).update(match=match)
    first.match = match
    if second is not None:
        second.match = match
    _reveal_identities(match, now)
    _notify_match(match)
    return match


@transaction.atomic
def do_express_interest(
    actor: User,
    target: Listing,
    *,
    source: Listing | None = None,
    organisation: Organisation | None = None,
    message: str = "",
    now: dt.datetime | None = None,
) -> Interest:
    """Say that ``actor`` (with their listing ``source``, for ``organisation``, or in person) is interested.

    The owner's members are notified in their own language. When the other side had already expressed
    interest the other way, the two interests make a match.
    """
    now = _now(now)
    message = (message or "").strip()
    if len(message) > MESSAGE_LIMIT:
        raise InvalidInput.at(
            "message", _("Write at most %(limit)s characters in the message.") % {"limit": MESSAGE_LIMIT}
        )
    target = (
        Listing.objects.select_for_update(of=("self",))
        .select_related("owner_organisation", "owner_user")
        .get(pk=target.pk)
    )
    party_organisation, party_user = _check_interest(actor, target, source, organisation, now)
    existing = Interest.objects.active().filter(target=target)
    if source is not None:
        existing = existing.filter(source=source)
    else:
        existing = existing.filter(source__isnull=True, organisation=party_organisation, user=party_user)
    if existing.exists():
        raise Conflict(
            _("You have already expressed interest in this listing. Wait for the other side's answer.")
        )
    if (
        source is not None
        and Match.objects.filter(source__in=[source, target], target__in=[source, target]).exists()
    ):
        raise Conflict(_("These two listings are already matched. Follow the match on your matches page."))
    try:
        with transaction.atomic():
            interest = Interest.objects.create(
                source=source,
                target=target,
                organisation=party_organisation,
                user=party_user,
                message=message,
                created_by=actor,
                created_at=now,
            )
    except IntegrityError:
        raise Conflict(
            _("You have already expressed interest in this listing. Wait for the other side's answer.")
        ) from None
    reverse_interest = None
    if source is not None:
        reverse_interest = (
            Interest.objects.active()
            .filter(source=target, target=source, match__isnull=True)
            .select_related("source", "target", "organisation", "user")
            .first()
        )
    if reverse_interest is not None:
        interest.in_reply_to = reverse_interest
        interest.save(update_fields=["in_reply_to"])
        _make_match(reverse_interest, actor, now, interest)
    else:
        _notify_interest(interest)
    return interest


@transaction.atomic
def do_accept_interest(
    interest: Interest, actor: User, *, message: str = "", now: dt.datetime | None = None
) -> Match:
    """The listing's side answers an interest with its own: the interest becomes mutual, a match."""
    now = _now(now)
    interest = (
        Interest.objects.select_for_update(of=("self",))
        .select_related("source", "target", "organisation", "user")
        .get(pk=interest.pk)
    )
    viewer = viewer_of(actor)
    if not on_listing_side(viewer, interest):
        raise Forbidden(_("Only the members of the listing's owner may accept this interest."))
    if interest.is_withdrawn:
        raise Conflict(_("This interest was withdrawn; there is nothing to accept."))
    if interest.match_id is not None:
        raise Conflict(_("This interest is already mutual. Follow the match on your matches page."))
    if interest.source is not None:
        reply = do_express_interest(actor, interest.source, source=interest.target, message=message, now=now)
        interest.refresh_from_db()
        assert interest.match is not None
        assert reply.match_id == interest.match_id
        return interest.match
    return _make_match(interest, actor, now, None)


@transaction.atomic
def do_withdraw_interest(interest: Interest, actor: User, *, now: dt.datetime | None = None) -> Interest:
    """The interested side takes its interest back, while it has not become a match."""
    interest = Interest.objects.select_for_update().get(pk=interest.pk)
    if not on_first_side(viewer_of(actor), interest):
        raise Forbidden(_("Only the side that expressed this interest may withdraw it."))
    if interest.is_withdrawn:
        raise Conflict(_("This interest is already withdrawn."))
    if interest.match_id is not None:
        raise Conflict(_("This interest is already a match. Move the match to “Lost” instead."))
    interest.withdrawn_at = _now(now)
    interest.save(update_fields=["withdrawn_at"])
    return interest


def _side_country(listing: Listing | None, organisation: Organisation | None, user: User | None) -> str:
    if organisation is not None:
        return organisation.country
    if user is not None:
        profile = TalentProfile.objects.filter(user=user).first()
        if profile is not None:
            return profile.current_country
    if listing is not None:
        codes = listing.country_codes
        return codes[0] if codes else ""
    return ""


def _side_name(organisation: Organisation | None, user: User | None) -> str:
    if organisation is not None:
        return organisation.name_en or organisation.name_zh
    return str(user) if user is not None else ""


def record_match_flow(
    match: Match,
    *,
    actor: User,
    occurred_on: dt.date,
    evidence_number: str = "",
    value_minor: int | None = None,
    currency: str = "",
) -> Any:
    """Write the flow of a won match to the ledger; None when the two sides are in the same country.

    The element crosses from the side that offers it (the investor, the technology's owner, the talent,
    the enterprise that lands) to the other; it is inbound when it arrives in China.
    """
    spec = match.spec
    target = match.target
    first = (match.source, match.organisation, match.user)
    second = (target, target.owner_organisation, target.owner_user)
    first_kind = match.source.kind if match.source is not None else COUNTERPART_KIND[target.kind]
    origin, destination = (first, second) if first_kind in ORIGIN_KINDS else (second, first)
    origin_country = _side_country(*origin)
    destination_country = _side_country(*destination)
    if not origin_country or not destination_country or origin_country == destination_country:
        return None
    if "CN" not in (origin_country, destination_country):
        return None  # the ledger counts what crosses China's border
    organisations = [party for party in (origin[1], destination[1]) if party is not None]
    carrier = next((org for org in organisations if org.kind == OrganisationKind.CARRIER), None)
    station = next((org for org in organisations if org.kind == OrganisationKind.OVERSEAS_STATION), None)
    return do_record_flow(
        element=spec.element,
        direction="inbound" if destination_country == "CN" else "outbound",
        stage="completed",
        origin_country=origin_country,
        destination_country=destination_country,
        occurred_on=occurred_on,
        evidence_kind=spec.evidence_kind,
        evidence_number=evidence_number or f"match-{match.pk}",
        producer_kind="match",
        producer_ref=str(match.pk),
        carrier=carrier,
        station=station,
        counterparties=[_side_name(*origin[1:]), _side_name(*destination[1:])],
        value_minor=value_minor,
        currency=currency,
        note=target.title_en or target.title_zh,
        recorded_by=actor,
    )


@transaction.atomic
def do_move_match(
    match: Match,
    actor: User,
    stage: str,
    *,
    note: str = "",
    value_minor: int | None = None,
    currency: str = "",
    evidence_number: str = "",
    occurred_on: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Match:
    """Move a match one stage forward, or to lost; the winning stage records the flow in the ledger."""
    now = _now(now)
    match = Match.objects.select_for_update(of=("self",)).for_display().get(pk=match.pk)
    viewer = viewer_of(actor)
    if not (viewer.operator or on_first_side(viewer, match) or on_listing_side(viewer, match)):
        raise Forbidden(_("Only the two sides of a match and platform operators may move it."))
    allowed = match.next_stages
    if stage not in allowed:
        labels = ", ".join(str(MatchStage(choice).label) for choice in allowed)
        current = MatchStage(match.stage).label
        if not allowed:
            message = _("This match is “%(current)s” and moves no more.") % {"current": current}
            raise Conflict(message, stage=match.stage)
        if stage not in MatchStage.values or stage not in (*match.stages, MatchStage.LOST):
            message = _(
                "“%(stage)s” is not a stage of this match. From “%(current)s” it can move to: %(allowed)s."
            )
        else:
            message = _("A match cannot move from “%(current)s” to “%(stage)s”. It can move to: %(allowed)s.")
        label = MatchStage(stage).label if stage in MatchStage.values else stage
        raise InvalidInput.at("stage", message % {"stage": label, "current": current, "allowed": labels})
    note = (note or "").strip()[:MESSAGE_LIMIT]
    previous = match.stage
    match.stage = stage
    match.updated_at = now
    if value_minor is not None:
        match.value_minor = value_minor
        match.currency = (currency or "").upper()
    if stage == match.spec.won:
        match.flow = record_match_flow(
            match,
            actor=actor,
            occurred_on=occurred_on or timezone.localdate(now),
            evidence_number=evidence_number,
            value_minor=match.value_minor,
            currency=match.currency,
        )
    match.save(update_fields=["stage", "updated_at", "value_minor", "currency", "flow"])
    MatchStageChange.objects.create(
        match=match, from_stage=previous, to_stage=stage, changed_by=actor, changed_at=now, note=note
    )
    return match
