"""Pages: download templates and exports, upload a file, follow an import's progress."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from hatchway.accounts.models import User
from hatchway.errors import HatchwayError, InvalidInput, NotFound
from hatchway.transfer.access import access_export, access_import_job, access_spec
from hatchway.transfer.actions import check_can_import, do_import_now, do_start_import
from hatchway.transfer.downloads import file_response
from hatchway.transfer.models import ImportJob
from hatchway.transfer.spec import Spec, all_specs


class ImmediateUploadForm(forms.Form):
    file = forms.FileField(label=_("File (.xlsx or .csv)"))


class UploadForm(ImmediateUploadForm):
    dry_run = forms.BooleanField(
        label=_("Dry run: check every row and show a preview, write nothing"), required=False, initial=True
    )


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    specs = [(spec, spec.can_import(user), spec.can_export(user)) for spec in all_specs()]
    jobs = ImportJob.objects.filter(created_by=user)[:20]
    return render(request, "transfer/overview.html", {"specs": specs, "jobs": jobs, "form": UploadForm()})


@login_required
@require_GET
def download(request: HttpRequest, name: str, what: str, file_format: str) -> HttpResponseBase:
    if what == "export":
        spec, viewer = access_export(request.user, name)
        return file_response(spec, viewer, file_format)
    if what != "template":
        raise NotFound()
    return file_response(access_spec(request.user, name), None, file_format)


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, name: str) -> HttpResponse:
    spec = access_spec(request.user, name)
    check_can_import(request.user, spec)  # type: ignore[arg-type]
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = do_start_import(
                request.user,  # type: ignore[arg-type]
                spec,
                form.cleaned_data["file"],
                dry_run=form.cleaned_data["dry_run"],
            )
        except HatchwayError as error:
            form.add_error("file", str(error.message))
        else:
            return redirect("transfer:job", job_id=job.pk)
    status = 422 if form.errors else 200
    return render(request, "transfer/upload.html", {"spec": spec, "form": form}, status=status)


@login_required
@require_GET
def job(request: HttpRequest, job_id: int) -> HttpResponse:
    import_job = access_import_job(request.user, job_id)
    template = "transfer/_job.html" if request.headers.get("HX-Request") == "true" else "transfer/job.html"
    return render(request, template, {"job": import_job})


def _import_now(
    request: HttpRequest, name: str
) -> tuple[Spec, ImmediateUploadForm, list[dict[str, Any]], int]:
    """Check and write an uploaded file within the request; the form carries what went wrong."""
    spec = access_spec(request.user, name)
    check_can_import(request.user, spec)  # type: ignore[arg-type]
    form = ImmediateUploadForm(request.POST or None, request.FILES or None)
    problems: list[dict[str, Any]] = []
    created = -1
    if request.method == "POST" and form.is_valid():
        try:
            report = do_import_now(request.user, spec, form.cleaned_data["file"])  # type: ignore[arg-type]
        except InvalidInput as error:
            problems = [item for item in error.details.get("errors", []) if "row" in item]
            form.add_error(None, gettext("Nothing was imported.") if problems else str(error.message))
        else:
            created = report.created + report.updated
    return spec, form, problems, created


def _import_page(
    request: HttpRequest, spec: Spec, form: forms.Form, problems: list[dict[str, Any]]
) -> HttpResponse:
    return render(
        request,
        "transfer/import_now.html",
        {"spec": spec, "form": form, "problems": problems},
        status=422 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_flows(request: HttpRequest) -> HttpResponse:
    """The ledger's history from a file (operators), written at once: all rows or none."""
    spec, form, problems, count = _import_now(request, "flows")
    if count >= 0:
        messages.success(request, gettext("%(count)d flows imported.") % {"count": count})
        return redirect("flows:flow_list")
    return _import_page(request, spec, form, problems)


@login_required
@require_http_methods(["GET", "POST"])
def import_rates(request: HttpRequest) -> HttpResponse:
    """Rates to CNY from a file (operators), written at once: all rows or none."""
    spec, form, problems, count = _import_now(request, "currency_rates")
    if count >= 0:
        messages.success(request, gettext("%(count)d rates imported.") % {"count": count})
        return redirect("flows:rate_list")
    return _import_page(request, spec, form, problems)
