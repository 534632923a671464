from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import AuditEntry
from accounts.roles import Role
from consultation import services
from consultation.models import (
    Consultation,
    ModerationState,
    Notification,
    NotificationKind,
    Phase,
    UseCaseStatus,
)
from core.errors import NotAllowed
from tests.consultation.factories import (
    UseCaseFactory,
    consultation_in,
    phase_dates,
    upcoming_consultation,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def new_consultation(phase=Phase.INFORMATION) -> Consultation:
    return Consultation(slug="nouvelle", title="Nouvelle", summary="Résumé", **phase_dates(phase))


def test_agent_creates_a_consultation_and_attaches_published_use_cases_only():
    agent = UserFactory(roles=[Role.AGENT])
    free = UseCaseFactory(consultation=None)
    pending = UseCaseFactory(consultation=None, moderation_state=ModerationState.PENDING)
    consultation = services.consultation_save(
        editor=agent, consultation=new_consultation(), use_case_ids=[free.pk, pending.pk]
    )
    assert consultation.phase == Phase.INFORMATION
    free.refresh_from_db()
    pending.refresh_from_db()
    assert (free.consultation, free.status) == (consultation, UseCaseStatus.IN_CONSULTATION)
    assert pending.consultation is None
    entry = AuditEntry.objects.get(action="consultation.created")
    assert (entry.actor, entry.target_type, entry.target_id) == (
        agent,
        "consultation.consultation",
        str(consultation.pk),
    )


def test_editing_detaches_use_cases_left_out_and_is_audited():
    agent = UserFactory(roles=[Role.AGENT])
    kept, dropped = UseCaseFactory(consultation=None), UseCaseFactory(consultation=None)
    consultation = services.consultation_save(
        editor=agent, consultation=new_consultation(), use_case_ids=[kept.pk, dropped.pk]
    )
    services.consultation_save(editor=agent, consultation=consultation, use_case_ids=[kept.pk])
    dropped.refresh_from_db()
    kept.refresh_from_db()
    assert (kept.consultation, dropped.consultation) == (consultation, None)
    assert AuditEntry.objects.filter(action="consultation.edited").count() == 1


def test_use_cases_of_an_upcoming_consultation_stay_proposed():
    free = UseCaseFactory(consultation=None)
    services.consultation_save(
        editor=UserFactory(roles=[Role.AGENT]),
        consultation=new_consultation(Phase.UPCOMING),
        use_case_ids=[free.pk],
    )
    free.refresh_from_db()
    assert free.status == UseCaseStatus.PROPOSED


def test_a_use_case_of_another_consultation_is_not_taken_over():
    other = UseCaseFactory()
    consultation = services.consultation_save(
        editor=UserFactory(roles=[Role.AGENT]),
        consultation=new_consultation(),
        use_case_ids=[other.pk],
    )
    other.refresh_from_db()
    assert other.consultation != consultation


@pytest.mark.parametrize("roles", [[Role.ELECTED], [Role.MODERATOR], [Role.RESIDENT]])
def test_only_agents_save_consultations(roles):
    with pytest.raises(NotAllowed):
        services.consultation_save(
            editor=UserFactory(roles=roles), consultation=new_consultation(), use_case_ids=[]
        )
    assert not Consultation.objects.exists()


def test_phase_follows_the_dates_and_the_beat_moves_the_stored_phase():
    consultation = upcoming_consultation()
    use_case = UseCaseFactory(consultation=consultation)
    assert consultation.current_phase == Phase.UPCOMING
    Consultation.objects.filter(pk=consultation.pk).update(
        information_starts_at=timezone.now() - timedelta(minutes=1)
    )
    moves = services.consultation_phases_advance()
    assert moves == [(consultation.slug, Phase.UPCOMING, Phase.INFORMATION)]
    consultation.refresh_from_db()
    use_case.refresh_from_db()
    assert consultation.phase == Phase.INFORMATION
    assert use_case.status == UseCaseStatus.IN_CONSULTATION
    entry = AuditEntry.objects.get(action="consultation.phase")
    assert (entry.actor, entry.summary) == (None, "upcoming → information")
    assert services.consultation_phases_advance() == []
    assert AuditEntry.objects.filter(action="consultation.phase").count() == 1


def test_opening_the_vote_notifies_those_who_debated_or_proposed(
    django_capture_on_commit_callbacks, mailoutbox
):
    proposer = UserFactory()
    use_case = UseCaseFactory(consultation=consultation_in(Phase.VOTING), proposer=proposer)
    consultation = use_case.consultation
    author = UserFactory()
    services.comment_post(author=author, use_case=use_case, body="Early thoughts")
    Consultation.objects.filter(pk=consultation.pk).update(phase=Phase.INFORMATION)
    with django_capture_on_commit_callbacks(execute=True):
        services.consultation_phases_advance(now=timezone.now() + timedelta(seconds=1))
    consultation.refresh_from_db()
    assert consultation.phase == Phase.VOTING
    assert sorted(m.to[0] for m in mailoutbox) == sorted([author.email, proposer.email])
    assert set(Notification.objects.values_list("kind", flat=True)) == {NotificationKind.PHASE}


def test_beat_schedule_is_plain_data():
    from consultation.schedules import BEAT_SCHEDULE

    assert {v["task"] for v in BEAT_SCHEDULE.values()} == {
        "consultation.phases_advance",
        "consultation.notifications_retry",
        "consultation.notifications_digest",
        "consultation.commitments_overdue",
    }
