"""Forms of the eligibility pages: start a run, declare the facts data reports lack, try other figures."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hatchway.policy.engine import Programme
from hatchway.policy.labels import FIELDS, VALUES, YEAR_FIELDS


def _choices(programmes: list[Programme]) -> list[tuple[str, str]]:
    from hatchway.policy.templatetags.policy import in_language

    return [(p.id, in_language(p.title)) for p in programmes if not p.template]


class StartRunForm(forms.Form):
    programme = forms.ChoiceField(label=_("Programme"))
    as_of = forms.DateField(
        label=_("As of"),
        help_text=_("Figures filed by this date count, and the thresholds in force on it apply."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: object, programmes: list[Programme], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["programme"].choices = _choices(programmes)  # type: ignore[attr-defined]
        self.fields["as_of"].initial = timezone.localdate()


# --- Declared facts --------------------------------------------------------------------------------------

NOT_DECLARED = ""
YES, NO = "yes", "no"
NONE, LISTED = "none", "listed"

_YES_NO = [(NOT_DECLARED, _("Not declared yet")), (YES, _("Yes")), (NO, _("No"))]
_LIST_STATUS = [(NOT_DECLARED, _("Not declared yet")), (NONE, _("None")), (LISTED, _("As written below"))]

# Form field → the §5 path it declares (one label for both, from labels.py).
SUBSCORES = {
    "subscore_ip": ("ip", 30),
    "subscore_conversion": ("conversion", 30),
    "subscore_rd_management": ("rd_management", 20),
    "subscore_growth": ("growth", 20),
}
FLAGS = {
    "accounting_sound": "accounting_sound",
    "audit_based_tax_collection": "audit_based_tax_collection",
    "rd_expenses_accurately_collected": "rd_expenses_accurately_collected",
    "restricted_or_eliminated": "industry.restricted_or_eliminated",
    "rd_super_deduction_excluded": "industry.rd_super_deduction_excluded",
    "major_incident_or_serious_dishonesty": "integrity.major_incident_or_serious_dishonesty",
    "on_abnormal_or_dishonest_list": "integrity.on_abnormal_or_dishonest_list",
    "provincial_or_higher_rd_institution": "direct_track.provincial_or_higher_rd_institution",
}
# Where the engine's located errors (field paths) land on the form.
FIELD_OF_PATH = {
    **{f"innovation_subscores.{key}": name for name, (key, _top) in SUBSCORES.items()},
    **{path: name for name, path in FLAGS.items()},
    "major_incident_dates": "major_incident_dates",
    "direct_track.hnte_certificate_valid_until": "hnte_certificate_valid_until",
    "direct_track.national_st_awards": "national_st_awards",
    "direct_track.led_standard_years": "led_standard_years",
}


def _lines(text: str) -> list[tuple[int, str]]:
    return [(number, line.strip()) for number, line in enumerate(text.splitlines(), 1) if line.strip()]


def _year(text: str) -> int | None:
    return int(text) if text.isdigit() and 1900 <= int(text) <= 2200 else None


def _get(facts: Mapping[str, Any], path: str) -> Any:
    value: Any = facts
    for part in path.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def _has(facts: Mapping[str, Any], path: str) -> bool:
    head, _dot, rest = path.partition(".")
    if head not in facts:
        return False
    return not rest or (isinstance(facts[head], Mapping) and rest in facts[head])


class DeclaredFactsForm(forms.Form):
    """The figures data reports do not hold, declared by the enterprise, its carrier or an operator.

    An empty field stays undeclared (the criteria that need it remain "figures missing"); "None" declares
    that there is nothing (no incident, no award), which is not the same.
    """

    subscore_ip = forms.IntegerField(label=FIELDS["innovation_subscores.ip"], min_value=0, max_value=30)
    subscore_conversion = forms.IntegerField(
        label=FIELDS["innovation_subscores.conversion"], min_value=0, max_value=30
    )
    subscore_rd_management = forms.IntegerField(
        label=FIELDS["innovation_subscores.rd_management"], min_value=0, max_value=20
    )
    subscore_growth = forms.IntegerField(
        label=FIELDS["innovation_subscores.growth"], min_value=0, max_value=20
    )
    major_incidents = forms.ChoiceField(label=FIELDS["major_incident_dates"], choices=_LIST_STATUS)
    major_incident_dates = forms.CharField(
        label=_("Incident dates"),
        help_text=_("One date a line, written YYYY-MM-DD."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    accounting_sound = forms.ChoiceField(label=FIELDS["accounting_sound"], choices=_YES_NO)
    audit_based_tax_collection = forms.ChoiceField(
        label=FIELDS["audit_based_tax_collection"], choices=_YES_NO
    )
    rd_expenses_accurately_collected = forms.ChoiceField(
        label=FIELDS["rd_expenses_accurately_collected"], choices=_YES_NO
    )
    restricted_or_eliminated = forms.ChoiceField(
        label=FIELDS["industry.restricted_or_eliminated"], choices=_YES_NO
    )
    rd_super_deduction_excluded = forms.ChoiceField(
        label=FIELDS["industry.rd_super_deduction_excluded"], choices=_YES_NO
    )
    major_incident_or_serious_dishonesty = forms.ChoiceField(
        label=FIELDS["integrity.major_incident_or_serious_dishonesty"], choices=_YES_NO
    )
    on_abnormal_or_dishonest_list = forms.ChoiceField(
        label=FIELDS["integrity.on_abnormal_or_dishonest_list"], choices=_YES_NO
    )
    hnte_certificate = forms.ChoiceField(
        label=_("Valid HNTE certificate"),
        choices=[
            (NOT_DECLARED, _("Not declared yet")),
            (NONE, _("None")),
            (LISTED, _("Valid until the date below")),
        ],
    )
    hnte_certificate_valid_until = forms.DateField(
        label=FIELDS["direct_track.hnte_certificate_valid_until"],
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    provincial_or_higher_rd_institution = forms.ChoiceField(
        label=FIELDS["direct_track.provincial_or_higher_rd_institution"], choices=_YES_NO
    )
    national_st_award_status = forms.ChoiceField(
        label=FIELDS["direct_track.national_st_awards"], choices=_LIST_STATUS
    )
    national_st_awards = forms.CharField(
        label=_("Awards"),
        help_text=_(
            "One award a line: the year, a comma, the enterprise's rank among the units (e.g. 2022, 2)."
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    led_standard_status = forms.ChoiceField(
        label=FIELDS["direct_track.led_standard_years"], choices=_LIST_STATUS
    )
    led_standard_years = forms.CharField(
        label=_("Years of the standards"),
        help_text=_("Years separated by commas (e.g. 2021, 2023)."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False

    @classmethod
    def initial_from(cls, facts: Mapping[str, Any]) -> dict[str, Any]:
        """The form's initial values from stored facts."""
        initial: dict[str, Any] = {}
        for name, (key, _top) in SUBSCORES.items():
            initial[name] = _get(facts, f"innovation_subscores.{key}")
        for name, path in FLAGS.items():
            value = _get(facts, path)
            initial[name] = YES if value is True else NO if value is False else NOT_DECLARED
        for status, name, path, show in (
            ("major_incidents", "major_incident_dates", "major_incident_dates", "\n".join),
            (
                "national_st_award_status",
                "national_st_awards",
                "direct_track.national_st_awards",
                lambda items: "\n".join(f"{a.get('year')}, {a.get('rank_among_units')}" for a in items),
            ),
            (
                "led_standard_status",
                "led_standard_years",
                "direct_track.led_standard_years",
                lambda items: ", ".join(str(year) for year in items),
            ),
        ):
            value = _get(facts, path)
            if _has(facts, path) and isinstance(value, list):
                initial[status] = LISTED if value else NONE
                initial[name] = show(value)
        if _has(facts, "direct_track.hnte_certificate_valid_until"):
            until = _get(facts, "direct_track.hnte_certificate_valid_until")
            initial["hnte_certificate"] = LISTED if until else NONE
            initial["hnte_certificate_valid_until"] = until
        return initial

    def clean_major_incident_dates(self) -> list[str]:
        found = []
        for number, line in _lines(self.cleaned_data.get("major_incident_dates") or ""):
            try:
                found.append(datetime.date.fromisoformat(line).isoformat())
            except ValueError:
                raise forms.ValidationError(
                    gettext(
                        "Line %(number)s: “%(text)s” is not a date. Write it as YYYY-MM-DD, e.g. 2024-03-15."
                    )
                    % {"number": number, "text": line}
                ) from None
        return found

    def clean_national_st_awards(self) -> list[dict[str, int]]:
        found = []
        for number, line in _lines(self.cleaned_data.get("national_st_awards") or ""):
            parts = [part.strip() for part in line.replace("，", ",").split(",")]
            year = _year(parts[0]) if parts else None
            rank = int(parts[1]) if len(parts) == 2 and parts[1].isdigit() and int(parts[1]) >= 1 else None
            if year is None or rank is None:
                raise forms.ValidationError(
                    gettext(
                        "Line %(number)s: “%(text)s” is not an award. Write the year, a comma and the "
                        "rank, e.g. 2022, 2."
                    )
                    % {"number": number, "text": line}
                )
            found.append({"year": year, "rank_among_units": rank})
        return found

    def clean_led_standard_years(self) -> list[int]:
        found = []
        text = (self.cleaned_data.get("led_standard_years") or "").replace("，", ",")
        for part in (item.strip() for item in text.split(",")):
            if not part:
                continue
            year = _year(part)
            if year is None:
                raise forms.ValidationError(
                    gettext("“%(text)s” is not a year. Write years such as 2021, 2023.") % {"text": part}
                )
            found.append(year)
        return found

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for status, name in (
            ("major_incidents", "major_incident_dates"),
            ("national_st_award_status", "national_st_awards"),
            ("led_standard_status", "led_standard_years"),
            ("hnte_certificate", "hnte_certificate_valid_until"),
        ):
            if name in self.errors:
                continue
            chosen, given = data.get(status), data.get(name)
            if chosen == LISTED and not given:
                self.add_error(name, gettext("Write it here, or choose “None” or “Not declared yet” above."))
            elif chosen != LISTED and given:
                self.add_error(
                    status, gettext("Choose “As written below” to declare what you wrote, or clear it.")
                )
        return data

    def facts(self, existing: Mapping[str, Any]) -> dict[str, Any]:
        """The declaration: ``existing`` facts with every field of this form replaced (kept when API-only)."""
        data = self.cleaned_data
        facts: dict[str, Any] = {
            key: (dict(value) if isinstance(value, Mapping) else value) for key, value in existing.items()
        }
        scores = dict(facts.get("innovation_subscores") or {})
        for name, (key, _top) in SUBSCORES.items():
            scores.pop(key, None)
            if data.get(name) is not None:
                scores[key] = data[name]
        facts["innovation_subscores"] = scores
        for name, path in FLAGS.items():
            head, _dot, key = path.partition(".")
            target = facts.setdefault(head, {}) if key else facts
            target.pop(key or head, None)
            if data.get(name) in (YES, NO):
                target[key or head] = data[name] == YES
        direct = facts.setdefault("direct_track", {})
        facts.pop("major_incident_dates", None)
        if data.get("major_incidents") in (NONE, LISTED):
            facts["major_incident_dates"] = (
                data["major_incident_dates"] if data["major_incidents"] == LISTED else []
            )
        for status, name, key in (
            ("national_st_award_status", "national_st_awards", "national_st_awards"),
            ("led_standard_status", "led_standard_years", "led_standard_years"),
        ):
            direct.pop(key, None)
            if data.get(status) in (NONE, LISTED):
                direct[key] = data[name] if data[status] == LISTED else []
        direct.pop("hnte_certificate_valid_until", None)
        if data.get("hnte_certificate") == NONE:
            direct["hnte_certificate_valid_until"] = None
        elif data.get("hnte_certificate") == LISTED:
            direct["hnte_certificate_valid_until"] = data["hnte_certificate_valid_until"].isoformat()
        return {key: value for key, value in facts.items() if value != {}}

    def add_located_errors(self, errors: list[dict[str, str]]) -> None:
        """Put the engine's located problems (``body.facts.<path>``) on the fields they concern."""
        from hatchway.policy.labels import field_label

        for item in errors:
            path = item["location"].removeprefix("body.facts.")
            bare = path.split("[", 1)[0]
            name = FIELD_OF_PATH.get(path) or FIELD_OF_PATH.get(bare)
            if name is not None:
                self.add_error(name, item["message"])
            else:
                self.add_error(None, f"{field_label(path)}: {item['message']}")


