from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.composition import ActivitySection, Contributions, IndicatorSource, NavigationEntry
from dialogue.targets import USE_CASE, OpinionTarget


class ConsultationConfig(Contributions, AppConfig):
    name = "consultation"
    verbose_name = _("Consultations")

    # What the consultations contribute to the site (core/composition.py).
    page_urls = "consultation.urls"
    api_urls = "consultation.api_urls"
    beat_schedule = "consultation.schedules.BEAT_SCHEDULE"
    demo_seed = "consultation.demo.seed"
    demo_order = 40
    gdpr_export = "consultation.gdpr.export_user_data"
    gdpr_erase = "consultation.gdpr.erase_user_data"
    site_search = "consultation.search.site_search"
    navigation = NavigationEntry(
        "consultations", _("Consultations"), order=20, url_name="consultation:index"
    )
    observatory_indicators = IndicatorSource(
        "consultation", "consultation.selectors.consultation_indicators"
    )
    # What staff bodies may give a formal opinion on (dialogue/targets.py).
    opinion_targets = (
        OpinionTarget(
            USE_CASE,
            _("Use case"),
            "consultation.selectors.opinion_target",
            "consultation.selectors.opinion_target_suggestions",
        ),
    )
    activity_sections = (
        ActivitySection("ballots", _("My grades"), "consultation.selectors.activity_ballots", 10),
        ActivitySection(
            "comments", _("My comments"), "consultation.selectors.activity_comments", 20
        ),
        ActivitySection(
            "proposals", _("My proposals"), "consultation.selectors.activity_proposals", 30
        ),
    )

    def ready(self) -> None:
        # Services queue tasks by name (core.tasks): the registry must know them in every
        # process, including the web process running them eagerly, not only in workers.
        from consultation import tasks  # noqa: F401
