"""Verbs that change the directory: organisations, roles, contacts, talent profiles, data reports."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hatchway.accounts.actions import do_set_administration_access
from hatchway.accounts.models import User
from hatchway.directory.models import (
    ROLE_ORGANISATION_KINDS,
    ConsentKind,
    ConsentRecord,
    ContactPerson,
    ContactVisibility,
    DataReport,
    Membership,
    Organisation,
    OrganisationKind,
    Role,
    Sector,
    Stage,
    StaleDataReminder,
    TalentProfile,
)
from hatchway.directory.taxonomy import sync_taxonomies
from hatchway.errors import Conflict, InvalidInput
from hatchway.search import search_document

logger = logging.getLogger(__name__)


def check_role_fits_organisation(role: str, organisation: Organisation | None) -> None:
    if role not in ROLE_ORGANISATION_KINDS:
        raise InvalidInput(
            _("“%(role)s” is not a role. Use one of: %(roles)s.")
            % {"role": role, "roles": ", ".join(Role.values)}
        )
    kinds = ROLE_ORGANISATION_KINDS[role]
    label = Role(role).label
    if kinds is None:
        if organisation is not None:
            raise InvalidInput(_("The role “%(role)s” is held without an organisation.") % {"role": label})
        return
    if organisation is None:
        raise InvalidInput(_("The role “%(role)s” needs an organisation.") % {"role": label})
    if organisation.kind not in kinds:
        raise InvalidInput(
            _("The role “%(role)s” cannot be held in a %(kind)s.")
            % {"role": label, "kind": organisation.get_kind_display()}
        )


def _save_organisation(organisation: Organisation, sectors: Iterable[Sector] | None) -> Organisation:
    organisation.full_clean()
    if sectors is not None:
        sector_list = list(sectors)
        if sector_list and organisation.kind not in (OrganisationKind.ENTERPRISE, OrganisationKind.INVESTOR):
            raise InvalidInput(
                _("Only enterprises and investors have sectors. Leave the sectors empty."),
                errors=[{"location": "body.sectors", "message": _("Leave the sectors empty.")}],
            )
    organisation.save()
    if sectors is not None:
        organisation.sectors.set(sector_list)
    return organisation


@transaction.atomic
def do_create_organisation(
    *,
    kind: str,
    name_zh: str = "",
    name_en: str = "",
    subtype: str = "",
    country: str = "CN",
    city_zh: str = "",
    city_en: str = "",
    website: str = "",
    description_zh: str = "",
    description_en: str = "",
    logo: Any = "",
    goi_batch: int | None = None,
    host_name_zh: str = "",
    host_name_en: str = "",
    parent_carrier: Organisation | None = None,
    parent_carrier_id: int | None = None,
    opened_on: datetime.date | None = None,
    closed_on: datetime.date | None = None,
    registration_date: datetime.date | None = None,
    credit_code: str | None = None,
    incubating_carrier: Organisation | None = None,
    incubating_carrier_id: int | None = None,
    stage: Stage | None = None,
    fund_type: str = "",
    currency: str = "",
    ref: str | None = None,
    sectors: Iterable[Sector] | None = None,
) -> Organisation:
    """Create an organisation of any kind, checked against the rules of its kind.

    Fields that do not fit the kind must stay empty. A carrier is given as a row (pages) or by its id
    (the API), as Django's models take them.
    """
    organisation = Organisation(
        kind=kind,
        name_zh=name_zh,
        name_en=name_en,
        subtype=subtype,
        country=country,
        city_zh=city_zh,
        city_en=city_en,
        website=website,
        description_zh=description_zh,
        description_en=description_en,
        logo=logo,
        goi_batch=goi_batch,
        host_name_zh=host_name_zh,
        host_name_en=host_name_en,
        opened_on=opened_on,
        closed_on=closed_on,
        registration_date=registration_date,
        credit_code=credit_code,
        stage=stage,
        fund_type=fund_type,
        currency=currency,
        ref=ref,
    )
    organisation.parent_carrier_id = parent_carrier.pk if parent_carrier is not None else parent_carrier_id
    organisation.incubating_carrier_id = (
        incubating_carrier.pk if incubating_carrier is not None else incubating_carrier_id
    )
    return _save_organisation(organisation, sectors)


@transaction.atomic
def do_update_organisation(
    organisation: Organisation, *, sectors: Iterable[Sector] | None = None, **fields: Any
) -> Organisation:
    """Change a profile; the kind never changes (create a new organisation instead)."""
    fields.pop("kind", None)
    for name, value in fields.items():
        setattr(organisation, name, value)
    return _save_organisation(organisation, sectors)


@transaction.atomic
def do_delete_organisation(organisation: Organisation) -> None:
    if organisation.stations.exists():
        raise Conflict(_("This carrier still has overseas stations. Move or delete them first."))
    organisation.delete()


@transaction.atomic
def do_grant_role(user: User, role: str, organisation: Organisation | None = None) -> Membership:
    check_role_fits_organisation(role, organisation)
    membership, created = Membership.objects.get_or_create(user=user, role=role, organisation=organisation)
    if not created:
        raise Conflict(_("%(user)s already holds this role.") % {"user": user})
    if role == Role.OPERATOR:
        do_set_administration_access(user, allowed=True)
    return membership


@transaction.atomic
def do_revoke_role(membership: Membership) -> None:
    user, role = membership.user, membership.role
    membership.delete()
    if role == Role.OPERATOR and not Membership.objects.operators().filter(user=user).exists():
        do_set_administration_access(user, allowed=False)


@transaction.atomic
def do_load_taxonomies() -> tuple[int, int]:
    """Bring sectors and stages up to date with sectors.yaml; rows added by operators stay."""
    return sync_taxonomies(Sector, Stage)


# Contacts ---------------------------------------------------------------------------------------------


@transaction.atomic
def do_add_contact(
    organisation: Organisation,
    *,
    name: str,
    title_zh: str = "",
    title_en: str = "",
    email: str = "",
    phone: str = "",
    visibility: str = ContactVisibility.PRIVATE,
) -> ContactPerson:
    """Add a contact person; an e-mail address or a phone number is needed."""
    contact = ContactPerson(
        organisation=organisation,
        name=name,
        title_zh=title_zh,
        title_en=title_en,
        email=email,
        phone=phone,
        visibility=visibility,
    )
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def do_update_contact(
    contact: ContactPerson,
    *,
    name: str | None = None,
    title_zh: str | None = None,
    title_en: str | None = None,
    email: str | None = None,
    phone: str | None = None,
    visibility: str | None = None,
) -> ContactPerson:
    """Change the given details of a contact person (None leaves one as it is); the organisation stays."""
    changes = {
        "name": name,
        "title_zh": title_zh,
        "title_en": title_en,
        "email": email,
        "phone": phone,
        "visibility": visibility,
    }
    for field, value in changes.items():
        if value is not None:
            setattr(contact, field, value)
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def do_remove_contact(contact: ContactPerson) -> None:
    contact.delete()


# Talent profiles --------------------------------------------------------------------------------------


def _record_consents(profile: TalentProfile, changes: dict[str, bool], now: datetime.datetime) -> None:
    records = []
    for consent, given in changes.items():
        flag = f"consent_{consent}"
        # Only a change is a consent event; a new profile starts with neither consent given.
        if getattr(profile, flag) == given:
            continue
        setattr(profile, flag, given)
        setattr(profile, f"{flag}_at", now)
        records.append(ConsentRecord(profile=profile, consent=consent, given=given, recorded_at=now))
    profile.save()
    ConsentRecord.objects.bulk_create(records)


@transaction.atomic
def do_save_talent_profile(
    user: User,
    *,
    sectors: Iterable[Sector] | None = None,
    consent_matching: bool | None = None,
    consent_contact: bool | None = None,
    now: datetime.datetime | None = None,
    **fields: Any,
) -> TalentProfile:
    """Create or change the user's own talent profile; consents given here are recorded with their date."""
    profile = TalentProfile.objects.filter(user=user).first() or TalentProfile(user=user)
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.full_clean()
    profile.search_text = search_document(*profile.search_parts())
    profile.save()
    if sectors is not None:
        profile.sectors.set(list(sectors))
    changes: dict[str, bool] = {
        str(name): value
        for name, value in ((ConsentKind.MATCHING, consent_matching), (ConsentKind.CONTACT, consent_contact))
        if value is not None
    }
    if changes:
        _record_consents(profile, changes, now or timezone.now())
    return profile


