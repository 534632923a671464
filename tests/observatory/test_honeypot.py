"""The testimony form's trap: a bot gets the real thanks and no testimony is stored."""

import pytest
from django.test import Client

from accounts.roles import Role
from observatory.models import Testimony
from tests.core.honeypot import assert_trap_hidden, flashed
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/observatory/testimonies/new/"
TESTIMONY = {
    "text": "Le formulaire de demande de place en crèche utilisait un score inexpliqué.",
    "consent": "on",
}


def test_testimony_trap_stores_nothing_and_flashes_the_real_thanks():
    user = UserFactory(roles=[Role.RESIDENT])
    bot, person = Client(), Client()
    bot.force_login(user)
    person.force_login(user)
    assert_trap_hidden(person.get(URL).content.decode())

    fake = bot.post(URL, {**TESTIMONY, "website": "http://spam.example"})
    assert fake.status_code == 302
    assert not Testimony.objects.exists()

    real = person.post(URL, TESTIMONY)
    assert real.status_code == 302 and real["Location"] == fake["Location"]
    assert Testimony.objects.count() == 1
    assert flashed(fake) == flashed(real) != []
