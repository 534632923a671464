import csv
import io
import json

import pytest
from django.test import Client

from accounts.roles import Role
from consultation import services
from consultation.models import Ballot, Comment, NotificationPreference, UseCase
from tests.consultation.factories import DOSSIER, UseCaseFactory, closed_consultation
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROLES = {
    "anonymous": None,
    "unverified": "unverified",
    "resident": [Role.RESIDENT],
    "moderator": [Role.MODERATOR],
    "elected": [Role.ELECTED],
    "agent": [Role.AGENT],
}


def client_for(role):
    client = Client()
    spec = ROLES[role]
    if spec == "unverified":
        client.force_login(UserFactory(verified=False))
    elif spec is not None:
        client.force_login(UserFactory(roles=spec))
    return client


# (role, can vote, can comment, can moderate queue, can see dashboard, can answer)
MATRIX = [
    ("anonymous", False, False, False, False, False),
    ("unverified", False, False, False, False, False),
    ("resident", True, True, False, False, False),
    ("moderator", True, True, True, False, False),
    ("elected", True, True, False, True, True),
    ("agent", True, True, False, True, False),
]


@pytest.mark.parametrize("role,vote,comment,moderate,dashboard,answer", MATRIX)
def test_permissions_matrix(role, vote, comment, moderate, dashboard, answer):
    use_case = UseCaseFactory()
    closed_use_case = UseCaseFactory(consultation=closed_consultation())
    client = client_for(role)
    client.post(f"/consultations/use-cases/{use_case.pk}/ballot/", {"grade": "good"})
    assert Ballot.objects.filter(use_case=use_case).exists() is vote
    client.post(
        f"/consultations/use-cases/{use_case.pk}/comments/", {"body": "Hello", "alignment": "for"}
    )
    assert Comment.objects.filter(use_case=use_case).exists() is comment
    assert (client.get("/consultations/moderation/").status_code == 200) is moderate
    assert (
        client.get(f"/consultations/{use_case.consultation.slug}/dashboard/").status_code == 200
    ) is dashboard
    assert (
        client.get(f"/consultations/use-cases/{closed_use_case.pk}/answer/").status_code == 200
    ) is answer


def test_invalid_comment_post_answers_400_and_keeps_the_value():
    use_case = UseCaseFactory()
    response = client_for("resident").post(
        f"/consultations/use-cases/{use_case.pk}/comments/",
        {"body": "Kept words", "alignment": "sideways"},
    )
    assert response.status_code == 400
    assert response.context["comment_form"]["body"].value() == "Kept words"
    assert "Kept words</textarea>" in response.content.decode()
    assert not Comment.objects.exists()


def test_honeypot_blocks_bots():
    use_case = UseCaseFactory()
    response = client_for("resident").post(
        f"/consultations/use-cases/{use_case.pk}/comments/",
        {"body": "buy now", "alignment": "for", "website": "http://spam"},
    )
    assert response.status_code == 302  # the bot is told it worked: see test_honeypot.py
    assert not Comment.objects.exists()


def test_xss_in_use_case_fields_is_escaped():
    use_case = UseCaseFactory(
        title="<script>alert('t')</script>", problem="<img src=x onerror=alert(1)>"
    )
    html = Client().get(f"/consultations/use-cases/{use_case.pk}/").content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html


def _busy_consultation():
    use_case = UseCaseFactory()
    consultation = use_case.consultation
    others = [UseCaseFactory(consultation=consultation) for _ in range(4)]
    for i in range(12):
        voter = UserFactory(arrondissement="11", age_bracket="25_34")
        for uc in [use_case, *others]:
            Ballot.objects.create(
                voter=voter, use_case=uc, grade=["good", "reject", "excellent"][i % 3]
            )
        parent = services.comment_post(author=voter, use_case=use_case, body=f"comment {i}")
        services.comment_post(author=UserFactory(), use_case=use_case, body="reply", parent=parent)
    return use_case, consultation