@transaction.atomic
def do_set_consent(
    profile: TalentProfile, consent: str, given: bool, *, now: datetime.datetime | None = None
) -> TalentProfile:
    """Give or withdraw one consent; both are recorded with their time, withdrawals too."""
    if consent not in ConsentKind.values:
        raise InvalidInput(
            _("“%(value)s” is not a consent. Use one of: %(choices)s.")
            % {"value": consent, "choices": ", ".join(ConsentKind.values)}
        )
    _record_consents(profile, {consent: given}, now or timezone.now())
    return profile


# Data reports -----------------------------------------------------------------------------------------


@transaction.atomic
def do_file_data_report(
    enterprise: Organisation,
    *,
    fiscal_year: int,
    quarter: int | None = None,
    filed_by: User | None = None,
    now: datetime.datetime | None = None,
    **figures: Any,
) -> DataReport:
    """File figures for a period. An earlier filing for the same period stays as an older revision."""
    if enterprise.kind != OrganisationKind.ENTERPRISE:
        raise InvalidInput(_("Only enterprises file data reports."))
    now = now or timezone.now()
    if fiscal_year > now.year:
        raise InvalidInput(
            _("The fiscal year %(year)s has not started yet. File figures for a year that has begun.")
            % {"year": fiscal_year},
            errors=[{"location": "body.fiscal_year", "message": _("Write this year or an earlier one.")}],
        )
    # Lock the enterprise row so two filings for the same period get consecutive revisions.
    Organisation.objects.select_for_update().filter(pk=enterprise.pk).first()
    same_period = DataReport.objects.filter(enterprise=enterprise, fiscal_year=fiscal_year, quarter=quarter)
    latest = same_period.aggregate(latest=Max("revision"))["latest"] or 0
    report = DataReport(
        enterprise=enterprise,
        fiscal_year=fiscal_year,
        quarter=quarter,
        revision=latest + 1,
        is_current=True,
        filed_at=now,
        filed_by=filed_by,
        **figures,
    )
    report.full_clean(validate_constraints=False)
    same_period.filter(is_current=True).update(is_current=False)
    report.save()
    return report


