"""The consultation's phase and role rules, stated once.

Who may vote, comment, propose, moderate, answer or edit a dossier, and in which phase. Each
rule is a `*_check` function that raises the shared refusal (`core.errors`, `PhaseClosed`)
with the message and code people and API clients see. Services call the checks to enforce a
rule; views ask `allows()` or the `*_actions()` summaries which actions to show, so a button
appears exactly when the service would accept the action (identity aside: anonymous visitors
still see the invitation to log in).
"""

from collections.abc import Callable, Iterable

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role
from accounts.selectors import user_can_participate, user_has_role
from consultation import selectors
from consultation.audience import audience_member, consultation_readable
from consultation.errors import PhaseClosed
from consultation.models import (
    GRADE_MERIT,
    PHASE_ORDER,
    Comment,
    Consultation,
    Decision,
    Grade,
    ModerationState,
    OfficialAnswer,
    Phase,
    UseCase,
)
from core.errors import ApplicationError, InvalidInput, NotAllowed, NotAuthenticated

# Phases in which residents debate and propose (agents propose from the start).
DEBATE_PHASES = (Phase.INFORMATION, Phase.VOTING)
PROPOSAL_PHASES = (Phase.INFORMATION, Phase.VOTING)
# Phases in which a new use case of a consultation is put to the vote at once.
IN_CONSULTATION_PHASES = (Phase.INFORMATION, Phase.VOTING, Phase.ANALYSIS)


def phase_after(phase: str, reference: str) -> bool:
    return PHASE_ORDER.index(phase) > PHASE_ORDER.index(reference)


def phase_before(phase: str, reference: str) -> bool:
    return PHASE_ORDER.index(phase) < PHASE_ORDER.index(reference)


def allows(check: Callable[..., None], **kwargs) -> bool:
    """True when `check` accepts: the boolean a view hands its template."""
    try:
        check(**kwargs)
    except ApplicationError:
        return False
    return True


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


# --- Who ---------------------------------------------------------------------------------


def participant_check(*, user, consultation: Consultation | None = None) -> None:
    """Voting, commenting, proposing and reporting need a logged-in, verified account, and in
    a staff consultation, a place in its audience."""
    if user is None or not user.is_authenticated:
        raise NotAuthenticated()
    if not user_can_participate(user=user):
        raise NotAllowed(
            _("Confirm your email address before taking part."), code="email_not_verified"
        )
    if consultation is not None and not audience_member(user=user, consultation=consultation):
        raise NotAllowed(consultation.audience_summary, code="not_in_audience")


def not_blocked_check(*, user) -> None:
    """A blocked person still reads and votes, but no longer comments, reports or proposes."""
    if selectors.user_is_blocked(user=user):
        raise NotAllowed(
            _("A moderator has suspended your participation in the debate."), code="blocked"
        )


def role_check(*, user, roles: Iterable[Role]) -> None:
    if user is None or not user.is_authenticated:
        raise NotAuthenticated()
    if not any(user_has_role(user=user, role=role) for role in roles):
        raise NotAllowed()


def moderation_check(*, user) -> None:
    role_check(user=user, roles=[Role.MODERATOR])


def consultation_edit_check(*, user) -> None:
    """Agents create consultations, set their dates and choose the use cases put to the vote."""
    role_check(user=user, roles=[Role.AGENT])


def paper_ballots_check(*, user) -> None:
    """Officers entering counted paper ballots (four-eyes: two of them per batch)."""
    role_check(user=user, roles=[Role.COUNTER_AGENT])


def paper_ballots_phase_check(*, consultation: Consultation) -> None:
    """Paper ballots are counted from the opening of the vote until the answer phase."""
    phase = consultation.current_phase
    if phase not in (Phase.VOTING, Phase.ANALYSIS):
        raise PhaseClosed(
            _("Paper ballots are entered from the opening of the vote until the answer phase.")
        )


def dashboard_check(*, user) -> None:
    role_check(user=user, roles=[Role.ELECTED, Role.AGENT])


def commitment_update_check(*, user) -> None:
    role_check(user=user, roles=[Role.ELECTED, Role.AGENT])


def answer_author_check(*, user) -> None:
    role_check(user=user, roles=[Role.ELECTED])


