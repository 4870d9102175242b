"""What a file type is: its columns, who may use it, and how its rows are checked and stored."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, NamedTuple

from django.db.models import Model, QuerySet
from django.utils.translation import get_language

from hatchway.accounts.models import User
from hatchway.transfer.columns import Column


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    value: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "value": self.value, "message": self.message}


class Outcome(NamedTuple):
    """What storing a batch did: records created, records changed, rows that matched what was stored."""

    created: int
    updated: int
    unchanged: int = 0


EXPORT_CHUNK = 2000

# Facts gathered while checking a file, kept from one batch to the next (ids seen, keys seen...).
CheckState = dict[str, Any]


class Spec:
    """A file type. Subclasses set the columns and implement the hooks; the engine does the rest."""

    name: ClassVar[str]
    label_zh: ClassVar[str]
    label_en: ClassVar[str]
    columns: ClassVar[Sequence[Column]]
    key_column: ClassVar[str | None] = "id"
    # Place on the overview page and in the command line's list of types.
    order: ClassVar[int] = 100
    # Who may import, in words for the overview page (zh, en).
    importers_zh: ClassVar[str] = "平台运营方"
    importers_en: ClassVar[str] = "Platform operators"

    @property
    def label(self) -> str:
        return self.label_zh if (get_language() or "").startswith("zh") else self.label_en

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)

    @property
    def importers(self) -> str:
        return self.importers_zh if (get_language() or "").startswith("zh") else self.importers_en

    # Permissions -------------------------------------------------------------------------------
    def can_import(self, user: User) -> bool:
        """Whether the user may import this type at all; each row is checked again in check_batch."""
        raise NotImplementedError

    def can_export(self, user: User) -> bool:
        """Whether the user may export this type (personal data: fewer people than may read it)."""
        return True

    def export_queryset(self, user: User) -> QuerySet[Any]:
        raise NotImplementedError

    # Rows --------------------------------------------------------------------------------------
    def to_values(self, obj: Model) -> dict[str, Any]:
        """The column values of one stored record (for export)."""
        raise NotImplementedError

    def export_records(self, user: User) -> Iterator[dict[str, Any]]:
        """The column values of every record the user may export. Types with many-to-many columns
        override it to load those per chunk of rows (Django's prefetching costs more than the rows)."""
        for obj in self.export_queryset(user).iterator(chunk_size=EXPORT_CHUNK):
            yield self.to_values(obj)

    def check_batch(
        self, rows: list[tuple[int, dict[str, Any]]], user: User, state: CheckState
    ) -> Iterable[RowError]:
        """Checks that need the database or several rows (existing ids, duplicates); no writes.

        ``state`` lives as long as the check of one file, so duplicates are found across batches.
        """
        return ()

    def write_batch(self, rows: list[dict[str, Any]], user: User) -> Outcome:
        """Store checked rows. Runs inside the import's one transaction."""
        raise NotImplementedError

    def write_rows(self, rows: list[tuple[int, dict[str, Any]]], user: User, *, source: str) -> Outcome:
        """Store checked rows with their numbers in the file named ``source``; most types need neither
        and implement ``write_batch``. Types that record where each row came from override this."""
        return self.write_batch([values for _number, values in rows], user)


_registry: dict[str, Spec] = {}


def register(spec_class: type[Spec]) -> type[Spec]:
    _registry[spec_class.name] = spec_class()
    return spec_class


def get_spec(name: str) -> Spec | None:
    return _registry.get(name)


def all_specs() -> list[Spec]:
    return sorted(_registry.values(), key=lambda spec: (spec.order, spec.name))
