"""Who may see which figures: operators everything, carrier staff their own carriers and stations."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser

from hatchway.accounts.models import User
from hatchway.directory.models import Organisation, OrganisationKind
from hatchway.errors import Forbidden
from hatchway.flows.access import LedgerScope, ledger_scope
from hatchway.flows.models import FlowQuerySet
from hatchway.reports.kpis import KpiFilters


@dataclass(frozen=True)
class Dashboard:
    """A permitted view of the ledger: the viewer's scope plus the filters they asked for."""

    scope: LedgerScope
    filters: KpiFilters

    def flows(self) -> FlowQuerySet:
        """Current flows in scope, narrowed by the filters."""
        return self.filters.apply(self.scope.flows())

    def carriers(self) -> list[Organisation]:
        return self._organisations(OrganisationKind.CARRIER)

    def stations(self) -> list[Organisation]:
        return self._organisations(OrganisationKind.OVERSEAS_STATION)

    def _organisations(self, kind: str) -> list[Organisation]:
        organisations = Organisation.objects.filter(kind=kind)
        if not self.scope.everything:
            column = "carrier_id" if kind == OrganisationKind.CARRIER else "station_id"
            in_flows = self.scope.flows().values_list(column, flat=True)
            organisations = organisations.filter(pk__in=[*self.scope.organisation_ids, *in_flows])
        return list(organisations.distinct())


def access_dashboard(user: User | AnonymousUser, filters: KpiFilters) -> Dashboard:
    """Carrier staff may narrow to their own carriers or stations only; anyone else without a role is refused."""
    scope = ledger_scope(user)
    for organisation_id in (filters.carrier_id, filters.station_id):
        if organisation_id is not None and not scope.allows(organisation_id):
            # A station seen through one's own carrier's flows is fine to narrow to.
            if (
                organisation_id == filters.station_id
                and filters.carrier_id is None
                and scope.flows().filter(station_id=organisation_id).exists()
            ):
                continue
            raise Forbidden()
    return Dashboard(scope, filters)


def access_yearly_report(user: User | AnonymousUser, carrier_id: int | None) -> Dashboard:
    """Operators get any report; carrier staff only the report of one of their own carriers."""
    scope = ledger_scope(user)
    if not scope.everything and (carrier_id is None or not scope.allows(carrier_id)):
        raise Forbidden()
    return Dashboard(scope, KpiFilters(carrier_id=carrier_id))
