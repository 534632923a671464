from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.composition import Contributions, IndicatorSource, NavigationEntry


class DialogueConfig(Contributions, AppConfig):
    name = "dialogue"
    verbose_name = _("Staff dialogue")

    # What staff dialogue contributes to the site (core/composition.py).
    page_urls = "dialogue.urls"
    beat_schedule = "dialogue.schedules.BEAT_SCHEDULE"
    # After the register (30) and the consultations (40): opinions point at their records.
    demo_seed = "dialogue.demo.seed"
    demo_order = 45
    gdpr_export = "dialogue.gdpr.export_user_data"
    gdpr_erase = "dialogue.gdpr.erase_user_data"
    navigation = NavigationEntry(
        "dialogue", _("Staff dialogue"), order=35, url_name="dialogue:index"
    )
    observatory_indicators = IndicatorSource("dialogue", "dialogue.selectors.dialogue_indicators")

    def ready(self) -> None:
        from dialogue import tasks  # noqa: F401
