"""The one way a page puts a refusal on its form, whoever raised it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms import BaseForm

from hatchway.errors import HatchwayError


def put_error_on_form(form: BaseForm, error: Exception) -> None:
    """Show ``error`` on ``form``: at each field it names that the form has, else above the form.

    Takes what actions raise: Django's ``ValidationError`` (from ``full_clean``), an error located with
    ``InvalidInput.at``, or any other ``HatchwayError``.
    """
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            for field, messages in error.error_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            form.add_error(None, error)
        return
    if isinstance(error, HatchwayError) and error.field_errors():
        for field, message in error.field_errors():
            form.add_error(field if field in form.fields else None, message)
        return
    form.add_error(None, str(error.message) if isinstance(error, HatchwayError) else str(error))
