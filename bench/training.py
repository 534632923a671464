"""Training benchmark: dashboard and course page against a raw SQL baseline, same data, same run.

    .venv/bin/python bench/training.py                      # 50 courses × 20 lessons, 10,000 learners
    .venv/bin/python bench/training.py --courses 10 --lessons 10 --learners 1000   # quicker

Data goes to a throw-away SQLite file (or BENCH_DATABASE_URL, e.g. a scratch PostgreSQL
database). Each learner is enrolled in a few courses with part of the lessons completed.
Timings are medians over sample learners. Three baselines, same data, same run:
- "SQL 1 query": the headline figures (done / total per course, lessons with their state) in
  one raw SQL query (the floor the issue measured against);
- "raw rows": raw SQL reading everything the page shows (course, modules, lessons with their
  state, resume lesson, enrolment, certificate, parent page), no ORM: the selector's baseline;
- "raw page": a view mounted for the bench that reads those raw rows and renders the *same
  template* through the same middleware, session and site navigation: the full page's baseline.
So "page/raw page" is what the ORM, Wagtail routing and the selectors cost on top of the
template, and "selector/raw rows" what the selector costs on top of the SQL it needs.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("TESTING", "1")
    os.environ.setdefault("CACHE_URL", "locmemcache://")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def build(args) -> dict:
    from django.core.management import call_command
    from django.utils import timezone
    from wagtail.models import Locale, Page, Site

    from accounts.models import User
    from portal.models import HomePage
    from training.models import (
        CoursePage,
        Enrollment,
        LessonCompletion,
        LessonPage,
        ModulePage,
        TrainingIndexPage,
    )

    call_command("migrate", verbosity=0)
    fr = Locale.objects.get_or_create(language_code="fr")[0]
    root = Page.get_first_root_node()
    home = HomePage(title="IA Commune", slug="accueil", locale=fr, live=True)
    root.add_child(instance=home)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "IAC"},
    )
    Page.objects.filter(depth=2).exclude(pk=home.pk).delete()
    index = TrainingIndexPage(title="Formation", slug="training", live=True)
    home.add_child(instance=index)
    started = time.perf_counter()
    courses = []
    body = [("paragraph", "<p>" + "Texte de la leçon. " * 60 + "</p>")]
    quiz = [
        (
            "question",
            {
                "kind": "single",
                "prompt": "?",
                "choices": [
                    {"text": "Oui", "is_correct": True, "feedback": "Bien."},
                    {"text": "Non", "is_correct": False, "feedback": "Non."},
                ],
                "explanation": "Parce que.",
            },
        )
    ]
    per_module = max(1, args.lessons // 4)
    for c in range(args.courses):
        course = CoursePage(
            title=f"Cours {c}",
            slug=f"cours-{c}",
            track="residents" if c % 2 else "staff",
            level="beginner",
            estimated_minutes=60,
            objectives="<p>Apprendre.</p>",
            audience="Tout le monde",
            live=True,
        )
        index.add_child(instance=course)
        lessons = []
        module = None
        for n in range(args.lessons):
            if n % per_module == 0:
                module = ModulePage(title=f"Module {n // per_module}", slug=f"m{n}", live=True)
                course.add_child(instance=module)
            lesson = LessonPage(
                title=f"Leçon {c}.{n}",
                slug=f"l{n}",
                body=body,
                quiz=quiz if n % 2 else [],
                live=True,
            )
            module.add_child(instance=lesson)
            lessons.append((lesson.translation_key, module.translation_key))
        courses.append((course, lessons))
    pages_time = time.perf_counter() - started

    started = time.perf_counter()
    users = [
        User(email=f"learner{i}@bench.localhost", display_name=f"L{i}", password="!")  # noqa: S106
        for i in range(args.learners)
    ]
    User.objects.bulk_create(users, batch_size=2000)
    user_ids = list(
        User.objects.filter(email__endswith="@bench.localhost").values_list("id", flat=True)
    )
    rng = random.Random(42)
    now = timezone.now()
    enrollments, completions = [], []
    for user_id in user_ids:
        for course, lessons in rng.sample(courses, k=min(args.per_learner, len(courses))):
            done = rng.randint(0, len(lessons))
            enrollments.append(
                Enrollment(
                    user_id=user_id,
                    course_key=course.translation_key,
                    last_lesson_key=lessons[min(done, len(lessons) - 1)][0],
                    last_activity_at=now,
                    completed_at=now if done == len(lessons) else None,
                )
            )
            completions.extend(
                LessonCompletion(
                    user_id=user_id,
                    lesson_key=lesson_key,
                    module_key=module_key,
                    course_key=course.translation_key,
                    source="end",
                    completed_at=now,
                )
                for lesson_key, module_key in lessons[:done]
            )
    Enrollment.objects.bulk_create(enrollments, batch_size=5000)
    LessonCompletion.objects.bulk_create(completions, batch_size=5000)
    return {
        "courses": courses,
        "user_ids": user_ids,
        "locale_id": fr.pk,
        "pages_time": pages_time,
        "rows_time": time.perf_counter() - started,
        "enrollments": len(enrollments),
        "completions": len(completions),
    }


DASHBOARD_SQL = """
SELECT p.title, e.course_key,
  (SELECT COUNT(*) FROM training_lessoncompletion c
    WHERE c.user_id = e.user_id AND c.course_key = e.course_key) AS done,
  (SELECT COUNT(*) FROM wagtailcore_page lp
    JOIN training_lessonpage l ON l.page_ptr_id = lp.id
    WHERE lp.path LIKE p.path || '%%' AND lp.live AND NOT l.is_plain_language) AS total
