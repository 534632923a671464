"""Sandbox pages (thin): preparation is synchronous, generation streams from a worker thread."""

from __future__ import annotations

import json
import uuid
from urllib.parse import urlencode

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connections
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts.roles import Role
from accounts.selectors import user_has_role
from core.api import error_body
from core.errors import ApplicationError
from core.forms import refusal_headers, refusal_show
from core.ratelimit import client_ip

from . import selectors, services
from .backends import CancelToken, PromptTooLong
from .errors import Busy, InvalidRequest, NoticeRequired, QuotaExceeded, retry_after
from .forms import ApiTokenForm, NoticeForm, SandboxForm
from .gate import QueueFull, gate
from .generation import (
    Job,
    build_params,
    job_collect,
    job_events,
    stream_in_thread,
    validate_messages,
)
from .models import ApiToken, Channel

NOTICE_SESSION_KEY = "inference_notice_accepted"


def _refusal_json(exc: ApplicationError) -> JsonResponse:
    """A refusal, for the page's script: the project's JSON error body."""
    response = JsonResponse(error_body(exc.status, exc.code, exc.message), status=exc.status)
    return _with_retry_after(response, exc)


def _with_retry_after(response, exc: ApplicationError):
    seconds = retry_after(exc)
    if seconds is not None:
        response["Retry-After"] = str(seconds)
    return response


PERIOD_LABELS = {
    "second": gettext_lazy("second"),
    "minute": gettext_lazy("minute"),
    "hour": gettext_lazy("hour"),
    "day": gettext_lazy("day"),
}


def _quota_message(exceeded) -> str:
    minutes = max(1, round(exceeded.retry_after / 60))
    return _(
        "You have reached the limit of %(limit)s questions per %(period)s. "
        "You can ask again in about %(minutes)s minute(s)."
    ) % {
        "limit": exceeded.limit,
        "period": PERIOD_LABELS.get(exceeded.period, exceeded.period),
        "minutes": minutes,
    }


def _prepare(
    request, form: SandboxForm, cancel: CancelToken | None = None
) -> tuple[Job, list[dict]]:
    """Checks shared by the streaming and the no-JS paths → (Job, messages); a refusal is
    raised as an ApplicationError."""
    if not request.session.get(NOTICE_SESSION_KEY):
        raise NoticeRequired
    if not form.is_valid():
        first = next(iter(form.errors.values()))[0]
        raise InvalidRequest(str(first), code="invalid_form")
    data = form.cleaned_data
    conversation = [*data["history"], {"role": "user", "content": data["prompt"]}]
    try:
        conversation = validate_messages(conversation)
        params = build_params(max_tokens=data["max_tokens"], temperature=data["temperature"])
    except PromptTooLong as exc:
        msg = _("This conversation is too long (limit: %(limit)s characters). Start a new one.")
        raise InvalidRequest(msg % {"limit": exc.limit}, code=exc.code) from exc
    services.nodes_ensure_default()
    if not request.session.session_key:
        request.session.save()
    try:
        ticket = gate.enter()
    except QueueFull as exc:
        raise Busy(retry_after=10) from exc
    exceeded = services.sandbox_quota_consume(
        user=request.user, session_key=request.session.session_key, ip=client_ip(request)
    )
    if exceeded:
        gate.release(ticket)
        raise QuotaExceeded(_quota_message(exceeded), retry_after=exceeded.retry_after)
    job = Job(
        messages=conversation,
        params=params,
        model_alias=settings.INFERENCE_DEFAULT_MODEL,
        channel=Channel.SANDBOX,
        ticket=ticket,
        user=request.user if request.user.is_authenticated else None,
        consumer=services.sandbox_consumer(),
        **({"generation_id": cancel.generation_id, "cancel": cancel} if cancel else {}),
    )
    return job, conversation


def _sse(name: str, data: dict) -> str:
    return f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def _after_answer(*, job: Job, form: SandboxForm, conversation: list[dict], answer: str) -> None:
    data = form.cleaned_data
    if data.get("share"):
        services.conversation_share(
            conversation_id=data["conversation_id"],
            user=job.user,
            messages=[*conversation, {"role": "assistant", "content": answer}],
            model_alias=job.model_alias,
        )
    else:
        services.conversation_unshare(conversation_id=data["conversation_id"])


