"""Talent profiles: personal data, so only operators import and export them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from hatchway.accounts.models import User
from hatchway.directory.access import is_operator
from hatchway.directory.actions import TalentProfileRow, do_import_talent_profiles
from hatchway.directory.models import ConsentKind, Degree, Sector, TalentProfile
from hatchway.transfer import columns as c
from hatchway.transfer.spec import EXPORT_CHUNK, CheckState, Outcome, RowError, Spec, register
from hatchway.transfer.specs._common import (
    Rows,
    chunks,
    codes_by_owner,
    once_per_file,
    sectors_column,
    taxonomy_codes,
    unknown_code_message,
)

DEGREES: dict[str, tuple[str, str]] = {
    Degree.NONE: ("无学位", "No degree"),
    Degree.BACHELOR: ("学士", "Bachelor"),
    Degree.MASTER: ("硕士", "Master"),
    Degree.DOCTORATE: ("博士", "Doctorate"),
}
assert set(DEGREES) == set(Degree.values)

PROFILE_FIELDS = (
    "headline_zh",
    "headline_en",
    "nationality",
    "current_country",
    "field",
    "degree",
    "skills",
    "languages",
)


def _skills(raw: Any) -> list[str]:
    skills = c.code_list(c.text(60))(raw)
    if len(skills) > 30:
        raise c.CellError(_("Give at most 30 skills."))
    return list(dict.fromkeys(skills))


@register
class TalentSpec(Spec):
    name = "talents"
    order = 20
    label_zh = "人才档案"
    label_en = "Talent profiles"
    key_column = "email"
    importers_zh = "平台运营方（个人数据）"
    importers_en = "Platform operators (personal data)"
    columns = (
        c.Column(
            "email",
            "电子邮箱",
            "E-mail address",
            c.email,
            required=True,
            help_zh="此人在平台上的账号邮箱；已有档案则更新，否则新建档案。此人须先注册。",
            help_en="The person's account on the platform; updates their profile or creates it. "
            "The person must have signed up first.",
            example="lena.fischer@example.de",
        ),
        c.Column("headline_zh", "中文简介标题", "Headline (Chinese)", c.text(200), example="功率电子工程师"),
        c.Column(
            "headline_en",
            "英文简介标题",
            "Headline (English)",
            c.text(200),
            example="Power electronics engineer",
        ),
        c.Column(
            "nationality",
            "国籍",
            "Nationality",
            c.country,
            required=True,
            help_zh="ISO 代码（CN、US、DE）或中英文国名。",
            help_en="ISO code (CN, US, DE) or the name in Chinese or English.",
            example="DE",
        ),
        c.Column(
            "current_country",
            "现居国家或地区",
            "Current country",
            c.country,
            required=True,
            help_zh="此人目前居住的国家，写法同上。",
            help_en="Where the person lives now; written as above.",
            example="DE",
        ),
        c.Column(
            "field",
            "专业领域",
            "Field",
            c.text(200),
            required=True,
            help_zh="例如：功率电子、免疫学。",
            help_en="Such as power electronics or immunology.",
            example="Power electronics",
        ),
        sectors_column("integrated_circuits, new_energy"),
        c.Column(
            "degree",
            "最高学历",
            "Highest degree",
            c.choice(DEGREES),
            help_zh="无学位、学士、硕士或博士（中文、英文或代码均可）。",
            help_en="No degree, bachelor, master or doctorate (Chinese, English or code).",
            example="master",
        ),
        c.Column(
            "skills",
            "技能",
            "Skills",
            _skills,
            c.join_list,
            help_zh="每项不超过 60 个字符，最多 30 项，用逗号分隔。",
            help_en="At most 30, each up to 60 characters, separated by commas.",
            example="PCB design, Python",
        ),
        c.Column(
            "languages",
            "语言",
            "Languages",
            c.code_list(c.language_code),
            c.join_list,
            help_zh="两位 ISO 639-1 语言代码，用逗号分隔，例如 zh, en, de。",
            help_en="Two-letter ISO 639-1 codes separated by commas, such as zh, en, de.",
            example="de, en",
        ),
        c.Column(
            "consent_matching",
            "同意被匹配",
            "Agrees to be matched",
            c.boolean,
            c.yes_no,
            help_zh="是/否。留空则保持不变（新档案：未同意）。同意或撤回均带日期记录。",
            help_en="Yes or no. Empty leaves it as it is (a new profile: not given). "
            "Giving or withdrawing is recorded with its date.",
            example="yes",
        ),
        c.Column(
            "consent_matching_on",
            "匹配同意日期",
            "Matching consent date",
            c.date,
            c.local_date,
            help_zh="此人同意或撤回的日期（例如纸质表格上的日期），格式 YYYY-MM-DD；留空则为导入时间。仅在同意状态改变时使用。",
            help_en="When the person gave or withdrew it (such as the date on a signed form), YYYY-MM-DD; "
            "empty means the time of the import. Used only when the consent changes.",
            example="2026-03-01",
        ),
        c.Column(
            "consent_contact",
            "同意被联系",
            "Agrees to be contacted",
            c.boolean,
            c.yes_no,
            help_zh="是/否，规则同上。",
            help_en="Yes or no, as above.",
            example="no",
        ),
        c.Column(
            "consent_contact_on",
            "联系同意日期",
            "Contact consent date",
            c.date,
            c.local_date,
            help_zh="同上。",
            help_en="As above.",
            example="",
        ),
    )

    def can_import(self, user: User) -> bool:
        return is_operator(user)

    def can_export(self, user: User) -> bool:
        return is_operator(user)

    def export_queryset(self, user: User) -> QuerySet[TalentProfile]:
        if not is_operator(user):
            return TalentProfile.objects.none()
        return TalentProfile.objects.select_related("user").order_by("pk")

    def export_records(self, user: User) -> Iterator[dict[str, Any]]:
        for chunk in chunks(self.export_queryset(user).iterator(chunk_size=EXPORT_CHUNK), EXPORT_CHUNK):
            sectors = codes_by_owner(
                TalentProfile.sectors.through,
                "talentprofile_id",
                "sector__code",
                [profile.pk for profile in chunk],
                "sector__sort_order",
            )
            for profile in chunk:
                yield self.to_values(profile, sectors[profile.pk])

    def to_values(self, obj: Any, sectors: list[str] | None = None) -> dict[str, Any]:
        profile: TalentProfile = obj
        values = {name: getattr(profile, name) for name in PROFILE_FIELDS}
        values.update(
            email=profile.user.email,
            sectors=sectors if sectors is not None else [sector.code for sector in profile.sectors.all()],
            consent_matching=profile.consent_matching,
            consent_matching_on=profile.consent_matching_at,
            consent_contact=profile.consent_contact,
            consent_contact_on=profile.consent_contact_at,
        )
        return values

    def _users(self, rows: Rows) -> dict[str, User]:
        emails = {values["email"] for _number, values in rows if values.get("email")}
        # E-mail addresses are compared without case, as the sign-in does.
        users = User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=emails)
        return {user.email.lower(): user for user in users}

    def check_batch(self, rows: Rows, user: User, state: CheckState) -> Iterable[RowError]:
        users = self._users(rows)
        label = self.column("email").label
        today = timezone.localdate()
        for number, values, duplicate in once_per_file(
            rows, state, "email", lambda v: v.get("email"), label, lambda v: v.get("email")
        ):
            if duplicate is not None:
                yield duplicate
                continue
            if values["email"] not in users:
                yield RowError(
                    number,
                    label,
                    values["email"],
                    _(
                        "No account has this e-mail address. Ask the person to sign up first, then import again."
                    ),
                )
            _ids, unknown = taxonomy_codes(Sector, values.get("sectors"), state)
            if unknown is not None:
                yield RowError(
                    number, self.column("sectors").label, unknown, unknown_code_message(Sector, unknown)
                )
            for key in ("consent_matching_on", "consent_contact_on"):
                if values.get(key) and values[key] > today:
                    yield RowError(
                        number,
                        self.column(key).label,
                        values[key].isoformat(),
                        _("This date is in the future. Write the day the person actually decided."),
                    )
            profile = TalentProfile(**self._fields(values))
            try:
                profile.clean_fields(exclude=["user", "search_text"])
            except ValidationError as error:
                labels = {column.key: column.label for column in self.columns}
                for field, messages in error.message_dict.items():
                    for message in messages:
                        yield RowError(
                            number, labels.get(field, label), str(values.get(field) or ""), message
                        )

    @staticmethod
    def _fields(values: dict[str, Any]) -> dict[str, Any]:
        fields = {name: values.get(name) for name in PROFILE_FIELDS}
        for name in ("headline_zh", "headline_en", "field"):
            fields[name] = fields[name] or ""
        fields["degree"] = fields["degree"] or Degree.NONE
        fields["skills"] = fields["skills"] or []
        fields["languages"] = fields["languages"] or []
        return fields

    def write_batch(self, rows: list[dict[str, Any]], user: User) -> Outcome:
        users = self._users([(0, values) for values in rows])
        state: CheckState = {}
        entries = []
        for values in rows:
            consents: dict[str, tuple[bool, dt.datetime | None]] = {}
            for consent in ConsentKind.values:
                given = values.get(f"consent_{consent}")
                day = values.get(f"consent_{consent}_on")
                if given is not None:
                    when = timezone.make_aware(dt.datetime.combine(day, dt.time())) if day else None
                    consents[consent] = (given, when)
            sector_ids, _unknown = taxonomy_codes(Sector, values.get("sectors"), state)
            entries.append(
                TalentProfileRow(
                    user=users[values["email"]],
                    fields=self._fields(values),
                    sector_ids=sector_ids,
                    consents=consents,
                )
            )
        return Outcome(*do_import_talent_profiles(entries))
