"""The register's public reads kept whole in the cache (register/public_cache.py): every change
shows at once, nothing personal or unpublished is ever shared, and a harvester's conditional GET
gets a 304."""

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from accounts.roles import Role
from dialogue.models import Body, Opinion
from register import services
from register.federation import remote_register_import
from register.models import RemoteRegister
from tests.factories import UserFactory
from tests.register.factories import editor, published_system

pytestmark = pytest.mark.django_db


def _pages(system) -> dict[str, str]:
    """What a visitor and a harvester read of one record, as text."""
    client = Client()
    slug = system.slug
    return {
        "list": client.get("/register/").content.decode(),
        "record": client.get(f"/register/{slug}/").content.decode(),
        "search": client.get("/register/?q=chatbot").content.decode(),
        "api list": client.get("/api/register/systems/").content.decode(),
        "api record": client.get(f"/api/register/systems/{slug}/").content.decode(),
        "api search": client.get("/api/register/systems/?q=chatbot").content.decode(),
        "json export": client.get("/register/export.json").content.decode(),
        "csv export": b"".join(client.get("/register/export.csv").streaming_content).decode(),
    }


def test_an_edit_published_shows_at_once_in_every_public_read():
    author, publisher = editor(), editor()
    system = published_system(name="Chatbot des mairies", author=author, publisher=publisher)
    before = _pages(system)
    assert all("Chatbot des mairies" in text for text in before.values()), before.keys()

    version = services.system_version_save(
        actor=author, system=system, data={"name": "Chatbot des quartiers"}, change_summary="Nom"
    )
    # A draft is not public: the cached pages still say what is published.
    assert not any("quartiers" in text for text in _pages(system).values())

    services.system_version_publish(actor=publisher, version=version)
    after = _pages(system)
    for name, text in after.items():
        assert "Chatbot des quartiers" in text, name
        assert "Chatbot des mairies" not in text, name


def test_a_retirement_shows_at_once_in_the_record_and_the_api():
    author, publisher = editor(), editor()
    system = published_system(name="Chatbot", author=author, publisher=publisher)
    client = Client()
    assert client.get(f"/api/register/systems/{system.slug}/").json()["status"] == "in_use"
    assert "Chatbot" in client.get(f"/register/{system.slug}/").content.decode()
    version = services.system_retire(actor=author, system=system, reason="Remplacé.")
    services.system_version_publish(actor=publisher, version=version)
    assert client.get(f"/api/register/systems/{system.slug}/").json()["status"] == "retired"
    assert "Remplacé." in client.get(f"/register/{system.slug}/").content.decode()


def test_a_partner_withdrawal_shows_at_once():
    remote = RemoteRegister.objects.create(name="Lyon", export_url="https://lyon.example/e.json")
    entry = {"id": "a1", "name": "Tri des courriers", "slug": "tri", "status": "pilot"}
    remote_register_import(remote=remote, payload={"systems": [entry]})
    client = Client()
    listing = client.get("/api/register/systems/?source=partners").json()
    assert [r["name"] for r in listing["results"]] == ["Tri des courriers"]
    slug = listing["results"][0]["slug"]
    assert client.get(f"/api/register/systems/{slug}/").status_code == 200
    assert "Tri des courriers" in client.get("/register/?source=partners").content.decode()

    remote_register_import(remote=remote, payload={"systems": []})
    assert client.get("/api/register/systems/?source=partners").json()["count"] == 0
    assert client.get(f"/api/register/systems/{slug}/").status_code == 404
    assert client.get(f"/register/{slug}/").status_code == 404
    assert "Tri des courriers" not in client.get("/register/?source=partners").content.decode()