def _remind(enterprise: Organisation, fiscal_year: int, now: datetime.datetime) -> int:
    members = [
        membership.user
        for membership in Membership.objects.in_organisation(enterprise).filter(
            role=Role.ENTERPRISE_MEMBER, user__is_active=True
        )
    ]
    with transaction.atomic():
        reminder, created = StaleDataReminder.objects.get_or_create(
            enterprise=enterprise, fiscal_year=fiscal_year, defaults={"sent_at": now}
        )
        if not created:
            return 0
        for user in members:
            with translation.override(user.language):
                context = {"user": user, "enterprise": enterprise, "fiscal_year": fiscal_year}
                subject = render_to_string("directory/email/stale_data_subject.txt", context).strip()
                body = render_to_string("directory/email/stale_data.txt", context)
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        reminder.recipients = len(members)
        reminder.save(update_fields=["recipients"])
    return len(members)


def do_send_stale_data_reminders(today: datetime.date, *, now: datetime.datetime | None = None) -> int:
    """E-mail the members of every enterprise with no report for last fiscal year, once per year.

    Each enterprise is reminded in its own transaction: a failed e-mail leaves that enterprise
    un-reminded (to be tried on the next run) and does not hold back the others. Returns the
    number of e-mails sent.
    """
    now = now or timezone.now()
    fiscal_year = today.year - 1
    already = StaleDataReminder.objects.filter(fiscal_year=fiscal_year).values("enterprise_id")
    sent = 0
    for enterprise in Organisation.objects.stale(today).exclude(pk__in=already).iterator(chunk_size=500):
        try:
            sent += _remind(enterprise, fiscal_year, now)
        except Exception:
            logger.exception(
                "Could not remind enterprise %s of its %s data report", enterprise.pk, fiscal_year
            )
    return sent


# Imports (bulk writes for hatchway.transfer; rows arrive checked) --------------------------------------


