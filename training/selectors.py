"""Reads: catalogue, course outlines, learner progress, statistics, indicators.

A learner is either an account (rows in the database) or an anonymous visitor (a small
document in the session, merged into the account at sign-up or login). `Learner` hides
the difference from the views and templates.
"""

from dataclasses import dataclass, field
from urllib.parse import quote, urlencode
from uuid import UUID

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page

from training.models import (
    DURATION_BUCKETS,
    Certificate,
    CoursePage,
    Enrollment,
    LessonCompletion,
    LessonPage,
    Level,
    ModulePage,
    OpenBadge,
    QuizAttempt,
    Track,
    WorkshopSession,
)

SESSION_KEY = "training"
CATALOGUE_PAGE_SIZE = 12
DASHBOARD_PAGE_SIZE = 20


def empty_session_progress() -> dict:
    return {"enrolled": {}, "completed": {}, "attempts": {}}


@dataclass
class Learner:
    """The person reading: an account or an anonymous session."""

    user: object | None
    session: object

    @classmethod
    def from_request(cls, request) -> "Learner":
        user = request.user if request.user.is_authenticated else None
        return cls(user=user, session=request.session)

    @property
    def is_anonymous(self) -> bool:
        return self.user is None

    def session_data(self) -> dict:
        data = self.session.get(SESSION_KEY) or empty_session_progress()
        for key, value in empty_session_progress().items():
            data.setdefault(key, value)
        return data

    def completed_keys(self, course_key) -> set[str]:
        if self.user is not None:
            return {
                str(k)
                for k in LessonCompletion.objects.filter(
                    user=self.user, course_key=course_key
                ).values_list("lesson_key", flat=True)
            }
        return {
            k
            for k, v in self.session_data()["completed"].items()
            if v.get("course") == str(course_key)
        }

    def attempts(self, lesson_key) -> list[dict]:
        if self.user is not None:
            return [
                {"score": float(a.score), "passed": a.passed, "at": a.created_at.isoformat()}
                for a in QuizAttempt.objects.filter(user=self.user, lesson_key=lesson_key)
            ]
        return list(self.session_data()["attempts"].get(str(lesson_key), []))

    def enrollment(self, course_key) -> dict | None:
        if self.user is not None:
            row = (
                Enrollment.objects.filter(user=self.user, course_key=course_key)
                .values("last_lesson_key", "completed_at", "enrolled_at")
                .first()
            )
            if row is None:
                return None
            last = row["last_lesson_key"]
            return {"last": str(last) if last else None, "completed_at": row["completed_at"]}
        entry = self.session_data()["enrolled"].get(str(course_key))
        if entry is None:
            return None
        return {"last": entry.get("last"), "completed_at": None}


@dataclass(slots=True)
class LessonRef:
    """A lesson as outlines, dashboards and previous / next links show it: a row, not a page."""

    pk: int
    key: str  # translation key, shared with the lesson's translations
    title: str
    url: str | None
    module_key: str = ""
    estimated_minutes: int = 0
    required: bool = True
    done: bool = False


@dataclass(slots=True)
class OutlineModule:
    """A module of a course outline with its lessons and the learner's progress in it."""

    pk: int
    key: str
    title: str
    url: str | None
    lessons: list[LessonRef] = field(default_factory=list)
    done: int = 0
    total: int = 0
    percent: int = 0
    minutes: int = 0


@dataclass(slots=True)
class CourseRef:
    pk: int
    key: str
    title: str
    url: str | None


@dataclass(slots=True)
class DashboardRow:
    """One course of "My courses"."""

    course: CourseRef
    done: int
    total: int
    percent: int
    resume: LessonRef | None
    certificate_code: str | None = None


def percent(done: int, total: int) -> int:
    return round(100 * done / total) if total else 0