def comment_author_check(*, user, comment: Comment, message: str | None = None) -> None:
    """Edits and appeals belong to the comment's author."""
    if user is None or not user.is_authenticated or comment.author_id != user.pk:
        raise NotAllowed(message)


# --- What, when ------------------------------------------------------------------------------


def ballot_check(*, use_case: UseCase) -> None:
    """Grades are cast and changed during the voting phase only, on published use cases."""
    consultation = use_case.consultation
    if consultation is None or not use_case.is_public:
        raise PhaseClosed(_("This use case is not put to the vote."), code="not_in_vote")
    phase = consultation.current_phase
    if phase == Phase.VOTING:
        return
    if phase_after(phase, Phase.VOTING):
        raise PhaseClosed(
            _("Voting closed on %(date)s: ballots can no longer be cast or changed.")
            % {"date": _local(consultation.voting_ends_at)},
            code="voting_closed",
        )
    raise PhaseClosed(
        _("Voting has not opened yet: it opens on %(date)s.")
        % {"date": _local(consultation.voting_starts_at)},
        code="voting_not_open",
    )


def voting_closed(*, consultation: Consultation | None) -> bool:
    return consultation is not None and phase_after(consultation.current_phase, Phase.VOTING)


def debate_check(*, use_case: UseCase) -> None:
    """The debate of a published use case is open during information and voting (always, for
    a use case outside any consultation)."""
    if not use_case.is_public:
        raise NotAllowed(_("This use case is not published."))
    consultation = use_case.consultation
    if consultation is not None and consultation.current_phase not in DEBATE_PHASES:
        raise PhaseClosed(
            _("The debate is open during the information and voting phases only."),
            code="debate_closed",
        )


def proposal_check(*, user, consultation: Consultation | None) -> None:
    """Agents propose at any time until voting closes (published at once); residents only into
    a consultation that accepts proposals, during information or voting."""
    is_agent = user_has_role(user=user, role=Role.AGENT)
    if consultation is None:
        if not is_agent:
            raise NotAllowed(
                _("Residents propose use cases within a consultation open to proposals.")
            )
        return
    phase = consultation.current_phase
    if phase_after(phase, Phase.VOTING):
        raise PhaseClosed(_("This consultation no longer accepts proposals."))
    if is_agent:
        return
    if not consultation.accepts_proposals:
        raise NotAllowed(_("This consultation does not accept proposals from residents."))
    if phase not in PROPOSAL_PHASES:
        raise PhaseClosed(_("Proposals open with the information phase."))


def proposal_role_check(*, user, consultation: Consultation | None) -> None:
    """The role half of `proposal_check`: may this person open the proposal form at all?"""
    if user is None or not user.is_authenticated:
        raise NotAuthenticated()
    if user_has_role(user=user, role=Role.AGENT):
        return
    if consultation is None or not consultation.accepts_proposals:
        raise NotAllowed()


def proposal_needs_moderation(*, user, consultation: Consultation | None = None) -> bool:
    """Residents' proposals wait for a moderator. Agents' are published at once, except into
    a consultation whose vote is open: there a proposal joins a running vote, so it goes
    through the same moderation as a resident's and joins the vote when accepted."""
    if not user_has_role(user=user, role=Role.AGENT):
        return True
    return consultation is not None and consultation.current_phase == Phase.VOTING


def register_link_allowed(*, user) -> bool:
    """Only agents link a use case to a record of the AI register."""
    return user_has_role(user=user, role=Role.AGENT)


def use_case_edit_check(*, user, use_case: UseCase) -> None:
    """Agents edit any dossier; a resident edits their own proposal until it is moderated."""
    if user is None or not user.is_authenticated:
        raise NotAuthenticated()
    if user_has_role(user=user, role=Role.AGENT):
        return
    if use_case.proposer_id == user.pk and use_case.moderation_state == ModerationState.PENDING:
        return
    raise NotAllowed()


def use_case_visible(*, user, use_case: UseCase) -> bool:
    """Unpublished proposals are seen by their proposer and the moderators only; the use cases
    of a staff consultation, by those who may read it."""
    if not consultation_readable(user=user, consultation=use_case.consultation):
        return False
    if use_case.is_public:
        return True
    return bool(
        user.is_authenticated
        and (use_case.proposer_id == user.pk or user_has_role(user=user, role=Role.MODERATOR))
    )


