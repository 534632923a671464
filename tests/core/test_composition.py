"""Composition: each app declares its contributions on its AppConfig; the composers read them.

The tests check what the site is made of (so a lost declaration shows), and that an app nobody
lists anywhere joins the header, search, GDPR export and account page by declaring alone.
"""

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from core import composition
from core.composition import Contributions, NavigationEntry, ProfileLink
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class _NewAppConfig(Contributions):
    """Stands for an app added later: installed, declaring, listed nowhere else."""

    label = "newapp"
    name = "newapp"
    gdpr_export = "tests.core.test_composition.export_newapp"
    site_search = "tests.core.test_composition.search_newapp"
    navigation = NavigationEntry("newapp", "New part", order=35, url_name="search")
    profile_links = (ProfileLink("My new things", "search"),)


def export_newapp(*, user):
    return {"things": [user.email]}


def search_newapp(*, query, limit):
    return [{"title": f"New thing about {query}", "url": "/new/", "kind": "New"}]


class _Registry:
    """What core.composition reads of Django's app registry; Django itself is left alone."""

    def __init__(self, *extra):
        self.configs = [*apps.get_app_configs(), *extra]

    def get_app_configs(self):
        return self.configs


@pytest.fixture
def newapp_installed(monkeypatch):
    monkeypatch.setattr(composition, "apps", _Registry(_NewAppConfig()))


def test_url_modules_are_the_declared_ones_in_installed_apps_order():
    assert composition.page_url_modules() == [
        "accounts.urls",
        "dialogue.urls",
        "register.urls",
        "consultation.urls",
        "library.urls",
        "governance.urls",
        "observatory.urls",
        "training.urls",
        "inference_bridge.urls",
        "workspace.urls",
    ]
    assert composition.api_url_modules() == [
        "register.api_urls",
        "consultation.api_urls",
        "observatory.api_urls",
        "training.api_urls",
        "inference_bridge.api_urls",
    ]


def test_demo_seeds_run_in_the_declared_order():
    assert [label for label, _seed in composition.demo_seeds()] == [
        "accounts",
        "portal",
        "register",
        "consultation",
        "dialogue",
        "library",
        "governance",
        "inference_bridge",
        "training",
        "observatory",
        "workspace",
    ]


def test_beat_schedule_merges_every_apps_entries_and_celery_beat_gets_it():
    from config.celery import app

    schedule = composition.beat_schedule()
    tasks = {entry["task"].split(".")[0] for entry in schedule.values()}
    assert tasks == {
        "core",
        "register",
        "consultation",
        "dialogue",
        "library",
        "observatory",
        "inference_bridge",
        "workspace",
    }
    app.finalize()
    assert app.conf.beat_schedule == schedule


def test_two_apps_may_not_reuse_a_beat_entry_name(monkeypatch):
    class Twin(Contributions):
        label = name = "twin"
        beat_schedule = "register.schedules.BEAT_SCHEDULE"

    monkeypatch.setattr(composition, "apps", _Registry(Twin()))
    with pytest.raises(ValueError, match="twin reuses beat entry names"):
        composition.beat_schedule()


def test_header_shows_the_declared_parts_in_order(client):
    with translation.override("fr"):
        labels = [str(e.label) for e in composition.navigation_entries()]
    assert labels == [
        "Registre de l'IA",
        "Consultations",
        "Bibliothèque des usages",
        "Observatoire",
        "Dialogue social",
        "Gouvernance de l'IA",
        "Se former",
        "Essayer l'IA de la Ville",
    ]
    html = client.get("/search/").content.decode()
    positions = [html.index(escape(label)) for label in labels]
    assert positions == sorted(positions)


def test_observatory_sections_are_declared_by_their_apps():
    assert composition.indicator_sources() == {
        "register": "register.selectors.register_indicators",
        "consultation": "consultation.selectors.consultation_indicators",
        "training": "training.selectors.training_indicators",
        "inference": "inference_bridge.selectors.inference_indicators",
        "workspace": "workspace.selectors.assistant_indicators",
        "dialogue": "dialogue.selectors.dialogue_indicators",
        "governance": "governance.selectors.governance_indicators",
    }


def test_api_tokens_link_comes_from_the_inference_bridge_declaration(client, monkeypatch):
    client.force_login(UserFactory())
    html = client.get("/en/accounts/profile/").content.decode()
    assert '<a href="/en/accounts/api-tokens/">My API tokens for the city' in html
    with translation.override("fr"):
        assert reverse("inference_bridge:tokens") == "/accounts/api-tokens/"
    monkeypatch.setattr("accounts.views.profile_links", lambda: [])
    assert "api-tokens" not in client.get("/en/accounts/profile/").content.decode()


def test_a_new_app_joins_by_declaring_alone(client, newapp_installed):
    from accounts.services import user_data_export
    from portal.navigation import navigation
    from portal.search import site_search

    user = UserFactory()
    assert user_data_export(user=user)["newapp"] == {"things": [user.email]}
    assert [h.title for h in site_search("lamp") if h.kind == "New"] == ["New thing about lamp"]
    slugs = [item["slug"] for item in navigation(None)]
    assert slugs.index("observatory") < slugs.index("newapp") < slugs.index("training")
    client.force_login(user)
    assert "My new things" in client.get("/en/accounts/profile/").content.decode()
