"""Interests and matches in the admin, to read and to correct by hand; a stage moves through ``do_move_match``."""

from django.contrib import admin

from hatchway.pipeline.models import Interest, Match, MatchStageChange


@admin.register(Interest)
class InterestAdmin(admin.ModelAdmin[Interest]):
    list_display = ("__str__", "organisation", "user", "created_at", "withdrawn_at", "match")
    list_filter = ("withdrawn_at",)
    raw_id_fields = ("source", "target", "organisation", "user", "created_by", "match", "in_reply_to")
    date_hierarchy = "created_at"


class MatchStageChangeInline(admin.TabularInline[MatchStageChange, Match]):
    model = MatchStageChange
    extra = 0
    raw_id_fields = ("changed_by",)
    readonly_fields = ("from_stage", "to_stage", "changed_by", "changed_at", "note")
    can_delete = False


@admin.register(Match)
class MatchAdmin(admin.ModelAdmin[Match]):
    list_display = ("__str__", "pipeline", "stage", "updated_at", "flow")
    list_filter = ("pipeline", "stage")
    raw_id_fields = ("source", "target", "organisation", "user", "created_by", "flow")
    readonly_fields = ("stage", "flow", "created_at", "updated_at")
    inlines = (MatchStageChangeInline,)
    date_hierarchy = "updated_at"
