"""The demo seeds the research data portal: open and requestable datasets with a release each,
and a CIFRE project, in both languages; seeding again adds nothing."""

import io

import pytest

from accounts import demo as accounts_demo
from observatory import demo
from observatory.models import CifreProject, Dataset, DatasetRelease
from portal import demo as portal_demo

pytestmark = pytest.mark.django_db


def test_demo_publishes_open_and_requestable_datasets_and_a_cifre_project(client):
    out = io.StringIO()
    accounts_demo.seed(stdout=out)
    portal_demo.seed(stdout=out)
    demo.seed(stdout=out)
    demo.seed(stdout=out)
    released = Dataset.objects.filter(releases__isnull=False).distinct()
    assert released.filter(access="open").count() >= 2
    assert released.filter(access="restricted").count() >= 1
    assert DatasetRelease.objects.count() == Dataset.objects.count()  # idempotent
    for dataset in Dataset.objects.all():
        dataset.full_clean()
        assert dataset.title_en and dataset.description_en and dataset.removed_en
    project = CifreProject.objects.get()
    assert project.progress_reports.count() == 2
    assert project.publications.exists()
    for url in ("/observatory/research-data/", "/en/observatory/research-data/",
                project.get_absolute_url(), "/en" + project.get_absolute_url(),
                "/observatory/researchers/lea-martin/"):  # fmt: skip
        assert client.get(url).status_code == 200, url
    html = client.get("/en/observatory/research-data/historique-registre/").content.decode()
    assert "History of the AI systems register" in html and "Licence Ouverte" in html
