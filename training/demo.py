"""Starter courses (French tree, English translations) and a little learner progress.

The courses are content files under `training/demo_data/` (see `core/frontmatter.py`): an index,
then `NN-course/course.<lang>.md`, `NN-module/module.<lang>.md` and `NN-lesson.<lang>.md`.
"""

from datetime import timedelta
from pathlib import Path

from django.utils import timezone, translation

from core.frontmatter import ContentError, Document, entries_ordered, translations_load
from core.wagtail_seed import add_child, add_translation, child_by_slug, site_home
from training.models import (
    CompletionSource,
    CoursePage,
    Enrollment,
    LessonCompletion,
    LessonPage,
    ModulePage,
    QuizAttempt,
    TrainingIndexPage,
)
from training.open_badges import badge_key_ensure
from training.services import certificate_issue

CONTENT = Path(__file__).resolve().parent / "demo_data"

BODY_BLOCKS = {
    "heading": lambda value: ("heading", value["text"]),
    "html": lambda value: ("paragraph", value),
    "key_points": lambda points: ("key_points", {"heading": "", "points": points}),
    "glossary_term": lambda value: ("glossary_term", value),
    "try_it": lambda value: ("try_it", value),
}


def _lesson_fields(text: Document) -> dict:
    return {
        **text.fields("title", "lead"),
        "body": text.stream(BODY_BLOCKS),
        "quiz": [("question", question) for question in text.meta.get("quiz", [])],
    }


def _course_fields(text: Document) -> dict:
    keys = ("title", "lead", "audience", "prerequisites", "certificate_rule")
    return text.fields(*keys, html="objectives")


def _lesson(module, slug: str, texts: dict[str, Document], threshold: int) -> tuple:
    source = texts["fr"].meta
    lesson = child_by_slug(module, slug)
    if lesson is None:
        lesson = add_child(
            module,
            LessonPage(
                slug=slug,
                estimated_minutes=source["minutes"],
                is_plain_language="plain_language_of" in source,
                quiz_pass_threshold=threshold,
                quiz_max_attempts=3,
                **_lesson_fields(texts["fr"]),
            ),
        )
    lesson_en = add_translation(lesson, "en", **_lesson_fields(texts["en"]))
    return lesson, lesson_en


def _link_falc(lesson: LessonPage, falc: LessonPage) -> None:
    if lesson.plain_language_version_id != falc.pk:
        lesson.plain_language_version = falc
        lesson.save_revision().publish()


def _seed_module(course, threshold: int, slug: str, folder: Path) -> None:
    texts = translations_load(stem=folder / "module")
    module = add_child(course, ModulePage(slug=slug, **texts["fr"].fields("title", "lead")))
    add_translation(module, "en", **texts["en"].fields("title", "lead"))
    seeded = {}
    for entry in entries_ordered(directory=folder):
        lesson_texts = translations_load(stem=entry.stem)
        seeded[entry.slug] = _lesson(module, entry.slug, lesson_texts, threshold)
        plain_of = lesson_texts["fr"].meta.get("plain_language_of")
        if plain_of and plain_of not in seeded:
            raise ContentError(f"{entry.stem}: {plain_of!r} must come before its easy-read version")
        if plain_of:
            (lesson, lesson_en), (falc, falc_en) = seeded[plain_of], seeded[entry.slug]
            _link_falc(lesson, falc)
            _link_falc(LessonPage.objects.get(pk=lesson_en.pk), falc_en)