def page_url_below(*, base_url: str | None, base_url_path: str, url_path: str) -> str | None:
    """The URL Wagtail serves a page at, from the URL of one of its ancestors (or its own).

    Wagtail's URL of a page is the URL of its site root in the page's language (`/` for the
    French tree, `/en/` for the English one, through i18n_patterns) followed by the page's
    url_path below that root, quoted as `reverse()` quotes it. Below a page whose URL Wagtail
    gave, a descendant's URL is therefore that URL followed by the rest of its url_path: the
    outlines and the dashboard compute lesson URLs this way instead of building a Wagtail page
    per lesson. `tests/training/test_selectors.py` holds the result to Wagtail's own URLs in
    French and English.
    """
    if base_url is None:  # not routable (no site): Wagtail gives no URL to its descendants either
        return None
    tail = quote(url_path[len(base_url_path) :], safe=URL_SAFE)
    url = f"{base_url.rstrip('/')}/{tail}"
    if not getattr(settings, "WAGTAIL_APPEND_SLASH", True) and url != "/":
        url = url.rstrip("/")
    return url


# What reverse() leaves unquoted in a path (django.urls.resolvers), so that a unicode slug is
# quoted here exactly as in Wagtail's own URL.
URL_SAFE = RFC3986_SUBDELIMS + "/~:@"


# The outline and the dashboard are read with a few hand-written statements rather than the ORM:
# at 50 courses × 20 lessons, building and compiling an ORM query (joins, EXISTS) cost several
# times what the database takes to answer it, so the selectors could not come within 3× of the
# SQL they need (docs/training.md, "Benchmark"). Names come from the models' metadata; every
# value is a parameter; the SQL is the same on SQLite and PostgreSQL. The query-count tests in
# tests/training/test_selectors.py and test_views.py and the URL test hold them to the pages.
_PAGE = Page._meta.db_table
_MODULE = ModulePage._meta.db_table
_LESSON = LessonPage._meta.db_table
_COURSE = CoursePage._meta.db_table
_LOCALE = Locale._meta.db_table
_COMPLETION = LessonCompletion._meta.db_table
_ENROLLMENT = Enrollment._meta.db_table
_CERTIFICATE = Certificate._meta.db_table

# Live modules of a course and their standard lessons, in tree order, with the learner's
# completions (none when the user id is NULL: an anonymous visitor's are in the session).
_OUTLINE_SQL = f"""
SELECT p.id, p.title, p.url_path, p.path, p.translation_key, l.estimated_minutes, l.required,
  EXISTS (SELECT 1 FROM {_COMPLETION} c WHERE c.user_id = %s AND c.course_key = %s
          AND c.lesson_key = p.translation_key) AS done
FROM {_PAGE} p
LEFT JOIN {_MODULE} m ON m.page_ptr_id = p.id
LEFT JOIN {_LESSON} l ON l.page_ptr_id = p.id
WHERE p.path LIKE %s AND p.live
  AND ((p.depth = %s AND m.page_ptr_id IS NOT NULL) OR (p.depth = %s AND NOT l.is_plain_language))
ORDER BY p.path
"""  # noqa: S608 (names from the models' metadata, values as parameters)

# The learner's enrolment (last lesson) and valid certificate for a course.
_COURSE_STATE_SQL = f"""
SELECT
  (SELECT COUNT(*) FROM {_ENROLLMENT} e WHERE e.user_id = %s AND e.course_key = %s),
  (SELECT e.last_lesson_key FROM {_ENROLLMENT} e WHERE e.user_id = %s AND e.course_key = %s),
  (SELECT cert.code FROM {_CERTIFICATE} cert WHERE cert.user_id = %s AND cert.course_key = %s
     AND cert.revoked_at IS NULL)
"""  # noqa: S608

# The learner's enrolments, most recent activity first, with their valid certificates.
_ENROLMENTS_SQL = f"""
SELECT e.course_key, e.last_lesson_key,
  (SELECT cert.code FROM {_CERTIFICATE} cert WHERE cert.user_id = e.user_id
     AND cert.course_key = e.course_key AND cert.revoked_at IS NULL) AS certificate
FROM {_ENROLLMENT} e WHERE e.user_id = %s
ORDER BY e.last_activity_at DESC, e.id
"""  # noqa: S608

