"""Every consultation's dossier prints as a plain-language PDF, in French and in English."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from consultation.models import Phase
from tests.consultation.factories import UseCaseFactory, consultation_in

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def consultation():
    consultation = consultation_in(
        Phase.VOTING,
        title="L'IA dans les services sociaux",
        paper_voting_places="Mairie du 11e, 12 place Léon-Blum, du lundi au vendredi",
    )
    UseCaseFactory(
        consultation=consultation,
        title="Pré-tri des demandes d'aide",
        problem="Les demandes attendent trois semaines.",
        risks="Une demande urgente mal classée.",
    )
    return consultation


def test_the_dossier_prints_use_cases_dates_and_how_to_vote_on_paper(client, consultation):
    response = client.get(reverse("consultation:dossier-pdf", args=[consultation.slug]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "L'IA dans les services sociaux" in text
    assert "Pré-tri des demandes d'aide" in text
    assert "Les demandes attendent trois semaines." in text
    assert "Une demande urgente mal classée." in text
    assert "Mairie du 11e, 12 place Léon-Blum" in text
    assert "Comment voter sur papier" in text  # French by default
    assert str(consultation.voting_ends_at.year) in text


def test_the_dossier_prints_in_english_under_en(client, consultation):
    response = client.get("/en" + reverse("consultation:dossier-pdf", args=[consultation.slug]))
    text = pdf_text(response.content)
    assert "How to vote on paper" in text and "Pré-tri des demandes d'aide" in text


def test_without_places_the_dossier_says_where_to_go(client):
    consultation = consultation_in(Phase.INFORMATION)
    text = pdf_text(
        client.get(reverse("consultation:dossier-pdf", args=[consultation.slug])).content
    )
    assert "mairie d'arrondissement" in text


def test_the_consultation_page_links_to_the_dossier(client, consultation):
    html = client.get(consultation.get_absolute_url()).content.decode()
    assert reverse("consultation:dossier-pdf", args=[consultation.slug]) in html


def test_an_unknown_consultation_has_no_dossier(client):
    assert client.get(reverse("consultation:dossier-pdf", args=["nothing-here"])).status_code == 404
