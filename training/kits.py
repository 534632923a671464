"""Workshop kits: every course printed as a learner booklet and a facilitator guide.

Both are built from the course's own lessons (text, key points, quiz), so a new course gets
its kit without anyone writing one. The booklet carries the questions with room to answer and
never the answers; the guide carries the session plan (timed from the lessons' reading
times), the answers with each choice's feedback, discussion prompts and how to record the
attendance that earns the learners their certificate.

A kit is rendered once per course version and language and kept in the cache: the key holds
the latest publication date and the number of pages of the course's tree, so publishing a
lesson (or adding one) makes a new kit, and an unchanged course costs one query.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import Page

from core.pdf import render_pdf
from training.models import CoursePage, LessonPage, ModulePage

BOOKLET = "booklet"
FACILITATOR_GUIDE = "facilitator-guide"
KIT_KINDS = (BOOKLET, FACILITATOR_GUIDE)

# Bump when the kit templates change, so cached kits are rendered again.
KIT_TEMPLATE_VERSION = 1
KIT_CACHE_SECONDS = 60 * 60 * 24 * 7

# The session plan: fixed parts and what each lesson adds to its reading time.
WELCOME_MINUTES = 10
DISCUSSION_MINUTES = 5
MINUTES_PER_QUESTION = 2
BREAK_MINUTES = 10
BREAK_AFTER_MINUTES = 75  # a break once this long has passed since the start or the last break
CLOSING_MINUTES = 15


@dataclass
class PlanStep:
    start: int  # minutes from the start of the session
    minutes: int
    activity: str
    detail: str = ""

    @property
    def start_label(self) -> str:
        return f"{self.start // 60} h {self.start % 60:02d}"


@dataclass
class KitLesson:
    page: LessonPage
    module: ModulePage | None
    key_points: list[str] = field(default_factory=list)
    prompts: list[str] = field(default_factory=list)


def kit_lessons(*, course: CoursePage) -> list[KitLesson]:
    """The course's lessons in order, in full (body and quiz), with their module (2 queries)."""
    modules = {m.path: m for m in ModulePage.objects.live().child_of(course)}
    lessons = (
        LessonPage.objects.live()
        .descendant_of(course)
        .filter(is_plain_language=False)
        .order_by("path")
    )
    result = []
    for lesson in lessons:
        points = [
            str(point)
            for block in lesson.body
            if block.block_type == "key_points"
            for point in block.value["points"]
        ]
        result.append(
            KitLesson(
                page=lesson,
                module=modules.get(lesson.path[: -lesson.steplen]),
                key_points=points,
                prompts=discussion_prompts(lesson=lesson, key_points=points),
            )
        )
    return result


def discussion_prompts(*, lesson: LessonPage, key_points: list[str]) -> list[str]:
    """Questions that open a conversation about the lesson, drawn from its key points."""
    prompts = [
        _("Before reading “%(title)s”: what do you already know or think about it?")
        % {"title": lesson.title}
    ]
    for point in key_points[:2]:
        prompts.append(
            _("“%(point)s”: can you think of an example from your own life or work?")
            % {"point": point.rstrip(". ")}
        )
    prompts.append(_("What surprised you, or what would you like to try after this lesson?"))
    return prompts


def session_plan(*, lessons: list[KitLesson]) -> list[PlanStep]:
    """A timed plan: welcome, then each lesson (reading, discussion, quiz), breaks, closing."""
    steps: list[PlanStep] = []
    clock = 0
    since_break = 0

    def add(minutes: int, activity: str, detail: str = "") -> None:
        nonlocal clock, since_break
        steps.append(PlanStep(start=clock, minutes=minutes, activity=activity, detail=detail))
        clock += minutes
        since_break += minutes

    add(
        WELCOME_MINUTES,
        _("Welcome"),
        _("Introductions, what the session is for, hand out the booklets."),
    )
    for number, item in enumerate(lessons, start=1):
        if since_break >= BREAK_AFTER_MINUTES:
            add(BREAK_MINUTES, _("Break"))
            since_break = 0
        questions = len(item.page.quiz)
        quiz_minutes = questions * MINUTES_PER_QUESTION
        activity = _("Lesson %(number)s: %(title)s") % {"number": number, "title": item.page.title}
        detail = _("Reading and explanation (%(read)s min), discussion (%(talk)s min)") % {
            "read": item.page.estimated_minutes,
            "talk": DISCUSSION_MINUTES,
        }
        if questions:
            detail += ", " + _("quiz together (%(quiz)s min)") % {"quiz": quiz_minutes}
        add(item.page.estimated_minutes + DISCUSSION_MINUTES + quiz_minutes, activity, detail)
    add(
        CLOSING_MINUTES,
        _("Closing"),
        _("Questions, attendance sheet signed, certificates explained."),
    )
    return steps


def kit_stamp(*, course: CoursePage) -> str:
    """What changes when the course's content changes (one query)."""
    tree = Page.objects.live().descendant_of(course, inclusive=True)
    row = tree.aggregate(latest=Max("last_published_at"), pages=Count("id"))
    latest = row["latest"].isoformat() if row["latest"] else "never"
    return f"{latest}:{row['pages']}"


def kit_context(*, course: CoursePage, kind: str) -> dict:
    lessons = kit_lessons(course=course)
    plan = session_plan(lessons=lessons)
    return {
        "course": course,
        "kind": kind,
        "lessons": lessons,
        "plan": plan,
        "total_minutes": sum(step.minutes for step in plan),
        "question_count": sum(len(item.page.quiz) for item in lessons),
        "online_url": settings.SITE_URL + course.url,
        "workshop_url": settings.SITE_URL + reverse("training:workshop_create"),
        "verify_url": settings.SITE_URL + reverse("training:certificate_lookup"),
        "attendance_rows": range(12),
        "answer_lines": range(3),
    }


def kit_pdf(*, course: CoursePage, kind: str) -> bytes:
    """The kit's PDF in the course's own language, from the cache when the course is unchanged."""
    if kind not in KIT_KINDS:
        raise ValueError(kind)
    key = f"training:kit:v{KIT_TEMPLATE_VERSION}:{kind}:{course.pk}:{kit_stamp(course=course)}"
    pdf = cache.get(key)
    if pdf is not None:
        return pdf
    language = course.locale.language_code
    template = "training/pdf/booklet.html" if kind == BOOKLET else "training/pdf/guide.html"
    with translation.override(language):
        # URLs in the kit point at the course's language (/en/… for an English course).
        pdf = render_pdf(template=template, context=kit_context(course=course, kind=kind))
    cache.set(key, pdf, KIT_CACHE_SECONDS)
    return pdf
