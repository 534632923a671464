from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from register import admin_views
from register.policies import user_can_edit_register


class EditorMenuItem(MenuItem):
    def is_shown(self, request):
        return user_can_edit_register(user=request.user)


admin_urls = (
    [
        path("", admin_views.systems_index, name="index"),
        path("new/", admin_views.system_create, name="create"),
        path("partners/", admin_views.partners, name="partners"),
        path("partners/<int:pk>/harvest/", admin_views.partner_harvest, name="partner_harvest"),
        path("<int:pk>/", admin_views.system_overview, name="system"),
        path("<int:pk>/edit/", admin_views.system_edit, name="edit"),
        path("<int:pk>/questionnaire/", admin_views.system_questionnaire, name="questionnaire"),
        path("<int:pk>/charter/", admin_views.system_charter, name="charter"),
        path("<int:pk>/retire/", admin_views.system_retire, name="retire"),
        path(
            "<int:pk>/versions/<int:number>/publish/", admin_views.version_publish, name="publish"
        ),
        path(
            "<int:pk>/versions/<int:number>/discard/", admin_views.version_discard, name="discard"
        ),
    ],
    "register_admin",
)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("register/", include(admin_urls))]


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return EditorMenuItem(
        _("AI register"), reverse("register_admin:index"), icon_name="table", order=250
    )
