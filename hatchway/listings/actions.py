"""Verbs that change listings: create, edit, publish, close, renew, expire, remind, reveal, import.

Each one that changes listings announces them (``hatchway.listings.signals.listings_changed``) after its
transaction commits, so that matching re-encodes them, one batch per action.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hatchway.accounts.models import User
from hatchway.directory.models import Membership, Organisation, Sector, Stage
from hatchway.directory.taxonomy import validate_country
from hatchway.errors import Conflict
from hatchway.listings.models import (
    TRANSITIONS,
    Listing,
    ListingCountry,
    ListingReveal,
    ListingStatus,
    Visibility,
)
from hatchway.listings.signals import announce_listings_changed
from hatchway.search import search_document

# A published listing stays open this long unless renewed.
VALIDITY = datetime.timedelta(days=90)
# Owners are reminded this many days before their listing expires.
REMINDER_DAYS = 14

# Fields a create or an update may set directly; relations go through their own arguments.
EDITABLE_FIELDS = frozenset(
    {
        "title_zh",
        "title_en",
        "description_zh",
        "description_en",
        "amount_min",
        "amount_max",
        "currency",
        "languages",
        "attributes",
        "visibility",
        "expires_at",
        "reference",
        "host_organisation",
    }
)


def _now(now: datetime.datetime | None) -> datetime.datetime:
    return now or timezone.now()


def _resolve_codes(model: type[Sector] | type[Stage], codes: Iterable[str], field: str) -> list[Any]:
    wanted = list(dict.fromkeys(codes))
    found = {row.code: row for row in model.objects.filter(code__in=wanted)}
    unknown = [code for code in wanted if code not in found]
    if unknown:
        known = ", ".join(model.objects.values_list("code", flat=True)[:12])
        raise ValidationError(
            {
                field: [
                    _("“%(value)s” is not known. Use codes such as: %(known)s.")
                    % {"value": unknown[0], "known": known}
                ]
            }
        )
    return [found[code] for code in wanted]


def _clean_countries(codes: Iterable[str]) -> list[str]:
    cleaned: list[str] = []
    for code in codes:
        value = str(code).strip().upper()
        try:
            validate_country(value)
        except ValidationError as error:
            raise ValidationError({"countries": error.messages}) from None
        if value not in cleaned:
            cleaned.append(value)
    return cleaned


def refresh_search_text(listing: Listing) -> None:
    """Store the words a text search finds this listing by; an anonymous owner's name is left out."""
    sectors = list(listing.sectors.all())
    owner = ""
    if listing.visibility != Visibility.ANONYMOUS and listing.owner_organisation is not None:
        owner = f"{listing.owner_organisation.name_zh} {listing.owner_organisation.name_en}"
    listing.search_text = search_document(
        listing.title_zh,
        listing.title_en,
        listing.description_zh,
        listing.description_en,
        " ".join(f"{sector.name_zh} {sector.name_en}" for sector in sectors),
        owner,
    )
    Listing.objects.filter(pk=listing.pk).update(search_text=listing.search_text)


def _save(
    listing: Listing,
    fields: dict[str, Any],
    sectors: Iterable[str] | None,
    stages: Iterable[str] | None,
    countries: Iterable[str] | None,
) -> Listing:
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    for name, value in fields.items():
        if name in {"title_zh", "title_en", "description_zh", "description_en", "currency", "reference"}:
            value = (value or "").strip()
            if name == "currency":
                value = value.upper()
        if name == "languages":
            value = list(dict.fromkeys(str(code).strip().lower() for code in value or []))
        if name == "attributes" and value is None:
            value = {}
        if name == "expires_at" and value is not None and timezone.is_naive(value):
            value = timezone.make_aware(value)
        setattr(listing, name, value)
    errors: dict[str, list[str]] = {}
    resolved: dict[str, Any] = {}
    for field, model, codes in (("sectors", Sector, sectors), ("stages", Stage, stages)):
        if codes is not None:
            try:
                resolved[field] = _resolve_codes(model, codes, field)
            except ValidationError as error:
                errors.update(error.message_dict)
    if countries is not None:
        try:
            resolved["countries"] = _clean_countries(countries)
        except ValidationError as error:
            errors.update(error.message_dict)
    try:
        listing.full_clean(exclude=["search_text"])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    listing.save()
    if "sectors" in resolved:
        listing.sectors.set(resolved["sectors"])
    if "stages" in resolved:
        listing.stages.set(resolved["stages"])
    if "countries" in resolved:
        listing.country_rows.exclude(code__in=resolved["countries"]).delete()
        present = set(listing.country_rows.values_list("code", flat=True))
        ListingCountry.objects.bulk_create(
            [
                ListingCountry(listing=listing, code=code)
                for code in resolved["countries"]
                if code not in present
            ]
        )
    refresh_search_text(listing)
    announce_listings_changed([listing.pk])
    return listing


