"""Atom feed of published versions: journalists and partners follow changes to the register."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from register.models import AISystemVersion


class RegisterChangesFeed(Feed):
    feed_type = Atom1Feed
    title = _("AI register: latest published versions")
    subtitle = _("Every new or changed record of the city's AI register.")

    def link(self):
        return reverse("register:index")

    def items(self):
        return (
            AISystemVersion.objects.filter(
                published_at__isnull=False,
                system__remote__isnull=True,
                system__published_version__isnull=False,
            )
            .select_related("system")
            .order_by("-published_at", "-id")[:30]
        )

    def item_title(self, item):
        return f"{item.name} — v{item.number}"

    def item_description(self, item):
        return item.change_summary or item.short_description

    def item_link(self, item):
        return f"{item.system.get_absolute_url()}history/#v{item.number}"

    def item_pubdate(self, item):
        return item.published_at

    def item_guid(self, item):
        return f"urn:uuid:{item.system.uuid}:v{item.number}"

    item_guid_is_permalink = False
