import datetime as dt

import pytest

from observatory.models import AuthorRole, College
from tests.observatory.factories import ResearcherFactory, TopicFactory, make_analysis, make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(index):
    parent = TopicFactory(slug="transparence", name="Transparence")
    child = TopicFactory(slug="registre", name="Registre", parent=parent)
    other = TopicFactory(slug="energie", name="Énergie")
    lea = ResearcherFactory(
        name="Léa Martin", slug="lea-martin", is_cifre=True, partner_lab="LATTS"
    )
    nadia = ResearcherFactory(name="Nadia Benali", slug="nadia-benali", college=College.EXPERTS)
    make_analysis(
        index,
        title="Inventaire",
        slug="inventaire",
        topics=[child],
        authors=[(lea, AuthorRole.AUTHOR)],
    )
    make_analysis(
        index, title="Sobriété", slug="sobriete", topics=[other], authors=[(nadia, AuthorRole.AUTHOR)],
        date=dt.date(2025, 5, 1),
    )  # fmt: skip
    make_report(index)
    return index


def _titles(response):
    return [p.title for p in response.context["publications"]]


def test_listing_shows_every_publication(client, catalogue):
    response = client.get("/observatory/")
    assert response.status_code == 200
    assert set(_titles(response)) == {"Inventaire", "Sobriété", "Rapport annuel 2026"}


@pytest.mark.parametrize(
    "query, expected",
    [
        ("topic=transparence", {"Inventaire"}),  # a parent topic includes its subtopics
        ("topic=registre", {"Inventaire"}),
        ("kind=report", {"Rapport annuel 2026"}),
        ("kind=analysis", {"Inventaire", "Sobriété"}),
        ("year=2025", {"Sobriété"}),
        ("year=2026", {"Inventaire", "Rapport annuel 2026"}),
        ("author=nadia-benali", {"Sobriété"}),
        ("author=lea-martin&topic=energie", set()),
    ],
)
def test_listing_filters(client, catalogue, query, expected):
    assert set(_titles(client.get(f"/observatory/?{query}"))) == expected


def test_bad_filter_values_are_ignored_not_a_server_error(client, catalogue):
    response = client.get("/observatory/?year=abc&topic=nope&kind=zzz&author=x&page=999")
    assert response.status_code == 200
    # A NUL byte is refused at the edge for every URL (core.middleware): a 400, never a 500.
    assert client.get("/observatory/?author=%00").status_code == 400


def test_full_text_search_finds_words_of_the_abstract(client, index):
    make_analysis(
        index,
        title="Mesurer l'énergie",
        slug="energie",
        summary="La consommation électrique des réponses.",
    )
    make_analysis(index, title="Autre sujet", slug="autre", summary="Les consultations citoyennes.")
    response = client.get("/observatory/?q=consommation")
    assert _titles(response) == ["Mesurer l'énergie"]


def test_pagination(client, index):
    for i in range(12):
        make_analysis(index, title=f"Analyse {i}", slug=f"analyse-{i}")
    first = client.get("/observatory/")
    assert len(first.context["publications"]) == 10
    second = client.get("/observatory/?page=2")
    assert len(second.context["publications"]) == 2
    assert second.status_code == 200
    assert "Page 2 sur 2" in second.content.decode()
    assert 'rel="prev"' in second.content.decode() and 'rel="next"' not in second.content.decode()


def _count_queries(client, url, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_listing_query_count_does_not_grow_with_publications(
    client, index, django_assert_max_num_queries
):
    topic = TopicFactory()
    for i in range(3):
        make_analysis(
            index, slug=f"a{i}", topics=[topic], authors=[(ResearcherFactory(), "author")]
        )
    client.get("/observatory/")  # warm caches (site root paths, indicators)
    few = _count_queries(client, "/observatory/", django_assert_max_num_queries, 40)
    for i in range(3, 10):
        make_analysis(
            index,
            slug=f"a{i}",
            topics=[topic],
            authors=[(ResearcherFactory(), "author"), (ResearcherFactory(), "supervisor")],
        )
    many = _count_queries(client, "/observatory/", django_assert_max_num_queries, 40)
    assert many == few


def test_analysis_page_query_count_is_bounded(client, index, django_assert_max_num_queries):
    make_analysis(
        index, slug="courte", authors=[(ResearcherFactory(), "author")], topics=[TopicFactory()]
    )
    authors = [(ResearcherFactory(), "author") for _ in range(6)]
    make_analysis(index, slug="longue", authors=authors, topics=[TopicFactory(), TopicFactory()])
    client.get("/observatory/courte/")
    short = _count_queries(client, "/observatory/courte/", django_assert_max_num_queries, 40)
    long = _count_queries(client, "/observatory/longue/", django_assert_max_num_queries, 40)
    assert long == short


def test_english_translation_is_served_under_en(client, catalogue):
    from core.wagtail_seed import add_translation

    add_translation(catalogue, "en", title="AI observatory")
    page = catalogue.get_children().get(slug="inventaire").specific
    add_translation(page, "en", title="Inventory")
    response = client.get("/en/observatory/")
    assert response.status_code == 200
    assert _titles(response) == ["Inventory"]
    assert client.get("/en/observatory/inventaire/").status_code == 200


def test_members_are_listed_by_college(client, catalogue):
    html = client.get("/observatory/members/").content.decode()
    assert "Léa Martin" in html and "Nadia Benali" in html
    assert html.index("Léa Martin") < html.index("Nadia Benali")  # researchers before experts
    assert "LATTS" in html


def test_researcher_page_lists_their_publications(client, catalogue):
    response = client.get("/observatory/researchers/lea-martin/")
    assert response.status_code == 200
    assert [p.title for p in response.context["page_obj"]] == ["Inventaire"]
    assert client.get("/observatory/researchers/unknown/").status_code == 404


def test_analysis_page_renders_chart_footnotes_and_downloads(client, catalogue):
    html = client.get("/observatory/inventaire/").content.decode()
    assert 'role="img"' in html and "<table" in html  # chart + its table
    assert 'href="#fn-1"' in html and 'id="fn-1"' in html
    assert "/observatory/inventaire/pdf/" in html and "/observatory/inventaire/cite/bibtex/" in html
    assert 'style="' not in html.split("<main", 1)[1]  # CSP: no inline styles


def test_report_page_shows_recommendations_and_follow_up(client, catalogue):
    html = client.get("/observatory/rapport-2026/").content.decode()
    for i in range(1, 7):
        assert f"Recommandation {i}" in html


def test_one_yearly_report_per_year_and_language(index):
    from django.core.exceptions import ValidationError

    from observatory.models import AnnualReportPage

    make_report(index, year=2026)
    duplicate = AnnualReportPage(
        title="Doublon", slug="doublon", report_year=2026, summary="s", executive_summary="<p>s</p>",
        locale=index.locale,
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        duplicate.clean()
    assert "report_year" in error.value.message_dict
