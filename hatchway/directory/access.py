"""Permission-checked getters for directory objects, and the rules of who sees what.

- A profile's public part (names, descriptions, kind, country, sectors, website, logo, published public
  listings): everyone, visitors included. The rest of the profile: anyone signed in.
- Private data of an organisation (data reports, private contacts, member list): its members,
  the staff of the carrier that incubates it (enterprises) or that it belongs to (stations), operators.
- Changes: members, the incubating carrier's staff (enterprises), operators.
- A talent profile: the person and operators; with consent to be matched, also carrier staff,
  enterprise and investor members; the e-mail address only with consent to be contacted.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from hatchway.accounts.access import check_signed_in
from hatchway.accounts.models import User
from hatchway.directory.models import (
    ContactPerson,
    ContactVisibility,
    DataReport,
    Membership,
    Organisation,
    OrganisationKind,
    Role,
    TalentProfile,
    TalentProfileQuerySet,
)
from hatchway.errors import Forbidden, NotFound

# The roles a talent's consents cover: those who post positions and projects and run the matching.
TALENT_AUDIENCE = frozenset({Role.CARRIER_STAFF, Role.ENTERPRISE_MEMBER, Role.INVESTOR_MEMBER})


def sees_full_profile(user: User | AnonymousUser) -> bool:
    """Signed-in people see a profile's details; visitors its public part only (``PUBLIC_PROFILE_FIELDS``)."""
    return isinstance(user, User) and user.is_active


# What a visitor who is not signed in sees of an organisation.
PUBLIC_PROFILE_FIELDS = frozenset(
    {
        "kind",
        "subtype",
        "name_zh",
        "name_en",
        "description_zh",
        "description_en",
        "country",
        "city_zh",
        "city_en",
        "website",
        "logo",
        "sectors",
    }
)


def is_operator(user: User | AnonymousUser) -> bool:
    return isinstance(user, User) and Membership.objects.operators().filter(user=user).exists()


def is_member_of(user: User | AnonymousUser, organisation: Organisation) -> bool:
    return isinstance(user, User) and Membership.objects.filter(user=user, organisation=organisation).exists()


def has_member_list_access(user: User | AnonymousUser, organisation: Organisation) -> bool:
    """Who works where is visible to that organisation's own members and to operators."""
    return is_operator(user) or is_member_of(user, organisation)


def is_carrier_of(user: User | AnonymousUser, organisation: Organisation) -> bool:
    """The user works at the carrier that incubates this enterprise or that runs this station."""
    if not isinstance(user, User):
        return False
    carrier_id = organisation.incubating_carrier_id or organisation.parent_carrier_id
    return carrier_id is not None and carrier_id in Membership.objects.carrier_ids_of(user)


def has_private_access(user: User | AnonymousUser, organisation: Organisation) -> bool:
    """Data reports, private contacts: members, their carrier's staff, operators."""
    return is_operator(user) or is_member_of(user, organisation) or is_carrier_of(user, organisation)


def organisations_with_private_access(user: User | AnonymousUser) -> QuerySet[Organisation]:
    """The organisations whose private data the user may read and change (as ``has_private_access``)."""
    if not isinstance(user, User):
        return Organisation.objects.none()
    if is_operator(user):
        return Organisation.objects.all()
    own = Membership.objects.filter(user=user, organisation__isnull=False).values("organisation_id")
    carriers = Membership.objects.carrier_ids_of(user)
    return Organisation.objects.filter(
        Q(pk__in=own) | Q(incubating_carrier_id__in=carriers) | Q(parent_carrier_id__in=carriers)
    )


def can_edit_organisation(user: User | AnonymousUser, organisation: Organisation) -> bool:
    return has_private_access(user, organisation)


def can_create_organisation(user: User | AnonymousUser, kind: str, incubating_carrier_id: int | None) -> bool:
    """Operators create any kind; carrier staff create enterprises that their carrier incubates."""
    if is_operator(user):
        return True
    if not isinstance(user, User) or kind != OrganisationKind.ENTERPRISE or incubating_carrier_id is None:
        return False
    return incubating_carrier_id in Membership.objects.carrier_ids_of(user)


def check_may_create_organisation(
    user: User | AnonymousUser, kind: str, incubating_carrier_id: int | None
) -> User:
    viewer = check_signed_in(user)
    if not can_create_organisation(viewer, kind, incubating_carrier_id):
        raise Forbidden()
    return viewer


