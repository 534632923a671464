"""CIFRE project pages: who, where, progress, publications, and the link from researchers' pages."""

import datetime as dt

import pytest
from django.urls import reverse

from observatory.models import CifreProgressReport, CifreProject
from tests.observatory.factories import ResearcherFactory, make_analysis

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(index):
    student = ResearcherFactory(name="Léa Martin", is_cifre=True, partner_lab="LATTS")
    supervisor = ResearcherFactory(name="Antoine Dubois")
    analysis = make_analysis(index, title="Le registre, un an après", authors=[(student, "author")])
    project = CifreProject.objects.create(
        slug="documenter-les-algorithmes",
        title="Documenter les algorithmes publics",
        title_en="Documenting public algorithms",
        summary="Comment les services rendent compte de leurs systèmes.",
        doctoral_student=student,
        laboratory="LATTS",
        city_department="DSIN",
        academic_supervisor="Antoine Dubois",
        academic_supervisor_researcher=supervisor,
        city_supervisor="Thomas Girard",
        started_on=dt.date(2025, 1, 6),
    )
    project.publications.set([analysis])
    project.save()
    CifreProgressReport.objects.create(
        project=project,
        reported_on=dt.date(2025, 7, 1),
        title="Rapport d'étape n° 1",
        text="Vingt entretiens menés.",
    )
    return project


def test_project_page_shows_partners_supervisors_progress_and_publications(client, project):
    response = client.get(project.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    for text in ("LATTS", "DSIN", "Antoine Dubois", "Thomas Girard", "Rapport d&#x27;étape n° 1"):
        assert text in page
    assert "Le registre, un an après" in page
    assert "/observatory/researchers/lea-martin/" in page


def test_project_page_in_english_uses_the_english_topic(client, project):
    response = client.get("/en" + project.get_absolute_url())
    assert "Documenting public algorithms" in response.content.decode()


def test_researcher_pages_link_to_their_cifre_project(client, project, index):
    for slug in ("lea-martin", "antoine-dubois"):
        response = client.get(f"{index.url}researchers/{slug}/")
        assert project.get_absolute_url() in response.content.decode()


def test_unknown_project_is_404_and_list_is_public(client, project):
    assert client.get(reverse("observatory:cifre", args=["nope"])).status_code == 404
    listing = client.get(reverse("observatory:cifre-list"))
    assert project.title in listing.content.decode()
