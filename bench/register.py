"""Register benchmark: N systems × 5 versions (10,000 by default).

Times the list page, a record page, an API page and the whole JSON export through the
full Django stack, each beside a baseline measured in the same run: the same rows fetched
with raw SQL and rendered without the ORM or templates. Prints the ratios.

    .venv/bin/python bench/register.py                 # SQLite (a throwaway test database)
    DATABASE_URL=postgres://... .venv/bin/python bench/register.py --systems 2000

It never touches your own data: it creates and then destroys a test database.
"""

import argparse
import json
import os
import statistics
import sys
import time
import uuid
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("TESTING", "1")
os.environ.setdefault("API_THROTTLE_ANON", "1000000/minute")
os.environ.setdefault("API_THROTTLE_USER", "1000000/minute")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--systems", type=int, default=10_000)
    parser.add_argument("--versions", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per page (median kept)")
    return parser.parse_args()


def timed(fn, repeat):
    fn()  # warm-up
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def populate(n_systems: int, n_versions: int):
    from django.db import connection, transaction
    from django.utils import timezone

    from register.models import (
        AISystem,
        AISystemVersion,
        CharterAssessment,
        CharterPrinciple,
        RiskLevel,
        Status,
        Theme,
        VersionState,
    )

    statuses, risks, themes = Status.values, RiskLevel.values, Theme.values
    departments = [f"Direction {i}" for i in range(15)]
    now = timezone.now()
    t0 = time.perf_counter()
    with transaction.atomic():
        AISystem.objects.bulk_create(
            [
                AISystem(uuid=uuid.uuid4(), slug=f"systeme-{i:05d}", first_published_at=now)
                for i in range(n_systems)
            ],
            batch_size=2000,
        )
        ids = list(AISystem.objects.order_by("pk").values_list("pk", flat=True))
        versions = []
        for i, pk in enumerate(ids):
            for n in range(1, n_versions + 1):
                versions.append(
                    AISystemVersion(
                        system_id=pk,
                        number=n,
                        state=VersionState.PUBLISHED
                        if n == n_versions
                        else VersionState.SUPERSEDED,
                        published_at=now,
                        name=f"Système {i} : outil d'aide numéro {i % 97}",
                        short_description="Un système fictif pour mesurer le registre. " * 3,
                        organisation="Ville de Paris",
                        department=departments[i % len(departments)],
                        contact="registre@example.org",
                        status=statuses[i % len(statuses)],
                        purpose=f"Finalité de la version {n}. " * 5,
                        expected_impact="Impact attendu. " * 4,
                        human_oversight="Un agent vérifie. " * 4,
                        automation_level="decision_support",
                        legal_basis="CGCT",
                        recourse_procedure="Écrire au service.",
                        risk_level=risks[i % len(risks)],
                        theme=themes[i % len(themes)],
                        algorithm_type="machine_learning",
                        technical_description="Description technique. " * 10,
                        risk_reasons=["Raison un.", "Raison deux."],
                    )
                )
            if len(versions) >= 5000:
                AISystemVersion.objects.bulk_create(versions, batch_size=2500)
                versions = []
        AISystemVersion.objects.bulk_create(versions, batch_size=2500)
        table_s, table_v = AISystem._meta.db_table, AISystemVersion._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table_s} SET published_version_id = (SELECT v.id FROM {table_v} v "
                f"WHERE v.system_id = {table_s}.id AND v.number = %s)",
                [n_versions],
            )
        published = list(
            AISystemVersion.objects.filter(number=n_versions).values_list("pk", flat=True)
        )
        rows = []
        for vid in published:
            for p in CharterPrinciple.values:
                rows.append(
                    CharterAssessment(
                        version_id=vid, principle=p, rating="meets", justification="Justifié."
                    )
                )
            if len(rows) >= 10000:
                CharterAssessment.objects.bulk_create(rows, batch_size=5000)
                rows = []
        CharterAssessment.objects.bulk_create(rows, batch_size=5000)
    # Fresh bulk inserts have no planner statistics; a live database has them (autovacuum).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.perf_counter() - t0


