from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransferConfig(AppConfig):
    name = "hatchway.transfer"
    verbose_name = _("Import and export")

    def ready(self) -> None:
        from hatchway.transfer import specs  # noqa: F401  (registers the built-in file types)
