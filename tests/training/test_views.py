"""Pages and learner actions over HTTP: flows, permissions, PDFs, query counts."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from accounts.roles import Role
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.helpers import page_text
from tests.training.factories import make_course, perfect_answers, training_manager
from training import services
from training.models import Certificate, Enrollment, LessonCompletion, QuizAttempt
from training.selectors import Learner

pytestmark = pytest.mark.django_db


def post_answers(client, lesson, answers):
    data = {f"q-{qid}": picked for qid, picked in answers.items()}
    return client.post(reverse("training:quiz_submit", args=[lesson.pk]), data)


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def complete_all(client, lessons):
    for lesson in lessons:
        if lesson.has_quiz:
            post_answers(client, lesson, perfect_answers(lesson))
        else:
            client.post(reverse("training:lesson_complete", args=[lesson.pk]))


def test_catalogue_lists_courses_by_track_and_filters(client, db):
    make_course(slug="residents-course")
    make_course(slug="staff-course", track="staff")
    response = client.get("/training/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Course residents-course" in html and "Course staff-course" in html
    filtered = client.get("/training/?track=staff").content.decode()
    assert "Course staff-course" in filtered and "Course residents-course" not in filtered
    assert client.get("/training/?level=advanced").context["course_count"] == 0
    assert client.get("/training/?duration=short&level=bogus").status_code == 200


def test_course_page_shows_outline_progress_and_start_button(client, course_tree):
    course, _modules, lessons = course_tree
    html = client.get(course.url).content.decode()
    assert "<progress" in html and "style=" not in html
    assert lessons[0].title in html and reverse("training:course_enrol", args=[course.pk]) in html
    # "None" for the prerequisites is masculine (prérequis), not another app's "Aucune".
    assert "<dt>Prérequis</dt><dd>Aucun</dd>" in html


def test_start_enrols_and_opens_the_first_lesson(client, course_tree):
    course, _modules, lessons = course_tree
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("training:course_enrol", args=[course.pk]))
    assert response.status_code == 302 and response.url == lessons[0].url
    assert Enrollment.objects.filter(user=user).exists()


def test_mark_done_completes_and_goes_to_the_next_lesson(client, course_tree):
    _course, _modules, lessons = course_tree
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("training:lesson_complete", args=[lessons[0].pk]))
    assert response.status_code == 302 and response.url == lessons[1].url
    assert LessonCompletion.objects.filter(user=user).count() == 1


def test_mark_done_on_a_quiz_lesson_is_refused_with_a_message(client, course_tree):
    _course, _modules, lessons = course_tree
    response = client.post(reverse("training:lesson_complete", args=[lessons[1].pk]), follow=True)
    assert response.redirect_chain[-1][0] == lessons[1].url
    assert "Réussissez le quiz de cette leçon pour la terminer." in page_text(response)
    assert not LessonCompletion.objects.exists()


def test_quiz_without_answers_is_a_400_with_an_error_summary(client, course_tree):
    _course, _modules, lessons = course_tree
    response = client.post(reverse("training:quiz_submit", args=[lessons[1].pk]), {})
    assert response.status_code == 400
    html = response.content.decode()
    assert "error-summary" in html and 'role="alert"' in html
    assert not QuizAttempt.objects.exists()


def test_quiz_feedback_and_explanation_shown_after_a_failed_attempt(client, course_tree):
    _course, _modules, lessons = course_tree
    lesson = lessons[1]
    ids = [q.id for q in lesson.quiz]
    response = post_answers(client, lesson, {ids[0]: [0], ids[1]: [0], ids[2]: [1]})
    assert response.status_code == 302 and response.url.endswith("#quiz-result")
    html = client.get(lesson.url).content.decode()
    assert 'aria-live="polite"' in html
    assert "Feedback for A" in html  # feedback for the chosen answer
    assert "Because." in html  # explanation
    assert "17" in html  # (0 + 0.5 + 0) / 3 = 16.67 → 17 %
    # Post/redirect/get: reloading shows the same result and stores no new attempt.
    assert "Feedback for A" in client.get(lesson.url).content.decode()
    assert QuizAttempt.objects.count() == 0  # anonymous: attempts live in the session


def test_passing_the_quiz_over_http_completes_the_lesson(client, course_tree):
    _course, _modules, lessons = course_tree
    user = UserFactory()
    client.force_login(user)
    post_answers(client, lessons[1], perfect_answers(lessons[1]))
    assert LessonCompletion.objects.filter(user=user, source="quiz").count() == 1
    assert QuizAttempt.objects.get(user=user).passed


def test_exhausted_attempts_disable_the_form(client, course_tree):
    _course, _modules, lessons = course_tree
    lesson = lessons[1]
    ids = [q.id for q in lesson.quiz]
    wrong = {ids[0]: [0], ids[1]: [1], ids[2]: [1]}
    for _ in range(3):
        post_answers(client, lesson, wrong)
    response = post_answers(client, lesson, perfect_answers(lesson))
    assert response.status_code == 302
    html = client.get(lesson.url).content.decode()
    assert "disabled" in html and "Check my answers" not in html and "Try again" not in html


def test_anonymous_progress_is_merged_at_signup(client, course_tree):
    _course, _modules, lessons = course_tree
    client.post(reverse("training:lesson_complete", args=[lessons[0].pk]))
    post_answers(client, lessons[1], perfect_answers(lessons[1]))
    response = client.post(
        reverse("account_signup"),
        {"email": "new@example.org", "password1": DEFAULT_PASSWORD, "password2": DEFAULT_PASSWORD},
    )
    assert response.status_code == 302
    completions = LessonCompletion.objects.filter(user__email="new@example.org")
    assert completions.count() == 2
    assert QuizAttempt.objects.filter(user__email="new@example.org").count() == 1


def test_anonymous_progress_is_merged_at_login(client, course_tree):
    _course, _modules, lessons = course_tree
    user = UserFactory()
    client.post(reverse("training:lesson_complete", args=[lessons[0].pk]))
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert LessonCompletion.objects.filter(user=user).count() == 1


def test_certificate_claim_pdf_and_public_verification(client, course_tree, settings):
    course, _modules, lessons = course_tree
    user = UserFactory(display_name="Camille Martin")
    client.force_login(user)
    refused = client.post(
        reverse("training:certificate_claim", args=[course.pk]), {"learner_name": "Camille"}
    )
    assert refused.status_code == 409
    assert lessons[0].title in " ".join(refused.context["claim_form"].non_field_errors())
    assert refused.context["claim_form"]["learner_name"].value() == "Camille"
    complete_all(client, lessons)
    empty = client.post(reverse("training:certificate_claim", args=[course.pk]), {})
    assert empty.status_code == 400
    response = client.post(
        reverse("training:certificate_claim", args=[course.pk]),
        {"learner_name": "Camille Martin"},
    )
    assert response.status_code == 302
    certificate = Certificate.objects.get(user=user)
    pdf = client.get(reverse("training:certificate_pdf", args=[certificate.code]))
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert "Camille Martin" in text and certificate.code in text and course.title in text
    # The issuer is the configured city name, written once ("Ville de Paris", not "Ville de
    # Ville de Paris").
    assert f"IA Commune — {settings.CITY_NAME}" in text
    assert "Ville de Ville" not in text
    client.logout()
    public = client.get(reverse("training:certificate_verify", args=[certificate.code]))
    assert public.status_code == 200
    assert "Camille Martin" in public.content.decode()
    assert public.context["certificate"].is_valid
    # Nobody but the holder (or a manager) downloads the PDF.
    assert (
        client.get(reverse("training:certificate_pdf", args=[certificate.code])).status_code == 404
    )


def test_verification_of_an_unknown_code_is_a_404_page(client, db):
    response = client.get(reverse("training:certificate_verify", args=["ZZZZ-ZZZZ-ZZZZ"]))
    assert response.status_code == 404
    assert "ZZZZ-ZZZZ-ZZZZ" in response.content.decode()


def test_lookup_form_redirects_to_the_verification_page(client, db):
    response = client.get(reverse("training:certificate_lookup"), {"code": " abcd-efgh-jkmn "})
    assert response.status_code == 302 and response.url.endswith("/ABCD-EFGH-JKMN/")


def issued_certificate(course, lessons):
    user = UserFactory()
    learner = Learner(user=user, session={})
    from tests.training.test_services import finish_course

    finish_course(learner, lessons)
    return services.certificate_issue(user=user, course=course, learner_name="Camille")


def test_revocation_by_a_training_manager_shows_revoked_publicly(client, course_tree):
    course, _modules, lessons = course_tree
    certificate = issued_certificate(course, lessons)
    url = reverse("training:certificate_verify", args=[certificate.code])
    client.force_login(UserFactory(roles=[Role.AGENT]))
    assert client.post(url, {"reason": "Fraud"}).status_code == 403
    client.force_login(training_manager())
    assert client.post(url, {"reason": ""}).status_code == 400
    response = client.post(url, {"reason": "Answers copied"})
    assert response.status_code == 302
    client.logout()
    html = client.get(url).content.decode()
    assert "Answers copied" in html
    assert not Certificate.objects.get().is_valid
    client.force_login(certificate.user)
    pdf_url = reverse("training:certificate_pdf", args=[certificate.code])
    assert client.get(pdf_url).status_code == 404


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("resident", 403), ("agent", 403), ("staff", 403), ("manager", 200)],
)
def test_staff_statistics_are_visible_only_to_training_managers(client, db, who, status):
    make_course(slug="staff-course", track="staff")
    users = {
        "resident": lambda: UserFactory(roles=[Role.RESIDENT]),
        "agent": lambda: UserFactory(roles=[Role.AGENT]),
        "staff": lambda: UserFactory(is_staff=True),
        "manager": training_manager,
    }
    if who in users:
        client.force_login(users[who]())
    assert client.get(reverse("training:statistics")).status_code == status


def test_lesson_pdf_downloads_with_the_lesson_text(client, course_tree):
    _course, _modules, lessons = course_tree
    response = client.get(reverse("training:lesson_pdf", args=[lessons[1].pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert lessons[1].title in text and "Pick B" in text


def test_dashboard_lists_courses_with_progress_and_resume(client, course_tree):
    course, _modules, lessons = course_tree
    user = UserFactory()
    client.force_login(user)
    client.post(reverse("training:course_enrol", args=[course.pk]))
    client.post(reverse("training:lesson_complete", args=[lessons[0].pk]))
    response = client.get(reverse("training:my_courses"))
    row = response.context["rows"][0]
    assert (row.done, row.total, row.percent) == (1, 3, 33)
    assert row.resume.pk == lessons[1].pk
    assert lessons[1].url in response.content.decode()


def test_reading_a_lesson_writes_nothing(client, course_tree):
    from training.models import Enrollment

    course, _modules, lessons = course_tree
    user = UserFactory()
    client.force_login(user)
    client.post(reverse("training:course_enrol", args=[course.pk]))
    enrolment = Enrollment.objects.get(user=user)
    assert client.get(lessons[2].url).status_code == 200
    assert Enrollment.objects.get(pk=enrolment.pk).last_lesson_key == enrolment.last_lesson_key
    assert Enrollment.objects.get(pk=enrolment.pk).last_activity_at == enrolment.last_activity_at
    client.logout()
    client.post(reverse("training:course_enrol", args=[course.pk]))
    session_before = dict(client.session.get("training"))
    assert client.get(lessons[2].url).status_code == 200
    assert client.session.get("training") == session_before


def test_dashboard_for_an_anonymous_visitor_uses_the_session(client, course_tree):
    _course, _modules, lessons = course_tree
    client.post(reverse("training:lesson_complete", args=[lessons[0].pk]))
    response = client.get(reverse("training:my_courses"))
    assert response.context["rows"][0].done == 1


def test_try_it_links_to_the_sandbox_with_its_prompt(db):
    from training.blocks import sandbox_url

    assert sandbox_url("Bonjour ?") == "/sandbox/?prompt=Bonjour+%3F"


# --- bounded query counts ------------------------------------------------------------------


@pytest.fixture
def big_course(db):
    return make_course(slug="big", lessons_per_module=(8, 8, 8))


def logged_in_with_progress(client, course, lessons):
    user = UserFactory()
    client.force_login(user)
    client.post(reverse("training:course_enrol", args=[course.pk]))
    for lesson in lessons[:1]:
        client.post(reverse("training:lesson_complete", args=[lesson.pk]))
    return user


def test_course_page_runs_a_bounded_number_of_queries(
    client, big_course, django_assert_max_num_queries
):
    course, _modules, lessons = big_course
    small, _m, _l = make_course(slug="small", lessons_per_module=(2, 1))
    logged_in_with_progress(client, course, lessons)
    with django_assert_max_num_queries(30):
        response = client.get(course.url)
    assert response.status_code == 200
    # Every lesson is listed with its duration: an outline page reading a column the selector
    # did not load would cost one query per lesson and break the equality below.
    assert sum(len(m.lessons) for m in response.context["outline"]["modules"]) == 24
    assert count_queries(client, course.url) == count_queries(client, small.url)


def count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_lesson_page_runs_a_bounded_number_of_queries(client, big_course):
    course, _modules, lessons = big_course
    small, _m, small_lessons = make_course(slug="small", lessons_per_module=(2, 1))
    logged_in_with_progress(client, course, lessons)
    client.post(reverse("training:course_enrol", args=[small.pk]))
    big = count_queries(client, lessons[5].url)
    assert big <= 35
    # The count does not grow with the size of the course (24 lessons vs 3).
    assert big == count_queries(client, small_lessons[1].url)


def test_dashboard_runs_a_bounded_number_of_queries(client, db, django_assert_max_num_queries):
    courses = [make_course(slug=f"c{i}", lessons_per_module=(3, 3)) for i in range(4)]
    user = UserFactory()
    client.force_login(user)
    for course, _modules, lessons in courses:
        client.post(reverse("training:course_enrol", args=[course.pk]))
        client.post(reverse("training:lesson_complete", args=[lessons[0].pk]))
    with django_assert_max_num_queries(20):
        response = client.get(reverse("training:my_courses"))
    assert response.status_code == 200
    assert len(response.context["rows"]) == 4
    assert [row.done for row in response.context["rows"]] == [1, 1, 1, 1]


def test_dashboard_query_count_does_not_grow_with_courses_or_lessons(
    client, db, django_assert_max_num_queries
):
    """One course of 2 lessons or 4 courses of 12: the same queries (no query per course, per
    lesson, or per deferred field a template reads on an outline page)."""
    small = make_course(slug="s0", lessons_per_module=(1, 1))
    big = [make_course(slug=f"b{i}", lessons_per_module=(6, 6)) for i in range(4)]
    one, many = UserFactory(), UserFactory()
    client.force_login(one)
    client.post(reverse("training:course_enrol", args=[small[0].pk]))
    client.post(reverse("training:lesson_complete", args=[small[2][0].pk]))
    few = count_queries(client, reverse("training:my_courses"))
    client.force_login(many)
    for course, _modules, lessons in big:
        client.post(reverse("training:course_enrol", args=[course.pk]))
        client.post(reverse("training:lesson_complete", args=[lessons[0].pk]))
    with django_assert_max_num_queries(few):
        response = client.get(reverse("training:my_courses"))
    assert [row.total for row in response.context["rows"]] == [12, 12, 12, 12]


def test_private_lessons_are_not_served_by_the_pdf_and_quiz_views(client, course_tree):
    from wagtail.models import PageViewRestriction

    course, _modules, lessons = course_tree
    PageViewRestriction.objects.create(page=course, restriction_type="login")
    assert client.get(reverse("training:lesson_pdf", args=[lessons[1].pk])).status_code == 404
    assert post_answers(client, lessons[1], perfect_answers(lessons[1])).status_code == 404
    client.force_login(UserFactory())
    assert client.get(reverse("training:lesson_pdf", args=[lessons[1].pk])).status_code == 200


def test_anonymous_session_keeps_a_bounded_number_of_attempts(course_tree, session):
    from tests.training.factories import SINGLE, make_lesson, wrong_answers
    from training.services import MAX_SESSION_ATTEMPTS

    _course, modules, _lessons = course_tree
    lesson = make_lesson(modules[0], "unlimited", quiz=[SINGLE], attempts=0)
    anonymous = Learner(user=None, session=session)
    for _ in range(MAX_SESSION_ATTEMPTS + 5):
        services.quiz_attempt_submit(
            learner=anonymous, lesson=lesson, answers=wrong_answers(lesson)
        )
    assert len(anonymous.attempts(lesson.translation_key)) == MAX_SESSION_ATTEMPTS


def test_catalogue_is_paginated_and_keeps_filters(client, db, monkeypatch):
    monkeypatch.setattr("training.selectors.CATALOGUE_PAGE_SIZE", 2)
    for i in range(3):
        make_course(slug=f"s{i}", track="staff", lessons_per_module=(1,))
    first = client.get("/training/?track=staff")
    assert first.context["course_count"] == 3
    assert len(first.context["page_obj"].object_list) == 2
    assert "track=staff&amp;page=2" in first.content.decode()
    second = client.get("/training/?track=staff&page=2")
    assert len(second.context["page_obj"].object_list) == 1
    assert client.get("/training/?page=999").status_code == 200


def test_dashboard_is_paginated(client, db, monkeypatch):
    monkeypatch.setattr("training.selectors.DASHBOARD_PAGE_SIZE", 2)
    user = UserFactory()
    client.force_login(user)
    for i in range(3):
        course, _m, _l = make_course(slug=f"d{i}", lessons_per_module=(1,))
        client.post(reverse("training:course_enrol", args=[course.pk]))
    assert len(client.get(reverse("training:my_courses")).context["rows"]) == 2
    assert len(client.get(reverse("training:my_courses") + "?page=2").context["rows"]) == 1


def test_wagtail_admin_menu_shows_statistics_to_training_managers_only(rf, db):
    from training.wagtail_hooks import TrainingStatisticsMenuItem

    item = TrainingStatisticsMenuItem("Stats", "/training/statistics/")
    request = rf.get("/cms/")
    request.user = UserFactory(is_staff=True)
    assert not item.is_shown(request)
    request.user = training_manager()
    assert item.is_shown(request)


def test_correct_answers_are_revealed_only_once_passed_or_out_of_attempts(client, course_tree):
    _course, _modules, lessons = course_tree
    lesson = lessons[1]
    ids = [q.id for q in lesson.quiz]
    wrong = {ids[0]: [0], ids[1]: [1], ids[2]: [1]}
    post_answers(client, lesson, wrong)
    assert "quiz-correct" not in client.get(lesson.url).content.decode()
    post_answers(client, lesson, wrong)
    post_answers(client, lesson, wrong)
    assert "quiz-correct" in client.get(lesson.url).content.decode()


def test_editors_can_open_every_training_page_type_in_the_wagtail_admin(client, course_tree):
    course, modules, lessons = course_tree
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for page in (course.get_parent(), course, modules[0], lessons[1]):
        assert client.get(f"/cms/pages/{page.pk}/edit/").status_code == 200
    assert client.get(f"/cms/pages/add/training/lessonpage/{modules[0].pk}/").status_code == 200
