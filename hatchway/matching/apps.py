from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "hatchway.matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        from hatchway.matching import checks, signals  # noqa: F401 (checks register themselves)

        signals.connect()
