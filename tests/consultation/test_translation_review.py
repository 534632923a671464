"""A person reviews an automatic translation: a form holding the machine's text, saved as the
reviewed version (origin human, who, when) that replaces the automatic one with a badge, and
goes stale like it when the source changes. Who may review is a matrix (role × object)."""

import pytest
from django.test import Client

from accounts.models import AuditEntry
from accounts.roles import Role
from consultation import services
from consultation.models import Comment, ModerationState, OfficialAnswer
from core.errors import InvalidInput, NotAllowed
from core.models import Translation, TranslationOrigin, TranslationStatus
from core.translations import translation_save
from tests.consultation.factories import UseCaseFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

AI_LABEL_FR = "Traduction automatique — IA de la Ville"
REVIEWED_FR = "Traduction relue par une personne"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def machine(obj, field: str, text: str, language: str = "en") -> Translation:
    return translation_save(
        obj=obj,
        field=field,
        language=language,
        text=text,
        source_text=getattr(obj, field),
        model_name="SmolLM2-135M-Instruct",
    )


@pytest.fixture
def comment():
    return Comment.objects.create(
        use_case=UseCaseFactory(),
        author=UserFactory(),
        body="Les sous-titres sont utiles aux personnes sourdes.",
        body_html="x",
    )


def test_a_moderator_reviews_an_automatic_translation_from_a_form_holding_it(comment):
    machine(comment, "body", "The subtitle are useful for deaf peoples.")
    moderator = UserFactory(roles=[Role.MODERATOR])
    reviewer = logged_in(moderator)
    read = f"/consultations/read/comment/{comment.pk}/en/"
    review = f"{read}review/body/"
    page = reviewer.get(read).content.decode()
    assert f'href="{review}"' in page  # the reviewer's way in
    form = reviewer.get(review)
    assert form.status_code == 200
    html = form.content.decode()
    assert "The subtitle are useful for deaf peoples.</textarea>" in html  # pre-filled
    assert AI_LABEL_FR in html and 'lang="en"' in html

    response = reviewer.post(review, {"text": "Subtitles help deaf people."})
    assert response.status_code == 302 and response["Location"] == f"{read}#field-body"
    row = Translation.objects.get(origin=TranslationOrigin.HUMAN)
    assert (row.text, row.status, row.reviewed_by) == (
        "Subtitles help deaf people.",
        TranslationStatus.READY,
        moderator,
    )
    assert row.reviewed_at is not None
    assert Translation.objects.filter(origin=TranslationOrigin.MACHINE).count() == 1  # kept
    shown = Client().get(read).content.decode()
    assert "Subtitles help deaf people." in shown
    assert "deaf peoples" not in shown
    assert REVIEWED_FR in shown and AI_LABEL_FR not in shown
    assert AuditEntry.objects.filter(action="translation.reviewed", actor=moderator).count() == 1


def test_a_reviewed_translation_goes_stale_when_its_source_changes(
    django_capture_on_commit_callbacks,
):
    use_case = UseCaseFactory(title="Tri du courrier", summary="Orienter les courriers.")
    agent = logged_in(UserFactory(roles=[Role.AGENT]))
    for field, text in (("title", "Mail sorting"), ("summary", "Route the letters.")):
        machine(use_case, field, text.lower())
        url = f"/consultations/read/use-case/{use_case.pk}/en/review/{field}/"
        assert agent.post(url, {"text": text}).status_code == 302
    english = Client().get(f"/en/consultations/use-cases/{use_case.pk}/").content.decode()
    assert "Mail sorting" in english
    assert "Translation reviewed by a person" in english
    assert "Automatic translation" not in english

    use_case.summary = "Orienter les courriers vers le bon service."
    use_case.save()
    read = f"/consultations/read/use-case/{use_case.pk}/en/"
    page = Client().get(read).content.decode()
    assert "Route the letters." not in page  # the person's version no longer matches
    english = Client().get(f"/en/consultations/use-cases/{use_case.pk}/").content.decode()
    assert "Route the letters." not in english
    assert "Orienter les courriers vers le bon service." in english
    # the stale review does not stop the model from preparing the new text
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert Client().post(read).status_code == 302
    assert len(callbacks) == 1
    pending = Translation.objects.get(field="summary", status=TranslationStatus.PENDING)
    assert pending.origin == TranslationOrigin.MACHINE
    # once ready, the automatic version of the new text is shown with the AI label
    machine(use_case, "summary", "Route letters to the right department.")
    english = Client().get(f"/en/consultations/use-cases/{use_case.pk}/").content.decode()
    assert "Route letters to the right department." in english
    assert "Automatic translation — the city's AI" in english


