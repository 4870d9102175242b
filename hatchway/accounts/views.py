"""Pages: sign-up, sign-in, profile, API tokens."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hatchway.accounts.access import access_api_token
from hatchway.accounts.actions import (
    IssuedToken,
    do_create_api_token,
    do_revoke_api_token,
    do_sign_up,
    do_update_preferences,
)
from hatchway.accounts.forms import ApiTokenForm, PreferencesForm, SignInForm, SignUpForm
from hatchway.accounts.models import ApiToken, User


class SignInView(LoginView):
    form_class = SignInForm
    template_name = "accounts/sign_in.html"
    redirect_authenticated_user = True


@require_http_methods(["GET", "POST"])
def sign_up(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("web:workspace")
    initial = {"language": translation.get_language(), "time_zone": "Asia/Shanghai"}
    form = SignUpForm(request.POST or None, initial=initial, request=request)
    if request.method == "POST" and form.is_valid():
        user = do_sign_up(**form.cleaned_data)
        login(request, user, backend="hatchway.accounts.backends.ThrottledEmailBackend")
        messages.success(request, _("Welcome to Hatchway. Your account is ready."))
        return redirect("web:workspace")
    return render(request, "accounts/sign_up.html", {"form": form}, status=422 if form.errors else 200)


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _profile_context(user: User, **extra: object) -> dict[str, object]:
    return {
        "tokens": ApiToken.objects.owned_by(user),
        "token_form": extra.pop("token_form", ApiTokenForm()),
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = PreferencesForm(request.POST or None, instance=User.objects.get(pk=user.pk))
    if request.method == "POST" and form.is_valid():
        do_update_preferences(user, **form.cleaned_data)
        translation.activate(user.language)
        messages.success(request, _("Your preferences are saved."))
        response = redirect("accounts:profile")
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            user.language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=settings.LANGUAGE_COOKIE_SECURE,
        )
        return response
    status = 422 if form.errors else 200
    return render(request, "accounts/profile.html", _profile_context(user, form=form), status=status)


@login_required
@require_POST
def create_token(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = ApiTokenForm(request.POST)
    issued: IssuedToken | None = None
    if form.is_valid():
        issued = do_create_api_token(user, name=form.cleaned_data["name"])
        form = ApiTokenForm()
    context = _profile_context(user, token_form=form, issued=issued)
    status = 422 if form.errors else 200
    if not _is_htmx(request):
        # Without JavaScript the whole page comes back, with the new key shown once.
        context["form"] = PreferencesForm(instance=user)
        return render(request, "accounts/profile.html", context, status=status)
    return render(request, "accounts/_tokens.html", context, status=status)


@login_required
@require_POST
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    token = do_revoke_api_token(access_api_token(user, token_id, write=True))
    if not _is_htmx(request):
        messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
        return redirect("accounts:profile")
    return render(request, "accounts/_tokens.html", _profile_context(user))
