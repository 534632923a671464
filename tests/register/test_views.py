import pytest
from django.urls import reverse

from accounts.roles import Role
from register import services
from register.federation import remote_register_import
from register.models import ErrorReport, RemoteRegister
from tests.factories import UserFactory
from tests.register.factories import core_data, editor, published_system

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_list_shows_published_city_systems_with_counts(client):
    published_system(name="Chatbot des démarches", risk_level="limited", theme="citizen_relations")
    published_system(name="Maintenance du réseau d'eau", risk_level="minimal", theme="water_energy")
    services.system_create(actor=editor(), data=core_data(name="Brouillon secret"))
    response = client.get(reverse("register:index"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Chatbot des démarches" in text and "Maintenance du réseau" in text
    assert "Brouillon secret" not in text
    facets = {g[0]: g[2] for g in response.context["facet_groups"]}
    assert {i["key"]: i["count"] for i in facets["risk_level"]}["limited"] == 1


def test_search_and_filters(client):
    published_system(
        name="Chatbot des démarches", short_description="Répond aux questions", risk_level="limited"
    )
    published_system(name="Réseau d'eau", risk_level="minimal", status="pilot")
    assert [
        s.published_version.name for s in client.get("/register/?q=chatbot").context["systems"]
    ] == ["Chatbot des démarches"]
    assert [
        s.published_version.name for s in client.get("/register/?q=questions").context["systems"]
    ] == ["Chatbot des démarches"]
    assert [
        s.published_version.name for s in client.get("/register/?status=pilot").context["systems"]
    ] == ["Réseau d'eau"]
    response = client.get("/register/?status=pilot&risk_level=limited")
    assert list(response.context["systems"]) == []
    # Counts of one facet are computed with the other filters applied.
    facets = {g[0]: g[2] for g in response.context["facet_groups"]}
    assert {i["key"]: i["count"] for i in facets["risk_level"]}["minimal"] == 1


def test_bad_filter_answers_400_with_a_message(client):
    response = client.get("/register/?risk_level=terrible")
    assert response.status_code == 400
    assert "terrible" in response.content.decode()


def test_pagination(client):
    for i in range(23):
        published_system(name=f"Système {i:02d}")
    first = client.get("/register/")
    assert len(first.context["systems"]) == 20
    assert len(client.get("/register/?page=2").context["systems"]) == 3


def test_partner_entries_are_in_their_own_section(client):
    published_system(name="Système de la ville")
    remote = RemoteRegister.objects.create(
        name="Lyon", export_url="https://lyon.example/export.json"
    )
    remote_register_import(
        remote=remote,
        payload={
            "systems": [
                {"id": "a1", "slug": "velo", "name": "Comptage vélo Lyon", "status": "in_use"}
            ]
        },
    )
    response = client.get("/register/")
    assert [s.published_version.name for s in response.context["systems"]] == [
        "Système de la ville"
    ]
    assert [s.published_version.name for s in response.context["partner_preview"]] == [
        "Comptage vélo Lyon"
    ]
    partners = client.get("/register/?source=partners")
    assert [s.published_version.name for s in partners.context["systems"]] == ["Comptage vélo Lyon"]


def test_record_page_groups_fields_and_says_why_blank(client):
    system = published_system(name="OCR des permis", source_code_url="")
    text = client.get(system.get_absolute_url()).content.decode()
    for heading in (
        "Quoi et pourquoi",
        "Comment ça marche",
        "Données",
        "Risques et mesures",
        "Contrôle humain",
        "Base légale",
    ):
        assert heading in text, heading
    assert "blank-reason" in text
    assert reverse("register:recourse", args=[system.slug]) in text
    assert reverse("register:report_error", args=[system.slug]) in text
    assert "CADA" in text


def test_unpublished_or_unknown_record_is_404(client):
    system = services.system_create(actor=editor(), data=core_data())
    assert client.get(f"/register/{system.slug}/").status_code == 404
    assert client.get("/register/nope/").status_code == 404


def test_history_and_diff_between_two_published_versions(client):
    system = published_system(versions=3)
    history = client.get(reverse("register:history", args=[system.slug]))
    assert [v.number for v in history.context["versions"]] == [3, 2, 1]
    diff = client.get(reverse("register:diff", args=[system.slug, 1, 3]))
    assert diff.status_code == 200
    change = [c for c in diff.context["changes"] if c["name"] == "purpose"][0]
    assert change["ops"] == [
        ("equal", "Tester le "),
        ("delete", "registre."),
        ("insert", "registre, révision 3."),
    ]
    assert "<ins>" in diff.content.decode() and "<del>" in diff.content.decode()
    # Reversed order is shown oldest → newest too; drafts cannot be compared.
    assert client.get(reverse("register:diff", args=[system.slug, 3, 1])).context["old"].number == 1
    draft = services.system_version_save(
        actor=editor(), system=system, data={"purpose": "brouillon"}
    )
    assert (
        client.get(reverse("register:diff", args=[system.slug, 1, draft.number])).status_code == 404
    )
    redirect = client.get(reverse("register:history", args=[system.slug]) + "?a=1&b=2")
    assert redirect.status_code == 302 and redirect.url.endswith("/diff/1/2/")


def test_xss_payloads_are_escaped_on_every_page(client):
    fields = {
        name: XSS
        for name in (
            "short_description",
            "purpose",
            "expected_impact",
            "human_oversight",
            "legal_basis",
            "recourse_procedure",
            "department",
            "organisation",
            "technical_description",
            "known_biases",
            "risks_mitigations",
            "transparency_limitations",
            "supplier",
        )
    }
    system = published_system(
        name=f"Nom {XSS}",
        charter=[{"principle": "equity", "rating": "partly", "justification": XSS}],
        versions=2,
        **fields,
    )
    for url in (
        "/register/",
        "/register/?q=Nom",
        system.get_absolute_url(),
        reverse("register:history", args=[system.slug]),
        reverse("register:diff", args=[system.slug, 2, 3]),
        reverse("register:recourse", args=[system.slug]),
    ):
        text = client.get(url).content.decode()
        assert "<script>alert" not in text and "<img src=x" not in text, url
        assert "&lt;script&gt;" in text, url


def test_report_an_error_stores_feedback_and_is_rate_limited(client, settings):
    settings.REGISTER_FEEDBACK_LIMIT_PER_IP = 2
    system = published_system()
    url = reverse("register:report_error", args=[system.slug])
    assert client.post(url, {"message": "Le contact est faux depuis mars."}).status_code == 302
    assert ErrorReport.objects.get().version_number == 1
    too_short = client.post(url, {"message": "court"})
    assert too_short.status_code == 400 and "court" in too_short.content.decode()
    assert client.post(url, {"message": "Encore une remarque utile."}).status_code == 429
    assert ErrorReport.objects.count() == 1


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        (None, 302),  # anonymous → login
        ([Role.RESIDENT], 403),
        ([Role.MODERATOR], 403),
        ([Role.AGENT], 200),
        ([Role.REGISTER_EDITOR], 200),
    ],
)
@pytest.mark.parametrize(
    "name", ["register:staff_queue", "register:staff_reports", "register:staff_audit"]
)
def test_staff_pages_permission_matrix(client, roles, expected, name):
    if roles is not None:
        client.force_login(UserFactory(roles=roles))
    assert client.get(reverse(name)).status_code == expected