# Courses (by translation key, in one language) and their standard lessons, in tree order:
# each course row comes before its lessons. `done`: the learner's completions (none for NULL).
_DASHBOARD_SQL = f"""
SELECT p.id, p.translation_key, p.title, p.url_path, p.id = course.id AS is_course,
  EXISTS (SELECT 1 FROM {_COMPLETION} c WHERE c.user_id = %s
          AND c.lesson_key = p.translation_key) AS done
FROM {_PAGE} course
JOIN {_COURSE} cp ON cp.page_ptr_id = course.id
JOIN {_LOCALE} loc ON loc.id = course.locale_id
JOIN {_PAGE} p ON p.path LIKE course.path || '%%' AND p.live
LEFT JOIN {_LESSON} l ON l.page_ptr_id = p.id
WHERE course.live AND loc.language_code = %s AND course.translation_key IN ({{keys}})
  AND (p.id = course.id OR (p.depth = course.depth + 2 AND NOT l.is_plain_language))
ORDER BY p.path
"""  # noqa: S608


def _fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _key_param(key) -> object:
    """A translation key as the database stores it (hex text on SQLite, uuid on PostgreSQL)."""
    return _UUID_FIELD.get_db_prep_value(key, connection)


def _key(value) -> str:
    """A translation key read back, as the rest of the app writes it (`str(uuid)`)."""
    return str(value if isinstance(value, UUID) else UUID(value))


_UUID_FIELD = Enrollment._meta.get_field("course_key")


def _outline(
    *, course: CoursePage, request=None, user=None
) -> tuple[list[OutlineModule], list[LessonRef]]:
    """Live modules and their standard lessons in tree order, in one statement of plain rows.

    No Wagtail page is built: lesson and module URLs are derived from the course's. With a
    `user`, each lesson's `done` comes from the same statement (an EXISTS on completions).
    """
    depth = course.depth
    rows = _fetch(
        _OUTLINE_SQL,
        [
            user.pk if user is not None else None,
            _key_param(course.translation_key),
            course.path + "%",
            depth + 1,
            depth + 2,
        ],
    )
    base_url, base_url_path = course.get_url(request), course.url_path
    modules: list[OutlineModule] = []
    lessons: list[LessonRef] = []
    module, module_path = None, None
    steplen = Page.steplen
    module_length = len(course.path) + steplen
    for pk, title, url_path, path, key, minutes, required, done in rows:
        url = page_url_below(base_url=base_url, base_url_path=base_url_path, url_path=url_path)
        if len(path) == module_length:
            module = OutlineModule(pk=pk, key=_key(key), title=title, url=url)
            module_path = path
            modules.append(module)
        elif module is not None and path[:-steplen] == module_path:
            ref = LessonRef(
                pk=pk,
                key=_key(key),
                title=title,
                url=url,
                module_key=module.key,
                estimated_minutes=minutes,
                required=bool(required),
                done=bool(done),
            )
            module.lessons.append(ref)
            lessons.append(ref)
    return modules, lessons


def course_lessons(
    *, course: CoursePage, request=None
) -> tuple[list[OutlineModule], list[LessonRef]]:
    """Modules and the lessons of a course, in tree order (one query)."""
    return _outline(course=course, request=request)


def _learner_outline(*, course: CoursePage, learner: Learner, request):
    """The outline with the learner's completions (from the database or the session)."""
    modules, lessons = _outline(course=course, request=request, user=learner.user)
    if learner.user is None:
        done_keys = learner.completed_keys(course.translation_key)
        for ref in lessons:
            ref.done = ref.key in done_keys
    return modules, lessons


