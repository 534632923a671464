"""Starter courses (French tree, English translations) and a little learner progress."""

from django.utils import timezone

from core.wagtail_seed import add_child, add_translation, child_by_slug, site_home
from training.demo_content import COURSES, INDEX
from training.models import (
    CompletionSource,
    CoursePage,
    Enrollment,
    LessonCompletion,
    LessonPage,
    ModulePage,
    TrainingIndexPage,
)


def _body(items: list) -> list:
    blocks = []
    for kind, value in items:
        if kind == "key_points":
            blocks.append(("key_points", {"heading": "", "points": list(value)}))
        elif kind == "glossary_term":
            blocks.append(("glossary_term", {"term": value[0], "definition": value[1]}))
        elif kind == "try_it":
            blocks.append(("try_it", {"introduction": value[0], "prompt": value[1]}))
        else:
            blocks.append((kind, value))
    return blocks


def _quiz(questions: list[dict]) -> list:
    return [
        (
            "question",
            {
                "kind": question["kind"],
                "prompt": question["prompt"],
                "choices": [
                    {"text": text, "is_correct": correct, "feedback": feedback}
                    for text, correct, feedback in question["choices"]
                ],
                "explanation": question["explanation"],
            },
        )
        for question in questions
    ]


def _lesson_fields(text: dict) -> dict:
    return {
        "title": text["title"],
        "lead": text["lead"],
        "body": _body(text["body"]),
        "quiz": _quiz(text.get("quiz", [])),
    }


def _course_fields(text: dict) -> dict:
    return {
        key: text[key]
        for key in ("title", "lead", "objectives", "audience", "prerequisites", "certificate_rule")
    }


def _lesson(module, module_en, data: dict, threshold: int, *, plain: bool = False) -> tuple:
    lesson = child_by_slug(module, data["slug"])
    if lesson is None:
        lesson = add_child(
            module,
            LessonPage(
                slug=data["slug"],
                estimated_minutes=data["minutes"],
                is_plain_language=plain,
                quiz_pass_threshold=threshold,
                quiz_max_attempts=3,
                **_lesson_fields(data["fr"]),
            ),
        )
    lesson_en = add_translation(lesson, "en", **_lesson_fields(data["en"]))
    return lesson, lesson_en


def _link_falc(lesson: LessonPage, falc: LessonPage) -> None:
    if lesson.plain_language_version_id != falc.pk:
        lesson.plain_language_version = falc
        lesson.save_revision().publish()


def seed(*, stdout) -> None:
    home = site_home("fr")
    index = add_child(home, TrainingIndexPage(slug="training", **INDEX["fr"]))
    add_translation(index, "en", **INDEX["en"])
    for course_data in COURSES:
        threshold = course_data.get("pass_threshold", 70)
        course = add_child(
            index,
            CoursePage(
                slug=course_data["slug"],
                track=course_data["track"],
                level=course_data["level"],
                estimated_minutes=course_data["minutes"],
                **_course_fields(course_data["fr"]),
            ),
        )
        add_translation(course, "en", **_course_fields(course_data["en"]))
        for module_data in course_data["modules"]:
            module = add_child(course, ModulePage(slug=module_data["slug"], **module_data["fr"]))
            module_en = add_translation(module, "en", **module_data["en"])
            for lesson_data in module_data["lessons"]:
                lesson, lesson_en = _lesson(module, module_en, lesson_data, threshold)
                falc_data = lesson_data.get("falc")
                if falc_data:
                    falc, falc_en = _lesson(module, module_en, falc_data, threshold, plain=True)
                    _link_falc(lesson, falc)
                    _link_falc(LessonPage.objects.get(pk=lesson_en.pk), falc_en)
    _seed_progress()
    stdout.write("training: 2 courses (fr + en), 8 lessons with quizzes, 1 FALC lesson\n")


def _seed_progress() -> None:
    """Demo learners part-way through a course, so that dashboards show something."""
    from accounts.demo import demo_email
    from accounts.models import User

    plans = [("resident", "comprendre-l-ia", 2), ("agent", "l-ia-au-travail", 1)]
    for who, course_slug, lessons_done in plans:
        user = User.objects.filter(email=demo_email(who)).first()
        course = CoursePage.objects.filter(slug=course_slug, locale__language_code="fr").first()
        if user is None or course is None:
            continue
        if Enrollment.objects.filter(user=user, course_key=course.translation_key).exists():
            continue
        lessons = list(
            LessonPage.objects.live()
            .descendant_of(course)
            .filter(is_plain_language=False)
            .order_by("path")
        )
        now = timezone.now()
        Enrollment.objects.create(
            user=user,
            course_key=course.translation_key,
            last_lesson_key=lessons[lessons_done].translation_key,
            last_activity_at=now,
        )
        for lesson in lessons[:lessons_done]:
            module = lesson.get_parent()
            LessonCompletion.objects.create(
                user=user,
                lesson_key=lesson.translation_key,
                course_key=course.translation_key,
                module_key=module.translation_key,
                source=CompletionSource.QUIZ_PASSED,
                completed_at=now,
            )
