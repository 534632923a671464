"""Training benchmark: dashboard and course page against a raw SQL baseline, same data, same run.

    .venv/bin/python bench/training.py                      # 50 courses × 20 lessons, 10,000 learners
    .venv/bin/python bench/training.py --courses 10 --lessons 10 --learners 1000   # quicker

Data goes to a throw-away SQLite file (or BENCH_DATABASE_URL, e.g. a scratch PostgreSQL
database). Each learner is enrolled in a few courses with part of the lessons completed.
Timings are medians over sample learners; "ratio" = full Django page / raw SQL baseline that
reads the same figures in one query. The raw SQL is the floor; the page adds the Wagtail
routing, the session, the template and the site navigation.
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


def median_ms(function, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def measure(data, args) -> list[tuple[str, float, float]]:
    from django.db import connection
    from django.test import Client

    from accounts.models import User

    rng = random.Random(7)
    sample = rng.sample(data["user_ids"], k=min(args.samples, len(data["user_ids"])))
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import RequestFactory

    from training.selectors import course_outline, dashboard

    factory = RequestFactory()
    rows = {"dashboard": ([], [], []), "course page": ([], [], [])}
    for user_id in sample:
        user = User.objects.get(pk=user_id)
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        # Warm-up (template loading, caches) is not measured.
        assert client.get("/training/my-courses/").status_code == 200
        page_ms = median_ms(lambda c=client: c.get("/training/my-courses/"), args.repeat)

        def dashboard_sql(u=user_id):
            with connection.cursor() as cursor:
                cursor.execute(DASHBOARD_SQL, [data["locale_id"], u])
                cursor.fetchall()

        request = factory.get("/training/my-courses/")
        request.user = user
        request.session = SessionStore()
        rows["dashboard"][0].append(page_ms)
        rows["dashboard"][1].append(median_ms(lambda r=request: dashboard(request=r), args.repeat))
        rows["dashboard"][2].append(median_ms(dashboard_sql, args.repeat))

        course, _lessons = rng.choice(data["courses"])
        url = course.url
        assert client.get(url).status_code == 200
        page_ms = median_ms(lambda c=client, u=url: c.get(u), args.repeat)

        def course_sql(u=user_id, path=course.path):
            with connection.cursor() as cursor:
                cursor.execute(COURSE_SQL, [u, path + "%"])
                cursor.fetchall()

        rows["course page"][0].append(page_ms)
        rows["course page"][1].append(
            median_ms(lambda r=request, c=course: course_outline(course=c, request=r), args.repeat)
        )
        rows["course page"][2].append(median_ms(course_sql, args.repeat))
    return [(name, *(statistics.median(x) for x in values)) for name, values in rows.items()]


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
        print(
            f"  {'page':<13}{'full page ms':>13}{'selector ms':>13}{'raw SQL ms':>12}"
            f"{'page/SQL':>10}{'selector/SQL':>14}"
        )
        for name, page_ms, selector_ms, sql_ms in measure(data, args):
            print(
                f"  {name:<13}{page_ms:>13.2f}{selector_ms:>13.2f}{sql_ms:>12.3f}"
                f"{page_ms / sql_ms:>10.1f}{selector_ms / sql_ms:>14.1f}"
            )


if __name__ == "__main__":
    main()
