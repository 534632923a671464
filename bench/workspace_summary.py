"""Workspace benchmark (issue 13).

Summary part: summarise a 50-page document with the "summarise a document" assistant (map
over sections + reduce, every sentence checked by the grounding kernel), through the same
pipeline the run page streams, on the in-process SmolLM2 node; then one direct generation
(the same node, through the same ledger) asked for as many completion tokens as the whole
summary produced. Prints time, tokens, tokens/s and the overhead of the pipeline (prompts,
verification, database writes) over plain generation.

    .venv/bin/python bench/workspace_summary.py [--pages 50]

It never touches your own data: it uses a throwaway SQLite database in a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGE = (
    "Page {n}. Le conseil municipal examine le projet de rénovation de la piscine numéro {n}. "
    "Les travaux durent {m} mois et coûtent {c} euros. Les nageurs sont accueillis dans les "
    "piscines voisines pendant les travaux. Les abonnements sont prolongés sans frais. "
    "Le service des sports informe les usagers par courrier et sur le site de la Ville. "
)


def setup(db_dir: str) -> None:
    os.environ.update(
        {
            "DATABASE_URL": f"sqlite:///{db_dir}/bench.sqlite3",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "TESTING": "1",
            "WORKSPACE_DEPARTMENT_QUOTA": "100000/day",
            "LOG_LEVEL": "WARNING",
        }
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)


def bench_summary(pages: int) -> dict:
    from django.conf import settings

    from accounts.models import User
    from accounts.roles import Role
    from inference_bridge import services as ib_services
    from inference_bridge.generation import build_params, job_collect, job_for_service
    from inference_bridge.models import Channel
    from workspace.assistants import services
    from workspace.assistants.pipelines import run_events
    from workspace.demo import assistants_seed
    from workspace.models import Assistant, Document, Passage

    ib_services.nodes_ensure_default()
    assistants_seed()
    from django.contrib.auth.models import Group

    agent = User.objects.create_user(email="bench@example.org", password="x")
    agent.groups.add(Group.objects.get_or_create(name=Role.AGENT)[0])
    document = Document.objects.create(
        owner=agent, title="Rénovation des piscines", filename="b.pdf", kind="pdf", status="ready"
    )
    for n in range(1, pages + 1):
        text = PAGE.format(n=n, m=n % 9 + 2, c=(n * 37_000))
        Passage.objects.create(
            document=document, position=n, page=n, label=f"p. {n}", text=text, word_count=60
        )
    assistant = Assistant.objects.get(slug="resumer-un-document")
    run = services.run_start(user=agent, assistant=assistant, document=document)
    started = time.perf_counter()
    first_part = None
    for name, _data in run_events(run):
        if name == "part_end" and first_part is None:
            first_part = time.perf_counter() - started
    pipeline_s = time.perf_counter() - started
    run.refresh_from_db()
    completion = run.usage.get("completion_tokens", 0)
    # Baseline: one direct generation of the same number of completion tokens (past the
    # per-request cap, INFERENCE_MAX_TOKENS_LIMIT, which would cut it at 512).
    settings.INFERENCE_IGNORE_EOS = True
    settings.INFERENCE_MAX_TOKENS_LIMIT = max(settings.INFERENCE_MAX_TOKENS_LIMIT, completion)
    job = job_for_service(
        messages=[
            {"role": "system", "content": assistant.instructions},
            {"role": "user", "content": "Résume ce texte : " + PAGE.format(n=1, m=3, c=37_000)},
        ],
        model_alias=settings.INFERENCE_DEFAULT_MODEL,
        channel=Channel.WORKSPACE,
        purpose="bench:direct",
        params=build_params(max_tokens=max(1, completion), temperature=0.2),
    )
    started = time.perf_counter()
    direct = job_collect(job)
    direct_s = time.perf_counter() - started
    direct_tokens = (direct["usage"] or {}).get("completion_tokens", 0)
    return {
        "pages": pages,
        "sections": len(run.result.get("parts", [])),
        "pipeline_s": pipeline_s,
        "first_part_s": first_part or 0.0,
        "prompt_tokens": run.usage.get("prompt_tokens", 0),
        "completion_tokens": completion,
        "sentences_kept": sum(len(p["sentences"]) for p in run.result.get("parts", [])),
        "sentences_dropped": run.dropped_count,
        "direct_s": direct_s,
        "direct_tokens": direct_tokens,
    }


def print_summary(r: dict) -> None:
    print(f"\nSummary of a {r['pages']}-page document ({r['sections']} sections + reduce)")
    print(
        f"  map-reduce pipeline : {r['pipeline_s']:.1f} s, first part after {r['first_part_s']:.1f} s"
    )
    print(
        f"    tokens            : {r['prompt_tokens']} prompt + {r['completion_tokens']} completion"
    )
    print(f"    sentences         : {r['sentences_kept']} kept, {r['sentences_dropped']} dropped")
    rate = r["completion_tokens"] / r["pipeline_s"] if r["pipeline_s"] else 0
    print(f"    completion tok/s  : {rate:.1f}")
    direct_rate = r["direct_tokens"] / r["direct_s"] if r["direct_s"] else 0
    print(f"  one direct generation of the same completion tokens: {r['direct_s']:.1f} s")
    print(f"    tokens            : {r['direct_tokens']} completion, {direct_rate:.1f} tok/s")
    if r["direct_s"]:
        print(
            f"  pipeline / direct   : ×{r['pipeline_s'] / r['direct_s']:.2f} (prompts of each section, checks, writes)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-workspace-") as db_dir:
        setup(db_dir)
        print_summary(bench_summary(args.pages))


if __name__ == "__main__":
    main()
