"""Cast N ballots (default 1,000,000) over 20 use cases, then compute the results.

Setup uses bulk inserts; the write rate is measured through `ballot_cast()` (the service the
API calls) on a sample, beside a raw `INSERT … ON CONFLICT DO UPDATE` baseline; the results
time (`consultation_results()`) is measured beside one raw GROUP BY.

    DEBUG=1 .venv/bin/python bench/consultation.py --ballots 100000
    DATABASE_URL=postgres://… .venv/bin/python bench/consultation.py
"""

import argparse
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from consultation import selectors, services  # noqa: E402
from consultation.models import GRADES_BEST_FIRST, Ballot, Consultation, UseCase  # noqa: E402

USE_CASES = 20


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ballots", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=2000, help="ballots cast through the service")
    args = parser.parse_args()
    voters_needed = max(1, args.ballots // USE_CASES)
    settings.CONSULTATION_RATE_BALLOTS = ""  # measure the write path, not the limiter

    now = timezone.now()
    slug = f"bench-{int(time.time())}"
    consultation = Consultation.objects.create(
        slug=slug,
        title="Bench",
        summary="bench",
        information_starts_at=now - timedelta(days=2),
        voting_starts_at=now - timedelta(days=1),
        voting_ends_at=now + timedelta(days=1),
        answer_due_at=now + timedelta(days=2),
        results_visibility="live",
    )
    use_cases = UseCase.objects.bulk_create(
        [
            UseCase(
                consultation=consultation,
                title=f"UC {i}",
                summary="s",
                problem="p",
                proposed_ai="a",
                data_used="d",
                people_affected="p",
                expected_benefits="b",
                risks="r",
                alternatives="a",
            )
            for i in range(USE_CASES)
        ]
    )
    use_cases = list(UseCase.objects.filter(consultation=consultation).order_by("pk"))
    print(
        f"database: {connection.vendor}; ballots: {voters_needed * USE_CASES:,} over {USE_CASES} use cases"
    )

    t = time.perf_counter()
    users = [
        User(email=f"{slug}-{i}@bench.invalid", password="!")
        for i in range(voters_needed + args.sample * 2)
    ]
    User.objects.bulk_create(users, batch_size=5000)
    user_ids = list(
        User.objects.filter(email__startswith=f"{slug}-")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    from allauth.account.models import EmailAddress

    sample_ids = user_ids[voters_needed:]
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user_id=i, email=f"{slug}-s{i}@bench.invalid", verified=True, primary=True)
            for i in sample_ids
        ],
        batch_size=5000,
    )
    import random

    rng = random.Random(42)
    base = [1, 2, 4, 6, 4, 2, 1]  # bell-shaped, shifted per use case so rankings differ
    tables = []
    for k in range(USE_CASES):
        shift = k % 7 - 3
        weights = [base[min(6, max(0, i + shift))] + (k % 3) for i in range(7)]
        tables.append(rng.choices(GRADES_BEST_FIRST, weights=weights, k=997))
    batch = []
    for n, voter_id in enumerate(user_ids[:voters_needed]):
        for k, uc in enumerate(use_cases):
            batch.append(
                Ballot(
                    voter_id=voter_id,
                    use_case_id=uc.pk,
                    grade=tables[k][n % 997],
                    created_at=now,
                    updated_at=now,
                )
            )
        if len(batch) >= 20_000:
            with transaction.atomic():
                Ballot.objects.bulk_create(batch, batch_size=20_000)
            batch = []
    if batch:
        Ballot.objects.bulk_create(batch, batch_size=20_000)
    print(f"setup (bulk): {time.perf_counter() - t:.1f} s")

    # Write rate through the service (one ballot = one request's work).
    sample_users = list(User.objects.filter(pk__in=sample_ids[: args.sample]))
    t = time.perf_counter()
    for i, user in enumerate(sample_users):
        services.ballot_cast(
            voter=user, use_case=use_cases[i % USE_CASES], grade=GRADES_BEST_FIRST[i % 7]
        )
    service_rate = len(sample_users) / (time.perf_counter() - t)

    # Baseline: raw INSERT … ON CONFLICT DO UPDATE, one statement per ballot, autocommit.
    table = Ballot._meta.db_table
    raw_ids = sample_ids[args.sample : args.sample * 2]
    placeholder = "%s"
    sql = (
        f"INSERT INTO {table} (public_id, voter_id, use_case_id, grade, created_at, updated_at) "
        f"VALUES ({placeholder}, {placeholder}, {placeholder}, {placeholder}, {placeholder}, {placeholder}) "
        "ON CONFLICT (voter_id, use_case_id) DO UPDATE SET grade = excluded.grade, updated_at = excluded.updated_at"
    )
    import uuid

    t = time.perf_counter()
    with connection.cursor() as cursor:
        for i, voter_id in enumerate(raw_ids):
            public_id = uuid.uuid4() if connection.vendor == "postgresql" else uuid.uuid4().hex
            cursor.execute(
                sql,
                [
                    public_id,
                    voter_id,
                    use_cases[i % USE_CASES].pk,
                    GRADES_BEST_FIRST[i % 7],
                    now,
                    now,
                ],
            )
    raw_rate = len(raw_ids) / (time.perf_counter() - t)

    # Results: the selector (GROUP BY + majority judgment) vs one raw GROUP BY.
    t = time.perf_counter()
    ranking = selectors.consultation_results(consultation=consultation)
    results_s = time.perf_counter() - t
    t = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT b.use_case_id, b.grade, COUNT(*) FROM {table} b JOIN {UseCase._meta.db_table} u ON u.id = b.use_case_id "
            f"WHERE u.consultation_id = {placeholder} GROUP BY b.use_case_id, b.grade",
            [consultation.pk],
        )
        cursor.fetchall()
    raw_group_s = time.perf_counter() - t

    print(
        f"ballot writes via ballot_cast(): {service_rate:,.0f}/s | raw INSERT … ON CONFLICT: {raw_rate:,.0f}/s | ratio {service_rate / raw_rate:.2f}"
    )
    print(
        f"results via consultation_results(): {results_s * 1000:,.0f} ms | raw GROUP BY: {raw_group_s * 1000:,.0f} ms | ratio {results_s / raw_group_s:.2f}"
    )
    print(
        "top 3:",
        ", ".join(
            f"{r['rank']}. {r['use_case'].title} ({r['median_grade']}, {r['ballots']:,})"
            for r in ranking[:3]
        ),
    )

    # Clean up so the bench can run against a dev database.
    Ballot.objects.filter(use_case__consultation=consultation).delete()
    consultation.delete()
    User.objects.filter(email__startswith=f"{slug}-").delete()


if __name__ == "__main__":
    main()
