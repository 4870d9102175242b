"""Pages: the directory with facets, profiles per kind, edit forms, data reports, talent profiles."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hatchway.accounts.access import check_signed_in
from hatchway.directory.access import (
    access_contact,
    access_organisation,
    access_own_talent_profile,
    access_private_data,
    access_talent_profile,
    can_contact_talent,
    can_edit_organisation,
    check_may_create_organisation,
    has_member_list_access,
    has_private_access,
    is_operator,
    sees_full_profile,
    visible_contacts,
)
from hatchway.directory.actions import (
    do_add_contact,
    do_create_organisation,
    do_file_data_report,
    do_remove_contact,
    do_save_talent_profile,
    do_set_consent,
    do_update_organisation,
)
from hatchway.directory.forms import ContactForm, DataReportForm, OrganisationForm, TalentProfileForm
from hatchway.directory.models import (
    ConsentKind,
    DataReport,
    Membership,
    Organisation,
    OrganisationKind,
    Sector,
    Stage,
    TalentProfile,
)
from hatchway.directory.taxonomy import country_name
from hatchway.errors import Forbidden, HatchwayError, NotFound

PAGE_SIZE = 25


def _report(form: BaseForm, error: Exception) -> None:
    """Put an action's refusal on the form, at the field it names when it names one."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    elif isinstance(error, ValidationError):
        form.add_error(None, error)
    else:
        form.add_error(None, str(getattr(error, "message", error)))


