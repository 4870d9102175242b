"""API: the caller's own account, preferences and tokens."""

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from hatchway.accounts.access import access_api_token, check_signed_in
from hatchway.accounts.actions import do_create_api_token, do_revoke_api_token, do_update_preferences
from hatchway.accounts.models import ApiToken, User
from hatchway.api import ErrorOut, InputSchema, Pagination

router = Router(tags=["accounts"])


class MeOut(Schema):
    id: int
    email: str
    full_name: str
    language: str
    time_zone: str
    date_joined: datetime


class PreferencesIn(InputSchema):
    full_name: str | None = Field(None, max_length=150)
    language: str | None = Field(None, description="zh-hans or en")
    time_zone: str | None = Field(None, description="An IANA time zone such as Asia/Shanghai.")


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenIn(InputSchema):
    name: str = Field(..., min_length=1, max_length=80, description="What the token is for, e.g. 'CRM sync'.")


class IssuedTokenOut(TokenOut):
    key: str = Field(description="The secret. Shown only in this response: store it now.")


def _me(request: HttpRequest) -> User:
    return check_signed_in(request.user)


@router.get("/me", response={200: MeOut, 401: ErrorOut}, summary="Who am I")
def get_me(request: HttpRequest) -> User:
    return _me(request)


@router.patch("/me", response={200: MeOut, 401: ErrorOut, 422: ErrorOut}, summary="Change my preferences")
def update_me(request: HttpRequest, payload: PreferencesIn) -> User:
    return do_update_preferences(_me(request), **payload.model_dump(exclude_unset=True))


@router.get("/tokens", response={200: list[TokenOut], 401: ErrorOut}, summary="My API tokens")
@paginate(Pagination)
def list_tokens(request: HttpRequest) -> object:
    return ApiToken.objects.owned_by(_me(request))


@router.post(
    "/tokens", response={201: IssuedTokenOut, 401: ErrorOut, 422: ErrorOut}, summary="Create an API token"
)
def create_token(request: HttpRequest, payload: TokenIn) -> Status[dict[str, object]]:
    issued = do_create_api_token(_me(request), name=payload.name)
    body = TokenOut.from_orm(issued.token).model_dump()
    return Status(201, {**body, "key": issued.key})


@router.delete(
    "/tokens/{token_id}", response={204: None, 401: ErrorOut, 404: ErrorOut}, summary="Revoke an API token"
)
def revoke_token(request: HttpRequest, token_id: int) -> Status[None]:
    do_revoke_api_token(access_api_token(request.user, token_id, write=True))
    return Status(204, None)