def _stream_events(request, cancel: CancelToken):
    """The whole streamed answer in the generation thread: the form and the checks (notice,
    quota, gate), then the SSE text of the generation. ("refused", ApplicationError) or
    ("failed", exception) end it before any generation; else ("sse", text) items follow."""
    form = SandboxForm(request.POST)
    try:
        job, conversation = _prepare(request, form, cancel)
    except ApplicationError as exc:
        yield "refused", exc
        return
    except Exception as exc:  # noqa: BLE001 - raised again by the view (database outage → 503)
        yield "failed", exc
        return
    yield (
        "sse",
        _sse(
            "start",
            {
                "id": job.generation_id,
                "conversation_id": str(form.cleaned_data["conversation_id"]),
                "model": settings.INFERENCE_MODEL_CARD["name"],
            },
        ),
    )
    answer = []
    ok = True
    for name, data in job_events(job):
        if name == "delta":
            answer.append(data["text"])
        elif name == "error":
            ok = False
        yield "sse", _sse(name, data)
    if ok and answer:
        _after_answer(job=job, form=form, conversation=conversation, answer="".join(answer))
    yield "sse", _sse("done", {})


@require_POST
async def sandbox_stream(request):
    """POST a question → text/event-stream: start, queue*, node, delta*, usage | error, done.

    The checks and the generation are blocking: they run, one after the other, in a
    generation thread that hands events to this view through a queue (`stream_in_thread`);
    the node starts working while the response goes through the middleware. A closed
    connection or the stop button sets the cancel flag the thread checks between two tokens.
    """
    cancel = CancelToken(uuid.uuid4().hex)
    events = stream_in_thread(lambda: _stream_events(request, cancel), cancel)
    name, data = await anext(events)
    if name != "sse":
        await events.aclose()
        if name == "failed":
            raise data
        if name == "error":  # the thread itself failed
            data = ApplicationError(data["message"], code=data["code"], status=data["status"])
        return _refusal_json(data)

    async def body():
        try:
            yield data  # "start"
            async for name, item in events:
                # ("error", data) from the thread itself when it failed mid-answer
                yield item if name == "sse" else _sse(name, item)
        finally:
            await events.aclose()

    response = StreamingHttpResponse(body(), content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"
    return response


@require_POST
def sandbox_stop(request):
    """The stop button: any process running this generation sees the flag between two tokens."""
    generation_id = (request.POST.get("id") or "")[:64]
    if not generation_id.isalnum():
        return _refusal_json(InvalidRequest(_("Unknown generation."), code="invalid_id"))
    services.generation_stop(generation_id=generation_id)
    return JsonResponse({"stopped": True})


@require_POST
def sandbox_accept(request):
    form = NoticeForm(request.POST)
    prompt = request.POST.get("prompt", "")[:2000]
    if not form.is_valid():
        return render(
            request,
            "inference_bridge/sandbox.html",
            _page_context(request, notice_form=form, prompt=prompt),
            status=400,
        )
    request.session[NOTICE_SESSION_KEY] = True
    url = reverse("inference_bridge:sandbox")
    return redirect(f"{url}?{urlencode({'prompt': prompt})}" if prompt else url)


def _page_context(request, **extra) -> dict:
    accepted = bool(request.session.get(NOTICE_SESSION_KEY))
    return {
        "accepted": accepted,
        "crumbs": [(_("Sandbox"), reverse("inference_bridge:sandbox"))],
        "card": selectors.model_card(),
        "examples": [
            {
                "prompt": example,
                "url": f"{reverse('inference_bridge:sandbox')}?{urlencode({'prompt': example})}",
            }
            for example in selectors.demonstration_prompts()
        ],
        "method": selectors.energy_method(),
        "limits": {
            "max_concurrent": settings.INFERENCE_MAX_CONCURRENT,
            "retention_days": settings.INFERENCE_SHARE_RETENTION_DAYS,
        },
        **extra,
    }


def _sandbox_page(request):
    prompt = request.GET.get("prompt", "")[:2000]
    return render(
        request,
        "inference_bridge/sandbox.html",
        _page_context(
            request,
            form=SandboxForm(initial={"prompt": prompt}),
            notice_form=NoticeForm(),
            prompt=prompt,
        ),
    )


def _sandbox_answer(request):
    form = SandboxForm(request.POST)
    try:
        job, conversation = _prepare(request, form)
    except NoticeRequired:
        return redirect("inference_bridge:sandbox")
    except ApplicationError as exc:
        return _refusal_page(request, exc, form=form, history=_history(form))
    result = job_collect(job)
    if result["error"]:
        failure = ApplicationError(
            result["error"]["message"],
            code=result["error"]["code"],
            status=result["error"]["status"],
        )
        return _refusal_page(request, failure, form=form, history=form.cleaned_data["history"])
    _after_answer(job=job, form=form, conversation=conversation, answer=result["text"])
    history = [*conversation[-20:], {"role": "assistant", "content": result["text"]}]
    new_form = SandboxForm(
        initial={
            "history": json.dumps(history, ensure_ascii=False),
            "conversation_id": form.cleaned_data["conversation_id"],
            "temperature": form.cleaned_data["temperature"],
            "max_tokens": form.cleaned_data["max_tokens"],
            "share": form.cleaned_data["share"],
        }
    )
    return render(
        request,
        "inference_bridge/sandbox.html",
        _page_context(
            request,
            form=new_form,
            history=history,
            last_node=result["node"],
            last_usage=result["usage"],
        ),
    )


def _refusal_page(request, exc: ApplicationError, *, form: SandboxForm, history: list[dict]):
    """A refusal, without JavaScript: the page again, the question kept, the reason shown."""
    response = render(
        request,
        "inference_bridge/sandbox.html",
        _page_context(request, form=form, error=exc.message, history=history),
        status=exc.status,
    )
    return _with_retry_after(response, exc)


def _history(form: SandboxForm) -> list[dict]:
    try:
        return form.clean_history() if hasattr(form, "cleaned_data") else []
    except Exception:  # noqa: BLE001
        return []


@never_cache
@require_http_methods(["GET", "POST"])
async def sandbox(request):
    """The chat page; without JavaScript its form POST returns the whole answer.

    That answer takes seconds: it is written in a pool thread (not the one thread every
    request's synchronous code shares), whose database connection is closed afterwards.
    """
    if request.method == "GET":
        return await sync_to_async(_sandbox_page)(request)

    def answer():
        try:
            return _sandbox_answer(request)
        finally:
            connections.close_all()

    return await sync_to_async(answer, thread_sensitive=False)()


# --- Agents' API tokens ------------------------------------------------------------------


def _require_agent(user) -> None:
    if not (user.is_staff or user_has_role(user=user, role=Role.AGENT)):
        raise PermissionDenied(_("API tokens are for city agents."))


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request):
    _require_agent(request.user)
    created = None
    status = 200
    response_headers = {}
    if request.method == "POST":
        form = ApiTokenForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                token, raw = services.api_token_create(
                    user=request.user,
                    collectivity=form.cleaned_data["collectivity"],
                    name=form.cleaned_data["name"],
                )
            except ApplicationError as exc:
                status = refusal_show(form, exc)
                response_headers = refusal_headers(exc)
            else:
                created = {"token": token, "raw": raw}
                form = ApiTokenForm(user=request.user)
        else:
            status = 400
    else:
        form = ApiTokenForm(user=request.user)
    managed = None
    own = request.user.member_of
    if services.collectivity_may_manage(user=request.user, collectivity=own):
        managed = selectors.api_tokens_of_collectivity(collectivity=own)
    response = render(
        request,
        "inference_bridge/api_tokens.html",
        {
            "form": form,
            "created": created,
            "tokens": selectors.api_tokens_for(user=request.user),
            "managed_tokens": managed,
            "own_collectivity": own,
            "base_url": settings.SITE_URL + "/v1",
            "model": settings.INFERENCE_DEFAULT_MODEL,
        },
        status=status,
    )
    response["Cache-Control"] = "no-store"  # the plaintext token is on this page once
    for header, value in response_headers.items():
        response[header] = value
    return response


