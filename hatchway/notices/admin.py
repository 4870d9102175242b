from django.contrib import admin

from hatchway.notices.models import Notice


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin[Notice]):
    list_display = ("subject_en", "recipient", "kind", "created_at", "read_at", "emailed")
    list_filter = ("kind", "emailed")
    search_fields = ("subject_zh", "subject_en", "recipient__email")
    raw_id_fields = ("recipient",)
    readonly_fields = ("created_at",)
