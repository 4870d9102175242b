"""The one family of errors that pages and the API raise.

Each error has a stable machine ``code``, an HTTP ``status`` and a translatable message that
tells the reader what to do next. ``hatchway.api`` turns them into JSON in one handler; the
``NotFound`` and ``Forbidden`` kinds are also Django's own 404/403 exceptions, so pages render
their usual error pages.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class HatchwayError(Exception):
    code: ClassVar[str] = "error"
    status: ClassVar[int] = 400
    default_message: ClassVar[str | Promise] = _("The request could not be completed.")

    def __init__(self, message: str | Promise | None = None, **details: Any) -> None:
        self.message = message if message is not None else self.default_message
        self.details = details
        super().__init__(str(self.message))

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": str(self.message), **self.details}

    def field_errors(self) -> list[tuple[str, str]]:
        """``(field, message)`` for each located problem; ``field`` is "" where none is named."""
        return [
            (str(error.get("location", "")).removeprefix("body."), str(error.get("message", "")))
            for error in self.details.get("errors", [])
        ]


class InvalidInput(HatchwayError):
    """Input that cannot be taken; ``errors`` locates each problem (``{"location": "body.x", "message": ...}``)."""

    code = "invalid"
    status = 422
    default_message = _("Some values are not valid. Correct them and send the request again.")

    @classmethod
    def at(cls, field: str, message: str | Promise) -> InvalidInput:
        """The value of one field is refused: ``raise InvalidInput.at("venue_zh", _("Give the venue."))``.

        Pages put ``message`` on the form's field of that name, the API answers with its location.
        """
        return cls(message, errors=[{"location": f"body.{field}", "message": message}])

    @classmethod
    def located(cls, errors: list[dict[str, Any]]) -> InvalidInput:
        """Several located problems at once, summed up in one line."""
        return cls("; ".join(str(error["message"]) for error in errors) or None, errors=errors)


class NotAuthenticated(HatchwayError):
    code = "unauthenticated"
    status = 401
    default_message = _("Sign in first, or send an API token in the header “Authorization: Bearer <token>”.")


class Forbidden(HatchwayError, PermissionDenied):
    code = "forbidden"
    status = 403
    default_message = _("You do not have permission to do this. Ask a platform operator for access.")


class NotFound(HatchwayError, Http404):
    code = "not_found"
    status = 404
    default_message = _("Nothing was found here. Check the address or the identifier.")


class Conflict(HatchwayError):
    code = "conflict"
    status = 409
    default_message = _("This conflicts with the current state. Reload and try again.")


class Throttled(HatchwayError):
    code = "throttled"
    status = 429
    default_message = _("Too many attempts. Wait a few minutes and try again.")
