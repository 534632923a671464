from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InferenceBridgeConfig(AppConfig):
    name = "inference_bridge"
    verbose_name = _("City language model")
