from typing import Any

from django.contrib import admin

from hatchway.listings.actions import refresh_search_text
from hatchway.listings.models import Listing, ListingCountry, ListingReveal
from hatchway.listings.signals import announce_listings_changed


class ListingCountryInline(admin.TabularInline):
    model = ListingCountry
    extra = 0


class ListingRevealInline(admin.TabularInline):
    model = ListingReveal
    extra = 0
    raw_id_fields = ("organisation", "user")


@admin.register(Listing)
class ListingAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "kind",
        "status",
        "visibility",
        "owner_organisation",
        "owner_user",
        "expires_at",
    )
    list_filter = ("kind", "status", "visibility")
    search_fields = ("title_zh", "title_en", "reference")
    raw_id_fields = ("owner_organisation", "owner_user", "host_organisation", "created_by")
    filter_horizontal = ("sectors", "stages")
    readonly_fields = ("search_text", "created_at", "updated_at", "reminded_for_expiry")
    inlines = (ListingCountryInline, ListingRevealInline)
    date_hierarchy = "created_at"

    def save_related(self, request: Any, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        refresh_search_text(form.instance)
        announce_listings_changed([form.instance.pk])  # an edit by hand is a change like any other


@admin.register(ListingReveal)
class ListingRevealAdmin(admin.ModelAdmin):
    list_display = ("listing", "organisation", "user", "owner_agreed_at", "party_agreed_at", "agreed_at")
    raw_id_fields = ("listing", "organisation", "user")
