"""Recommendations' follow-up: recorded by the city, shown in every language, never erased by a
later publication of the report."""

import pytest

from accounts.models import AuditEntry
from accounts.roles import Role
from core.wagtail_seed import add_translation
from observatory.models import FollowUp
from tests.factories import UserFactory
from tests.observatory.factories import make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(index):
    return make_report(index, recommendations=6)


def _url(report, ref="R2"):
    return f"/observatory/follow-up/{report.translation_key}/{ref}/"


@pytest.mark.parametrize(
    "roles, status",
    [([Role.RESIDENT], 403), ([Role.RESEARCHER], 403), ([Role.AGENT], 200), ([Role.ELECTED], 200)],
)
def test_who_may_record_a_follow_up(client, report, roles, status):
    client.force_login(UserFactory(roles=roles))
    assert client.get(_url(report)).status_code == status


def test_follow_up_shows_in_every_language_and_survives_republication(client, report):
    english = add_translation(report, "en", title="Yearly report 2026")
    client.force_login(UserFactory(roles=[Role.ELECTED]))
    response = client.post(
        _url(report), {"status": FollowUp.IN_PROGRESS, "note": "Groupe de travail lancé."}
    )
    assert response.status_code == 302 and response["Location"].endswith("#r2")
    assert AuditEntry.objects.filter(action="observatory.recommendation_follow_up").count() == 1
    report.title = "Rapport annuel 2026 (corrigé)"
    report.save_revision().publish()
    html = client.get("/observatory/rapport-2026/").content.decode()
    assert "Groupe de travail lancé." in html and "badge--follow-in_progress" in html
    assert english.live
    html = client.get("/en/observatory/rapport-2026/").content.decode()
    assert "Groupe de travail lancé." in html and "In progress" in html


def test_invalid_follow_up_answers_400(client, report):
    client.force_login(UserFactory(roles=[Role.AGENT]))
    assert client.post(_url(report), {"status": "nope"}).status_code == 400
    assert client.get(_url(report, "R99")).status_code == 404


def test_report_page_query_count_does_not_grow_with_recommendations(
    client, index, django_assert_max_num_queries
):
    make_report(index, year=2025, recommendations=2)
    make_report(index, year=2026, recommendations=12)
    client.get("/observatory/rapport-2025/")
    with django_assert_max_num_queries(40) as few:
        short = client.get("/observatory/rapport-2025/")
    with django_assert_max_num_queries(40) as many:
        long = client.get("/observatory/rapport-2026/")
    assert short.status_code == 200 and long.status_code == 200
    assert "Recommandation 12" in long.content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
