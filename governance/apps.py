from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.composition import Contributions, IndicatorSource, NavigationEntry


class GovernanceConfig(Contributions, AppConfig):
    name = "governance"
    verbose_name = _("AI governance")

    # What the governance pipeline contributes to the site (core/composition.py).
    page_urls = "governance.urls"
    # After the register (30), the consultations (40) and staff dialogue (45) it reads: its
    # projects point at their use cases and records, and staff opinions pass its gates.
    demo_seed = "governance.demo.seed"
    demo_order = 48
    gdpr_export = "governance.gdpr.export_user_data"
    gdpr_erase = "governance.gdpr.erase_user_data"
    navigation = NavigationEntry(
        "governance", _("AI governance"), order=37, url_name="governance:index"
    )
    observatory_indicators = IndicatorSource(
        "governance", "governance.selectors.governance_indicators"
    )
