"""The phase and role rules as a matrix (role × phase × action), checked against the policy
that views show from and against the services that enforce it."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.roles import Role
from consultation import policies, services
from consultation.models import Comment, ModerationState, Phase
from core.errors import ApplicationError
from tests.consultation.factories import DOSSIER, UseCaseFactory, consultation_in, move_to
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "unverified", "resident", "moderator", "elected", "agent"]
PHASES = [Phase.UPCOMING, Phase.INFORMATION, Phase.VOTING, Phase.ANALYSIS, Phase.ANSWER]
PARTICIPANTS = {"resident", "moderator", "elected", "agent"}

ALL = set(PHASES)
DEBATE = {Phase.INFORMATION, Phase.VOTING}

# Action → {role: phases in which that role may do it}, written out rather than derived from
# the code. Proposals: into a consultation open to residents' proposals.
MATRIX = {
    "vote": {role: {Phase.VOTING} for role in PARTICIPANTS},
    "comment": {role: DEBATE for role in PARTICIPANTS},
    "propose": {
        "resident": DEBATE,
        "moderator": DEBATE,
        "elected": DEBATE,
        "agent": {Phase.UPCOMING, *DEBATE},
    },
    "answer": {"elected": {Phase.ANALYSIS, Phase.ANSWER}},
    "moderate": {"moderator": ALL},
    "edit a dossier": {"agent": ALL},
    "see the dashboard": {"elected": ALL, "agent": ALL},
    "update commitments": {"elected": ALL, "agent": ALL},
    "edit a consultation": {"agent": ALL},
}


def person(role):
    if role == "anonymous":
        return AnonymousUser()
    if role == "unverified":
        return UserFactory(verified=False)
    return UserFactory(roles=[Role(role)])


def expected(action, role, phase) -> bool:
    return phase in MATRIX[action].get(role, set())


def _policy(action, user, use_case) -> bool:
    """What the views show: the policy's booleans (identity rules included)."""
    allows = policies.allows
    participant = allows(policies.participant_check, user=user)
    consultation = use_case.consultation
    return {
        "vote": participant and allows(policies.ballot_check, use_case=use_case),
        "comment": participant and allows(policies.debate_check, use_case=use_case),
        "propose": participant
        and allows(policies.proposal_check, user=user, consultation=consultation),
        "answer": allows(policies.answer_check, user=user, use_case=use_case),
        "moderate": allows(policies.moderation_check, user=user),
        "edit a dossier": allows(policies.use_case_edit_check, user=user, use_case=use_case),
        "see the dashboard": allows(policies.dashboard_check, user=user),
        "update commitments": allows(policies.commitment_update_check, user=user),
        "edit a consultation": allows(policies.consultation_edit_check, user=user),
    }[action]


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("role", ROLES)
def test_policy_matrix(role, phase):
    user = person(role)
    use_case = UseCaseFactory(
        consultation=consultation_in(phase, accepts_proposals=True), proposer=UserFactory()
    )
    got = {action: _policy(action, user, use_case) for action in MATRIX}
    assert got == {action: expected(action, role, phase) for action in MATRIX}


def _service(action, user, use_case):
    if action == "vote":
        services.ballot_cast(voter=user, use_case=use_case, grade="good")
    elif action == "comment":
        services.comment_post(author=user, use_case=use_case, body="A view")
    elif action == "propose":
        services.use_case_propose(proposer=user, data=DOSSIER, consultation=use_case.consultation)
    elif action == "answer":
        services.answer_publish(
            author=user, use_case=use_case, decision="pilot", justification="Why", author_title="t"
        )


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("role", ROLES)
def test_services_enforce_the_matrix(role, phase):
    user = person(role)
    use_case = UseCaseFactory(consultation=consultation_in(phase, accepts_proposals=True))
    for action in ["vote", "comment", "propose", "answer"]:
        try:
            _service(action, user, use_case)
            accepted = True
        except ApplicationError:
            accepted = False
        assert accepted is expected(action, role, phase), (action, role, phase)


def test_residents_do_not_propose_where_proposals_are_closed():
    consultation = consultation_in(Phase.VOTING, accepts_proposals=False)
    resident, agent = person("resident"), person("agent")
    assert not policies.allows(policies.proposal_check, user=resident, consultation=consultation)
    assert policies.allows(policies.proposal_check, user=agent, consultation=consultation)
    assert not policies.allows(policies.proposal_check, user=resident, consultation=None)
    assert policies.allows(policies.proposal_check, user=agent, consultation=None)


