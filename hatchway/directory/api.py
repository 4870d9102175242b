"""API: organisations of every kind, memberships, contacts, talent profiles, data reports."""

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status

from hatchway.accounts.access import check_signed_in
from hatchway.api import READERS, ErrorOut, InputSchema, Pagination
from hatchway.directory.access import (
    access_contact,
    access_data_report,
    access_member_list,
    access_organisation,
    access_own_talent_profile,
    access_private_data,
    access_talent_profile,
    can_contact_talent,
    check_may_create_organisation,
    is_operator,
    visible_contacts,
    visible_talent_profiles,
)
from hatchway.directory.actions import (
    do_add_contact,
    do_create_organisation,
    do_delete_organisation,
    do_file_data_report,
    do_remove_contact,
    do_save_talent_profile,
    do_set_consent,
    do_update_contact,
    do_update_organisation,
)
from hatchway.directory.figures import enterprise_policy_input
from hatchway.directory.models import (
    ConsentKind,
    ContactPerson,
    ContactVisibility,
    DataReport,
    Degree,
    FundType,
    Membership,
    Organisation,
    OrganisationKind,
    Role,
    Sector,
    Stage,
    Subtype,
    TalentProfile,
)
from hatchway.errors import Forbidden, InvalidInput

router = Router(tags=["directory"])


# Organisations ----------------------------------------------------------------------------------------


class OrganisationOut(Schema):
    id: int
    kind: OrganisationKind
    subtype: str
    name_zh: str
    name_en: str
    description_zh: str
    description_en: str
    country: str
    city_zh: str
    city_en: str
    website: str
    logo_url: str | None = None
    goi_batch: int | None
    host_name_zh: str
    host_name_en: str
    parent_carrier_id: int | None
    opened_on: datetime.date | None
    closed_on: datetime.date | None
    registration_date: datetime.date | None
    credit_code: str | None
    incubating_carrier_id: int | None
    stage: str | None = None
    sectors: list[str] = []
    fund_type: str
    currency: str
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_logo_url(obj: Organisation) -> str | None:
        return obj.logo.url if obj.logo else None

    @staticmethod
    def resolve_stage(obj: Organisation) -> str | None:
        return obj.stage.code if obj.stage_id and obj.stage else None

    @staticmethod
    def resolve_sectors(obj: Organisation) -> list[str]:
        return [sector.code for sector in obj.sectors.all()]


class OrganisationFilter(Schema):
    kind: OrganisationKind | None = Field(None, description="Only organisations of this kind.")
    subtype: Subtype | None = Field(None, description="Only carriers or stations of this type.")
    country: str | None = Field(None, min_length=2, max_length=2, description="Two-letter ISO 3166 code.")
    sector: str | None = Field(None, max_length=64, description="A sector code, such as integrated_circuits.")
    stage: str | None = Field(None, max_length=64, description="A stage code, such as seed.")
    q: str | None = Field(None, max_length=100, description="Words in Chinese or English.")


class OrganisationFieldsIn(InputSchema):
    name_zh: str | None = Field(None, max_length=200)
    name_en: str | None = Field(None, max_length=200)
    subtype: Subtype | None = None
    description_zh: str | None = Field(None, max_length=5000)
    description_en: str | None = Field(None, max_length=5000)
    country: str | None = Field(None, max_length=2, description="Two-letter ISO 3166 code.")
    city_zh: str | None = Field(None, max_length=100)
    city_en: str | None = Field(None, max_length=100)
    website: str | None = Field(None, max_length=200)
    goi_batch: int | None = Field(None, description="Carriers of type goi: the batch, such as 3.")
    host_name_zh: str | None = Field(None, max_length=200)
    host_name_en: str | None = Field(None, max_length=200)
    parent_carrier_id: int | None = None
    opened_on: datetime.date | None = None
    closed_on: datetime.date | None = None
    registration_date: datetime.date | None = None
    credit_code: str | None = Field(None, max_length=18, description="Mainland enterprises: 18 characters.")
    incubating_carrier_id: int | None = None
    stage: str | None = Field(None, max_length=64, description="A stage code.")
    sectors: list[str] | None = Field(None, description="Sector codes.")
    fund_type: FundType | None = None
    currency: str | None = Field(None, max_length=3, description="Three-letter ISO 4217 code.")


class OrganisationIn(OrganisationFieldsIn):
    kind: OrganisationKind


