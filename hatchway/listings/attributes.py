"""Kind-specific attributes of a listing: one small schema per kind, used to validate, build forms and
describe the API (as JSON Schema).

A schema is data, so the form, the API documentation and the validator never disagree.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

AttributeType = Literal["text", "integer", "boolean", "choice", "choices", "date"]


@dataclass(frozen=True)
class Attribute:
    name: str
    label: str | Promise
    type: AttributeType
    choices: tuple[tuple[str, str | Promise], ...] = ()
    required: bool = False
    minimum: int | None = None
    maximum: int | None = None
    max_length: int = 200
    help_text: str | Promise = ""

    @property
    def values(self) -> list[str]:
        return [value for value, _label in self.choices]

    def label_of(self, value: str) -> str:
        return next((str(label) for key, label in self.choices if key == value), value)


SERVICES: tuple[tuple[str, str | Promise], ...] = (
    ("office_space", _("Office or lab space")),
    ("company_registration", _("Company registration")),
    ("visas_residence", _("Visas and residence")),
    ("banking_payment", _("Banking and payment")),
    ("legal", _("Legal advice")),
    ("ip", _("Intellectual property")),
    ("recruitment", _("Recruitment")),
    ("investor_introductions", _("Introductions to investors")),
)
TRANSFER_MODES: tuple[tuple[str, str | Promise], ...] = (
    ("licence", _("Licence")),
    ("assignment", _("Assignment")),
    ("joint_development", _("Joint development")),
    ("equity", _("Technology for equity")),
)
FUND_TYPES: tuple[tuple[str, str | Promise], ...] = (
    ("rmb_fund", _("RMB fund")),
    ("usd_fund", _("USD fund")),
    ("qflp", _("QFLP")),
    ("sovereign", _("Sovereign fund")),
    ("pension", _("Pension fund")),
    ("endowment", _("Endowment")),
    ("corporate_vc", _("Corporate VC")),
    ("angel", _("Angel")),
)
ROUNDS: tuple[tuple[str, str | Promise], ...] = (
    ("pre_seed", _("Pre-seed")),
    ("seed", _("Seed")),
    ("angel", _("Angel round")),
    ("series_a", _("Series A")),
    ("series_b", _("Series B")),
    ("series_c_plus", _("Series C or later")),
    ("strategic", _("Strategic")),
)

ATTRIBUTES: dict[str, tuple[Attribute, ...]] = {
    "funding_ask": (
        Attribute("round", _("Round"), "choice", ROUNDS),
        Attribute("equity_percent", _("Equity offered (%)"), "integer", minimum=0, maximum=100),
        Attribute("use_of_funds", _("Use of funds"), "text"),
    ),
    "investment_thesis": (
        Attribute("fund_type", _("Fund type"), "choice", FUND_TYPES),
        Attribute("rounds", _("Rounds invested in"), "choices", ROUNDS),
        Attribute("leads_rounds", _("Leads rounds"), "boolean"),
    ),
    "technology_offer": (
        Attribute(
            "trl",
            _("Technology readiness level"),
            "integer",
            minimum=1,
            maximum=9,
            help_text=_("1 (basic principles) to 9 (proven in operation)."),
        ),
        Attribute(
            "ip_status",
            _("Intellectual property"),
            "choice",
            (
                ("granted_patent", _("Granted patent")),
                ("patent_pending", _("Patent pending")),
                ("software_copyright", _("Software copyright")),
                ("know_how", _("Know-how")),
            ),
        ),
        Attribute("transfer_modes", _("Ways to transfer"), "choices", TRANSFER_MODES),
    ),
    "technology_need": (
        Attribute("deadline", _("Answer by"), "date", help_text=_("A date such as 2026-12-31.")),
        Attribute("minimum_trl", _("Lowest readiness level accepted"), "integer", minimum=1, maximum=9),
        Attribute("transfer_modes", _("Acceptable ways to transfer"), "choices", TRANSFER_MODES),
    ),
    "position": (
        Attribute(
            "seniority",
            _("Seniority"),
            "choice",
            (
                ("intern", _("Intern")),
                ("junior", _("Junior")),
                ("mid", _("Mid-level")),
                ("senior", _("Senior")),
                ("lead", _("Lead")),
                ("executive", _("Executive")),
            ),
            required=True,
        ),
        Attribute(
            "remote",
            _("Where the work is done"),
            "choice",
            (("onsite", _("On site")), ("hybrid", _("Hybrid")), ("remote", _("Remote"))),
        ),
        Attribute("city", _("City"), "text", max_length=100),
    ),
    "talent_profile": (
        Attribute(
            "degree",
            _("Highest degree"),
            "choice",
            (
                ("bachelor", _("Bachelor")),
                ("master", _("Master")),
                ("phd", _("Doctorate")),
                ("other", _("Other")),
            ),
        ),
        Attribute("field", _("Field"), "text", max_length=100),
        Attribute("years_experience", _("Years of experience"), "integer", minimum=0, maximum=60),
        Attribute("open_to_relocation", _("Open to relocating"), "boolean"),
    ),
    "landing_ask": (
        Attribute("headcount", _("People to place in Shanghai"), "integer", minimum=0, maximum=100000),
        Attribute("space_m2", _("Space needed (m²)"), "integer", minimum=0, maximum=1000000),
        Attribute("services", _("Services needed"), "choices", SERVICES),
    ),
    "landing_offer": (
        Attribute("space_m2", _("Space offered (m²)"), "integer", minimum=0, maximum=1000000),
        Attribute("services", _("Services offered"), "choices", SERVICES),
        Attribute("rent_free_months", _("Rent-free months"), "integer", minimum=0, maximum=36),
        Attribute("district", _("District"), "text", max_length=100),
    ),
}


def attributes_of(kind: str) -> tuple[Attribute, ...]:
    return ATTRIBUTES.get(kind, ())


def _clean_value(attribute: Attribute, value: Any) -> Any:
    """Return the stored form of one value, or raise ValidationError saying what to write."""
    if attribute.type == "text":
        if not isinstance(value, str):
            raise ValidationError(gettext("Write text."))
        value = value.strip()
        if len(value) > attribute.max_length:
            raise ValidationError(
                gettext("Write at most %(limit)d characters.") % {"limit": attribute.max_length}
            )
        return value
    if attribute.type == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(gettext("Write a whole number."))
        if attribute.minimum is not None and value < attribute.minimum:
            raise ValidationError(gettext("Write %(limit)d or more.") % {"limit": attribute.minimum})
        if attribute.maximum is not None and value > attribute.maximum:
            raise ValidationError(gettext("Write %(limit)d or less.") % {"limit": attribute.maximum})
        return value
    if attribute.type == "boolean":
        if not isinstance(value, bool):
            raise ValidationError(gettext("Write true or false."))
        return value
    if attribute.type == "date":
        try:
            return datetime.date.fromisoformat(str(value)).isoformat()
        except ValueError:
            raise ValidationError(gettext("Write a date as YYYY-MM-DD, such as 2026-12-31.")) from None
    allowed = ", ".join(attribute.values)
    if attribute.type == "choice":
        if value not in attribute.values:
            raise ValidationError(
                gettext("“%(value)s” is not allowed. Use one of: %(allowed)s.")
                % {"value": value, "allowed": allowed}
            )
        return value
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError(gettext("Write a list of values from: %(allowed)s.") % {"allowed": allowed})
    unknown = [item for item in value if item not in attribute.values]
    if unknown:
        raise ValidationError(
            gettext("“%(value)s” is not allowed. Use one of: %(allowed)s.")
            % {"value": unknown[0], "allowed": allowed}
        )
    return [item for item in attribute.values if item in value]


def clean_attributes(kind: str, data: Any) -> dict[str, Any]:
    """Validate a kind's attributes; errors are keyed ``attributes.<name>``.

    Empty values (None, "", []) are dropped, unknown names refused.
    """
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ValidationError({"attributes": [gettext("Write an object of named values.")]})
    schema = {attribute.name: attribute for attribute in attributes_of(kind)}
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}
    for name, value in data.items():
        attribute = schema.get(name)
        if attribute is None:
            errors[f"attributes.{name}"] = [
                gettext("This kind of listing has no attribute “%(name)s”. Use: %(names)s.")
                % {"name": name, "names": ", ".join(schema) or "—"}
            ]
            continue
        if value is None or value == "" or value == []:
            continue
        try:
            cleaned[name] = _clean_value(attribute, value)
        except ValidationError as error:
            errors[f"attributes.{name}"] = list(error.messages)
    for attribute in schema.values():
        if (
            attribute.required
            and attribute.name not in cleaned
            and f"attributes.{attribute.name}" not in errors
        ):
            errors[f"attributes.{attribute.name}"] = [
                gettext("“%(label)s” is required for this kind of listing.") % {"label": attribute.label}
            ]
    if errors:
        raise ValidationError(errors)
    return cleaned


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of a kind's attributes, for API clients."""
    properties: dict[str, Any] = {}
    for attribute in attributes_of(kind):
        prop: dict[str, Any] = {"title": str(attribute.label)}
        if attribute.help_text:
            prop["description"] = str(attribute.help_text)
        if attribute.type == "text":
            prop.update(type="string", maxLength=attribute.max_length)
        elif attribute.type == "integer":
            prop["type"] = "integer"
            if attribute.minimum is not None:
                prop["minimum"] = attribute.minimum
            if attribute.maximum is not None:
                prop["maximum"] = attribute.maximum
        elif attribute.type == "boolean":
            prop["type"] = "boolean"
        elif attribute.type == "date":
            prop.update(type="string", format="date")
        elif attribute.type == "choice":
            prop.update(type="string", enum=attribute.values)
        else:
            prop.update(type="array", items={"type": "string", "enum": attribute.values}, uniqueItems=True)
        properties[attribute.name] = prop
    return {
        "type": "object",
        "properties": properties,
        "required": [attribute.name for attribute in attributes_of(kind) if attribute.required],
        "additionalProperties": False,
    }


def describe(kind: str, data: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, shown value) pairs in the viewer's language, for pages."""
    shown: list[tuple[str, str]] = []
    for attribute in attributes_of(kind):
        if attribute.name not in data:
            continue
        value = data[attribute.name]
        if attribute.type == "choice":
            text = attribute.label_of(value)
        elif attribute.type == "choices":
            text = ", ".join(attribute.label_of(item) for item in value)
        elif attribute.type == "boolean":
            text = str(_("yes") if value else _("no"))
        else:
            text = str(value)
        shown.append((str(attribute.label), text))
    return shown
