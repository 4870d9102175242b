"""Checks shared by several file types: ids that must exist, keys that may appear once, taxonomy codes."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from django.db.models import Model
from django.utils.translation import gettext as _

from hatchway.directory.models import Organisation, Sector, Stage
from hatchway.transfer import columns as c
from hatchway.transfer.spec import CheckState, RowError, Spec

Rows = list[tuple[int, dict[str, Any]]]


def existing_ids(
    model: type[Model], rows: Rows, spec: Spec, state: CheckState, key: str = "id"
) -> Iterable[RowError]:
    """Rows naming an id must name a record that exists; an id may appear once per file."""
    wanted = [(number, values[key]) for number, values in rows if values.get(key) is not None]
    found = set(
        model._default_manager.filter(pk__in=[pk for _number, pk in wanted]).values_list("pk", flat=True)
    )
    label = spec.column(key).label
    seen: set[Any] = state.setdefault(f"seen:{key}", set())
    for number, pk in wanted:
        if pk not in found:
            yield RowError(
                number, label, str(pk), _("No record has this id. Leave the cell empty to create a new one.")
            )
        elif pk in seen:
            yield RowError(number, label, str(pk), _("This id appears twice in the file. Keep one row."))
        seen.add(pk)


def once_per_file(
    rows: Rows, state: CheckState, name: str, key_of: Any, label: str, shown: Any
) -> Iterator[tuple[int, dict[str, Any], RowError | None]]:
    """Yield each row with an error when its key (``key_of(values)``) was already seen in the file."""
    seen: set[Any] = state.setdefault(f"once:{name}", set())
    for number, values in rows:
        key = key_of(values)
        if key is not None and key in seen:
            yield (
                number,
                values,
                RowError(
                    number, label, str(shown(values)), _("This appears twice in the file. Keep one row.")
                ),
            )
            continue
        if key is not None:
            seen.add(key)
        yield number, values, None


def organisations_named(rows: Rows, *keys: str) -> dict[int, Organisation]:
    """The organisations the rows refer to by id in the given columns, in one query."""
    ids = {values[key] for _number, values in rows for key in keys if values.get(key)}
    return Organisation.objects.in_bulk(list(ids)) if ids else {}


def _taxonomy(model: type[Sector] | type[Stage], state: CheckState) -> dict[str, int]:
    """Code, Chinese and English name (normalised) → id; loaded once per file."""
    from hatchway.transfer.columns import normalise_header

    cache_key = f"taxonomy:{model.__name__}"
    if cache_key not in state:
        lookup: dict[str, int] = {}
        for pk, code, name_zh, name_en in model.objects.values_list("pk", "code", "name_zh", "name_en"):
            for name in (name_zh, name_en, code):
                if name:
                    lookup[normalise_header(name)] = pk
        state[cache_key] = lookup
    lookup_map: dict[str, int] = state[cache_key]
    return lookup_map


def taxonomy_codes(
    model: type[Sector] | type[Stage], values: list[str] | None, state: CheckState
) -> tuple[list[int], str | None]:
    """Resolve sector or stage codes (or names in either language) to ids; return the first unknown one."""
    from hatchway.transfer.columns import normalise_header

    lookup = _taxonomy(model, state)
    ids: list[int] = []
    for value in values or []:
        pk = lookup.get(normalise_header(value))
        if pk is None:
            return ids, value
        if pk not in ids:
            ids.append(pk)
    return ids, None


def unknown_code_message(model: type[Sector] | type[Stage], value: str) -> str:
    known = ", ".join(model.objects.order_by("sort_order", "code").values_list("code", flat=True)[:12])
    return _("“%(value)s” is not known. Use codes such as: %(known)s.") % {"value": value, "known": known}


def chunks(objects: Iterator[Any], size: int) -> Iterator[list[Any]]:
    while chunk := list(islice(objects, size)):
        yield chunk


def codes_by_owner(
    model: type[Model], owner: str, code: str, owner_ids: list[int], *order: str
) -> dict[int, list[str]]:
    """``{owner id: [code, ...]}`` from a link table, in one query (for exports, instead of prefetching)."""
    found: dict[int, list[str]] = {pk: [] for pk in owner_ids}
    rows = model._default_manager.filter(**{f"{owner}__in": owner_ids}).order_by(*order, code)
    for owner_id, value in rows.values_list(owner, code):
        found[owner_id].append(value)
    return found


def sectors_column(example: str = "integrated_circuits") -> c.Column:
    """The sectors of a row: codes or names of the taxonomy, comma-separated (one column for every type)."""
    return c.Column(
        "sectors",
        "行业",
        "Sectors",
        c.code_list(c.text(64)),
        c.join_list,
        help_zh="行业代码或名称，多个用逗号分隔。",
        help_en="Sector codes or names, separated by commas.",
        example=example,
    )
