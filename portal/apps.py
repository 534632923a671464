from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from django.db.models.signals import post_delete
        from wagtail.models import Page
        from wagtail.signals import page_published, page_unpublished

        from portal.navigation import forget_index_page_urls

        page_published.connect(forget_index_page_urls, dispatch_uid="portal-nav-published")
        page_unpublished.connect(forget_index_page_urls, dispatch_uid="portal-nav-unpublished")
        post_delete.connect(forget_index_page_urls, sender=Page, dispatch_uid="portal-nav-deleted")
