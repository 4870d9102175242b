"""Pages: the ledger, one flow with its history, corrections, and the currency rates.

Importing flows and rates from files is hatchway.transfer's (``/flows/import/``, ``/flows/rates/import/``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from hatchway.directory.taxonomy import format_money
from hatchway.errors import Conflict, InvalidInput
from hatchway.flows.access import access_flow, access_ledger
from hatchway.flows.actions import do_supersede_flow, do_withdraw_flow
from hatchway.flows.models import CurrencyRate, Element, Flow, Stage

PAGE_SIZE = 50


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File (.xlsx or .csv)"))


class CorrectionForm(forms.Form):
    action = forms.ChoiceField(
        label=gettext_lazy("Correction"),
        choices=[
            ("supersede", gettext_lazy("Record a corrected version")),
            ("withdraw", gettext_lazy("Withdraw it")),
        ],
    )
    stage = forms.ChoiceField(label=gettext_lazy("Stage"), choices=Stage.choices)
    occurred_on = forms.DateField(
        label=gettext_lazy("Occurred on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    evidence_number = forms.CharField(label=gettext_lazy("Evidence number"), max_length=100)
    reason = forms.CharField(
        label=gettext_lazy("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


def _add_errors(form: forms.Form, error: InvalidInput) -> None:
    for item in error.details.get("errors", []):
        field = str(item.get("location", "")).removeprefix("body.")
        form.add_error(field if field in form.fields else None, str(item.get("message", "")))
    if not error.details.get("errors"):
        form.add_error(None, str(error.message))


@login_required
@require_GET
def flow_list(request: HttpRequest) -> HttpResponse:
    scope = access_ledger(request.user)
    element = request.GET.get("kind", "")
    flows = scope.flows().current().with_organisations()
    if element in Element.values:
        flows = flows.filter(element=element)
    page = Paginator(flows, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(flow, format_money(flow.value_minor, flow.currency)) for flow in page.object_list]
    return render(
        request,
        "flows/flow_list.html",
        {"page": page, "rows": rows, "elements": Element.choices, "kind": element, "scope": scope},
    )


@login_required
@require_http_methods(["GET", "POST"])
def flow_detail(request: HttpRequest, flow_id: int) -> HttpResponse:
    flow = access_flow(request.user, flow_id, write=request.method == "POST")
    history: list[Flow] = []
    older = flow
    while older.supersedes_id is not None:
        older = Flow.objects.select_related("carrier", "station").get(pk=older.supersedes_id)
        history.append(older)
    newer = Flow.objects.filter(supersedes=flow).first()
    scope = access_ledger(request.user)
    form: CorrectionForm | None = None
    if scope.everything and flow.is_current:
        initial: dict[str, Any] = {
            "stage": flow.stage,
            "occurred_on": flow.occurred_on,
            "evidence_number": flow.evidence_number,
        }
        form = CorrectionForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                if data["action"] == "withdraw":
                    new = do_withdraw_flow(flow, reason=data["reason"], recorded_by=request.user)  # type: ignore[arg-type]
                else:
                    new = do_supersede_flow(
                        flow,
                        reason=data["reason"],
                        recorded_by=request.user,  # type: ignore[arg-type]
                        stage=data["stage"],
                        occurred_on=data["occurred_on"],
                        evidence_number=data["evidence_number"],
                    )
            except InvalidInput as error:
                _add_errors(form, error)
            except Conflict as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(request, _("The correction is recorded; the old row stays in the history."))
                return redirect("flows:flow_detail", flow_id=new.pk)
    return render(
        request,
        "flows/flow_detail.html",
        {
            "flow": flow,
            "value": format_money(flow.value_minor, flow.currency),
            "value_cny": format_money(flow.value_cny_minor, "CNY"),
            "history": history,
            "newer": newer,
            "form": form,
        },
        status=422 if form is not None and form.errors else 200,
    )


@login_required
@require_GET
def rate_list(request: HttpRequest) -> HttpResponse:
    scope = access_ledger(request.user)
    # Operators upload rates from this page; the import itself is served by hatchway.transfer.
    form = UploadForm() if scope.everything else None
    page = Paginator(CurrencyRate.objects.all(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "flows/rate_list.html", {"page": page, "form": form})