# --- Baselines: raw SQL + hand-made rendering ------------------------------------------------
LIST_SQL = """
SELECT s.slug, v.name, v.short_description, v.risk_level, v.status, v.department, v.number, v.published_at
FROM register_aisystem s JOIN register_aisystemversion v ON v.id = s.published_version_id
WHERE s.remote_id IS NULL AND s.withdrawn_at IS NULL
ORDER BY v.name, s.id LIMIT 20 OFFSET %s
"""
COUNT_SQL = """SELECT COUNT(*) FROM register_aisystem s
WHERE s.published_version_id IS NOT NULL AND s.remote_id IS NULL AND s.withdrawn_at IS NULL"""
FACET_SQL = """SELECT v.{field}, COUNT(*) FROM register_aisystem s
JOIN register_aisystemversion v ON v.id = s.published_version_id
WHERE s.remote_id IS NULL AND s.withdrawn_at IS NULL GROUP BY v.{field}"""


def baseline_list(cursor, offset=80):
    cursor.execute(COUNT_SQL)
    total = cursor.fetchone()[0]
    facets = {}
    for field in ("status", "risk_level", "theme", "algorithm_type", "department"):
        cursor.execute(FACET_SQL.format(field=field))
        facets[field] = cursor.fetchall()
    cursor.execute(LIST_SQL, [offset])
    items = "".join(
        f'<li class="card"><h3><a href="/register/{escape(r[0])}/">{escape(r[1])}</a></h3>'
        f"<p>{escape(r[2])}</p><p>{escape(r[3])} {escape(r[4])}</p><p>{escape(r[5])} v{r[6]}</p></li>"
        for r in cursor.fetchall()
    )
    options = "".join(
        f"<option>{escape(str(k))} ({c})</option>" for rows in facets.values() for k, c in rows
    )
    return f"<html><body><select>{options}</select><h2>{total}</h2><ul>{items}</ul></body></html>"


def baseline_record(cursor, slug):
    from register.exports import EXPORT_FIELDS

    columns = ", ".join(f"v.{f}" for f in EXPORT_FIELDS if f != "blank_reasons")
    cursor.execute(
        f"SELECT s.id, v.id, {columns} FROM register_aisystem s "
        "JOIN register_aisystemversion v ON v.id = s.published_version_id WHERE s.slug = %s",
        [slug],
    )
    row = cursor.fetchone()
    cursor.execute(
        "SELECT principle, rating, justification FROM register_charterassessment WHERE version_id = %s",
        [row[1]],
    )
    charter = cursor.fetchall()
    cursor.execute(
        "SELECT COUNT(*) FROM register_aisystemversion WHERE system_id = %s AND published_at IS NOT NULL",
        [row[0]],
    )
    count = cursor.fetchone()[0]
    fields = "".join(
        f"<dt>{escape(str(i))}</dt><dd>{escape(str(v))}</dd>" for i, v in enumerate(row[2:])
    )
    rows = "".join(
        f"<tr><th>{escape(p)}</th><td>{escape(r)}</td><td>{escape(j)}</td></tr>"
        for p, r, j in charter
    )
    return f"<html><body><dl>{fields}</dl><table>{rows}</table><p>{count}</p></body></html>"


