"""A comment over the length limit is refused with its text kept whole, never cut."""

import pytest
from django.test import Client

from accounts.roles import Role
from consultation import services
from consultation.models import Comment
from tests.consultation.factories import UseCaseFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _resident_client():
    user = UserFactory(roles=[Role.RESIDENT])
    client = Client()
    client.force_login(user)
    return user, client


def test_the_textarea_has_a_counter_limit_but_no_maxlength_that_cuts_silently():
    use_case = UseCaseFactory()
    _user, client = _resident_client()
    body = client.get(f"/en/consultations/use-cases/{use_case.pk}/").content.decode()
    textarea = body[body.index('<textarea name="body"') :]
    textarea = textarea[: textarea.index(">")]
    assert "maxlength" not in textarea.replace("data-maxlength", "")
    assert 'data-maxlength="5000"' in textarea
    assert 'data-counter="%(count)s of %(limit)s characters"' in textarea
    assert 'dir="auto"' in textarea


def test_a_too_long_comment_is_refused_and_kept_whole():
    use_case = UseCaseFactory()
    _user, client = _resident_client()
    text = "Mot " * 1250 + "FIN-DU-TEXTE"  # 5,012 characters
    response = client.post(
        f"/en/consultations/use-cases/{use_case.pk}/comments/",
        {"body": text, "alignment": "for"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Your comment has 5012 characters; the limit is 5000." in page
    assert text.strip() + "</textarea>" in page
    assert not Comment.objects.exists()


def test_a_too_long_edit_is_refused_and_kept_whole():
    use_case = UseCaseFactory()
    user, client = _resident_client()
    comment = services.comment_post(author=user, use_case=use_case, body="Short and civil.")
    text = "x" * 5001
    response = client.post(
        f"/en/consultations/comments/{comment.pk}/edit/", {"body": text, "alignment": "for"}
    )
    assert response.status_code == 400
    assert text + "</textarea>" in response.content.decode()
    comment.refresh_from_db()
    assert comment.body == "Short and civil."
