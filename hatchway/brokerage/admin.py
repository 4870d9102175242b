"""Admin for brokerage records: for looking and repairs."""

from typing import Any

from django.contrib import admin
from django.db import models

from hatchway.brokerage.models import (
    AgendaProfile,
    BrokerageMeeting,
    BrokerageSetting,
    BrokerageSlot,
    MeetingRequest,
    ScheduleRun,
)


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