@login_required
@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    kind = request.GET.get("kind", "")
    country = request.GET.get("country", "")[:2].upper()
    sector = request.GET.get("sector", "")[:64]
    stage = request.GET.get("stage", "")[:64]
    organisations: QuerySet[Organisation] = Organisation.objects.search(query)
    if kind in OrganisationKind.values:
        organisations = organisations.filter(kind=kind)
    if country:
        organisations = organisations.filter(country=country)
    if sector:
        organisations = organisations.filter(sectors__code=sector)
    if stage:
        organisations = organisations.filter(stage__code=stage)
    # Carrier staff may add enterprises their carrier incubates; operators any kind.
    carrier_ids = Membership.objects.carrier_ids_of(check_signed_in(request.user))
    operator = is_operator(request.user)
    kind_counts = dict(
        organisations.order_by().values_list("kind").annotate(n=Count("id")).values_list("kind", "n")
    )
    country_counts = (
        organisations.order_by().values("country").annotate(n=Count("id")).order_by("-n", "country")[:60]
    )
    page = Paginator(organisations.select_related("stage"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "directory/organisation_list.html",
        {
            "page": page,
            "query": query,
            "kind": kind,
            "country": country,
            "sector": sector,
            "stage": stage,
            "kinds": [(value, label, kind_counts.get(value, 0)) for value, label in OrganisationKind.choices],
            "countries": [(row["country"], country_name(row["country"]), row["n"]) for row in country_counts],
            "sectors": Sector.objects.all(),
            "stages": Stage.objects.all(),
            "creatable": [
                (value, label)
                for value, label in OrganisationKind.choices
                if operator or (carrier_ids and value == OrganisationKind.ENTERPRISE)
            ],
        },
    )


@require_GET
def organisation_detail(request: HttpRequest, organisation_id: int) -> HttpResponse:
    """The profile: its public part for everyone, visitors included; details for signed-in people."""
    organisation = access_organisation(request.user, organisation_id)
    visitor = not sees_full_profile(request.user)
    private = has_private_access(request.user, organisation)
    editable = can_edit_organisation(request.user, organisation)
    members = None
    if has_member_list_access(request.user, organisation):
        members = list(Membership.objects.in_organisation(organisation))
    reports = None
    if private and organisation.kind == OrganisationKind.ENTERPRISE:
        reports = list(DataReport.objects.of(organisation).current().annual()[:5])
    return render(
        request,
        "directory/organisation_detail.html",
        {
            "organisation": organisation,
            "visitor": visitor,
            "country_label": country_name(organisation.country),
            "sectors": list(organisation.sectors.all()),
            "stations": list(organisation.stations.all())
            if organisation.kind == OrganisationKind.CARRIER
            else [],
            "members": members,
            "contacts": list(visible_contacts(request.user, organisation)),
            "private": private,
            "editable": editable,
            "reports": reports,
            "listings": _published_listings(organisation, visitor),
            "contact_form": ContactForm() if editable else None,
        },
    )


# The listings app adds the reverse relation ``Organisation.listings``; the directory reads it by
# name only (no import), so that the dependency keeps pointing from listings to the directory.
PROFILE_LISTINGS = 20


def _published_listings(organisation: Organisation, visitor: bool) -> list[Any]:
    """Published listings the profile shows: public ones to visitors, also members-only ones to the
    signed-in. Anonymous listings never appear on their owner's profile, which would reveal the owner."""
    related = getattr(organisation, "listings", None)
    if related is None:
        return []
    now = timezone.now()
    visibilities = ["public"] if visitor else ["public", "members"]
    return list(
        related.filter(status="published", visibility__in=visibilities)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .order_by("-published_at", "-pk")[:PROFILE_LISTINGS]
    )


def _organisation_form_page(
    request: HttpRequest, form: OrganisationForm, kind: str, organisation: Organisation | None
) -> HttpResponse:
    return render(
        request,
        "directory/organisation_form.html",
        {"form": form, "kind_label": OrganisationKind(kind).label, "organisation": organisation},
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", OrganisationKind.ENTERPRISE)
    if kind not in OrganisationKind.values:
        raise NotFound()
    editor = check_signed_in(request.user)
    operator = is_operator(editor)
    # Carrier staff may open the form for an enterprise; the carrier they pick is checked on saving.
    if not (operator or (kind == OrganisationKind.ENTERPRISE and Membership.objects.carrier_ids_of(editor))):
        raise Forbidden()
    form = OrganisationForm(
        request.POST or None, request.FILES or None, kind=kind, editor=editor, operator=operator
    )
    if request.method == "POST" and form.is_valid():
        fields = form.action_fields()
        carrier = fields.get("incubating_carrier")
        try:
            check_may_create_organisation(editor, kind, carrier.pk if carrier else None)
            organisation = do_create_organisation(kind=kind, **fields)
        except (HatchwayError, ValidationError) as error:
            _report(form, error)
        else:
            messages.success(request, _("The organisation was created."))
            return redirect("directory:organisation_detail", organisation.pk)
    return _organisation_form_page(request, form, kind, None)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = access_organisation(request.user, organisation_id, write=True)
    editor = check_signed_in(request.user)
    form = OrganisationForm(
        request.POST or None,
        request.FILES or None,
        instance=organisation,
        kind=organisation.kind,
        editor=editor,
        operator=is_operator(editor),
    )
    if request.method == "POST" and form.is_valid():
        try:
            do_update_organisation(Organisation.objects.get(pk=organisation.pk), **form.action_fields())
        except (HatchwayError, ValidationError) as error:
            _report(form, error)
        else:
            messages.success(request, _("The profile was saved."))
            return redirect("directory:organisation_detail", organisation.pk)
    return _organisation_form_page(request, form, organisation.kind, organisation)


@login_required
@require_POST
def contact_add(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = access_organisation(request.user, organisation_id, write=True)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            do_add_contact(organisation, **form.cleaned_data)
        except (HatchwayError, ValidationError) as error:
            _report(form, error)
        else:
            messages.success(request, _("The contact person was added."))
            return redirect("directory:organisation_detail", organisation.pk)
    return render(request, "directory/contact_form.html", {"form": form, "organisation": organisation})


@login_required
@require_POST
def contact_remove(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = access_contact(request.user, contact_id, write=True)
    organisation_id = contact.organisation_id
    do_remove_contact(contact)
    messages.success(request, _("The contact person was removed."))
    return redirect("directory:organisation_detail", organisation_id)


@login_required
@require_http_methods(["GET", "POST"])
def data_reports(request: HttpRequest, organisation_id: int) -> HttpResponse:
    """The history of an enterprise's data reports, and the form to file one."""
    enterprise = access_private_data(request.user, organisation_id)
    if enterprise.kind != OrganisationKind.ENTERPRISE:
        raise NotFound()
    editable = can_edit_organisation(request.user, enterprise)
    reports = DataReport.objects.of(enterprise).select_related("filed_by")
    form: DataReportForm | None = None
    if editable:
        initial: dict[str, Any] = {}
        latest = reports.current().annual().first()
        if latest is not None:
            initial = DataReportForm.initial_from(latest)
        form = DataReportForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                report = do_file_data_report(
                    enterprise, filed_by=check_signed_in(request.user), **form.figures()
                )
            except (HatchwayError, ValidationError) as error:
                _report(form, error)
            else:
                messages.success(
                    request,
                    _("The report for %(period)s was filed as revision %(revision)s.")
                    % {"period": report.period, "revision": report.revision},
                )
                return HttpResponseRedirect(reverse("directory:data_reports", args=[enterprise.pk]))
    elif request.method == "POST":
        raise Forbidden()
    page = Paginator(reports, 40).get_page(request.GET.get("page"))
    return render(
        request,
        "directory/data_reports.html",
        {"organisation": enterprise, "page": page, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def my_talent_profile(request: HttpRequest) -> HttpResponse:
    """The signed-in person's talent profile, with the consents they give or withdraw."""
    user = check_signed_in(request.user)
    profile = TalentProfile.objects.filter(user=user).first()
    form = TalentProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        try:
            do_save_talent_profile(user, sectors=fields.pop("sectors"), **fields)
        except (HatchwayError, ValidationError) as error:
            _report(form, error)
        else:
            messages.success(request, _("Your talent profile was saved."))
            return redirect("directory:my_talent_profile")
    records = list(profile.consent_records.order_by("-recorded_at", "-id")[:20]) if profile else []
    return render(
        request,
        "directory/talent_profile_form.html",
        {"form": form, "profile": profile, "records": records, "consents": ConsentKind.choices},
    )


@login_required
@require_POST
def my_talent_consent(request: HttpRequest) -> HttpResponse:
    profile = access_own_talent_profile(request.user)
    consent = request.POST.get("consent", "")
    given = request.POST.get("given") == "1"
    do_set_consent(profile, consent, given)
    if given:
        messages.success(request, _("Your consent was recorded."))
    else:
        messages.success(request, _("Your consent was withdrawn; the withdrawal was recorded."))
    return redirect("directory:my_talent_profile")


@login_required
@require_GET
def talent_detail(request: HttpRequest, profile_id: int) -> HttpResponse:
    profile = access_talent_profile(request.user, profile_id)
    return render(
        request,
        "directory/talent_detail.html",
        {
            "profile": profile,
            "sectors": list(profile.sectors.all()),
            "show_contact": can_contact_talent(request.user, profile),
            "nationality": country_name(profile.nationality),
            "current_country": country_name(profile.current_country),
        },
    )


@login_required
@require_GET
def membership_list(request: HttpRequest) -> HttpResponse:
    if not is_operator(request.user):
        raise Forbidden()
    memberships = Membership.objects.select_related("user", "organisation").order_by("role", "user__email")
    page = Paginator(memberships, 50).get_page(request.GET.get("page"))
    return render(request, "directory/membership_list.html", {"page": page})
