import io

import pytest
from pypdf import PdfReader

from tests.observatory.factories import ResearcherFactory, make_analysis, make_report

pytestmark = pytest.mark.django_db


def _text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_analysis_pdf_is_a_real_pdf_with_the_title(client, index):
    make_analysis(
        index,
        title="Sobriété des réponses",
        slug="sobriete",
        authors=[(ResearcherFactory(name="Léa Martin"), "author")],
    )
    response = client.get("/observatory/sobriete/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = _text(response.content)
    assert "Sobriété des réponses" in text
    assert "Léa Martin" in text


def test_report_pdf_lists_the_recommendations(client, index):
    make_report(index, recommendations=6)
    response = client.get("/observatory/rapport-2026/pdf/")
    text = _text(response.content)
    assert "Rapport annuel 2026" in text
    assert "Recommandation 6" in text
