"""What each task kind does with its input: one or more generations, grounded where they can be.

`run_events(run, cancel=…)` is a blocking generator of (name, data) events, shared by the
streamed page (under ASGI through `aiter_in_thread`), the no-JS form, the Celery task (long
work) and the agents' API. It saves the run as it goes: each finished part is kept, so a
cancelled or failed run keeps its partial result.

- summary: map over `document_sections` (one section per call = a single source, so every
  sentence of a part is attributed to that section and checked by the grounding kernel), then,
  when there are several parts, a reduce step whose sources are the parts, labelled by pages.
- extract: the same map, each verified sentence becomes a row (decision / action / date) citing
  its passage.
- qa: `passages_search` then one grounded answer; nothing found (or nothing verified) is said.
- plain_language, translate, reply: one plain generation (they rewrite, they do not cite);
  plain language adds readability figures before and after.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from inference_bridge.backends import CancelToken
from inference_bridge.generation import build_params, job_events, job_for_service
from inference_bridge.grounding import (
    Source,
    grounded_events,
    grounded_messages,
    sources_from,
)
from inference_bridge.models import Channel
from workspace import selectors
from workspace.models import Run, RunStatus, TaskKind

from .readability import FORMULA_NAME, readability

USAGE_KEYS = ("prompt_tokens", "completion_tokens", "total_tokens", "energy_wh", "co2_g")


def run_cancel_token(run: Run) -> CancelToken:
    """Shared by every generation of a run; the stop button sets it from any process."""
    return CancelToken(f"wsrun{run.uuid.hex}")


@dataclass
class Step:
    messages: list[dict]
    sources: list[Source] | None = None  # grounded when given


def _purpose(run: Run) -> str:
    return f"assistant:{run.assistant.slug}"[:100]


def _generate(run: Run, step: Step, cancel: CancelToken) -> Iterator[tuple[str, dict]]:
    """One generation's events (grounded when the step has sources); usage is added to the run."""
    assistant = run.assistant
    job = job_for_service(
        messages=step.messages,
        model_alias=run.model_alias,
        channel=Channel.WORKSPACE,
        purpose=_purpose(run),
        department=run.department,
        user=run.user,
        params=build_params(max_tokens=assistant.max_tokens, temperature=assistant.temperature),
    )
    job.cancel = cancel
    events = job_events(job)
    if step.sources is not None:
        events = grounded_events(events, step.sources)
    for name, data in events:
        if name == "usage":
            for key in USAGE_KEYS:
                run.usage[key] = round((run.usage.get(key) or 0) + (data.get(key) or 0), 6)
            run.usage["duration_ms"] = (run.usage.get("duration_ms") or 0) + (
                data.get("duration_ms") or 0
            )
        yield name, data


def _section_source(run: Run, section, number: int = 1) -> Source:
    anchor = getattr(section, "anchor", "")
    url = f"{run.document.get_absolute_url()}#{anchor}" if run.document_id and anchor else ""
    return Source(number, section.text, key=section.label, label=section.label, url=url)


def _sections(run: Run) -> list:
    if run.document_id:
        return list(
            selectors.document_sections(
                document=run.document, max_chars=settings.WORKSPACE_SECTION_MAX_CHARS
            )
        )
    text = run.input_text.strip()
    return [_TextSection(text=text, page_from=None, page_to=None, label=_("your text"))]


@dataclass
class _TextSection:
    text: str
    page_from: int | None
    page_to: int | None
    label: str


class RunFailed(Exception):
    def __init__(self, data: dict):
        super().__init__(data.get("message", ""))
        self.data = data


def _grounded_part(run, step, cancel, *, label, url) -> Iterator[tuple[str, dict]]:
    """Stream one grounded part; returns (via the `part` event) its verified sentences."""
    part = {"label": str(label), "url": url, "sentences": [], "dropped": 0}
    yield "part_start", {"label": str(label), "url": url}
    for name, data in _generate(run, step, cancel):
        if name == "sentence":
            part["sentences"].append(data)
        elif name == "dropped":
            part["dropped"] += 1
        elif name == "error":
            raise RunFailed(data)
        if name in ("sentence", "dropped", "node", "queue"):
            yield name, data
    yield "part_end", part


def _save(run: Run, *fields: str) -> None:
    run.save(update_fields=list(fields))


