"""Debate synthesis at scale: themes and vote analysis on 10,000 comments × 100,000 comment
votes, each beside a raw SQL + numpy baseline run in the same process; then the drafting of a
300-comment debate on the city's model (time, tokens).

    DATABASE_URL=postgres://… .venv/bin/python bench/synthesis.py [--comments 10000]
        [--votes 100000] [--debate 300] [--no-model]

Its rows are created in the configured database and deleted at the end.
"""

import argparse
import os
import random
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
from django.db import connection  # noqa: E402

from accounts.models import User  # noqa: E402
from consultation import selectors  # noqa: E402
from consultation.models import Ballot, Comment, CommentVote, UseCase  # noqa: E402
from consultation.selectors import OPPONENT_GRADES, SUPPORTER_GRADES  # noqa: E402
from consultation.services.synthesis import synthesis_draft_build, synthesis_themes  # noqa: E402
from consultation.themes import _kmeans, tfidf  # noqa: E402

TOPICS = [
    ("données personnelles vie privée RGPD anonymisation CNIL conservation fuite", "against"),
    ("coût budget argent public serveurs licences finances embauches euros", "against"),
    ("personnes sourdes sous-titres accessibilité handicap vidéos séances", "for"),
    ("emplois agents formation métiers charge travail syndicats", "neutral"),
    ("énergie électricité sobriété carbone serveurs consommation climat", "against"),
    ("délai réponse usagers attente rapidité guichet courrier", "for"),
]
FILLER = "je pense que la ville devrait vraiment regarder ce point avec attention car il compte"


def measure(label, fn):
    tracemalloc.start()
    started = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"  {label:<44} {elapsed:8.2f} s   peak {peak / 1e6:8.1f} MB")
    return result, elapsed


def use_case_with_debate(n_comments: int, n_votes: int, rng: random.Random) -> UseCase:
    use_case = UseCase.objects.create(
        title="Bench synthesis",
        summary="s",
        problem="p",
        proposed_ai="a",
        data_used="d",
        people_affected="p",
        expected_benefits="b",
        risks="r",
        alternatives="a",
    )
    tag = f"{use_case.pk}-{int(time.time())}"
    author = User.objects.create(email=f"bench-author-{tag}@example.org", display_name="Bench")
    rows = []
    for i in range(n_comments):
        words, side = TOPICS[i % len(TOPICS)]
        vocab = words.split()
        body = " ".join(rng.sample(vocab, 4) + rng.sample(FILLER.split(), 5)) + "."
        rows.append(
            Comment(use_case=use_case, author=author, body=body, body_html=body, alignment=side)
        )
    Comment.objects.bulk_create(rows, batch_size=2000)
    voters = User.objects.bulk_create(
        [User(email=f"bench-voter-{tag}-{i}@example.org", display_name="v") for i in range(2000)],
        batch_size=2000,
    )
    grades = SUPPORTER_GRADES + OPPONENT_GRADES + ["fairly_good"]
    Ballot.objects.bulk_create(
        [Ballot(use_case=use_case, voter=v, grade=rng.choice(grades)) for v in voters],
        batch_size=2000,
    )
    comment_ids = list(Comment.objects.filter(use_case=use_case).values_list("pk", flat=True))
    pairs = set()
    while len(pairs) < n_votes:
        pairs.add((rng.choice(comment_ids), rng.randrange(len(voters))))
    CommentVote.objects.bulk_create(
        [
            CommentVote(comment_id=c, voter=voters[v], value=rng.choice((1, 1, -1)))
            for c, v in pairs
        ],
        batch_size=5000,
    )
    if connection.vendor == "postgresql":
        # Fresh planner statistics, as autovacuum would gather them on a live site: without
        # them PostgreSQL takes the freshly filled tables for empty ones and joins them with
        # nested loops (the raw baseline then took a minute instead of a second).
        with connection.cursor() as cursor:
            cursor.execute(
                "ANALYZE consultation_comment, consultation_commentvote, consultation_ballot"
            )
    return use_case


