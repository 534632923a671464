"""Running golden sets: every case of an assistant, on one model alias, checked and stored.

Each case is one generation through the inference bridge (`job_for_service`, purpose
"evaluation:<slug>", so it takes its turn at the gate and is written to the ledger like any other
work), built as the assistant's pipeline builds it: the assistant's instructions as the system
prompt; for a case with a document, the pages as numbered sources (`grounded_messages`), for a
text, the text as the user message (the translation direction added for the translator).
Decoding is greedy (temperature 0) so that the same model gives the same score twice; a small
fixture fits one generation, so the long-document map-reduce is not exercised here.

The result (`Evaluation`, one per assistant × version × model alias × day) is also written to
the assistant's register record through `register.services.system_evaluation_record`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from core.errors import ApplicationError
from inference_bridge.generation import build_params, job_events, job_for_service
from inference_bridge.grounding import Source, grounded_messages, sources_from
from inference_bridge.models import Channel
from inference_bridge.router import available_aliases
from register.services import system_evaluation_record
from workspace.assistants.pipelines import TRANSLATE_REQUESTS
from workspace.models import Assistant, Evaluation, GoldenCase, TaskKind
from workspace.models.evaluation import EVALUATION_METHOD

from .checks import checks_run
from .golden import golden_cases_sync

logger = logging.getLogger(__name__)

# The request that goes with a document when the case gives none (as the pipelines ask it).
DEFAULT_REQUESTS = {
    TaskKind.SUMMARY: "Résumez ce document en deux ou trois phrases.",
    TaskKind.EXTRACT: (
        "Listez les décisions, les actions et les dates de ce compte rendu, une par ligne, "
        "chaque ligne commençant par « Décision : », « Action : » ou « Date : »."
    ),
    TaskKind.QA: "Répondez à la question à partir des sources.",
}


def case_sources(case: GoldenCase) -> list[Source]:
    title = case.document_title
    return sources_from(
        {
            "key": f"{case.key}-{n}",
            "text": page["text"],
            "label": f"{title}, {page['label']}" if title else page["label"],
            "url": "",
        }
        for n, page in enumerate(case.document, start=1)
    )


def case_messages(assistant: Assistant, case: GoldenCase) -> tuple[list[dict], list[Source]]:
    """The messages the model gets for this case, and the sources it may cite ([] for none)."""
    instructions = assistant.instructions.strip()
    if case.document:
        sources = case_sources(case)
        request = case.request or case.input_text or DEFAULT_REQUESTS.get(assistant.task_kind, "")
        return grounded_messages(
            instructions=instructions, request=request, sources=sources
        ), sources
    if assistant.task_kind == TaskKind.TRANSLATE:
        direction = case.options.get("direction", "fr-en")
        instructions += "\n\n" + TRANSLATE_REQUESTS.get(direction, TRANSLATE_REQUESTS["fr-en"])
    text = "\n\n".join(t for t in (case.input_text, case.request) if t)
    return [
        {"role": "system", "content": instructions},
        {"role": "user", "content": text},
    ], []


def case_run(*, assistant: Assistant, case: GoldenCase, model_alias: str) -> dict:
    """Generate and check one case: the per-case entry stored in `Evaluation.details`."""
    messages, sources = case_messages(assistant, case)
    detail = {
        "key": case.key,
        "title": case.title,
        "input": case.input_text,
        "document_title": case.document_title,
        "document": case.document,
        "request": case.request,
        "output": "",
        "error": "",
        "node": "",
        "prompt_tokens": 0,
        "completion_tokens": 0,
        "duration_ms": 0,
        "energy_wh": 0.0,
    }
    started = time.monotonic()
    try:
        job = job_for_service(
            messages=messages,
            model_alias=model_alias,
            channel=Channel.WORKSPACE,
            purpose=f"evaluation:{assistant.slug}"[:100],
            params=build_params(max_tokens=assistant.max_tokens, temperature=0.0),
        )
    except ApplicationError as exc:  # no node serves the alias, the gate is full
        job, detail["error"] = None, exc.message[:500]
    text = []
    for name, data in job_events(job) if job else ():
        if name == "delta":
            text.append(data["text"])
        elif name == "node":
            detail["node"] = data.get("node", "")
        elif name == "usage":
            detail["prompt_tokens"] = data.get("prompt_tokens") or 0
            detail["completion_tokens"] = data.get("completion_tokens") or 0
            detail["duration_ms"] = data.get("duration_ms") or 0
            detail["energy_wh"] = data.get("energy_wh") or 0.0
        elif name == "error":
            detail["error"] = str(data.get("message", ""))[:500]
    detail["output"] = "".join(text).strip()
    detail["wall_ms"] = round((time.monotonic() - started) * 1000)
    if detail["error"]:
        detail["checks"] = [
            {"kind": next(iter(c)), "passed": False, "observed": {"error": True}}
            for c in case.checks
        ]
    else:
        detail["checks"] = checks_run(
            case.checks, output=detail["output"], input_text=case.input_text, sources=sources
        )
    detail["passed"] = all(c["passed"] for c in detail["checks"])
    return detail


def _score(details: list[dict]) -> float:
    """Mean, over the cases, of the share of the case's checks that pass, on 0–100."""
    shares = [
        sum(c["passed"] for c in d["checks"]) / len(d["checks"]) for d in details if d["checks"]
    ]
    return round(100 * sum(shares) / len(shares), 1) if shares else 0.0


