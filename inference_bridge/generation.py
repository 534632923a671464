"""One generation, as a stream of events shared by the sandbox and the agents' API.

`job_events()` is a plain (blocking) generator. The async views never iterate it on the event
loop: `stream_in_thread()` runs it (with the request's checks before it) in a generation
thread kept between answers and hands the events over through an asyncio.Queue (a closed
connection sets the cancel flag); `aiter_in_thread()` does the same from its first read, and
`job_collect()` runs it to the end in the calling thread (the no-JS form, services).
"""

from __future__ import annotations

import asyncio
import logging
import os
import queue
import threading
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.db import close_old_connections
from django.utils import translation
from django.utils.translation import gettext as _

from .backends import (
    BackendError,
    CancelToken,
    GenerationParams,
    PromptTooLong,
    UpstreamRejected,
    Usage,
)
from .errors import InvalidRequest, ModelNotFound
from .gate import QueueFull, QueueTimeout, Ticket, gate
from .models import InferenceNode
from .router import NoHealthyNode, route_stream
from .services import grid_factor, model_aliases_served, usage_record_create

logger = logging.getLogger(__name__)

ROLES = ("system", "user", "assistant")


def validate_messages(raw) -> list[dict]:
    """OpenAI-style messages → [{"role", "content"}]; InvalidRequest with a readable reason."""
    if not isinstance(raw, list) or not raw:
        raise InvalidRequest("'messages' must be a non-empty list.", "missing_messages", "messages")
    if len(raw) > 100:
        raise InvalidRequest("Too many messages (at most 100).", "invalid_messages", "messages")
    messages = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict) or item.get("role") not in ROLES:
            raise InvalidRequest(
                f"messages[{i}] needs a role among system, user, assistant.",
                "invalid_messages",
                "messages",
            )
        content = item.get("content")
        if isinstance(content, list):  # content parts: keep the text ones
            content = "".join(
                str(p.get("text", "")) for p in content if isinstance(p, dict) and p.get("text")
            )
        if not isinstance(content, str):
            raise InvalidRequest(
                f"messages[{i}].content must be text.", "invalid_messages", "messages"
            )
        messages.append({"role": item["role"], "content": content})
    if not any(m["role"] == "user" for m in messages):
        raise InvalidRequest("At least one user message is needed.", "missing_messages", "messages")
    total = sum(len(m["content"]) for m in messages)
    if total > settings.INFERENCE_MAX_PROMPT_CHARS:
        raise PromptTooLong(limit=settings.INFERENCE_MAX_PROMPT_CHARS, unit="characters")
    return messages


def build_params(*, max_tokens=None, temperature=None, top_p=None, stop=None) -> GenerationParams:
    """Bounded parameters; max_tokens is always set."""
    try:
        mt = settings.INFERENCE_MAX_TOKENS_DEFAULT if max_tokens is None else int(max_tokens)
        temp = 0.7 if temperature is None else float(temperature)
        tp = 0.95 if top_p is None else float(top_p)
    except (TypeError, ValueError) as exc:
        raise InvalidRequest("max_tokens, temperature and top_p must be numbers.") from exc
    if mt < 1:
        raise InvalidRequest("max_tokens must be at least 1.", param="max_tokens")
    mt = min(mt, settings.INFERENCE_MAX_TOKENS_LIMIT)
    if not (0.0 <= temp <= 2.0):
        raise InvalidRequest("temperature must be between 0 and 2.", param="temperature")
    temp = min(temp, settings.INFERENCE_TEMPERATURE_MAX)
    tp = min(max(tp, 0.01), 1.0)
    if isinstance(stop, str):
        stop = [stop]
    if stop is not None and (
        not isinstance(stop, list) or len(stop) > 4 or not all(isinstance(s, str) for s in stop)
    ):
        raise InvalidRequest("stop must be a string or a list of at most 4 strings.", param="stop")
    return GenerationParams(
        max_tokens=mt,
        temperature=temp,
        top_p=tp,
        stop=stop or [],
        ignore_eos=settings.INFERENCE_IGNORE_EOS,
    )


def node_public_info(node: InferenceNode) -> dict:
    return {
        "node": node.name,
        "operator": node.operator.name,
        "zone": node.hosting_zone,
        "hosting": node.hosting_description,
        "engine": node.get_engine_display(),
        "power_w": node.power_w,
        "pue": node.pue,
        "grid_factor": grid_factor(node.hosting_zone),
    }


@dataclass
class Job:
    messages: list[dict]
    params: GenerationParams
    model_alias: str
    channel: str
    # Taken by the sandbox and the API before they answer (503 early); a service generation
    # takes it when its events are first read, so a job never iterated holds no place.
    ticket: Ticket | None
    user: object = None
    token: object = None
    consumer: object = None
    purpose: str = ""
    department: str = ""
    generation_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    cancel: CancelToken = None  # type: ignore[assignment]
    started: float = field(default_factory=time.monotonic)

    def __post_init__(self):
        if self.cancel is None:
            self.cancel = CancelToken(self.generation_id)