def test_staff_queue_filters(client):
    system = published_system()
    agent = UserFactory(roles=[Role.AGENT])
    a = services.recourse_request_open(
        system=system, data={"email": "a@example.org", "request": "R", "consent": True}
    )
    b = services.recourse_request_open(
        system=system, data={"email": "b@example.org", "request": "R", "consent": True}
    )
    services.recourse_request_assign(actor=agent, request=b, handler=agent)
    client.force_login(agent)
    assert [r.reference for r in client.get("/register/staff/?handler=me").context["page_obj"]] == [
        b.reference
    ]
    assert [
        r.reference for r in client.get("/register/staff/?handler=none").context["page_obj"]
    ] == [a.reference]
    assert [
        r.reference for r in client.get("/register/staff/?status=under_review").context["page_obj"]
    ] == [b.reference]
    assert (
        client.post(f"/register/staff/recourse/{a.reference}/", {"action": "nope"}).status_code
        == 400
    )


def test_list_record_and_history_queries_are_bounded(client, django_assert_max_num_queries):
    systems = [
        published_system(
            versions=3, charter=[{"principle": "equity", "rating": "meets", "justification": ""}]
        )
        for _ in range(6)
    ]
    with django_assert_max_num_queries(14):
        listing = client.get("/register/?q=Système")
    assert listing.status_code == 200
    assert systems[0].published_version.name in listing.content.decode()
    with django_assert_max_num_queries(10):
        record = client.get(systems[0].get_absolute_url())
    assert record.status_code == 200
    with django_assert_max_num_queries(8):
        history = client.get(reverse("register:history", args=[systems[0].slug]))
    assert history.status_code == 200 and len(history.context["versions"]) == 3
    with django_assert_max_num_queries(10):
        assert client.get(reverse("register:diff", args=[systems[0].slug, 2, 4])).status_code == 200