def access_organisation(
    user: User | AnonymousUser, organisation_id: int, *, write: bool = False
) -> Organisation:
    """Everyone, visitors too, reads the public profile; members, their carrier and operators change it.

    What of the profile a reader sees is decided by ``sees_full_profile`` and ``has_private_access``.
    """
    if write:
        check_signed_in(user)
    organisation = (
        Organisation.objects.select_related("stage", "parent_carrier", "incubating_carrier")
        .filter(pk=organisation_id)
        .first()
    )
    if organisation is None:
        raise NotFound()
    if write and not can_edit_organisation(user, organisation):
        raise Forbidden()
    return organisation


def access_private_data(user: User | AnonymousUser, organisation_id: int) -> Organisation:
    """Return the organisation whose private data (data reports, all contacts) the user may read."""
    check_signed_in(user)
    organisation = access_organisation(user, organisation_id)
    if not has_private_access(user, organisation):
        raise Forbidden()
    return organisation


def access_membership(user: User | AnonymousUser, membership_id: int, *, write: bool = False) -> Membership:
    """People see their own memberships and those of their organisations; operators change them."""
    viewer = check_signed_in(user)
    membership = Membership.objects.select_related("organisation", "user").filter(pk=membership_id).first()
    if membership is None:
        raise NotFound()
    operator = is_operator(viewer)
    if write:
        if not operator:
            raise Forbidden()
        return membership
    visible = (
        operator
        or membership.user_id == viewer.pk
        or (membership.organisation is not None and is_member_of(viewer, membership.organisation))
    )
    if not visible:
        raise NotFound()
    return membership


def access_member_list(user: User | AnonymousUser, organisation_id: int) -> Organisation:
    """Return the organisation whose member list the user may read."""
    check_signed_in(user)
    organisation = access_organisation(user, organisation_id)
    if not has_member_list_access(user, organisation):
        raise Forbidden()
    return organisation


def visible_contacts(user: User | AnonymousUser, organisation: Organisation) -> QuerySet[ContactPerson]:
    """The contact persons of an organisation that this user may see."""
    contacts = ContactPerson.objects.filter(organisation=organisation)
    if not sees_full_profile(user):
        # Even "public" contacts are shown to signed-in people only: they are personal data.
        return contacts.none()
    if has_private_access(user, organisation):
        return contacts
    if isinstance(user, User) and Membership.objects.filter(user=user).exists():
        return contacts.filter(visibility__in=[ContactVisibility.PUBLIC, ContactVisibility.PLATFORM])
    return contacts.filter(visibility=ContactVisibility.PUBLIC)


def access_contact(user: User | AnonymousUser, contact_id: int, *, write: bool = False) -> ContactPerson:
    viewer = check_signed_in(user)
    contact = ContactPerson.objects.select_related("organisation").filter(pk=contact_id).first()
    if contact is None or not visible_contacts(viewer, contact.organisation).filter(pk=contact.pk).exists():
        raise NotFound()
    if write and not can_edit_organisation(viewer, contact.organisation):
        raise Forbidden()
    return contact


def access_data_report(user: User | AnonymousUser, report_id: int) -> DataReport:
    viewer = check_signed_in(user)
    report = DataReport.objects.select_related("enterprise", "filed_by").filter(pk=report_id).first()
    if report is None or not has_private_access(viewer, report.enterprise):
        raise NotFound()
    return report


def _in_talent_audience(user: User) -> bool:
    return is_operator(user) or Membership.objects.filter(user=user, role__in=TALENT_AUDIENCE).exists()


def visible_talent_profiles(user: User | AnonymousUser) -> TalentProfileQuerySet:
    """The talent profiles this user may read (their own among them)."""
    viewer = check_signed_in(user)
    profiles = TalentProfile.objects.select_related("user")
    if is_operator(viewer):
        return profiles
    if _in_talent_audience(viewer):
        return profiles.filter(Q(consent_matching=True) | Q(user=viewer))
    return profiles.filter(user=viewer)


def can_contact_talent(user: User | AnonymousUser, profile: TalentProfile) -> bool:
    """Whether the user may see how to reach the person (their e-mail address)."""
    if not isinstance(user, User):
        return False
    if profile.user_id == user.pk or is_operator(user):
        return True
    return profile.consent_contact and _in_talent_audience(user)


def access_talent_profile(
    user: User | AnonymousUser, profile_id: int, *, write: bool = False
) -> TalentProfile:
    """Only the person changes a profile; others read it only when the person allowed it."""
    viewer = check_signed_in(user)
    profile = visible_talent_profiles(viewer).filter(pk=profile_id).first()
    if profile is None:
        raise NotFound()
    if write and profile.user_id != viewer.pk:
        raise Forbidden()
    return profile


def access_own_talent_profile(user: User | AnonymousUser) -> TalentProfile:
    viewer = check_signed_in(user)
    profile = TalentProfile.objects.select_related("user").filter(user=viewer).first()
    if profile is None:
        raise NotFound()
    return profile