@transaction.atomic
def do_create_listing(
    *,
    kind: str,
    owner_organisation: Organisation | None = None,
    owner_user: User | None = None,
    created_by: User | None = None,
    sectors: Iterable[str] = (),
    stages: Iterable[str] = (),
    countries: Iterable[str] = (),
    **fields: Any,
) -> Listing:
    """Create a draft listing; sectors and stages are given by code, countries by ISO 3166 code."""
    listing = Listing(
        kind=kind, owner_organisation=owner_organisation, owner_user=owner_user, created_by=created_by
    )
    return _save(listing, fields, sectors, stages, countries)


@transaction.atomic
def do_update_listing(
    listing: Listing,
    *,
    sectors: Iterable[str] | None = None,
    stages: Iterable[str] | None = None,
    countries: Iterable[str] | None = None,
    **fields: Any,
) -> Listing:
    """Change what is given and keep the rest; the search words follow."""
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    return _save(listing, fields, sectors, stages, countries)


def _check_status(listing: Listing, transition: str, action: str) -> None:
    allowed = TRANSITIONS[transition]
    if listing.status not in allowed:
        raise Conflict(
            _("A listing that is “%(status)s” cannot be %(action)s. It can be when it is: %(allowed)s.")
            % {
                "status": listing.get_status_display(),
                "action": action,
                "allowed": ", ".join(str(ListingStatus(status).label) for status in sorted(allowed)),
            },
            status=listing.status,
        )


def _locked(listing: Listing) -> Listing:
    return Listing.objects.select_for_update().get(pk=listing.pk)


@transaction.atomic
def do_publish_listing(listing: Listing, *, now: datetime.datetime | None = None) -> Listing:
    """Draft → published, open for the validity period unless a later expiry date is set."""
    now = _now(now)
    listing = _locked(listing)
    _check_status(listing, "publish", _("published"))
    listing.status = ListingStatus.PUBLISHED
    listing.published_at = now
    if listing.expires_at is None or listing.expires_at <= now:
        listing.expires_at = now + VALIDITY
    listing.save(update_fields=["status", "published_at", "expires_at", "updated_at"])
    announce_listings_changed([listing.pk])
    return listing


@transaction.atomic
def do_close_listing(listing: Listing, *, now: datetime.datetime | None = None) -> Listing:
    """The owner found what they sought, or gave up: the listing leaves the browse pages for good."""
    listing = _locked(listing)
    _check_status(listing, "close", _("closed"))
    listing.status = ListingStatus.CLOSED
    listing.closed_at = _now(now)
    listing.save(update_fields=["status", "closed_at", "updated_at"])
    announce_listings_changed([listing.pk])
    return listing


@transaction.atomic
def do_renew_listing(listing: Listing, *, now: datetime.datetime | None = None) -> Listing:
    """Keep a published or expired listing open for another validity period from now."""
    now = _now(now)
    listing = _locked(listing)
    _check_status(listing, "renew", _("renewed"))
    renewed_until = now + VALIDITY
    if listing.expires_at is not None and listing.expires_at > renewed_until:
        renewed_until = listing.expires_at
    listing.status = ListingStatus.PUBLISHED
    listing.expires_at = renewed_until
    listing.save(update_fields=["status", "expires_at", "updated_at"])
    announce_listings_changed([listing.pk])
    return listing


