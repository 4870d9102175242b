"""Forms of the brokerage pages; they validate, and views hand the cleaned data to actions."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from hatchway.brokerage.models import MeetingPreference, Priority

_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SlotChoiceField(forms.ModelMultipleChoiceField):
    """Slots shown in the active time zone (the viewer's), as "Thu 12 Mar 09:00–09:20"."""

    def label_from_instance(self, obj: Any) -> str:
        start, end = timezone.localtime(obj.starts_at), timezone.localtime(obj.ends_at)
        return f"{date_format(start, 'D Y-m-d H:i')}–{date_format(end, 'H:i')}"


class ListingChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.display_title} ({obj.get_kind_display()})"


class BrokerageSetupForm(forms.Form):
    """Tables, and a run of equal slots to add, read in the venue's time zone."""

    tables = forms.IntegerField(label=_("Tables for meetings on site"), min_value=0, max_value=10_000)
    first_start = forms.DateTimeField(
        label=_("First new slot starts at (venue time)"), required=False, widget=_DATETIME
    )
    count = forms.IntegerField(label=_("Number of new slots"), min_value=0, max_value=100, initial=0)
    minutes = forms.IntegerField(label=_("Minutes per meeting"), min_value=5, max_value=240, initial=20)
    pause = forms.IntegerField(label=_("Minutes between meetings"), min_value=0, max_value=240, initial=5)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("count") and not data.get("first_start"):
            self.add_error("first_start", _("Give the start of the first new slot."))
        return data

    def new_slots(self) -> list[tuple[datetime.datetime, datetime.datetime]]:
        data = self.cleaned_data
        if not data.get("count") or not data.get("first_start"):
            return []
        step = datetime.timedelta(minutes=data["minutes"] + data["pause"])
        length = datetime.timedelta(minutes=data["minutes"])
        return [
            (data["first_start"] + step * n, data["first_start"] + step * n + length)
            for n in range(data["count"])
        ]


class AgendaProfileForm(forms.Form):
    pitch_zh = forms.CharField(
        label=_("Pitch (Chinese)"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    pitch_en = forms.CharField(
        label=_("Pitch (English)"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    listing_ids = ListingChoiceField(
        label=_("Listings to show"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    mode = forms.ChoiceField(label=_("How you meet"), choices=MeetingPreference.choices)
    languages = forms.CharField(
        label=_("Languages"),
        required=False,
        max_length=100,
        help_text=_("Codes separated by spaces, such as zh en de."),
    )
    slot_ids = SlotChoiceField(
        label=_("When you are free (your time)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    max_meetings = forms.IntegerField(
        label=_("Most meetings"),
        min_value=0,
        max_value=100,
        required=False,
        help_text=_("Leave empty for no limit."),
    )

    def __init__(self, *args: Any, listings: Any, slots: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["listing_ids"]).queryset = listings
        cast(forms.ModelMultipleChoiceField, self.fields["slot_ids"]).queryset = slots

    def action_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["listing_ids"] = [listing.pk for listing in data["listing_ids"]]
        data["slot_ids"] = [slot.pk for slot in data["slot_ids"]]
        return data


class MeetingRequestForm(forms.Form):
    priority = forms.TypedChoiceField(
        label=_("Priority"), choices=Priority.choices, coerce=int, initial=Priority.SHOULD
    )
    message = forms.CharField(label=_("Message"), required=False, max_length=500)
