"""An agent's proposal made during an open vote is moderated like a resident's and joins the
vote only when a moderator accepts it; its ballot count starts then, and the pages say so."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts.roles import Role
from consultation import services
from consultation.errors import PhaseClosed
from consultation.models import Ballot, ModerationState
from tests.consultation.factories import DOSSIER, ConsultationFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_an_agents_proposal_during_the_vote_waits_for_a_moderator():
    consultation = ConsultationFactory()  # voting open
    agent = UserFactory(roles=[Role.AGENT])
    voter = UserFactory(roles=[Role.RESIDENT])
    use_case = services.use_case_propose(proposer=agent, data=DOSSIER, consultation=consultation)
    assert use_case.moderation_state == ModerationState.PENDING
    assert use_case.joined_vote_at is None
    with pytest.raises(PhaseClosed):
        services.ballot_cast(voter=voter, use_case=use_case, grade="good")
    listing = Client().get(f"/en/consultations/{consultation.slug}/").content.decode()
    assert DOSSIER["title"] not in listing

    before = timezone.now()
    services.use_case_moderate(
        moderator=UserFactory(roles=[Role.MODERATOR]), use_case=use_case, approve=True
    )
    use_case.refresh_from_db()
    assert use_case.is_public and use_case.joined_vote_at >= before
    assert use_case.joined_vote_late
    services.ballot_cast(voter=voter, use_case=use_case, grade="good")
    assert Ballot.objects.filter(use_case=use_case).count() == 1
    page = Client().get(f"/en/consultations/use-cases/{use_case.pk}/").content.decode()
    assert "Joined the vote on" in page
    results = Client().get(f"/en/consultations/{consultation.slug}/results/").content.decode()
    assert "Joined the vote on" in results


def test_an_agents_proposal_before_the_vote_is_published_at_once_and_not_marked_late():
    now = timezone.now()
    consultation = ConsultationFactory(
        information_starts_at=now - timedelta(days=1),
        voting_starts_at=now + timedelta(days=5),
        voting_ends_at=now + timedelta(days=10),
    )
    agent = UserFactory(roles=[Role.AGENT])
    use_case = services.use_case_propose(proposer=agent, data=DOSSIER, consultation=consultation)
    assert use_case.moderation_state == ModerationState.APPROVED
    assert not use_case.joined_vote_late