@transaction.atomic
def do_expire_listings(now: datetime.datetime) -> int:
    """Mark published listings past their expiry date as expired; return how many."""
    due = Listing.objects.filter(status=ListingStatus.PUBLISHED, expires_at__lte=now)
    ids = list(due.select_for_update().values_list("pk", flat=True))  # the rows stay these until the commit
    expired = due.update(status=ListingStatus.EXPIRED, updated_at=now)
    announce_listings_changed(ids)
    return expired


@transaction.atomic
def do_delete_listing(listing: Listing) -> None:
    """Only a draft is deleted; a listing others have seen is closed instead, so its history stays."""
    listing = _locked(listing)
    if listing.status != ListingStatus.DRAFT:
        raise Conflict(_("Only a draft can be deleted. Close this listing instead."), status=listing.status)
    listing.delete()  # announced by listings' post_delete hook, which also sees listings deleted with their owner


def renewal_recipients(listing: Listing) -> list[User]:
    """The owner in person, or every active member of the owner organisation."""
    if listing.owner_user is not None:
        return [listing.owner_user] if listing.owner_user.is_active else []
    users = User.objects.filter(
        is_active=True,
        pk__in=Membership.objects.filter(organisation=listing.owner_organisation).values("user_id"),
    ).order_by("pk")
    return list(users)


def _site_url() -> str:
    return str(settings.SITE_URL)


def _send_reminder(listing: Listing, user: User) -> None:
    zone = zoneinfo.ZoneInfo(user.time_zone) if user.time_zone else None
    with translation.override(user.language), timezone.override(zone):
        context = {
            "user": user,
            "listing": listing,
            "title": listing.title_in(user.language),
            "expires_at": listing.expires_at,
            "url": _site_url() + reverse("listings:detail", args=[listing.pk]),
        }
        subject = render_to_string("listings/email/renewal_reminder_subject.txt", context).strip()
        body = render_to_string("listings/email/renewal_reminder.txt", context)
    send_mail(subject, body, None, [user.email])


def do_send_renewal_reminders(now: datetime.datetime, *, days_before: int = REMINDER_DAYS) -> int:
    """E-mail the owners of listings that expire within ``days_before`` days, each in their own language.

    Each listing is reminded once per expiry date: running this again sends nothing new, and a renewal
    (a new expiry date) makes the listing due again. Returns the number of e-mails sent.
    """
    due = Listing.objects.filter(
        status=ListingStatus.PUBLISHED,
        expires_at__gt=now,
        expires_at__lte=now + datetime.timedelta(days=days_before),
    ).select_related("owner_user", "owner_organisation")
    sent = 0
    for listing in due:
        if listing.reminded_for_expiry == listing.expires_at:
            continue
        with transaction.atomic():
            locked = Listing.objects.select_for_update().get(pk=listing.pk)
            if locked.reminded_for_expiry == locked.expires_at:
                continue
            for user in renewal_recipients(listing):
                _send_reminder(listing, user)
                sent += 1
            locked.reminded_for_expiry = locked.expires_at
            locked.save(update_fields=["reminded_for_expiry"])
    return sent


def _check_party(listing: Listing, organisation: Organisation | None, user: User | None) -> None:
    if (organisation is None) == (user is None):
        raise ValueError("A reveal is to exactly one organisation or one person.")
    if organisation is not None and organisation.pk == listing.owner_organisation_id:
        raise Conflict(_("The owner already knows who they are."))
    if user is not None and user.pk == listing.owner_user_id:
        raise Conflict(_("The owner already knows who they are."))


@transaction.atomic
def do_agree_to_reveal(
    listing: Listing,
    *,
    side: Literal["owner", "party"],
    organisation: Organisation | None = None,
    user: User | None = None,
    now: datetime.datetime | None = None,
) -> ListingReveal:
    """Record one side's consent to show the owner of an anonymous listing to the other party.

    The identity is revealed only when both the owner and the party have agreed.
    """
    _check_party(listing, organisation, user)
    now = _now(now)
    reveal, _created = ListingReveal.objects.select_for_update().get_or_create(
        listing=listing, organisation=organisation, user=user
    )
    if side == "owner":
        reveal.owner_agreed_at = reveal.owner_agreed_at or now
    else:
        reveal.party_agreed_at = reveal.party_agreed_at or now
    if reveal.owner_agreed_at and reveal.party_agreed_at and reveal.agreed_at is None:
        reveal.agreed_at = now
    reveal.save()
    return reveal