def _summary_or_extract(run: Run, cancel: CancelToken) -> Iterator[tuple[str, dict]]:
    assistant = run.assistant
    sections = _sections(run)
    run.progress_total = len(sections) + (1 if len(sections) > 1 else 0)
    _save(run, "progress_total")
    request = (
        _("Summarise this section in two or three sentences.")
        if run.task_kind == TaskKind.SUMMARY
        else _(
            "List the decisions, actions and dates in this section, one per line, each line "
            "starting with “Decision:”, “Action:” or “Date:”."
        )
    )
    parts = run.result.setdefault("parts", [])
    for section in sections[len(parts) :]:  # a resumed run skips the parts it has
        if cancel.is_set():
            return
        source = _section_source(run, section)
        step = Step(
            grounded_messages(
                instructions=assistant.instructions, request=request, sources=[source]
            ),
            [source],
        )
        yield "progress", {"done": run.progress_done, "total": run.progress_total}
        for name, data in _grounded_part(run, step, cancel, label=section.label, url=source.url):
            if name == "part_end":
                data["page_from"], data["page_to"] = section.page_from, section.page_to
                parts.append(data)
                run.dropped_count += data["dropped"]
                run.progress_done += 1
                _save(run, "result", "dropped_count", "progress_done", "usage")
            yield name, data
    if run.task_kind == TaskKind.EXTRACT:
        run.result["rows"] = [row for part in parts for row in _rows(part)]
        return
    usable = [p for p in parts if p["sentences"]]
    if len(parts) > 1 and usable and not cancel.is_set():
        sources = sources_from(
            {
                "key": p["label"],
                "text": " ".join(s["text"] for s in p["sentences"]),
                "label": p["label"],
                "url": p["url"],
            }
            for p in usable
        )
        step = Step(
            grounded_messages(
                instructions=assistant.instructions,
                request=_("Write an overall summary of the document in a few sentences."),
                sources=sources,
            ),
            sources,
        )
        yield "progress", {"done": run.progress_done, "total": run.progress_total}
        for name, data in _grounded_part(run, step, cancel, label=_("Overall summary"), url=""):
            if name == "part_end":
                run.result["overall"] = data
                run.dropped_count += data["dropped"]
                run.progress_done += 1
            yield name, data


_ROW_KIND = re.compile(r"^\s*(?:[-*•]\s*)?(décision|decision|action|date)s?\s*:\s*", re.I)
_DATE = re.compile(
    r"\b(\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}(?:er)? (?:janvier|février|mars|"
    r"avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|january|february|march|"
    r"april|may|june|july|august|september|october|november|december)(?: \d{4})?)",
    re.I,
)
ROW_KINDS = {"decision": _("Decision"), "action": _("Action"), "date": _("Date")}


def _rows(part: dict) -> list[dict]:
    rows = []
    for sentence in part["sentences"]:
        text = sentence["text"]
        match = _ROW_KIND.match(text)
        kind = (match.group(1).lower().replace("é", "e") if match else "action")[:8]
        text = text[match.end() :] if match else text
        date = _DATE.search(text)
        source = sentence["sources"][0] if sentence["sources"] else {}
        rows.append(
            {
                "kind": kind,
                "text": text.strip(),
                "date": date.group(1) if date else "",
                "label": source.get("label", part["label"]),
                "url": source.get("url", part["url"]),
            }
        )
    return rows


def _qa(run: Run, cancel: CancelToken) -> Iterator[tuple[str, dict]]:
    question = run.input_text.strip()
    hits = selectors.passages_search(
        user=run.user,
        query=question,
        collection=run.collection,
        document=run.document,
        limit=settings.WORKSPACE_QA_PASSAGES,
    )
    run.progress_total = 1
    if not hits:
        run.result["refused"] = True
        run.result["answer"] = str(
            _("Nothing in these documents answers this question, so no answer is given.")
        )
        yield "refused", {"message": run.result["answer"]}
        return
    sources = sources_from(
        {
            "key": str(h.passage_id),
            "text": h.text,
            "label": f"{h.document_title}, {h.label}",
            "url": h.url,
        }
        for h in hits
    )
    step = Step(
        grounded_messages(
            instructions=run.assistant.instructions, request=question, sources=sources
        ),
        sources,
    )
    for name, data in _grounded_part(run, step, cancel, label=_("Answer"), url=""):
        if name == "part_end":
            run.result["parts"] = [data]
            run.dropped_count += data["dropped"]
            run.progress_done = 1
            if not data["sentences"]:
                run.result["refused"] = True
                run.result["answer"] = str(
                    _(
                        "The documents found do not let the model give a verified answer: "
                        "no answer is given."
                    )
                )
                yield "refused", {"message": run.result["answer"]}
        yield name, data


TRANSLATE_REQUESTS = {
    "fr-en": "Translate this text from French into English. Write only the translation.",
    "en-fr": "Traduisez ce texte de l'anglais vers le français. Écrivez seulement la traduction.",
}


