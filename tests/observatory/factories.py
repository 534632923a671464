"""Observatory factories and page builders (pages are built the way editors do: add + publish)."""

import datetime as dt
import html as html_lib
import re

import factory
from wagtail.models import Collection, Locale, Page, Site

from observatory.models import (
    AnalysisPage,
    AnnualReportPage,
    Authorship,
    ObservatoryIndexPage,
    Recommendation,
    Researcher,
    Testimony,
    Topic,
)
from portal.models import HomePage
from tests.factories import UserFactory


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Thème {n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class ResearcherFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Researcher

    name = factory.Sequence(lambda n: f"Prénom{n} Nom{n}")
    affiliation = "Université Paris Cité"


class TestimonyFactory(factory.django.DjangoModelFactory):
    __test__ = False

    class Meta:
        model = Testimony

    author = factory.SubFactory(UserFactory)
    text = "Le chatbot de la mairie m'a orienté vers le bon service, mais sans dire qu'il était une IA."
    consent = True


def make_home() -> Page:
    fr = Locale.objects.get_or_create(language_code="fr")[0]
    Locale.objects.get_or_create(language_code="en")
    existing = HomePage.objects.filter(locale=fr).first()
    if existing:
        return existing
    root = Page.get_first_root_node()
    home = HomePage(title="Accueil", slug="accueil", locale=fr)
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    return home


def make_index(home=None) -> ObservatoryIndexPage:
    home = home or make_home()
    index = ObservatoryIndexPage(title="Observatoire de l'IA", slug="observatory", lead="Lead")
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


BODY = [
    {"type": "heading", "value": {"text": "Méthode", "level": "h2"}},
    {"type": "paragraph", "value": "<p>Nous avons lu toutes les fiches du registre [1].</p>"},
    {
        "type": "chart",
        "value": {
            "title": "Systèmes par niveau",
            "kind": "bar",
            "data": "Niveau;Systèmes\nÉlevé;4\nMinimal;17",
            "unit": "",
            "description": "",
            "source": "",
        },
    },
    {"type": "footnotes", "value": {"notes": ["<p>Standard commun.</p>"]}},
]


def index_after_flush() -> ObservatoryIndexPage:
    """Transactional tests (the browser's) flush data migrations: recreate the French locale,
    the page and collection roots and the editorial workflow, then an observatory index under
    a home page."""
    from django.apps import apps

    from observatory.editorial import editorial_setup

    Locale.objects.get_or_create(language_code="fr")
    if Page.get_first_root_node() is None:
        Page.add_root(title="Root", slug="root")
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    editorial_setup(apps)
    return make_index(make_home())


def make_analysis(
    index,
    *,
    title="Une analyse",
    slug=None,
    authors=(),
    topics=(),
    date=None,
    body=None,
    live=True,
    **kw,
) -> AnalysisPage:
    page = AnalysisPage(
        title=title,
        slug=slug or factory.Faker._get_faker().unique.slug(),
        summary=kw.pop("summary", "Résumé de l'analyse, en quelques phrases."),
        publication_date=date or dt.date(2026, 3, 12),
        body=body if body is not None else BODY,
        live=live,
        authorships=[
            Authorship(researcher=r, role=role, sort_order=i) for i, (r, role) in enumerate(authors)
        ],
        **kw,
    )
    page.topics = list(topics)
    index.add_child(instance=page)
    if live:
        page.save_revision().publish()
    else:
        page.save_revision()
    return page


def make_report(index, *, year=2026, recommendations=6) -> AnnualReportPage:
    page = AnnualReportPage(
        title=f"Rapport annuel {year}",
        slug=f"rapport-{year}",
        report_year=year,
        summary="Le rapport de l'année.",
        executive_summary="<p>Synthèse.</p>",
        publication_date=dt.date(year, 10, 15),
        recommendations=[
            Recommendation(reference=f"R{i + 1}", title=f"Recommandation {i + 1}", addressee="DSIN")
            for i in range(recommendations)
        ],
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def figures(html: str) -> dict[str, str]:
    """Key figures shown on a page (indicators, report, indicator block): label → value."""
    pattern = r'<span class="figure__value">([^<]*)</span> <span class="figure__label">([^<]*)<'
    return {html_lib.unescape(label): value for value, label in re.findall(pattern, html)}
