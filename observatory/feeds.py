"""RSS and Atom feeds of a listing: the same filters as the page (?topic=…&author=…)."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from observatory import selectors
from observatory.citation import absolute_url, publisher_name
from observatory.forms import PublicationFilterForm
from observatory.models import AnalysisPage

FEED_SIZE = 30


class PublicationsRssFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, index):
        super().__init__()
        self.index = index

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return PublicationFilterForm(request.GET or None, index=self.index).filters()

    def title(self, filters):
        return _("Publications of the AI observatory") + f" — {publisher_name()}"

    def link(self, filters):
        return self.index.get_url(self.request)

    def description(self, filters):
        return self.index.lead or _("Analyses and yearly reports of the city's AI observatory.")

    def items(self, filters):
        pages = selectors.publications_filtered(index=self.index, filters=filters)[:FEED_SIZE]
        return selectors.publications_specific(list(pages), self.request)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return absolute_url(item, self.request)

    def item_guid(self, item):
        return f"urn:ia-commune:observatory:{item.translation_key}:{item.locale.language_code}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        if isinstance(item, AnalysisPage):
            return ", ".join(a.researcher.name for a in item.ordered_authorships) or None
        return publisher_name()

    def item_categories(self, item):
        if isinstance(item, AnalysisPage):
            return [t.label for t in item.topics.all()]
        return []


class PublicationsAtomFeed(PublicationsRssFeed):
    feed_type = Atom1Feed
    subtitle = PublicationsRssFeed.description
