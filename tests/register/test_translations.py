"""English versions of register records (issue 20, item 19): seeded reviewed translations are
shown on /en/ pages; a new version that changes a field makes its translation stale."""

import pytest
from django.test import Client

from core.models import TranslationOrigin
from core.translations import translation_save
from tests.register.factories import published_system

pytestmark = pytest.mark.django_db


def test_an_english_record_page_shows_the_translation_without_the_untranslated_notice():
    system = published_system(name="Tri du courrier", short_description="Orienter les courriers.")
    version = system.published_version
    for field, text in (("name", "Mail sorting"), ("short_description", "Route the letters.")):
        translation_save(
            obj=system,
            field=field,
            language="en",
            text=text,
            source_text=getattr(version, field),
            origin=TranslationOrigin.HUMAN,
        )
    url = system.get_absolute_url()
    english = Client().get(f"/en{url}").content.decode()
    assert "Mail sorting" in english
    assert "has not been translated yet" not in english
    french = Client().get(url).content.decode()
    assert "Tri du courrier" in french and "Mail sorting" not in french


def test_a_changed_field_shows_the_original_again():
    system = published_system(name="Tri du courrier", short_description="Orienter les courriers.")
    translation_save(
        obj=system, field="name", language="en", text="Mail sorting", source_text="Autre nom"
    )
    english = Client().get(f"/en{system.get_absolute_url()}").content.decode()
    assert "Mail sorting" not in english
    assert "has not been translated yet" in english