@login_required
@require_POST
def api_token_revoke(request, pk: int):
    _require_agent(request.user)
    token = get_object_or_404(ApiToken.objects.select_related("collectivity"), pk=pk)
    if token.user_id != request.user.pk and not services.collectivity_may_manage(
        user=request.user, collectivity=token.collectivity
    ):
        raise Http404
    services.api_token_revoke(token=token, actor=request.user)
    flash.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("inference_bridge:tokens")


# --- Observatory: conversations shared with consent -----------------------------------


@login_required
def shared_conversations(request):
    """Researchers (and staff) read what visitors chose to share; no author is shown."""
    if not (request.user.is_staff or user_has_role(user=request.user, role=Role.RESEARCHER)):
        raise PermissionDenied(_("This page is for the observatory's researchers."))
    paginator = Paginator(selectors.shared_conversations_qs(), 20)
    page_obj = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "inference_bridge/shared_conversations.html",
        {
            "page_obj": page_obj,
            "retention_days": settings.INFERENCE_SHARE_RETENTION_DAYS,
            "card": selectors.model_card(),
            "examples": [
                {
                    "prompt": example,
                    "url": f"{reverse('inference_bridge:sandbox')}?{urlencode({'prompt': example})}",
                }
                for example in selectors.demonstration_prompts()
            ],
        },
    )


# --- Staff: pooled compute ledger --------------------------------------------------------


@login_required
def usage_ledger(request):
    if not request.user.is_staff:
        raise PermissionDenied(_("This page is for staff."))
    return render(
        request,
        "inference_bridge/usage.html",
        {
            "rows": selectors.usage_by_collectivity(),
            "nodes": selectors.nodes_overview(),
            "indicators": selectors.inference_indicators(),
        },
    )
