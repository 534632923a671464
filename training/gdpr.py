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
- workshop attendance (a learner listed by a facilitator, no account needed) is found by the
  email the facilitator typed, when it is one of the account's VERIFIED addresses: exported,
  and on erasure the attendee's name and email are blanked and their certificate's name
  erased (still valid), as above. Sessions the person facilitated are civic records: they are
  exported and stay, under "Deleted account".
"""

from django.db import transaction

from training.models import (
    Certificate,
    Enrollment,
    LessonCompletion,
    OpenBadge,
    QuizAttempt,
    WorkshopAttendee,
    WorkshopSession,
)


def _verified_emails(user) -> list[str]:
    from allauth.account.models import EmailAddress

    return [
        email.lower()
        for email in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    ]


def _attendances(user):
    emails = _verified_emails(user)
    if not emails:
        return WorkshopAttendee.objects.none()
    query = WorkshopAttendee.objects.none()
    for email in emails:
        query = query | WorkshopAttendee.objects.filter(email__iexact=email)
    return query.select_related("session", "certificate")


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
        "workshop_attendances": [
            {
                "course_title": a.session.course_title,
                "held_on": a.session.held_on.isoformat(),
                "place": a.session.place,
                "name": a.name,
                "email": a.email,
                "certificate_code": a.certificate.code if a.certificate else None,
            }
            for a in _attendances(user).order_by("session__held_on", "id")
        ],
        "workshops_facilitated": [
            {
                "course_title": s.course_title,
                "held_on": s.held_on.isoformat(),
                "place": s.place,
                "attendees": s.attendees.count(),
                "completed_at": s.completed_at.isoformat() if s.completed_at else None,
            }
            for s in WorkshopSession.objects.filter(facilitator=user).order_by("held_on")
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
    for attendee in _attendances(user):
        attendee.name = ""
        attendee.name_key = f"erased-{attendee.pk}"  # keeps the per-session uniqueness
        attendee.email = ""
        attendee.save(update_fields=["name", "name_key", "email"])
        if attendee.certificate_id:
            Certificate.objects.filter(pk=attendee.certificate_id).update(
                learner_name="", name_erased=True
            )
            OpenBadge.objects.filter(certificate_id=attendee.certificate_id).update(token="")
