from django.utils.translation import gettext_lazy as _
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from observatory.models import CifreProject, Dataset, Researcher, Testimony, Topic


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


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Testimonies are written by residents and moderated on the public site, never edited here."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete", "lock", "unlock", "publish"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class TestimonyViewSet(SnippetViewSet):
    """Read-only here (moderation happens on /observatory/testimonies/moderation/); registered so
    analyses can cite a testimony with the snippet chooser."""

    model = Testimony
    icon = "openquote"
    list_display = ["reference", "status", "submitted_at"]
    list_filter = ["status"]


class CifreProjectViewSet(SnippetViewSet):
    model = CifreProject
    icon = "user"
    list_display = ["title", "doctoral_student", "laboratory", "city_department", "started_on"]
    search_fields = ["title", "laboratory"]


class DatasetViewSet(SnippetViewSet):
    """Datasheets are edited here; releases are built by `manage.py dataset_release` or the
    weekly beat task and are never edited (each release keeps its own datasheet file)."""

    model = Dataset
    icon = "table"
    list_display = ["title", "kind", "access", "licence"]
    list_filter = ["access"]


class ObservatoryGroup(SnippetViewSetGroup):
    items = (ResearcherViewSet, TopicViewSet, TestimonyViewSet, CifreProjectViewSet, DatasetViewSet)
    menu_icon = "group"
    menu_label = _("Observatory")
    menu_name = "observatory"


register_permission_policy(Testimony, ReadOnlyPolicy(Testimony))
register_snippet(ObservatoryGroup)
