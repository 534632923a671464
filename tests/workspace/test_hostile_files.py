"""Refusals at upload: a clear 4xx on the form, what was typed kept, nothing stored."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.workspace import files
from workspace.models import Document

pytestmark = pytest.mark.django_db


def _post(client, user, name, data, title="Mon titre gardé"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(user)
    with translation.override("en"):
        url = reverse("workspace:documents")
    return client.post(
        url,
        {"file": SimpleUploadedFile(name, data), "title": title},
    )


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("protege.pdf", files.encrypted_pdf, "protected by a password"),
        ("scan.pdf", files.image_only_pdf, "no text layer"),
        ("bombe.docx", files.zip_bomb_docx, "zip bomb"),
        ("faux.docx", lambda: files.pdf_bytes(["Un PDF déguisé"]), "does not match its extension"),
        ("faux.pdf", lambda: b"Juste du texte, pas un PDF.", "does not match its extension"),
        ("faux.odt", lambda: files.docx_bytes([("A", "b")]), "does not match its extension"),
        ("image.png", lambda: b"\x89PNG\r\n\x1a\n....", "not accepted"),
        ("vide.txt", lambda: b"", "empty"),
        ("blanc.md", lambda: b"   \n\n  ", "empty"),
    ],
)
def test_hostile_file_is_refused_with_a_clear_message(client, agent, name, make, message):
    response = _post(client, agent, name, make())
    assert response.status_code in (400, 413, 422)
    content = response.content.decode()
    assert message in content
    assert 'value="Mon titre gardé"' in content
    assert not Document.objects.exists()


def test_file_over_the_size_limit_is_refused_with_413(client, agent, settings):
    settings.WORKSPACE_MAX_UPLOAD_MB = 1
    response = _post(client, agent, "gros.txt", b"mot " * (300 * 1024))
    assert response.status_code == 413
    assert "the limit is 1 MB" in response.content.decode()
    assert not Document.objects.exists()


def test_refusal_is_translated_on_french_pages(client, agent):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(agent)
    response = client.post(
        reverse("workspace:documents"),
        {"file": SimpleUploadedFile("scan.pdf", files.image_only_pdf())},
    )
    assert response.status_code == 422
    assert "couche de texte" in response.content.decode()
