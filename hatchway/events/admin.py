"""Admin for events and registrations."""

from typing import Any, ClassVar

from django.contrib import admin
from django.db import models

from hatchway.events.models import Event, Registration


@admin.register(Event)
class EventAdmin(admin.ModelAdmin[Event]):
    list_display = (
        "title_en",
        "title_zh",
        "kind",
        "status",
        "organiser",
        "starts_at",
        "capacity",
        "confirmed_count",
    )
    list_filter = ("kind", "status", "mode")
    search_fields = ("title_en", "title_zh")
    raw_id_fields = ("organiser", "station")
    readonly_fields = ("confirmed_count",)
    formfield_overrides: ClassVar[dict[type[models.Field[Any, Any]], dict[str, Any]]] = {
        models.URLField: {"assume_scheme": "https"}
    }


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin[Registration]):
    list_display = ("event", "user", "status", "attendance", "registered_at", "checked_in_at")
    list_filter = ("status", "attendance")
    raw_id_fields = ("event", "user")
    # Statuses and places change through the actions (which keep the place count right), not here.
    readonly_fields = ("status", "code", "registered_at", "status_changed_at", "checked_in_at", "reminded_at")
