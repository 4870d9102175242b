"""Pages: download templates and exports, upload a file, follow an import's progress."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from hatchway.accounts.models import User
from hatchway.errors import HatchwayError, NotFound
from hatchway.transfer.access import access_export, access_import_job, access_spec
from hatchway.transfer.actions import check_can_import, do_start_import
from hatchway.transfer.downloads import file_response
from hatchway.transfer.models import ImportJob
from hatchway.transfer.spec import all_specs


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File (.xlsx or .csv)"))
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
