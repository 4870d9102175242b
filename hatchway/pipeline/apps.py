from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PipelineConfig(AppConfig):
    name = "hatchway.pipeline"
    verbose_name = _("Interests and matches")

    def ready(self) -> None:
        from hatchway.matching.views import CARD_ACTIONS

        # A recommendation card offers to express interest before its feedback buttons.
        if "pipeline/_interest_form.html" not in CARD_ACTIONS:
            CARD_ACTIONS.insert(0, "pipeline/_interest_form.html")
