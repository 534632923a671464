"""Content written only in French says so on /en/ pages and is marked lang="fr"."""

import pytest
from django.test import Client

from tests.consultation.factories import UseCaseFactory
from tests.register.factories import published_system

pytestmark = pytest.mark.django_db
NOTICE = "This text has not been translated yet: it is shown in its original language, French."


def test_an_english_register_page_says_the_record_is_in_french():
    system = published_system(name="Score de priorité")
    english = Client().get(f"/en/register/{system.slug}/").content.decode()
    assert NOTICE in english
    assert '<h1 lang="fr" dir="auto">Score de priorité</h1>' in english
    french = Client().get(f"/register/{system.slug}/").content.decode()
    assert "pas encore traduit" not in french


def test_english_consultation_pages_say_the_dossier_is_in_french():
    use_case = UseCaseFactory(title="Tri du courrier")
    page = Client().get(f"/en/consultations/use-cases/{use_case.pk}/").content.decode()
    assert NOTICE in page
    assert 'lang="fr">Tri du courrier</h1>' in page
    listing = Client().get(f"/en/consultations/{use_case.consultation.slug}/").content.decode()
    assert NOTICE in listing
    assert (
        "pas encore traduit"
        not in Client().get(f"/consultations/use-cases/{use_case.pk}/").content.decode()
    )
