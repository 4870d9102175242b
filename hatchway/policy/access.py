"""Permission-checked getters for programmes, eligibility runs and an enterprise's determinations.

- Programmes (rule files are public rules): any signed-in person.
- Runs (every enterprise's figures and results): operators.
- An enterprise's determinations, trace and what-if: its members, its carrier's staff, operators.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from hatchway.accounts.access import check_signed_in
from hatchway.accounts.models import User
from hatchway.directory.access import access_private_data, is_operator
from hatchway.directory.models import Organisation, OrganisationKind
from hatchway.errors import Forbidden, NotFound
from hatchway.policy.engine import Programme, programmes
from hatchway.policy.models import PolicyRun, PolicyRunQuerySet


def access_programme_list(user: User | AnonymousUser) -> list[Programme]:
    """Every shipped programme, in a stable order (national programmes first)."""
    check_signed_in(user)
    order = {"hnte": 0, "tsme": 1}
    return sorted(programmes().values(), key=lambda p: (order.get(p.id, 2), p.id))


def access_programme(user: User | AnonymousUser, programme_id: str, *, write: bool = False) -> Programme:
    """One programme by id; rule files change only through review, so nobody may write here."""
    check_signed_in(user)
    found = programmes().get(programme_id)
    if found is None or write:
        raise NotFound()
    return found


def check_may_run(user: User | AnonymousUser) -> User:
    """Starting, reading and approving eligibility runs is the platform operators' work."""
    viewer = check_signed_in(user)
    if not is_operator(viewer):
        raise Forbidden()
    return viewer


def access_run_list(user: User | AnonymousUser) -> PolicyRunQuerySet:
    check_may_run(user)
    return PolicyRun.objects.select_related("started_by", "approved_by")


def access_run(user: User | AnonymousUser, run_id: int, *, write: bool = False) -> PolicyRun:
    """One run with its results: operators only (it holds every enterprise's figures)."""
    check_may_run(user)
    run = PolicyRun.objects.select_related("started_by", "approved_by").filter(pk=run_id).first()
    if run is None:
        raise NotFound()
    return run


def access_enterprise_eligibility(
    user: User | AnonymousUser, enterprise_id: int, *, write: bool = False
) -> Organisation:
    """An enterprise's determinations and what-if: its members, its carrier's staff, operators.

    ``write`` (declaring facts) is allowed to the same people, who may already edit its data reports.
    """
    enterprise = access_private_data(user, enterprise_id)
    if enterprise.kind != OrganisationKind.ENTERPRISE:
        raise NotFound()
    return enterprise
