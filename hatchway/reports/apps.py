from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "hatchway.reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from hatchway.reports import checks  # noqa: F401 (checks register themselves)
