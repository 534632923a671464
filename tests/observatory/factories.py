"""Observatory factories and page builders (pages are built the way editors do: add + publish)."""

import datetime as dt
import sys
import types

import factory
from wagtail.models import Locale, Page, Site

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


def fake_selectors(monkeypatch, module_name: str, **functions) -> types.ModuleType:
    """Stand in for another app's selectors module (the contract functions only)."""
    module = types.ModuleType(f"{module_name}.selectors")
    for name, value in functions.items():
        setattr(module, name, value)
    monkeypatch.setitem(sys.modules, f"{module_name}.selectors", module)
    return module


def missing_selectors(monkeypatch, *app_labels: str) -> None:
    """Leave these apps' indicator sections undeclared, as for a city that does not install them.

    An app contributes its section through its AppConfig (core/composition.py): an app that is
    not installed declares none.
    """
    from observatory import indicators

    kept = {
        section: path
        for section, path in indicators.indicator_sources().items()
        if path.split(".", 1)[0] not in app_labels
    }
    monkeypatch.setattr(indicators, "indicator_sources", lambda: kept)


REGISTER_DATA = {
    "systems_total": 32,
    "by_risk_level": [
        {"key": "high", "label": "High", "count": 4},
        {"key": "limited", "label": "Limited", "count": 11},
        {"key": "minimal", "label": "Minimal", "count": 17},
    ],
    "by_status": [{"key": "in_service", "label": "In service", "count": 30}],
    "by_department": [{"key": "dsin", "label": "DSIN", "count": 12}],
    "published_by_month": [{"month": "2026-01", "count": 20}, {"month": "2026-02", "count": 12}],
    "recourse": {
        "received": 9,
        "answered": 7,
        "answered_on_time": 6,
        "open": 2,
        "overdue_open": 1,
        "median_days_to_answer": 12.5,
    },
}