FROM training_enrollment e
JOIN wagtailcore_page p ON p.translation_key = e.course_key AND p.locale_id = %s
JOIN training_coursepage cp ON cp.page_ptr_id = p.id
WHERE e.user_id = %s
"""

COURSE_SQL = """
SELECT lp.id, lp.title, lp.path,
  EXISTS (SELECT 1 FROM training_lessoncompletion c
          WHERE c.user_id = %s AND c.lesson_key = lp.translation_key) AS done
FROM wagtailcore_page lp
JOIN training_lessonpage l ON l.page_ptr_id = lp.id
WHERE lp.path LIKE %s AND lp.live AND NOT l.is_plain_language
ORDER BY lp.path
"""


# --- Raw baselines: the same data from raw SQL, the same templates ---------------------------
# Lessons of a course in tree order with the learner's state; modules are listed too.
OUTLINE_ROWS_SQL = """
SELECT p.id, p.title, p.url_path, p.path, p.depth, p.translation_key,
  m.page_ptr_id IS NOT NULL AS is_module, l.estimated_minutes, l.required,
  EXISTS (SELECT 1 FROM training_lessoncompletion c
          WHERE c.user_id = %s AND c.lesson_key = p.translation_key) AS done
FROM wagtailcore_page p
LEFT JOIN training_modulepage m ON m.page_ptr_id = p.id
LEFT JOIN training_lessonpage l ON l.page_ptr_id = p.id
WHERE p.path LIKE %s AND p.live AND p.depth > %s
  AND (m.page_ptr_id IS NOT NULL OR (l.page_ptr_id IS NOT NULL AND NOT l.is_plain_language))
ORDER BY p.path
"""

COURSE_ROW_SQL = """
SELECT p.id, p.title, p.url_path, p.path, p.depth, p.translation_key, p.locale_id,
  p.seo_title, p.search_description, p.live, p.content_type_id, c.track, c.level,
  c.estimated_minutes, c.objectives, c.audience, c.prerequisites, c.certificate_enabled,
  c.certificate_rule,
  (SELECT ip.title FROM wagtailcore_page ip WHERE ip.path = substr(p.path, 1, length(p.path) - 4))
    AS index_title,
  (SELECT ip.url_path FROM wagtailcore_page ip
    WHERE ip.path = substr(p.path, 1, length(p.path) - 4)) AS index_url_path,
  (SELECT e.last_lesson_key FROM training_enrollment e
    WHERE e.user_id = %s AND e.course_key = p.translation_key) AS last_lesson,
  (SELECT COUNT(*) FROM training_enrollment e
    WHERE e.user_id = %s AND e.course_key = p.translation_key) AS enrolled,
  (SELECT cert.code FROM training_certificate cert WHERE cert.user_id = %s
    AND cert.course_key = p.translation_key AND cert.revoked_at IS NULL) AS certificate
