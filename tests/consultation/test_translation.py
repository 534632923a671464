"""Translation and plain language: storage, invalidation, human versions, placeholder, rate
limit, visibility; English versions of the demo content on /en/ pages."""

import pytest
from django.test import Client

from consultation.models import Comment
from core.models import Translation, TranslationOrigin, TranslationStatus
from core.translations import translation_save, translations_current
from tests.consultation.factories import UseCaseFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_translation_stops_matching_when_its_source_changes():
    use_case = UseCaseFactory(risks="Erreurs factuelles.")
    translation_save(
        obj=use_case,
        field="risks",
        language="en",
        text="Factual errors.",
        source_text=use_case.risks,
    )
    assert translations_current(obj=use_case, sources={"risks": use_case.risks}, language="en")
    use_case.risks = "Erreurs factuelles et biais."
    use_case.save()
    assert (
        translations_current(obj=use_case, sources={"risks": use_case.risks}, language="en") == {}
    )


def test_a_version_reviewed_by_a_person_replaces_the_automatic_one():
    use_case = UseCaseFactory(risks="Erreurs factuelles.")
    translation_save(
        obj=use_case, field="risks", language="en", text="Fact errors.", source_text=use_case.risks
    )
    translation_save(
        obj=use_case,
        field="risks",
        language="en",
        text="Factual errors.",
        source_text=use_case.risks,
        origin=TranslationOrigin.HUMAN,
        reviewer=UserFactory(),
    )
    row = translations_current(obj=use_case, sources={"risks": use_case.risks}, language="en")[
        "risks"
    ]
    assert (row.text, row.origin) == ("Factual errors.", TranslationOrigin.HUMAN)
    page = Client().get(f"/consultations/read/use-case/{use_case.pk}/en/").content.decode()
    assert "Factual errors." in page and "Fact errors." not in page
    assert "Traduction relue par une personne" in page


def test_asking_for_a_version_queues_the_model_and_the_page_shows_a_placeholder(
    django_capture_on_commit_callbacks,
):
    comment = Comment.objects.create(
        use_case=UseCaseFactory(),
        author=UserFactory(),
        body="Les sous-titres sont utiles.",
        body_html="x",
    )
    url = f"/consultations/read/comment/{comment.pk}/en/"
    first = Client().get(url).content.decode()
    assert "Préparer" in first  # nothing asked yet: the button that asks
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = Client().post(url)
    assert response.status_code == 302
    assert len(callbacks) == 1  # the model runs in the background, after commit
    row = Translation.objects.get()
    assert (row.status, row.field, row.language) == (TranslationStatus.PENDING, "body", "en")
    page = Client().get(url).content.decode()
    assert 'http-equiv="refresh"' in page
    # asking again while it is being prepared queues nothing more
    with django_capture_on_commit_callbacks(execute=False) as again:
        Client().post(url)
    assert again == []


def test_translation_requests_are_rate_limited_with_retry_after(
    settings, django_capture_on_commit_callbacks
):
    settings.CONSULTATION_RATE_TRANSLATIONS = "1/hour"
    use_case = UseCaseFactory()
    client = Client()
    client.force_login(UserFactory())
    with django_capture_on_commit_callbacks(execute=False):
        assert client.post(f"/consultations/read/use-case/{use_case.pk}/en/").status_code == 302
        refused = client.post(f"/consultations/read/use-case/{use_case.pk}/fr-plain/")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) == 3600


def test_hidden_comments_and_unknown_targets_cannot_be_read_translated():
    comment = Comment.objects.create(
        use_case=UseCaseFactory(),
        author=UserFactory(),
        body="Texte.",
        body_html="x",
        is_hidden=True,
    )
    assert Client().get(f"/consultations/read/comment/{comment.pk}/en/").status_code == 404
    assert Client().post(f"/consultations/read/comment/{comment.pk}/en/").status_code == 404
    assert (
        Client().get(f"/consultations/read/use-case/{comment.use_case_id}/de/").status_code == 404
    )


def test_a_dossier_with_an_english_version_shows_it_on_english_pages_without_the_notice():
    use_case = UseCaseFactory(title="Tri du courrier", summary="Orienter les courriers.")
    for field, text in (("title", "Mail sorting"), ("summary", "Route the letters.")):
        translation_save(
            obj=use_case,
            field=field,
            language="en",
            text=text,
            source_text=getattr(use_case, field),
            origin=TranslationOrigin.HUMAN,
        )
    english = Client().get(f"/en/consultations/use-cases/{use_case.pk}/").content.decode()
    assert "Mail sorting" in english and "has not been translated yet" not in english
    french = Client().get(f"/consultations/use-cases/{use_case.pk}/").content.decode()
    assert "Tri du courrier" in french and "Mail sorting" not in french
    other = UseCaseFactory()
    untranslated = Client().get(f"/en/consultations/use-cases/{other.pk}/").content.decode()
    assert "has not been translated yet" in untranslated


@pytest.mark.model
def test_the_city_model_produces_an_english_version_in_the_background(
    django_capture_on_commit_callbacks, socket_guard
):
    from inference_bridge.services import nodes_ensure_default

    nodes_ensure_default()
    socket_guard.allow_inference_nodes()
    comment = Comment.objects.create(
        use_case=UseCaseFactory(),
        author=UserFactory(),
        body="Les sous-titres sont utiles.",
        body_html="x",
    )
    url = f"/consultations/read/comment/{comment.pk}/en/"
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(url)
    row = Translation.objects.get()
    assert row.status == TranslationStatus.READY and row.text
    page = Client().get(url).content.decode()
    assert "Traduction automatique — IA de la Ville" in page
    assert socket_guard.refused == []  # the text went nowhere but the city's own model
    comment.body = "Les sous-titres sont indispensables."
    comment.save()
    assert "Préparer" in Client().get(url).content.decode()  # stale: asked anew
