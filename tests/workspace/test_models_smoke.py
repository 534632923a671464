import pytest
from django.db import connection

from workspace.models import Document, Passage

pytestmark = pytest.mark.django_db


def test_passage_text_is_encrypted_in_the_database(django_user_model):
    user = django_user_model.objects.create_user(email="a@example.org", password="x")
    document = Document.objects.create(owner=user, title="T", filename="t.txt", kind="txt")
    passage = Passage.objects.create(
        document=document, position=0, label="§ 1", text="Bonjour Paris"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM workspace_passage WHERE id = %s", [passage.pk])
        raw = bytes(cursor.fetchone()[0])
    assert b"Bonjour" not in raw
    assert Passage.objects.get(pk=passage.pk).text == "Bonjour Paris"
