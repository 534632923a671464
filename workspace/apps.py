from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.composition import Contributions, IndicatorSource


class WorkspaceConfig(Contributions, AppConfig):
    name = "workspace"
    verbose_name = _("Agents' AI workspace")

    # What the workspace contributes to the site (core/composition.py).
    page_urls = "workspace.urls"
    beat_schedule = "workspace.schedules.BEAT_SCHEDULE"
    demo_seed = "workspace.demo.seed"
    demo_order = 55  # after inference_bridge (its nodes), before observatory
    observatory_indicators = IndicatorSource(
        "workspace", "workspace.selectors.assistant_indicators"
    )
    api_models = "workspace.api.assistant_model"
