import datetime as dt
import json
import re

import pytest

from observatory.citation import analysis_bibtex, analysis_citation
from observatory.models import AuthorRole
from tests.observatory.factories import ResearcherFactory, make_analysis

pytestmark = pytest.mark.django_db


@pytest.fixture
def analysis(index):
    lea = ResearcherFactory(
        name="Léa Martin", affiliation="Ville de Paris", orcid="0000-0002-1825-0097"
    )
    antoine = ResearcherFactory(name="Antoine Dubois")
    helper = ResearcherFactory(name="Marc Lefèvre")
    return make_analysis(
        index,
        title="Données & algorithmes : 100% ouverts_ou pas",
        slug="donnees",
        authors=[
            (lea, AuthorRole.AUTHOR),
            (antoine, AuthorRole.SUPERVISOR),
            (helper, AuthorRole.CONTRIBUTOR),
        ],
        last_revised=dt.date(2026, 4, 2),
    )


def test_plain_citation_names_signing_authors_year_title_and_url(analysis):
    citation = analysis_citation(page=analysis)
    assert citation["plain"].startswith("Martin, L. & Dubois, A. (2026). Données & algorithmes")
    assert "Lefèvre" not in citation["plain"]
    assert "/observatory/donnees/" in citation["plain"]
    assert "2026-04-02" in citation["plain"]


def test_bibtex_entry_is_escaped_and_complete(analysis):
    bib = analysis_bibtex(page=analysis)
    assert bib.startswith("@techreport{martin2026donnees,")
    assert "author = {Martin, Léa and Dubois, Antoine}" in bib
    assert r"title = {{Données \& algorithmes : 100\% ouverts\_ou pas}}" in bib
    assert "year = {2026}" in bib
    assert "month = mar" in bib
    assert bib.count("{") == bib.count("}") + bib.count(r"\{") - bib.count(r"\}")


def test_bibtex_download(client, analysis):
    response = client.get("/observatory/donnees/cite/bibtex/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/x-bibtex")
    assert response["Content-Disposition"] == 'attachment; filename="martin2026donnees.bib"'
    assert "@techreport{martin2026donnees" in response.content.decode()


def test_page_shows_cite_this_page_and_valid_json_ld(client, analysis):
    analysis.title = "Titre </script><script>alert(1)</script>"
    analysis.save_revision().publish()
    html = client.get("/observatory/donnees/").content.decode()
    assert "Martin, L. &amp; Dubois, A. (2026)" in html
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@type"] == "ScholarlyArticle"
    assert data["name"] == "Titre </script><script>alert(1)</script>"
    assert [a["name"] for a in data["author"]] == ["Léa Martin", "Antoine Dubois", "Marc Lefèvre"]
    assert data["author"][0]["identifier"] == "https://orcid.org/0000-0002-1825-0097"
    assert data["datePublished"] == "2026-03-12"
    assert data["dateModified"] == "2026-04-02"
