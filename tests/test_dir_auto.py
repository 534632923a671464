"""User-written text carries dir="auto", so a right-to-left passage renders the right way
round: comments, dossiers, testimonies, recourse text shown back."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.roles import Role
from consultation import services as consultation_services
from observatory.models import TestimonyStatus
from register.models import RecourseRequest
from tests.consultation.factories import UseCaseFactory
from tests.factories import UserFactory
from tests.observatory.factories import TestimonyFactory
from tests.register.factories import published_system

pytestmark = pytest.mark.django_db
ARABIC = "الذكاء الاصطناعي في خدمة السكان"


def _element_around(html: str, text: str) -> str:
    """The opening tag of the element that directly holds `text`."""
    index = html.index(text)
    return html[html.rindex("<", 0, index) : index]


def test_comments_and_dossiers_carry_dir_auto():
    use_case = UseCaseFactory(problem=ARABIC + " (problème)")
    author = UserFactory(roles=[Role.RESIDENT])
    consultation_services.comment_post(author=author, use_case=use_case, body=ARABIC)
    html = Client().get(f"/consultations/use-cases/{use_case.pk}/").content.decode()
    assert re.search(r'<div class="comment__body" dir="auto">\s*<p>' + ARABIC, html)
    assert 'dir="auto"' in _element_around(html, ARABIC + " (problème)")


def test_testimonies_carry_dir_auto():
    TestimonyFactory(text=ARABIC + " " * 2 + "x" * 40, status=TestimonyStatus.PUBLISHED)
    html = Client().get("/observatory/testimonies/").content.decode()
    assert 'dir="auto"' in _element_around(html, ARABIC)


def test_recourse_text_shown_back_carries_dir_auto():
    system = published_system(name="Score")
    form = Client().get(reverse("register:recourse", args=[system.slug])).content.decode()
    textarea = form[form.index('<textarea name="request"') :]
    assert 'dir="auto"' in textarea[: textarea.index(">")]
    req = RecourseRequest.objects.create(
        reference="REC-TESTDIR001",
        system=system,
        email="a@example.org",
        request=ARABIC,
        answer=ARABIC + " (réponse)",
        due_date="2030-01-01",
    )
    page = Client().post(
        reverse("register:recourse_status"), {"reference": req.reference, "email": req.email}
    )
    assert f'<div class="register-answer" dir="auto"><p>{ARABIC} (réponse)' in (
        page.content.decode()
    )