def seed(*, stdout) -> None:
    home = site_home("fr")
    texts = translations_load(stem=CONTENT / "index")
    fields = {lang: t.fields("title", "lead", html="introduction") for lang, t in texts.items()}
    index = add_child(home, TrainingIndexPage(slug="training", **fields["fr"]))
    add_translation(index, "en", **fields["en"])
    for course_entry in entries_ordered(directory=CONTENT):
        texts = translations_load(stem=course_entry.stem / "course")
        source = texts["fr"].meta
        course = add_child(
            index,
            CoursePage(
                slug=course_entry.slug,
                track=source["track"],
                level=source["level"],
                estimated_minutes=source["minutes"],
                **_course_fields(texts["fr"]),
            ),
        )
        add_translation(course, "en", **_course_fields(texts["en"]))
        for module_entry in entries_ordered(directory=course_entry.stem):
            _seed_module(course, source["pass_threshold"], module_entry.slug, module_entry.stem)
    _seed_progress()
    lessons = LessonPage.objects.descendant_of(index).filter(locale=index.locale)
    stdout.write(
        f"training: {CoursePage.objects.child_of(index).count()} courses (fr + en), "
        f"{lessons.filter(is_plain_language=False).count()} lessons with quizzes, "
        f"{lessons.filter(is_plain_language=True).count()} FALC lessons\n"
    )
    key = badge_key_ensure()
    certificate = _seed_certificate()
    if certificate is not None:
        stdout.write(
            f"training: Open Badges signing key {key.kid}; demo certificate {certificate.code} "
            "issued as an Open Badge\n"
        )
    _seed_workshop(stdout=stdout)


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


DEMO_WORKSHOP_PLACE = "Médiathèque Marguerite Duras, Paris 20e"
DEMO_WORKSHOP_LEARNERS = [
    ("Josiane Lefèvre", ""),
    ("Mamadou Diallo", "mamadou.diallo@example.org"),
    ("Hélène Nguyen", ""),
    ("Rachid Benali", ""),
]


def _seed_workshop(*, stdout) -> None:
    """The demo agent facilitates a workshop in a library: four learners, their certificates."""
    from django.contrib.auth.models import Group, Permission

    from accounts.demo import demo_email
    from accounts.models import User
    from training.models import WorkshopSession
    from training.services import workshop_attendance_complete, workshop_session_record

    agent = User.objects.filter(email=demo_email("agent")).first()
    course = CoursePage.objects.filter(slug="comprendre-l-ia", locale__language_code="fr").first()
    if agent is None or course is None:
        return
    if WorkshopSession.objects.filter(place=DEMO_WORKSHOP_PLACE).exists():
        return
    group, _created = Group.objects.get_or_create(name="facilitator")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="training", codename="record_workshop")
    )
    agent.groups.add(group)
    agent = User.objects.get(pk=agent.pk)  # a fresh permission cache
    session = workshop_session_record(
        facilitator=agent,
        course=course,
        held_on=timezone.localdate() - timedelta(days=6),
        place=DEMO_WORKSHOP_PLACE,
        attendees=DEMO_WORKSHOP_LEARNERS,
    )
    certificates = workshop_attendance_complete(by=agent, session=session)
    stdout.write(
        f"training: 1 workshop session ({DEMO_WORKSHOP_PLACE}), {len(certificates)} certificates "
        f"(e.g. /training/certificates/{certificates[0].code}/), facilitated by "
        f"{demo_email('agent')}\n"
    )


def _seed_certificate():
    """A demo resident who finished "Comprendre l'IA": their certificate is also an Open Badge."""
    from accounts.demo import demo_email
    from accounts.models import User

    user = User.objects.filter(email=demo_email("resident2")).first()
    course = CoursePage.objects.filter(slug="comprendre-l-ia", locale__language_code="fr").first()
    if user is None or course is None:
        return None
    lessons = list(
        LessonPage.objects.live()
        .descendant_of(course)
        .filter(is_plain_language=False)
        .order_by("path")
    )
    now = timezone.now()
    Enrollment.objects.get_or_create(
        user=user,
        course_key=course.translation_key,
        defaults={"last_activity_at": now, "completed_at": now},
    )
    for lesson in lessons:
        if (
            lesson.has_quiz
            and not QuizAttempt.objects.filter(
                user=user, lesson_key=lesson.translation_key, passed=True
            ).exists()
        ):
            QuizAttempt.objects.create(
                user=user,
                lesson_key=lesson.translation_key,
                course_key=course.translation_key,
                answers={},
                score=100,
                passed=True,
                created_at=now,
            )
        LessonCompletion.objects.get_or_create(
            user=user,
            lesson_key=lesson.translation_key,
            defaults={
                "course_key": course.translation_key,
                "module_key": lesson.get_parent().translation_key,
                "source": CompletionSource.QUIZ_PASSED,
                "completed_at": now,
            },
        )
    with translation.override("fr"):
        return certificate_issue(user=user, course=course, learner_name="Karim Haddad")
