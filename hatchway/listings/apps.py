from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ListingsConfig(AppConfig):
    name = "hatchway.listings"
    verbose_name = _("Listings")

    def ready(self) -> None:
        from hatchway.listings import signals

        signals.connect()