def course_outline(*, course: CoursePage, request) -> dict:
    """Everything the course and module pages show: modules, progress, resume, certificate.

    Plain rows, no Wagtail page instance, two statements: the outline with the learner's
    completions, then their enrolment and certificate.
    """
    learner = Learner.from_request(request)
    modules, lessons = _learner_outline(course=course, learner=learner, request=request)
    for module in modules:
        refs = module.lessons
        module.total = len(refs)
        module.done = sum(1 for r in refs if r.done)
        module.percent = percent(module.done, module.total)
        module.minutes = sum(r.estimated_minutes for r in refs)
    done = sum(1 for r in lessons if r.done)
    certificate = None
    if learner.user is not None:
        key = _key_param(course.translation_key)
        [(enrolled, last, certificate)] = _fetch(_COURSE_STATE_SQL, [learner.user.pk, key] * 3)
        enrollment = {"last": _key(last) if last else None} if enrolled else None
        if not course.certificate_enabled:
            certificate = None
    else:
        enrollment = learner.enrollment(course.translation_key)
    required = [r for r in lessons if r.required]
    eligible = bool(required) and all(r.done for r in required)
    return {
        "modules": modules,
        "lessons": lessons,
        "done": done,
        "total": len(lessons),
        "percent": percent(done, len(lessons)),
        "enrolled": enrollment is not None,
        "resume": resume_lesson(lessons=lessons, enrollment=enrollment),
        "eligible": eligible and course.certificate_enabled,
        "missing": [r for r in required if not r.done],
        "certificate_code": certificate,
        "learner": learner,
    }


def resume_lesson(*, lessons: list[LessonRef], enrollment: dict | None) -> LessonRef | None:
    """Where to pick up: the last lesson visited if unfinished, else the next unfinished one."""
    if not lessons:
        return None
    last = enrollment.get("last") if enrollment else None
    start = 0
    for index, ref in enumerate(lessons):
        if ref.key == last:
            if not ref.done:
                return ref
            start = index + 1
            break
    for ref in lessons[start:] + lessons[:start]:
        if not ref.done:
            return ref
    return None


def lesson_ancestors(lesson: LessonPage) -> dict:
    """The module, course and index above a lesson (cached on the instance for the request)."""
    cached = getattr(lesson, "_training_ancestors", None)
    if cached is None:
        cached = {
            type(p): p
            for p in lesson.get_ancestors().filter(depth__gte=lesson.depth - 3).specific()
        }
        lesson._training_ancestors = cached
    return cached


def lesson_course(lesson: LessonPage) -> tuple[CoursePage | None, ModulePage | None]:
    ancestors = lesson_ancestors(lesson)
    return ancestors.get(CoursePage), ancestors.get(ModulePage)


def lesson_context(*, lesson: LessonPage, request) -> dict:
    from training.models import TrainingIndexPage
    from training.quiz import quiz_view_state

    learner = Learner.from_request(request)
    ancestors = lesson_ancestors(lesson)
    course, module = ancestors.get(CoursePage), ancestors.get(ModulePage)
    index = ancestors.get(TrainingIndexPage)
    context: dict = {"course": course, "module": module, "learner": learner}
    context["crumbs"] = [(p.title, p.url) for p in (index, course, module) if p is not None] + [
        (lesson.title, "")
    ]
    standard = None
    if lesson.is_plain_language:
        standard = (
            LessonPage.objects.live()
            .filter(plain_language_version=lesson)
            .defer_streamfields()
            .first()
        )
    context["standard_version"] = standard
    falc = None
    if lesson.plain_language_version_id:
        falc = (
            LessonPage.objects.live()
            .filter(pk=lesson.plain_language_version_id)
            .defer_streamfields()
            .first()
        )
    context["falc_version"] = falc
    reference = standard or lesson
    if course is None:
        return context
    _modules, lessons = _learner_outline(course=course, learner=learner, request=request)
    position = next((i for i, r in enumerate(lessons) if r.pk == reference.pk), None)
    context["lessons"] = lessons
    context["previous_lesson"] = lessons[position - 1] if position else None
    context["next_lesson"] = (
        lessons[position + 1] if position is not None and position + 1 < len(lessons) else None
    )
    context["position"] = (position or 0) + 1
    if position is not None:
        context["lesson_done"] = lessons[position].done
    else:  # a lesson outside the outline (its module is not live)
        done_keys = learner.completed_keys(course.translation_key)
        context["lesson_done"] = str(reference.translation_key) in done_keys
    done = sum(1 for r in lessons if r.done)
    context["course_progress"] = {
        "done": done,
        "total": len(lessons),
        "percent": percent(done, len(lessons)),
    }
    if lesson.has_quiz:
        context["quiz_state"] = quiz_view_state(
            lesson=lesson,
            attempts=learner.attempts(reference.translation_key),
            result=request.session.get(f"training_result_{lesson.translation_key}"),
        )
    return context


