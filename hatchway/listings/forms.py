"""The listing form: zh and en side by side, the kind's own attributes, amounts in major units."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from babel import Locale
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hatchway.directory.models import Organisation, Sector, Stage
from hatchway.directory.taxonomy import country_choices, currency_choices, minor_units
from hatchway.listings.attributes import Attribute, attributes_of
from hatchway.listings.models import Listing, Visibility, _language_codes

BILINGUAL_FIELDS = ("title_zh", "title_en", "description_zh", "description_en")
ATTRIBUTE_PREFIX = "attr_"


def language_choices() -> list[tuple[str, str]]:
    locale = Locale.parse("zh_Hans" if (get_language() or "").startswith("zh") else "en")
    return sorted(
        ((code, f"{locale.languages.get(code) or code} ({code})") for code in _language_codes()),
        key=lambda pair: pair[1],
    )


def _attribute_field(attribute: Attribute) -> forms.Field:
    common: dict[str, Any] = {"label": attribute.label, "required": False, "help_text": attribute.help_text}
    if attribute.type == "integer":
        return forms.IntegerField(min_value=attribute.minimum, max_value=attribute.maximum, **common)
    if attribute.type == "boolean":
        return forms.TypedChoiceField(
            choices=[("", "—"), ("true", _("yes")), ("false", _("no"))],
            coerce=lambda value: value == "true",
            empty_value=None,
            **common,
        )
    if attribute.type == "choice":
        return forms.ChoiceField(choices=[("", "—"), *attribute.choices], **common)
    if attribute.type == "choices":
        return forms.MultipleChoiceField(
            choices=attribute.choices, widget=forms.CheckboxSelectMultiple, **common
        )
    if attribute.type == "date":
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    return forms.CharField(max_length=attribute.max_length, **common)


class ListingForm(forms.Form):
    owner_organisation = forms.TypedChoiceField(label=_("Owner"), coerce=int, required=True)
    title_zh = forms.CharField(label=_("Title (Chinese)"), max_length=200, required=False)
    description_zh = forms.CharField(
        label=_("Description (Chinese)"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    description_en = forms.CharField(
        label=_("Description (English)"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    sectors = forms.MultipleChoiceField(label=_("Sectors"), required=False)
    stages = forms.MultipleChoiceField(label=_("Stages"), required=False)
    countries = forms.MultipleChoiceField(
        label=_("Countries"), required=False, help_text=_("Hold Ctrl (or ⌘) to choose several.")
    )
    languages = forms.MultipleChoiceField(label=_("Languages"), required=False)
    amount_min = forms.DecimalField(
        label=_("Amount from"),
        required=False,
        min_value=0,
        help_text=_("In yuan, dollars, euros… not in cents."),
    )
    amount_max = forms.DecimalField(label=_("Amount up to"), required=False, min_value=0)
    currency = forms.ChoiceField(label=_("Currency"), required=False)
    visibility = forms.ChoiceField(label=_("Who sees it"), choices=Visibility.choices)
    expires_on = forms.DateField(
        label=_("Open until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for 90 days after publishing, or to keep the date already set."),
    )

    def __init__(self, *args: Any, kind: str, owners: list[Organisation] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        choices: dict[str, list[tuple[Any, str]]] = {
            "sectors": [(sector.code, sector.display_name) for sector in Sector.objects.all()],
            "stages": [(stage.code, stage.display_name) for stage in Stage.objects.all()],
            "countries": country_choices(),
            "languages": language_choices(),
            "currency": [("", "—"), *currency_choices()],
        }
        if owners is None:
            del self.fields["owner_organisation"]
        else:
            choices["owner_organisation"] = [(owner.pk, owner.display_name) for owner in owners]
        for name, options in choices.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = options
        for attribute in attributes_of(kind):
            self.fields[ATTRIBUTE_PREFIX + attribute.name] = _attribute_field(attribute)
        for name in ("title_zh", "description_zh"):
            self.fields[name].widget.attrs["lang"] = "zh-Hans"
        for name in ("title_en", "description_en"):
            self.fields[name].widget.attrs["lang"] = "en"

    @classmethod
    def initial_from(cls, listing: Listing) -> dict[str, Any]:
        initial: dict[str, Any] = {name: getattr(listing, name) for name in BILINGUAL_FIELDS}
        digits = minor_units(listing.currency) if listing.currency else 2
        for name in ("amount_min", "amount_max"):
            value = getattr(listing, name)
            initial[name] = Decimal(value).scaleb(-digits) if value is not None else None
        initial.update(
            owner_organisation=listing.owner_organisation_id,
            sectors=[sector.code for sector in listing.sectors.all()],
            stages=[stage.code for stage in listing.stages.all()],
            countries=listing.country_codes,
            languages=listing.languages,
            currency=listing.currency,
            visibility=listing.visibility,
            expires_on=timezone.localtime(listing.expires_at).date() if listing.expires_at else None,
        )
        for name, value in listing.attributes.items():
            initial[ATTRIBUTE_PREFIX + name] = (
                ("true" if value else "false") if isinstance(value, bool) else value
            )
        return initial

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if not (cleaned.get("title_zh", "").strip() or cleaned.get("title_en", "").strip()):
            message = _("Write a title in Chinese, in English, or both.")
            self.add_error("title_zh", message)
            self.add_error("title_en", message)
        return cleaned

    @property
    def bilingual(self) -> list[list[forms.BoundField]]:
        return [[self["title_zh"], self["description_zh"]], [self["title_en"], self["description_en"]]]

    @property
    def other_fields(self) -> list[forms.BoundField]:
        return [field for field in self if field.name not in BILINGUAL_FIELDS]

    def _minor(self, value: Decimal | None, currency: str) -> int | None:
        if value is None:
            return None
        digits = minor_units(currency) if currency else 2
        try:
            return int(value.scaleb(digits).to_integral_value())
        except InvalidOperation:
            return None

    def action_fields(self) -> dict[str, Any]:
        """The cleaned data as the actions take it: codes, minor units, aware datetimes."""
        data = self.cleaned_data
        currency = data.get("currency") or ""
        fields: dict[str, Any] = {name: data.get(name, "") for name in BILINGUAL_FIELDS}
        expires_on: datetime.date | None = data.get("expires_on")
        fields.update(
            sectors=data.get("sectors", []),
            stages=data.get("stages", []),
            countries=data.get("countries", []),
            languages=data.get("languages", []),
            currency=currency,
            visibility=data["visibility"],
            amount_min=self._minor(data.get("amount_min"), currency),
            amount_max=self._minor(data.get("amount_max"), currency),
        )
        if expires_on:
            fields["expires_at"] = timezone.make_aware(
                datetime.datetime.combine(expires_on, datetime.time(23, 59))
            )
        attributes: dict[str, Any] = {}
        for attribute in attributes_of(self.kind):
            value = data.get(ATTRIBUTE_PREFIX + attribute.name)
            if value in (None, "", []):
                continue
            attributes[attribute.name] = value.isoformat() if isinstance(value, datetime.date) else value
        fields["attributes"] = attributes
        return fields

    def add_action_errors(self, error: ValidationError) -> None:
        """Put the errors an action raised next to the fields they concern."""
        errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
        for key, messages in errors.items():
            field = key.replace("attributes.", ATTRIBUTE_PREFIX)
            if key == "owner_organisation_id":
                field = "owner_organisation"
            target = field if field in self.fields else None
            for message in messages:
                self.add_error(target, message)
