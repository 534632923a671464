"""Residents' "my view is misrepresented" flags: they reach the reviewers' queue, a moderator or
an elected official resolves them with an optional reply, traced (who, when) and told to the
resident; everyone else is refused."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import AuditEntry
from accounts.roles import Role
from accounts.services import user_data_export, user_delete
from consultation import services
from consultation.models import (
    Comment,
    ModerationState,
    Notification,
    SynthesisFlag,
    SynthesisFlagStatus,
)
from tests.consultation.debate_fixture import crafted_synthesis
from tests.consultation.factories import UseCaseFactory, closed_consultation
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SENTENCE = "Les habitants demandent des sous-titres fiables pour les séances."


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def published():
    """A signed-off synthesis of a small debate, one sentence citing one comment."""
    use_case = UseCaseFactory(consultation=closed_consultation(), title="Sous-titrage des séances")
    comment = Comment.objects.create(
        use_case=use_case,
        author=UserFactory(),
        body="Les habitants demandent des sous-titres fiables pour les séances.",
        body_html="x",
    )
    synthesis = crafted_synthesis(use_case, [(SENTENCE, [comment.pk])])
    services.synthesis_publish(
        user=UserFactory(roles=[Role.MODERATOR]), synthesis=synthesis, edits={}, reviewer_title="M"
    )
    return synthesis


def flag(synthesis, reporter=None, details="Je parlais des personnes âgées.") -> SynthesisFlag:
    return services.synthesis_flag(
        user=reporter or UserFactory(roles=[Role.RESIDENT]),
        synthesis=synthesis,
        sentence_id="t1.summary.0",
        details=details,
    )


def resolve_url(flag: SynthesisFlag) -> str:
    return f"/consultations/syntheses/flags/{flag.pk}/resolve/"


def test_a_reviewer_resolves_a_flag_with_a_reply_traced_and_told_to_the_resident(published):
    reporter = UserFactory(roles=[Role.RESIDENT])
    raised = flag(published, reporter)
    moderator = UserFactory(roles=[Role.MODERATOR], display_name="Camille Modératrice")
    reviewer = logged_in(moderator)
    queue = reviewer.get("/consultations/syntheses/").content.decode()
    assert "Je parlais des personnes âgées." in queue
    assert resolve_url(raised) in queue

    response = reviewer.post(
        resolve_url(raised),
        {f"flag-{raised.pk}-note": "Phrase corrigée : elle cite aussi les personnes âgées."},
    )
    assert response.status_code == 302
    assert response["Location"] == "/consultations/syntheses/#flags-title"
    raised.refresh_from_db()
    assert raised.status == SynthesisFlagStatus.RESOLVED
    assert raised.resolved_by == moderator and raised.resolved_at is not None
    assert raised.resolution_note.startswith("Phrase corrigée")
    entry = AuditEntry.objects.get(action="synthesis_flag.resolved")
    assert (entry.actor, entry.target_id) == (moderator, str(raised.pk))
    told = Notification.objects.get(recipient=reporter)
    assert told.kind == "synthesis"
    assert "Phrase corrigée" in told.body
    assert told.url.endswith(f"{published.get_absolute_url()}#s-t1.summary.0")

    after = reviewer.get("/consultations/syntheses/").content.decode()
    assert resolve_url(raised) not in after  # no longer open
    assert "Aucun signalement ouvert." in after
    assert "Camille Modératrice" in after and "Phrase corrigée" in after  # who, and the reply


def test_an_elected_official_may_resolve_a_flag_without_a_reply(published):
    raised = flag(published)
    elected = UserFactory(roles=[Role.ELECTED])
    assert logged_in(elected).post(resolve_url(raised), {}).status_code == 302
    raised.refresh_from_db()
    assert (raised.status, raised.resolved_by, raised.resolution_note) == (
        SynthesisFlagStatus.RESOLVED,
        elected,
        "",
    )


def test_the_queue_counts_open_flags_per_synthesis_and_in_all(published):
    first, _second = flag(published), flag(published, details="Ce n'est pas mon avis.")
    reviewer = logged_in(UserFactory(roles=[Role.MODERATOR]))
    queue = reviewer.get("/consultations/syntheses/").content.decode()
    assert '<span class="badge">2 signalements ouverts</span>' in queue  # the synthesis' line
    assert "2 signalements ouverts de la part des habitants." in queue  # in all
    reviewer.post(resolve_url(first), {})
    queue = reviewer.get("/consultations/syntheses/").content.decode()
    assert '<span class="badge">1 signalement ouvert</span>' in queue
    assert "1 signalement ouvert de la part des habitants." in queue
    assert "2 signalements" not in queue


def test_the_queue_runs_the_same_number_of_queries_for_any_number_of_flags(
    published, django_assert_max_num_queries
):
    reviewer = logged_in(UserFactory(roles=[Role.MODERATOR]))
    for _ in range(2):
        services.synthesis_flag_resolve(
            user=UserFactory(roles=[Role.MODERATOR]), flag=flag(published), note="vu"
        )
    flag(published)
    with CaptureQueriesContext(connection) as few:
        assert reviewer.get("/consultations/syntheses/").status_code == 200
    for _ in range(6):
        services.synthesis_flag_resolve(
            user=UserFactory(roles=[Role.MODERATOR]), flag=flag(published), note="vu"
        )
        flag(published)
    with django_assert_max_num_queries(len(few)):
        assert reviewer.get("/consultations/syntheses/").status_code == 200


def test_only_reviewers_resolve_flags_by_post_and_never_their_own(published):
    raised = flag(published)
    url = resolve_url(raised)
    for roles in ([Role.RESIDENT], [Role.AGENT]):
        assert logged_in(UserFactory(roles=roles)).post(url, {}).status_code == 403
    anonymous = Client().post(url, {})
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    moderator = logged_in(UserFactory(roles=[Role.MODERATOR]))
    assert moderator.get(url).status_code == 405
    assert moderator.post("/consultations/syntheses/flags/999999/resolve/", {}).status_code == 404
    # a moderator who flagged a sentence does not close their own flag
    own_reporter = UserFactory(roles=[Role.MODERATOR])
    own = flag(published, own_reporter)
    refused = logged_in(own_reporter).post(resolve_url(own), {})
    assert refused.status_code == 403
    assert "Vous ne pouvez pas traiter un signalement que vous avez fait vous-même." in (
        refused.content.decode()
    )
    # a reviewer who may not see the dossier does not learn the flag exists
    published.use_case.moderation_state = ModerationState.PENDING
    published.use_case.save()
    assert logged_in(UserFactory(roles=[Role.ELECTED])).post(url, {}).status_code == 404
    assert SynthesisFlag.objects.filter(status=SynthesisFlagStatus.OPEN).count() == 2


def test_a_refused_resolution_answers_4xx_with_the_reason_and_keeps_the_reply(published):
    raised = flag(published)
    reviewer = logged_in(UserFactory(roles=[Role.MODERATOR]))
    too_long = "Trop long. " * 60
    response = reviewer.post(resolve_url(raised), {f"flag-{raised.pk}-note": too_long})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Il y a un problème" in html
    assert "au plus 500 caractères" in html
    assert too_long.strip()[:50] in html  # the reply is kept
    raised.refresh_from_db()
    assert raised.status == SynthesisFlagStatus.OPEN

    assert reviewer.post(resolve_url(raised), {}).status_code == 302
    again = reviewer.post(resolve_url(raised), {})
    assert again.status_code == 409
    assert "Ce signalement est déjà traité." in again.content.decode()
    assert AuditEntry.objects.filter(action="synthesis_flag.resolved").count() == 1


def test_a_residents_flags_and_their_replies_are_in_their_data_and_erased_with_them(published):
    reporter = UserFactory(roles=[Role.RESIDENT])
    raised = flag(published, reporter, details="Mon avis portait sur les personnes âgées.")
    services.synthesis_flag_resolve(
        user=UserFactory(roles=[Role.MODERATOR]), flag=raised, note="Phrase corrigée."
    )
    exported = user_data_export(user=reporter)["consultation"]["synthesis_flags"]
    assert exported[0]["details"] == "Mon avis portait sur les personnes âgées."
    assert (exported[0]["status"], exported[0]["reply"]) == ("resolved", "Phrase corrigée.")
    user_delete(user=reporter)
    raised.refresh_from_db()
    assert raised.details == ""
