"""The register's public forms with the trap: a bot gets the real success, nothing is stored."""

import pytest
from django.test import Client
from django.urls import reverse

from register.models import ErrorReport, RecourseRequest
from tests.core.honeypot import assert_trap_hidden, flashed
from tests.register.factories import published_system

pytestmark = pytest.mark.django_db

TRAP = {"website": "http://spam.example"}
RECOURSE = {
    "name": "Camille",
    "email": "camille@example.org",
    "request": "Je demande un réexamen de la décision.",
    "consent": "on",
}


def test_recourse_trap_stores_nothing_sends_nothing_and_lands_on_the_real_done_page(mailoutbox):
    system = published_system()
    url = reverse("register:recourse", args=[system.slug])
    assert_trap_hidden(Client().get(url).content.decode())

    fake = Client().post(url, {**RECOURSE, **TRAP})
    assert fake.status_code == 302 and fake["Location"] == reverse("register:recourse_done")
    assert not RecourseRequest.objects.exists() and mailoutbox == []

    real = Client().post(url, RECOURSE)
    assert real.status_code == 302 and real["Location"] == fake["Location"]
    assert RecourseRequest.objects.count() == 1


def test_error_report_trap_stores_nothing_and_flashes_the_real_thanks():
    system = published_system()
    url = reverse("register:report_error", args=[system.slug])
    assert_trap_hidden(Client().get(url).content.decode())
    message = {"message": "La date de mise en service est fausse."}

    fake = Client().post(url, {**message, **TRAP})
    assert fake.status_code == 302 and fake["Location"] == system.get_absolute_url()
    assert not ErrorReport.objects.exists()

    real = Client().post(url, message)
    assert real.status_code == 302 and real["Location"] == fake["Location"]
    assert ErrorReport.objects.count() == 1
    assert flashed(fake) == flashed(real) != []