FROM wagtailcore_page p JOIN training_coursepage c ON c.page_ptr_id = p.id
WHERE p.id = %s
"""

DASHBOARD_ROWS_SQL = """
SELECT p.id, p.title, p.url_path, p.path, p.depth, p.locale_id,
  (SELECT COUNT(*) FROM training_lessoncompletion c
    WHERE c.user_id = e.user_id AND c.course_key = e.course_key) AS done,
  (SELECT COUNT(*) FROM wagtailcore_page lp
    JOIN training_lessonpage l ON l.page_ptr_id = lp.id
    WHERE lp.path LIKE p.path || '%%' AND lp.live AND NOT l.is_plain_language) AS total,
  (SELECT lp.id FROM wagtailcore_page lp
    JOIN training_lessonpage l ON l.page_ptr_id = lp.id
    WHERE lp.path LIKE p.path || '%%' AND lp.live AND NOT l.is_plain_language
      AND NOT EXISTS (SELECT 1 FROM training_lessoncompletion c
                      WHERE c.user_id = e.user_id AND c.lesson_key = lp.translation_key)
    ORDER BY lp.path LIMIT 1) AS resume_id,
  (SELECT cert.code FROM training_certificate cert WHERE cert.user_id = e.user_id
    AND cert.course_key = e.course_key AND cert.revoked_at IS NULL) AS certificate
FROM training_enrollment e
JOIN wagtailcore_page p ON p.translation_key = e.course_key AND p.locale_id = %s
JOIN training_coursepage cp ON cp.page_ptr_id = p.id
WHERE e.user_id = %s AND p.live
ORDER BY e.last_activity_at DESC, e.id
LIMIT 20
"""

INDEX_ROW_SQL = """
SELECT p.id, p.title, p.url_path, p.path, p.depth, p.locale_id FROM wagtailcore_page p
JOIN training_trainingindexpage t ON t.page_ptr_id = p.id
WHERE p.live AND p.locale_id = %s ORDER BY p.path LIMIT 1
"""


def _fetch(sql: str, params) -> list[dict]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def raw_course_rows(*, user_id: int, course_id: int) -> dict:
    """Everything the course page shows, in two raw queries."""
    course = _fetch(COURSE_ROW_SQL, [user_id, user_id, user_id, course_id])[0]
    outline = _fetch(OUTLINE_ROWS_SQL, [user_id, course["path"] + "%", course["depth"]])
    return {"course": course, "outline": outline}


def raw_dashboard_rows(*, user_id: int, locale_id: int) -> dict:
    """Everything the dashboard shows, in three raw queries."""
    rows = _fetch(DASHBOARD_ROWS_SQL, [locale_id, user_id])
    resume_ids = [r["resume_id"] for r in rows if r["resume_id"]]
    resume = {}
    if resume_ids:
        marks = ", ".join(["%s"] * len(resume_ids))
        resume = {
            r["id"]: r
            for r in _fetch(
                f"SELECT id, title, url_path, path, depth, locale_id FROM wagtailcore_page "
                f"WHERE id IN ({marks})",
                resume_ids,
            )
        }
    index = _fetch(INDEX_ROW_SQL, [locale_id])
    return {"rows": rows, "resume": resume, "index": index[0] if index else None}


def _page(model, row: dict):
    """A page instance built from a raw row (no query): enough for {% pageurl %} and titles."""
    fields = {f.attname for f in model._meta.concrete_fields}
    values = {k: v for k, v in row.items() if k in fields}
    if "page_ptr_id" in fields:
        values["page_ptr_id"] = row["id"]
    return model(**values)


def raw_dashboard_view(request):
    """The dashboard's baseline: raw rows, the same template, the same middleware."""
    from django.core.paginator import Paginator
    from django.shortcuts import render
    from django.utils.translation import gettext as _

    from training.models import TrainingIndexPage
    from training.selectors import page_url_below, percent

    data = raw_dashboard_rows(user_id=request.user.pk, locale_id=request.bench_locale_id)
    index = _page(TrainingIndexPage, data["index"]) if data["index"] else None
    # URLs the cheapest correct way: Wagtail's for the index, the rest derived from it.
    index_url = index.get_url(request) if index else None
    rows = []
    for row in data["rows"]:
        url = page_url_below(
            base_url=index_url, base_url_path=index.url_path, url_path=row["url_path"]
        )
        resume = data["resume"].get(row["resume_id"])
        if resume:
            resume = {
                "title": resume["title"],
                "url": page_url_below(
                    base_url=url, base_url_path=row["url_path"], url_path=resume["url_path"]
                ),
            }
        rows.append(
            {
                "course": {"title": row["title"], "url": url},
                "done": row["done"],
                "total": row["total"],
                "percent": percent(row["done"], row["total"]),
                "resume": resume,
                "certificate_code": row["certificate"],
            }
        )
    crumbs = [(index.title, index_url), (_("My courses"), "")] if index else []
    page_obj = Paginator(rows, 20).get_page(1)
    return render(
        request,
        "training/my_courses.html",
        {
            "rows": rows,
            "page_obj": page_obj,
            "title": _("My courses"),
            "index": index,
            "crumbs": crumbs,
        },
    )