def test_pages_run_a_bounded_number_of_queries(django_assert_max_num_queries):
    use_case, consultation = _busy_consultation()
    client = client_for("resident")
    with django_assert_max_num_queries(20):
        assert client.get(f"/consultations/{consultation.slug}/results/").status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(f"/consultations/{consultation.slug}/").status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(f"/consultations/use-cases/{use_case.pk}/").status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get("/consultations/").status_code == 200


def test_results_show_groups_of_ten_or_more_only():
    use_case, consultation = _busy_consultation()
    for _ in range(3):  # a group of three: too small to be shown
        Ballot.objects.create(
            voter=UserFactory(arrondissement="12"), use_case=use_case, grade="good"
        )
    response = Client().get(f"/consultations/{consultation.slug}/results/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "11e arrondissement" in html
    assert "12e arrondissement" not in html
    assert 'role="img"' in html and "<table>" in html


def test_exports_contain_no_personal_data():
    use_case, consultation = _busy_consultation()
    voter = Ballot.objects.select_related("voter").first().voter
    client = Client()
    ballots_csv = b"".join(
        client.get(f"/consultations/{consultation.slug}/open-data/ballots.csv").streaming_content
    ).decode()
    ballots_json = b"".join(
        client.get(f"/consultations/{consultation.slug}/open-data/ballots.json").streaming_content
    ).decode()
    results_json = client.get(
        f"/consultations/{consultation.slug}/open-data/results.json"
    ).content.decode()
    rows = list(csv.DictReader(io.StringIO(ballots_csv)))
    assert set(rows[0]) == {"ballot_id", "use_case_id", "grade", "date"}
    assert (
        len(json.loads(ballots_json))
        == Ballot.objects.filter(use_case__consultation=consultation).count()
    )
    for text in (ballots_csv, ballots_json, results_json):
        assert voter.email not in text
        assert voter.display_name not in text
        assert str(voter.public_id) not in text
        assert "voter_id" not in text and "email" not in text


def test_ical_lists_the_four_phases():
    use_case = UseCaseFactory()
    body = Client().get(f"/consultations/{use_case.consultation.slug}/phases.ics").content.decode()
    assert body.count("BEGIN:VEVENT") == 4


def test_dashboard_exports_csv_and_pdf():
    use_case, consultation = _busy_consultation()
    client = client_for("elected")
    csv_response = client.get(f"/consultations/{consultation.slug}/dashboard.csv")
    assert csv_response.status_code == 200
    assert use_case.title in csv_response.content.decode()
    pdf = client.get(f"/consultations/{consultation.slug}/dashboard.pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    from pypdf import PdfReader

    assert use_case.title in PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()


def test_notification_preference_page_saves_and_shows_the_saved_choice():
    person = UserFactory()
    client = Client()
    client.force_login(person)
    assert client.post("/consultations/notifications/", {"frequency": "daily"}).status_code == 302
    assert NotificationPreference.objects.get(user=person).frequency == "daily"
    page = client.get("/consultations/notifications/")
    assert page.context["form"]["frequency"].value() == "daily"
    assert client.post("/consultations/notifications/", {"frequency": "hourly"}).status_code == 400
    assert NotificationPreference.objects.get(user=person).frequency == "daily"


def test_broker_outage_never_loses_a_ballot_or_comment(
    settings, django_capture_on_commit_callbacks
):
    import socket

    from config.celery import app

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    old = (app.conf.broker_url, app.conf.task_always_eager)
    app.conf.broker_url = f"redis://127.0.0.1:{port}/0"
    app.conf.task_always_eager = False
    app.conf.broker_connection_timeout = 1
    try:
        voter = UserFactory()
        use_case = UseCaseFactory()
        parent = services.comment_post(author=UserFactory(), use_case=use_case, body="question")
        with django_capture_on_commit_callbacks(execute=True):
            services.ballot_cast(voter=voter, use_case=use_case, grade="good")
            reply = services.comment_post(
                author=voter, use_case=use_case, body="answer", parent=parent
            )
    finally:
        app.conf.broker_url, app.conf.task_always_eager = old
    assert Ballot.objects.filter(voter=voter, use_case=use_case).exists()
    assert Comment.objects.filter(pk=reply.pk).exists()
    from consultation.models import Notification

    assert Notification.objects.filter(sent_at__isnull=True, digest=False).count() == 1


def test_proposal_shows_similar_use_cases_before_submission():
    consultation = UseCaseFactory(
        title="Transcription des séances", summary="Sous-titrer les séances automatiquement"
    ).consultation
    consultation.accepts_proposals = True
    consultation.save()
    client = client_for("resident")
    response = client.post(f"/consultations/{consultation.slug}/propose/", DOSSIER)
    assert response.status_code == 200
    assert "Transcription des séances" in response.content.decode()
    response = client.post(
        f"/consultations/{consultation.slug}/propose/", {**DOSSIER, "confirm_new": "on"}
    )
    assert response.status_code == 302
    from consultation.models import UseCase

    proposal = UseCase.objects.get(title=DOSSIER["title"])
    assert proposal.moderation_state == "pending"
    assert Client().get(proposal.get_absolute_url()).status_code == 404  # not public yet


def test_invalid_proposal_answers_400():
    response = client_for("agent").post("/consultations/use-cases/propose/", {"title": ""})
    assert response.status_code == 400


def test_public_history_shows_what_changed():
    use_case = UseCaseFactory(risks="Erreurs de transcription")
    client = client_for("agent")
    data = {
        **DOSSIER,
        "title": use_case.title,
        "summary": use_case.summary,
        "risks": "Erreurs sur les noms propres",
        "note": "Précision des risques",
    }
    assert client.post(f"/consultations/use-cases/{use_case.pk}/edit/", data).status_code == 302
    html = Client().get(f"/consultations/use-cases/{use_case.pk}/history/").content.decode()
    assert "Précision des risques" in html
    assert "<ins>" in html and "<del>" in html


def test_resident_cannot_edit_an_agent_dossier():
    use_case = UseCaseFactory()
    assert (
        client_for("resident").get(f"/consultations/use-cases/{use_case.pk}/edit/").status_code
        == 403
    )


def test_appeal_page_lifecycle_through_views():
    author = UserFactory()
    use_case = UseCaseFactory()
    comment = services.comment_post(author=author, use_case=use_case, body="Texte contesté")
    services.comment_moderate(
        moderator=UserFactory(roles=[Role.MODERATOR]),
        comment=comment,
        hide=True,
        reason="Hors sujet",
    )
    client = Client()
    client.force_login(author)
    html = client.get(use_case.get_absolute_url()).content.decode()
    assert "Hors sujet" in html and "Texte contesté" not in html
    assert (
        client.post(f"/consultations/comments/{comment.pk}/appeal/", {"text": "court"}).status_code
        == 422
    )
    response = client.post(
        f"/consultations/comments/{comment.pk}/appeal/",
        {"text": "Mon commentaire portait sur le sujet."},
    )
    assert response.status_code == 302
    moderator = client_for("moderator")
    appeal = comment.appeal
    assert moderator.get("/consultations/moderation/").status_code == 200
    response = moderator.post(
        f"/consultations/moderation/appeals/{appeal.pk}/",
        {"action": "accept", "response": "Rétabli."},
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert not comment.is_hidden


def test_english_pages_render():
    use_case = UseCaseFactory()
    assert Client().get("/en/consultations/").status_code == 200
    html = Client().get(f"/en/consultations/use-cases/{use_case.pk}/").content.decode()
    assert "Your grade" in html


def test_hidden_results_page_says_when():
    use_case = UseCaseFactory(consultation__results_visibility="after_close")
    html = Client().get(f"/consultations/{use_case.consultation.slug}/results/").content.decode()
    assert "clôture du vote" in html


def test_agents_create_a_consultation_and_attach_use_cases():
    free = UseCaseFactory(consultation=None, status="proposed")
    client = client_for("agent")
    data = {
        "title": "Nouvelle consultation",
        "slug": "nouvelle",
        "summary": "Résumé",
        "description": "",
        "information_starts_at": "2026-01-01T09:00",
        "voting_starts_at": "2026-01-10T09:00",
        "voting_ends_at": "2099-01-20T09:00",
        "answer_due_at": "2099-02-20T09:00",
        "results_visibility": "after_close",
        "use_cases": [free.pk],
    }
    assert (
        client.post(
            "/consultations/new/", {**data, "voting_ends_at": "2025-01-01T09:00"}
        ).status_code
        == 400
    )
    assert client.post("/consultations/new/", {**data, "slug": "use-cases"}).status_code == 400
    assert client.post("/consultations/new/", data).status_code == 302
    free.refresh_from_db()
    assert free.consultation.slug == "nouvelle"
    assert free.status == "in_consultation"
    assert client_for("resident").get("/consultations/new/").status_code == 403


def test_comment_buttons_follow_the_policy():
    author = UserFactory()
    use_case = UseCaseFactory()
    comment = services.comment_post(author=author, use_case=use_case, body="Un avis")
    edit = f"/consultations/comments/{comment.pk}/edit/"
    report = f"/consultations/comments/{comment.pk}/report/"
    vote = f"/consultations/comments/{comment.pk}/vote/"
    moderate = f"/consultations/moderation/comments/{comment.pk}/"
    page = f"/consultations/use-cases/{use_case.pk}/"
    author_client = Client()
    author_client.force_login(author)
    pages = {
        "author": author_client.get(page),
        "resident": client_for("resident").get(page),
        "moderator": client_for("moderator").get(page),
        "anonymous": Client().get(page),
    }
    shown = {
        who: {url for url in (edit, report, vote, moderate) if url in r.content.decode()}
        for who, r in pages.items()
        if r.status_code == 200
    }
    assert shown == {
        "author": {edit},
        "resident": {report, vote},
        "moderator": {report, vote, moderate},
        "anonymous": set(),
    }


def test_a_comment_link_leads_to_the_debate_page_that_shows_it(django_assert_max_num_queries):
    """Citations and the synthesis's tables link to /consultations/comments/<pk>/: the page of
    the debate (most recent first, 20 threads a page) that shows the comment, at its anchor."""
    from datetime import timedelta

    from django.db.models import F
    from django.utils import timezone

    use_case = UseCaseFactory()
    author = UserFactory()
    start = timezone.now() - timedelta(days=1)
    roots = Comment.objects.bulk_create(
        [
            Comment(
                use_case=use_case,
                author=author,
                body=f"Commentaire {i}",
                body_html=f"<p>Commentaire {i}</p>",
                created_at=start + timedelta(minutes=i),
            )
            for i in range(45)
        ]
    )
    Comment.objects.filter(use_case=use_case).update(root=F("id"))
    oldest, newest = roots[0], roots[-1]
    reply = Comment.objects.create(
        use_case=use_case,
        author=author,
        parent=oldest,
        root=oldest,
        depth=2,
        body="Une réponse",
        body_html="<p>Une réponse</p>",
    )
    client = Client()
    base = use_case.get_absolute_url()
    expected = {
        newest: f"{base}#comment-{newest.pk}",  # page 1: no page number
        roots[25]: f"{base}#comment-{roots[25].pk}",  # 19 newer threads: last of page 1
        roots[24]: f"{base}?page=2#comment-{roots[24].pk}",  # 20 newer: first of page 2
        oldest: f"{base}?page=3#comment-{oldest.pk}",
        reply: f"{base}?page=3#comment-{reply.pk}",  # its thread's page, not its own date
    }
    for comment, url in expected.items():
        with django_assert_max_num_queries(3 if comment.depth == 1 else 4):
            response = client.get(f"/consultations/comments/{comment.pk}/")
        assert response.status_code == 302
        assert response["Location"] == url
        page = client.get(url.split("#")[0]).content.decode()
        assert f'id="comment-{comment.pk}"' in page
    assert client.get("/consultations/comments/999999/").status_code == 404
    UseCase.objects.filter(pk=use_case.pk).update(moderation_state="pending")
    assert client.get(f"/consultations/comments/{oldest.pk}/").status_code == 404
