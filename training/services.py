"""Writes: enrolment, lesson completion, quiz attempts, certificates, anonymous merge,
workshop sessions and their attendance."""

import contextlib
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.services import audit_record
from core.errors import Conflict, InvalidInput, NotAllowed, NotAuthenticated, ServiceUnavailable
from core.outbox import outbox_enqueue
from training.models import (
    AuditAction,
    Certificate,
    CompletionSource,
    CoursePage,
    Enrollment,
    LessonCompletion,
    LessonPage,
    QuizAttempt,
    WorkshopAttendee,
    WorkshopSession,
    attendee_name_key,
)
from training.open_badges import open_badge_issue
from training.quiz import quiz_score
from training.selectors import (
    SESSION_KEY,
    Learner,
    LessonRef,
    course_lessons,
    empty_session_progress,
    lesson_course,
)

# Anonymous attempts kept per lesson in the session (only matters for unlimited quizzes).
MAX_SESSION_ATTEMPTS = 50


def _save_session(learner: Learner, data: dict) -> None:
    learner.session[SESSION_KEY] = data
    learner.session.modified = True


def standard_lesson(lesson: LessonPage) -> LessonPage:
    """A plain-language (FALC) page stands for the lesson it simplifies."""
    if lesson.is_plain_language:
        original = LessonPage.objects.filter(plain_language_version=lesson).first()
        if original is not None:
            return original
    return lesson


def enrollment_start(*, learner: Learner, course: CoursePage) -> None:
    key = str(course.translation_key)
    if learner.user is not None:
        Enrollment.objects.get_or_create(
            user=learner.user,
            course_key=course.translation_key,
            defaults={"last_activity_at": timezone.now()},
        )
        return
    data = learner.session_data()
    if key not in data["enrolled"]:
        data["enrolled"][key] = {"last": None, "at": timezone.now().isoformat()}
        _save_session(learner, data)


def _lesson_mark_current(*, learner: Learner, course: CoursePage, lesson: LessonPage) -> None:
    """Remember where the learner is, for "resume where I left off".

    Called from what the learner does on a lesson (completing it, answering its quiz), never
    when a page is merely read: serving a page writes nothing.
    """
    if learner.user is not None:
        Enrollment.objects.filter(user=learner.user, course_key=course.translation_key).update(
            last_lesson_key=lesson.translation_key, last_activity_at=timezone.now()
        )
        return
    data = learner.session_data()
    entry = data["enrolled"].get(str(course.translation_key))
    if entry is not None and entry.get("last") != str(lesson.translation_key):
        entry["last"] = str(lesson.translation_key)
        _save_session(learner, data)


def lesson_complete(*, learner: Learner, lesson: LessonPage, source: str) -> bool:
    """Record that the learner finished a lesson. Returns True when newly completed.

    A lesson with a quiz is completed by passing the quiz, never by "mark as done".
    """
    lesson = standard_lesson(lesson)
    course, module = lesson_course(lesson)
    if course is None or module is None:
        raise Conflict(_("This lesson is not part of a course."), code="not_in_course")
    if source == CompletionSource.END_REACHED and lesson.has_quiz:
        raise Conflict(_("Pass the quiz of this lesson to complete it."), code="quiz_required")
    enrollment_start(learner=learner, course=course)
    now = timezone.now()
    if learner.user is not None:
        try:
            with transaction.atomic():
                _obj, created = LessonCompletion.objects.get_or_create(
                    user=learner.user,
                    lesson_key=lesson.translation_key,
                    defaults={
                        "course_key": course.translation_key,
                        "module_key": module.translation_key,
                        "source": source,
                        "completed_at": now,
                    },
                )
        except IntegrityError:  # a concurrent request completed it first
            created = False
        Enrollment.objects.filter(user=learner.user, course_key=course.translation_key).update(
            last_lesson_key=lesson.translation_key, last_activity_at=now
        )
        if created:
            course_completion_update(user=learner.user, course=course)
        return created
    data = learner.session_data()
    key = str(lesson.translation_key)
    data["enrolled"][str(course.translation_key)]["last"] = key
    if key in data["completed"]:
        _save_session(learner, data)
        return False
    data["completed"][key] = {
        "course": str(course.translation_key),
        "module": str(module.translation_key),
        "source": source,
        "at": now.isoformat(),
    }
    _save_session(learner, data)
    return True