# --- What-if ----------------------------------------------------------------------------------------------

# Form field → the figure of the last fiscal year it sets (labels from labels.py).
WHAT_IF_FIGURES = (
    "rd_expense_cny",
    "sales_revenue_cny",
    "high_tech_income_cny",
    "employees_avg",
    "tech_staff_avg",
)


class WhatIfForm(forms.Form):
    """Other figures for the last fiscal year; an empty field keeps the filed figure."""

    programme = forms.ChoiceField(label=_("Programme"))
    rd_expense_cny = forms.IntegerField(label=YEAR_FIELDS["rd_expense_cny"], min_value=0)
    sales_revenue_cny = forms.IntegerField(label=YEAR_FIELDS["sales_revenue_cny"], min_value=0)
    high_tech_income_cny = forms.IntegerField(label=YEAR_FIELDS["high_tech_income_cny"], min_value=0)
    employees_avg = forms.DecimalField(
        label=YEAR_FIELDS["employees_avg"], min_value=Decimal(0), max_digits=9, decimal_places=2
    )
    tech_staff_avg = forms.DecimalField(
        label=YEAR_FIELDS["tech_staff_avg"], min_value=Decimal(0), max_digits=9, decimal_places=2
    )
    additional_rd_staff = forms.DecimalField(
        label=_("Or: R&D staff we would hire"),
        help_text=_("Added to both the tech staff and the employees."),
        min_value=Decimal(0),
        max_digits=9,
        decimal_places=2,
    )
    class_i_count = forms.IntegerField(label=VALUES["class_i_count"], min_value=0)
    class_ii_count = forms.IntegerField(label=VALUES["class_ii_count"], min_value=0)

    def __init__(
        self,
        *args: object,
        programmes: list[Programme],
        current: Mapping[str, Any] | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["programme"].choices = _choices(programmes)  # type: ignore[attr-defined]
        for name, field in self.fields.items():
            if name != "programme":
                field.required = False
            value = (current or {}).get(name)
            if value is not None:
                # The filed figure shows in grey: an empty field keeps it.
                field.widget.attrs["placeholder"] = str(value)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        changed = [
            name
            for name in (*WHAT_IF_FIGURES, "class_i_count", "class_ii_count")
            if data.get(name) is not None
        ]
        if not changed and not data.get("additional_rd_staff"):
            raise forms.ValidationError(
                _("Change at least one figure: write it in the field (the filed figure is shown in grey).")
            )
        if data.get("additional_rd_staff") and data.get("tech_staff_avg") is not None:
            self.add_error(
                "additional_rd_staff",
                _("Write either the tech staff or the R&D staff you would hire, not both."),
            )
        return data

    def changed_figures(self) -> list[tuple[str, Any]]:
        """What the reader asked, in words, for the result (label, value)."""
        return [
            (str(self.fields[name].label), self.cleaned_data[name])
            for name in (*WHAT_IF_FIGURES, "additional_rd_staff", "class_i_count", "class_ii_count")
            if self.cleaned_data.get(name) not in (None, Decimal(0))
            or (name != "additional_rd_staff" and self.cleaned_data.get(name) is not None)
        ]
