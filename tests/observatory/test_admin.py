"""The Wagtail admin forms of the observatory render for the people who use them."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection

from accounts.roles import Role
from observatory.services import REVIEWERS_GROUP
from tests.factories import UserFactory
from tests.observatory.factories import (
    ResearcherFactory,
    TestimonyFactory,
    make_analysis,
    make_report,
)

pytestmark = pytest.mark.django_db


def test_editors_forms_render_for_a_superuser(client, index):
    analysis = make_analysis(index, slug="a", authors=[(ResearcherFactory(), "author")])
    report = make_report(index)
    TestimonyFactory()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    for url in (
        f"/cms/pages/{analysis.pk}/edit/",
        f"/cms/pages/{report.pk}/edit/",
        f"/cms/pages/{index.pk}/edit/",
        f"/cms/pages/add/observatory/analysispage/{index.pk}/",
        f"/cms/pages/add/observatory/annualreportpage/{index.pk}/",
        "/cms/snippets/observatory/researcher/",
        "/cms/snippets/observatory/researcher/add/",
        "/cms/snippets/observatory/topic/",
        "/cms/snippets/observatory/testimony/",
    ):
        assert client.get(url).status_code == 200, url


def test_a_researcher_can_open_the_form_to_draft_an_analysis(client, index):
    client.force_login(UserFactory(roles=[Role.RESEARCHER]))
    assert client.get(f"/cms/pages/add/observatory/analysispage/{index.pk}/").status_code == 200


def test_a_reviewer_can_edit_someone_elses_draft(client, index):
    page = make_analysis(index, slug="b", live=False)
    reviewer = UserFactory()
    reviewer.groups.add(Group.objects.get(name=REVIEWERS_GROUP))
    client.force_login(reviewer)
    assert client.get(f"/cms/pages/{page.pk}/edit/").status_code == 200


@pytest.mark.postgres
def test_french_full_text_search_matches_word_forms(client, index):
    if connection.vendor != "postgresql":
        pytest.skip("French stemming needs PostgreSQL full-text search")
    make_analysis(
        index,
        title="Énergie",
        slug="energie",
        summary="Mesurer les consommations électriques des réponses.",
    )
    response = client.get("/observatory/?q=consommation")
    assert [p.title for p in response.context["publications"]] == ["Énergie"]


def test_testimonies_are_read_only_in_the_admin(client):
    TestimonyFactory()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get("/cms/snippets/observatory/testimony/").status_code == 200
    assert client.get("/cms/snippets/observatory/testimony/add/").status_code in (302, 403)
