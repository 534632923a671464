"""GDPR hooks. Memberships and opinions filed are the person's data; survey answers are not
linked to anyone (nothing to export or erase), only the fact of having answered a round."""

from dialogue.models import Membership, Opinion, SurveyParticipation


def export_user_data(*, user) -> dict:
    return {
        "memberships": [
            {"body": m.body.name, "since": m.joined_on.isoformat()}
            for m in Membership.objects.filter(user=user).select_related("body")
        ],
        "opinions_filed": [
            {
                "body": o.body.name,
                "on": f"{o.target_kind}:{o.target_ref}",
                "stance": o.stance,
                "given_on": o.given_on.isoformat(),
            }
            for o in Opinion.objects.filter(filed_by=user).select_related("body")
        ],
        # Which rounds were answered, never what: answers hold no link to their author.
        "survey_rounds_answered": [
            {"system": p.round.survey.record_ref, "period": p.round.period}
            for p in SurveyParticipation.objects.filter(user=user).select_related("round__survey")
        ],
    }


def erase_user_data(*, user) -> None:
    """Leave the bodies; opinions stay (they are the body's, not the person's) without the
    filer; participation rows go (the answers stay in the totals, unlinked as ever)."""
    Membership.objects.filter(user=user).delete()
    Opinion.objects.filter(filed_by=user).update(filed_by=None)
    SurveyParticipation.objects.filter(user=user).delete()