@transaction.atomic
def do_record_reveal(
    listing: Listing,
    *,
    organisation: Organisation | None = None,
    user: User | None = None,
    now: datetime.datetime | None = None,
) -> ListingReveal:
    """Record that both sides agreed at once (for callers that collected both consents themselves)."""
    do_agree_to_reveal(listing, side="owner", organisation=organisation, user=user, now=now)
    return do_agree_to_reveal(listing, side="party", organisation=organisation, user=user, now=now)


# Imports (bulk writes for hatchway.transfer; rows arrive checked) --------------------------------------


@dataclass
class ListingRow:
    """One checked row of a listings file: the listing (new or changed) and its relations."""

    listing: Listing
    sector_ids: list[int]
    stage_ids: list[int]
    countries: list[str]


# The columns an import may change on an existing listing (kind and owner never change).
IMPORTED_FIELDS = (
    "host_organisation",
    "reference",
    "title_zh",
    "title_en",
    "description_zh",
    "description_en",
    "amount_min",
    "amount_max",
    "currency",
    "languages",
    "attributes",
    "status",
    "visibility",
    "published_at",
    "expires_at",
    "closed_at",
    "search_text",
    "updated_at",
)


def _import_search_text(listing: Listing, sector_names: dict[int, str], sector_ids: list[int]) -> str:
    owner = ""
    if listing.visibility != Visibility.ANONYMOUS and listing.owner_organisation is not None:
        owner = f"{listing.owner_organisation.name_zh} {listing.owner_organisation.name_en}"
    return search_document(
        listing.title_zh,
        listing.title_en,
        listing.description_zh,
        listing.description_en,
        " ".join(sector_names.get(pk, "") for pk in sector_ids),
        owner,
    )


@transaction.atomic
def do_import_listings(
    new: list[ListingRow], changed: list[ListingRow], *, now: datetime.datetime | None = None
) -> None:
    """Store many checked listings at once, with their sectors, stages and countries.

    Status dates follow the status as the owner's actions would set them: a published listing
    gets its publication date (and, without an expiry, the usual validity), a closed one its closing date.
    """
    now = _now(now)
    rows = new + changed
    sector_names = {
        sector.pk: f"{sector.name_zh} {sector.name_en}"
        for sector in Sector.objects.filter(pk__in={pk for row in rows for pk in row.sector_ids})
    }
    for row in rows:
        listing = row.listing
        if (
            listing.status in {ListingStatus.PUBLISHED, ListingStatus.EXPIRED}
            and listing.published_at is None
        ):
            listing.published_at = now
        if listing.status == ListingStatus.PUBLISHED and listing.expires_at is None:
            listing.expires_at = now + VALIDITY
        if listing.status == ListingStatus.CLOSED and listing.closed_at is None:
            listing.closed_at = now
        listing.search_text = _import_search_text(listing, sector_names, row.sector_ids)
        listing.updated_at = now
    Listing.objects.bulk_create([row.listing for row in new], batch_size=500)
    Listing.objects.bulk_update([row.listing for row in changed], IMPORTED_FIELDS, batch_size=500)
    changed_ids = [row.listing.pk for row in changed]
    sectors_through = Listing.sectors.through
    stages_through = Listing.stages.through
    sectors_through.objects.filter(listing_id__in=changed_ids).delete()
    stages_through.objects.filter(listing_id__in=changed_ids).delete()
    ListingCountry.objects.filter(listing_id__in=changed_ids).delete()
    sectors_through.objects.bulk_create(
        [sectors_through(listing_id=row.listing.pk, sector_id=pk) for row in rows for pk in row.sector_ids],
        batch_size=1000,
    )
    stages_through.objects.bulk_create(
        [stages_through(listing_id=row.listing.pk, stage_id=pk) for row in rows for pk in row.stage_ids],
        batch_size=1000,
    )
    ListingCountry.objects.bulk_create(
        [ListingCountry(listing_id=row.listing.pk, code=code) for row in rows for code in row.countries],
        batch_size=1000,
    )
    announce_listings_changed(row.listing.pk for row in rows)
