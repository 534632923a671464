"""Every AI output of the consultation (a published debate synthesis, an automatic translation)
carries the one AI label: the model, a link to the tool's register record and to "ask for a
human review" (that record's recourse form)."""

import pytest
from django.test import Client

from accounts.roles import Role
from consultation import services
from core.models import TranslationOrigin
from core.translations import translation_save
from register import services as register_services
from tests.consultation.debate_fixture import crafted_synthesis, debate_build
from tests.consultation.factories import UseCaseFactory
from tests.factories import UserFactory
from tests.register.factories import editor, published_system

pytestmark = pytest.mark.django_db


def _tool_record(tool: str):
    system = published_system(name=f"Outil {tool}")
    register_services.system_tool_key_set(actor=editor(), system=system, tool_key=tool)
    return system


def _links(html: str, system) -> bool:
    return f'/register/{system.slug}/"' in html and f'/register/{system.slug}/recourse/"' in html


def test_a_published_synthesis_links_to_its_register_record_and_to_a_human_review():
    debate = debate_build()
    synthesis = crafted_synthesis(
        debate["use_case"],
        [("Le budget municipal pèse sur les finances.", [debate["comments"]["cost"][3].pk])],
    )
    services.synthesis_publish(
        user=UserFactory(roles=[Role.MODERATOR]), synthesis=synthesis, edits={}, reviewer_title="M"
    )
    url = f"/en/consultations/syntheses/{synthesis.pk}/"
    before = Client().get(url).content.decode()
    assert "Synthesis assisted by AI" in before and "/recourse/" not in before
    system = _tool_record("synthesis")
    html = Client().get(url).content.decode()
    assert 'class="ai-label"' in html and _links(html, system)
    assert "Ask for a human review" in html


def test_an_automatic_translation_links_to_its_register_record_and_to_a_human_review():
    system = _tool_record("translation")
    use_case = UseCaseFactory(title="Tri du courrier", summary="Orienter les courriers.")
    for field, text in (("title", "Mail sorting"), ("summary", "Route the letters.")):
        translation_save(
            obj=use_case,
            field=field,
            language="en",
            text=text,
            source_text=getattr(use_case, field),
            origin=TranslationOrigin.MACHINE,
            model_name="SmolLM2-135M-Instruct",
        )
    page = Client().get(f"/en/consultations/use-cases/{use_case.pk}/").content.decode()
    assert "Automatic translation" in page and _links(page, system)
    reading = Client().get(f"/en/consultations/read/use-case/{use_case.pk}/en/").content.decode()
    assert "by the model SmolLM2-135M-Instruct" in reading and _links(reading, system)


def test_a_translated_use_case_card_on_the_consultation_page_links_to_the_record():
    """The consultation's list shows each use case's title and summary in the reader's
    language: a machine-translated card carries the AI label with its links too."""
    system = _tool_record("translation")
    use_case = UseCaseFactory(title="Tri du courrier", summary="Orienter les courriers.")
    for field, text in (("title", "Mail sorting"), ("summary", "Route the letters.")):
        translation_save(
            obj=use_case,
            field=field,
            language="en",
            text=text,
            source_text=getattr(use_case, field),
            origin=TranslationOrigin.MACHINE,
            model_name="SmolLM2-135M-Instruct",
        )
    page = Client().get(f"/en/consultations/{use_case.consultation.slug}/").content.decode()
    card = page[page.index("Mail sorting") :]
    assert "Automatic translation" in card and _links(card, system)
