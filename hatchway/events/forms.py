"""Forms of the event pages; they validate, and views hand the cleaned data to actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hatchway.directory.models import Organisation, OrganisationKind
from hatchway.events.models import Event

_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EventForm(forms.ModelForm[Event]):
    """An event as its organiser writes it; times are read in the venue's time zone."""

    online_url = forms.URLField(label=_("online link"), required=False, assume_scheme="https", max_length=200)

    class Meta:
        model = Event
        fields = [
            "kind",
            "organiser",
            "station",
            "mode",
            "title_zh",
            "title_en",
            "description_zh",
            "description_en",
            "venue_zh",
            "venue_en",
            "online_url",
            "time_zone",
            "starts_at",
            "ends_at",
            "capacity",
            "requires_approval",
            "status",
        ]
        widgets = {"starts_at": _DATETIME, "ends_at": _DATETIME}

    def __init__(self, *args: Any, organisers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organiser_field = self.fields["organiser"]
        assert isinstance(organiser_field, forms.ModelChoiceField)
        organiser_field.queryset = organisers if organisers is not None else Organisation.objects.none()
        station_field = self.fields["station"]
        assert isinstance(station_field, forms.ModelChoiceField)
        station_field.queryset = Organisation.objects.filter(kind=OrganisationKind.OVERSEAS_STATION)


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Check-in code"),
        max_length=32,
        help_text=_("The 8 characters the person shows; spaces and lower case are fine."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autofocus": True, "autocapitalize": "characters"}
        ),
    )
