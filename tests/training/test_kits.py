"""Workshop kits: the learner booklet and the facilitator guide, built from the course."""

import io

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from accounts.roles import Role
from core.wagtail_seed import add_translation
from tests.factories import UserFactory
from tests.training.factories import facilitator, kit_course, training_manager
from training import kits
from training.models import LessonPage

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def kit_url(course, kind):
    return reverse("training:course_kit", args=[course.pk, kind])


@pytest.fixture
def course(db):
    from django.core.cache import cache

    cache.clear()  # kits are cached per course version: start each test from nothing
    return kit_course()


def test_booklet_has_every_lesson_key_point_and_question_but_no_answer(client, course):
    course, lessons = course
    response = client.get(kit_url(course, "booklet"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Objectivetext" in text
    for tag in ("kitcoursea", "kitcourseb", "kitcoursec"):
        assert f"Bodytext{tag}" in text
        assert f"Keypoint{tag}" in text
    for tag in ("kitcourseb", "kitcoursec"):
        assert f"Question{tag}" in text
        assert f"Rightchoice{tag}" in text and f"Wrongchoice{tag}" in text  # the options
        assert f"Rightfeedback{tag}" not in text  # never the answers
        assert f"Wrongfeedback{tag}" not in text
        assert f"Explanation{tag}" not in text
    assert "Livret de l'apprenant" in text  # the course is French: so is its kit
    assert "Mes notes" in text  # room to answer


def test_facilitator_guide_has_answers_feedback_prompts_plan_and_attendance(client, course):
    course, lessons = course
    client.force_login(facilitator())
    response = client.get(kit_url(course, "facilitator-guide"))
    assert response.status_code == 200
    text = pdf_text(response.content)
    for tag in ("kitcourseb", "kitcoursec"):
        assert f"Question{tag}" in text
        assert f"Rightfeedback{tag}" in text and f"Wrongfeedback{tag}" in text
        assert f"Explanation{tag}" in text
    # Discussion prompts come from the lesson's key points.
    assert "Keypointkitcoursea to remember" in text
    assert "Guide de l'animateur" in text
    # The plan: welcome 10, lessons 15 + 17 + 27 (reading + discussion + 2 min a question),
    # closing 15 → starts at 0 h 00, 0 h 10, 0 h 25, 0 h 42, 1 h 09; about 84 minutes.
    for start in ("0 h 00", "0 h 10", "0 h 25", "0 h 42", "1 h 09"):
        assert start in text
    assert "84 minutes" in text
    assert reverse("training:workshop_create") in text  # how to record attendance
    assert "Feuille de présence" in text


def test_session_plan_adds_a_break_in_a_long_session():
    class Page:
        def __init__(self, minutes, questions):
            self.estimated_minutes, self.quiz, self.title = minutes, [None] * questions, "L"

    lessons = [kits.KitLesson(page=Page(40, 5), module=None) for _ in range(3)]
    with translation.override("en"):
        plan = kits.session_plan(lessons=lessons)
    activities = [step.activity for step in plan]
    # welcome 10 + 55 = 65 < 75: no break; + 55 = 120 ≥ 75: a break before the third lesson
    assert activities.count("Break") == 1
    assert activities.index("Break") == 3
    assert plan[-1].start == 10 + 55 * 3 + kits.BREAK_MINUTES
    assert [step.start for step in plan] == sorted(step.start for step in plan)


def test_english_course_kit_is_in_english_with_the_english_lessons(client, course):
    course, lessons = course
    course_en = add_translation(course, "en", title="English course")
    for lesson in lessons:
        add_translation(
            lesson,
            "en",
            title=f"English {lesson.title}",
            body=[("paragraph", "<p>Englishtext</p>")],
        )
    assert course_en.url.startswith("/en/")
    page = client.get(course_en.url).content.decode()
    booklet_url = kit_url(course_en, "booklet")
    assert booklet_url.startswith("/en/") and booklet_url in page
    text = pdf_text(client.get(booklet_url).content)
    assert "Learner booklet" in text and "Livret" not in text
    assert "Englishtext" in text and "Bodytextkitcoursea" not in text
    # The French course page links to the French kit.
    with translation.override("fr"):
        french_booklet = kit_url(course, "booklet")
    assert french_booklet in client.get(course.url).content.decode()


def test_course_page_links_the_guide_only_for_facilitators(client, course):
    course, _lessons = course
    guide = kit_url(course, "facilitator-guide")
    html = client.get(course.url).content.decode()
    assert kit_url(course, "booklet") in html and guide not in html
    client.force_login(UserFactory(roles=[Role.AGENT]))
    assert guide not in client.get(course.url).content.decode()
    client.force_login(facilitator())
    html = client.get(course.url).content.decode()
    assert guide in html and f"{reverse('training:workshop_create')}?course={course.pk}" in html


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("resident", 403),
        ("agent", 403),
        ("facilitator", 200),
        ("training_manager", 200),
    ],
)
def test_facilitator_guide_permission_matrix(client, course, who, status):
    course, _lessons = course
    users = {
        "resident": lambda: UserFactory(roles=[Role.RESIDENT]),
        "agent": lambda: UserFactory(roles=[Role.AGENT]),
        "facilitator": facilitator,
        "training_manager": training_manager,
    }
    if who in users:
        client.force_login(users[who]())
    response = client.get(kit_url(course, "facilitator-guide"))
    assert response.status_code == status
    if status == 302:
        assert response.url.startswith(reverse("account_login"))
    # The booklet is for everyone.
    assert client.get(kit_url(course, "booklet")).status_code == 200


def test_unknown_or_unpublished_course_and_unknown_kind_are_404(client, course):
    course, _lessons = course
    assert client.get(reverse("training:course_kit", args=[999999, "booklet"])).status_code == 404
    assert client.get(kit_url(course, "answers")).status_code == 404
    lesson = LessonPage.objects.first()
    assert (
        client.get(reverse("training:course_kit", args=[lesson.pk, "booklet"])).status_code == 404
    )
    course.unpublish()
    assert client.get(kit_url(course, "booklet")).status_code == 404


def test_kit_is_cached_until_the_course_changes(course, django_assert_max_num_queries):
    course, lessons = course
    first = kits.kit_pdf(course=course, kind=kits.BOOKLET)
    with django_assert_max_num_queries(1):  # the version stamp only: no lesson is read
        assert kits.kit_pdf(course=course, kind=kits.BOOKLET) == first
    lesson = LessonPage.objects.get(pk=lessons[0].pk)
    lesson.body = [("paragraph", "<p>Rewrittentext of the lesson.</p>")]
    lesson.save_revision().publish()
    text = pdf_text(kits.kit_pdf(course=course, kind=kits.BOOKLET))
    assert "Rewrittentext" in text and "Bodytextkitcoursea" not in text
