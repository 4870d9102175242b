"""What a file type is: its columns, who may use it, and how its rows are checked and stored."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

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


class Spec:
    """A file type. Subclasses set the columns and implement the hooks; the engine does the rest."""

    name: ClassVar[str]
    label_zh: ClassVar[str]
    label_en: ClassVar[str]
    columns: ClassVar[Sequence[Column]]
    key_column: ClassVar[str | None] = "id"

    @property
    def label(self) -> str:
        return self.label_zh if (get_language() or "").startswith("zh") else self.label_en

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)

    # Permissions -------------------------------------------------------------------------------
    def can_import(self, user: User) -> bool:
        raise NotImplementedError

    def export_queryset(self, user: User) -> QuerySet[Any]:
        raise NotImplementedError

    # Rows --------------------------------------------------------------------------------------
    def to_values(self, obj: Model) -> dict[str, Any]:
        """The column values of one stored record (for export)."""
        raise NotImplementedError

    def check_batch(self, rows: list[tuple[int, dict[str, Any]]], user: User) -> Iterable[RowError]:
        """Checks that need the database or several rows (existing ids, duplicates); no writes."""
        return ()

    def write_batch(self, rows: list[dict[str, Any]], user: User) -> tuple[int, int]:
        """Store checked rows; return (created, updated). Runs inside the import's one transaction."""
        raise NotImplementedError


_registry: dict[str, Spec] = {}


def register(spec_class: type[Spec]) -> type[Spec]:
    _registry[spec_class.name] = spec_class()
    return spec_class


def get_spec(name: str) -> Spec | None:
    return _registry.get(name)


def all_specs() -> list[Spec]:
    return list(_registry.values())
