"""Forms for signing up, signing in, preferences and API tokens."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from hatchway.accounts.actions import check_sign_in_allowed
from hatchway.accounts.backends import client_ip
from hatchway.accounts.models import User, available_time_zones, language_choices
from hatchway.errors import Throttled


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(available_time_zones())]


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )

    error_messages = {
        "invalid_login": _(
            "The e-mail address and password do not match. Check both (the password is case-sensitive) "
            "or reset your password."
        ),
        "inactive": _("This account is disabled. Contact a platform operator."),
    }

    def clean(self) -> dict[str, Any]:
        email = self.cleaned_data.get("username")
        if email:
            try:
                check_sign_in_allowed(email, client_ip(self.request))
            except Throttled as error:
                raise forms.ValidationError(str(error.message), code="throttled") from error
        return super().clean()


class SignUpForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters; not only digits; not a common password."),
    )
    language = forms.ChoiceField(label=_("Preferred language"), choices=language_choices)
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=time_zone_choices, initial="Asia/Shanghai")

    def __init__(self, *args: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_email(self) -> str:
        email = User.objects.normalize_email(self.cleaned_data["email"])
        if User.objects.filter(email=email).exists():
            raise forms.ValidationError(
                _("An account with this e-mail address exists already. Sign in, or reset its password."),
                code="taken",
            )
        return email

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password = cleaned.get("password")
        if password:
            candidate = User(email=cleaned.get("email", ""), full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(password, candidate)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class PreferencesForm(forms.ModelForm[User]):
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=time_zone_choices)

    class Meta:
        model = User
        fields = ["full_name", "language", "time_zone"]


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=80,
        help_text=_("What the token is for, so you can recognise it later, e.g. “CRM sync”."),
    )