@pytest.mark.parametrize(
    ("who", "target", "allowed"),
    [
        (Role.MODERATOR, "comment", True),
        (Role.AGENT, "comment", False),
        (Role.ELECTED, "comment", False),
        (Role.RESIDENT, "comment", False),
        ("comment author", "comment", False),
        (Role.MODERATOR, "use-case", True),
        (Role.AGENT, "use-case", True),
        (Role.ELECTED, "use-case", False),
        (Role.RESIDENT, "use-case", False),
        ("proposer, awaiting moderation", "use-case", True),
        ("proposer, published", "use-case", False),
        (Role.ELECTED, "answer", True),
        (Role.AGENT, "answer", True),
        (Role.MODERATOR, "answer", True),
        (Role.RESIDENT, "answer", False),
        (Role.AGENT, "consultation", True),
        (Role.ELECTED, "consultation", False),
        (Role.RESIDENT, "consultation", False),
    ],
)
def test_who_may_review_a_translation(who, target, allowed):
    proposer = UserFactory(roles=[Role.RESIDENT])
    use_case = UseCaseFactory(proposer=proposer)
    if who == "proposer, awaiting moderation":
        use_case.moderation_state = ModerationState.PENDING
        use_case.save()
    comment_author = UserFactory(roles=[Role.RESIDENT])
    objects = {
        "use-case": (use_case, "risks"),
        "consultation": (use_case.consultation, "title"),
        "answer": (
            OfficialAnswer.objects.create(
                use_case=use_case, author_title="Mme", decision="adopted", justification="Oui."
            ),
            "justification",
        ),
        "comment": (
            Comment.objects.create(
                use_case=use_case, author=comment_author, body="Bien.", body_html="x"
            ),
            "body",
        ),
    }
    obj, field = objects[target]
    if who == "comment author":
        user = comment_author
    elif str(who).startswith("proposer"):
        user = proposer
    else:
        user = UserFactory(roles=[who])
    client = logged_in(user)
    read = f"/consultations/read/{target}/{obj.pk}/en/"
    response = client.post(f"{read}review/{field}/", {"text": "Reviewed."})
    assert response.status_code == (302 if allowed else 403)
    assert Translation.objects.filter(origin=TranslationOrigin.HUMAN).exists() is allowed
    # the link is shown exactly to those the service accepts
    assert (f"review/{field}/" in client.get(read).content.decode()) is allowed


def test_a_visitor_is_asked_to_log_in_and_a_refused_review_keeps_the_text(comment):
    url = f"/consultations/read/comment/{comment.pk}/en/review/body/"
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    reviewer = logged_in(UserFactory(roles=[Role.MODERATOR]))
    empty = reviewer.post(url, {"text": "   "})
    assert empty.status_code == 400
    assert "Il y a un problème" in empty.content.decode()
    too_long = reviewer.post(url, {"text": "x" * 20001})
    assert too_long.status_code == 400
    assert "au plus 20000 caractères" in too_long.content.decode().replace("\u202f", "")
    for bad in (
        f"/consultations/read/comment/{comment.pk}/en/review/author/",  # not a translated field
        f"/consultations/read/comment/{comment.pk}/de/review/body/",  # not a target
        "/consultations/read/comment/999999/en/review/body/",
    ):
        assert reviewer.post(bad, {"text": "Hi."}).status_code == 404
    Comment.objects.filter(pk=comment.pk).update(is_hidden=True)
    assert reviewer.post(url, {"text": "Hi."}).status_code == 404
    assert not Translation.objects.exists()


def test_the_service_refuses_what_the_view_would_refuse(comment):
    with pytest.raises(InvalidInput):
        services.translation_review(
            obj=comment,
            field="body",
            language="en",
            text="\r\n ",
            reviewer=UserFactory(roles=[Role.MODERATOR]),
        )
    with pytest.raises(NotAllowed):
        services.translation_review(
            obj=comment, field="body", language="en", text="Hi.", reviewer=comment.author
        )


def test_english_pages_label_each_translation_by_who_made_it():
    use_case = UseCaseFactory(title="Tri du courrier", summary="Orienter les courriers.")
    machine(use_case, "title", "Mail sorting")
    machine(use_case, "summary", "Route the letters.")
    page = Client().get(f"/en/consultations/use-cases/{use_case.pk}/").content.decode()
    assert "Mail sorting" in page
    assert "Automatic translation" in page
    assert f"/en/consultations/read/use-case/{use_case.pk}/en/" in page
    listing = Client().get(f"/en/consultations/{use_case.consultation.slug}/").content.decode()
    assert "Mail sorting" in listing and "Automatic translation" in listing
    french = Client().get(f"/consultations/use-cases/{use_case.pk}/").content.decode()
    assert AI_LABEL_FR not in french and REVIEWED_FR not in french  # nothing translated there
