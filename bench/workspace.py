"""Workspace documents: extraction speed and retrieval latency, each against its raw baseline.

Extraction: a generated N-page PDF (WeasyPrint) is extracted by the workspace (checks, page
by page extraction, passages, encryption at rest, full-text index) and, in the same run, by
raw pypdf (`page.extract_text()` on every page): pages per second for both.
Retrieval: P passages (synthetic French municipal text) in documents of one agent; Q queries
through `workspace.selectors.passages_search` (access rules, ranking, decryption of the hits)
against the raw full-text SQL query alone (FTS5 MATCH + bm25 on SQLite, tsvector @@ tsquery +
ts_rank_cd on PostgreSQL): p50 and p95 in milliseconds.

    .venv/bin/python bench/workspace.py [--pages 100] [--passages 10000] [--queries 200]
    DATABASE_URL=postgres://… .venv/bin/python bench/workspace.py

It never touches your own data: it creates and then destroys a test database.
The summary part (a 50-page document summarised against one direct generation) is
bench/workspace_summary.py.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("TESTING", "1")

WORDS = [
    "conseil",
    "municipal",
    "séance",
    "délibération",
    "budget",
    "voirie",
    "travaux",
    "chaussée",
    "trottoir",
    "école",
    "cantine",
    "bibliothèque",
    "piscine",
    "marché",
    "propreté",
    "collecte",
    "déchets",
    "encombrants",
    "arrondissement",
    "mairie",
    "habitants",
    "riverains",
    "circulation",
    "stationnement",
    "végétalisation",
    "arbres",
    "jardin",
    "parc",
    "subvention",
    "association",
    "culture",
    "sport",
    "jeunesse",
    "logement",
    "social",
    "santé",
    "crèche",
    "horaires",
    "ouverture",
    "dimanche",
    "accueil",
    "usagers",
    "titres",
    "identité",
    "passeport",
    "délai",
    "commission",
    "rapport",
    "adjoint",
    "maire",
    "vote",
    "avis",
    "favorable",
    "réserve",
    "plan",
    "calendrier",
    "chantier",
    "éclairage",
]


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--passages", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200)
    return parser.parse_args()


def sentence(rng: random.Random, n: int = 14) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def bench_extraction(pages: int, agent):
    import io

    import pypdf
    from weasyprint import HTML

    from workspace.documents import services

    rng = random.Random(1)
    body = "".join(
        f'<section style="break-before: {"page" if n > 1 else "auto"}"><h2>Page {n}</h2>'
        + "".join(f"<p>{sentence(rng, 20)}</p>" for _ in range(8))
        + "</section>"
        for n in range(1, pages + 1)
    )
    data = HTML(string=f"<html lang='fr'><body>{body}</body></html>").write_pdf()

    start = time.perf_counter()
    reader = pypdf.PdfReader(io.BytesIO(data))
    raw_chars = sum(len(page.extract_text() or "") for page in reader.pages)
    raw = time.perf_counter() - start

    start = time.perf_counter()
    document = services.document_upload(owner=agent, name="bench.pdf", data=data)
    services.document_extract(document_id=document.pk)
    ours = time.perf_counter() - start
    document.refresh_from_db()
    assert document.units_done == pages, (document.status, document.units_done)
    print(f"Extraction — {pages}-page PDF ({len(data) // 1024} KB, {raw_chars} characters)")
    print(f"  raw pypdf extract_text        {pages / raw:8.1f} pages/s  ({raw:.2f} s)")
    print(
        f"  workspace (check, extract,    {pages / ours:8.1f} pages/s  ({ours:.2f} s; "
        f"{document.passages.count()} passages)"
    )
    print("   passages, encrypt, index)")


def bench_retrieval(n_passages: int, n_queries: int, agent):
    from django.db import connection

    from workspace import selectors
    from workspace.documents.index_schema import FTS_TABLE
    from workspace.documents.search_index import index_add, terms
    from workspace.models import Document, DocumentStatus, Passage

    rng = random.Random(2)
    per_document = 100
    start = time.perf_counter()
    for d in range(n_passages // per_document):
        document = Document.objects.create(
            owner=agent,
            title=f"Document {d}",
            filename=f"d{d}.txt",
            kind="txt",
            status=DocumentStatus.READY,
        )
        rows = [
            Passage(
                document=document,
                position=i,
                section=i // 5 + 1,
                label=f"§ {i // 5 + 1}",
                text=" ".join(sentence(rng) for _ in range(12)),
            )
            for i in range(per_document)
        ]
        created = Passage.objects.bulk_create(rows)
        index_add((p.pk, p.text) for p in created)
    print(
        f"Retrieval — {Passage.objects.count()} passages ({connection.vendor}), "
        f"{n_queries} queries, populated in {time.perf_counter() - start:.1f} s"
    )
    queries = [" ".join(rng.sample(WORDS, 3)) for _ in range(n_queries)]

    def raw(query):
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT id FROM workspace_passage, to_tsquery('french', %s) q "
                    "WHERE search_vector @@ q ORDER BY ts_rank_cd(search_vector, q) DESC LIMIT 8",
                    [" | ".join(query.split())],
                )
            else:
                cursor.execute(
                    f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "
                    f"ORDER BY bm25({FTS_TABLE}) LIMIT 8",
                    [" OR ".join(f'"{t}"' for t in terms(query))],
                )
            return cursor.fetchall()

    def ours(query):
        return selectors.passages_search(user=agent, query=query, limit=8)

    for name, fn in (("raw full-text SQL", raw), ("passages_search", ours)):
        fn(queries[0])  # warm up
        times = []
        found = 0
        for query in queries:
            start = time.perf_counter()
            found += bool(fn(query))
            times.append((time.perf_counter() - start) * 1000)
        print(
            f"  {name:<22} p50 {statistics.median(times):7.2f} ms   "
            f"p95 {percentile(times, 0.95):7.2f} ms   ({found}/{len(queries)} with hits)"
        )


def main():
    args = parse_args()
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        from django.contrib.auth.models import Group

        from accounts.models import User
        from accounts.roles import Role

        agent = User.objects.create_user(email="bench@example.org", department="DSIN")
        agent.groups.add(Group.objects.get_or_create(name=str(Role.AGENT))[0])
        print(f"Workspace documents benchmark — {connection.vendor}")
        bench_extraction(args.pages, agent)
        bench_retrieval(args.passages, args.queries, agent)
    finally:
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


if __name__ == "__main__":
    main()