def raw_course_view(request, pk: int):
    """The course page's baseline: raw rows, the same template, the same middleware."""
    from django.shortcuts import render

    from training.forms import CertificateClaimForm
    from training.models import CoursePage
    from training.selectors import page_url_below, percent

    data = raw_course_rows(user_id=request.user.pk, course_id=pk)
    row = data["course"]
    course = _page(CoursePage, row)
    course_url = course.get_url(request)
    modules, lessons = [], []
    for item in data["outline"]:
        url = page_url_below(
            base_url=course_url, base_url_path=row["url_path"], url_path=item["url_path"]
        )
        if item["is_module"]:
            modules.append({"pk": item["id"], "title": item["title"], "url": url, "lessons": []})
        elif modules:
            ref = {
                "pk": item["id"],
                "key": str(item["translation_key"]),
                "title": item["title"],
                "url": url,
                "estimated_minutes": item["estimated_minutes"],
                "required": item["required"],
                "done": bool(item["done"]),
            }
            lessons.append(ref)
            modules[-1]["lessons"].append(ref)
    for module in modules:
        done = sum(1 for r in module["lessons"] if r["done"])
        module.update(
            done=done,
            total=len(module["lessons"]),
            percent=percent(done, len(module["lessons"])),
        )
    done = sum(1 for r in lessons if r["done"])
    last = str(row["last_lesson"] or "")
    resume = next((r for r in lessons if not r["done"]), None)
    required = [r for r in lessons if r["required"]]
    outline = {
        "modules": modules,
        "lessons": lessons,
        "done": done,
        "total": len(lessons),
        "percent": percent(done, len(lessons)),
        "enrolled": bool(row["enrolled"]),
        "resume": resume if last or resume else None,
        "eligible": bool(required) and all(r["done"] for r in required),
        "missing": [r for r in required if not r["done"]],
        "certificate_code": row["certificate"],
        "learner": {"is_anonymous": False},
    }
    index_url = row["index_url_path"]
    context = {
        "page": course,
        "self": course,
        "outline": outline,
        "claim_form": CertificateClaimForm(initial={"learner_name": request.user.display_name}),
        "crumbs": [(row["index_title"], index_url), (course.title, "")],
    }
    return render(request, "training/course_page.html", context)


def bench_urlconf(locale_id: int) -> str:
    """The site's URLs plus the two baseline views (a module made for this run)."""
    import types

    from django.urls import path

    import config.urls

    def with_locale(view):
        def wrapped(request, *args, **kwargs):
            request.bench_locale_id = locale_id
            return view(request, *args, **kwargs)

        return wrapped

    module = types.ModuleType("bench_training_urls")
    module.urlpatterns = [
        path("bench/raw/my-courses/", with_locale(raw_dashboard_view)),
        path("bench/raw/course/<int:pk>/", with_locale(raw_course_view)),
        *config.urls.urlpatterns,
    ]
    for name in ("handler400", "handler403", "handler404", "handler500"):
        setattr(module, name, getattr(config.urls, name))
    sys.modules[module.__name__] = module
    return module.__name__


