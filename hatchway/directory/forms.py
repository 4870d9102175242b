"""Forms of the directory pages; they validate, and the views hand the cleaned data to actions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hatchway.accounts.models import User
from hatchway.directory.models import (
    KIND_FIELDS,
    KIND_SUBTYPES,
    MONEY_FIELDS,
    ContactPerson,
    DataReport,
    Membership,
    Organisation,
    OrganisationKind,
    Sector,
    Subtype,
    TalentProfile,
)
from hatchway.directory.taxonomy import country_choices, currency_choices

# Fields shown as Chinese | English columns side by side.
BILINGUAL_PAIRS = (
    ("name_zh", "name_en"),
    ("description_zh", "description_en"),
    ("city_zh", "city_en"),
    ("host_name_zh", "host_name_en"),
    ("headline_zh", "headline_en"),
    ("title_zh", "title_en"),
)
_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BilingualFormMixin:
    """Lets a template lay out zh/en pairs side by side and the other fields below them."""

    def pairs(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        fields = self.fields  # type: ignore[attr-defined]
        return [(self[zh], self[en]) for zh, en in BILINGUAL_PAIRS if zh in fields and en in fields]  # type: ignore[index]

    def singles(self) -> list[forms.BoundField]:
        paired = {name for pair in BILINGUAL_PAIRS for name in pair}
        return [self[name] for name in self.fields if name not in paired]  # type: ignore[attr-defined,index]


class OrganisationForm(BilingualFormMixin, forms.ModelForm[Organisation]):
    """The profile of one organisation; the fields shown depend on its kind."""

    website = forms.URLField(label=_("website"), required=False, assume_scheme="https", max_length=200)

    COMMON = (
        "name_zh",
        "name_en",
        "description_zh",
        "description_en",
        "country",
        "city_zh",
        "city_en",
        "website",
        "logo",
    )

    class Meta:
        model = Organisation
        fields = [
            "name_zh",
            "name_en",
            "description_zh",
            "description_en",
            "country",
            "city_zh",
            "city_en",
            "website",
            "logo",
            "subtype",
            "goi_batch",
            "host_name_zh",
            "host_name_en",
            "parent_carrier",
            "opened_on",
            "closed_on",
            "registration_date",
            "credit_code",
            "incubating_carrier",
            "stage",
            "sectors",
            "fund_type",
            "currency",
        ]
        widgets = {
            "opened_on": _DATE,
            "closed_on": _DATE,
            "registration_date": _DATE,
            "description_zh": forms.Textarea(attrs={"rows": 5, "lang": "zh-Hans"}),
            "description_en": forms.Textarea(attrs={"rows": 5, "lang": "en"}),
            "sectors": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, kind: str, editor: User, operator: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.kind = kind
        keep = set(self.COMMON) | set(KIND_FIELDS.get(kind, ()))
        if kind in (OrganisationKind.ENTERPRISE, OrganisationKind.INVESTOR):
            keep.add("sectors")
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        self.fields["country"] = forms.ChoiceField(label=_("country"), choices=country_choices, initial="CN")
        if "subtype" in self.fields:
            allowed = KIND_SUBTYPES[kind]
            self.fields["subtype"].choices = [("", "—")] + [  # type: ignore[attr-defined]
                (value, label) for value, label in Subtype.choices if value in allowed
            ]
        if "currency" in self.fields:
            self.fields["currency"] = forms.ChoiceField(
                label=_("currency"), choices=[("", "—"), *currency_choices()], required=False
            )
        carriers = Organisation.objects.of_kind(OrganisationKind.CARRIER).only("id", "name_zh", "name_en")
        if "parent_carrier" in self.fields:
            self.fields["parent_carrier"].queryset = carriers  # type: ignore[attr-defined]
        if "incubating_carrier" in self.fields:
            if not operator:
                carriers = carriers.filter(pk__in=Membership.objects.carrier_ids_of(editor))
            self.fields["incubating_carrier"].queryset = carriers  # type: ignore[attr-defined]
        if "sectors" in self.fields:
            self.fields["sectors"].queryset = Sector.objects.all()  # type: ignore[attr-defined]
        for zh, en in BILINGUAL_PAIRS:
            if zh in self.fields:
                self.fields[zh].widget.attrs.setdefault("lang", "zh-Hans")
                self.fields[en].widget.attrs.setdefault("lang", "en")

    def clean_credit_code(self) -> str | None:
        value = (self.cleaned_data.get("credit_code") or "").strip().upper()
        return value or None

    def action_fields(self) -> dict[str, Any]:
        """The cleaned data as keyword arguments of do_create/do_update_organisation."""
        fields = dict(self.cleaned_data)
        if fields.get("logo") is False:
            fields["logo"] = ""
        elif fields.get("logo") is None:
            fields.pop("logo", None)
        return fields


class ContactForm(BilingualFormMixin, forms.ModelForm[ContactPerson]):
    class Meta:
        model = ContactPerson
        fields = ["name", "title_zh", "title_en", "email", "phone", "visibility"]


def _money(label: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, max_digits=17, decimal_places=2, help_text=_("In yuan, such as 1250000.00.")
    )


class DataReportForm(forms.Form):
    """Figures as people write them (yuan with up to two decimals); stored as integer fen."""

    fiscal_year = forms.IntegerField(label=_("fiscal year"), min_value=1990, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("period"),
        choices=[("", _("Whole year")), ("1", "Q1"), ("2", "Q2"), ("3", "Q3"), ("4", "Q4")],
        coerce=int,
        empty_value=None,
        required=False,
    )
    sales_revenue_fen = _money(_("sales revenue"))
    rd_expense_fen = _money(_("R&D expense"))
    rd_expense_domestic_fen = _money(_("R&D expense incurred in China"))
    income_total_fen = _money(_("total income"))
    non_taxable_income_fen = _money(_("non-taxable income"))
    high_tech_income_fen = _money(_("high-tech product and service income"))
    net_assets_fen = _money(_("net assets at year end"))
    total_assets_fen = _money(_("total assets at year end"))
    total_cost_expense_fen = _money(_("total cost and expense"))
    employees_avg = forms.DecimalField(
        label=_("employees (monthly average)"), min_value=0, max_digits=9, decimal_places=2
    )
    tech_staff_avg = forms.DecimalField(
        label=_("technical staff (monthly average)"), min_value=0, max_digits=9, decimal_places=2
    )
    ip_class_i_count = forms.IntegerField(label=_("class I intellectual property"), min_value=0, initial=0)
    ip_class_ii_count = forms.IntegerField(label=_("class II intellectual property"), min_value=0, initial=0)
    overseas_staff_count = forms.IntegerField(label=_("staff working overseas"), min_value=0, initial=0)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in MONEY_FIELDS:
            if name != "net_assets_fen":
                self.fields[name].min_value = Decimal(0)  # type: ignore[attr-defined]
                self.fields[name].validators.append(_not_negative)

    @staticmethod
    def initial_from(report: DataReport) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(report, name) for name in DataReportForm.base_fields if hasattr(report, name)
        }
        for name in MONEY_FIELDS:
            initial[name] = Decimal(getattr(report, name)).scaleb(-2)
        return initial

    def figures(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for name in MONEY_FIELDS:
            data[name] = int((data[name] * 100).to_integral_value())
        return data


def _not_negative(value: Decimal) -> None:
    if value < 0:
        raise forms.ValidationError(_("Write zero or a positive amount."))


class ListField(forms.CharField):
    """A comma-separated list of short words, stored as a JSON list."""

    def prepare_value(self, value: Any) -> Any:
        return ", ".join(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [item.strip() for item in text.replace("，", ",").split(",") if item.strip()]


class TalentProfileForm(BilingualFormMixin, forms.ModelForm[TalentProfile]):
    skills = ListField(label=_("skills"), required=False, help_text=_("Separated by commas."))
    languages = ListField(
        label=_("languages"),
        required=False,
        help_text=_("Two-letter codes separated by commas, such as zh, en, de."),
    )

    class Meta:
        model = TalentProfile
        fields = [
            "headline_zh",
            "headline_en",
            "nationality",
            "current_country",
            "field",
            "sectors",
            "degree",
            "skills",
            "languages",
        ]
        widgets = {"sectors": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nationality"] = forms.ChoiceField(label=_("nationality"), choices=country_choices)
        self.fields["current_country"] = forms.ChoiceField(
            label=_("current country"), choices=country_choices
        )

    def clean_languages(self) -> list[str]:
        return [code.lower() for code in self.cleaned_data["languages"]]