@dataclass
class TalentProfileRow:
    """One checked row of a talent file: the account, the profile's fields, sectors and consents."""

    user: User
    fields: dict[str, Any]
    sector_ids: list[int] | None = None
    # consent kind → (given, when it was given or withdrawn; None: now)
    consents: dict[str, tuple[bool, datetime.datetime | None]] = dc_field(default_factory=dict)


def _sector_ids_of(through: Any, owner_field: str, owner_ids: list[int]) -> dict[int, set[int]]:
    current: dict[int, set[int]] = {pk: set() for pk in owner_ids}
    for owner_id, sector_id in through.objects.filter(**{f"{owner_field}__in": owner_ids}).values_list(
        owner_field, "sector_id"
    ):
        current[owner_id].add(sector_id)
    return current


@transaction.atomic
def do_import_talent_profiles(
    rows: list[TalentProfileRow], *, now: datetime.datetime | None = None
) -> tuple[int, int, int]:
    """Create or change many talent profiles at once; return (created, changed, unchanged).

    A consent that changes is recorded with its date, exactly as when the person changes it
    (``_record_consents``); a consent that stays as it was records nothing.
    """
    now = now or timezone.now()
    existing = {
        profile.user_id: profile
        for profile in TalentProfile.objects.filter(user_id__in=[row.user.pk for row in rows])
    }
    through = TalentProfile.sectors.through
    sectors_now = _sector_ids_of(through, "talentprofile_id", [profile.pk for profile in existing.values()])
    new: list[tuple[TalentProfile, TalentProfileRow]] = []
    changed: list[TalentProfile] = []
    sector_changes: dict[int, list[int]] = {}
    records: list[tuple[TalentProfile, str, bool, datetime.datetime]] = []
    unchanged = 0
    for row in rows:
        profile = existing.get(row.user.pk)
        is_new = profile is None
        if profile is None:
            profile = TalentProfile(user=row.user)
        before = {name: getattr(profile, name) for name in row.fields}
        for name, value in row.fields.items():
            setattr(profile, name, value)
        dirty = is_new or before != row.fields
        for consent, (given, when) in row.consents.items():
            flag = f"consent_{consent}"
            if getattr(profile, flag) == given:
                continue
            setattr(profile, flag, given)
            setattr(profile, f"{flag}_at", when or now)
            records.append((profile, consent, given, when or now))
            dirty = True
        if row.sector_ids is not None and (is_new or sectors_now.get(profile.pk) != set(row.sector_ids)):
            sector_changes[id(profile)] = row.sector_ids
            dirty = True
        if not dirty:
            unchanged += 1
            continue
        profile.search_text = search_document(*profile.search_parts())
        profile.updated_at = now
        if is_new:
            new.append((profile, row))
        else:
            changed.append(profile)
    TalentProfile.objects.bulk_create([profile for profile, _row in new], batch_size=500)
    if changed:
        TalentProfile.objects.bulk_update(
            changed,
            [
                *{name for row in rows for name in row.fields},
                "consent_matching",
                "consent_matching_at",
                "consent_contact",
                "consent_contact_at",
                "search_text",
                "updated_at",
            ],
            batch_size=500,
        )
    touched = [profile for profile, _row in new] + changed
    with_sectors = [profile for profile in touched if id(profile) in sector_changes]
    through.objects.filter(talentprofile_id__in=[profile.pk for profile in with_sectors]).delete()
    through.objects.bulk_create(
        [
            through(talentprofile_id=profile.pk, sector_id=sector_id)
            for profile in with_sectors
            for sector_id in sector_changes[id(profile)]
        ],
        batch_size=1000,
    )
    ConsentRecord.objects.bulk_create(
        [
            ConsentRecord(profile=profile, consent=consent, given=given, recorded_at=when)
            for profile, consent, given, when in records
        ],
        batch_size=1000,
    )
    return len(new), len(changed), unchanged


@dataclass(frozen=True)
class OrganisationRow:
    """One checked row of an organisations file: the organisation it changes (``id``; None creates one)."""

    id: int | None
    kind: str
    name_zh: str
    name_en: str
    country: str
    website: str

    def apply_to(self, organisation: Organisation) -> Organisation:
        for name in IMPORTED_ORGANISATION_FIELDS:
            setattr(organisation, name, getattr(self, name))
        organisation.refresh_search_text()
        return organisation