class OrganisationUpdateIn(OrganisationFieldsIn):
    pass


_TEXT_FIELDS = frozenset(
    {
        "name_zh",
        "name_en",
        "description_zh",
        "description_en",
        "city_zh",
        "city_en",
        "website",
        "host_name_zh",
        "host_name_en",
        "fund_type",
        "currency",
        "subtype",
    }
)


def _organisation_fields(data: dict[str, Any]) -> dict[str, Any]:
    """Turn codes into rows and nulls of text fields into empty text; unknown codes are located errors."""
    fields: dict[str, Any] = {}
    for name, value in data.items():
        if name in _TEXT_FIELDS:
            fields[name] = "" if value is None else str(value)
        elif name == "credit_code":
            fields[name] = (value or "").strip().upper() or None
        elif name == "stage":
            stage = Stage.objects.filter(code=value).first() if value else None
            if value and stage is None:
                raise InvalidInput(
                    _("“%(value)s” is not a stage. Use one of: %(codes)s.")
                    % {"value": value, "codes": ", ".join(Stage.objects.values_list("code", flat=True))},
                    errors=[{"location": "body.stage", "message": _("Use a stage code.")}],
                )
            fields["stage"] = stage
        elif name == "sectors":
            codes = list(dict.fromkeys(value or []))
            sectors = list(Sector.objects.filter(code__in=codes))
            unknown = sorted(set(codes) - {sector.code for sector in sectors})
            if unknown:
                raise InvalidInput(
                    _("Unknown sector codes: %(codes)s. GET /api/v1/sectors lists them.")
                    % {"codes": ", ".join(unknown)},
                    errors=[{"location": "body.sectors", "message": _("Use sector codes.")}],
                )
            fields["sectors"] = sectors
        else:
            fields[name] = value
    return fields


@router.get(
    "/organisations", response={200: list[OrganisationOut], 401: ErrorOut}, summary="List organisations"
)
@paginate(Pagination)
def list_organisations(request: HttpRequest, filters: Query[OrganisationFilter]) -> QuerySet[Organisation]:
    check_signed_in(request.user)
    organisations = (
        Organisation.objects.search(filters.q or "").select_related("stage").prefetch_related("sectors")
    )
    if filters.kind:
        organisations = organisations.filter(kind=filters.kind)
    if filters.subtype:
        organisations = organisations.filter(subtype=filters.subtype)
    if filters.country:
        organisations = organisations.filter(country=filters.country.upper())
    if filters.sector:
        organisations = organisations.filter(sectors__code=filters.sector)
    if filters.stage:
        organisations = organisations.filter(stage__code=filters.stage)
    return organisations


