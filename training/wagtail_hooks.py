"""Wagtail admin: a menu entry to the staff statistics, for training managers only."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem


class TrainingStatisticsMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.has_perm("training.view_training_statistics")


@hooks.register("register_admin_menu_item")
def register_training_statistics_menu_item():
    return TrainingStatisticsMenuItem(
        _("Training statistics"),
        reverse("training:statistics"),
        icon_name="table",
        order=900,
    )
