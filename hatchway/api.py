"""The JSON API under /api/v1/: one NinjaAPI, one error format, one pagination."""

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema, Swagger
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import PaginationBase
from ninja.security import HttpBearer, SessionAuth
from pydantic import ConfigDict, Field

from hatchway.accounts.actions import get_user_for_token
from hatchway.errors import Forbidden, HatchwayError, InvalidInput, NotAuthenticated, NotFound

logger = logging.getLogger(__name__)


class TokenAuth(HttpBearer):
    """``Authorization: Bearer hw_…`` with a token created on the profile page."""

    openapi_description = "A personal API token created on the profile page."

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = get_user_for_token(token)
        if user is not None:
            request.user = user
        return user


class ActiveSessionAuth(SessionAuth):
    """The browser's session cookie; unsafe methods also need the CSRF token."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


def visitor(request: HttpRequest) -> bool:
    """Let visitors without credentials through (the access getter decides what they may read).

    A request that sends a token which is not valid is refused rather than served as a visitor's,
    so a program with a revoked token notices.
    """
    return "HTTP_AUTHORIZATION" not in request.META


# Readers of public content: a token or a session when given (they show more), else a visitor.
READERS: list[Any] = [TokenAuth(), ActiveSessionAuth(), visitor]


api = NinjaAPI(
    title="Hatchway API",
    version="1",
    description=(
        "Hatchway 跨境孵化协同服务平台 — the JSON API. Authenticate with a personal token "
        "(`Authorization: Bearer hw_…`, created on your profile page) or the browser session. "
        'Every error is `{"code": "...", "message": "..."}`; every list is paginated.'
    ),
    auth=[TokenAuth(), ActiveSessionAuth()],
    urls_namespace="api",
    docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": False}),
    docs_url="/docs",
)


class InputSchema(Schema):
    """Base for request bodies: unknown fields are an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid")


class ErrorOut(Schema):
    code: str = Field(description="Stable machine-readable error code.")
    message: str = Field(description="What went wrong and what to do, in the caller's language.")


class Pagination(PaginationBase):
    """``?page=N&page_size=M`` (M ≤ 100); the response says how many items there are in all."""

    class Input(Schema):
        page: int = Field(1, ge=1, description="Page number, from 1.")
        page_size: int = Field(
            settings.NINJA_PAGINATION_PER_PAGE,
            ge=1,
            le=settings.NINJA_PAGINATION_MAX_PER_PAGE_SIZE,
            description="Items per page, at most 100.",
        )

    class Output(Schema):
        count: int
        page: int
        page_size: int
        items: list[Any]

    items_attribute = "items"

    def paginate_queryset(
        self, queryset: Any, pagination: Any, request: HttpRequest | None = None, **params: Any
    ) -> dict[str, Any]:
        start = (pagination.page - 1) * pagination.page_size
        return {
            "count": self._items_count(queryset),
            "page": pagination.page,
            "page_size": pagination.page_size,
            "items": list(queryset[start : start + pagination.page_size]),
        }


def error_response(request: HttpRequest, error: HatchwayError) -> HttpResponse:
    response = api.create_response(request, error.as_dict(), status=error.status)
    retry = error.details.get("retry_after_seconds")
    if retry:
        response["Retry-After"] = str(retry)
    return response


_PYDANTIC_MESSAGES = {
    "missing": lambda: _("This field is required."),
    "extra_forbidden": lambda: _(
        "This field is not accepted here. Remove it; the API documentation lists the fields."
    ),
    "json_invalid": lambda: _("The body is not valid JSON."),
    "string_too_long": lambda: _("This text is too long."),
    "string_too_short": lambda: _("This text is too short."),
    "int_parsing": lambda: _("Write a whole number."),
    "bool_parsing": lambda: _("Write true or false."),
    "literal_error": lambda: _("This value is not one of the allowed choices."),
    "enum": lambda: _("This value is not one of the allowed choices."),
    "greater_than_equal": lambda: _("This number is too small."),
    "less_than_equal": lambda: _("This number is too large."),
}