def _plain(run: Run, cancel: CancelToken) -> Iterator[tuple[str, dict]]:
    assistant = run.assistant
    text = run.input_text.strip()
    if run.document_id and not text:
        text = "\n\n".join(s.text for s in _sections(run))[: settings.WORKSPACE_SECTION_MAX_CHARS]
    instructions = assistant.instructions.strip()
    if run.task_kind == TaskKind.TRANSLATE:
        instructions += "\n\n" + TRANSLATE_REQUESTS[run.options.get("direction", "fr-en")]
    messages = [
        {"role": "system", "content": instructions},
        {"role": "user", "content": text},
    ]
    run.progress_total = 1
    out = []
    for name, data in _generate(run, Step(messages), cancel):
        if name == "error":
            raise RunFailed(data)
        if name == "delta":
            out.append(data["text"])
        if name in ("delta", "node", "queue"):
            yield name, data
    run.output = "".join(out).strip()
    run.progress_done = 1
    if run.task_kind == TaskKind.PLAIN_LANGUAGE:
        run.result["readability"] = {
            "formula": str(FORMULA_NAME),
            "before": readability(text).as_dict(),
            "after": readability(run.output).as_dict(),
        }
        yield "readability", run.result["readability"]


PIPELINES = {
    TaskKind.SUMMARY: _summary_or_extract,
    TaskKind.EXTRACT: _summary_or_extract,
    TaskKind.QA: _qa,
    TaskKind.PLAIN_LANGUAGE: _plain,
    TaskKind.TRANSLATE: _plain,
    TaskKind.REPLY: _plain,
}


def output_text(run: Run) -> str:
    """The run's result as plain text (Markdown-ish): what is shown, edited and downloaded."""
    result = run.result
    if run.task_kind in (TaskKind.PLAIN_LANGUAGE, TaskKind.TRANSLATE, TaskKind.REPLY):
        return run.output
    if result.get("refused"):
        return result.get("answer", "")
    if run.task_kind == TaskKind.EXTRACT:
        return "\n".join(_row_text(r) for r in result.get("rows", []))
    blocks = []
    overall = result.get("overall")
    if overall and overall["sentences"]:
        blocks.append(_part_text(overall, with_label=False))
    for part in result.get("parts", []):
        if part["sentences"]:
            blocks.append(_part_text(part, with_label=run.task_kind == TaskKind.SUMMARY))
    return "\n\n".join(blocks)


def _row_text(row: dict) -> str:
    date = f" ({row['date']})" if row["date"] else ""
    return f"- {ROW_KINDS.get(row['kind'], row['kind'])} : {row['text']}{date} [{row['label']}]"


def _part_text(part: dict, *, with_label: bool) -> str:
    sentences = " ".join(
        f"{s['text']} [{', '.join(src['label'] for src in s['sources'])}]"
        if not with_label
        else s["text"]
        for s in part["sentences"]
    )
    return f"{part['label']} : {sentences}" if with_label else sentences


def run_events(run: Run, *, cancel: CancelToken | None = None) -> Iterator[tuple[str, dict]]:
    """Execute `run` (pending, or resumed): events for the page; the run is saved at the end."""
    cancel = cancel or run_cancel_token(run)
    run.status = RunStatus.RUNNING
    _save(run, "status")
    yield (
        "start",
        {
            "run": str(run.uuid),
            "assistant_version": run.assistant_version,
            "model": run.model_name or run.model_alias,
        },
    )
    started = time.monotonic()
    try:
        yield from PIPELINES[run.task_kind](run, cancel)
    except RunFailed as exc:
        run.status = RunStatus.FAILED
        run.error = str(exc.data.get("message", ""))[:500]
        yield "error", exc.data
    except ApplicationError as exc:  # ModelNotFound, Busy before a generation starts
        run.status = RunStatus.FAILED
        run.error = exc.message[:500]
        yield "error", {"code": exc.code, "message": exc.message, "status": exc.status}
    else:
        run.status = RunStatus.CANCELLED if cancel.is_set() else RunStatus.DONE
    if run.task_kind not in (TaskKind.PLAIN_LANGUAGE, TaskKind.TRANSLATE, TaskKind.REPLY):
        run.output = output_text(run)
    run.usage["wall_ms"] = round((time.monotonic() - started) * 1000)
    run.finished_at = timezone.now()
    run.save()
    yield (
        "done",
        {
            "status": run.status,
            "dropped": run.dropped_count,
            "usage": run.usage,
            "url": run.get_absolute_url(),
        },
    )


def run_execute_by_id(*, run_id: int) -> str:
    """Execute a pending run to its end (Celery worker, no-JS form); returns its status."""
    from .services import run_claim

    run = Run.objects.select_related("assistant", "user", "document", "collection").get(pk=run_id)
    if not run_claim(run=run):
        return run.status
    for _event in run_events(run):
        pass
    return run.status
