import socket

import pytest

from register.federation import HarvestError, remote_register_harvest, remote_register_import
from register.models import AISystem, AISystemVersion, RemoteRegister
from register.tasks import harvest_partner
from tests.register.factories import published_system


def record(source_id, name, **extra):
    return {
        "id": source_id,
        "slug": name.lower().replace(" ", "-"),
        "name": name,
        "status": "in_use",
        **extra,
    }


def test_harvest_of_a_second_live_server_over_real_http(asgi_live_server):
    """A partner's export is served by a live server on 127.0.0.1 and harvested by the task."""
    source = published_system(
        name="Chatbot partenaire",
        versions=2,
        charter=[{"principle": "equity", "rating": "meets", "justification": "ok"}],
    )
    remote = RemoteRegister.objects.create(
        name="Ville B", export_url=f"{asgi_live_server.url}/register/export.json"
    )
    assert harvest_partner.delay(remote.pk).get() == 1
    remote.refresh_from_db()
    assert remote.last_error == "" and remote.entries_count == 1 and remote.last_success_at
    harvested = AISystem.objects.partners().get()
    assert harvested.source_id == str(source.uuid)
    assert harvested.source_url == remote.export_url
    assert harvested.published_version.name == "Chatbot partenaire"
    assert harvested.published_version.charter_assessments.count() == 1
    # A second harvest updates in place.
    assert harvest_partner.delay(remote.pk).get() == 1
    assert AISystem.objects.partners().get().pk == harvested.pk


def test_http_error_from_the_live_server_fails_the_harvest_and_records_it(asgi_live_server):
    remote = RemoteRegister.objects.create(
        name="Ville C", export_url=f"{asgi_live_server.url}/register/missing.json"
    )
    with pytest.raises(HarvestError):
        remote_register_harvest(remote=remote)
    remote.refresh_from_db()
    assert "404" in remote.last_error and remote.last_success_at is None


@pytest.mark.django_db
def test_unreachable_partner_is_recorded_and_nothing_changes():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    remote = RemoteRegister.objects.create(
        name="Ville D", export_url=f"http://127.0.0.1:{port}/register/export.json"
    )
    remote_register_import(remote=remote, payload={"systems": [record("a", "Un")]})
    before = list(AISystemVersion.objects.values_list("pk", "name"))
    assert harvest_partner.delay(remote.pk).get() == 0
    remote.refresh_from_db()
    assert remote.last_error.startswith("Unreachable")
    assert list(AISystemVersion.objects.values_list("pk", "name")) == before


@pytest.mark.django_db
def test_malformed_record_aborts_the_whole_harvest():
    remote = RemoteRegister.objects.create(
        name="Ville E", export_url="https://e.example/export.json"
    )
    remote_register_import(
        remote=remote, payload={"systems": [record("a", "Un"), record("b", "Deux")]}
    )
    snapshot = sorted(
        AISystem.objects.values_list("source_id", "published_version__name", "withdrawn_at")
    )
    bad = {
        "systems": [
            record("a", "Un modifié"),
            record("c", "Trois"),
            record("d", "Quatre", status="nonsense"),
        ]
    }
    with pytest.raises(HarvestError):
        remote_register_import(remote=remote, payload=bad)
    assert (
        sorted(AISystem.objects.values_list("source_id", "published_version__name", "withdrawn_at"))
        == snapshot
    )
    for payload in (
        {"nope": 1},
        [],
        {"systems": [{"name": "sans id"}]},
        {"systems": [record("x", "X", begin_date="demain")]},
        {"systems": [record("x", "X", purpose="nul\x00")]},
    ):
        with pytest.raises(HarvestError):
            remote_register_import(remote=remote, payload=payload)
    assert (
        sorted(AISystem.objects.values_list("source_id", "published_version__name", "withdrawn_at"))
        == snapshot
    )


@pytest.mark.django_db
def test_later_harvests_update_in_place_and_mark_removed_entries_withdrawn(client):
    remote = RemoteRegister.objects.create(
        name="Ville F", export_url="https://f.example/export.json"
    )
    remote_register_import(
        remote=remote, payload={"systems": [record("a", "Un"), record("b", "Deux")]}
    )
    a = AISystem.objects.get(source_id="a")
    remote_register_import(remote=remote, payload={"systems": [record("a", "Un renommé")]})
    a.refresh_from_db()
    assert a.published_version.name == "Un renommé"
    assert AISystem.objects.get(source_id="b").withdrawn_at is not None
    assert client.get(f"/register/{AISystem.objects.get(source_id='b').slug}/").status_code == 404
    # Back again: no longer withdrawn.
    remote_register_import(
        remote=remote, payload={"systems": [record("a", "Un"), record("b", "Deux")]}
    )
    assert AISystem.objects.get(source_id="b").withdrawn_at is None


@pytest.mark.django_db
def test_partner_entries_are_not_re_exported_nor_editable(client):
    from core.errors import NotAllowed
    from register import services
    from tests.register.factories import editor

    remote = RemoteRegister.objects.create(
        name="Ville G", export_url="https://g.example/export.json"
    )
    remote_register_import(remote=remote, payload={"systems": [record("a", "Un")]})
    assert client.get("/register/export.json").json()["systems"] == []
    with pytest.raises(NotAllowed):
        services.system_version_save(
            actor=editor(), system=AISystem.objects.get(), data={"name": "x"}
        )
