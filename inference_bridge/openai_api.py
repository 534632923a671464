"""OpenAI-compatible API for city agents: GET /v1/models, POST /v1/chat/completions.

Plain async Django views (not DRF) so that streaming runs off the event loop and errors keep
OpenAI's shape: {"error": {"message", "type", "code", "param"}}. Never a 500.
"""

from __future__ import annotations

import json
import time
import uuid

from asgiref.sync import sync_to_async
from django.http import JsonResponse, StreamingHttpResponse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt

from core import composition
from core.api import json_has_nul
from core.errors import ApplicationError

from . import services
from .backends import CancelToken, PromptTooLong
from .errors import (
    Busy,
    InvalidRequest,
    InvalidToken,
    MethodNotAllowed,
    ModelNotFound,
    QuotaExceeded,
    retry_after,
)
from .gate import QueueFull, gate
from .generation import (
    Job,
    build_params,
    job_events,
    stream_in_thread,
    validate_messages,
)
from .models import Channel

ERROR_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    404: "invalid_request_error",
    405: "invalid_request_error",
    429: "rate_limit_error",
    502: "api_error",
    503: "service_unavailable",
}


def error_response(exc: ApplicationError) -> JsonResponse:
    """A refusal in OpenAI's error shape (the official clients parse it), with Retry-After for
    the refusals that end by themselves."""
    body = {
        "error": {
            "message": exc.message,
            "type": ERROR_TYPES.get(exc.status, "api_error"),
            "code": exc.code,
            "param": getattr(exc, "param", None),
        }
    }
    response = JsonResponse(body, status=exc.status)
    seconds = retry_after(exc)
    if seconds is not None:
        response["Retry-After"] = str(seconds)
    return response


def _authenticate(request):
    header = request.headers.get("Authorization", "")
    scheme, _, raw = header.partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        raise InvalidToken("Missing bearer token: send 'Authorization: Bearer <token>'.")
    token = services.api_token_authenticate(raw=raw.strip())
    if token is None:
        raise InvalidToken("Invalid or revoked API token.")
    return token


def _models_payload(user=None) -> dict:
    return {
        "object": "list",
        "data": [
            {"id": alias, "object": "model", "created": 0, "owned_by": "ia-commune"}
            for alias in services.model_aliases_served()
        ]
        + [
            {"id": name, "object": "model", "created": 0, "owned_by": "ia-commune"}
            for name in _app_model_names(user)
        ],
    }


def _app_model_names(user) -> list[str]:
    """Models other apps serve through this API (composition hook `api_models`)."""
    return [
        name for provider in composition.api_model_providers() for name in provider.names(user=user)
    ]


def _app_model(model: str, user, messages: list[dict]):
    """A ServiceModel for a model name an app serves (e.g. "assistant:<slug>"), or None."""
    for provider in composition.api_model_providers():
        resolved = provider.resolve(model=model, user=user, messages=messages)
        if resolved is not None:
            return resolved
    return None


def english(view):
    """API messages are in English (like OpenAI's), whatever Accept-Language says."""

    async def wrapper(request, *args, **kwargs):
        with translation.override("en"):
            return await view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@csrf_exempt
@english
async def models_list(request):
    if request.method != "GET":
        return error_response(MethodNotAllowed("Use GET."))

    def run():
        return _models_payload(_authenticate(request).user)

    try:
        return JsonResponse(await sync_to_async(run)())
    except ApplicationError as exc:
        return error_response(exc)


def _prepare(request, cancel: CancelToken):
    token = _authenticate(request)
    try:
        body = json.loads(request.body or b"")
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidRequest("The request body is not valid JSON.", "invalid_json") from exc
    if not isinstance(body, dict):
        raise InvalidRequest("The request body must be a JSON object.", "invalid_json")
    if json_has_nul(body):
        raise InvalidRequest("The request body contains a NUL character (\\u0000).", "invalid_json")
    model = body.get("model")
    if not isinstance(model, str) or not model:
        raise InvalidRequest("'model' is required.", "missing_model", "model")
    try:
        messages = validate_messages(body.get("messages"))
        params = build_params(
            max_tokens=body.get("max_completion_tokens") or body.get("max_tokens"),
            temperature=body.get("temperature"),
            top_p=body.get("top_p"),
            stop=body.get("stop"),
        )
    except PromptTooLong as exc:
        raise InvalidRequest(
            f"The prompt is too long: the limit is {exc.limit} {exc.unit}.",
            "context_length_exceeded",
            "messages",
        ) from exc
    app_model = None
    if model not in services.model_aliases_served():
        app_model = _app_model(model, token.user, messages)
        if app_model is None:
            raise ModelNotFound(f"The model '{model[:100]}' does not exist or no node serves it.")
        messages = validate_messages(app_model.messages)
        if app_model.params:
            params = build_params(**{**app_model.params, "top_p": body.get("top_p")})
    exceeded = services.api_quota_consume(token=token)
    if exceeded:
        raise QuotaExceeded(
            f"Quota exceeded for this token or its collectivity ({exceeded.limit} per "
            f"{exceeded.period}). Retry after {exceeded.retry_after} s.",
            code="rate_limit_exceeded",
            retry_after=exceeded.retry_after,
        )
    try:
        ticket = gate.enter()
    except QueueFull as exc:
        raise Busy(
            "The server is busy; retry shortly.", code="server_busy", retry_after=10
        ) from exc
    stream_options = body.get("stream_options") or {}
    job = Job(
        messages=messages,
        params=params,
        model_alias=app_model.model_alias if app_model else model,
        channel=Channel.API,
        ticket=ticket,
        user=token.user,
        token=token,
        consumer=token.collectivity,
        purpose=app_model.purpose if app_model else "",
        department=app_model.department if app_model else "",
        generation_id=cancel.generation_id,
        cancel=cancel,
    )
    include_usage = isinstance(stream_options, dict) and bool(stream_options.get("include_usage"))
    return job, bool(body.get("stream")), include_usage