def test_an_evaluation_and_a_staff_opinion_show_at_once_in_the_record():
    system = published_system(name="Chatbot")
    client = Client()
    url = f"/api/register/systems/{system.slug}/"
    assert client.get(url).json()["evaluations"] == []
    services.system_evaluation_record(
        system_uuid=system.uuid,
        label="Golden set",
        model_alias="smollm2",
        score=87.5,
        passed=7,
        total=8,
        evaluated_at=timezone.now(),
        method="golden",
    )
    assert client.get(url).json()["evaluations"][0]["score"] == 87.5
    assert client.get(url).json()["staff_opinions"] == []
    body = Body.objects.create(slug="cst", name="CST centrale", kind="cst")
    Opinion.objects.create(
        body=body,
        target_kind="register_record",
        target_ref=system.slug,
        stance="reservations",
        reasons="Former les agents.",
        given_on=timezone.localdate(),
    )
    assert client.get(url).json()["staff_opinions"][0]["reasons"] == "Former les agents."
    assert "Former les agents." in client.get(f"/register/{system.slug}/").content.decode()


def test_staff_pages_are_never_stored_nor_served_from_the_cache(client):
    published_system(name="Chatbot")
    staff = UserFactory(roles=[Role.REGISTER_EDITOR, Role.AGENT])
    staff_link = "Agents : demandes de recours"
    anonymous = Client()
    # A signed-in agent's list (with staff links) first: never stored ...
    client.force_login(staff)
    assert staff_link in client.get("/register/").content.decode()
    assert staff_link not in anonymous.get("/register/").content.decode()
    # ... and never served a visitor's stored page.
    assert staff_link in client.get("/register/").content.decode()
    system = published_system(name="Chatbot 2")
    assert "Modifier cette fiche" not in anonymous.get(f"/register/{system.slug}/").content.decode()
    assert "Modifier cette fiche" in client.get(f"/register/{system.slug}/").content.decode()
    assert "Modifier cette fiche" not in anonymous.get(f"/register/{system.slug}/").content.decode()


def test_a_visitor_message_is_shown_and_never_stored():
    system = published_system(name="Chatbot")
    visitor = Client()
    assert visitor.get(system.get_absolute_url()).status_code == 200  # stored
    response = visitor.post(
        f"/register/{system.slug}/report-error/",
        {"message": "Le contact est faux.", "email": ""},
        follow=True,
    )
    thanks = "les éditeurs de la fiche liront votre message"
    assert thanks in response.content.decode()
    assert thanks not in Client().get(system.get_absolute_url()).content.decode()


def test_language_and_query_are_part_of_the_key():
    published_system(name="Chatbot", risk_level="limited")
    published_system(name="Réseau d'eau", risk_level="minimal")
    client = Client()
    french = client.get("/register/").content.decode()
    english = client.get("/en/register/").content.decode()
    assert '<html lang="fr">' in french and '<html lang="en">' in english
    assert client.get("/en/register/").content.decode() == english
    assert client.get("/api/register/systems/?risk_level=limited").json()["count"] == 1
    assert client.get("/api/register/systems/?risk_level=minimal").json()["count"] == 1
    assert client.get("/api/register/systems/?q=eau").json()["results"][0]["name"] == (
        "Réseau d'eau"
    )
    assert client.get("/api/register/systems/?q=chatbot").json()["results"][0]["name"] == (
        "Chatbot"
    )
    page1 = client.get("/api/register/systems/?page_size=1").json()["results"]
    page2 = client.get("/api/register/systems/?page_size=1&page=2").json()["results"]
    assert page1 != page2
    # An English reader of the API gets the same JSON, in its own entry (the URLs it carries
    # do not depend on the language).
    assert (
        client.get("/api/register/systems/?q=eau", HTTP_ACCEPT_LANGUAGE="en").json()["count"] == 1
    )


def test_a_bad_filter_is_never_stored():
    published_system(name="Chatbot")
    client = Client()
    assert client.get("/api/register/systems/?status=nope").status_code == 400
    assert client.get("/api/register/systems/?status=nope").status_code == 400
    assert client.get("/register/?status=nope").status_code == 400
    assert client.get("/register/?status=nope").status_code == 400


