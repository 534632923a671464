import json

import pytest

from register import selectors, services
from register.models import RecourseRequest
from tests.register.factories import core_data, editor, published_system

pytestmark = pytest.mark.django_db


def test_indicators_on_an_empty_database_are_zeros():
    data = selectors.register_indicators()
    assert data["systems_total"] == 0
    assert all(item["count"] == 0 for item in data["by_risk_level"])
    assert data["by_department"] == [] and data["published_by_month"] == []
    assert data["recourse"] == {
        "received": 0,
        "answered": 0,
        "answered_on_time": 0,
        "open": 0,
        "overdue_open": 0,
        "median_days_to_answer": None,
    }
    json.dumps(data)


def test_indicators_count_published_city_systems_and_recourse():
    system = published_system(risk_level="limited", department="DSIN")
    published_system(risk_level="minimal", department="DSIN")
    services.system_create(actor=editor(), data=core_data())  # draft: not counted
    a = services.recourse_request_open(
        system=system, data={"email": "a@example.org", "request": "R", "consent": True}
    )
    services.recourse_request_open(
        system=system, data={"email": "b@example.org", "request": "R", "consent": True}
    )
    services.recourse_request_answer(actor=editor(), request=a, answer="Réponse")
    data = selectors.register_indicators()
    assert data["systems_total"] == 2
    assert {i["key"]: i["count"] for i in data["by_risk_level"]} == {
        "prohibited": 0,
        "high": 0,
        "limited": 1,
        "minimal": 1,
    }
    assert data["by_department"] == [{"key": "DSIN", "label": "DSIN", "count": 2}]
    assert (
        data["published_by_month"][0]["count"] == 2
        and len(data["published_by_month"][0]["month"]) == 7
    )
    r = data["recourse"]
    assert (r["received"], r["answered"], r["answered_on_time"], r["open"], r["overdue_open"]) == (
        2,
        1,
        1,
        1,
        0,
    )
    assert r["median_days_to_answer"] == 0.0
    json.dumps(data)
    assert RecourseRequest.objects.count() == 2


def test_public_summary_and_link_choices_only_show_published_city_systems():
    system = published_system(name="Chatbot", risk_level="limited")
    draft = services.system_create(actor=editor(), data=core_data(name="Brouillon"))
    summary = selectors.system_public_summary(slug=system.slug)
    assert summary == {
        "id": str(system.uuid),
        "slug": system.slug,
        "name": "Chatbot",
        "url": f"/register/{system.slug}/",
        "risk_level": "limited",
        "risk_level_label": summary["risk_level_label"],
        "status": "in_use",
        "status_label": summary["status_label"],
    }
    assert summary["risk_level_label"] and summary["status_label"]
    assert selectors.system_public_summary(slug=draft.slug) is None
    assert selectors.system_public_summary(slug="nope") is None
    assert selectors.system_link_choices() == [(system.slug, "Chatbot")]


def test_site_search_hook_and_gdpr_hooks():
    from accounts.services import user_data_export, user_delete
    from register.gdpr import export_user_data
    from register.search import site_search
    from tests.factories import UserFactory

    system = published_system(name="Traduction aux guichets")
    hits = site_search(query="traduction", limit=5)
    assert hits[0]["url"] == f"/register/{system.slug}/" and set(hits[0]) == {
        "title",
        "url",
        "summary",
        "kind",
    }
    assert site_search(query="zzz", limit=5) == []
    person = UserFactory(email="person@example.org")
    services.recourse_request_open(
        system=system,
        data={"email": "Person@example.org", "request": "Ma demande", "consent": True},
    )
    assert export_user_data(user=person)["recourse_requests"][0]["request"] == "Ma demande"
    assert "register" in user_data_export(user=person)
    user_delete(user=person)
    req = RecourseRequest.objects.get()
    assert req.email == "" and req.request == "" and req.purged_at
