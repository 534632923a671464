"""Access, encryption at rest, cancellation with partial results, retention, GDPR, retrieval."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from tests.workspace import files
from workspace import policies, selectors
from workspace.documents import services
from workspace.documents.index_schema import FTS_TABLE
from workspace.gdpr import erase_user_data, export_user_data
from workspace.models import Collection, Document, DocumentFile, DocumentStatus, Passage

pytestmark = pytest.mark.django_db

SECRET = "Zanzibarquintessence"


def _url(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


# --- Who reaches the workspace ---------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(_url("workspace:documents"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_signed_in_resident_gets_403(client, resident):
    client.force_login(resident)
    assert client.get(_url("workspace:documents")).status_code == 403


@pytest.mark.parametrize("role_fixture", ["agent", "ai_lead"])
def test_agent_and_ai_lead_reach_the_workspace(client, request, role_fixture):
    user = request.getfixturevalue(role_fixture)
    client.force_login(user)
    assert client.get(_url("workspace:documents")).status_code == 200
    assert policies.workspace_allowed(user)


def test_resident_cannot_use_the_service_either(resident):
    from core.errors import NotAllowed

    with pytest.raises(NotAllowed):
        services.document_upload(owner=resident, name="a.txt", data=b"Bonjour")


# --- Privacy and department sharing ------------------------------------------------------------


def test_personal_document_is_private_to_its_owner(client, agent, colleague, upload):
    document = upload(agent, "perso.txt", f"Note {SECRET}".encode())
    client.force_login(colleague)
    assert client.get(document.get_absolute_url()).status_code == 404
    assert not policies.document_visible(colleague, document)
    assert selectors.passages_search(user=colleague, query=SECRET) == []
    assert len(selectors.passages_search(user=agent, query=SECRET)) == 1


def test_shared_collection_is_seen_by_the_department_only(
    client, agent, colleague, other_agent, upload
):
    document = upload(agent, "partage.md", f"# Titre\n\nTexte {SECRET}.".encode())
    collection = services.collection_create(owner=agent, title="Dossier commun")
    services.collection_document_add(user=agent, collection=collection, document=document)
    assert selectors.passages_search(user=colleague, query=SECRET, collection=collection) == []

    services.collection_share(user=agent, collection=collection, shared=True)
    assert collection.shared_department == "DSIN"
    hits = selectors.passages_search(user=colleague, query=SECRET, collection=collection)
    assert [(h.document_id, h.label) for h in hits] == [(document.pk, "§ 1")]
    assert hits[0].url.endswith("#section-1")
    assert SECRET in hits[0].text
    client.force_login(colleague)
    assert client.get(document.get_absolute_url()).status_code == 200
    assert client.get(collection.get_absolute_url()).status_code == 200
    # A colleague sees, but does not change or delete.
    assert (
        client.post(_url("workspace:document_delete", public_id=document.public_id)).status_code
        == 403
    )

    assert selectors.passages_search(user=other_agent, query=SECRET) == []
    client.force_login(other_agent)
    assert client.get(document.get_absolute_url()).status_code == 404
    assert client.get(collection.get_absolute_url()).status_code == 404


def test_sharing_needs_a_department(agent):
    from core.errors import InvalidInput

    agent.department = ""
    agent.save()
    collection = services.collection_create(owner=agent, title="Sans service")
    with pytest.raises(InvalidInput):
        services.collection_share(user=agent, collection=collection, shared=True)


def test_collection_pages_add_share_and_remove(client, agent, upload):
    document = upload(agent, "a.txt", b"Bonjour")
    client.force_login(agent)
    response = client.post(
        _url("workspace:collection_create"),
        {"collection-title": "Conseil", "collection-description": ""},
    )
    collection = Collection.objects.get(title="Conseil")
    assert response["Location"] == _url(
        "workspace:collection_detail", public_id=collection.public_id
    )
    url = collection.get_absolute_url()
    client.post(url, {"action": "add", "document": document.pk})
    assert list(collection.documents.all()) == [document]
    client.post(url, {"action": "share"})
    collection.refresh_from_db()
    assert collection.is_shared
    client.post(url, {"action": "remove", "document": str(document.public_id)})
    assert not collection.documents.exists()


def test_collection_delete_asks_for_confirmation_keeps_the_documents_and_is_the_owners(
    client, agent, colleague, upload
):
    document = upload(agent, "a.txt", f"Texte {SECRET}".encode())
    collection = services.collection_create(owner=agent, title="Conseil")
    services.collection_document_add(user=agent, collection=collection, document=document)
    services.collection_share(user=agent, collection=collection, shared=True)
    url = _url("workspace:collection_delete", public_id=collection.public_id)
    client.force_login(colleague)  # sees the shared collection, may not delete it
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    client.force_login(agent)
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Delete this collection?" in html and "the documents in it are kept" in html
    assert f'href="{collection.get_absolute_url()}"' in html  # cancel goes back
    assert Collection.objects.exists()
    response = client.post(url)
    assert response["Location"] == _url("workspace:documents")
    assert not Collection.objects.exists()
    assert list(Document.objects.all()) == [document]
    assert len(selectors.passages_search(user=agent, query=SECRET)) == 1


# --- Encryption at rest -------------------------------------------------------------------------


def _raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [bytes(row[0]) if row[0] is not None else b"" for row in cursor.fetchall()]


def test_file_and_text_are_encrypted_in_the_database(agent, upload):
    document = upload(
        agent, "secret.docx", files.docx_bytes([(f"Titre {SECRET}", f"Corps {SECRET}")])
    )
    assert SECRET in document.passages.get().text
    # A text file: its bytes would show the word were the file stored in clear.
    upload(agent, "secret.txt", f"Texte brut {SECRET}".encode())
    needle = SECRET.encode()
    stored = (
        _raw("SELECT text FROM workspace_passage")
        + _raw("SELECT outline FROM workspace_document")
        + _raw("SELECT content FROM workspace_documentfile")
    )
    assert len(stored) == 6
    assert all(needle not in raw and needle.lower() not in raw for raw in stored)
    # The original file decrypts to the bytes uploaded.
    from core.crypto import decrypt

    assert decrypt(DocumentFile.objects.get(document=document).content).startswith(b"PK")
    if connection.vendor == "sqlite":
        # Contentless FTS5: the index answers queries but gives no text back.
        assert _raw(f"SELECT lexemes FROM {FTS_TABLE}") == [b"", b""]  # noqa: S608 - constant table name


def test_a_token_from_another_key_is_refused_until_the_old_key_is_a_fallback(settings):
    from core import crypto

    old_secret = settings.SECRET_KEY
    token = crypto.encrypt(b"abc")
    settings.SECRET_KEY = "another-secret-key-entirely-different-0123456789"
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token)
    settings.SECRET_KEY_FALLBACKS = [old_secret]
    assert crypto.decrypt(token) == b"abc"


def test_key_rotation_keeps_old_tokens_readable(settings):
    from core import crypto

    old = crypto.key_generate()
    settings.WORKSPACE_ENCRYPTION_KEY = old
    token = crypto.encrypt(b"ancien")
    settings.WORKSPACE_ENCRYPTION_KEY = f"{crypto.key_generate()},{old}"
    assert crypto.decrypt(token) == b"ancien"
    assert not crypto.is_current(token)
    assert crypto.is_current(crypto.encrypt(b"nouveau"))


# --- Long extraction: progress, cancel, partial results, resume --------------------------------


def test_cancelled_extraction_keeps_the_pages_done_and_can_resume(
    agent, django_capture_on_commit_callbacks, monkeypatch
):
    from workspace.documents import extraction

    data = files.pdf_bytes([f"Page {n} mot{n}clef" for n in range(1, 7)])
    with django_capture_on_commit_callbacks(execute=False):
        document = services.document_upload(owner=agent, name="long.pdf", data=data)
    assert document.status == DocumentStatus.PENDING

    real = extraction.units_extract

    def cancel_after_two(**kwargs):
        for unit in real(**kwargs):
            if unit.number == 3:
                # The agent presses "cancel" while page 3 is being read.
                services.document_cancel(user=agent, document=document)
            yield unit

    monkeypatch.setattr(extraction, "units_extract", cancel_after_two)
    services.document_extract(document_id=document.pk)
    document.refresh_from_db()
    assert document.status == DocumentStatus.CANCELLED
    assert (document.units_done, document.units_total, document.progress_percent) == (2, 6, 33)
    assert sorted(set(document.passages.values_list("page", flat=True))) == [1, 2]
    hits = selectors.passages_search(user=agent, query="mot2clef")
    assert [h.label for h in hits] == ["p. 2"]

    monkeypatch.setattr(extraction, "units_extract", real)
    with django_capture_on_commit_callbacks(execute=True):
        services.document_resume(user=agent, document=document)
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY
    assert sorted(set(document.passages.values_list("page", flat=True))) == [1, 2, 3, 4, 5, 6]


def test_document_page_shows_an_accessible_progress_bar_and_anchors(client, agent, upload):
    document = upload(agent, "deux.pdf", files.pdf_bytes(["Un", "Deux"]))
    client.force_login(agent)
    html = client.get(
        _url("workspace:document_detail", public_id=document.public_id)
    ).content.decode()
    assert '<progress id="document-progress" max="100" value="100"' in html
    assert "100 % — 2 of 2 pages or sections" in html
    assert 'id="page-1"' in html
    assert 'id="page-2"' in html
    progress = client.get(_url("workspace:document_progress", public_id=document.public_id)).json()
    assert (progress["percent"], progress["working"]) == (100, False)


def test_upload_through_the_page_redirects_to_the_document(
    client, agent, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(agent)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url("workspace:documents"),
            {"file": SimpleUploadedFile("note.md", b"# Ordre du jour\n\nBudget."), "title": ""},
        )
    document = Document.objects.get()
    assert response["Location"] == _url("workspace:document_detail", public_id=document.public_id)
    assert document.title == "note"
    assert document.status == DocumentStatus.READY


# --- Deletion, retention, GDPR ------------------------------------------------------------------


def test_delete_asks_for_confirmation_then_removes_everything(client, agent, upload):
    document = upload(agent, "a.txt", f"Texte {SECRET}".encode())
    client.force_login(agent)
    url = _url("workspace:document_delete", public_id=document.public_id)
    assert client.get(url).status_code == 200
    assert Document.objects.exists()
    client.post(url)
    assert not Document.objects.exists()
    assert not Passage.objects.exists()
    assert not DocumentFile.objects.exists()
    assert selectors.passages_search(user=agent, query=SECRET) == []


def test_retention_purge_deletes_expired_documents_only(agent, upload):
    old = upload(agent, "vieux.txt", f"Ancien {SECRET}".encode())
    recent = upload(agent, "recent.txt", b"Texte recent")
    Document.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(days=1))
    from workspace.tasks import documents_purge_expired

    assert documents_purge_expired() == 1
    assert list(Document.objects.all()) == [recent]
    assert selectors.passages_search(user=agent, query=SECRET) == []
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH 'ancien'")  # noqa: S608 - constant table name
            assert cursor.fetchone()[0] == 0


def test_expiry_follows_the_retention_setting(agent, upload, settings):
    settings.WORKSPACE_RETENTION_DAYS = 7
    document = upload(agent, "a.txt", b"Bonjour")
    assert (document.expires_at - document.created_at).days == 7


def test_gdpr_export_and_erase(agent, upload):
    document = upload(agent, "a.md", f"# Titre\n\nTexte {SECRET}.".encode())
    collection = services.collection_create(owner=agent, title="Mes notes")
    services.collection_document_add(user=agent, collection=collection, document=document)
    data = export_user_data(user=agent)
    assert data["workspace_documents"][0]["filename"] == "a.md"
    assert SECRET in data["workspace_documents"][0]["passages"][0]["text"]
    assert data["workspace_collections"][0]["documents"] == [document.title]
    erase_user_data(user=agent)
    assert not Document.objects.exists()
    assert not Collection.objects.exists()


# --- Retrieval ------------------------------------------------------------------------------------


def test_retrieval_ranks_the_passage_about_the_question_first(agent, upload):
    upload(
        agent,
        "compte-rendu.md",
        (
            "# Voirie\n\nLes travaux de la rue de Belleville commencent en mars.\n\n"
            "# Bibliothèque\n\nLa bibliothèque ouvrira le dimanche après-midi.\n\n"
            "# Écoles\n\nLes cantines servent un repas végétarien par semaine."
        ).encode(),
    )
    hits = selectors.passages_search(user=agent, query="Quand la bibliothèque ouvre-t-elle ?")
    assert hits[0].label == "§ 2"
    assert "dimanche" in hits[0].text
    assert selectors.passages_search(user=agent, query="aéroport hélicoptère") == []


def test_retrieval_is_scoped_to_one_document(agent, upload):
    first = upload(agent, "a.txt", b"Le conseil municipal se reunit.")
    upload(agent, "b.txt", b"Le conseil municipal vote le budget.")
    hits = selectors.passages_search(user=agent, query="conseil", document=first)
    assert [h.document_id for h in hits] == [first.pk]


def test_document_list_runs_a_bounded_number_of_queries(
    client, agent, upload, django_assert_max_num_queries
):
    for n in range(6):
        document = upload(agent, f"d{n}.txt", f"Texte {n}".encode())
        collection = services.collection_create(owner=agent, title=f"C{n}")
        services.collection_document_add(user=agent, collection=collection, document=document)
    client.force_login(agent)
    url = _url("workspace:documents")
    client.get(url)
    with django_assert_max_num_queries(14):
        response = client.get(url)
    links = re.findall(r'href="/en/workspace/documents/[0-9a-f-]{36}/"', response.content.decode())
    assert len(links) == 6
