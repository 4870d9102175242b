"""Listings of all eight kinds. Members import the listings of their own organisations; operators any."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from hatchway.accounts.models import User
from hatchway.directory.models import Membership, Role, Sector, Stage
from hatchway.directory.taxonomy import minor_units
from hatchway.listings.access import Viewer, viewer_of
from hatchway.listings.actions import ListingRow, do_import_listings
from hatchway.listings.attributes import ATTRIBUTES, attributes_of, clean_attributes
from hatchway.listings.models import (
    OWNER_KINDS,
    Listing,
    ListingCountry,
    ListingKind,
    ListingStatus,
    Visibility,
)
from hatchway.transfer import columns as c
from hatchway.transfer.spec import EXPORT_CHUNK, CheckState, Outcome, RowError, Spec, register
from hatchway.transfer.specs._common import (
    Rows,
    chunks,
    codes_by_owner,
    existing_ids,
    organisations_named,
    sectors_column,
    taxonomy_codes,
    unknown_code_message,
)

KINDS: dict[str, tuple[str, str]] = {
    ListingKind.FUNDING_ASK: ("融资需求", "Funding ask"),
    ListingKind.INVESTMENT_THESIS: ("投资意向", "Investment thesis"),
    ListingKind.TECHNOLOGY_OFFER: ("技术供给", "Technology offer"),
    ListingKind.TECHNOLOGY_NEED: ("技术需求", "Technology need"),
    ListingKind.POSITION: ("职位", "Position"),
    ListingKind.TALENT_PROFILE: ("人才简历", "Talent profile"),
    ListingKind.LANDING_ASK: ("落地需求", "Soft-landing ask"),
    ListingKind.LANDING_OFFER: ("落地服务", "Soft-landing offer"),
}
STATUSES: dict[str, tuple[str, str]] = {
    ListingStatus.DRAFT: ("草稿", "Draft"),
    ListingStatus.PUBLISHED: ("已发布", "Published"),
    ListingStatus.CLOSED: ("已关闭", "Closed"),
    ListingStatus.EXPIRED: ("已过期", "Expired"),
}
VISIBILITIES: dict[str, tuple[str, str]] = {
    Visibility.PUBLIC: ("公开", "Public"),
    Visibility.MEMBERS: ("仅登录会员", "Signed-in members only"),
    Visibility.ANONYMOUS: ("匿名（双方同意后显示）", "Anonymous until both sides agree"),
}
assert set(KINDS) == set(ListingKind.values)
assert set(STATUSES) == set(ListingStatus.values)
assert set(VISIBILITIES) == set(Visibility.values)

TEXT_FIELDS = ("reference", "title_zh", "title_en", "description_zh", "description_en", "currency")
ATTRIBUTE_NAMES = "; ".join(
    f"{kind}: {', '.join(attribute.name for attribute in attributes)}"
    for kind, attributes in ATTRIBUTES.items()
)


def _amount(value: Decimal | None, currency: str) -> tuple[int | None, str | None]:
    """Major units as written → integer minor units; or the reason it cannot be."""
    if value is None:
        return None, None
    digits = minor_units(currency) if currency else 2
    minor = value.scaleb(digits)
    if minor != minor.to_integral_value():
        return None, _("%(currency)s has %(digits)d decimals. Write at most that many.") % {
            "currency": currency,
            "digits": digits,
        }
    return int(minor), None


def _major(value: int | None, currency: str) -> Decimal | None:
    if value is None:
        return None
    return Decimal(value).scaleb(-(minor_units(currency) if currency else 2))


def _typed_attributes(kind: str, raw: dict[str, str] | None) -> tuple[dict[str, Any], list[str]]:
    """The text of each attribute read by its type; unreadable ones become messages."""
    schema = {attribute.name: attribute for attribute in attributes_of(kind)}
    typed: dict[str, Any] = {}
    problems: list[str] = []
    for name, text_value in (raw or {}).items():
        attribute = schema.get(name)
        try:
            if attribute is None or attribute.type in {"text", "choice", "date"}:
                typed[name] = text_value
            elif attribute.type == "integer":
                typed[name] = c.integer()(text_value) if text_value else None
            elif attribute.type == "boolean":
                typed[name] = c.boolean(text_value) if text_value else None
            else:
                typed[name] = [part.strip() for part in text_value.split(",") if part.strip()]
        except c.CellError as error:
            problems.append(f"{name}: {error.message}")
    return typed, problems


def format_attributes(value: dict[str, Any] | None) -> str:
    parts = []
    for name, item in (value or {}).items():
        if isinstance(item, bool):
            shown = c.yes_no(item)
        elif isinstance(item, list):
            shown = ", ".join(str(element) for element in item)
        else:
            shown = str(item)
        parts.append(f"{name}={shown}")
    return "; ".join(parts)


@register
class ListingSpec(Spec):
    name = "listings"
    order = 40
    label_zh = "供需信息"
    label_en = "Listings"
    importers_zh = "机构成员（本机构的）、人才（本人的人才简历）和平台运营方"
    importers_en = "Members (their organisations' listings), talents (their own profile listing), operators"
    columns = (
        c.Column(
            "id",
            "编号",
            "ID",
            c.integer(minimum=1),
            help_zh="留空则新建；填写已有编号则更新该条信息。",
            help_en="Leave empty to create; an existing ID updates that listing.",
            example="",
        ),
        c.Column(
            "kind",
            "类型",
            "Kind",
            c.choice(KINDS),
            required=True,
            help_zh="融资需求、投资意向、技术供给、技术需求、职位、人才简历、落地需求或落地服务（中文、英文或代码均可）。更新时不能改变。",
            help_en="Funding ask, investment thesis, technology offer, technology need, position, talent profile, "
            "soft-landing ask or offer (Chinese, English or code). Cannot change on update.",
            example="technology_offer",
        ),
        c.Column(
            "owner_organisation",
            "所属机构编号",
            "Owner organisation ID",
            c.integer(minimum=1),
            help_zh="发布此信息的机构编号；人才简历留空。",
            help_en="The ID of the organisation that owns the listing; empty for a talent profile.",
            example="42",
        ),
        c.Column(
            "owner_email",
            "所属个人邮箱",
            "Owner person's e-mail",
            c.email,
            help_zh="仅人才简历：此人在平台上的账号邮箱。",
            help_en="Talent profiles only: the person's account e-mail address.",
            example="",
        ),
        c.Column(
            "host_organisation",
            "挑战发布企业编号",
            "Host organisation ID",
            c.integer(minimum=1),
            help_zh="仅技术需求：发布开放创新挑战的大企业编号。",
            help_en="Technology needs only: the ID of the large enterprise hosting the challenge.",
            example="",
        ),
        c.Column(
            "reference",
            "外部编号",
            "Reference",
            c.text(64),
            help_zh="其他系统中的编号；填写时须唯一。",
            help_en="An identifier from another system; unique when given.",
            example="TT-2026-014",
        ),
        c.Column(
            "title_zh",
            "中文标题",
            "Title (Chinese)",
            c.text(200),
            help_zh="中文或英文标题至少填写一项。",
            help_en="Give the Chinese or the English title, or both.",
            example="碳化硅功率模块封装技术",
        ),
        c.Column(
            "title_en", "英文标题", "Title (English)", c.text(200), example="SiC power module packaging"
        ),
        c.Column("description_zh", "中文描述", "Description (Chinese)", c.text(20000), example=""),
        c.Column("description_en", "英文描述", "Description (English)", c.text(20000), example=""),
        sectors_column(),
        c.Column(
            "stages",
            "阶段",
            "Stages",
            c.code_list(c.text(64)),
            c.join_list,
            help_zh="阶段代码或名称，多个用逗号分隔。",
            help_en="Stage codes or names, separated by commas.",
            example="",
        ),
        c.Column(
            "countries",
            "国家或地区",
            "Countries",
            c.code_list(c.country),
            c.join_list,
            help_zh="ISO 代码或中英文国名，多个用逗号分隔。",
            help_en="ISO codes or names in Chinese or English, separated by commas.",
            example="DE, CN",
        ),
        c.Column(
            "amount_min",
            "金额下限",
            "Amount from",
            c.decimal_number(Decimal(0)),
            c.plain_number,
            help_zh="以所填币种为单位（例如 1250000 或 1250000.50），需同时填写币种。",
            help_en="In the currency given (such as 1250000 or 1250000.50); needs the currency.",
            example=500000,
        ),
        c.Column(
            "amount_max",
            "金额上限",
            "Amount up to",
            c.decimal_number(Decimal(0)),
            c.plain_number,
            help_zh="同上，不小于下限。",
            help_en="As above; not below the lower amount.",
            example=2000000,
        ),
        c.Column(
            "currency",
            "币种",
            "Currency",
            c.currency,
            help_zh="ISO 4217 代码，例如 CNY、USD、EUR。",
            help_en="ISO 4217 code, such as CNY, USD or EUR.",
            example="EUR",
        ),
        c.Column(
            "languages",
            "语言",
            "Languages",
            c.code_list(c.language_code),
            c.join_list,
            help_zh="两位 ISO 639-1 语言代码，用逗号分隔，例如 zh, en。",
            help_en="Two-letter ISO 639-1 codes separated by commas, such as zh, en.",
            example="en, zh",
        ),
        c.Column(
            "status",
            "状态",
            "Status",
            c.choice(STATUSES),
            help_zh="草稿（默认）、已发布、已关闭或已过期。",
            help_en="Draft (the default), published, closed or expired.",
            example="draft",
        ),
        c.Column(
            "visibility",
            "可见范围",
            "Visibility",
            c.choice(VISIBILITIES),
            help_zh="公开（默认）、仅登录会员，或匿名（双方同意后显示发布方）。",
            help_en="Public (the default), signed-in members only, or anonymous until both sides agree.",
            example="public",
        ),
        c.Column(
            "expires_at",
            "截止时间",
            "Expires at",
            c.moment,
            c.local_moment,
            help_zh="YYYY-MM-DD 或 YYYY-MM-DD HH:MM（您的时区）；已发布且留空则为 90 天后。",
            help_en="YYYY-MM-DD or YYYY-MM-DD HH:MM (your time zone); empty on a published listing means "
            "90 days from now.",
            example="2026-12-31",
        ),
        c.Column(
            "attributes",
            "类型属性",
            "Attributes",
            c.pairs,
            format_attributes,
            help_zh="按类型的属性，写作 名称=值；多个用分号分隔，列表值用逗号分隔。可用名称："
            + ATTRIBUTE_NAMES,
            help_en="The kind's attributes as name=value, separated by semicolons; list values separated by "
            "commas. Names: " + ATTRIBUTE_NAMES,
            example="trl=6; ip_status=granted_patent; transfer_modes=licence, joint_development",
        ),
    )

    def can_import(self, user: User) -> bool:
        return (
            Membership.objects.filter(user=user).filter(organisation__isnull=False).exists()
            or Membership.objects.filter(user=user, role=Role.TALENT).exists()
        )

    def export_queryset(self, user: User) -> QuerySet[Listing]:
        listings = Listing.objects.all() if viewer_of(user).operator else Listing.objects.owned_by(user)
        return listings.select_related("owner_user").order_by("pk")

    def export_records(self, user: User) -> Iterator[dict[str, Any]]:
        for chunk in chunks(self.export_queryset(user).iterator(chunk_size=EXPORT_CHUNK), EXPORT_CHUNK):
            ids = [listing.pk for listing in chunk]
            sectors = codes_by_owner(
                Listing.sectors.through, "listing_id", "sector__code", ids, "sector__sort_order"
            )
            stages = codes_by_owner(
                Listing.stages.through, "listing_id", "stage__code", ids, "stage__sort_order"
            )
            countries = codes_by_owner(ListingCountry, "listing_id", "code", ids)
            for listing in chunk:
                yield self.to_values(
                    listing, (sectors[listing.pk], stages[listing.pk], countries[listing.pk])
                )

    def to_values(
        self, obj: Any, related: tuple[list[str], list[str], list[str]] | None = None
    ) -> dict[str, Any]:
        listing: Listing = obj
        if related is None:
            related = (
                [sector.code for sector in listing.sectors.all()],
                [stage.code for stage in listing.stages.all()],
                [row.code for row in listing.country_rows.all()],
            )
        values = {name: getattr(listing, name) for name in TEXT_FIELDS}
        values.update(
            id=listing.pk,
            kind=listing.kind,
            owner_organisation=listing.owner_organisation_id,
            owner_email=listing.owner_user.email.lower() if listing.owner_user else None,
            host_organisation=listing.host_organisation_id,
            sectors=related[0],
            stages=related[1],
            countries=sorted(related[2]),
            amount_min=_major(listing.amount_min, listing.currency),
            amount_max=_major(listing.amount_max, listing.currency),
            languages=listing.languages,
            status=listing.status,
            visibility=listing.visibility,
            expires_at=listing.expires_at,
            attributes=listing.attributes,
        )
        return values

    # Checking ----------------------------------------------------------------------------------

    def _label(self, field: str) -> str:
        field = field.removesuffix("_id")
        if field.startswith("attributes"):
            field = "attributes"
        if field == "owner":
            field = "owner_email"
        keys = {column.key for column in self.columns}
        return self.column(field if field in keys else "kind").label

    def _build(
        self, values: dict[str, Any], context: dict[str, Any], state: CheckState, stored: Listing | None
    ) -> tuple[ListingRow, list[tuple[str, str, str]]]:
        """The listing a row describes, and its problems as (column key, value, message)."""
        problems: list[tuple[str, str, str]] = []
        listing = stored or Listing(kind=values["kind"], created_by=context["user"])
        if stored is None:
            listing.owner_organisation = context["organisations"].get(values.get("owner_organisation"))
            listing.owner_user = context["users"].get(values.get("owner_email") or "")
        for name in TEXT_FIELDS:
            setattr(listing, name, values.get(name) or "")
        listing.host_organisation = context["organisations"].get(values.get("host_organisation"))
        listing.languages = values.get("languages") or []
        listing.status = values.get("status") or ListingStatus.DRAFT
        listing.visibility = values.get("visibility") or Visibility.PUBLIC
        if stored is None or c.local_moment(stored.expires_at) != c.local_moment(values.get("expires_at")):
            listing.expires_at = values.get("expires_at")
        for name in ("amount_min", "amount_max"):
            minor, problem = _amount(values.get(name), listing.currency)
            setattr(listing, name, minor)
            if problem:
                problems.append((name, str(values.get(name)), problem))
        typed, unreadable = _typed_attributes(values["kind"], values.get("attributes"))
        problems.extend(
            ("attributes", c.join_pairs(values.get("attributes")), message) for message in unreadable
        )
        listing.attributes = typed
        sector_ids, unknown_sector = taxonomy_codes(Sector, values.get("sectors"), state)
        stage_ids, unknown_stage = taxonomy_codes(Stage, values.get("stages"), state)
        if unknown_sector is not None:
            problems.append(("sectors", unknown_sector, unknown_code_message(Sector, unknown_sector)))
        if unknown_stage is not None:
            problems.append(("stages", unknown_stage, unknown_code_message(Stage, unknown_stage)))
        row = ListingRow(listing, sector_ids, stage_ids, values.get("countries") or [])
        return row, problems

    def _context(self, rows: Rows, user: User) -> dict[str, Any]:
        emails = {values["owner_email"] for _number, values in rows if values.get("owner_email")}
        ids = [values["id"] for _number, values in rows if values.get("id")]
        return {
            "user": user,
            "viewer": viewer_of(user),
            "organisations": organisations_named(rows, "owner_organisation", "host_organisation"),
            "users": {
                person.email.lower(): person
                for person in User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=emails)
            },
            "stored": Listing.objects.select_related("owner_organisation", "owner_user")
            .prefetch_related("sectors", "stages", "country_rows")
            .in_bulk(ids),
        }

    def check_batch(self, rows: Rows, user: User, state: CheckState) -> Iterable[RowError]:
        yield from existing_ids(Listing, rows, self, state)
        context = self._context(rows, user)
        viewer: Viewer = context["viewer"]
        talent = Role.TALENT in viewer.roles
        references: set[str] = state.setdefault("references", set())
        wanted_references = [values["reference"] for _number, values in rows if values.get("reference")]
        taken = dict(Listing.objects.filter(reference__in=wanted_references).values_list("reference", "pk"))
        for number, values in rows:
            stored = context["stored"].get(values.get("id"))
            if values.get("id") and stored is None:
                continue  # reported by existing_ids
            kind = values["kind"]
            if stored is not None:
                if stored.kind != kind:
                    yield RowError(
                        number,
                        self.column("kind").label,
                        kind,
                        _(
                            "The kind of a listing does not change. Write %(kind)s, "
                            "or leave the ID empty to create a new listing."
                        )
                        % {"kind": stored.kind},
                    )
                    continue
                if not viewer.can_edit(stored):
                    yield RowError(
                        number,
                        self.column("id").label,
                        str(stored.pk),
                        _("Only the owner's members and platform operators may change this listing."),
                    )
                    continue
                if (values.get("owner_organisation") or None) != stored.owner_organisation_id or (
                    values.get("owner_email") or None
                ) != (stored.owner_user.email.lower() if stored.owner_user else None):
                    yield RowError(
                        number,
                        self.column("owner_organisation").label,
                        str(values.get("owner_organisation") or values.get("owner_email") or ""),
                        _(
                            "The owner of a listing does not change. Keep the owner of the export, "
                            "or leave the ID empty to create a new listing."
                        ),
                    )
                    continue
            else:
                owner_id = values.get("owner_organisation")
                email = values.get("owner_email")
                if owner_id is not None and owner_id not in context["organisations"]:
                    yield RowError(
                        number,
                        self.column("owner_organisation").label,
                        str(owner_id),
                        _("No organisation has this ID. Copy it from the organisations export."),
                    )
                    continue
                if email and email not in context["users"]:
                    yield RowError(
                        number,
                        self.column("owner_email").label,
                        email,
                        _(
                            "No account has this e-mail address. Ask the person to sign up first, then import again."
                        ),
                    )
                    continue
                if not viewer.operator:
                    if OWNER_KINDS.get(kind) is None:
                        mine = talent and email == user.email.lower()
                    else:
                        mine = owner_id in viewer.organisation_ids
                    if not mine:
                        yield RowError(
                            number,
                            self.column(
                                "owner_organisation" if OWNER_KINDS.get(kind) is not None else "owner_email"
                            ).label,
                            str(owner_id or email or ""),
                            _(
                                "You may import listings only for organisations you belong to "
                                "(and a talent profile only for yourself)."
                            ),
                        )
                        continue
            host_id = values.get("host_organisation")
            if host_id is not None and host_id not in context["organisations"]:
                yield RowError(
                    number,
                    self.column("host_organisation").label,
                    str(host_id),
                    _("No organisation has this ID. Copy it from the organisations export."),
                )
                continue
            reference = values.get("reference")
            if reference:
                if reference in references or taken.get(reference, values.get("id")) != values.get("id"):
                    yield RowError(
                        number,
                        self.column("reference").label,
                        reference,
                        _(
                            "Another listing already has this reference. References are unique; change it or leave it empty."
                        ),
                    )
                references.add(reference)
            row, problems = self._build(values, context, state, stored)
            for key, shown, message in problems:
                yield RowError(number, self.column(key).label, shown, message)
            try:
                row.listing.full_clean(
                    exclude=[
                        "search_text",
                        "owner_organisation",
                        "owner_user",
                        "host_organisation",
                        "created_by",
                    ],
                    validate_unique=False,
                    validate_constraints=False,
                )
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    label = self._label(field)
                    for message in messages:
                        prefix = f"{field.split('.', 1)[1]}: " if field.startswith("attributes.") else ""
                        yield RowError(number, label, "", prefix + message)

    def write_batch(self, rows: list[dict[str, Any]], user: User) -> Outcome:
        numbered = [(0, values) for values in rows]
        context = self._context(numbered, user)
        state: CheckState = {}
        new: list[ListingRow] = []
        changed: list[ListingRow] = []
        unchanged = 0
        for values in rows:
            stored = context["stored"].get(values.get("id"))
            if stored is not None and self._same(stored, values):
                unchanged += 1
                continue
            row, _problems = self._build(values, context, state, stored)
            row.listing.attributes = clean_attributes(row.listing.kind, row.listing.attributes)
            (new if stored is None else changed).append(row)
        do_import_listings(new, changed)
        return Outcome(len(new), len(changed), unchanged)

    def _same(self, stored: Listing, values: dict[str, Any]) -> bool:
        """Whether the row says what the listing already holds, as an export would write it."""
        current = self.to_values(stored)
        return all(
            column.format(current.get(column.key)) == column.format(values.get(column.key))
            for column in self.columns
        )
