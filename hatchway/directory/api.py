"""API: organisations and memberships."""

from datetime import datetime

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from hatchway.accounts.access import check_signed_in
from hatchway.api import ErrorOut, InputSchema, Pagination
from hatchway.directory.access import access_member_list, access_organisation
from hatchway.directory.actions import do_update_organisation
from hatchway.directory.models import Membership, Organisation, OrganisationKind, Role

router = Router(tags=["directory"])


class OrganisationOut(Schema):
    id: int
    kind: OrganisationKind
    name_zh: str
    name_en: str
    country: str
    website: str
    created_at: datetime


class OrganisationFilter(Schema):
    kind: OrganisationKind | None = Field(None, description="Only organisations of this kind.")
    q: str | None = Field(None, max_length=100, description="Text in the Chinese or English name.")


class OrganisationUpdateIn(InputSchema):
    name_zh: str | None = Field(None, max_length=200)
    name_en: str | None = Field(None, max_length=200)
    website: str | None = Field(None, max_length=200)


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
    "/organisations", response={200: list[OrganisationOut], 401: ErrorOut}, summary="List organisations"
)
@paginate(Pagination)
def list_organisations(request: HttpRequest, filters: Query[OrganisationFilter]) -> QuerySet[Organisation]:
    check_signed_in(request.user)
    organisations = Organisation.objects.search(filters.q or "")
    if filters.kind:
        organisations = organisations.filter(kind=filters.kind)
    return organisations


@router.get(
    "/organisations/{organisation_id}",
    response={200: OrganisationOut, 401: ErrorOut, 404: ErrorOut},
    summary="One organisation",
)
def get_organisation(request: HttpRequest, organisation_id: int) -> Organisation:
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
    return do_update_organisation(organisation, **payload.model_dump(exclude_unset=True))


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
    return Membership.objects.of_user(check_signed_in(request.user))