def course_completion_update(*, user, course: CoursePage) -> bool:
    """Mark the enrolment complete once every required lesson is done (two queries)."""
    _modules, lessons = course_lessons(course=course)
    required = {r.key for r in lessons if r.required}
    done = {
        str(k)
        for k in LessonCompletion.objects.filter(
            user=user, course_key=course.translation_key
        ).values_list("lesson_key", flat=True)
    }
    if required and required <= done:
        Enrollment.objects.filter(
            user=user, course_key=course.translation_key, completed_at__isnull=True
        ).update(completed_at=timezone.now())
        return True
    return False


def quiz_attempt_submit(*, learner: Learner, lesson: LessonPage, answers: dict) -> dict:
    """Score and store one attempt; passing the quiz completes the lesson."""
    if not lesson.has_quiz:
        raise Conflict(_("This lesson has no quiz."), code="no_quiz")
    # A FALC page's quiz stands for the quiz of the lesson it simplifies.
    target = standard_lesson(lesson)
    course, _module = lesson_course(target)
    if course is None:
        raise Conflict(_("This lesson is not part of a course."), code="not_in_course")
    previous = learner.attempts(target.translation_key)
    if lesson.quiz_max_attempts and len(previous) >= lesson.quiz_max_attempts:
        raise Conflict(
            _("You have used all %(n)s attempts allowed for this quiz.")
            % {"n": lesson.quiz_max_attempts},
            code="attempts_exhausted",
        )
    scored = quiz_score(questions=lesson.quiz, answers=answers)
    score: Decimal = scored["score"]
    passed = score >= lesson.quiz_pass_threshold
    now = timezone.now()
    enrollment_start(learner=learner, course=course)
    _lesson_mark_current(learner=learner, course=course, lesson=target)
    if learner.user is not None:
        QuizAttempt.objects.create(
            user=learner.user,
            lesson_key=target.translation_key,
            course_key=course.translation_key,
            answers=answers,
            score=score,
            passed=passed,
            created_at=now,
        )
    else:
        data = learner.session_data()
        kept = data["attempts"].setdefault(str(target.translation_key), [])
        del kept[: max(0, len(kept) - MAX_SESSION_ATTEMPTS + 1)]  # bounded session size
        kept.append(
            {
                "course": str(course.translation_key),
                "answers": answers,
                "score": float(score),
                "passed": passed,
                "at": now.isoformat(),
            }
        )
        _save_session(learner, data)
    if passed:
        lesson_complete(learner=learner, lesson=target, source=CompletionSource.QUIZ_PASSED)
    return {
        "score": float(score),
        "passed": passed,
        "answers": answers,
        "per_question": scored["per_question"],
        "attempt_number": len(previous) + 1,
    }


def certificate_eligibility(*, user, course: CoursePage) -> list[LessonRef]:
    """Required lessons still missing (empty list = eligible).

    A lesson with a quiz only counts as completed once its quiz was passed, so "every required
    lesson completed" also means "every quiz threshold met".
    """
    _modules, lessons = course_lessons(course=course)
    done = {
        str(k)
        for k in LessonCompletion.objects.filter(
            user=user, course_key=course.translation_key
        ).values_list("lesson_key", flat=True)
    }
    passed = {
        str(k)
        for k in QuizAttempt.objects.filter(
            user=user, course_key=course.translation_key, passed=True
        ).values_list("lesson_key", flat=True)
    }
    required = [r for r in lessons if r.required]
    # Done without a passed quiz: missing only if the lesson has a quiz (read for those only).
    unproven = [r.pk for r in required if r.key in done and r.key not in passed]
    with_quiz = set()
    if unproven:
        quizzes = LessonPage.objects.filter(pk__in=unproven).only("id", "quiz")
        with_quiz = {lesson.pk for lesson in quizzes if lesson.has_quiz}
    return [r for r in required if r.key not in done or r.pk in with_quiz]