@router.post(
    "/organisations",
    response={201: OrganisationOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="Create an organisation (operators: any kind; carrier staff: enterprises they incubate)",
)
def create_organisation(request: HttpRequest, payload: OrganisationIn) -> Status[Organisation]:
    check_may_create_organisation(request.user, payload.kind, payload.incubating_carrier_id)
    fields = _organisation_fields(payload.model_dump(exclude_unset=True))
    return Status(201, do_create_organisation(**fields))


@router.get(
    "/organisations/{organisation_id}",
    response={200: OrganisationOut, 401: ErrorOut, 404: ErrorOut},
    summary="One organisation's public profile",
)
def get_organisation(request: HttpRequest, organisation_id: int) -> Organisation:
    return access_organisation(request.user, organisation_id)


class PublicOrganisationOut(Schema):
    """What anyone, visitors included, may read of an organisation (``PUBLIC_PROFILE_FIELDS``)."""

    id: int
    kind: OrganisationKind
    subtype: str
    name_zh: str
    name_en: str
    description_zh: str
    description_en: str
    country: str
    city_zh: str
    city_en: str
    website: str
    logo_url: str | None = None
    sectors: list[str] = []

    @staticmethod
    def resolve_logo_url(obj: Organisation) -> str | None:
        return obj.logo.url if obj.logo else None

    @staticmethod
    def resolve_sectors(obj: Organisation) -> list[str]:
        return [sector.code for sector in obj.sectors.all()]


@router.get(
    "/public/organisations/{organisation_id}",
    auth=READERS,
    response={200: PublicOrganisationOut, 401: ErrorOut, 404: ErrorOut},
    summary="One organisation's public profile (no sign-in needed)",
)
def get_public_organisation(request: HttpRequest, organisation_id: int) -> Organisation:
    return access_organisation(request.user, organisation_id)


@router.patch(
    "/organisations/{organisation_id}",
    response={200: OrganisationOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Change an organisation's profile",
)
def update_organisation(
    request: HttpRequest, organisation_id: int, payload: OrganisationUpdateIn
) -> Organisation:
    organisation = access_organisation(request.user, organisation_id, write=True)
    return do_update_organisation(
        organisation, **_organisation_fields(payload.model_dump(exclude_unset=True))
    )


@router.delete(
    "/organisations/{organisation_id}",
    response={204: None, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Delete an organisation (operators)",
)
def delete_organisation(request: HttpRequest, organisation_id: int) -> Status[None]:
    organisation = access_organisation(request.user, organisation_id)
    if not is_operator(request.user):
        raise Forbidden()
    do_delete_organisation(organisation)
    return Status(204, None)


@router.post(
    "/organisations/{organisation_id}/logo",
    response={200: OrganisationOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Upload a logo (PNG, JPEG or WebP, at most 512 KB) as multipart field “logo”",
)
def upload_logo(request: HttpRequest, organisation_id: int, logo: File[UploadedFile]) -> Organisation:
    organisation = access_organisation(request.user, organisation_id, write=True)
    return do_update_organisation(organisation, logo=logo)


# Members ----------------------------------------------------------------------------------------------


class MemberOut(Schema):
    id: int
    role: Role
    user_id: int
    full_name: str = Field(alias="user.full_name")
    email: str = Field(alias="user.email")


class MyMembershipOut(Schema):
    id: int
    role: Role
    organisation: OrganisationOut | None


@router.get(
    "/organisations/{organisation_id}/members",
    response={200: list[MemberOut], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Who holds a role in an organisation",
)
@paginate(Pagination)
def list_members(request: HttpRequest, organisation_id: int) -> QuerySet[Membership]:
    organisation = access_member_list(request.user, organisation_id)
    return Membership.objects.in_organisation(organisation)


@router.get("/me/memberships", response={200: list[MyMembershipOut], 401: ErrorOut}, summary="My roles")
@paginate(Pagination)
def list_my_memberships(request: HttpRequest) -> QuerySet[Membership]:
    return Membership.objects.of_user(check_signed_in(request.user)).prefetch_related("organisation__sectors")


# Taxonomies -------------------------------------------------------------------------------------------


class SectorOut(Schema):
    code: str
    name_zh: str
    name_en: str
    hnte_field: str
    key_industry: bool


class StageOut(Schema):
    code: str
    name_zh: str
    name_en: str


@router.get("/sectors", response={200: list[SectorOut], 401: ErrorOut}, summary="Sectors")
@paginate(Pagination)
def list_sectors(request: HttpRequest) -> QuerySet[Sector]:
    check_signed_in(request.user)
    return Sector.objects.all()


@router.get("/stages", response={200: list[StageOut], 401: ErrorOut}, summary="Stages")
@paginate(Pagination)
def list_stages(request: HttpRequest) -> QuerySet[Stage]:
    check_signed_in(request.user)
    return Stage.objects.all()


# Contacts ---------------------------------------------------------------------------------------------


class ContactOut(Schema):
    id: int
    organisation_id: int
    name: str
    title_zh: str
    title_en: str
    email: str
    phone: str
    visibility: ContactVisibility


class ContactIn(InputSchema):
    name: str = Field(..., min_length=1, max_length=150)
    title_zh: str = Field("", max_length=150)
    title_en: str = Field("", max_length=150)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=32)
    visibility: ContactVisibility = ContactVisibility.PRIVATE


class ContactUpdateIn(InputSchema):
    name: str | None = Field(None, min_length=1, max_length=150)
    title_zh: str | None = Field(None, max_length=150)
    title_en: str | None = Field(None, max_length=150)
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=32)
    visibility: ContactVisibility | None = None


@router.get(
    "/organisations/{organisation_id}/contacts",
    response={200: list[ContactOut], 401: ErrorOut, 404: ErrorOut},
    summary="Contact persons of an organisation that you may see",
)
@paginate(Pagination)
def list_contacts(request: HttpRequest, organisation_id: int) -> QuerySet[ContactPerson]:
    organisation = access_organisation(request.user, organisation_id)
    return visible_contacts(request.user, organisation)


@router.post(
    "/organisations/{organisation_id}/contacts",
    response={201: ContactOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Add a contact person",
)
def add_contact(request: HttpRequest, organisation_id: int, payload: ContactIn) -> Status[ContactPerson]:
    organisation = access_organisation(request.user, organisation_id, write=True)
    return Status(201, do_add_contact(organisation, **payload.model_dump()))


@router.patch(
    "/contacts/{contact_id}",
    response={200: ContactOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Change a contact person",
)
def update_contact(request: HttpRequest, contact_id: int, payload: ContactUpdateIn) -> ContactPerson:
    contact = access_contact(request.user, contact_id, write=True)
    fields = {
        key: value for key, value in payload.model_dump(exclude_unset=True).items() if value is not None
    }
    return do_update_contact(contact, **fields)


@router.delete(
    "/contacts/{contact_id}",
    response={204: None, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Remove a contact person",
)
def remove_contact(request: HttpRequest, contact_id: int) -> Status[None]:
    do_remove_contact(access_contact(request.user, contact_id, write=True))
    return Status(204, None)


# Data reports -----------------------------------------------------------------------------------------


class DataReportOut(Schema):
    id: int
    enterprise_id: int
    fiscal_year: int
    quarter: int | None
    revision: int
    is_current: bool
    filed_at: datetime.datetime
    filed_by_id: int | None
    sales_revenue_fen: int
    rd_expense_fen: int
    rd_expense_domestic_fen: int
    income_total_fen: int
    non_taxable_income_fen: int
    high_tech_income_fen: int
    net_assets_fen: int
    total_assets_fen: int
    total_cost_expense_fen: int
    employees_avg: Decimal
    tech_staff_avg: Decimal
    ip_class_i_count: int
    ip_class_ii_count: int
    overseas_staff_count: int


_FEN = "In fen: 1 yuan is 100."


class DataReportIn(InputSchema):
    fiscal_year: int = Field(..., ge=1990, le=2100)
    quarter: int | None = Field(None, ge=1, le=4, description="1–4; omit for the whole year.")
    sales_revenue_fen: int = Field(..., ge=0, description=_FEN)
    rd_expense_fen: int = Field(..., ge=0, description=_FEN)
    rd_expense_domestic_fen: int = Field(..., ge=0, description=_FEN)
    income_total_fen: int = Field(..., ge=0, description=_FEN)
    non_taxable_income_fen: int = Field(0, ge=0, description=_FEN)
    high_tech_income_fen: int = Field(0, ge=0, description=_FEN)
    net_assets_fen: int = Field(..., description=_FEN + " May be negative.")
    total_assets_fen: int = Field(..., ge=0, description=_FEN)
    total_cost_expense_fen: int = Field(..., ge=0, description=_FEN)
    employees_avg: Decimal = Field(..., ge=0, max_digits=9, decimal_places=2)
    tech_staff_avg: Decimal = Field(..., ge=0, max_digits=9, decimal_places=2)
    ip_class_i_count: int = Field(0, ge=0)
    ip_class_ii_count: int = Field(0, ge=0)
    overseas_staff_count: int = Field(0, ge=0)


class DataReportFilter(Schema):
    current: bool = Field(False, description="Only the current revision of each period.")
    fiscal_year: int | None = None


@router.get(
    "/organisations/{organisation_id}/data-reports",
    response={200: list[DataReportOut], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="An enterprise's data reports, every revision, newest first",
)
@paginate(Pagination)
def list_data_reports(
    request: HttpRequest, organisation_id: int, filters: Query[DataReportFilter]
) -> QuerySet[DataReport]:
    enterprise = access_private_data(request.user, organisation_id)
    reports = DataReport.objects.of(enterprise)
    if filters.current:
        reports = reports.current()
    if filters.fiscal_year:
        reports = reports.filter(fiscal_year=filters.fiscal_year)
    return reports


@router.post(
    "/organisations/{organisation_id}/data-reports",
    response={201: DataReportOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="File a data report (a new revision when the period was filed before)",
)
def file_data_report(request: HttpRequest, organisation_id: int, payload: DataReportIn) -> Status[DataReport]:
    enterprise = access_organisation(request.user, organisation_id, write=True)
    filed_by = check_signed_in(request.user)
    return Status(201, do_file_data_report(enterprise, filed_by=filed_by, **payload.model_dump()))


@router.get(
    "/data-reports/{report_id}",
    response={200: DataReportOut, 401: ErrorOut, 404: ErrorOut},
    summary="One data report",
)
def get_data_report(request: HttpRequest, report_id: int) -> DataReport:
    return access_data_report(request.user, report_id)


@router.get(
    "/organisations/{organisation_id}/policy-input",
    response={200: dict[str, Any], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="An enterprise's figures as the policy engine reads them (integer yuan)",
)
def get_policy_input(request: HttpRequest, organisation_id: int, as_of: datetime.date) -> dict[str, Any]:
    enterprise = access_private_data(request.user, organisation_id)
    if enterprise.kind != OrganisationKind.ENTERPRISE:
        raise InvalidInput(_("Only enterprises have policy figures."))
    return enterprise_policy_input(enterprise, as_of)


# Talent profiles --------------------------------------------------------------------------------------


class TalentOut(Schema):
    id: int
    user_id: int
    full_name: str = Field(alias="user.full_name")
    email: str | None = None
    headline_zh: str
    headline_en: str
    nationality: str
    current_country: str
    field: str
    sectors: list[str] = []
    degree: Degree
    skills: list[str]
    languages: list[str]
    consent_matching: bool
    consent_matching_at: datetime.datetime | None
    consent_contact: bool
    consent_contact_at: datetime.datetime | None

    @staticmethod
    def resolve_sectors(obj: TalentProfile) -> list[str]:
        return [sector.code for sector in obj.sectors.all()]

    @staticmethod
    def resolve_email(obj: TalentProfile, context: dict[str, Any]) -> str | None:
        return obj.user.email if can_contact_talent(context["request"].user, obj) else None


class TalentIn(InputSchema):
    headline_zh: str = Field("", max_length=200)
    headline_en: str = Field("", max_length=200)
    nationality: str = Field(..., min_length=2, max_length=2)
    current_country: str = Field(..., min_length=2, max_length=2)
    field: str = Field(..., min_length=1, max_length=200)
    sectors: list[str] = []
    degree: Degree = Degree.NONE
    skills: list[str] = []
    languages: list[str] = []
    consent_matching: bool | None = None
    consent_contact: bool | None = None


class ConsentIn(InputSchema):
    consent: ConsentKind
    given: bool


class TalentFilter(Schema):
    q: str | None = Field(None, max_length=100)
    country: str | None = Field(None, min_length=2, max_length=2, description="Current country.")
    sector: str | None = Field(None, max_length=64)


@router.get(
    "/talents",
    response={200: list[TalentOut], 401: ErrorOut},
    summary="Talent profiles you may see (those who agreed to be matched)",
)
@paginate(Pagination)
def list_talents(request: HttpRequest, filters: Query[TalentFilter]) -> QuerySet[TalentProfile]:
    profiles = visible_talent_profiles(request.user).search(filters.q or "").prefetch_related("sectors")
    if filters.country:
        profiles = profiles.filter(current_country=filters.country.upper())
    if filters.sector:
        profiles = profiles.filter(sectors__code=filters.sector)
    return profiles


@router.get(
    "/talents/{profile_id}",
    response={200: TalentOut, 401: ErrorOut, 404: ErrorOut},
    summary="A talent profile",
)
def get_talent(request: HttpRequest, profile_id: int) -> TalentProfile:
    return access_talent_profile(request.user, profile_id)


@router.get(
    "/me/talent-profile", response={200: TalentOut, 401: ErrorOut, 404: ErrorOut}, summary="My talent profile"
)
def get_my_talent_profile(request: HttpRequest) -> TalentProfile:
    return access_own_talent_profile(request.user)


@router.put(
    "/me/talent-profile",
    response={200: TalentOut, 401: ErrorOut, 422: ErrorOut},
    summary="Create or replace my talent profile",
)
def save_my_talent_profile(request: HttpRequest, payload: TalentIn) -> TalentProfile:
    user = check_signed_in(request.user)
    data = payload.model_dump()
    fields = _organisation_fields({"sectors": data.pop("sectors")})
    data["nationality"] = data["nationality"].upper()
    data["current_country"] = data["current_country"].upper()
    return do_save_talent_profile(user, sectors=fields["sectors"], **data)


@router.post(
    "/me/talent-profile/consents",
    response={200: TalentOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Give or withdraw a consent (recorded with its time)",
)
def set_my_consent(request: HttpRequest, payload: ConsentIn) -> TalentProfile:
    profile = access_own_talent_profile(request.user)
    return do_set_consent(profile, payload.consent, payload.given)
