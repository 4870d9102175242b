"""Contact persons of organisations: personal data, imported and exported by those who keep the profile."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from hatchway.accounts.models import User
from hatchway.directory.access import organisations_with_private_access
from hatchway.directory.actions import do_import_contacts
from hatchway.directory.models import ContactPerson, ContactVisibility, Membership, Organisation
from hatchway.transfer import columns as c
from hatchway.transfer.spec import CheckState, Outcome, RowError, Spec, register
from hatchway.transfer.specs._common import Rows, existing_ids

VISIBILITIES: dict[str, tuple[str, str]] = {
    ContactVisibility.PUBLIC: ("所有登录用户", "Everyone signed in"),
    ContactVisibility.PLATFORM: ("平台上有角色的人", "People with a role on the platform"),
    ContactVisibility.PRIVATE: (
        "仅本机构、其载体和运营方",
        "Only the organisation, its carrier and operators",
    ),
}
assert set(VISIBILITIES) == set(ContactVisibility.values)

FIELDS = ("name", "title_zh", "title_en", "email", "phone", "visibility")


def _editable_ids(user: User, organisation_ids: Iterable[int]) -> set[int]:
    """Which of these organisations the user keeps (members, their carrier's staff, operators)."""
    return set(
        organisations_with_private_access(user)
        .filter(pk__in=list(organisation_ids))
        .values_list("pk", flat=True)
    )


@register
class ContactSpec(Spec):
    name = "contacts"
    order = 30
    label_zh = "联系人"
    label_en = "Contact persons"
    importers_zh = "本机构成员、其载体员工和平台运营方"
    importers_en = "The organisation's members, its carrier's staff and platform operators"
    columns = (
        c.Column(
            "id",
            "编号",
            "ID",
            c.integer(minimum=1),
            help_zh="留空则新建；填写已有编号则更新该联系人。",
            help_en="Leave empty to create; an existing ID updates that contact person.",
            example="",
        ),
        c.Column(
            "organisation",
            "机构编号",
            "Organisation ID",
            c.integer(minimum=1),
            required=True,
            help_zh="联系人所属机构的编号（见机构导出文件或机构页面地址）。",
            help_en="The ID of the organisation (in the organisations export or the profile page's address).",
            example="42",
        ),
        c.Column("name", "姓名", "Name", c.text(150), required=True, example="Lena Fischer"),
        c.Column("title_zh", "中文职务", "Title (Chinese)", c.text(150), example="首席执行官"),
        c.Column("title_en", "英文职务", "Title (English)", c.text(150), example="CEO"),
        c.Column(
            "email",
            "电子邮箱",
            "E-mail address",
            c.email,
            help_zh="电子邮箱和电话至少填写一项。",
            help_en="Give an e-mail address, a phone number, or both.",
            example="lena@helix.example.de",
        ),
        c.Column(
            "phone",
            "电话",
            "Phone",
            c.text(32),
            help_zh="带国家代码，例如 +86 21 5080 0000。",
            help_en="With the country code, such as +86 21 5080 0000.",
            example="+49 30 1234 5678",
        ),
        c.Column(
            "visibility",
            "可见范围",
            "Visible to",
            c.choice(VISIBILITIES),
            help_zh="所有登录用户、平台上有角色的人，或仅本机构（默认）。",
            help_en="Everyone signed in, people with a role on the platform, or only the organisation (default).",
            example="private",
        ),
    )

    def can_import(self, user: User) -> bool:
        return Membership.objects.filter(user=user, organisation__isnull=False).exists()

    def export_queryset(self, user: User) -> QuerySet[ContactPerson]:
        return ContactPerson.objects.filter(
            organisation__in=organisations_with_private_access(user)
        ).order_by("pk")

    def to_values(self, obj: Any) -> dict[str, Any]:
        contact: ContactPerson = obj
        values = {name: getattr(contact, name) for name in FIELDS}
        values.update(id=contact.pk, organisation=contact.organisation_id)
        return values

    @staticmethod
    def _apply(contact: ContactPerson, values: dict[str, Any]) -> None:
        for name in FIELDS:
            setattr(contact, name, values.get(name) or "")
        contact.visibility = values.get("visibility") or ContactVisibility.PRIVATE
        contact.organisation_id = values["organisation"]

    def check_batch(self, rows: Rows, user: User, state: CheckState) -> Iterable[RowError]:
        yield from existing_ids(ContactPerson, rows, self, state)
        known = ContactPerson.objects.in_bulk([values["id"] for _number, values in rows if values.get("id")])
        named = {values["organisation"] for _number, values in rows}
        named |= {contact.organisation_id for contact in known.values()}
        editable = _editable_ids(user, named)
        exists = set(Organisation.objects.filter(pk__in=named).values_list("pk", flat=True))
        label = self.column("organisation").label
        labels = {column.key: column.label for column in self.columns}
        for number, values in rows:
            organisation_id = values["organisation"]
            stored = known.get(values.get("id"))
            if organisation_id not in exists:
                yield RowError(
                    number,
                    label,
                    str(organisation_id),
                    _("No organisation has this ID. Copy it from the organisations export."),
                )
                continue
            if organisation_id not in editable or (
                stored is not None and stored.organisation_id not in editable
            ):
                yield RowError(
                    number,
                    label,
                    str(organisation_id),
                    _(
                        "You may not change the contact persons of this organisation. "
                        "Only its members, its carrier's staff and operators may."
                    ),
                )
                continue
            contact = ContactPerson()
            self._apply(contact, values)
            try:
                contact.clean()
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    for message in messages:
                        yield RowError(
                            number, labels.get(field, label), str(values.get(field) or ""), message
                        )

    def write_batch(self, rows: list[dict[str, Any]], user: User) -> Outcome:
        new = []
        for values in rows:
            if not values.get("id"):
                contact = ContactPerson()
                self._apply(contact, values)
                new.append(contact)
        updates = {values["id"]: values for values in rows if values.get("id")}
        changed = []
        for contact in ContactPerson.objects.filter(pk__in=updates):
            before = self.to_values(contact)
            self._apply(contact, updates[contact.pk])
            if self.to_values(contact) != before:
                changed.append(contact)
        do_import_contacts(new, changed)
        return Outcome(len(new), len(changed), len(updates) - len(changed))
