"""Admin for competitions and their parts."""

from django.contrib import admin

from hatchway.competitions.models import (
    Award,
    Competition,
    ConflictOfInterest,
    Criterion,
    Entry,
    PanelSeat,
    Round,
    Score,
    Site,
    Track,
)


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
