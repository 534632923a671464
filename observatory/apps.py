from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObservatoryConfig(AppConfig):
    name = "observatory"
    verbose_name = _("Observatory")

    def ready(self):
        from observatory import pages, signals  # noqa: F401  (pages: see models.page_view)
