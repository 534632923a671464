from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.composition import ActivitySection, Contributions, NavigationEntry


class ObservatoryConfig(Contributions, AppConfig):
    name = "observatory"
    verbose_name = _("Observatory")

    # What the observatory contributes to the site (core/composition.py). Its demo comes last:
    # publishing the demo yearly report freezes the indicators, read from the other parts' data.
    page_urls = "observatory.urls"
    api_urls = "observatory.api_urls"
    beat_schedule = "observatory.schedules.BEAT_SCHEDULE"
    demo_seed = "observatory.demo.seed"
    demo_order = 70
    gdpr_export = "observatory.gdpr.export_user_data"
    gdpr_erase = "observatory.gdpr.erase_user_data"
    site_search = "observatory.search.site_search"
    navigation = NavigationEntry(
        "observatory", _("Observatory"), order=30, page_model="observatory.ObservatoryIndexPage"
    )
    activity_sections = (
        ActivitySection(
            "testimonies", _("My testimonies"), "observatory.selectors.activity_testimonies", 70
        ),
    )

    def ready(self):
        from observatory import pages, signals  # noqa: F401  (pages: see models.page_view)
