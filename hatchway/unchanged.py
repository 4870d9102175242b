"""``UNCHANGED``: the default of an update action's keyword arguments, meaning "leave this as it is".

``None`` cannot say it, since it is a value some fields take (no capacity, no event). Typed as
``X | Unchanged``; ``given()`` keeps the arguments that were passed.

>>> given(name_en="Final", name_zh=UNCHANGED)
{'name_en': 'Final'}
"""

from __future__ import annotations

import enum

__all__ = ["UNCHANGED", "Unchanged", "given"]


class Unchanged(enum.Enum):
    UNCHANGED = "unchanged"

    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED = Unchanged.UNCHANGED


def given(**fields: object) -> dict[str, object]:
    """The keyword arguments that were given, those left ``UNCHANGED`` taken out."""
    return {name: value for name, value in fields.items() if value is not UNCHANGED}
