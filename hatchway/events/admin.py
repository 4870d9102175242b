from typing import Any, ClassVar

from django.contrib import admin
from django.db import models

from hatchway.events.models import (
    AgendaProfile,
    Award,
    BrokerageMeeting,
    BrokerageSetting,
    BrokerageSlot,
    Competition,
    ConflictOfInterest,
    Criterion,
    Entry,
    Event,
    MeetingRequest,
    PanelSeat,
    Registration,
    Round,
    ScheduleRun,
    Score,
    Site,
    Track,
)


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


class TrackInline(admin.TabularInline[Track, Competition]):
    model = Track
    extra = 0


class RoundInline(admin.TabularInline[Round, Competition]):
    model = Round
    extra = 0


class CriterionInline(admin.TabularInline[Criterion, Competition]):
    model = Criterion
    extra = 0


@admin.register(Competition)
class CompetitionAdmin(admin.ModelAdmin[Competition]):
    list_display = ("name_en", "name_zh", "edition", "organiser", "published")
    raw_id_fields = ("organiser", "event")
    inlines = (TrackInline, RoundInline, CriterionInline)


class PanelSeatInline(admin.TabularInline[PanelSeat, Site]):
    model = PanelSeat
    extra = 0
    raw_id_fields = ("judge",)


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin[Site]):
    list_display = ("name_en", "name_zh", "round", "host")
    raw_id_fields = ("host",)
    inlines = (PanelSeatInline,)


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin[Entry]):
    list_display = ("title_en", "title_zh", "enterprise", "track", "site", "anchor", "eliminated")
    list_filter = ("anchor", "eliminated")
    raw_id_fields = ("enterprise", "site", "track", "competition")


admin.site.register(ConflictOfInterest)
admin.site.register(Score)
admin.site.register(Award)


class BrokerageAdmin(admin.ModelAdmin[Any]):
    """Brokerage records are run from the organiser's console; the admin is for looking and repairs."""

    list_select_related = True

    def get_raw_id_fields(self, request: Any) -> tuple[str, ...]:
        return tuple(
            field.name
            for field in self.model._meta.get_fields()
            if isinstance(field, models.ForeignKey | models.OneToOneField)
        )

    def get_list_filter(self, request: Any) -> tuple[str, ...]:
        return tuple(
            name for name in ("status", "mode") if any(f.name == name for f in self.model._meta.fields)
        )


for brokerage_model in (
    BrokerageSlot,
    BrokerageSetting,
    AgendaProfile,
    MeetingRequest,
    BrokerageMeeting,
    ScheduleRun,
):
    admin.site.register(brokerage_model, BrokerageAdmin)
