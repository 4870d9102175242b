"""One located input error for the API and the pages."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from hatchway.errors import Conflict, InvalidInput
from hatchway.forms import put_error_on_form


class VenueForm(forms.Form):
    venue_zh = forms.CharField(required=False)


def test_an_error_at_a_field_names_its_location_for_the_api():
    error = InvalidInput.at("venue_zh", "Give the venue in Chinese.")
    assert error.as_dict() == {
        "code": "invalid",
        "message": "Give the venue in Chinese.",
        "errors": [{"location": "body.venue_zh", "message": "Give the venue in Chinese."}],
    }
    assert error.field_errors() == [("venue_zh", "Give the venue in Chinese.")]


def test_several_located_errors_are_summed_up_in_one_line():
    error = InvalidInput.located(
        [{"location": "body.a", "message": "First."}, {"location": "body.b", "message": "Second."}]
    )
    assert error.message == "First.; Second."


def test_a_page_shows_a_located_error_at_its_field():
    form = VenueForm(data={})
    assert form.is_valid()
    put_error_on_form(form, InvalidInput.at("venue_zh", "Give the venue in Chinese."))
    assert form.errors == {"venue_zh": ["Give the venue in Chinese."]}


def test_a_field_the_form_does_not_have_goes_above_the_form():
    form = VenueForm(data={})
    assert form.is_valid()
    put_error_on_form(form, InvalidInput.at("organisation_id", "Choose an organisation."))
    assert form.non_field_errors() == ["Choose an organisation."]


def test_model_validation_and_other_refusals_reach_the_form_too():
    form = VenueForm(data={})
    assert form.is_valid()
    put_error_on_form(form, ValidationError({"venue_zh": ["Too long."], "other": ["Wrong."]}))
    put_error_on_form(form, Conflict("Someone changed it first."))
    assert form.errors["venue_zh"] == ["Too long."]
    assert form.non_field_errors() == ["Wrong.", "Someone changed it first."]
