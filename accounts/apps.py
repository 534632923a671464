from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.composition import Contributions


class AccountsConfig(Contributions, AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    # What accounts contributes (core/composition.py). Its own GDPR data is the account itself.
    page_urls = "accounts.urls"
    demo_seed = "accounts.demo.seed"
    demo_order = 10

    def ready(self) -> None:
        from accounts import signals  # noqa: F401  (connects receivers)