def test_a_resident_edits_only_their_own_pending_proposal():
    resident = person("resident")
    own = UseCaseFactory(proposer=resident, moderation_state=ModerationState.PENDING)
    published = UseCaseFactory(proposer=resident)
    check = policies.use_case_edit_check
    assert policies.allows(check, user=resident, use_case=own)
    assert not policies.allows(check, user=resident, use_case=published)
    assert not policies.allows(check, user=person("moderator"), use_case=own)


def test_unpublished_proposals_are_seen_by_their_proposer_and_moderators_only():
    proposer = person("resident")
    use_case = UseCaseFactory(proposer=proposer, moderation_state=ModerationState.PENDING)
    seen = {role: policies.use_case_visible(user=person(role), use_case=use_case) for role in ROLES}
    assert seen == {role: role == "moderator" for role in ROLES}
    assert policies.use_case_visible(user=proposer, use_case=use_case)


def test_blocked_people_still_vote_but_no_longer_comment():
    blocked = person("resident")
    services.user_block(moderator=person("moderator"), user=blocked, reason="Spam")
    use_case = UseCaseFactory()
    actions = policies.use_case_actions(user=blocked, use_case=use_case)
    assert actions["is_blocked"] and actions["voting_open"] and actions["can_participate"]
    with pytest.raises(ApplicationError):
        services.comment_post(author=blocked, use_case=use_case, body="Again")
    services.ballot_cast(voter=blocked, use_case=use_case, grade="good")


def test_use_case_actions_for_an_elected_official_after_the_vote():
    use_case = UseCaseFactory(consultation=consultation_in(Phase.ANALYSIS))
    actions = policies.use_case_actions(user=person("elected"), use_case=use_case)
    assert actions == {
        "voting_open": False,
        "voting_closed": True,
        "debate_open": False,
        "can_participate": True,
        "is_blocked": False,
        "can_edit": False,
        "can_answer": True,
        "can_update_commitments": True,
        "is_moderator": False,
    }


def _comment_actions(user, comment):
    page = policies.use_case_actions(user=user, use_case=comment.use_case)
    return policies.comment_actions(user=user, comment=comment, page=page)


def test_comment_actions_by_viewer():
    author = person("resident")
    use_case = UseCaseFactory()
    comment = services.comment_post(author=author, use_case=use_case, body="Text")
    blocked = person("resident")
    services.user_block(moderator=person("moderator"), user=blocked, reason="Spam")
    viewers = {
        "author": author,
        "other": person("resident"),
        "moderator": person("moderator"),
        "unverified": person("unverified"),
        "blocked": blocked,
        "anonymous": AnonymousUser(),
    }
    got = {name: _comment_actions(user, comment) for name, user in viewers.items()}
    no = dict.fromkeys(["vote", "reply", "edit", "report", "appeal", "moderate"], False)
    assert got == {
        "author": {**no, "reply": True, "edit": True},
        "other": {**no, "vote": True, "reply": True, "report": True},
        "moderator": {**no, "vote": True, "reply": True, "report": True, "moderate": True},
        "unverified": no,
        "blocked": {**no, "vote": True},
        "anonymous": no,
    }


def test_comment_actions_follow_depth_visibility_and_phase():
    author, reader = person("resident"), person("resident")
    use_case = UseCaseFactory()
    a = services.comment_post(author=author, use_case=use_case, body="one")
    b = services.comment_post(author=author, use_case=use_case, body="two", parent=a)
    c = services.comment_post(author=author, use_case=use_case, body="three", parent=b)
    assert _comment_actions(reader, b)["reply"] is True
    assert _comment_actions(reader, c)["reply"] is False  # three levels at most
    services.comment_moderate(moderator=person("moderator"), comment=a, hide=True, reason="Off")
    a.refresh_from_db()
    assert _comment_actions(author, a)["appeal"] is True
    assert _comment_actions(author, a)["edit"] is False
    assert _comment_actions(reader, a)["vote"] is False
    move_to(use_case.consultation, Phase.ANALYSIS)
    b = Comment.objects.select_related("use_case__consultation").get(pk=b.pk)
    assert _comment_actions(author, b)["edit"] is False
    assert _comment_actions(reader, b)["reply"] is False


def test_moderators_are_not_offered_to_moderate_their_own_comments():
    moderator = person("moderator")
    own = services.comment_post(author=moderator, use_case=UseCaseFactory(), body="Mine")
    assert _comment_actions(moderator, own)["moderate"] is False
    assert _comment_actions(person("moderator"), own)["moderate"] is True
