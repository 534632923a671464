"""Writes: enrolment, lesson completion, quiz attempts, certificates, anonymous merge."""

import contextlib
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.services import audit_record
from core.errors import Conflict, InvalidInput, NotAllowed, NotAuthenticated, ServiceUnavailable
from training.models import (
    AuditAction,
    Certificate,
    CompletionSource,
    CoursePage,
    Enrollment,
    LessonCompletion,
    LessonPage,
    QuizAttempt,
)
from training.open_badges import open_badge_issue
from training.quiz import quiz_score
from training.selectors import (
    SESSION_KEY,
    Learner,
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
    required = {str(r.page.translation_key) for r in lessons if r.page.required}
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


def certificate_eligibility(*, user, course: CoursePage) -> list[LessonPage]:
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
    missing = []
    for ref in lessons:
        if not ref.page.required:
            continue
        key = str(ref.page.translation_key)
        if key not in done or (ref.page.has_quiz and key not in passed):
            missing.append(ref.page)
    return missing


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
    if not any(r.page.required for r in lessons):
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
