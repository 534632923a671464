import feedparser
import pytest

from tests.observatory.factories import TopicFactory, make_analysis, make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def publications(index):
    energy = TopicFactory(slug="energie", name="Énergie")
    make_analysis(index, title="Sobriété du modèle", slug="sobriete", topics=[energy])
    make_analysis(index, title="Inventaire des systèmes", slug="inventaire")
    make_report(index)


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_feeds_parse_and_list_every_publication(client, publications, kind):
    response = client.get(f"/observatory/feed/{kind}/")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == ("rss20" if kind == "rss" else "atom10")
    titles = {entry.title for entry in feed.entries}
    assert titles == {"Sobriété du modèle", "Inventaire des systèmes", "Rapport annuel 2026"}
    assert all(entry.link.startswith("http") for entry in feed.entries)


def test_feed_follows_the_listing_filters(client, publications):
    feed = feedparser.parse(client.get("/observatory/feed/atom/?topic=energie").content)
    assert [e.title for e in feed.entries] == ["Sobriété du modèle"]
    feed = feedparser.parse(client.get("/observatory/feed/rss/?kind=report").content)
    assert [e.title for e in feed.entries] == ["Rapport annuel 2026"]


def test_listing_advertises_its_feeds(client, publications):
    html = client.get("/observatory/?topic=energie").content.decode()
    assert 'type="application/rss+xml"' in html
    assert "/observatory/feed/atom/?topic=energie" in html
