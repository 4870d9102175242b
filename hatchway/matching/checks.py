"""System checks: ``hatchway check`` (and so every deploy) refuses a ``weights.yaml`` that does not validate,
instead of the first recommendation failing in front of a user."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, register
from django.utils.translation import gettext as _

from hatchway.matching.scoring import ConfigError, load_config


@register()
def check_weights(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """The scoring configuration parses and validates (``hatchway/matching/weights.yaml``)."""
    try:
        load_config()
    except ConfigError as error:
        return [
            Error(
                error.render(_),
                hint=_(
                    "Correct hatchway/matching/weights.yaml as the message says (docs/matching.md, “Tuning "
                    "weights.yaml”, describes every key), then run hatchway check again."
                ),
                id="matching.E001",
            )
        ]
    return []