def catalogue(*, index, params) -> dict:
    """Courses of the index page, grouped by track, filtered by GET parameters."""
    courses = CoursePage.objects.live().child_of(index).order_by("path")
    track = params.get("track", "")
    level = params.get("level", "")
    duration = params.get("duration", "")
    if track in Track.values:
        courses = courses.filter(track=track)
    if level in Level.values:
        courses = courses.filter(level=level)
    bucket = next((b for b in DURATION_BUCKETS if b[0] == duration), None)
    if bucket is not None:
        courses = courses.filter(estimated_minutes__gte=bucket[2], estimated_minutes__lte=bucket[3])
    paginator = Paginator(courses.order_by("track", "path"), CATALOGUE_PAGE_SIZE)
    page_obj = paginator.get_page(params.get("page"))
    courses = list(page_obj.object_list)
    groups = []
    for value, label in Track.choices:
        items = [c for c in courses if c.track == value]
        if items:
            groups.append({"track": value, "label": label, "courses": items})
    query = {"track": track, "level": level, "duration": duration}
    return {
        "track_groups": groups,
        "course_count": paginator.count,
        "page_obj": page_obj,
        "query_string": urlencode({k: v for k, v in query.items() if v}),
        "filters": {"track": track, "level": level, "duration": duration},
        "track_choices": Track.choices,
        "level_choices": Level.choices,
        "duration_choices": [(b[0], b[1]) for b in DURATION_BUCKETS],
    }


