"""Learner rules: progress, resume, completion, attempts, certificates, anonymous merge."""

import pytest

from accounts.models import AuditEntry
from core.errors import Conflict, InvalidInput, NotAllowed
from tests.factories import UserFactory
from tests.training.factories import (
    make_lesson,
    perfect_answers,
    training_manager,
    wrong_answers,
)
from training import services
from training.models import (
    Certificate,
    CompletionSource,
    Enrollment,
    LessonCompletion,
    QuizAttempt,
)
from training.selectors import Learner, course_lessons, resume_lesson

pytestmark = pytest.mark.django_db


def finish_course(learner, lessons):
    for lesson in lessons:
        if lesson.has_quiz:
            services.quiz_attempt_submit(
                learner=learner, lesson=lesson, answers=perfect_answers(lesson)
            )
        else:
            services.lesson_complete(
                learner=learner, lesson=lesson, source=CompletionSource.END_REACHED
            )


def outline(learner, course):
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    from training.selectors import course_outline

    request = RequestFactory().get(course.url)
    request.user = learner.user or AnonymousUser()
    request.session = learner.session
    return course_outline(course=course, request=request)


def test_enrolment_is_created_once(learner, course_tree):
    course, _modules, _lessons = course_tree
    services.enrollment_start(learner=learner, course=course)
    services.enrollment_start(learner=learner, course=course)
    assert Enrollment.objects.filter(user=learner.user).count() == 1


def test_marking_a_lesson_without_quiz_done_completes_it_once(learner, course_tree):
    _course, _modules, lessons = course_tree
    assert services.lesson_complete(learner=learner, lesson=lessons[0], source="end") is True
    assert services.lesson_complete(learner=learner, lesson=lessons[0], source="end") is False
    assert LessonCompletion.objects.filter(user=learner.user).count() == 1


def test_a_lesson_with_a_quiz_cannot_be_marked_done_without_passing(learner, course_tree):
    _course, _modules, lessons = course_tree
    with pytest.raises(Conflict) as error:
        services.lesson_complete(learner=learner, lesson=lessons[1], source="end")
    assert error.value.code == "quiz_required"
    assert not LessonCompletion.objects.exists()


def test_passing_the_quiz_completes_the_lesson(learner, course_tree):
    _course, _modules, lessons = course_tree
    result = services.quiz_attempt_submit(
        learner=learner, lesson=lessons[1], answers=perfect_answers(lessons[1])
    )
    assert result["passed"] and result["score"] == 100
    completion = LessonCompletion.objects.get(user=learner.user)
    assert completion.source == CompletionSource.QUIZ_PASSED
    assert completion.lesson_key == lessons[1].translation_key


def test_failing_the_quiz_stores_the_attempt_but_does_not_complete(learner, course_tree):
    _course, _modules, lessons = course_tree
    result = services.quiz_attempt_submit(
        learner=learner, lesson=lessons[1], answers=wrong_answers(lessons[1])
    )
    assert not result["passed"]
    attempt = QuizAttempt.objects.get(user=learner.user)
    assert attempt.score == 0 and attempt.answers == wrong_answers(lessons[1])
    assert not LessonCompletion.objects.exists()


def test_partial_answers_below_threshold_fail(learner, course_tree):
    _course, _modules, lessons = course_tree
    answers = perfect_answers(lessons[1])
    ids = list(answers)
    answers[ids[1]] = answers[ids[1]][:1]  # half of the multiple choice
    answers[ids[2]] = [1]  # wrong true/false
    result = services.quiz_attempt_submit(learner=learner, lesson=lessons[1], answers=answers)
    assert result["score"] == 50.0  # (1 + 0.5 + 0) / 3
    assert not result["passed"]


def test_attempts_limit_is_enforced(learner, course_tree):
    _course, _modules, lessons = course_tree
    for _ in range(3):
        services.quiz_attempt_submit(
            learner=learner, lesson=lessons[1], answers=wrong_answers(lessons[1])
        )
    with pytest.raises(Conflict) as error:
        services.quiz_attempt_submit(
            learner=learner, lesson=lessons[1], answers=perfect_answers(lessons[1])
        )
    assert error.value.code == "attempts_exhausted"
    assert QuizAttempt.objects.count() == 3


def test_unlimited_attempts_when_the_limit_is_zero(learner, course_tree):
    _course, modules, _lessons = course_tree
    from tests.training.factories import SINGLE

    lesson = make_lesson(modules[1], "unlimited", quiz=[SINGLE], attempts=0)
    for _ in range(5):
        services.quiz_attempt_submit(learner=learner, lesson=lesson, answers=wrong_answers(lesson))
    assert QuizAttempt.objects.filter(user=learner.user).count() == 5


def test_progress_per_course_and_module(learner, course_tree):
    course, _modules, lessons = course_tree
    services.lesson_complete(learner=learner, lesson=lessons[0], source="end")
    data = outline(learner, course)
    assert (data["done"], data["total"], data["percent"]) == (1, 3, 33)
    first, second = data["modules"]
    assert (first.done, first.total, first.percent) == (1, 2, 50)
    assert (second.done, second.percent) == (0, 0)