def certificate_issue(*, user, course: CoursePage, learner_name: str) -> Certificate:
    if user is None or not user.is_authenticated:
        raise NotAuthenticated(_("Log in to receive a certificate."))
    if not course.certificate_enabled:
        raise Conflict(_("This course does not issue certificates."), code="not_eligible")
    name = " ".join(learner_name.split())[:120]
    if not name:
        raise InvalidInput(_("Enter the name to print on the certificate."))
    existing = Certificate.objects.filter(
        user=user, course_key=course.translation_key, revoked_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    lessons = course_lessons(course=course)[1]
    if not any(r.required for r in lessons):
        raise Conflict(_("This course has no required lesson yet."), code="not_eligible")
    missing = certificate_eligibility(user=user, course=course)
    if missing:
        raise Conflict(
            _("Complete these lessons first: %(titles)s.")
            % {"titles": ", ".join(p.title for p in missing)},
            code="not_eligible",
        )
    try:
        with transaction.atomic():
            certificate = Certificate.objects.create(
                user=user,
                course_key=course.translation_key,
                course_title=course.title,
                learner_name=name,
                language=(get_language() or "fr")[:8],
                issued_at=timezone.now(),
            )
            audit_record(
                actor=user,
                action=AuditAction.CERTIFICATE_ISSUED,
                target_type=Certificate,
                target_id=certificate.code,
                summary=f"Certificate for {course.title}",
            )
    except IntegrityError:  # a concurrent claim issued it first: one valid certificate
        return Certificate.objects.get(
            user=user, course_key=course.translation_key, revoked_at__isnull=True
        )
    # Without a signing key on this server yet, the badge is issued at its first download.
    with contextlib.suppress(ServiceUnavailable):
        open_badge_issue(certificate=certificate)
    return certificate


def user_can_manage_training(user) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.has_perm("training.view_training_statistics")
    )


def certificate_revoke(*, certificate: Certificate, by, reason: str) -> Certificate:
    if not (user_can_manage_training(by) and by.has_perm("training.change_certificate")):
        raise NotAllowed(_("Only training managers can revoke certificates."))
    reason = reason.strip()
    if not reason:
        raise InvalidInput(_("Give the reason for the revocation: it is shown publicly."))
    if certificate.revoked_at is not None:
        return certificate
    with transaction.atomic():
        certificate.revoked_at = timezone.now()
        certificate.revoked_by = by
        certificate.revocation_reason = reason[:1000]
        certificate.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
        audit_record(
            actor=by,
            action=AuditAction.CERTIFICATE_REVOKED,
            target_type=Certificate,
            target_id=certificate.code,
            summary=reason[:200],
        )
    return certificate


# --- workshops ------------------------------------------------------------------------------
# A facilitator (the `facilitator` group, or a training manager) records a session held with
# the printed kit, then completes its attendance: every attendee gets the same Certificate as
# an online learner, held by name since they need no account.

WORKSHOP_MAX_ATTENDEES = 200
WORKSHOP_DATE_WINDOW_DAYS = 366  # a session is recorded within a year of its date


def user_can_facilitate(user) -> bool:
    return bool(
        user is not None and user.is_authenticated and user.has_perm("training.record_workshop")
    )


def workshop_session_can_manage(*, user, session: WorkshopSession) -> bool:
    """The session's own facilitator, or a training manager."""
    if not user_can_facilitate(user):
        return False
    return session.facilitator_id == user.pk or user_can_manage_training(user)


def workshop_date_check(held_on: date) -> None:
    today = timezone.localdate()
    window = timedelta(days=WORKSHOP_DATE_WINDOW_DAYS)
    if held_on > today + window:
        raise InvalidInput(
            _("This date is more than a year ahead: check the year."), code="bad_date"
        )
    if held_on < today - window:
        raise InvalidInput(
            _("This date is more than a year ago: sessions are recorded within a year."),
            code="bad_date",
        )


