import io

import pytest

from accounts import demo as accounts_demo
from observatory import demo
from observatory.models import (
    AnalysisPage,
    AnnualReportPage,
    IndicatorSnapshot,
    Researcher,
    Testimony,
)
from portal import demo as portal_demo

pytestmark = pytest.mark.django_db


def test_seed_is_complete_bilingual_and_idempotent(client):
    out = io.StringIO()
    accounts_demo.seed(stdout=out)
    portal_demo.seed(stdout=out)
    demo.seed(stdout=out)
    demo.seed(stdout=out)
    assert AnalysisPage.objects.filter(locale__language_code="fr").count() == 3
    assert AnalysisPage.objects.filter(locale__language_code="en").count() == 3
    report = AnnualReportPage.objects.get(locale__language_code="fr", report_year=2026)
    assert report.recommendations.count() >= 6
    assert IndicatorSnapshot.objects.filter(report=report).exists()
    assert Researcher.objects.filter(college="researchers").count() >= 2
    assert Researcher.objects.filter(is_cifre=True).count() == 1
    assert Researcher.objects.count() >= 4
    assert Testimony.objects.filter(status="published").count() >= 3
    for url in ("/observatory/", "/en/observatory/", "/observatory/inventaire-systemes-ia-2026/",
                "/en/observatory/sobriete-energie-modele-municipal/", "/en/observatory/rapport-2026/"):  # fmt: skip
        assert client.get(url).status_code == 200, url
    html = client.get("/en/observatory/ce-que-disent-les-parisiens/").content.decode()
    assert "What Parisians say" in html
    # The analysis cites a published resident testimony.
    html = client.get("/observatory/ce-que-disent-les-parisiens/").content.decode()
    assert "place en crèche en ligne" in html and "/observatory/testimonies/" in html
