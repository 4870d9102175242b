"""Who sees which flows: operators all of them, carrier staff those of their carriers and of the stations
those carriers run."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser

from hatchway.accounts.access import check_signed_in
from hatchway.accounts.models import User
from hatchway.directory.access import is_operator
from hatchway.directory.models import Membership, Organisation, OrganisationKind, Role
from hatchway.errors import Forbidden, NotFound
from hatchway.flows.models import Flow, FlowQuerySet


@dataclass(frozen=True)
class LedgerScope:
    """The part of the ledger a person may read: all of it, or flows of some organisations."""

    everything: bool
    organisation_ids: tuple[int, ...] = ()

    def flows(self) -> FlowQuerySet:
        flows = Flow.objects.all()
        return flows if self.everything else flows.involving(list(self.organisation_ids))

    def allows(self, organisation_id: int) -> bool:
        return self.everything or organisation_id in self.organisation_ids


def ledger_scope(user: User | AnonymousUser) -> LedgerScope:
    """Raise Forbidden for people with neither the operator nor a carrier role."""
    viewer = check_signed_in(user)
    if is_operator(viewer):
        return LedgerScope(everything=True)
    carriers = list(
        Membership.objects.filter(user=viewer, role=Role.CARRIER_STAFF, organisation__isnull=False)
        .values_list("organisation_id", flat=True)
        .order_by("organisation_id")
    )
    if not carriers:
        raise Forbidden()
    # A carrier's staff also answer for the overseas stations the carrier runs.
    stations = Organisation.objects.filter(
        kind=OrganisationKind.OVERSEAS_STATION, parent_carrier_id__in=carriers
    ).values_list("pk", flat=True)
    return LedgerScope(everything=False, organisation_ids=tuple(sorted({*carriers, *stations})))


def access_ledger(user: User | AnonymousUser, *, write: bool = False) -> LedgerScope:
    """The ledger as a whole; only operators write to it by hand (imports, corrections)."""
    scope = ledger_scope(user)
    if write and not scope.everything:
        raise Forbidden()
    return scope


def access_flow(user: User | AnonymousUser, flow_id: int, *, write: bool = False) -> Flow:
    scope = access_ledger(user, write=write)
    flow = scope.flows().with_organisations().filter(pk=flow_id).first()
    if flow is None:
        raise NotFound()
    return flow