def baseline_votes(use_case: UseCase) -> int:
    """One raw join, then numpy: approval per comment and side."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT v.comment_id, v.value, b.grade FROM consultation_commentvote v "
            "JOIN consultation_comment c ON c.id = v.comment_id "
            "JOIN consultation_ballot b ON b.voter_id = v.voter_id AND b.use_case_id = c.use_case_id "
            "WHERE c.use_case_id = %s AND NOT c.is_hidden AND NOT c.pending_review",
            [use_case.pk],
        )
        rows = cursor.fetchall()
    comment = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    value = np.fromiter((r[1] for r in rows), dtype=np.int8, count=len(rows))
    sup = np.fromiter((r[2] in SUPPORTER_GRADES for r in rows), dtype=bool, count=len(rows))
    opp = np.fromiter((r[2] in OPPONENT_GRADES for r in rows), dtype=bool, count=len(rows))
    ids, index = np.unique(comment, return_inverse=True)
    counts = [
        np.bincount(index, weights=(mask & (value == sign)), minlength=len(ids))
        for mask in (sup, opp)
        for sign in (1, -1)
    ]
    s_up, s_down, o_up, o_down = counts
    ok = (s_up + s_down >= 3) & (o_up + o_down >= 3)
    s_rate = np.divide(s_up, s_up + s_down, out=np.zeros_like(s_up), where=ok)
    o_rate = np.divide(o_up, o_up + o_down, out=np.zeros_like(o_up), where=ok)
    return int((ok & (np.minimum(s_rate, o_rate) >= 0.6)).sum())


def baseline_themes(use_case: UseCase) -> int:
    """Raw fetch of the bodies, TF-IDF, one k-means at a fixed k (no choice of k)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT body FROM consultation_comment WHERE use_case_id = %s "
            "AND NOT is_hidden AND NOT pending_review",
            [use_case.pk],
        )
        texts = [r[0] for r in cursor.fetchall()]
    matrix, _vocab = tfidf(texts)
    return len(set(_kmeans(matrix, 6, restarts=1).tolist()))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--comments", type=int, default=10_000)
    parser.add_argument("--votes", type=int, default=100_000)
    parser.add_argument("--debate", type=int, default=300)
    parser.add_argument("--no-model", action="store_true")
    args = parser.parse_args()
    rng = random.Random(2026)
    print(f"database: {connection.vendor}")
    created = []
    try:
        started = time.perf_counter()
        use_case = use_case_with_debate(args.comments, args.votes, rng)
        created.append(use_case)
        print(
            f"setup: {args.comments:,} comments, {args.votes:,} comment votes, 2,000 ballots "
            f"in {time.perf_counter() - started:.1f} s"
        )
        print("themes (TF-IDF + k-means, k chosen by silhouette):")
        themes, _t = measure("synthesis_themes()", lambda: synthesis_themes(use_case=use_case))
        print(
            f"    {len(themes)} themes: " + " | ".join(", ".join(t["keywords"][:3]) for t in themes)
        )
        k, _t = measure(
            "baseline: raw SQL + numpy, one k-means k=6", lambda: baseline_themes(use_case)
        )
        print("votes (bridging and divisive comments):")
        result, _t = measure(
            "consensus_and_division() (SQL aggregates)",
            lambda: selectors.consensus_and_division(use_case=use_case),
        )
        count, _t = measure(
            "baseline: raw SQL join + numpy bincount", lambda: baseline_votes(use_case)
        )
        print(
            f"    bridging shown: {len(result['bridging'])} (top 5); baseline counts {count} "
            "bridging comments in all"
        )
        if not args.no_model:
            from inference_bridge.services import nodes_ensure_default

            nodes_ensure_default()
            small = use_case_with_debate(args.debate, args.debate * 10, rng)
            created.append(small)
            print(f"drafting a {args.debate}-comment debate on the city's model:")
            draft, elapsed = measure(
                "synthesis_draft_build()", lambda: synthesis_draft_build(use_case=small)
            )
            sentences = sum(len(p) for t in draft["themes"] for p in t["parts"].values())
            print(
                f"    {len(draft['themes'])} themes, {sentences} verified sentences, "
                f"{draft['dropped_total']} dropped, coverage {draft['coverage']:.0%}, "
                f"{draft['tokens']:,} tokens (prompt + completion), "
                f"{draft['tokens'] / elapsed:.1f} tokens/s overall"
            )
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"    process peak RSS (model included): {rss:.0f} MB")
    finally:
        for use_case in created:
            Comment.objects.filter(use_case=use_case).delete()
            Ballot.objects.filter(use_case=use_case).delete()
            use_case.delete()
        User.objects.filter(email__startswith="bench-").delete()


if __name__ == "__main__":
    main()
