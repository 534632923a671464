import pytest
from django.utils.html import escape

from accounts.models import AuditEntry
from accounts.roles import Role
from core.errors import InvalidInput, NotAllowed
from observatory import gdpr, search, services
from observatory.models import Testimony, TestimonyStatus
from register import services as register_services
from tests.factories import UserFactory
from tests.observatory.factories import TestimonyFactory
from tests.register.factories import core_data, editor, published_system

pytestmark = pytest.mark.django_db
TEXT = "Le formulaire de demande de place en crèche utilisait un score que personne n'a su m'expliquer."


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get("/observatory/testimonies/new/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_unverified_account_cannot_testify(client):
    client.force_login(UserFactory(verified=False))
    assert client.get("/observatory/testimonies/new/").status_code == 403


def test_invalid_post_answers_400_and_keeps_values(client):
    client.force_login(UserFactory(roles=[Role.RESIDENT]))
    response = client.post(
        "/observatory/testimonies/new/", {"text": "Trop court", "anonymous": "on"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Trop court" in html and "error-summary" in html
    assert not Testimony.objects.exists()


def test_resident_submits_and_a_moderator_publishes(client):
    resident = UserFactory(roles=[Role.RESIDENT], display_name="Camille")
    client.force_login(resident)
    response = client.post("/observatory/testimonies/new/", {"text": TEXT, "consent": "on"})
    assert response.status_code == 302
    testimony = Testimony.objects.get()
    assert testimony.status == TestimonyStatus.PENDING and testimony.anonymous is False
    assert escape(TEXT) not in client.get("/observatory/testimonies/").content.decode()

    moderator = UserFactory(roles=[Role.MODERATOR])
    client.force_login(moderator)
    assert escape(TEXT) in client.get("/observatory/testimonies/moderation/").content.decode()
    response = client.post(
        f"/observatory/testimonies/{testimony.public_id}/moderate/", {"decision": "publish"}
    )
    assert response.status_code == 302
    html = client.get("/observatory/testimonies/").content.decode()
    assert escape(TEXT) in html and "Camille" in html
    assert AuditEntry.objects.filter(action="observatory.testimony_publish").exists()
    assert client.get(f"/observatory/testimonies/{testimony.public_id}/").status_code == 200


def test_honeypot_creates_nothing(client):
    client.force_login(UserFactory(roles=[Role.RESIDENT]))
    client.post("/observatory/testimonies/new/", {"text": TEXT, "consent": "on", "website": "spam"})
    assert not Testimony.objects.exists()


def test_consent_is_required():
    with pytest.raises(InvalidInput):
        services.testimony_submit(author=UserFactory(), text=TEXT, consent=False, anonymous=True)


def test_rejecting_needs_a_reason_and_only_moderators_moderate(client):
    testimony = TestimonyFactory()
    moderator = UserFactory(roles=[Role.MODERATOR])
    with pytest.raises(InvalidInput):
        services.testimony_moderate(moderator=moderator, testimony=testimony, publish=False)
    with pytest.raises(NotAllowed):
        services.testimony_moderate(
            moderator=UserFactory(roles=[Role.RESEARCHER]), testimony=testimony, publish=True
        )
    with pytest.raises(NotAllowed):
        services.testimony_moderate(moderator=testimony.author, testimony=testimony, publish=True)
    client.force_login(UserFactory(roles=[Role.RESIDENT]))
    assert client.get("/observatory/testimonies/moderation/").status_code == 403
    client.force_login(moderator)
    response = client.post(
        f"/observatory/testimonies/{testimony.public_id}/moderate/", {"decision": "reject"}
    )
    assert response.status_code == 400
    response = client.post(
        f"/observatory/testimonies/{testimony.public_id}/moderate/", {"decision": "zzz"}
    )
    assert response.status_code == 400


def test_register_record_link_is_checked_through_the_register_selectors():
    system = published_system(name="Chatbot de la DPE")
    draft = register_services.system_create(actor=editor(), data=core_data(name="Brouillon"))
    author = UserFactory()
    testimony = services.testimony_submit(
        author=author, text=TEXT, consent=True, anonymous=True, system_slug=system.slug
    )
    assert testimony.system_slug == system.slug
    assert testimony.system_name == "Chatbot de la DPE"
    for slug in ("unknown", draft.slug):  # not in the public register
        with pytest.raises(InvalidInput):
            services.testimony_submit(
                author=author, text=TEXT, consent=True, anonymous=True, system_slug=slug
            )
    assert Testimony.objects.count() == 1


def test_form_offers_the_published_register_records(client):
    published_system(name="Chatbot de la DPE")
    register_services.system_create(actor=editor(), data=core_data(name="Brouillon secret"))
    client.force_login(UserFactory())
    html = client.get("/observatory/testimonies/new/").content.decode()
    assert 'name="system_slug"' in html
    assert "Chatbot de la DPE" in html and "Brouillon secret" not in html


def test_anonymous_display_hides_the_name():
    testimony = TestimonyFactory(anonymous=True, author=UserFactory(display_name="Camille"))
    assert "Camille" not in testimony.display_name


def test_site_search_finds_published_testimonies_only():
    TestimonyFactory(
        text="Le chatbot des impôts locaux m'a répondu faux.", status=TestimonyStatus.PUBLISHED
    )
    TestimonyFactory(text="Le chatbot des crèches est en attente.", status=TestimonyStatus.PENDING)
    hits = search.site_search(query="chatbot", limit=10)
    assert len(hits) == 1 and hits[0]["url"].startswith("/observatory/testimonies/")
    assert set(hits[0]) == {"title", "url", "summary", "kind"}


def test_gdpr_export_and_erasure_keep_published_testimonies_anonymous():
    person = UserFactory()
    published = TestimonyFactory(author=person, anonymous=False, status=TestimonyStatus.PUBLISHED)
    TestimonyFactory(author=person, status=TestimonyStatus.PENDING)
    exported = gdpr.export_user_data(user=person)
    assert len(exported["testimonies"]) == 2
    gdpr.erase_user_data(user=person)
    published.refresh_from_db()
    assert published.author is None and published.anonymous is True
    assert Testimony.objects.count() == 1
    assert gdpr.export_user_data(user=person)["testimonies"] == []


def test_site_search_finds_observatory_members(index):
    from tests.observatory.factories import ResearcherFactory

    ResearcherFactory(
        name="Nadia Benali", slug="nadia-benali", affiliation="Données et Territoires"
    )
    hits = search.site_search(query="Benali", limit=10)
    assert hits == [
        {
            "title": "Nadia Benali",
            "url": "/observatory/researchers/nadia-benali/",
            "summary": "Données et Territoires",
            "kind": hits[0]["kind"],
        }
    ]


def test_a_moderator_cannot_moderate_their_own_testimony_from_the_page(client):
    moderator = UserFactory(roles=[Role.MODERATOR])
    testimony = TestimonyFactory(author=moderator)
    client.force_login(moderator)
    response = client.post(
        f"/observatory/testimonies/{testimony.public_id}/moderate/", {"decision": "publish"}
    )
    assert response.status_code == 403
    assert response.context["form"].non_field_errors() == [
        "Vous ne pouvez pas modérer votre propre témoignage."
    ]
    assert "Vous ne pouvez pas modérer votre propre témoignage." in response.content.decode()
    testimony.refresh_from_db()
    assert testimony.status == TestimonyStatus.PENDING


def test_rejecting_without_a_reason_marks_the_reason_field(client):
    testimony = TestimonyFactory()
    client.force_login(UserFactory(roles=[Role.MODERATOR]))
    response = client.post(
        f"/observatory/testimonies/{testimony.public_id}/moderate/", {"decision": "reject"}
    )
    assert response.status_code == 400
    assert "reason" in response.context["form"].errors
    testimony.refresh_from_db()
    assert testimony.status == TestimonyStatus.PENDING


def test_testimony_audit_rows_use_the_observatory_vocabulary_and_the_model_label():
    from observatory.models import AuditAction

    testimony = services.testimony_submit(
        author=UserFactory(), text=TEXT, consent=True, anonymous=True
    )
    entry = AuditEntry.objects.get(target_id=str(testimony.pk))
    assert (entry.action, entry.target_type) == (
        "observatory.testimony_submit",
        "observatory.testimony",
    )
    assert entry.action == AuditAction.TESTIMONY_SUBMIT
