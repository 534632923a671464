"""My activity: each app's declared section lists the person's own rows, paginated, with a
bounded number of queries; accounts imports no app (the sections come from the AppConfigs)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts.roles import Role
from consultation import services as consultation_services
from core.composition import activity_sections
from observatory.models import TestimonyStatus
from register.models import RecourseRequest
from tests.consultation.factories import DOSSIER, UseCaseFactory, closed_consultation
from tests.factories import UserFactory
from tests.observatory.factories import TestimonyFactory
from tests.register.factories import published_system
from tests.training.factories import make_course
from training.models import Certificate, Enrollment

pytestmark = pytest.mark.django_db


def _everything(user):
    """One row in every section (and someone else's rows, which must not show)."""
    open_case = UseCaseFactory(title="Cas ouvert")
    open_case.consultation.accepts_proposals = True
    open_case.consultation.save()
    closed_case = UseCaseFactory(title="Cas clos", consultation=closed_consultation())
    consultation_services.ballot_cast(voter=user, use_case=open_case, grade="good")
    from consultation.models import Ballot

    Ballot.objects.create(use_case=closed_case, voter=user, grade="reject")
    comment = consultation_services.comment_post(
        author=user, use_case=open_case, body="Mon avis motivé"
    )
    comment.is_hidden, comment.hidden_reason = True, "Hors sujet"
    comment.save()
    consultation_services.use_case_propose(
        proposer=user,
        data={**DOSSIER, "title": "Ma proposition"},
        consultation=open_case.consultation,
    )
    system = published_system(name="Score social")
    RecourseRequest.objects.create(
        reference="REC-MINE000001",
        system=system,
        requester=user,
        email=user.email,
        request="Réexamen",
        due_date=timezone.localdate() + timedelta(days=30),
    )
    course, _modules, _lessons = make_course()
    Enrollment.objects.create(user=user, course_key=course.translation_key)
    Certificate.objects.create(
        user=user,
        course_key=course.translation_key,
        course_title=course.title,
        issued_at=timezone.now(),
    )
    TestimonyFactory(author=user, status=TestimonyStatus.PENDING)
    other = UserFactory()
    consultation_services.comment_post(author=other, use_case=open_case, body="Pas le mien")
    return course


def test_every_section_shows_my_rows_in_french():
    user = UserFactory(roles=[Role.RESIDENT])
    course = _everything(user)
    client = Client()
    client.force_login(user)
    response = client.get("/accounts/activity/")
    assert response.status_code == 200
    page = response.content.decode()
    for title in (
        "Mes mentions",
        "Mes commentaires",
        "Mes propositions",
        "Mes demandes de recours",
        "Mes cours",
        "Mes certificats",
        "Mes témoignages",
    ):
        assert title in page
    assert "Cas ouvert" in page
    assert "vous pouvez encore la modifier" in page  # voting open: may change
    assert "Le vote est clos : elle ne peut plus être modifiée." in page  # the closed one
    assert "Masqué par la modération" in page and "Hors sujet" in page
    assert "Pas le mien" not in page
    assert "Ma proposition" in page and "En attente de modération" in page
    assert "REC-MINE000001" in page and "Score social" in page
    assert course.title in page
    assert "Valide" in page
    assert "En attente de modération" in page


def test_the_page_is_in_english_too_and_linked_from_the_profile():
    user = UserFactory(roles=[Role.RESIDENT])
    _everything(user)
    client = Client()
    client.force_login(user)
    page = client.get("/en/accounts/activity/").content.decode()
    assert "My activity" in page and "My comments" in page and "Hidden by the moderators" in page
    profile = client.get("/en/accounts/profile/").content.decode()
    assert 'href="/en/accounts/activity/"' in profile


def test_sections_paginate_with_a_bounded_number_of_queries(
    django_assert_max_num_queries, settings
):
    settings.CONSULTATION_RATE_COMMENTS = ""
    user = UserFactory(roles=[Role.RESIDENT])
    _everything(user)
    use_case = UseCaseFactory()
    for i in range(23):
        consultation_services.comment_post(author=user, use_case=use_case, body=f"Avis {i:02d}")
    client = Client()
    client.force_login(user)
    client.get("/en/accounts/activity/")  # warm the caches (site root paths, sessions)
    with django_assert_max_num_queries(30):
        page = client.get("/en/accounts/activity/?comments=2").content.decode()
    assert "Page 2 of 3" in page
    assert "Avis 12" in page and "Avis 22" not in page  # newest first, ten a page
    more = [UseCaseFactory() for _ in range(20)]
    for extra in more:
        consultation_services.comment_post(author=user, use_case=extra, body="Encore")
    with django_assert_max_num_queries(30):
        client.get("/en/accounts/activity/?comments=2")
    assert "Page 5 of 5" in client.get("/en/accounts/activity/?comments=99").content.decode()


def test_the_page_needs_an_account():
    response = Client().get("/accounts/activity/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_each_part_declares_its_sections():
    keys = [section.key for section, _rows in activity_sections()]
    assert keys == [
        "ballots",
        "comments",
        "proposals",
        "recourse",
        "courses",
        "certificates",
        "testimonies",
    ]
