from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.composition import Contributions, NavigationEntry


class LibraryConfig(Contributions, AppConfig):
    name = "library"
    verbose_name = _("Use-case library")

    # What the library contributes to the site (core/composition.py).
    page_urls = "library.urls"
    beat_schedule = "library.schedules.BEAT_SCHEDULE"
    demo_seed = "library.demo.seed"
    demo_order = 45  # after the register (30) and the consultation (40) it reads
    gdpr_export = "library.gdpr.export_user_data"
    gdpr_erase = "library.gdpr.erase_user_data"
    site_search = "library.search.site_search"
    similar_cases = "library.selectors.cases_similar"
    navigation = NavigationEntry(
        "library", _("Use-case library"), order=25, url_name="library:index"
    )

    def ready(self) -> None:
        from library import signals, tasks  # noqa: F401

        signals.connect()