IMPORTED_ORGANISATION_FIELDS = ("kind", "name_zh", "name_en", "country", "website")


@transaction.atomic
def do_import_organisations(
    rows: Iterable[OrganisationRow], *, now: datetime.datetime | None = None
) -> tuple[int, int]:
    """Create or change many checked organisations at once; return (created, changed).

    As with ``do_create_organisation`` and ``do_update_organisation``, the search words follow the
    texts and a changed profile is stamped; ``bulk_create``/``bulk_update`` do neither by themselves.
    """
    now = now or timezone.now()
    rows = list(rows)
    new = [row.apply_to(Organisation()) for row in rows if row.id is None]
    Organisation.objects.bulk_create(new, batch_size=1000)
    updates = {row.id: row for row in rows if row.id is not None}
    changed = list(Organisation.objects.filter(pk__in=updates))
    for organisation in changed:
        updates[organisation.pk].apply_to(organisation)
        organisation.updated_at = now
    Organisation.objects.bulk_update(
        changed, [*IMPORTED_ORGANISATION_FIELDS, "search_text", "updated_at"], batch_size=1000
    )
    return len(new), len(updates)


@transaction.atomic
def do_import_contacts(new: list[ContactPerson], changed: list[ContactPerson]) -> None:
    """Store many checked contact persons at once."""
    ContactPerson.objects.bulk_create(new, batch_size=1000)
    ContactPerson.objects.bulk_update(
        changed,
        ["organisation", "name", "title_zh", "title_en", "email", "phone", "visibility"],
        batch_size=1000,
    )


@dataclass
class DataReportRow:
    """One checked row of a data report file: a period of an enterprise and its figures."""

    enterprise_id: int
    fiscal_year: int
    quarter: int | None
    figures: dict[str, Any]


@transaction.atomic
def do_import_data_reports(
    rows: list[DataReportRow], *, filed_by: User | None, now: datetime.datetime | None = None
) -> tuple[int, int, int]:
    """File many reports at once; return (first filings, new revisions, unchanged).

    As with ``do_file_data_report``, nothing is overwritten: figures that differ from the current
    revision of their period become a new revision, and the earlier one stays in the history.
    Figures identical to the current revision add nothing.
    """
    now = now or timezone.now()
    enterprise_ids = sorted({row.enterprise_id for row in rows})
    years = sorted({row.fiscal_year for row in rows})
    # Lock the enterprises so that a filing at the same time gets the next revision, not the same one.
    list(Organisation.objects.select_for_update().filter(pk__in=enterprise_ids).values_list("pk"))
    same = DataReport.objects.filter(enterprise_id__in=enterprise_ids, fiscal_year__in=years)
    current = {
        (report.enterprise_id, report.fiscal_year, report.quarter): report
        for report in same.filter(is_current=True)
    }
    latest = {
        (entry["enterprise_id"], entry["fiscal_year"], entry["quarter"]): entry["latest"]
        for entry in same.values("enterprise_id", "fiscal_year", "quarter").annotate(latest=Max("revision"))
    }
    new: list[DataReport] = []
    retired: list[int] = []
    first = revised = unchanged = 0
    for row in rows:
        period = (row.enterprise_id, row.fiscal_year, row.quarter)
        filed = current.get(period)
        if filed is not None and all(getattr(filed, name) == value for name, value in row.figures.items()):
            unchanged += 1
            continue
        if filed is not None:
            retired.append(filed.pk)
        if period in latest:
            revised += 1
        else:
            first += 1
        new.append(
            DataReport(
                enterprise_id=row.enterprise_id,
                fiscal_year=row.fiscal_year,
                quarter=row.quarter,
                revision=(latest.get(period) or 0) + 1,
                is_current=True,
                filed_at=now,
                filed_by=filed_by,
                **row.figures,
            )
        )
    DataReport.objects.filter(pk__in=retired).update(is_current=False)
    DataReport.objects.bulk_create(new, batch_size=1000)
    return first, revised, unchanged
