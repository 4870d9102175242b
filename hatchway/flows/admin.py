from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from hatchway.flows.models import CurrencyRate, Flow


@admin.register(Flow)
class FlowAdmin(admin.ModelAdmin[Flow]):
    """Read-only: the ledger is written through flows.actions, and corrected by superseding rows."""

    list_display = [
        "id",
        "occurred_on",
        "element",
        "direction",
        "stage",
        "origin_country",
        "carrier",
        "withdrawn",
    ]
    list_filter = ["element", "direction", "stage", "producer_kind", "withdrawn"]
    search_fields = ["evidence_number", "producer_ref"]
    list_select_related = ["carrier"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CurrencyRate)
class CurrencyRateAdmin(admin.ModelAdmin[CurrencyRate]):
    list_display = ["currency", "rate_date", "rate_to_cny", "source"]
    list_filter = ["currency"]
