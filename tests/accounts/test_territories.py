"""The city's territories are deployment data: Paris's 20 arrondissements by default, another
city's list from the file CITY_TERRITORIES_FILE names; the profile form and the participation
statistics read them, and a code a person already declared is kept whatever the file."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.utils import translation

from accounts.forms import ProfileForm
from accounts.territories import territory_choices, territory_label
from consultation.models import Ballot
from consultation.selectors import consultation_participation_by_group
from tests.consultation.factories import ConsultationFactory, UseCaseFactory
from tests.factories import UserFactory

LYON = """label:
  fr: Arrondissement de Lyon
  en: Lyon district
territories:
  - code: "69001"
    fr: Lyon 1er
    en: Lyon 1st
  - code: "69002"
    fr: Lyon 2e
    en: Lyon 2nd
"""


@pytest.fixture
def lyon(settings, tmp_path):
    path = tmp_path / "lyon.yaml"
    path.write_text(LYON, encoding="utf-8")
    settings.CITY_TERRITORIES_FILE = str(path)
    return path


def test_paris_twenty_arrondissements_are_the_default():
    with translation.override("fr"):
        choices = territory_choices()
        assert [code for code, _ in choices][:20] == [str(n) for n in range(1, 21)]
        assert choices[0] == ("1", "1er arrondissement")
        assert territory_label() == "Arrondissement"
    with translation.override("en"):
        assert territory_choices()[10] == ("11", "11th arrondissement")


@pytest.mark.django_db
def test_another_city_configures_its_own_territories_in_forms_and_statistics(lyon, settings):
    settings.CONSULTATION_MIN_GROUP_SIZE = 1
    with translation.override("en"):
        form = ProfileForm(instance=UserFactory())
        assert form.fields["arrondissement"].label == "Lyon district"
        assert [c for c, _ in form.fields["arrondissement"].choices] == ["", "69001", "69002"]
        assert not ProfileForm({"arrondissement": "11"}, instance=UserFactory()).is_valid()
    use_case = UseCaseFactory(consultation=ConsultationFactory())
    for code in ("69001", "69001", "11"):
        Ballot.objects.create(
            use_case=use_case, voter=UserFactory(arrondissement=code), grade="good"
        )
    with translation.override("fr"):
        stats = consultation_participation_by_group(
            consultation=use_case.consultation, field="arrondissement"
        )
    assert stats["groups"] == [{"key": "69001", "label": "Lyon 1er", "count": 2}]
    assert stats["withheld"] == 1  # a Paris code left from before is not shown, nor lost


@pytest.mark.django_db
def test_the_profile_page_offers_the_configured_territories_and_keeps_a_declared_one(lyon):
    person = UserFactory(arrondissement="69002")
    client = Client()
    client.force_login(person)
    page = client.get("/en/accounts/profile/").content.decode()
    assert "Lyon 2nd" in page and "1st arrondissement" not in page
    assert '<option value="69002" selected>' in page


def test_a_malformed_territories_file_is_refused_with_a_clear_message(settings, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text('territories:\n  - code: ""\n    fr: Nulle part\n', encoding="utf-8")
    settings.CITY_TERRITORIES_FILE = str(path)
    with pytest.raises(ImproperlyConfigured, match="unique code"):
        territory_choices()