def answer_phase_check(*, use_case: UseCase) -> None:
    """The city answers once voting has closed."""
    consultation = use_case.consultation
    if consultation is not None and phase_before(consultation.current_phase, Phase.ANALYSIS):
        raise PhaseClosed(_("The answer comes after voting closes."), code="voting_open")


def answer_check(*, user, use_case: UseCase) -> None:
    answer_author_check(user=user)
    answer_phase_check(use_case=use_case)


def comment_vote_check(*, user, comment: Comment) -> None:
    """Residents vote on other people's visible comments."""
    if comment.author_id == user.pk:
        raise NotAllowed(_("You cannot vote on your own comment."))
    if not comment.is_visible:
        raise NotAllowed(_("This comment is hidden."))


def comment_report_check(*, user, comment: Comment) -> None:
    if comment.author_id == user.pk:
        raise NotAllowed(_("You cannot report your own comment."))


def comment_moderate_check(*, user, comment: Comment) -> None:
    """Moderators decide on other people's comments only."""
    moderation_check(user=user)
    if comment.author_id == user.pk:
        raise NotAllowed(_("Moderators do not moderate their own comments."))


# --- What a page shows -----------------------------------------------------------------------


def home_actions(*, user) -> dict[str, bool]:
    return {
        "is_agent": allows(consultation_edit_check, user=user),
        "is_moderator": allows(moderation_check, user=user),
    }


def consultation_actions(*, user, consultation: Consultation) -> dict[str, bool]:
    """Buttons of a consultation's page. The proposal button is shown to visitors too: the
    form asks them to log in."""
    return {
        "can_propose": allows(proposal_check, user=user, consultation=consultation),
        "voting_open": consultation.current_phase == Phase.VOTING,
        "can_vote": consultation.current_phase == Phase.VOTING
        and allows(participant_check, user=user, consultation=consultation),
        "can_see_dashboard": allows(dashboard_check, user=user),
        "can_edit": allows(consultation_edit_check, user=user),
        "can_enter_paper_ballots": allows(paper_ballots_check, user=user),
    }


def use_case_actions(*, user, use_case: UseCase) -> dict[str, bool]:
    """What a use case's page offers this person: vote, debate, edit, answer, moderate."""
    consultation = use_case.consultation
    return {
        "voting_open": allows(ballot_check, use_case=use_case),
        "voting_closed": voting_closed(consultation=consultation),
        "debate_open": allows(debate_check, use_case=use_case),
        "can_participate": allows(participant_check, user=user, consultation=consultation),
        "is_blocked": selectors.user_is_blocked(user=user),
        "can_edit": allows(use_case_edit_check, user=user, use_case=use_case),
        "can_answer": allows(answer_check, user=user, use_case=use_case),
        "can_update_commitments": allows(commitment_update_check, user=user),
        "is_moderator": allows(moderation_check, user=user),
    }


def comment_actions(*, user, comment: Comment, page: dict[str, bool]) -> dict[str, bool]:
    """What one comment of a use case's page offers this person; `page` is that page's
    `use_case_actions()`."""
    own = bool(user.is_authenticated and comment.author_id == user.pk)
    may_write = page["debate_open"] and page["can_participate"] and not page["is_blocked"]
    return {
        "vote": page["can_participate"] and allows(comment_vote_check, user=user, comment=comment),
        "reply": may_write and comment.depth < Comment.MAX_DEPTH,
        "edit": own and may_write and not comment.is_hidden,
        "report": page["can_participate"]
        and not page["is_blocked"]
        and allows(comment_report_check, user=user, comment=comment),
        "appeal": own and comment.is_hidden,
        "moderate": page["is_moderator"]
        and allows(comment_moderate_check, user=user, comment=comment),
    }


def synthesis_review_check(*, user) -> None:
    """Moderators and elected officials draft, edit and sign off a debate's synthesis."""
    role_check(user=user, roles=[Role.MODERATOR, Role.ELECTED])


def synthesis_visible(*, user, synthesis) -> bool:
    """Nothing of a synthesis is public before it is signed off."""
    if synthesis.is_published:
        return True
    return allows(synthesis_review_check, user=user)


