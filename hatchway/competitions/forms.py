"""Forms of the competition and judging pages; they validate, and views hand the cleaned data to actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse, reverse_lazy
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from hatchway.competitions.models import Competition, Criterion, Entry, Round, Site, Track
from hatchway.directory.models import Organisation, OrganisationKind
from hatchway.events.models import Event, EventKind


class ScoreForm(forms.Form):
    """One field per criterion of the rubric, each limited to the criterion's range."""

    def __init__(
        self, *args: Any, criteria: list[Criterion], initial_marks: dict[int, int], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"c{criterion.pk}"] = forms.IntegerField(
                label=_("%(name)s (weight %(weight)s, %(low)s–%(high)s)")
                % {
                    "name": criterion.name,
                    "weight": criterion.weight,
                    "low": criterion.low,
                    "high": criterion.high,
                },
                min_value=criterion.low,
                max_value=criterion.high,
                initial=initial_marks.get(criterion.pk),
            )

    def marks(self) -> dict[int, int]:
        return {criterion.pk: self.cleaned_data[f"c{criterion.pk}"] for criterion in self.criteria}


# Competitions: the organiser's set-up forms ----------------------------------------------------------


class CompetitionForm(forms.ModelForm[Competition]):
    """An edition as its organiser writes it; the organiser is chosen once, when it is created."""

    class Meta:
        model = Competition
        fields = [
            "organiser",
            "event",
            "name_zh",
            "name_en",
            "edition",
            "description_zh",
            "description_en",
            "published",
        ]
        help_texts = {
            "event": _("The event of kind competition where the edition is held, if any."),
            "published": _("Published competitions are listed for everyone; enterprises can then enter."),
        }

    def __init__(self, *args: Any, organisers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["organiser"]
            organiser_ids: Any = [self.instance.organiser_id]
        else:
            organiser_field = self.fields["organiser"]
            assert isinstance(organiser_field, forms.ModelChoiceField)
            organiser_field.queryset = organisers if organisers is not None else Organisation.objects.none()
            organiser_ids = organiser_field.queryset.values("pk")
        event_field = self.fields["event"]
        assert isinstance(event_field, forms.ModelChoiceField)
        event_field.queryset = Event.objects.filter(
            kind=EventKind.COMPETITION, organiser_id__in=organiser_ids
        ).order_by("-starts_at")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("name_zh") and not data.get("name_en"):
            self.add_error("name_en", _("Give the competition a name in Chinese, in English, or both."))
        return data


class _NamedForm(forms.ModelForm[Any]):
    name_message: Any = _("Write the name in Chinese, in English, or both.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("name_zh") or "").strip() and not (data.get("name_en") or "").strip():
            self.add_error("name_en", self.name_message)
        return data


class TrackForm(_NamedForm):
    name_message = _("Give the track a name in Chinese, in English, or both.")

    class Meta:
        model = Track
        fields = ["name_zh", "name_en"]


class RoundForm(_NamedForm):
    name_message = _("Give the round a name in Chinese, in English, or both.")

    class Meta:
        model = Round
        fields = ["number", "name_zh", "name_en"]


# Organisations of the directory are typed, not picked from a list of them all: a text box suggests
# them as one types (htmx fills its datalist from a suggestions view), and the field finds the one meant.


def _named(kind: str, name: str) -> Any:
    return Organisation.objects.filter(kind=kind).filter(Q(name_en__iexact=name) | Q(name_zh=name))


def organisation_key(organisation: Organisation) -> str:
    """What to type to find this organisation again: its name; where names repeat, with what tells it apart.

    That is the unified social credit code of an enterprise that has one, else the city when it is enough,
    else the organisation's number: "Lingang Park · Boston", "Helix Bio · #42".
    """
    name = organisation.name_en or organisation.name_zh
    twins = _named(organisation.kind, name)
    if twins.count() < 2:
        return name
    if organisation.kind == OrganisationKind.ENTERPRISE and organisation.credit_code:
        return organisation.credit_code
    city = organisation.city_en or organisation.city_zh
    if city and twins.filter(Q(city_en__iexact=city) | Q(city_zh=city)).count() == 1:
        return f"{name} · {city}"
    return f"{name} · #{organisation.pk}"


def typed_organisations(organisations: Any, typed: str) -> Any:
    """Organisations whose Chinese or English name, or credit code, contains what is typed (2 characters on)."""
    typed = (typed or "").strip()[:100]
    if len(typed) < 2:
        return organisations.none()
    return organisations.filter(
        Q(name_en__icontains=typed) | Q(name_zh__icontains=typed) | Q(credit_code__icontains=typed)
    )


class OrganisationSearchInput(forms.TextInput):
    """A text box that suggests organisations as one types: htmx fills its datalist from ``suggestions``."""

    template_name = "competitions/widgets/organisation_search.html"

    def __init__(self, suggestions: str | Promise, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.suggestions = suggestions

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        options = f"{context['widget']['attrs'].get('id', name)}-options"
        context["widget"]["attrs"].update(
            {
                "list": options,
                "autocomplete": "off",
                "hx-get": str(self.suggestions),
                "hx-trigger": "input changed delay:300ms, focus once",
                "hx-target": f"#{options}",
                "hx-swap": "innerHTML",
            }
        )
        return context


class OrganisationField(forms.CharField):
    """An organisation of one kind, typed by its name (Chinese or English) or credit code, as suggested.

    Only the organisations in ``reachable`` can be chosen (all of the kind unless given); the name of
    another one is refused as such.
    """

    kind: str = ""
    unknown_message: StrOrPromise = ""
    ambiguous_message: StrOrPromise = ""
    unreachable_message: StrOrPromise = ""

    def __init__(self, *, suggestions: str | Promise, reachable: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 200)
        super().__init__(widget=OrganisationSearchInput(suggestions), **kwargs)
        self.reachable = reachable if reachable is not None else Organisation.objects.filter(kind=self.kind)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int):
            value = Organisation.objects.filter(pk=value).first() or ""
        if isinstance(value, Organisation):
            return organisation_key(value)
        return value

    def clean(self, value: Any) -> Any:
        text = (super().clean(value) or "").strip()
        name, _dot, detail = (part.strip() for part in text.partition(" · "))
        named = _named(self.kind, name)
        if not detail:
            named = Organisation.objects.filter(kind=self.kind).filter(
                Q(pk__in=named.values("pk")) | Q(credit_code__iexact=text)
            )
        elif detail.startswith("#") and detail[1:].isdigit():
            named = named.filter(pk=int(detail[1:]))
        else:
            named = named.filter(Q(city_en__iexact=detail) | Q(city_zh=detail))
        found = list(named.filter(pk__in=self.reachable.values("pk"))[:2])
        if not found:
            message, code = (
                (self.unreachable_message, "unreachable")
                if named.exists()
                else (self.unknown_message, "unknown")
            )
            raise ValidationError(message, params={"text": text}, code=code)
        if len(found) > 1:
            raise ValidationError(self.ambiguous_message, params={"text": text}, code="ambiguous")
        return found[0]


class CarrierField(OrganisationField):
    """An innovation carrier of the directory."""

    kind = OrganisationKind.CARRIER
    unknown_message = _(
        "No innovation carrier in the directory is called “%(text)s”. Type a few letters of its "
        "name and choose it from the suggestions."
    )
    ambiguous_message = _(
        "Several carriers are called “%(text)s”. Choose one from the suggestions: they add the "
        "city or the carrier's number."
    )
    unreachable_message = unknown_message

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(suggestions=reverse_lazy("competitions:carrier_suggestions"), **kwargs)


class EnterpriseField(OrganisationField):
    """An enterprise of the directory, among those the person may choose here."""

    kind = OrganisationKind.ENTERPRISE
    unknown_message = _(
        "No enterprise in the directory is called “%(text)s”. Type a few letters of its name or of its "
        "unified social credit code and choose it from the suggestions."
    )
    ambiguous_message = _(
        "Several enterprises are called “%(text)s”. Choose one from the suggestions: they give the "
        "credit code or the enterprise's number."
    )
    unreachable_message = _(
        "“%(text)s” is not among the enterprises you may enter here: the organiser enters any "
        "enterprise, an enterprise's members only their own."
    )


class SiteForm(_NamedForm):
    """A site of a round; the round is chosen when the site is added and never changes."""

    name_message = _("Give the site a name in Chinese, in English, or both.")
    round = forms.ModelChoiceField(queryset=Round.objects.none(), label=_("round"))

    class Meta:
        model = Site
        fields = ["round", "host", "name_zh", "name_en"]

    def __init__(self, *args: Any, competition: Competition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["round"]
        else:
            round_field = self.fields["round"]
            assert isinstance(round_field, forms.ModelChoiceField)
            round_field.queryset = Round.objects.filter(competition=competition)
        self.fields["host"] = CarrierField(
            label=_("host carrier"),
            help_text=_("Type a few letters of the carrier's name and choose it from the suggestions."),
        )
        if self.instance.pk:
            self.initial["host"] = organisation_key(self.instance.host)


class CriterionForm(_NamedForm):
    name_message = _("Name the criterion in Chinese, in English, or both.")

    class Meta:
        model = Criterion
        fields = ["name_zh", "name_en", "weight", "low", "high"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        low, high = data.get("low"), data.get("high")
        if low is not None and high is not None and high <= low:
            self.add_error("high", _("The highest score must be above the lowest (%(low)s).") % {"low": low})
        return data


class SiteChoiceField(forms.ModelChoiceField[Site]):
    def label_from_instance(self, obj: Site) -> str:
        return f"{obj.round.name} · {obj.name}"


class EntryForm(forms.ModelForm[Entry]):
    """A project entered by the organiser (any enterprise) or by an enterprise's member (their own)."""

    class Meta:
        model = Entry
        fields = ["enterprise", "track", "site", "title_zh", "title_en", "summary_zh", "summary_en", "anchor"]

    def __init__(
        self,
        *args: Any,
        competition: Competition,
        own: Any = None,
        sites: Any = None,
        enterprises: Any = None,
        **kwargs: Any,
    ) -> None:
        """``own``: an enterprise member's enterprises, offered as a list; otherwise the enterprise is typed
        and found among ``enterprises`` (those the person may enter: see ``access.enterprises_to_enter``)."""
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["enterprise"]
        elif own is None:
            self.fields["enterprise"] = EnterpriseField(
                label=_("enterprise"),
                suggestions=reverse("competitions:enterprise_suggestions", args=[competition.pk]),
                reachable=enterprises,
                help_text=_(
                    "Type a few letters of its name (Chinese or English) or of its unified social credit "
                    "code, and choose it from the suggestions."
                ),
            )
        else:
            enterprise_field = self.fields["enterprise"]
            assert isinstance(enterprise_field, forms.ModelChoiceField)
            enterprise_field.queryset = own
            # Not offered to an enterprise: only the organiser marks an anchor (do_submit_entry refuses it).
            self.fields["anchor"].widget = forms.HiddenInput()
        track_field = self.fields["track"]
        assert isinstance(track_field, forms.ModelChoiceField)
        track_field.queryset = Track.objects.filter(competition=competition)
        self.fields["site"] = SiteChoiceField(
            queryset=(
                sites if sites is not None else Site.objects.filter(round__competition=competition)
            ).select_related("round"),
            label=_("site"),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("title_zh") or "").strip() and not (data.get("title_en") or "").strip():
            self.add_error("title_en", _("Give the project a title in Chinese, in English, or both."))
        return data


class SeatForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput)
    grant_role = forms.BooleanField(required=False, label=_("Also give them the judge role"))
