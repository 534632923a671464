from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.composition import Contributions


class PortalConfig(Contributions, AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    # Portal composes the others (navigation, search); it contributes its own pages' seed.
    demo_seed = "portal.demo.seed"
    demo_order = 20
