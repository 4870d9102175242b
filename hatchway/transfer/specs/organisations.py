"""Organisations of every kind: operators import them; members export their own."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from hatchway.accounts.models import User
from hatchway.directory.access import is_operator
from hatchway.directory.actions import OrganisationRow, do_import_organisations
from hatchway.directory.models import Membership, Organisation, OrganisationKind
from hatchway.transfer import columns as c
from hatchway.transfer.spec import CheckState, Outcome, RowError, Spec, register
from hatchway.transfer.specs._common import existing_ids

ORGANISATION_KINDS = {
    "platform": ("平台运营方", "Platform operator"),
    "carrier": ("科创载体", "Innovation carrier"),
    "overseas_station": ("海外站", "Overseas station"),
    "enterprise": ("企业", "Enterprise"),
    "investor": ("投资机构", "Investor"),
    "university": ("高校", "University"),
    "research_institute": ("科研院所", "Research institute"),
    "government": ("政府部门", "Government office"),
}
assert set(ORGANISATION_KINDS) == set(OrganisationKind.values)


@register
class OrganisationSpec(Spec):
    name = "organisations"
    order = 10
    label_zh = "机构"
    label_en = "Organisations"
    columns = (
        c.Column(
            "id",
            "编号",
            "ID",
            c.integer(minimum=1),
            help_zh="留空则新建；填写已有编号则更新该机构。",
            help_en="Leave empty to create; an existing ID updates that organisation.",
            example="",
        ),
        c.Column(
            "kind",
            "类型",
            "Kind",
            c.choice(ORGANISATION_KINDS),
            required=True,
            help_zh="科创载体、海外站、企业、投资机构、高校、科研院所、政府部门或平台运营方（中文、英文或代码均可）。",
            help_en="Innovation carrier, overseas station, enterprise, investor, university, research institute, "
            "government office or platform operator (Chinese, English or code).",
            example="enterprise",
        ),
        c.Column(
            "name_zh",
            "中文名称",
            "Name (Chinese)",
            c.text(200),
            help_zh="中文或英文名称至少填写一项。",
            help_en="Give the Chinese or the English name, or both.",
            example="赫利克斯生物",
        ),
        c.Column("name_en", "英文名称", "Name (English)", c.text(200), example="Helix Bio GmbH"),
        c.Column(
            "country",
            "国家或地区",
            "Country",
            c.country,
            required=True,
            help_zh="ISO 代码（CN、US、DE）或中英文国名。",
            help_en="ISO code (CN, US, DE) or the name in Chinese or English.",
            example="DE",
        ),
        c.Column("website", "网站", "Website", c.url, example="https://helix-bio.example.de"),
    )

    def can_import(self, user: User) -> bool:
        return is_operator(user)

    def export_queryset(self, user: User) -> QuerySet[Organisation]:
        organisations = Organisation.objects.order_by("pk")
        if is_operator(user):
            return organisations
        mine = Membership.objects.filter(user=user, organisation__isnull=False).values("organisation")
        return organisations.filter(pk__in=mine)

    def to_values(self, obj: Any) -> dict[str, Any]:
        return {column.key: getattr(obj, column.key) for column in self.columns}

    def check_batch(
        self, rows: list[tuple[int, dict[str, Any]]], user: User, state: CheckState
    ) -> Iterable[RowError]:
        yield from existing_ids(Organisation, rows, self, state)
        known = Organisation.objects.in_bulk([values["id"] for _number, values in rows if values.get("id")])
        by_field = {column.key: column.label for column in self.columns}
        for number, values in rows:
            if not values.get("name_zh") and not values.get("name_en"):
                yield RowError(
                    number, self.column("name_zh").label, "", _("Give the Chinese or the English name.")
                )
                continue
            # The model's own rules (fields that fit the kind, ...) apply to imported rows too.
            organisation = known.get(values.get("id")) or Organisation()
            self._apply(organisation, values)
            try:
                organisation.clean()
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    label = by_field.get(field, self.column("kind").label)
                    for message in messages:
                        yield RowError(number, label, str(values.get(field) or ""), message)

    @staticmethod
    def _row(values: dict[str, Any]) -> OrganisationRow:
        return OrganisationRow(
            id=values.get("id"),
            kind=values.get("kind") or "",
            name_zh=values.get("name_zh") or "",
            name_en=values.get("name_en") or "",
            country=values.get("country") or "",
            website=values.get("website") or "",
        )

    def _apply(self, organisation: Organisation, values: dict[str, Any]) -> None:
        self._row(values).apply_to(organisation)

    def write_batch(self, rows: list[dict[str, Any]], user: User) -> Outcome:
        return Outcome(*do_import_organisations(self._row(values) for values in rows))
