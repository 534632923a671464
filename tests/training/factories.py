"""Course trees for tests: a home page, the training index, one course, two modules."""

from django.contrib.auth.models import Group
from wagtail.models import Locale, Page, Site

from accounts.roles import Role
from portal.models import HomePage
from tests.factories import UserFactory
from training.models import CoursePage, LessonPage, ModulePage, TrainingIndexPage


def home_page() -> HomePage:
    home = HomePage.objects.filter(locale__language_code="fr").first()
    if home is not None:
        return home
    fr = Locale.objects.get_or_create(language_code="fr")[0]
    root = Page.get_first_root_node()
    home = HomePage(title="IA Commune", slug="accueil", locale=fr)
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "IAC"},
    )
    return home


def question(kind, prompt, choices, explanation="Because."):
    return (
        "question",
        {
            "kind": kind,
            "prompt": prompt,
            "choices": [
                {"text": text, "is_correct": correct, "feedback": f"Feedback for {text}"}
                for text, correct in choices
            ],
            "explanation": explanation,
        },
    )


SINGLE = question("single", "Pick B", [("A", False), ("B", True), ("C", False)])
MULTIPLE = question(
    "multiple", "Pick A and C", [("A", True), ("B", False), ("C", True), ("D", False)]
)
TRUE_FALSE = question("true_false", "Is it true?", [("True", True), ("False", False)])


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def make_lesson(module, slug, *, quiz=None, required=True, plain=False, attempts=3, threshold=70):
    return publish(
        module,
        LessonPage(
            title=slug.replace("-", " ").title(),
            slug=slug,
            body=[("paragraph", f"<p>Text of {slug}.</p>"), ("heading", "Part")],
            quiz=quiz or [],
            required=required,
            is_plain_language=plain,
            quiz_max_attempts=attempts,
            quiz_pass_threshold=threshold,
            estimated_minutes=10,
        ),
    )


def make_course(*, slug="course", track="residents", lessons_per_module=(2, 1), index=None):
    """A course with modules; in each module the first lesson has no quiz, others have one."""
    if index is None:
        index = TrainingIndexPage.objects.first() or publish(
            home_page(), TrainingIndexPage(title="Training", slug="training")
        )
    course = publish(
        index,
        CoursePage(
            title=f"Course {slug}",
            slug=slug,
            track=track,
            level="beginner",
            estimated_minutes=45,
            objectives="<p>Learn.</p>",
            audience="Everyone",
        ),
    )
    modules, lessons = [], []
    for m, count in enumerate(lessons_per_module):
        module = publish(course, ModulePage(title=f"Module {m + 1}", slug=f"{slug}-m{m + 1}"))
        modules.append(module)
        for n in range(count):
            quiz = [SINGLE, MULTIPLE, TRUE_FALSE] if n > 0 or m > 0 else []
            lessons.append(make_lesson(module, f"{slug}-m{m + 1}-l{n + 1}", quiz=quiz))
    return course, modules, lessons


def quiz_ids(lesson) -> list[str]:
    return [q.id for q in lesson.quiz]


def perfect_answers(lesson) -> dict[str, list[int]]:
    answers = {}
    for q in lesson.quiz:
        answers[q.id] = [i for i, c in enumerate(q.value["choices"]) if c["is_correct"]]
    return answers


def wrong_answers(lesson) -> dict[str, list[int]]:
    answers = {}
    for q in lesson.quiz:
        answers[q.id] = [next(i for i, c in enumerate(q.value["choices"]) if not c["is_correct"])]
    return answers


def training_manager(**kwargs):
    user = UserFactory(roles=[Role.AGENT], **kwargs)
    user.groups.add(Group.objects.get(name="training_manager"))
    return user


def facilitator(**kwargs):
    """A city agent in the `facilitator` group (created, with its permission, by migration)."""
    user = UserFactory(roles=[Role.AGENT], **kwargs)
    user.groups.add(Group.objects.get(name="facilitator"))
    return user


def kit_lesson(module, slug, *, minutes=10, quiz=True):
    """A lesson whose every text is unique, so a PDF's extracted text tells where it comes from."""
    tag = slug.replace("-", "")
    questions = []
    if quiz:
        questions = [
            (
                "question",
                {
                    "kind": "single",
                    "prompt": f"Question{tag} which one",
                    "choices": [
                        {
                            "text": f"Wrongchoice{tag}",
                            "is_correct": False,
                            "feedback": f"Wrongfeedback{tag}",
                        },
                        {
                            "text": f"Rightchoice{tag}",
                            "is_correct": True,
                            "feedback": f"Rightfeedback{tag}",
                        },
                    ],
                    "explanation": f"Explanation{tag}",
                },
            )
        ]
    return publish(
        module,
        LessonPage(
            title=f"Lesson {slug}",
            slug=slug,
            body=[
                ("paragraph", f"<p>Bodytext{tag} of the lesson.</p>"),
                ("key_points", {"heading": "", "points": [f"Keypoint{tag} to remember"]}),
            ],
            quiz=questions,
            estimated_minutes=minutes,
        ),
    )


def kit_course(*, slug="kitcourse", index=None):
    """A course of two modules: lesson 1 without quiz, lessons 2 and 3 with one question each."""
    if index is None:
        index = TrainingIndexPage.objects.first() or publish(
            home_page(), TrainingIndexPage(title="Training", slug="training")
        )
    course = publish(
        index,
        CoursePage(
            title=f"Course {slug}",
            slug=slug,
            track="residents",
            level="beginner",
            estimated_minutes=45,
            objectives="<p>Objectivetext of the course.</p>",
            audience="Everyone",
        ),
    )
    m1 = publish(course, ModulePage(title="Module one", slug=f"{slug}-m1"))
    m2 = publish(course, ModulePage(title="Module two", slug=f"{slug}-m2"))
    lessons = [
        kit_lesson(m1, f"{slug}-a", quiz=False),
        kit_lesson(m1, f"{slug}-b"),
        kit_lesson(m2, f"{slug}-c", minutes=20),
    ]
    return course, lessons
