"""Library benchmark (issue 15): the harvest and the list page beside raw SQL, same run.

- harvest: a 10,000-case partner export served over HTTP on 127.0.0.1 and harvested by the
  one federation mechanism (fetch with limits, JSON Schema check of every case, all-or-nothing
  import keyed by source URL + id), first into an empty table then again (an update in place);
  time and peak Python memory (tracemalloc) beside a raw bulk insert of the same rows
  (`json.loads` + `executemany`, no validation) into the same table;
- page: `/library/` (page 2), with a facet and with a full-text search, through the full Django
  stack (facet counts, card sentences, template) beside the raw SQL of the same list (count +
  20 rows).

    .venv/bin/python bench/library.py                                   # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/library.py

It never touches your own data: it creates and then destroys a test database.
"""

import argparse
import json
import os
import statistics
import sys
import threading
import time
import tracemalloc
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("TESTING", "1")

TOPICS = ["courrier", "cantine", "fuites", "stationnement", "chaleur", "démarches", "déchets"]
THEMES = ["citizen_relations", "education", "water_energy", "mobility", "environment"]
OUTCOMES = ["adopted", "adopted_with_changes", "pilot", "rejected", "awaiting"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
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


def export(n: int) -> dict:
    cases = []
    for i in range(n):
        topic = TOPICS[i % len(TOPICS)]
        cases.append(
            {
                "id": f"case-{i}",
                "url": f"https://partner.example/library/{i}/",
                "title": f"Usage {i} : {topic}",
                "summary": f"Un usage de l'IA pour le {topic} numéro {i}.",
                "problem": f"Le problème du {topic} dans le quartier {i % 80}.",
                "proposed_ai": "Un petit modèle hébergé par la ville, relu par un agent.",
                "theme": THEMES[i % len(THEMES)],
                "consultation": {
                    "title": "Consultation 2025",
                    "ballots": 120,
                    "merit_profile": {"good": 60, "passable": 40, "very_good": 20},
                    "median_grade": "good",
                    "rank": 1 + i % 5,
                },
                "outcome": OUTCOMES[i % len(OUTCOMES)],
                "commitments": [
                    {"text": "Publier la fiche", "deadline": "2025-09-01", "status": "kept"},
                    {"text": "Mesurer", "deadline": "2025-12-01", "status": "pending"},
                ],
                "register_record": {
                    "name": f"Fiche {i}",
                    "url": f"https://partner.example/register/{i}/",
                    "status": "in_use",
                    "risk_level": ["minimal", "limited", "high"][i % 3],
                },
                "lessons": [{"author": "DSI", "what_worked": "Gain de temps."}] if i % 4 else [],
                "updated_at": f"2026-01-{1 + i % 28:02d}T10:00:00+01:00",
            }
        )
    return {
        "standard": "ia-commune-library",
        "standard_version": "1.0",
        "publisher": "Partenaire",
        "generated_at": "2026-11-01T10:00:00+01:00",
        "cases": cases,
    }


def serve(body: bytes):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/library/library.json"


def measured(fn):
    tracemalloc.start()
    start = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - start
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return result, elapsed, peak / 1e6


RAW_COLUMNS = [
    "partner_id",
    "source_url",
    "source_id",
    "source_page_url",
    "city",
    "title",
    "summary",
    "problem",
    "proposed_ai",
    "data_used",
    "people_affected",
    "expected_benefits",
    "risks",
    "alternatives",
    "department",
    "theme",
    "consultation_title",
    "ballots",
    "merit_profile",
    "median_grade",
    "rank",
    "outcome",
    "decision_justification",
    "decided_by",
    "commitments",
    "commitments_total",
    "commitments_kept",
    "register_name",
    "register_url",
    "register_status",
    "risk_level",
    "search_text",
    "updated_at",
]


def raw_insert(connection, body: bytes, partner_id: int, url: str) -> int:
    """The baseline: decode and insert the same rows in one transaction, nothing checked."""
    from django.db import transaction

    cases = json.loads(body)["cases"]
    rows = []
    for c in cases:
        vote, record = c["consultation"], c["register_record"] or {}
        rows.append(
            [
                partner_id,
                url,
                c["id"],
                c["url"],
                "Partenaire raw",
                c["title"],
                c.get("summary", ""),
                c.get("problem", ""),
                c.get("proposed_ai", ""),
                "",
                "",
                "",
                "",
                "",
                "",
                c.get("theme", ""),
                vote["title"],
                vote["ballots"],
                json.dumps(vote["merit_profile"]),
                vote["median_grade"],
                vote["rank"],
                c["outcome"],
                "",
                "",
                json.dumps(c["commitments"]),
                len(c["commitments"]),
                sum(1 for x in c["commitments"] if x["status"] == "kept"),
                record.get("name", ""),
                record.get("url", ""),
                record.get("status", ""),
                record.get("risk_level", ""),
                f"{c['title']}\n{c.get('summary', '')}\n{c.get('problem', '')}",
                c["updated_at"],
            ]
        )
    sql = (
        f"INSERT INTO library_librarycase ({', '.join(RAW_COLUMNS)}) "
        f"VALUES ({', '.join(['%s'] * len(RAW_COLUMNS))})"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    return len(rows)


def main():
    args = parse_args()
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        from library.federation import partner_library_harvest
        from library.models import LibraryCase
        from register.models import RemoteRegister

        with open("/proc/loadavg") as f:
            load = f.read().split()[:3]
        print(
            f"library bench on {connection.vendor}, {args.cases:,} cases, "
            f"{os.cpu_count()} cores, load average {' '.join(load)}"
        )
        body = json.dumps(export(args.cases)).encode()
        httpd, url = serve(body)
        partner = RemoteRegister.objects.create(
            name="Partenaire", export_url=url.replace("library.json", "x.json"), library_url=url
        )
        raw_partner = RemoteRegister.objects.create(
            name="Partenaire raw", export_url="https://raw.example/x.json"
        )
        print(f"export: {len(body) / 1e6:.1f} MB")

        count, first, first_peak = measured(lambda: partner_library_harvest(partner_id=partner.pk))
        assert count == args.cases
        _count, again, again_peak = measured(lambda: partner_library_harvest(partner_id=partner.pk))
        raw_count, raw, raw_peak = measured(
            lambda: raw_insert(connection, body, raw_partner.pk, "https://raw.example/l.json")
        )
        assert raw_count == args.cases
        LibraryCase.objects.filter(partner=raw_partner).delete()
        httpd.shutdown()
        print(f"{'harvest':<34}{'time':>10}{'peak memory':>14}{'vs raw':>9}")
        for label, seconds, peak in [
            ("harvest, first (creates)", first, first_peak),
            ("harvest, again (updates in place)", again, again_peak),
            ("raw bulk insert (baseline)", raw, raw_peak),
        ]:
            print(f"{label:<34}{seconds:>9.2f}s{peak:>11.1f} MB{seconds / raw:>8.1f}x")

        client = Client()
        pages = [
            ("/library/?page=2", "", ""),
            ("/library/?outcome=adopted&page=2", "outcome = 'adopted'", ""),
            ("/library/?q=fuites", "", "fuites"),
        ]
        print(f"\n{'page':<36}{'site':>10}{'raw SQL':>10}{'ratio':>8}")
        for path, where, q in pages:

            def site(path=path):
                response = client.get(path)
                assert response.status_code == 200, response.status_code

            conditions = ["withdrawn_at IS NULL"] + ([where] if where else [])
            params = []
            if q:
                if connection.vendor == "postgresql":
                    conditions.append(
                        "to_tsvector('french'::regconfig, search_text) @@ "
                        "websearch_to_tsquery('french'::regconfig, %s)"
                    )
                else:
                    conditions.append("search_text LIKE %s")
                    q = f"%{q}%"
                params = [q]
            clause = " AND ".join(conditions)
            offset = 20 if "page=2" in path else 0

            def raw_sql(clause=clause, params=params, offset=offset):
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"SELECT COUNT(*) FROM library_librarycase WHERE {clause}", params
                    )
                    cursor.fetchone()
                    cursor.execute(
                        "SELECT id, city, title, summary, outcome, median_grade, "
                        "commitments_total, commitments_kept, risk_level, updated_at "
                        f"FROM library_librarycase WHERE {clause} "
                        f"ORDER BY updated_at DESC, id DESC LIMIT 20 OFFSET {offset}",
                        params,
                    )
                    cursor.fetchall()

            site_time = timed(site, args.repeat)
            raw_time = timed(raw_sql, args.repeat)
            print(
                f"{path:<36}{site_time * 1000:>8.1f}ms{raw_time * 1000:>8.1f}ms"
                f"{site_time / raw_time:>7.1f}x"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