def test_resume_goes_to_the_last_unfinished_lesson_visited(learner, course_tree):
    course, _modules, lessons = course_tree
    _m, refs = course_lessons(course=course)
    assert resume_lesson(lessons=refs, enrollment=None).pk == lessons[0].pk
    services.lesson_complete(learner=learner, lesson=lessons[0], source="end")
    data = outline(learner, course)
    assert data["resume"].pk == lessons[1].pk
    Enrollment.objects.filter(user=learner.user).update(last_lesson_key=lessons[2].translation_key)
    assert outline(learner, course)["resume"].pk == lessons[2].pk


def test_resume_skips_to_the_next_unfinished_lesson_after_the_last_one_done(learner, course_tree):
    course, _modules, lessons = course_tree
    services.quiz_attempt_submit(
        learner=learner, lesson=lessons[1], answers=perfect_answers(lessons[1])
    )
    # last lesson visited = lesson 2 (done) → resume at lesson 3, not back at lesson 1
    assert outline(learner, course)["resume"].pk == lessons[2].pk


def test_completing_every_required_lesson_completes_the_enrolment(learner, course_tree):
    course, _modules, lessons = course_tree
    finish_course(learner, lessons[:2])
    assert Enrollment.objects.get(user=learner.user).completed_at is None
    finish_course(learner, lessons[2:])
    assert Enrollment.objects.get(user=learner.user).completed_at is not None


def test_optional_lessons_are_not_needed_for_completion(learner, course_tree):
    course, modules, lessons = course_tree
    make_lesson(modules[1], "optional", required=False)
    finish_course(learner, lessons)
    assert Enrollment.objects.get(user=learner.user).completed_at is not None
    assert services.certificate_eligibility(user=learner.user, course=course) == []


def test_certificate_refused_until_every_required_lesson_and_quiz_is_done(learner, course_tree):
    course, _modules, lessons = course_tree
    finish_course(learner, lessons[:2])
    with pytest.raises(Conflict) as error:
        services.certificate_issue(user=learner.user, course=course, learner_name="Camille")
    assert lessons[2].title in error.value.message
    assert (error.value.code, error.value.status) == ("not_eligible", 409)
    assert not Certificate.objects.exists()


def test_certificate_needs_the_quiz_passed_not_only_the_lesson_recorded(learner, course_tree):
    course, _modules, lessons = course_tree
    finish_course(learner, lessons)
    QuizAttempt.objects.filter(lesson_key=lessons[2].translation_key).update(passed=False)
    assert [p.pk for p in services.certificate_eligibility(user=learner.user, course=course)] == [
        lessons[2].pk
    ]


def test_certificate_is_issued_once_with_name_course_date_and_code(learner, course_tree):
    course, _modules, lessons = course_tree
    finish_course(learner, lessons)
    certificate = services.certificate_issue(
        user=learner.user, course=course, learner_name="  Camille   Martin "
    )
    assert certificate.learner_name == "Camille Martin"
    assert certificate.course_title == course.title
    assert certificate.issued_at is not None
    assert len(certificate.code) == 14 and certificate.code.count("-") == 2
    again = services.certificate_issue(user=learner.user, course=course, learner_name="Other")
    assert again.pk == certificate.pk
    assert AuditEntry.objects.filter(action="training.certificate_issued").count() == 1


def test_certificate_needs_a_name(learner, course_tree):
    course, _modules, lessons = course_tree
    finish_course(learner, lessons)
    with pytest.raises(InvalidInput):
        services.certificate_issue(user=learner.user, course=course, learner_name="   ")


def test_only_training_managers_revoke_certificates(learner, course_tree):
    course, _modules, lessons = course_tree
    finish_course(learner, lessons)
    certificate = services.certificate_issue(user=learner.user, course=course, learner_name="C")
    for someone in (learner.user, UserFactory(is_staff=True)):
        with pytest.raises(NotAllowed):
            services.certificate_revoke(certificate=certificate, by=someone, reason="Fraud")
    manager = training_manager()
    with pytest.raises(InvalidInput):
        services.certificate_revoke(certificate=certificate, by=manager, reason="  ")
    services.certificate_revoke(certificate=certificate, by=manager, reason="Quiz answers shared")
    certificate.refresh_from_db()
    assert not certificate.is_valid
    assert certificate.revocation_reason == "Quiz answers shared"
    assert AuditEntry.objects.filter(action="training.certificate_revoked").exists()
    # After a revocation a new certificate can be issued.
    new = services.certificate_issue(user=learner.user, course=course, learner_name="C")
    assert new.pk != certificate.pk


def test_falc_version_quiz_completes_the_original_lesson(learner, course_tree):
    _course, modules, lessons = course_tree
    from tests.training.factories import TRUE_FALSE

    falc = make_lesson(modules[0], "falc", quiz=[TRUE_FALSE], plain=True)
    lessons[1].plain_language_version = falc
    lessons[1].save_revision().publish()
    services.quiz_attempt_submit(learner=learner, lesson=falc, answers=perfect_answers(falc))
    completion = LessonCompletion.objects.get(user=learner.user)
    assert completion.lesson_key == lessons[1].translation_key
    assert QuizAttempt.objects.get().lesson_key == lessons[1].translation_key


