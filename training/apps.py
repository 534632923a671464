from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.composition import ActivitySection, Contributions, IndicatorSource, NavigationEntry


class TrainingConfig(Contributions, AppConfig):
    name = "training"
    verbose_name = _("Training")

    # What training contributes to the site (core/composition.py). Its courses are Wagtail
    # pages: the site search finds them among the pages.
    page_urls = "training.urls"
    api_urls = "training.api_urls"
    demo_seed = "training.demo.seed"
    demo_order = 60
    gdpr_export = "training.gdpr.export_user_data"
    gdpr_erase = "training.gdpr.erase_user_data"
    # The header says "Se former" in French, the app's name elsewhere is "Formation".
    navigation = NavigationEntry(
        "training",
        pgettext_lazy("header navigation", "Training"),
        order=40,
        page_model="training.TrainingIndexPage",
    )
    observatory_indicators = IndicatorSource("training", "training.selectors.training_indicators")
    activity_sections = (
        ActivitySection("courses", _("My courses"), "training.selectors.activity_courses", 50),
        ActivitySection(
            "certificates", _("My certificates"), "training.selectors.activity_certificates", 60
        ),
    )

    def ready(self) -> None:
        from training import pages, signals  # noqa: F401  (pages: see models.page_context)
