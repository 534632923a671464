"""GDPR hooks called by accounts: export everything this app holds about a person; on
erasure keep contributions (shown as "Deleted account") and keep ballots counted."""

from consultation.models import (
    Appeal,
    Ballot,
    Comment,
    CommentVote,
    Notification,
    NotificationPreference,
    Report,
    SynthesisFlag,
    UseCase,
    UserBlock,
)


def export_user_data(*, user) -> dict:
    pref = NotificationPreference.objects.filter(user=user).first()
    return {
        "ballots": [
            {
                "ballot_id": str(b["public_id"]),
                "use_case": b["use_case__title"],
                "use_case_id": b["use_case_id"],
                "grade": b["grade"],
                "cast_at": b["created_at"].isoformat(),
                "changed_at": b["updated_at"].isoformat(),
            }
            for b in Ballot.objects.filter(voter=user)
            .values(
                "public_id", "use_case_id", "use_case__title", "grade", "created_at", "updated_at"
            )
            .order_by("created_at")
        ],
        "comments": [
            {
                "id": c.pk,
                "use_case_id": c.use_case_id,
                "parent_id": c.parent_id,
                "alignment": c.alignment,
                "body": c.body,
                "created_at": c.created_at.isoformat(),
                "edited_at": c.edited_at.isoformat() if c.edited_at else None,
                "hidden": c.is_hidden,
                "hidden_reason": c.hidden_reason,
                "previous_versions": [r.body for r in c.revisions.all()],
            }
            for c in Comment.objects.filter(author=user).prefetch_related("revisions")
        ],
        "comment_votes": list(CommentVote.objects.filter(voter=user).values("comment_id", "value")),
        "reports": [
            {
                "comment_id": r.comment_id,
                "reason": r.reason,
                "details": r.details,
                "created_at": r.created_at.isoformat(),
            }
            for r in Report.objects.filter(reporter=user)
        ],
        "synthesis_flags": [
            {
                "synthesis_id": f.synthesis_id,
                "sentence": f.sentence_text,
                "details": f.details,
                "created_at": f.created_at.isoformat(),
                "status": f.status,
                "resolved_at": f.resolved_at.isoformat() if f.resolved_at else None,
                "reply": f.resolution_note,
            }
            for f in SynthesisFlag.objects.filter(reporter=user)
        ],
        "appeals": list(
            Appeal.objects.filter(comment__author=user).values("comment_id", "text", "status")
        ),
        "proposals": [
            {"id": uc.pk, "title": uc.title, "status": uc.status, **uc.dossier()}
            for uc in UseCase.objects.filter(proposer=user)
        ],
        "notification_preference": pref.frequency if pref else "immediately",
        "block": UserBlock.objects.filter(user=user).values("reason", "until").first(),
    }


def erase_user_data(*, user) -> None:
    # Contributions stay (the author shows as "Deleted account" through User.public_name);
    # ballots stay counted. Personal side data goes.
    Notification.objects.filter(recipient=user).delete()
    NotificationPreference.objects.filter(user=user).delete()
    Report.objects.filter(reporter=user).update(details="")
    SynthesisFlag.objects.filter(reporter=user).update(details="")
    UserBlock.objects.filter(user=user).delete()
    # Free text of a comment may contain personal data, but it is the public debate record:
    # the history of earlier versions is dropped, the published text stays.
    from consultation.models import CommentRevision

    CommentRevision.objects.filter(comment__author=user).delete()