def job_for_service(
    *,
    messages: list[dict],
    model_alias: str,
    channel: str,
    purpose: str,
    params: GenerationParams | None = None,
    user=None,
    consumer=None,
    department: str = "",
) -> Job:
    """A generation asked by another part of the site (workspace, synthesis, translation).

    It takes its turn at the same gate as the sandbox and the API when `job_events(job)` is
    first read (a full queue is then an error event), and is written to the same ledger, with
    its purpose and department. ModelNotFound when no node serves the alias.
    """
    if model_alias not in model_aliases_served():
        raise ModelNotFound(_("No inference server serves the model “%s”.") % model_alias[:100])
    return Job(
        messages=validate_messages(messages),
        params=params or build_params(),
        model_alias=model_alias,
        channel=channel,
        ticket=None,
        user=user,
        consumer=consumer,
        purpose=purpose,
        department=department,
    )


def _error(code: str, message: str, status: int, **extra) -> tuple[str, dict]:
    return "error", {"code": code, "message": message, "status": status, **extra}


def job_events(job: Job) -> Iterator[tuple[str, dict]]:
    """queue* → node → delta* → usage, or error. Always releases the gate and writes the ledger."""
    node = None
    usage: Usage | None = None
    recorded = False
    deltas = 0
    gen_started = None
    try:
        if job.ticket is None:
            try:
                job.ticket = gate.enter()
            except QueueFull:
                yield _error("server_busy", _("The city's model is busy; please try again."), 503)
                return
        try:
            for position in gate.wait(job.ticket, job.cancel):
                yield "queue", {"position": position}
        except QueueTimeout:
            yield _error("queue_timeout", _("The wait was too long; please try again."), 503)
            return
        if job.cancel.is_set():
            return
        waited = job.ticket.waited_s
        gen_started = time.monotonic()
        stream = route_stream(
            model_alias=job.model_alias,
            messages=job.messages,
            params=job.params,
            cancel=job.cancel,
        )
        try:
            for item in stream:
                if isinstance(item, InferenceNode):
                    node = item
                    yield "node", node_public_info(node)
                elif isinstance(item, Usage):
                    usage = item
                else:
                    deltas += 1
                    yield "delta", {"text": item}
        except PromptTooLong as exc:
            message = _("The prompt is too long: the limit is %(limit)s %(unit)s.") % {
                "limit": exc.limit,
                "unit": _("tokens") if exc.unit == "tokens" else _("characters"),
            }
            yield _error(exc.code, message, 400, limit=exc.limit)
            return
        except NoHealthyNode as exc:
            yield _error(
                exc.code, _("No inference server can answer right now. Please try again."), 503
            )
            return
        except UpstreamRejected as exc:
            yield _error(exc.code, _("The inference server refused the request: %s") % exc, 400)
            return
        except BackendError as exc:
            logger.warning("generation failed on node %s: %s", node.pk if node else None, exc.code)
            if node is not None:
                usage = Usage(
                    completion_tokens=deltas,
                    duration_s=time.monotonic() - gen_started,
                    finish_reason="error",
                )
                usage_record_create(
                    channel=job.channel,
                    node=node,
                    model_alias=job.model_alias,
                    usage=usage,
                    latency_s=time.monotonic() - job.started,
                    user=job.user,
                    token=job.token,
                    consumer=job.consumer,
                    purpose=job.purpose,
                    department=job.department,
                    succeeded=False,
                )
                recorded = True
            yield _error("upstream_error", _("The answer was interrupted by a server error."), 502)
            return
        finally:
            stream.close()
        if node is None:
            return
        if usage is None:
            usage = Usage(
                completion_tokens=deltas,
                duration_s=time.monotonic() - gen_started,
                finish_reason="cancelled",
            )
        if job.cancel.is_set():
            usage.finish_reason = "cancelled"
        record = usage_record_create(
            channel=job.channel,
            node=node,
            model_alias=job.model_alias,
            usage=usage,
            latency_s=time.monotonic() - job.started,
            user=job.user,
            token=job.token,
            consumer=job.consumer,
            purpose=job.purpose,
            department=job.department,
        )
        recorded = True
        yield (
            "usage",
            {
                "prompt_tokens": usage.prompt_tokens,
                "completion_tokens": usage.completion_tokens,
                "total_tokens": usage.total_tokens,
                "tokens_estimated": usage.tokens_estimated,
                "ttft_ms": record.ttft_ms,
                "duration_ms": record.duration_ms,
                "latency_ms": record.latency_ms,
                "queue_ms": round(waited * 1000),
                "energy_wh": record.energy_wh,
                "co2_g": record.co2_g,
                "finish_reason": usage.finish_reason,
                "tokens_per_s": (
                    round(usage.completion_tokens / usage.duration_s, 1)
                    if usage.duration_s > 0
                    else None
                ),
            },
        )
    finally:
        if node is not None and not recorded:  # an unexpected failure mid-answer
            try:
                usage_record_create(
                    channel=job.channel,
                    node=node,
                    model_alias=job.model_alias,
                    usage=Usage(
                        completion_tokens=deltas,
                        duration_s=time.monotonic() - (gen_started or job.started),
                        finish_reason="cancelled",
                    ),
                    latency_s=time.monotonic() - job.started,
                    user=job.user,
                    token=job.token,
                    consumer=job.consumer,
                    purpose=job.purpose,
                    department=job.department,
                )
            except Exception:  # noqa: BLE001 - never mask the original exit
                logger.exception("could not record a cancelled generation")
        if job.ticket is not None:
            gate.release(job.ticket)