def _finish(reason: str | None) -> str:
    return reason if reason in ("stop", "length") else "stop"


def _error_from_event(data: dict) -> JsonResponse:
    """A generation that failed before its first token still answers with its HTTP status."""
    status = data.get("status", 502)
    if status == 500:
        status = 502
    message, code = data.get("message", "Error"), data.get("code")
    if status == 503:
        return error_response(Busy(message, code=code, retry_after=5))
    return error_response(ApplicationError(message, code=code, status=status))


def _answer(request, cancel: CancelToken):
    """The whole request in the generation thread: checks (token, body, quota, gate), then
    the generation's events. ("refused", ApplicationError) or ("failed", exception) end it
    before any generation; else ("prepared", (job, stream, include_usage)) comes first."""
    try:
        prepared = _prepare(request, cancel)
    except ApplicationError as exc:
        yield "refused", exc
        return
    except Exception as exc:  # noqa: BLE001 - raised again by the view (database outage → 503)
        yield "failed", exc
        return
    yield "prepared", prepared
    yield from job_events(prepared[0])


@csrf_exempt
@english
async def chat_completions(request):
    """One step off the event loop: the token, the body, the quota, the gate and then the
    generation run in one generation thread (`stream_in_thread`), whose events come back here;
    the first chunk leaves as soon as the node's first token arrives."""
    if request.method != "POST":
        return error_response(MethodNotAllowed("Use POST."))
    cancel = CancelToken(uuid.uuid4().hex)
    events = stream_in_thread(lambda: _answer(request, cancel), cancel)
    name, data = await anext(events)
    if name != "prepared":
        await events.aclose()
        if name == "failed":
            raise data
        if name == "error":  # the thread itself failed
            return _error_from_event(data)
        return error_response(data)
    job, stream, include_usage = data

    created = int(time.time())
    completion_id = f"chatcmpl-{job.generation_id}"

    if not stream:
        text, result = [], {"node": None, "usage": None, "error": None}
        async for name, data in events:
            if name == "delta":
                text.append(data["text"])
            elif name in result:
                result[name] = data
        result["text"] = "".join(text)
        if result["error"]:
            return _error_from_event(result["error"])
        usage = result["usage"] or {}
        return JsonResponse(
            {
                "id": completion_id,
                "object": "chat.completion",
                "created": created,
                "model": job.model_alias,
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": result["text"]},
                        "finish_reason": _finish(usage.get("finish_reason")),
                    }
                ],
                "usage": {
                    "prompt_tokens": usage.get("prompt_tokens", 0),
                    "completion_tokens": usage.get("completion_tokens", 0),
                    "total_tokens": usage.get("total_tokens", 0),
                },
                "x_ia_commune": {"node": result["node"], "energy": usage},
            }
        )

    def chunk(delta: dict, finish=None, **extra) -> str:
        payload = {
            "id": completion_id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": job.model_alias,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            **extra,
        }
        return f"data: {json.dumps(payload, ensure_ascii=False)}\n\n"

    def format_event(name: str, data: dict) -> str | None:
        if name == "node":
            return chunk({"role": "assistant", "content": ""})
        if name == "delta":
            return chunk({"content": data["text"]})
        if name == "usage":
            out = chunk({}, _finish(data.get("finish_reason")))
            if include_usage:
                usage = {
                    "prompt_tokens": data["prompt_tokens"],
                    "completion_tokens": data["completion_tokens"],
                    "total_tokens": data["total_tokens"],
                }
                payload = {
                    "id": completion_id,
                    "object": "chat.completion.chunk",
                    "created": created,
                    "model": job.model_alias,
                    "choices": [],
                    "usage": usage,
                }
                out += f"data: {json.dumps(payload)}\n\n"
            return out
        if name == "error":
            body = {
                "error": {
                    "message": data["message"],
                    "type": ERROR_TYPES.get(data.get("status"), "api_error"),
                    "code": data.get("code"),
                }
            }
            return f"data: {json.dumps(body)}\n\n"
        return None

    # Errors that happen before the first token (no node, prompt over the context) keep their
    # HTTP status: we wait for the first meaningful event before sending the headers.
    first = None
    async for name, data in events:
        if name != "queue":
            first = (name, data)
            break
    if first is None or first[0] == "error":
        await events.aclose()
        return _error_from_event(first[1] if first else {"status": 502})

    async def body():
        try:
            text = format_event(*first)
            if text:
                yield text
            async for name, data in events:
                text = format_event(name, data)
                if text:
                    yield text
            yield "data: [DONE]\n\n"
        finally:
            await events.aclose()

    response = StreamingHttpResponse(body(), content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"
    return response
