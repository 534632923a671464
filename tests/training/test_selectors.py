"""Selectors used by the observatory and the staff statistics page."""

import pytest
from django.contrib.auth.models import Group

from tests.factories import UserFactory
from tests.training.factories import make_course, perfect_answers
from tests.training.test_services import finish_course
from training import services
from training.models import Enrollment
from training.selectors import Learner, staff_statistics, training_indicators

pytestmark = pytest.mark.django_db


def test_training_indicators_on_an_empty_database():
    assert training_indicators() == {
        "courses": 0,
        "enrolments": 0,
        "completions": 0,
        "certificates": 0,
        "by_course": [],
    }


def test_training_indicators_count_enrolments_completions_and_certificates(course_tree):
    course, _modules, lessons = course_tree
    other, _m, _l = make_course(slug="other")
    finisher = Learner(user=UserFactory(), session={})
    finish_course(finisher, lessons)
    services.certificate_issue(user=finisher.user, course=course, learner_name="A")
    starter = Learner(user=UserFactory(), session={})
    services.enrollment_start(learner=starter, course=course)
    services.enrollment_start(learner=starter, course=other)
    data = training_indicators()
    assert data["courses"] == 2
    assert data["enrolments"] == 3
    assert data["completions"] == 1
    assert data["certificates"] == 1
    assert data["by_course"] == [
        {"key": "course", "label": course.title, "enrolments": 2, "completions": 1},
        {"key": "other", "label": other.title, "enrolments": 1, "completions": 0},
    ]


def test_revoked_certificates_are_not_counted(course_tree):
    from tests.training.factories import training_manager

    course, _modules, lessons = course_tree
    learner = Learner(user=UserFactory(), session={})
    finish_course(learner, lessons)
    certificate = services.certificate_issue(user=learner.user, course=course, learner_name="A")
    services.certificate_revoke(certificate=certificate, by=training_manager(), reason="Test")
    assert training_indicators()["certificates"] == 0


def test_training_indicators_query_count_does_not_depend_on_learners(
    course_tree, django_assert_max_num_queries
):
    course, _modules, lessons = course_tree
    for _ in range(5):
        services.enrollment_start(learner=Learner(user=UserFactory(), session={}), course=course)
    with django_assert_max_num_queries(6):
        figures = training_indicators()
    assert figures["enrolments"] == 5 and figures["courses"] == 1


def test_staff_statistics_aggregate_by_department_and_fold_small_groups(db, settings):
    settings.TRAINING_STATS_MIN_GROUP = 3
    course, _modules, lessons = make_course(slug="staff", track="staff")
    for index in range(4):
        learner = Learner(user=UserFactory(department="DSIN"), session={})
        if index < 2:
            finish_course(learner, lessons)
        else:
            services.enrollment_start(learner=learner, course=course)
    lonely = Learner(user=UserFactory(department="Parcs et jardins"), session={})
    services.enrollment_start(learner=lonely, course=course)
    [row] = staff_statistics()
    assert (row["enrolled"], row["completed"], row["percent"]) == (5, 2, 40)
    dsin, other = row["departments"]
    assert dsin == {"department": "DSIN", "enrolled": 4, "completed": 2, "percent": 50}
    # One person alone in a department is never shown as such.
    assert other["suppressed"] is True and other["enrolled"] is None
    assert "Parcs" not in str(row["departments"])


def test_staff_statistics_ignore_resident_courses(course_tree):
    course, _modules, _lessons = course_tree
    services.enrollment_start(learner=Learner(user=UserFactory(), session={}), course=course)
    assert staff_statistics() == []


def test_training_manager_group_is_created_by_a_data_migration(db):
    group = Group.objects.get(name="training_manager")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"view_training_statistics", "change_certificate"} <= codenames


def test_perfect_answers_helper_passes(course_tree):
    _course, _modules, lessons = course_tree
    learner = Learner(user=UserFactory(), session={})
    result = services.quiz_attempt_submit(
        learner=learner, lesson=lessons[1], answers=perfect_answers(lessons[1])
    )
    assert result["passed"]
    assert Enrollment.objects.filter(user=learner.user).exists()