def dashboard(*, request) -> dict:
    """The learner's courses (a page of them) with progress, resume link and certificate.

    Plain rows, no Wagtail page instance, and two statements whatever the number of
    enrolments, courses and lessons: the learner's enrolments with their certificates, then the
    courses of the page shown with their lessons and the learner's completions.
    """
    learner = Learner.from_request(request)
    if learner.user is not None:
        last, certificates = {}, {}
        for course_key, last_lesson_key, code in _fetch(_ENROLMENTS_SQL, [learner.user.pk]):
            key = _key(course_key)
            last[key] = _key(last_lesson_key) if last_lesson_key else None
            certificates[key] = code
        completed = None  # read with the lessons
    else:
        data = learner.session_data()
        last = {k: v.get("last") for k, v in data["enrolled"].items()}
        completed = {(v.get("course"), k) for k, v in data["completed"].items()}
        certificates = {}
    page_obj = Paginator(list(last), DASHBOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    result = {"rows": [], "page_obj": page_obj}
    keys = list(page_obj.object_list)
    if not keys:
        return result
    sql = _DASHBOARD_SQL.format(keys=", ".join(["%s"] * len(keys)))
    user_id = learner.user.pk if learner.user is not None else None
    params = [user_id, _active_language(), *(_key_param(k) for k in keys)]
    rows, row, parents = [], None, {}
    for pk, page_key, title, url_path, is_course, done in _fetch(sql, params):
        if is_course:
            url = _course_url(url_path=url_path, parents=parents, request=request)
            row = (CourseRef(pk=pk, key=_key(page_key), title=title, url=url), url_path, [])
            rows.append(row)
        elif row is not None:
            course, course_url_path, refs = row
            key = _key(page_key)
            if completed is not None:
                done = (course.key, key) in completed
            url = page_url_below(
                base_url=course.url, base_url_path=course_url_path, url_path=url_path
            )
            refs.append(LessonRef(pk=pk, key=key, title=title, url=url, done=bool(done)))
    order = {key: n for n, key in enumerate(last)}
    result["rows"] = sorted(
        (
            DashboardRow(
                course=course,
                done=(done := sum(1 for r in refs if r.done)),
                total=len(refs),
                percent=percent(done, len(refs)),
                resume=resume_lesson(lessons=refs, enrollment={"last": last.get(course.key)}),
                certificate_code=certificates.get(course.key),
            )
            for course, _url_path, refs in rows
        ),
        key=lambda r: order[r.course.key],
    )
    return result


def _active_language() -> str:
    """The language of the pages shown: the active one, or the default if it has no pages."""
    language = get_supported_content_language_variant(get_language())
    if (
        language != settings.LANGUAGE_CODE
        and not Locale.objects.filter(language_code=language).exists()
    ):
        return get_supported_content_language_variant(settings.LANGUAGE_CODE)
    return language


def _course_url(*, url_path: str, parents: dict, request) -> str | None:
    """Wagtail's URL of a course read as a row, derived from its parent's.

    A page's URL depends only on its url_path (and on the site and language of the request):
    Wagtail's own `get_url`, on a stand-in carrying the parent's url_path, gives the parent's
    URL without loading it, once per parent (`parents` keeps them for the request).
    """
    parent_url_path = url_path[: url_path.rstrip("/").rfind("/") + 1]
    if parent_url_path not in parents:
        parents[parent_url_path] = Page(url_path=parent_url_path).get_url(request)
    return page_url_below(
        base_url=parents[parent_url_path], base_url_path=parent_url_path, url_path=url_path
    )


def certificate_by_code(*, code: str) -> Certificate | None:
    return (
        Certificate.objects.select_related("attendance__session")
        .filter(code=code.strip().upper())
        .first()
    )


WORKSHOP_PAGE_SIZE = 20


def workshop_courses() -> list[CoursePage]:
    """Courses a workshop can follow: live, in the reader's language, issuing certificates."""
    return list(
        CoursePage.objects.live()
        .filter(locale=Locale.get_active(), certificate_enabled=True)
        .order_by("path")
        .only("id", "title", "path", "depth", "translation_key", "locale_id")
    )


def workshop_sessions(*, user, can_see_all: bool, page: str | None):
    """A page of workshop sessions: the facilitator's own, or every one for training managers."""
    sessions = WorkshopSession.objects.annotate(attendee_count=Count("attendees"))
    if not can_see_all:
        sessions = sessions.filter(facilitator=user)
    return Paginator(sessions.order_by("-held_on", "-id"), WORKSHOP_PAGE_SIZE).get_page(page)


def workshop_session_detail(*, pk: int) -> WorkshopSession | None:
    return WorkshopSession.objects.select_related("facilitator").filter(pk=pk).first()


def workshop_attendees(*, session: WorkshopSession) -> list:
    return list(session.attendees.select_related("certificate").order_by("id"))


def course_by_key(*, course_key) -> CoursePage | None:
    """A live course by its translation key, in the site's default language if it has it."""
    courses = CoursePage.objects.live().filter(translation_key=course_key).select_related("locale")
    return (
        courses.filter(locale__language_code=settings.LANGUAGE_CODE).first()
        or courses.order_by("id").first()
    )


def certificate_open_badge(*, certificate: Certificate) -> OpenBadge | None:
    """The certificate's Open Badge, if one was issued (training/open_badges.py)."""
    return OpenBadge.objects.filter(certificate=certificate).select_related("signing_key").first()


def staff_statistics() -> list[dict]:
    """Completion of staff courses by department: counts only, small groups merged.

    A department with fewer learners than TRAINING_STATS_MIN_GROUP is folded into "Other
    departments" so that no figure can point at one person.
    """
    minimum = settings.TRAINING_STATS_MIN_GROUP
    locale = Locale.get_active()
    courses = list(
        CoursePage.objects.live().filter(locale=locale, track=Track.STAFF).order_by("path")
    )
    rows = (
        Enrollment.objects.filter(course_key__in=[c.translation_key for c in courses])
        .values("course_key", dept=F("user__department"))
        .annotate(enrolled=Count("id"), completed=Count("id", filter=Q(completed_at__isnull=False)))
        .order_by("course_key", "dept")
    )
    by_course: dict[str, list[dict]] = {str(c.translation_key): [] for c in courses}
    for row in rows:
        by_course[str(row["course_key"])].append(row)
    result = []
    for course in courses:
        departments = []
        other = {"enrolled": 0, "completed": 0}
        for row in by_course[str(course.translation_key)]:
            if row["enrolled"] < minimum or not row["dept"]:
                other["enrolled"] += row["enrolled"]
                other["completed"] += row["completed"]
            else:
                departments.append(
                    {
                        "department": row["dept"],
                        "enrolled": row["enrolled"],
                        "completed": row["completed"],
                        "percent": percent(row["completed"], row["enrolled"]),
                    }
                )
        if other["enrolled"]:
            suppressed = other["enrolled"] < minimum
            departments.append(
                {
                    "department": _("Other or undeclared departments"),
                    "enrolled": None if suppressed else other["enrolled"],
                    "completed": None if suppressed else other["completed"],
                    "percent": None
                    if suppressed
                    else percent(other["completed"], other["enrolled"]),
                    "suppressed": suppressed,
                }
            )
        total = sum(r["enrolled"] for r in by_course[str(course.translation_key)])
        completed = sum(r["completed"] for r in by_course[str(course.translation_key)])
        result.append(
            {
                "course": course,
                "departments": departments,
                "enrolled": total,
                "completed": completed,
                "percent": percent(completed, total),
            }
        )
    return result


def training_indicators() -> dict:
    """Figures for the observatory (contract in CONTRACTS.md): SQL aggregates only."""
    locale = Locale.get_active()
    default_locale = Locale.get_default()
    enrolments = Enrollment.objects.filter(course_key=OuterRef("translation_key"))
    base = CoursePage.objects.live().filter(locale=locale)
    if not base.exists():
        base = CoursePage.objects.live().filter(locale=default_locale)
    courses = base.order_by("path").annotate(
        n_enrolments=Coalesce(
            Subquery(enrolments.values("course_key").annotate(n=Count("id")).values("n")[:1]),
            0,
        ),
        n_completions=Coalesce(
            Subquery(
                enrolments.filter(completed_at__isnull=False)
                .values("course_key")
                .annotate(n=Count("id"))
                .values("n")[:1]
            ),
            0,
        ),
    )
    by_course = [
        {
            "key": c.slug,
            "label": c.title,
            "enrolments": int(c.n_enrolments),
            "completions": int(c.n_completions),
        }
        for c in courses
    ]
    totals = Enrollment.objects.aggregate(
        enrolments=Count("id"), completions=Count("id", filter=Q(completed_at__isnull=False))
    )
    return {
        "courses": len(by_course),
        "enrolments": totals["enrolments"] or 0,
        "completions": totals["completions"] or 0,
        "certificates": Certificate.objects.filter(revoked_at__isnull=True).count(),
        "by_course": by_course,
    }


def activity_courses(*, user, offset: int, limit: int) -> tuple[list[dict], int]:
    """My courses: started or completed ("My activity"). Two queries: enrolments, courses."""
    qs = Enrollment.objects.filter(user=user).order_by(
        F("last_activity_at").desc(nulls_last=True), "-id"
    )
    enrollments = list(qs[offset : offset + limit])
    courses = {
        course.translation_key: course
        for course in CoursePage.objects.live().filter(
            translation_key__in=[e.course_key for e in enrollments], locale=Locale.get_active()
        )
    }
    rows = []
    for enrollment in enrollments:
        course = courses.get(enrollment.course_key)
        rows.append(
            {
                "title": course.title if course else _("A course no longer published"),
                "url": course.url if course else "",
                "status": _("Completed") if enrollment.completed_at else _("In progress"),
                "date": enrollment.completed_at
                or enrollment.last_activity_at
                or enrollment.enrolled_at,
                "detail": "",
            }
        )
    return rows, qs.count()


def activity_certificates(*, user, offset: int, limit: int) -> tuple[list[dict], int]:
    """My certificates, with their verification page ("My activity")."""
    qs = Certificate.objects.filter(user=user).order_by("-issued_at", "-id")
    rows = [
        {
            "title": certificate.course_title,
            "url": certificate.get_absolute_url(),
            "status": _("Valid") if certificate.is_valid else _("Revoked"),
            "date": certificate.issued_at,
            "detail": _("Certificate %(code)s") % {"code": certificate.code},
        }
        for certificate in qs[offset : offset + limit]
    ]
    return rows, qs.count()
