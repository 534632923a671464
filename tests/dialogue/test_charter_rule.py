"""The charter's working-conditions principle needs a staff body's opinion to be "met"."""

import pytest
from django.urls import reverse
from django.utils import timezone

from core.errors import InvalidInput
from dialogue import services as dialogue_services
from register import services
from register.models import CharterPrinciple
from tests.dialogue.factories import body_with, representative
from tests.register.factories import editor, published_system

pytestmark = pytest.mark.django_db

MEETS = [
    {"principle": "working_conditions", "rating": "meets", "justification": "Moins de saisie."}
]


def test_meets_is_refused_without_a_staff_opinion():
    author = editor()
    system = published_system(author=author)
    with pytest.raises(InvalidInput) as refused:
        services.system_charter_save(actor=author, system=system, rows=MEETS)
    assert refused.value.code == "working_conditions_without_staff_opinion"
    assert not system.versions.filter(state="draft").exists()


def test_other_ratings_need_no_opinion():
    author = editor()
    system = published_system(author=author)
    rows = [{"principle": "working_conditions", "rating": "partly", "justification": "À voir."}]
    version = services.system_charter_save(actor=author, system=system, rows=rows)
    assert version.charter_assessments.get().rating == "partly"


def test_meets_is_accepted_once_a_body_has_given_its_opinion():
    author = editor()
    system = published_system(author=author)
    member = representative()
    dialogue_services.opinion_file(
        actor=member,
        body=body_with(member),
        target_kind="register_record",
        target_ref=system.slug,
        stance="favourable",
        reasons="Avis favorable.",
        given_on=timezone.localdate(),
    )
    version = services.system_charter_save(actor=author, system=system, rows=MEETS)
    assert version.charter_assessments.get().rating == "meets"


def test_the_charter_form_shows_the_refusal_on_the_principle(client):
    author = editor(is_staff=True)
    system = published_system(author=author)
    client.force_login(author)
    url = reverse("register_admin:charter", kwargs={"pk": system.pk})
    data = {"form-TOTAL_FORMS": "10", "form-INITIAL_FORMS": "10"}
    for i, value in enumerate(CharterPrinciple.values):
        data[f"form-{i}-principle"] = value
        data[f"form-{i}-rating"] = "meets" if value == "working_conditions" else ""
        data[f"form-{i}-justification"] = (
            "Moins de saisie." if value == "working_conditions" else ""
        )
    response = client.post(url, data)
    assert response.status_code == 400
    form = next(
        f
        for f in response.context["formset"].forms
        if f.cleaned_data["principle"] == "working_conditions"
    )
    assert form.errors["rating"]
    assert "Moins de saisie." in response.content.decode()
    assert not system.versions.filter(state="draft").exists()