def median_ms(function, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def measure(data, args) -> dict[str, dict[str, float]]:
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection
    from django.test import Client, RequestFactory, override_settings
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from training.selectors import course_outline, dashboard

    rng = random.Random(7)
    sample = rng.sample(data["user_ids"], k=min(args.samples, len(data["user_ids"])))
    factory = RequestFactory()
    columns = ("page", "raw page", "selector", "raw rows", "sql", "page queries", "raw queries")
    samples = {name: {c: [] for c in columns} for name in ("dashboard", "course page")}

    def queries_of(function) -> int:
        with CaptureQueriesContext(connection) as captured:
            function()
        return len(captured.captured_queries)

    def record(name, page, raw_page, selector, raw_rows, sql):
        row = samples[name]
        row["page queries"].append(queries_of(page))
        row["raw queries"].append(queries_of(raw_page))
        # Interleaved: each timing is the median of `repeat` runs, taken in turn.
        for column, function in (
            ("page", page),
            ("raw page", raw_page),
            ("selector", selector),
            ("raw rows", raw_rows),
            ("sql", sql),
        ):
            row[column].append(median_ms(function, args.repeat))

    with override_settings(ROOT_URLCONF=bench_urlconf(data["locale_id"])):
        for user_id in sample:
            user = User.objects.get(pk=user_id)
            client = Client(HTTP_HOST="localhost")
            client.force_login(user)
            request = factory.get("/training/my-courses/")
            request.user = user
            request.session = SessionStore()

            def get(url, c=client):
                response = c.get(url)
                assert response.status_code == 200, (url, response.status_code)
                return response

            # Warm-up (template loading, caches) is not measured.
            get("/training/my-courses/")
            get("/bench/raw/my-courses/")

            def dashboard_sql(u=user_id):
                with connection.cursor() as cursor:
                    cursor.execute(DASHBOARD_SQL, [data["locale_id"], u])
                    cursor.fetchall()

            record(
                "dashboard",
                lambda: get("/training/my-courses/"),
                lambda: get("/bench/raw/my-courses/"),
                lambda r=request: dashboard(request=r),
                lambda u=user_id: raw_dashboard_rows(user_id=u, locale_id=data["locale_id"]),
                dashboard_sql,
            )

            course, _lessons = rng.choice(data["courses"])
            url = course.url
            raw_url = f"/bench/raw/course/{course.pk}/"
            get(url)
            get(raw_url)

            def course_sql(u=user_id, path=course.path):
                with connection.cursor() as cursor:
                    cursor.execute(COURSE_SQL, [u, path + "%"])
                    cursor.fetchall()

            record(
                "course page",
                lambda u=url: get(u),
                lambda u=raw_url: get(u),
                lambda r=request, c=course: course_outline(course=c, request=r),
                lambda u=user_id, c=course: raw_course_rows(user_id=u, course_id=c.pk),
                course_sql,
            )
    return {
        name: {column: statistics.median(values) for column, values in columns_.items()}
        for name, columns_ in samples.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--courses", type=int, default=50)
    parser.add_argument("--lessons", type=int, default=20, help="lessons per course")
    parser.add_argument("--learners", type=int, default=10_000)
    parser.add_argument("--per-learner", type=int, default=3, help="courses per learner")
    parser.add_argument("--samples", type=int, default=20, help="learners measured")
    parser.add_argument("--repeat", type=int, default=5, help="timings per measure")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        database_url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{tmp}/bench.sqlite3"
        setup_django(database_url)
        from django.db import connection

        data = build(args)
        print(
            f"training bench on {connection.vendor}: {args.courses} courses × {args.lessons} "
            f"lessons, {args.learners} learners, {data['enrollments']} enrolments, "
            f"{data['completions']} lesson completions"
        )
        print(f"  setup: pages {data['pages_time']:.1f} s, learner rows {data['rows_time']:.1f} s")
        print(f"  load before: {Path('/proc/loadavg').read_text().strip()}")
        results = measure(data, args)
        print(f"  load after:  {Path('/proc/loadavg').read_text().strip()}")
        print(
            f"  {'ms (median)':<13}{'page':>9}{'raw page':>10}{'selector':>10}{'raw rows':>10}"
            f"{'SQL 1 q':>9}{'page/raw page':>15}{'selector/raw rows':>19}{'page/SQL':>10}"
            f"{'selector/SQL':>14}{'queries page/raw':>18}"
        )
        for name, r in results.items():
            print(
                f"  {name:<13}{r['page']:>9.2f}{r['raw page']:>10.2f}{r['selector']:>10.2f}"
                f"{r['raw rows']:>10.2f}{r['sql']:>9.3f}{r['page'] / r['raw page']:>14.2f}x"
                f"{r['selector'] / r['raw rows']:>18.2f}x{r['page'] / r['sql']:>9.1f}x"
                f"{r['selector'] / r['sql']:>13.1f}x"
                f"{r['page queries']:>12.0f} / {r['raw queries']:.0f}"
            )


if __name__ == "__main__":
    main()
