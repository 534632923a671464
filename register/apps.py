from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.composition import ActivitySection, Contributions, IndicatorSource, NavigationEntry
from dialogue.targets import REGISTER_RECORD, OpinionTarget


class RegisterConfig(Contributions, AppConfig):
    name = "register"
    verbose_name = _("AI register")

    # What the register contributes to the site (core/composition.py).
    page_urls = "register.urls"
    api_urls = "register.api_urls"
    beat_schedule = "register.schedules.BEAT_SCHEDULE"
    demo_seed = "register.demo.seed"
    demo_order = 30
    gdpr_export = "register.gdpr.export_user_data"
    gdpr_erase = "register.gdpr.erase_user_data"
    site_search = "register.search.site_search"
    navigation = NavigationEntry("register", _("AI register"), order=10, url_name="register:index")
    observatory_indicators = IndicatorSource("register", "register.selectors.register_indicators")
    ai_tool_records = "register.selectors.ai_tool_record"
    # What staff bodies may give a formal opinion on (dialogue/targets.py).
    opinion_targets = (
        OpinionTarget(
            REGISTER_RECORD,
            _("AI register record"),
            "register.selectors.opinion_target",
            "register.selectors.opinion_target_suggestions",
        ),
    )
    activity_sections = (
        ActivitySection(
            "recourse",
            _("My recourse requests"),
            "register.selectors.activity_recourse_requests",
            40,
        ),
    )

    def ready(self) -> None:
        from register.public_cache import signals_connect

        signals_connect()
