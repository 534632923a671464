from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.models import AuditEntry
from accounts.roles import Role
from consultation import services
from consultation.errors import PhaseClosed
from consultation.models import (
    Ballot,
    Commitment,
    CommitmentStatus,
    Notification,
    NotificationKind,
    NotificationPreference,
    OfficialAnswer,
    Phase,
    UseCaseStatus,
)
from core.errors import InvalidInput, NotAllowed, NotAuthenticated
from tests.consultation.factories import UseCaseFactory, use_case_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def publish(use_case, author=None, **kw):
    return services.answer_publish(
        author=author or UserFactory(roles=[Role.ELECTED]),
        use_case=use_case,
        decision=kw.pop("decision", "pilot"),
        justification=kw.pop("justification", "Six months in two arrondissements."),
        author_title=kw.pop("author_title", "Deputy mayor"),
        **kw,
    )


def test_answer_sets_status_and_notifies_participants_on_commit(
    django_capture_on_commit_callbacks, mailoutbox
):
    use_case = use_case_in(Phase.ANALYSIS)
    voter, digest_person, silent = UserFactory(), UserFactory(), UserFactory()
    for person in (voter, digest_person, silent):
        Ballot.objects.create(voter=person, use_case=use_case, grade="good")
    NotificationPreference.objects.create(user=digest_person, frequency="daily")
    NotificationPreference.objects.create(user=silent, frequency="never")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publish(use_case, commitments=[{"text": "Publish the review", "deadline": "2027-06-01"}])
    assert mailoutbox == []  # nothing leaves before commit
    for callback in callbacks:
        callback()
    use_case.refresh_from_db()
    assert use_case.status == UseCaseStatus.PILOTING
    assert Commitment.objects.get().text == "Publish the review"
    assert [m.to for m in mailoutbox] == [[voter.email]]
    digest = Notification.objects.get(recipient=digest_person)
    assert (digest.kind, digest.digest, digest.sent_at) == (NotificationKind.ANSWER, True, None)
    assert not Notification.objects.filter(recipient=silent).exists()
    assert services.notification_digests_deliver() == 1
    assert mailoutbox[-1].to == [digest_person.email]


def test_answer_is_audited_and_a_revision_notifies_no_one_again():
    use_case = use_case_in(Phase.ANSWER)
    Ballot.objects.create(voter=UserFactory(), use_case=use_case, grade="good")
    elected = UserFactory(roles=[Role.ELECTED])
    publish(use_case, author=elected)
    assert Notification.objects.count() == 1
    answer = publish(use_case, author=elected, decision="adopted", justification="Better.")
    assert OfficialAnswer.objects.get() == answer
    assert answer.justification == "Better."
    assert Notification.objects.count() == 1
    actions = list(
        AuditEntry.objects.filter(target_id=str(use_case.pk)).values_list("action", flat=True)
    )
    # Revised to "adopted": the adoption also opened the use case's register draft (closed loop).
    assert sorted(actions) == ["answer.published", "answer.revised", "use_case.register_draft"]
    use_case.refresh_from_db()
    assert use_case.status == UseCaseStatus.ADOPTED


def test_answer_links_the_register_record_when_the_use_case_has_none():
    use_case = use_case_in(Phase.ANALYSIS, register_slug="")
    publish(use_case, register_slug=" chatbot ")
    use_case.refresh_from_db()
    assert use_case.register_slug == "chatbot"


@pytest.mark.parametrize("phase", [Phase.UPCOMING, Phase.INFORMATION, Phase.VOTING])
def test_answer_waits_for_voting_to_close(phase):
    with pytest.raises(PhaseClosed) as exc:
        publish(use_case_in(phase))
    assert exc.value.code == "voting_open"
    assert not OfficialAnswer.objects.exists()


def test_a_use_case_outside_a_consultation_may_be_answered_at_any_time():
    assert publish(UseCaseFactory(consultation=None)).pk


@pytest.mark.parametrize("roles", [[Role.AGENT], [Role.MODERATOR], [Role.RESIDENT], []])
def test_only_elected_officials_answer(roles):
    with pytest.raises(NotAllowed):
        publish(use_case_in(Phase.ANALYSIS), author=UserFactory(roles=roles))
    with pytest.raises(NotAuthenticated):
        publish(use_case_in(Phase.ANALYSIS), author=AnonymousUser())
    assert not OfficialAnswer.objects.exists()


@pytest.mark.parametrize(
    "kw,code",
    [
        ({"decision": "maybe"}, "decision"),
        ({"justification": "  "}, "justification"),
        ({"commitments": [{"text": "Review", "deadline": None}]}, "deadline"),
    ],
)
def test_invalid_answers_are_refused_and_write_nothing(kw, code):
    use_case = use_case_in(Phase.ANALYSIS)
    with pytest.raises(InvalidInput) as exc:
        publish(use_case, **kw)
    assert exc.value.code == code
    assert not OfficialAnswer.objects.exists()
    assert not Commitment.objects.exists()
    use_case.refresh_from_db()
    assert use_case.status == UseCaseStatus.PROPOSED


def _commitment():
    answer = publish(use_case_in(Phase.ANALYSIS))
    return Commitment.objects.create(answer=answer, text="Review", deadline=date(2027, 1, 1))


@pytest.mark.parametrize("role", [Role.ELECTED, Role.AGENT])
def test_commitments_are_followed_up_by_officials_and_agents(role):
    commitment = _commitment()
    user = UserFactory(roles=[role])
    services.commitment_update(user=user, commitment=commitment, status=CommitmentStatus.KEPT)
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.KEPT
    assert commitment.done_at is not None
    entry = AuditEntry.objects.get(action="commitment.updated")
    assert (entry.actor, entry.target_type, entry.summary) == (
        user,
        "consultation.commitment",
        "kept",
    )
    services.commitment_update(user=user, commitment=commitment, status="abandoned")
    commitment.refresh_from_db()
    assert commitment.done_at is None


def test_commitment_update_refusals():
    commitment = _commitment()
    with pytest.raises(NotAllowed):
        services.commitment_update(user=UserFactory(), commitment=commitment, status="kept")
    with pytest.raises(NotAuthenticated):
        services.commitment_update(user=AnonymousUser(), commitment=commitment, status="kept")
    with pytest.raises(InvalidInput):
        services.commitment_update(
            user=UserFactory(roles=[Role.ELECTED]), commitment=commitment, status="done"
        )
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.PENDING
