"""GDPR hooks for training: export everything held about a learner; erase on request.

Erasure policy (documented in docs/training.md):
- enrolments, lesson completions and quiz attempts are detached from the account
  (user set to NULL): course statistics and the observatory's totals stay right, but no row
  points at the person any more;
- certificates stay VALID (the holder keeps the proof in their PDF) but the learner's name is
  removed from the database and the certificate is detached. The public verification page
  then says the name was erased at the holder's request and cannot be confirmed. We do not
  revoke: revocation would tell an employer the certificate is no longer valid, which is false.
  The signed Open Badge, which carries the name, is dropped from the database the same way.
"""

from django.db import transaction

from training.models import Certificate, Enrollment, LessonCompletion, OpenBadge, QuizAttempt


def export_user_data(*, user) -> dict:
    return {
        "enrolments": [
            {
                "course_key": str(e.course_key),
                "enrolled_at": e.enrolled_at.isoformat(),
                "last_lesson_key": str(e.last_lesson_key) if e.last_lesson_key else None,
                "last_activity_at": e.last_activity_at.isoformat() if e.last_activity_at else None,
                "completed_at": e.completed_at.isoformat() if e.completed_at else None,
            }
            for e in Enrollment.objects.filter(user=user).order_by("enrolled_at")
        ],
        "lesson_completions": [
            {
                "lesson_key": str(c.lesson_key),
                "course_key": str(c.course_key),
                "source": c.source,
                "completed_at": c.completed_at.isoformat(),
            }
            for c in LessonCompletion.objects.filter(user=user).order_by("completed_at")
        ],
        "quiz_attempts": [
            {
                "lesson_key": str(a.lesson_key),
                "course_key": str(a.course_key),
                "answers": a.answers,
                "score": float(a.score),
                "passed": a.passed,
                "submitted_at": a.created_at.isoformat(),
            }
            for a in QuizAttempt.objects.filter(user=user).order_by("created_at")
        ],
        "certificates": [
            {
                "code": c.code,
                "course_title": c.course_title,
                "learner_name": c.learner_name,
                "issued_at": c.issued_at.isoformat(),
                "revoked_at": c.revoked_at.isoformat() if c.revoked_at else None,
                "revocation_reason": c.revocation_reason,
                "open_badge": c.open_badge.token if hasattr(c, "open_badge") else None,
            }
            for c in Certificate.objects.filter(user=user)
            .select_related("open_badge")
            .order_by("issued_at")
        ],
    }


@transaction.atomic
def erase_user_data(*, user) -> None:
    Enrollment.objects.filter(user=user).update(user=None)
    LessonCompletion.objects.filter(user=user).update(user=None)
    QuizAttempt.objects.filter(user=user).update(user=None)
    # The signed Open Badge carries the name: it is dropped (the holder kept their copy); its bit
    # in the revocation list stays reserved, so a later revocation still reaches that copy.
    OpenBadge.objects.filter(certificate__user=user).update(token="")
    Certificate.objects.filter(user=user).update(user=None, learner_name="", name_erased=True)