def synthesis_flag_check(*, user, consultation: Consultation | None = None) -> None:
    participant_check(user=user, consultation=consultation)


def synthesis_flag_resolve_check(*, user, flag) -> None:
    """A reviewer closes a resident's "my view is misrepresented" flag, never one they raised
    themselves (as moderators do not moderate their own comments)."""
    synthesis_review_check(user=user)
    if flag.reporter_id == user.pk:
        raise NotAllowed(_("You cannot resolve a flag you raised yourself."))


def translation_review_check(*, user, obj) -> None:
    """Who may publish a person's version of a translation, shown with the "reviewed by a
    person" badge instead of the AI label.

    Whoever may edit the source text may vouch for its translation: agents for consultations
    and dossiers (a resident for their own proposal while it awaits moderation); elected
    officials, who sign the official answers, and agents, who follow up their commitments,
    for those answers. Moderators may review any of them. A
    comment's translation is reviewed by moderators only, not by its author: the reviewed
    version is shown without the AI label and is not moderated again, so it must not become a
    way to publish words the debate's moderation never saw.
    """
    if user is None or not user.is_authenticated:
        raise NotAuthenticated()
    if user_has_role(user=user, role=Role.MODERATOR):
        return
    if isinstance(obj, UseCase):
        use_case_edit_check(user=user, use_case=obj)
    elif isinstance(obj, Consultation):
        consultation_edit_check(user=user)
    elif isinstance(obj, OfficialAnswer):
        role_check(user=user, roles=[Role.ELECTED, Role.AGENT])
    else:
        raise NotAllowed(_("Only moderators review the translation of a comment."))


# --- The closed loop: the answer against the vote, commitments' progress ------------------------

#: The rule, stated once (docs/consultation.md, "The closed loop"). An answer departs from the
#: vote — and must say why, in writing, beside the result — when it
#: - adopts ("adopted" or "adopted with changes") a use case whose median grade is below
#:   "fairly good" (passable, insufficient or reject), or
#: - rejects a use case whose median grade is "good" or better.
#: A pilot never departs; a use case nobody graded has no median and nothing to depart from.
ADOPTION_LOWEST_MEDIAN = Grade.FAIRLY_GOOD
REJECTION_LOWEST_CLEAR_SUPPORT = Grade.GOOD
ADOPTING_DECISIONS = (Decision.ADOPTED, Decision.ADOPTED_WITH_CHANGES)


def answer_departs_from_vote(*, decision: str, median_grade: str | None) -> bool:
    """True when `decision` goes against the vote's median grade (the rule above)."""
    if not median_grade or median_grade not in GRADE_MERIT:
        return False
    merit = GRADE_MERIT[median_grade]
    if decision in ADOPTING_DECISIONS:
        return merit < GRADE_MERIT[ADOPTION_LOWEST_MEDIAN]
    if decision == Decision.REJECTED:
        return merit >= GRADE_MERIT[REJECTION_LOWEST_CLEAR_SUPPORT]
    return False


def answer_departure_check(
    *, decision: str, median_grade: str | None, departure_justification: str
) -> None:
    """An answer that departs from the vote is refused without its written justification."""
    if answer_departs_from_vote(decision=decision, median_grade=median_grade) and not (
        (departure_justification or "").strip()
    ):
        raise InvalidInput(
            _(
                "This decision departs from the vote (median grade: %(grade)s): explain in "
                "writing why the city decides otherwise."
            )
            % {"grade": Grade(median_grade).label},
            code="departure_justification",
        )


def _same_department(a: str, b: str) -> bool:
    return bool(a.strip()) and a.strip().casefold() == b.strip().casefold()


def commitment_progress_check(*, user, commitment) -> None:
    """Progress is reported by elected officials (the answer's author among them) or by an
    agent of the department that owns the use case."""
    if not user.is_authenticated:
        raise NotAuthenticated(_("Log in to report progress."))
    if user_has_role(user=user, role=Role.ELECTED):
        return
    use_case = commitment.answer.use_case
    if user_has_role(user=user, role=Role.AGENT) and _same_department(
        user.department or "", use_case.department or ""
    ):
        return
    raise NotAllowed(
        _("Progress is reported by elected officials or by the department that owns the use case.")
    )
