"""Pages: the programme catalogue, operators' eligibility runs, an enterprise's eligibility with what-if."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hatchway.accounts.access import check_signed_in
from hatchway.directory.access import is_operator
from hatchway.directory.models import Organisation
from hatchway.errors import HatchwayError, InvalidInput
from hatchway.policy.access import (
    access_enterprise_eligibility,
    access_programme,
    access_programme_list,
    access_run,
    access_run_list,
    check_may_run,
)
from hatchway.policy.actions import do_approve_run, do_declare_facts, do_start_run
from hatchway.policy.engine import InputErrors, ParameterNotSet, Programme, get_programme, what_if
from hatchway.policy.exports import xlsx_response
from hatchway.policy.forms import WHAT_IF_FIGURES, DeclaredFactsForm, StartRunForm, WhatIfForm
from hatchway.policy.models import DeclaredFacts, Determination, Outcome
from hatchway.policy.records import current_record, what_if_changes
from hatchway.policy.templatetags.policy import in_language

PAGE_SIZE = 50


@login_required
@require_GET
def programme_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "policy/programme_list.html",
        {"programmes": access_programme_list(request.user), "is_operator": is_operator(request.user)},
    )


@login_required
@require_GET
def programme_detail(request: HttpRequest, programme_id: str) -> HttpResponse:
    programme = access_programme(request.user, programme_id)
    return render(
        request,
        "policy/programme_detail.html",
        {"programme": programme, "is_operator": is_operator(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def run_list(request: HttpRequest) -> HttpResponse:
    runs = access_run_list(request.user)
    programmes = access_programme_list(request.user)
    form = StartRunForm(
        request.POST or None, programmes=programmes, initial={"programme": request.GET.get("programme")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            run = do_start_run(
                check_may_run(request.user), form.cleaned_data["programme"], form.cleaned_data["as_of"]
            )
        except HatchwayError as error:
            form.add_error(None, str(error.message))
        else:
            return redirect("policy:run_detail", run_id=run.pk)
    selected = request.GET.get("programme")
    if selected:
        runs = runs.of_programme(selected)
    status = 422 if form.errors else 200
    return render(
        request,
        "policy/run_list.html",
        {"runs": runs[:100], "form": form, "selected": selected},
        status=status,
    )


@login_required
@require_GET
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    run = access_run(request.user, run_id)
    if request.headers.get("HX-Request") == "true":
        return render(request, "policy/_run_status.html", {"run": run, "polled": True})
    outcome = request.GET.get("outcome", "")
    if outcome not in Outcome.values:
        outcome = ""
    found = run.determinations.select_related("enterprise").order_by("enterprise_id")
    if outcome:
        found = found.with_outcome(outcome)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "policy/run_detail.html",
        {"run": run, "page": page, "outcome": outcome, "outcomes": Outcome.choices, "counts": run.counts()},
    )


@login_required
@require_POST
def run_approve(request: HttpRequest, run_id: int) -> HttpResponse:
    run = access_run(request.user, run_id, write=True)
    do_approve_run(check_may_run(request.user), run)
    return redirect("policy:run_detail", run_id=run.pk)


@login_required
@require_GET
def run_export(request: HttpRequest, run_id: int) -> HttpResponseBase:
    run = access_run(request.user, run_id)
    found = run.determinations.all()
    outcome = request.GET.get("outcome", "")
    return xlsx_response(run, found.with_outcome(outcome) if outcome in Outcome.values else found)


def _what_if_rows(programme: Programme, result: dict[str, Any]) -> list[dict[str, Any]]:
    """Each criterion now and with the other figures, side by side; ``changed`` marks the ones that flip."""
    before = {item["criterion"]: item["result"] for item in result["before"]["trace"]}
    after = {item["criterion"]: item["result"] for item in result["after"]["trace"]}
    return [
        {
            "criterion": criterion.id,
            "label": in_language(criterion.label),
            "before": before.get(criterion.id),
            "after": after.get(criterion.id),
            "changed": before.get(criterion.id) != after.get(criterion.id),
        }
        for criterion in programme.criteria
    ]


def _current_figures(enterprise: Organisation) -> dict[str, Any]:
    """The figures of the last fiscal year the what-if changes (shown in grey in the form)."""
    record = current_record(get_programme("tsme"), enterprise)
    last: dict[str, Any] = record.get("last_fiscal_year") or max(
        record.get("fiscal_years", []), key=lambda item: item["year"], default={}
    )
    ip = record.get("ip") or {}
    return {
        **{name: last.get(name) for name in WHAT_IF_FIGURES},
        "class_i_count": ip.get("class_i_count"),
        "class_ii_count": ip.get("class_ii_count"),
    }


def _eligibility_page(
    request: HttpRequest,
    enterprise: Organisation,
    *,
    what_if_form: WhatIfForm | None = None,
    facts_form: DeclaredFactsForm | None = None,
    result: dict[str, Any] | None = None,
) -> HttpResponse:
    programmes = [p for p in access_programme_list(request.user) if not p.template]
    declared = DeclaredFacts.objects.filter(enterprise=enterprise).select_related("updated_by").first()
    if facts_form is None:
        facts_form = DeclaredFactsForm(
            initial=DeclaredFactsForm.initial_from(declared.facts if declared else {})
        )
    if what_if_form is None:
        what_if_form = WhatIfForm(programmes=programmes, current=_current_figures(enterprise))
    status = 422 if (what_if_form.errors or facts_form.errors) else 200
    return render(
        request,
        "policy/enterprise_eligibility.html",
        {
            "enterprise": enterprise,
            "determinations": Determination.objects.latest_per_programme(enterprise),
            "form": what_if_form,
            "facts_form": facts_form,
            "declared": declared,
            "result": result,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def enterprise_eligibility(request: HttpRequest, enterprise_id: int) -> HttpResponse:
    enterprise = access_enterprise_eligibility(request.user, enterprise_id)
    if request.method != "POST":
        return _eligibility_page(request, enterprise)
    programmes = [p for p in access_programme_list(request.user) if not p.template]
    form = WhatIfForm(request.POST, programmes=programmes, current=_current_figures(enterprise))
    result = None
    if form.is_valid():
        programme = access_programme(request.user, form.cleaned_data["programme"])
        record = current_record(programme, enterprise)
        figures = {
            name: form.cleaned_data[name] for name in (*WHAT_IF_FIGURES, "class_i_count", "class_ii_count")
        }
        changes = what_if_changes(
            record, additional_rd_staff=form.cleaned_data["additional_rd_staff"], **figures
        )
        if not changes:
            form.add_error(None, _no_year_message())
        else:
            try:
                found = what_if(programme, record, changes)
            except (InputErrors, ParameterNotSet) as error:
                form.add_error(None, str(error))
            else:
                result = {
                    "programme": programme,
                    "asked": form.changed_figures(),
                    "rows": _what_if_rows(programme, found),
                    **found,
                }
    return _eligibility_page(request, enterprise, what_if_form=form, result=result)


@login_required
@require_POST
def enterprise_facts(request: HttpRequest, enterprise_id: int) -> HttpResponse:
    """Declare the facts data reports lack (expert sub-scores, incidents, tax, industry, direct track)."""
    enterprise = access_enterprise_eligibility(request.user, enterprise_id, write=True)
    form = DeclaredFactsForm(request.POST)
    if form.is_valid():
        declared = DeclaredFacts.objects.filter(enterprise=enterprise).first()
        try:
            do_declare_facts(
                check_signed_in(request.user), enterprise, form.facts(declared.facts if declared else {})
            )
        except InvalidInput as error:
            form.add_located_errors(
                error.details.get("errors") or [{"location": "", "message": str(error.message)}]
            )
        else:
            messages.success(
                request,
                gettext(
                    "Saved. The next eligibility run counts these facts; the What if? form below uses them now."
                ),
            )
            return redirect(
                reverse("policy:enterprise_eligibility", args=[enterprise.pk]) + "#declared-facts"
            )
    return _eligibility_page(request, enterprise, facts_form=form)


def _no_year_message() -> str:
    return gettext(
        "No fiscal year has been filed yet, so there is nothing to change. File a data report first."
    )
