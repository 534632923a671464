import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from accounts.models import AuditEntry
from accounts.roles import Role
from consultation import services
from consultation.errors import PhaseClosed
from consultation.models import ModerationState, Phase, UseCase, UseCaseRevision, UseCaseStatus
from core.errors import NotAllowed, NotAuthenticated, RateLimited
from tests.consultation.factories import (
    DOSSIER,
    ConsultationFactory,
    UseCaseFactory,
    consultation_in,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def open_to_proposals(phase=Phase.INFORMATION):
    return consultation_in(phase, accepts_proposals=True)


def test_resident_proposal_waits_for_moderation_and_is_audited():
    consultation = open_to_proposals()
    resident = UserFactory(roles=[Role.RESIDENT])
    use_case = services.use_case_propose(
        proposer=resident,
        data={**DOSSIER, "register_slug": "chatbot", "title": "  Padded  "},
        consultation=consultation,
    )
    assert use_case.moderation_state == ModerationState.PENDING
    assert use_case.status == UseCaseStatus.IN_CONSULTATION
    assert use_case.title == "Padded"
    assert use_case.register_slug == ""  # only agents link register records
    entry = AuditEntry.objects.get(action="use_case.proposed")
    assert (entry.actor, entry.target_type, entry.target_id) == (
        resident,
        "consultation.usecase",
        str(use_case.pk),
    )


def test_agent_proposal_is_published_at_once_even_outside_a_consultation():
    agent = UserFactory(roles=[Role.AGENT])
    use_case = services.use_case_propose(
        proposer=agent, data={**DOSSIER, "register_slug": "chatbot"}
    )
    assert use_case.moderation_state == ModerationState.APPROVED
    assert use_case.status == UseCaseStatus.PROPOSED
    assert use_case.register_slug == "chatbot"


def test_agent_may_propose_before_the_information_phase():
    consultation = consultation_in(Phase.UPCOMING)
    use_case = services.use_case_propose(
        proposer=UserFactory(roles=[Role.AGENT]), data=DOSSIER, consultation=consultation
    )
    assert use_case.status == UseCaseStatus.PROPOSED


@pytest.mark.parametrize(
    "who,consultation_kw,error",
    [
        ("resident", None, NotAllowed),  # no consultation
        ("resident", {"phase": Phase.VOTING, "accepts_proposals": False}, NotAllowed),
        ("resident", {"phase": Phase.UPCOMING, "accepts_proposals": True}, PhaseClosed),
        ("resident", {"phase": Phase.ANALYSIS, "accepts_proposals": True}, PhaseClosed),
        ("agent", {"phase": Phase.ANALYSIS, "accepts_proposals": True}, PhaseClosed),
        ("agent", {"phase": Phase.ANSWER, "accepts_proposals": False}, PhaseClosed),
    ],
)
def test_proposals_outside_their_role_or_phase_are_refused(who, consultation_kw, error):
    consultation = None
    if consultation_kw is not None:
        kw = dict(consultation_kw)
        consultation = consultation_in(kw.pop("phase"), **kw)
    roles = [Role.AGENT] if who == "agent" else [Role.RESIDENT]
    with pytest.raises(error):
        services.use_case_propose(
            proposer=UserFactory(roles=roles), data=DOSSIER, consultation=consultation
        )
    assert not UseCase.objects.exists()


def test_proposal_needs_a_verified_unblocked_person():
    consultation = open_to_proposals()
    with pytest.raises(NotAuthenticated):
        services.use_case_propose(proposer=AnonymousUser(), data=DOSSIER, consultation=consultation)
    with pytest.raises(NotAllowed) as exc:
        services.use_case_propose(
            proposer=UserFactory(verified=False), data=DOSSIER, consultation=consultation
        )
    assert exc.value.code == "email_not_verified"
    blocked = UserFactory()
    services.user_block(moderator=UserFactory(roles=[Role.MODERATOR]), user=blocked, reason="x")
    with pytest.raises(NotAllowed) as exc:
        services.use_case_propose(proposer=blocked, data=DOSSIER, consultation=consultation)
    assert exc.value.code == "blocked"
    assert not UseCase.objects.exists()


def test_proposals_are_rate_limited(settings):
    settings.CONSULTATION_RATE_PROPOSALS = "1/d"
    consultation = open_to_proposals()
    resident = UserFactory()
    services.use_case_propose(proposer=resident, data=DOSSIER, consultation=consultation)
    with pytest.raises(RateLimited):
        services.use_case_propose(proposer=resident, data=DOSSIER, consultation=consultation)
    assert UseCase.objects.count() == 1


def test_use_case_edit_keeps_before_and_after_and_is_audited():
    use_case = UseCaseFactory(risks="old risk")
    agent = UserFactory(roles=[Role.AGENT])
    revision = services.use_case_update(
        editor=agent, use_case=use_case, data={"risks": "new risk"}, note="typo"
    )
    assert revision.changes == {"risks": {"before": "old risk", "after": "new risk"}}
    use_case.refresh_from_db()
    assert use_case.risks == "new risk"
    entry = AuditEntry.objects.get(action="use_case.edited")
    assert entry.data == {"fields": ["risks"]}
    assert entry.summary == "typo"


def test_an_edit_that_changes_nothing_writes_nothing():
    use_case = UseCaseFactory(risks="same")
    result = services.use_case_update(
        editor=UserFactory(roles=[Role.AGENT]), use_case=use_case, data={"risks": "same"}
    )
    assert result is None
    assert not UseCaseRevision.objects.exists()
    assert not AuditEntry.objects.filter(action="use_case.edited").exists()


def test_resident_edits_own_pending_proposal_but_cannot_link_the_register():
    resident = UserFactory()
    use_case = UseCaseFactory(proposer=resident, moderation_state=ModerationState.PENDING)
    services.use_case_update(
        editor=resident, use_case=use_case, data={"risks": "clearer", "register_slug": "x"}
    )
    use_case.refresh_from_db()
    assert (use_case.risks, use_case.register_slug) == ("clearer", "")


@pytest.mark.parametrize("state", [ModerationState.APPROVED, ModerationState.REJECTED])
def test_resident_cannot_edit_once_moderated_nor_someone_elses(state):
    resident = UserFactory()
    own = UseCaseFactory(proposer=resident, moderation_state=state, risks="kept")
    other = UseCaseFactory(proposer=UserFactory(), moderation_state=ModerationState.PENDING)
    for use_case in (own, other):
        with pytest.raises(NotAllowed):
            services.use_case_update(editor=resident, use_case=use_case, data={"risks": "x"})
    with pytest.raises(NotAuthenticated):
        services.use_case_update(editor=AnonymousUser(), use_case=own, data={"risks": "x"})
    own.refresh_from_db()
    assert own.risks == "kept"
    assert not UseCaseRevision.objects.exists()


def test_proposal_into_a_consultation_without_proposals_names_the_reason():
    consultation = ConsultationFactory(accepts_proposals=False)
    with translation.override("en"), pytest.raises(NotAllowed) as exc:
        services.use_case_propose(proposer=UserFactory(), data=DOSSIER, consultation=consultation)
    assert exc.value.message == "This consultation does not accept proposals from residents."