def workshop_attendees_clean(attendees: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Names with single spaces, emails checked; the same name twice in a session is refused."""
    cleaned: list[tuple[str, str]] = []
    seen: dict[str, str] = {}
    duplicates: list[str] = []
    for raw_name, raw_email in attendees:
        name = " ".join(str(raw_name).split())
        email = str(raw_email or "").strip()
        if not name:
            raise InvalidInput(_("Every learner needs a name."), code="bad_attendees")
        if len(name) > 120:
            raise InvalidInput(
                _("“%(name)s…” is too long: 120 characters at most.") % {"name": name[:30]},
                code="bad_attendees",
            )
        if email:
            try:
                validate_email(email)
            except ValidationError:
                raise InvalidInput(
                    _("“%(email)s” is not a valid email address.") % {"email": email},
                    code="bad_attendees",
                ) from None
        key = attendee_name_key(name)
        if key in seen:
            if seen[key] not in duplicates:
                duplicates.append(seen[key])
            continue
        seen[key] = name
        cleaned.append((name, email))
    if duplicates:
        raise InvalidInput(
            _(
                "These names appear more than once: %(names)s. Each learner is listed once; "
                "to tell two people with the same name apart, add a middle name or an initial."
            )
            % {"names": ", ".join(duplicates)},
            code="bad_attendees",
        )
    if not cleaned:
        raise InvalidInput(_("List at least one learner."), code="bad_attendees")
    if len(cleaned) > WORKSHOP_MAX_ATTENDEES:
        raise InvalidInput(
            _("A session has at most %(n)s learners.") % {"n": WORKSHOP_MAX_ATTENDEES},
            code="bad_attendees",
        )
    return cleaned


def workshop_session_record(
    *,
    facilitator,
    course: CoursePage,
    held_on: date,
    place: str,
    attendees: list[tuple[str, str]],
) -> WorkshopSession:
    """Record a session held with the printed kit and who attended (certificates come later)."""
    if not user_can_facilitate(facilitator):
        raise NotAllowed(_("Only workshop facilitators can record attendance."))
    if not course.certificate_enabled:
        raise Conflict(_("This course does not issue certificates."), code="not_eligible")
    workshop_date_check(held_on)
    place = " ".join(place.split())[:200]
    if not place:
        raise InvalidInput(
            _("Enter the place of the session, for example a library."), code="bad_place"
        )
    people = workshop_attendees_clean(attendees)
    with transaction.atomic():
        session = WorkshopSession.objects.create(
            course_key=course.translation_key,
            course_title=course.title,
            language=course.locale.language_code,
            held_on=held_on,
            place=place,
            facilitator=facilitator,
        )
        WorkshopAttendee.objects.bulk_create(
            WorkshopAttendee(session=session, name=name, name_key=attendee_name_key(name), email=e)
            for name, e in people
        )
        audit_record(
            actor=facilitator,
            action=AuditAction.WORKSHOP_RECORDED,
            target_type=WorkshopSession,
            target_id=session.pk,
            summary=f"{course.title} — {place} ({held_on.isoformat()}), {len(people)} learners",
        )
    return session


def _certificate_email(certificate: Certificate, attendee: WorkshopAttendee) -> None:
    with translation.override(certificate.language):
        verify_url = settings.SITE_URL + certificate.get_absolute_url()
        outbox_enqueue(
            to=attendee.email,
            subject=_("Your certificate: %(course)s") % {"course": certificate.course_title},
            body=_(
                "Hello %(name)s,\n\n"
                "You followed the workshop “%(course)s” on %(date)s (%(place)s). "
                "Your certificate's code is %(code)s; anyone can check it at %(url)s\n\n"
                "Your facilitator hands you the printed certificate."
            )
            % {
                "name": attendee.name,
                "course": certificate.course_title,
                "date": date_format(attendee.session.held_on, "DATE_FORMAT"),  # "26 novembre 2026"
                "place": attendee.session.place,
                "code": certificate.code,
                "url": verify_url,
            },
            kind="training.workshop_certificate",
        )


def workshop_attendance_complete(*, by, session: WorkshopSession) -> list[Certificate]:
    """Issue every attendee their certificate (the same as online learners'), once."""
    if not workshop_session_can_manage(user=by, session=session):
        raise NotAllowed(_("Only the session's facilitator or a training manager can do this."))
    if session.held_on > timezone.localdate():
        raise Conflict(
            _("The session has not taken place yet: complete its attendance from %(date)s.")
            % {"date": session.held_on.isoformat()},
            code="too_early",
        )
    issued = []
    with transaction.atomic():
        locked = WorkshopSession.objects.select_for_update().get(pk=session.pk)
        if locked.completed_at is not None:
            raise Conflict(_("The attendance of this session is already complete."), code="done")
        now = timezone.now()
        for attendee in locked.attendees.filter(certificate__isnull=True).order_by("id"):
            certificate = Certificate.objects.create(
                user=None,
                course_key=locked.course_key,
                course_title=locked.course_title,
                learner_name=attendee.name,
                language=locked.language,
                issued_at=now,
            )
            attendee.certificate = certificate
            attendee.save(update_fields=["certificate"])
            audit_record(
                actor=by,
                action=AuditAction.CERTIFICATE_ISSUED,
                target_type=Certificate,
                target_id=certificate.code,
                summary=f"Certificate for {locked.course_title} (workshop #{locked.pk})",
            )
            if attendee.email:
                attendee.session = locked
                _certificate_email(certificate, attendee)
            issued.append(certificate)
        locked.completed_at = now
        locked.save(update_fields=["completed_at"])
        audit_record(
            actor=by,
            action=AuditAction.WORKSHOP_COMPLETED,
            target_type=WorkshopSession,
            target_id=locked.pk,
            summary=f"{len(issued)} certificates issued",
        )
    session.completed_at = locked.completed_at
    return issued


def certificate_can_download(*, user, certificate: Certificate) -> bool:
    """The holder, a training manager, or the facilitator of the workshop it came from."""
    if user is None or not user.is_authenticated:
        return False
    if user_can_manage_training(user):
        return True
    if not certificate.is_valid:
        return False  # a revoked certificate is no longer handed out
    if certificate.user_id is not None:
        return certificate.user_id == user.pk
    attendance = getattr(certificate, "attendance", None)
    return attendance is not None and workshop_session_can_manage(
        user=user, session=attendance.session
    )


def anonymous_progress_merge(*, user, session) -> int:
    """Move the session's progress into the account; returns the number of items merged.

    Completions already recorded on the account win (earliest date kept); attempts are added
    (they count against the attempts limit); the session document is then emptied.
    """
    data = session.get(SESSION_KEY)
    if not data or user is None:
        return 0
    merged = 0
    with transaction.atomic():
        for course_key, entry in data.get("enrolled", {}).items():
            enrollment, _created = Enrollment.objects.get_or_create(
                user=user, course_key=course_key, defaults={"last_activity_at": timezone.now()}
            )
            if entry.get("last") and not enrollment.last_lesson_key:
                enrollment.last_lesson_key = entry["last"]
                enrollment.save(update_fields=["last_lesson_key"])
            merged += 1
        existing = {
            str(k)
            for k in LessonCompletion.objects.filter(user=user).values_list("lesson_key", flat=True)
        }
        completions = []
        for lesson_key, entry in data.get("completed", {}).items():
            if lesson_key in existing:
                continue
            completions.append(
                LessonCompletion(
                    user=user,
                    lesson_key=lesson_key,
                    course_key=entry["course"],
                    module_key=entry["module"],
                    source=entry.get("source", CompletionSource.END_REACHED),
                    completed_at=entry.get("at") or timezone.now(),
                )
            )
        LessonCompletion.objects.bulk_create(completions, ignore_conflicts=True)
        merged += len(completions)
        attempts = [
            QuizAttempt(
                user=user,
                lesson_key=lesson_key,
                course_key=a["course"],
                answers=a.get("answers", {}),
                score=Decimal(str(a["score"])),
                passed=bool(a["passed"]),
                created_at=a.get("at") or timezone.now(),
            )
            for lesson_key, items in data.get("attempts", {}).items()
            for a in items
        ]
        QuizAttempt.objects.bulk_create(attempts)
        merged += len(attempts)
    session[SESSION_KEY] = empty_session_progress()
    session.modified = True
    courses = {
        c.translation_key: c
        for c in CoursePage.objects.filter(translation_key__in=list(data.get("enrolled", {})))
    }
    for course in courses.values():
        course_completion_update(user=user, course=course)
    return merged