def baseline_api(cursor, offset=80):
    cursor.execute(COUNT_SQL)
    total = cursor.fetchone()[0]
    cursor.execute(
        """SELECT s.uuid, s.slug, v.name, v.short_description, v.status, v.risk_level, v.department,
        v.theme, v.algorithm_type, v.number, v.published_at
        FROM register_aisystem s JOIN register_aisystemversion v ON v.id = s.published_version_id
        WHERE s.remote_id IS NULL AND s.withdrawn_at IS NULL ORDER BY v.name, s.id LIMIT 20 OFFSET %s""",
        [offset],
    )
    keys = [
        "id",
        "slug",
        "name",
        "short_description",
        "status",
        "risk_level",
        "department",
        "theme",
        "algorithm_type",
        "version",
        "last_changed",
    ]
    results = [
        dict(zip(keys, [str(v) if v is not None else None for v in r], strict=True))
        for r in cursor.fetchall()
    ]
    return json.dumps({"count": total, "next": None, "previous": None, "results": results})


def baseline_export(cursor):
    from register.exports import EXPORT_FIELDS

    columns = ", ".join(f"v.{f}" for f in EXPORT_FIELDS)
    cursor.execute(
        f"SELECT s.uuid, s.slug, v.id, v.number, {columns} FROM register_aisystem s "
        "JOIN register_aisystemversion v ON v.id = s.published_version_id "
        "WHERE s.remote_id IS NULL AND s.withdrawn_at IS NULL ORDER BY s.slug"
    )
    rows = cursor.fetchall()
    cursor.execute(
        "SELECT c.version_id, c.principle, c.rating, c.justification FROM register_charterassessment c "
        "JOIN register_aisystem s ON s.published_version_id = c.version_id"
    )
    charter = {}
    for vid, p, r, j in cursor.fetchall():
        charter.setdefault(vid, []).append({"principle": p, "rating": r, "justification": j})
    systems = []
    for row in rows:
        record = {"id": str(row[0]), "slug": row[1], "version": row[3]}
        for name, value in zip(EXPORT_FIELDS, row[4:], strict=True):
            record[name] = value if isinstance(value, str | int | type(None)) else str(value)
        record["charter_assessment"] = charter.get(row[2], [])
        systems.append(record)
    return json.dumps(
        {"standard_version": "1", "publisher": "x", "systems": systems}, ensure_ascii=False
    )


def main():
    args = parse_args()
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        from django.core.management import call_command

        call_command("createcachetable", verbosity=0)
        print(
            f"Register benchmark — {connection.vendor}, {args.systems} systems × {args.versions} versions"
        )
        seconds = populate(args.systems, args.versions)
        print(f"  populated in {seconds:.1f} s")
        client = Client()
        slug = f"systeme-{args.systems // 2:05d}"
        checks = {
            "/register/?page=5": 200,
            f"/register/{slug}/": 200,
            "/api/register/systems/?page=5": 200,
            "/register/export.json": 200,
        }
        for url, code in checks.items():
            status = client.get(url).status_code
            assert status == code, (url, status)
        exported = json.loads(client.get("/register/export.json").content)
        assert len(exported["systems"]) == args.systems

        cursor = connection.cursor()
        export_repeat = max(1, min(3, args.repeat))
        rows = [
            (
                "list page (/register/?page=5)",
                lambda: client.get("/register/?page=5"),
                lambda: baseline_list(cursor),
                args.repeat,
            ),
            (
                f"record page (/register/{slug}/)",
                lambda: client.get(f"/register/{slug}/"),
                lambda: baseline_record(cursor, slug),
                args.repeat,
            ),
            (
                "API page (/api/register/systems/?page=5)",
                lambda: client.get("/api/register/systems/?page=5"),
                lambda: baseline_api(cursor),
                args.repeat,
            ),
            (
                "JSON export (/register/export.json)",
                lambda: client.get("/register/export.json"),
                lambda: baseline_export(cursor),
                export_repeat,
            ),
        ]
        print(f"  {'measure':45} {'site (ms)':>10} {'raw SQL (ms)':>13} {'ratio':>7}")
        for label, site, base, repeat in rows:
            t_site = timed(site, repeat)
            t_base = timed(base, repeat)
            print(
                f"  {label:45} {t_site * 1000:10.1f} {t_base * 1000:13.1f} {t_site / t_base:7.1f}x"
            )
        cursor.close()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