def test_conditional_get_answers_304_until_the_register_changes():
    author, publisher = editor(), editor()
    system = published_system(name="Chatbot", author=author, publisher=publisher)
    client = Client()
    for url in (
        "/register/export.json",
        "/register/export.csv",
        "/api/register/systems/",
        f"/api/register/systems/{system.slug}/",
        f"/register/{system.slug}/",
    ):
        first = client.get(url)
        assert first.status_code == 200 and first["ETag"].startswith('W/"'), url
        assert "no-cache" in first["Cache-Control"]
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304, url
        assert again["ETag"] == first["ETag"]
        since = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        assert since.status_code == 304, url
    etag = client.get("/register/export.json")["ETag"]
    version = services.system_version_save(
        actor=author, system=system, data={"purpose": "Autre."}, change_summary="Finalité"
    )
    services.system_version_publish(actor=publisher, version=version)
    changed = client.get("/register/export.json", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert json.loads(changed.content)["systems"][0]["purpose"] == "Autre."


def test_the_next_day_gives_a_new_page(monkeypatch):
    """`review_overdue` is computed on the day of the read: a stored page is the day's."""
    system = published_system(name="Chatbot", review_date=timezone.localdate())
    client = Client()
    url = f"/api/register/systems/{system.slug}/"
    assert client.get(url).json()["review_overdue"] is False
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: tomorrow)
    assert client.get(url).json()["review_overdue"] is True


def test_cached_reads_touch_no_database(django_assert_num_queries):
    systems = [published_system(versions=2) for _ in range(3)]
    client = Client()
    urls = [
        "/register/?page=1",
        "/register/?q=Système",
        systems[0].get_absolute_url(),
        "/api/register/systems/",
        "/api/register/systems/?q=Système",
        f"/api/register/systems/{systems[0].slug}/",
    ]
    for url in urls:
        assert client.get(url).status_code == 200
    for url in urls:
        with django_assert_num_queries(0):
            assert client.get(url).status_code == 200, url


def test_public_cache_off_renders_every_time(settings, django_assert_num_queries):
    settings.REGISTER_PUBLIC_CACHE_SECONDS = 0
    system = published_system()
    client = Client()
    url = f"/api/register/systems/{system.slug}/"
    client.get(url)
    # the record, its charter rows, measured quality, staff opinions, deployment evaluations,
    # incidents (tests/register/test_api.py::test_api_queries_are_bounded)
    with django_assert_num_queries(6):
        response = client.get(url)
    assert response.status_code == 200 and "ETag" not in response


def test_the_api_record_read_through_prepared_queries_is_the_export_record(client):
    """`exports.published_record` runs SQL compiled once per process (core/prepared.py): the
    JSON, dates and evaluations it gives are those of the export."""
    from register import exports

    system = published_system(
        name="Chatbot",
        versions=2,
        review_date=timezone.localdate() - datetime.timedelta(days=3),
        charter=[{"principle": "equity", "rating": "partly", "justification": "J."}],
    )
    for score, model in ((80.0, "smollm2"), (90.0, "lucie")):
        services.system_evaluation_record(
            system_uuid=system.uuid,
            label="Golden set",
            model_alias=model,
            score=score,
            passed=8,
            total=10,
            evaluated_at=timezone.now(),
            method="golden",
        )
    body = client.get(f"/api/register/systems/{system.slug}/").json()
    assert body == exports.system_record(system, system.published_version)
    assert body["review_overdue"] is True and len(body["evaluations"]) == 2
    assert body["review_date"] == system.published_version.review_date.isoformat()


def test_a_prepared_query_refuses_an_ambiguous_placeholder():
    from core.prepared import PreparedQuery
    from register.models import AISystem

    query = PreparedQuery(
        lambda slug: AISystem.objects.filter(slug=slug, source_id=slug).values_list("pk"),
        slug="x-slug",
    )
    with pytest.raises(ValueError, match="found 2 times"):
        query.rows(slug="a")


def test_a_page_carrying_a_csrf_token_or_a_cookie_is_never_stored(rf):
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    from core.pagecache import cached_response

    renders = []

    def with_token(request):
        def render():
            renders.append(1)
            return HttpResponse(f"<form>{get_token(request)}</form>")

        return render

    def with_cookie():
        renders.append(1)
        response = HttpResponse("hello")
        response.set_cookie("mine", "1")
        return response

    for _ in range(2):
        request = rf.get("/register/token/")
        cached_response(request, namespace="test", render=with_token(request), timeout=60)
    assert len(renders) == 2
    for _ in range(2):
        cached_response(
            rf.get("/register/cookie/"), namespace="test", render=with_cookie, timeout=60
        )
    assert len(renders) == 4