def test_anonymous_progress_lives_in_the_session(anonymous, course_tree):
    course, _modules, lessons = course_tree
    services.lesson_complete(learner=anonymous, lesson=lessons[0], source="end")
    services.quiz_attempt_submit(
        learner=anonymous, lesson=lessons[1], answers=wrong_answers(lessons[1])
    )
    assert not LessonCompletion.objects.exists() and not QuizAttempt.objects.exists()
    assert anonymous.completed_keys(course.translation_key) == {str(lessons[0].translation_key)}
    assert len(anonymous.attempts(lessons[1].translation_key)) == 1


def test_anonymous_attempts_limit_is_enforced_in_the_session(anonymous, course_tree):
    _course, _modules, lessons = course_tree
    for _ in range(3):
        services.quiz_attempt_submit(
            learner=anonymous, lesson=lessons[1], answers=wrong_answers(lessons[1])
        )
    with pytest.raises(Conflict) as error:
        services.quiz_attempt_submit(
            learner=anonymous, lesson=lessons[1], answers=wrong_answers(lessons[1])
        )
    assert error.value.code == "attempts_exhausted"


def test_anonymous_progress_is_merged_into_the_account(anonymous, course_tree, user):
    course, _modules, lessons = course_tree
    finish_course(anonymous, lessons)
    services.quiz_attempt_submit(
        learner=anonymous, lesson=lessons[2], answers=wrong_answers(lessons[2])
    )
    merged = services.anonymous_progress_merge(user=user, session=anonymous.session)
    assert merged == 1 + 3 + 3  # enrolment, completions, attempts
    assert LessonCompletion.objects.filter(user=user).count() == 3
    assert QuizAttempt.objects.filter(user=user).count() == 3
    enrollment = Enrollment.objects.get(user=user)
    assert enrollment.completed_at is not None
    assert anonymous.session["training"]["completed"] == {}
    # The learner can now get a certificate.
    certificate = services.certificate_issue(user=user, course=course, learner_name="Camille")
    assert certificate.is_valid


def test_merge_keeps_what_the_account_already_had(anonymous, course_tree, user):
    _course, _modules, lessons = course_tree
    services.lesson_complete(
        learner=Learner(user=user, session={}), lesson=lessons[0], source="end"
    )
    services.lesson_complete(learner=anonymous, lesson=lessons[0], source="end")
    services.anonymous_progress_merge(user=user, session=anonymous.session)
    services.anonymous_progress_merge(user=user, session=anonymous.session)  # idempotent
    assert LessonCompletion.objects.filter(user=user).count() == 1
    assert Enrollment.objects.filter(user=user).count() == 1


def test_the_database_refuses_a_second_completion_of_the_same_lesson(learner, course_tree):
    from django.db import IntegrityError, transaction

    course, modules, lessons = course_tree
    services.lesson_complete(learner=learner, lesson=lessons[0], source="end")
    with pytest.raises(IntegrityError), transaction.atomic():
        LessonCompletion.objects.create(
            user=learner.user,
            lesson_key=lessons[0].translation_key,
            course_key=course.translation_key,
            module_key=modules[0].translation_key,
            source="end",
            completed_at=lessons[0].first_published_at,
        )


def test_the_database_refuses_two_valid_certificates_for_one_course(learner, course_tree):
    from django.db import IntegrityError, transaction

    course, _modules, lessons = course_tree
    finish_course(learner, lessons)
    certificate = services.certificate_issue(user=learner.user, course=course, learner_name="C")
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(
            user=learner.user,
            course_key=course.translation_key,
            course_title="x",
            learner_name="C",
            issued_at=certificate.issued_at,
        )


def test_answering_a_quiz_makes_its_lesson_the_place_to_resume(learner, course_tree):
    course, _modules, lessons = course_tree
    services.lesson_complete(learner=learner, lesson=lessons[0], source="end")
    services.quiz_attempt_submit(
        learner=learner, lesson=lessons[2], answers=wrong_answers(lessons[2])
    )
    assert Enrollment.objects.get(user=learner.user).last_lesson_key == lessons[2].translation_key
    # lesson 3 is unfinished: resume there, not at lesson 2 (the first unfinished one)
    assert outline(learner, course)["resume"].pk == lessons[2].pk


def test_certificate_audit_rows_use_the_training_vocabulary_and_the_model_label(
    learner, course_tree
):
    from training.models import AuditAction

    course, _modules, lessons = course_tree
    finish_course(learner, lessons)
    certificate = services.certificate_issue(user=learner.user, course=course, learner_name="C")
    entry = AuditEntry.objects.get(target_id=certificate.code)
    assert (entry.action, entry.target_type) == (
        "training.certificate_issued",
        "training.certificate",
    )
    assert entry.action == AuditAction.CERTIFICATE_ISSUED
