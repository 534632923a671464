from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from core.models import BasePage
from portal.blocks import BodyBlock, PartBlock, PrincipleBlock


class HomePage(BasePage):
    parts = StreamField([("part", PartBlock())], verbose_name=_("parts of the site"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("parts"), FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    # The parts' index pages live under the home page; portal composes, so it names them.
    subpage_types = [
        "portal.StandardPage",
        "portal.CharterPage",
        "observatory.ObservatoryIndexPage",
        "training.TrainingIndexPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")


class StandardPage(BasePage):
    """Generic and legal pages (legal notice, privacy, accessibility statement)."""

    body = StreamField(BodyBlock(), verbose_name=_("body"))
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("body"), FieldPanel("last_reviewed")]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]

    parent_page_types = ["portal.HomePage", "portal.StandardPage"]
    subpage_types = ["portal.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


class CharterPage(BasePage):
    """The city's AI charter: principles the register assesses every system against."""

    introduction = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    principles = StreamField([("principle", PrincipleBlock())], verbose_name=_("principles"))
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("introduction"),
        FieldPanel("principles"),
        FieldPanel("adopted_on"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("introduction"),
        index.SearchField("principles"),
    ]

    parent_page_types = ["portal.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("charter page")