def test_bad_input_never_gives_a_500(client):
    system = published_system()
    cases = [
        ("get", "/register/?page=abc", {}),
        ("get", "/register/?page=99999", {}),
        ("get", "/register/?q=" + "%00" * 3, {}),
        ("get", f"/register/{system.slug}/diff/1/99/", {}),
        ("post", "/register/recourse/status/", {"reference": "", "email": "x"}),
        (
            "post",
            f"/register/{system.slug}/recourse/",
            {"decision_date": "31/02/2026", "email": "a@b.c"},
        ),
        ("post", f"/register/{system.slug}/report-error/", {}),
        ("get", "/api/register/systems/?page=abc", {}),
        ("get", "/en/register/?status=x", {}),
        ("get", "/api/register/systems/?q=%00&department=%00", {}),
    ]
    for method, url, data in cases:
        response = getattr(client, method)(url, data)
        assert response.status_code < 500, url
    assert client.get("/en/register/").status_code == 200


def test_staff_and_editor_links_appear_only_for_them(client):
    system = published_system()
    assert "/register/staff/" not in client.get("/register/").content.decode()
    client.force_login(UserFactory(roles=[Role.AGENT]))
    assert "/register/staff/" in client.get("/register/").content.decode()
    assert (
        f"/cms/register/{system.pk}/" not in client.get(system.get_absolute_url()).content.decode()
    )
    client.force_login(editor())
    assert f"/cms/register/{system.pk}/" in client.get(system.get_absolute_url()).content.decode()


def test_record_page_reads_the_record_in_six_queries(client):
    """The system with its published version, its number of published versions and its last
    evaluation date, then its charter rows, its evaluations, its incidents (counts by kind, the
    latest) and its measured quality; besides them the site's header (navigation) and the staff
    dialogue (opinions, follow-up survey) read the database."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    system = published_system(
        versions=3, charter=[{"principle": "equity", "rating": "meets", "justification": "J."}]
    )
    from register.public_cache import register_changed

    client.get(system.get_absolute_url())  # the site's own lookups, made once
    register_changed()  # the page rendered again, not read from the cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(system.get_absolute_url())
    assert response.status_code == 200
    register_queries = [
        q["sql"] for q in queries.captured_queries if q["sql"].startswith('SELECT "register_')
    ]
    # the record with its version, its charter rows, its evaluations, its incidents (two),
    # its measured quality
    assert len(register_queries) == 6, [q[:120] for q in register_queries]
    # and the header's navigation, the staff bodies' opinions and the follow-up survey
    # (dialogue's selectors, one query each)
    assert len(queries.captured_queries) <= 9
    assert response.context["versions_count"] == 3
    rows = response.context["charter_rows"]
    assert len(rows) == 10
    assert [r["assessment"].principle for r in rows if r["assessment"]] == ["equity"]
