from django.contrib import admin
from django.db import models

from hatchway.directory.models import (
    ConsentRecord,
    ContactPerson,
    DataReport,
    Membership,
    Organisation,
    Sector,
    Stage,
    StaleDataReminder,
    TalentProfile,
)


class ContactInline(admin.TabularInline[ContactPerson, Organisation]):
    model = ContactPerson
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ["name_zh", "name_en", "kind", "subtype", "country", "goi_batch", "updated_at"]
    list_filter = ["kind", "subtype", "country", "fund_type", "goi_batch"]
    search_fields = ["name_zh", "name_en", "credit_code", "ref"]
    raw_id_fields = ["parent_carrier", "incubating_carrier"]
    filter_horizontal = ["sectors"]
    inlines = [ContactInline]
    list_per_page = 50
    show_full_result_count = False
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ["user", "role", "organisation", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "organisation__name_zh", "organisation__name_en"]
    raw_id_fields = ["user", "organisation"]


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin[Sector]):
    list_display = ["code", "name_zh", "name_en", "hnte_field", "key_industry", "sort_order"]
    list_filter = ["hnte_field", "key_industry"]


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin[Stage]):
    list_display = ["code", "name_zh", "name_en", "sort_order"]


@admin.register(ContactPerson)
class ContactPersonAdmin(admin.ModelAdmin[ContactPerson]):
    list_display = ["name", "organisation", "email", "phone", "visibility"]
    list_filter = ["visibility"]
    search_fields = ["name", "email", "organisation__name_zh", "organisation__name_en"]
    raw_id_fields = ["organisation"]


class ConsentRecordInline(admin.TabularInline[ConsentRecord, TalentProfile]):
    model = ConsentRecord
    extra = 0
    readonly_fields = ["consent", "given", "recorded_at"]
    can_delete = False


@admin.register(TalentProfile)
class TalentProfileAdmin(admin.ModelAdmin[TalentProfile]):
    list_display = ["user", "field", "nationality", "current_country", "consent_matching", "consent_contact"]
    list_filter = ["degree", "consent_matching", "consent_contact", "current_country"]
    search_fields = ["user__email", "user__full_name", "field"]
    raw_id_fields = ["user"]
    # Consents are the person's to give: the administration site shows them but does not change them.
    readonly_fields = ["consent_matching", "consent_matching_at", "consent_contact", "consent_contact_at"]
    inlines = [ConsentRecordInline]


@admin.register(ConsentRecord)
class ConsentRecordAdmin(admin.ModelAdmin[ConsentRecord]):
    list_display = ["profile", "consent", "given", "recorded_at"]
    list_filter = ["consent", "given"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(DataReport)
class DataReportAdmin(admin.ModelAdmin[DataReport]):
    list_display = ["enterprise", "fiscal_year", "quarter", "revision", "is_current", "filed_at"]
    list_filter = ["fiscal_year", "quarter", "is_current"]
    search_fields = ["enterprise__name_zh", "enterprise__name_en"]
    raw_id_fields = ["enterprise", "filed_by"]
    show_full_result_count = False

    # A report is never changed: a correction is filed as a new revision (pages or API), which also
    # keeps the revision numbers and the current flag right.
    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(StaleDataReminder)
class StaleDataReminderAdmin(admin.ModelAdmin[StaleDataReminder]):
    list_display = ["enterprise", "fiscal_year", "sent_at", "recipients"]
    list_filter = ["fiscal_year"]
    raw_id_fields = ["enterprise"]
