from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.composition import Contributions, IndicatorSource, NavigationEntry, ProfileLink


class InferenceBridgeConfig(Contributions, AppConfig):
    name = "inference_bridge"
    verbose_name = _("City language model")

    # What the city's language model contributes to the site (core/composition.py).
    page_urls = "inference_bridge.urls"
    api_urls = "inference_bridge.api_urls"
    beat_schedule = "inference_bridge.schedules.BEAT_SCHEDULE"
    demo_seed = "inference_bridge.demo.seed"
    demo_order = 50
    gdpr_export = "inference_bridge.gdpr.export_user_data"
    gdpr_erase = "inference_bridge.gdpr.erase_user_data"
    site_search = "inference_bridge.search.site_search"
    navigation = NavigationEntry(
        "sandbox", _("Try the city's AI"), order=50, url_name="inference_bridge:sandbox"
    )
    profile_links = (
        ProfileLink(_("My API tokens for the city's language model"), "inference_bridge:tokens"),
    )
    observatory_indicators = IndicatorSource(
        "inference", "inference_bridge.selectors.inference_indicators"
    )

    def ready(self) -> None:
        # The router's receivers: a node or collectivity saved → every process reloads its
        # in-memory node list.
        from . import router  # noqa: F401