def evaluation_run(
    *,
    assistant: Assistant,
    model_alias: str,
    limit: int | None = None,
    on_case: Callable[[dict], None] | None = None,
) -> Evaluation | None:
    """Run the assistant's active golden cases on `model_alias`; None when it has no case."""
    cases = list(assistant.golden_cases.filter(active=True).order_by("position", "key"))
    if limit:
        cases = cases[:limit]
    if not cases:
        return None
    details = []
    for case in cases:
        detail = case_run(assistant=assistant, case=case, model_alias=model_alias)
        details.append(detail)
        if on_case:
            on_case(detail)
    return evaluation_store(assistant=assistant, model_alias=model_alias, details=details)


@transaction.atomic
def evaluation_store(*, assistant: Assistant, model_alias: str, details: list[dict]) -> Evaluation:
    """Store the day's result (replacing an earlier run of the same day) and tell the register."""
    now = timezone.now()
    checks = [c for d in details for c in d["checks"]]
    evaluation, _created = Evaluation.objects.update_or_create(
        assistant=assistant,
        assistant_version=assistant.version,
        model_alias=model_alias,
        day=timezone.localdate(now),
        defaults={
            "evaluated_at": now,
            "model_name": next((d["node"] for d in details if d["node"]), "")[:200],
            "method": EVALUATION_METHOD,
            "score": _score(details),
            "passed": sum(d["passed"] for d in details),
            "total": len(details),
            "checks_passed": sum(c["passed"] for c in checks),
            "checks_total": len(checks),
            "prompt_tokens": sum(d["prompt_tokens"] for d in details),
            "completion_tokens": sum(d["completion_tokens"] for d in details),
            "duration_ms": sum(d["duration_ms"] for d in details),
            "energy_wh": round(sum(d["energy_wh"] for d in details), 6),
            "details": details,
        },
    )
    if assistant.register_uuid:
        system_evaluation_record(
            system_uuid=assistant.register_uuid,
            label=f"{assistant.name} (v{assistant.version})",
            model_alias=model_alias,
            score=evaluation.score,
            passed=evaluation.passed,
            total=evaluation.total,
            evaluated_at=evaluation.evaluated_at,
            method=f"{EVALUATION_METHOD}, {evaluation.total} cas de test",
        )
    return evaluation


def evaluation_targets(
    *, assistant_slug: str | None = None, model_alias: str | None = None
) -> tuple[list[Assistant], list[str]]:
    """The live assistants (or the one named) and the model aliases (or the one named).

    Unknown names raise LookupError with a readable message; golden files are loaded first.
    """
    assistants = Assistant.objects.filter(live=True).order_by("order", "name")
    if assistant_slug:
        assistants = assistants.filter(slug=assistant_slug)
        if not assistants:
            raise LookupError(f"No live assistant has the slug {assistant_slug!r}.")
    aliases = available_aliases()
    if model_alias:
        if model_alias not in aliases:
            raise LookupError(
                f"No active node serves the model {model_alias!r} "
                f"(available: {', '.join(aliases) or 'none'})."
            )
        aliases = [model_alias]
    assistants = list(assistants)
    for assistant in assistants:
        golden_cases_sync(assistant=assistant)
    return assistants, aliases


def evaluations_run(
    *,
    assistant_slug: str | None = None,
    model_alias: str | None = None,
    limit: int | None = None,
    on_case: Callable[[dict], None] | None = None,
) -> list[Evaluation]:
    """Every live assistant × every available model alias (the command and the weekly task)."""
    assistants, aliases = evaluation_targets(assistant_slug=assistant_slug, model_alias=model_alias)
    done = []
    for assistant in assistants:
        for alias in aliases:
            evaluation = evaluation_run(
                assistant=assistant, model_alias=alias, limit=limit, on_case=on_case
            )
            if evaluation is not None:
                done.append(evaluation)
    return done