def job_collect(job: Job) -> dict:
    """Run to completion (non-streaming API, no-JS sandbox form)."""
    text, result = [], {"node": None, "usage": None, "error": None}
    for name, data in job_events(job):
        if name == "delta":
            text.append(data["text"])
        elif name in ("node", "usage", "error"):
            result[name] = data
    result["text"] = "".join(text)
    return result


_SENTINEL = object()


class _Workers:
    """Generation threads kept between answers (daemon threads: a generation never holds the
    process at exit). A finished thread waits for the next generation instead of exiting, so
    an answer starts without a new thread, and keeps its database connection when
    CONN_MAX_AGE allows it. As many threads as generations at once (running and queued at the
    gate), never fewer: a queued generation must be able to report its position."""

    def __init__(self):
        self._lock = threading.Lock()
        self._idle: list[queue.SimpleQueue] = []
        os.register_at_fork(after_in_child=self._forget)

    def _forget(self) -> None:  # a forked child has none of its parent's threads
        self._lock = threading.Lock()
        self._idle = []

    def submit(self, fn: Callable[[], None]) -> None:
        with self._lock:
            inbox = self._idle.pop() if self._idle else None
        if inbox is None:
            inbox = queue.SimpleQueue()
            threading.Thread(
                target=self._loop, args=(inbox,), name="inference-generation", daemon=True
            ).start()
        inbox.put(fn)

    def _loop(self, inbox: queue.SimpleQueue) -> None:
        while True:
            fn = inbox.get()
            try:
                fn()
            except Exception:  # noqa: BLE001 - the thread must survive to serve the next one
                logger.exception("generation worker failed")
            with self._lock:
                self._idle.append(inbox)


_workers = _Workers()


def _run_in_worker(factory: Callable[[], Iterator], cancel: CancelToken) -> asyncio.Queue:
    """Start `factory()` in a generation thread now; its items arrive in the returned queue,
    then `_SENTINEL`."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue = asyncio.Queue()
    language = translation.get_language()

    def put(item) -> None:
        try:
            loop.call_soon_threadsafe(queue.put_nowait, item)
        except RuntimeError:  # the event loop is gone: the client left
            cancel.set()

    def worker() -> None:
        close_old_connections()
        translation.activate(language)  # messages in the visitor's language
        try:
            for item in factory():
                put(item)
        except Exception:  # noqa: BLE001
            logger.exception("generation worker failed")
            put(_error("internal_error", _("The generation failed unexpectedly."), 502))
        finally:
            # Closed unless CONN_MAX_AGE keeps it for the thread's next generation (or broken).
            close_old_connections()
            translation.deactivate()
            put(_SENTINEL)

    _workers.submit(worker)
    return queue


async def _drain(queue: asyncio.Queue, cancel: CancelToken) -> AsyncIterator:
    try:
        while True:
            item = await queue.get()
            if item is _SENTINEL:
                break
            yield item
    finally:
        cancel.set()  # stop button, closed tab, or done: the worker stops between two tokens


async def aiter_in_thread(
    factory: Callable[[], Iterator], cancel: CancelToken
) -> AsyncIterator[tuple[str, dict]]:
    """Blocking generator → async iterator: a worker thread + asyncio.Queue + cancel flag.

    The thread starts when the iterator is first read (a StreamingHttpResponse reads it once
    the response has gone through the middleware)."""
    queue = _run_in_worker(factory, cancel)
    try:
        while True:
            item = await queue.get()
            if item is _SENTINEL:
                break
            yield item
    finally:
        cancel.set()


def stream_in_thread(factory: Callable[[], Iterator], cancel: CancelToken) -> AsyncIterator:
    """Like `aiter_in_thread`, but the thread starts now, before the iterator is read: a view
    runs its checks and the generation in the one generation thread (which keeps its database
    connection when CONN_MAX_AGE allows, where the request's own thread is new every time),
    and the node works while the response goes through the middleware.

    Closing the iterator (or the client leaving) sets `cancel`; a view that returns without
    reading it to its end must close it (`await stream.aclose()`)."""
    return _drain(_run_in_worker(factory, cancel), cancel)
