from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from observatory.models import Researcher, Testimony, Topic


class ResearcherViewSet(SnippetViewSet):
    model = Researcher
    icon = "user"
    list_display = ["name", "college", "affiliation", "is_cifre", "orcid"]
    list_filter = ["college", "is_cifre"]
    search_fields = ["name", "affiliation"]


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    list_display = ["name", "name_en", "parent"]


class TestimonyViewSet(SnippetViewSet):
    """Read-only here (moderation happens on /observatory/testimonies/moderation/); registered so
    analyses can cite a testimony with the snippet chooser."""

    model = Testimony
    icon = "openquote"
    list_display = ["reference", "status", "submitted_at"]
    list_filter = ["status"]


class ObservatoryGroup(SnippetViewSetGroup):
    items = (ResearcherViewSet, TopicViewSet, TestimonyViewSet)
    menu_icon = "group"
    menu_label = _("Observatory")
    menu_name = "observatory"


register_snippet(ObservatoryGroup)
