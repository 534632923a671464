"""The page base every Wagtail page of the site extends.

It lives here, below the apps, so that portal, observatory and training share it without
importing one another.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index


class BasePage(Page):
    """Every page of the site: a lead paragraph, searched like the title."""

    lead = models.TextField(_("lead paragraph"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("lead")]
    search_fields = [*Page.search_fields, index.SearchField("lead")]

    class Meta:
        abstract = True
