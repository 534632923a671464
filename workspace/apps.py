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
    demo_order = 80
    gdpr_export = "workspace.gdpr.export_user_data"
    gdpr_erase = "workspace.gdpr.erase_user_data"
    observatory_indicators = IndicatorSource(
        "workspace", "workspace.selectors.assistant_indicators"
    )
    api_models = "workspace.api.assistant_model"

    def ready(self):
        # The extraction and purge tasks are sent by name (core.tasks.task_send_on_commit):
        # register them with Celery even before its autodiscovery has run.
        from workspace import tasks  # noqa: F401