def _located(error: dict[str, Any]) -> dict[str, str]:
    location = ".".join(str(part) for part in error.get("loc", ()) if part not in {"payload"})
    translate = _PYDANTIC_MESSAGES.get(str(error.get("type")))
    return {"location": location, "message": translate() if translate else str(error.get("msg", ""))}


def _invalid_input(request: HttpRequest, located: list[dict[str, str]]) -> HttpResponse:
    """One 422 for every kind of invalid input: a summary line plus each problem with its location."""
    summary = "; ".join(
        f"{item['location']}: {item['message']}" if item["location"] else item["message"] for item in located
    )
    return error_response(request, InvalidInput(summary or None, errors=located))


@api.exception_handler(HatchwayError)
def on_hatchway_error(request: HttpRequest, error: HatchwayError) -> HttpResponse:
    return error_response(request, error)


@api.exception_handler(NinjaValidationError)
def on_validation_error(request: HttpRequest, error: NinjaValidationError) -> HttpResponse:
    return _invalid_input(request, [_located(item) for item in error.errors])


@api.exception_handler(DjangoValidationError)
def on_model_validation_error(request: HttpRequest, error: DjangoValidationError) -> HttpResponse:
    fields = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
    located = [
        {"location": "" if field == "__all__" else f"body.{field}", "message": message}
        for field, messages in fields.items()
        for message in messages
    ]
    return _invalid_input(request, located)


@api.exception_handler(AuthenticationError)
def on_authentication_error(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    return error_response(request, NotAuthenticated())


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    return error_response(request, NotFound())


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    # django-ninja raises these itself with English text; answer in the caller's language instead.
    known = {
        400: (
            "bad_request",
            _("The request could not be read. Send a JSON body with Content-Type: application/json."),
        ),
        401: ("unauthenticated", str(NotAuthenticated.default_message)),
        403: ("forbidden", str(Forbidden.default_message)),
        404: ("not_found", str(NotFound.default_message)),
        405: (
            "method_not_allowed",
            _("This address does not accept this method. See the API documentation."),
        ),
    }
    code, message = known.get(error.status_code, ("error", str(error.message)))
    return api.create_response(request, {"code": code, "message": message}, status=error.status_code)


@api.exception_handler(Exception)
def on_unexpected_error(request: HttpRequest, error: Exception) -> HttpResponse:
    logger.exception("Unexpected API error on %s %s", request.method, request.path)
    return api.create_response(
        request,
        {
            "code": "internal_error",
            "message": _("Something went wrong on our side. It has been logged; try again later."),
        },
        status=500,
    )


def register_routers() -> None:
    from hatchway.accounts.api import router as accounts_router
    from hatchway.brokerage.api import router as brokerage_router
    from hatchway.competitions.api import router as competitions_router
    from hatchway.directory.api import router as directory_router
    from hatchway.events.api import router as events_router
    from hatchway.flows.api import router as flows_router
    from hatchway.listings.api import router as listings_router
    from hatchway.matching.api import router as matching_router
    from hatchway.notices.api import router as notices_router
    from hatchway.policy.api import router as policy_router
    from hatchway.reports.api import router as reports_router
    from hatchway.transfer.api import router as transfer_router

    api.add_router("/", accounts_router)
    api.add_router("/", notices_router)
    api.add_router("/", directory_router)
    api.add_router("/", listings_router)
    api.add_router("/", policy_router)
    api.add_router("/", flows_router)
    api.add_router("/", reports_router)
    api.add_router("/", transfer_router)
    api.add_router("/", matching_router)
    api.add_router("/", events_router)
    api.add_router("/", competitions_router)
    api.add_router("/", brokerage_router)


register_routers()

__all__ = ["READERS", "ErrorOut", "InputSchema", "Pagination", "api", "visitor"]
