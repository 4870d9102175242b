"""The dashboard's filters and the yearly report's options, read from a query string."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hatchway.directory.taxonomy import find_country
from hatchway.flows.models import Element
from hatchway.reports.kpis import KpiFilters

FIRST_YEAR = 2000


class DashboardFilterForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    carrier = forms.IntegerField(label=_("Carrier"), required=False, min_value=1)
    station = forms.IntegerField(label=_("Overseas station"), required=False, min_value=1)
    element = forms.ChoiceField(
        label=_("Element"), required=False, choices=[("", _("All elements")), *Element.choices]
    )
    country = forms.CharField(label=_("Country"), required=False, max_length=60)

    def clean_country(self) -> str:
        text = self.cleaned_data.get("country") or ""
        if not text:
            return ""
        code = find_country(text)
        if code is None:
            raise forms.ValidationError(
                _("Write a country code such as DE, or its name in English or Chinese.")
            )
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end comes before the start. Swap the two dates."))
        return data

    def period(self) -> tuple[dt.date, dt.date]:
        """The period asked for, this calendar year by default."""
        today = timezone.localdate()
        data = self.cleaned_data if self.is_valid() else {}
        start = data.get("start") or dt.date(today.year, 1, 1)
        end = data.get("end") or dt.date(start.year, 12, 31)
        return start, end

    def filters(self) -> KpiFilters:
        data = self.cleaned_data if self.is_valid() else {}
        start, end = self.period()
        return KpiFilters(
            start=start,
            end=end,
            carrier_id=data.get("carrier"),
            station_id=data.get("station"),
            element=data.get("element") or None,
            country=data.get("country") or None,
        )


class YearlyReportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=2100)
    lang = forms.ChoiceField(label=_("Language"), choices=[("zh", "中文"), ("en", "English")])
    format = forms.ChoiceField(
        label=_("Format"), choices=[("html", "HTML"), ("pdf", "PDF"), ("xlsx", "XLSX")]
    )
    carrier = forms.TypedChoiceField(label=_("Carrier"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, carriers: list[tuple[int, str]], everything: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["carrier"]
        assert isinstance(field, forms.TypedChoiceField)
        everyone: list[tuple[int | str, str]] = [("", str(_("All carriers")))] if everything else []
        field.choices = [*everyone, *carriers]
        field.required = not everything
