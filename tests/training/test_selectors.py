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


# --- outlines and dashboard: plain rows, URLs derived from the course's -------------------------


def reading(rf, user, url="/"):
    """A request as the views hand it to the selectors."""
    request = rf.get(url)
    request.user, request.session = user, {}
    return request


@pytest.mark.parametrize("language", ["fr", "en"])
def test_derived_lesson_urls_are_wagtails_own(client, rf, db, language):
    """Outlines, the dashboard and previous / next links derive module and lesson URLs from the
    course's (`page_url_below`) instead of asking Wagtail page by page: they must stay exactly
    the URLs Wagtail gives and serves, /en/ prefix and quoted unicode slugs included."""
    from django.utils import translation
    from wagtail.models import Page

    from core.wagtail_seed import add_translation
    from tests.training.factories import make_lesson
    from training.selectors import course_outline, dashboard, lesson_context

    course, modules, lessons = make_course(slug="urls")
    lessons.append(make_lesson(modules[1], "leçon-élève"))  # quoted by reverse() in a URL
    if language == "en":
        course = add_translation(course, "en", title="Course in English")
        modules = [add_translation(m, "en", title=f"English {m.title}") for m in modules]
        lessons = [add_translation(lp, "en", title=f"English {lp.title}") for lp in lessons]
    user = UserFactory()
    services.enrollment_start(learner=Learner(user=user, session={}), course=course)
    with translation.override(language):
        request = reading(rf, user)
        wagtail = {p.pk: Page.objects.get(pk=p.pk).get_url(request) for p in [*modules, *lessons]}
        outline = course_outline(course=course, request=request)
        [row] = dashboard(request=request)["rows"]
        around = lesson_context(lesson=lessons[1], request=request)
    derived = {m.pk: m.url for m in outline["modules"]} | {r.pk: r.url for r in outline["lessons"]}
    assert derived == wagtail
    assert row.course.url == course.get_url(request)
    assert row.resume.url == wagtail[lessons[0].pk]
    assert around["previous_lesson"].url == wagtail[lessons[0].pk]
    assert around["next_lesson"].url == wagtail[lessons[2].pk]
    prefix = "/en/training/urls/" if language == "en" else "/training/urls/"
    assert all(url.startswith(prefix) for url in derived.values()), derived
    assert wagtail[lessons[-1].pk].endswith("/le%C3%A7on-%C3%A9l%C3%A8ve/")
    for url in derived.values():
        assert client.get(url).status_code == 200, url


def test_derived_urls_follow_wagtail_append_slash(settings):
    from training.selectors import page_url_below

    below = {"base_url_path": "/accueil/training/c/", "url_path": "/accueil/training/c/m/l/"}
    assert page_url_below(base_url="/training/c/", **below) == "/training/c/m/l/"
    settings.WAGTAIL_APPEND_SLASH = False
    assert page_url_below(base_url="/training/c", **below) == "/training/c/m/l"
    assert page_url_below(base_url=None, **below) is None  # no site: no URL, as Wagtail says


def test_course_outline_runs_two_queries_whatever_the_size_of_the_course(
    rf, db, django_assert_num_queries
):
    from training.selectors import course_outline

    big, _modules, big_lessons = make_course(slug="big", lessons_per_module=(8, 8, 8))
    small, _modules, small_lessons = make_course(slug="small", lessons_per_module=(2, 1))
    learner = Learner(user=UserFactory(), session={})
    finish_course(learner, [big_lessons[0], small_lessons[0]])
    request = reading(rf, learner.user)
    course_outline(course=small, request=request)  # the site's root paths, kept on the request
    for course, lessons in ((big, big_lessons), (small, small_lessons)):
        # the lessons with the learner's completions; the enrolment and the certificate
        with django_assert_num_queries(2):
            outline = course_outline(course=course, request=request)
        assert (outline["done"], outline["total"]) == (1, len(lessons))
        assert outline["resume"].pk == lessons[1].pk


def test_dashboard_runs_two_queries_whatever_the_number_of_courses_and_lessons(
    rf, db, django_assert_num_queries
):
    from training.selectors import dashboard

    courses = [make_course(slug=f"d{i}", lessons_per_module=(6, 6)) for i in range(4)]
    learner = Learner(user=UserFactory(), session={})
    for _course, _modules, lessons in courses:
        finish_course(learner, lessons[:1])
    request = reading(rf, learner.user)
    dashboard(request=request)  # the site's root paths, kept on the request
    # enrolments with their certificates; the courses with their lessons and completions
    with django_assert_num_queries(2):
        rows = dashboard(request=request)["rows"]
    assert [(r.done, r.total) for r in rows] == [(1, 12)] * 4
    assert {r.resume.pk for r in rows} == {lessons[1].pk for _c, _m, lessons in courses}
