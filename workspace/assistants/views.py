"""Workspace home, assistant pages and runs (thin: rules live in workspace.assistants.services).

A run is created by the assistant's form (checks and quota), then executed once: streamed by
the run page's script (POST → text/event-stream under ASGI, the generation in a worker thread
through `aiter_in_thread`), or by the no-JS "generate" form, or by a Celery worker for long
documents (the page shows a progress bar and can cancel it).
"""

from __future__ import annotations

import json

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.api import error_body
from core.diff import word_diff_html
from core.errors import ApplicationError, NotAllowed, retry_after
from core.forms import refusal_headers, refusal_show
from core.tasks import task_send_on_commit
from inference_bridge.generation import aiter_in_thread
from workspace import policies
from workspace.models import Assistant, InputKind, Run, RunStatus, TaskKind

from . import exports, selectors, services
from .forms import EditForm, RateForm, RunForm
from .pipelines import ROW_KINDS, run_cancel_token, run_events
from .readability import FORMULA_NAME


def _gate(request):
    """Login page for visitors, 403 for signed-in people without the agent or ai_lead role."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not policies.workspace_allowed(request.user):
        raise PermissionDenied(_("The AI workspace is for city agents."))
    return None


def _crumbs(*extra):
    return [(_("AI workspace"), reverse("workspace:home")), *extra]


def home(request):
    if refused := _gate(request):
        return refused
    assistants = Assistant.objects.filter(live=True)
    runs = (
        Run.objects.filter(user=request.user)
        .select_related("assistant")
        .order_by("-created_at")[:10]
    )
    return render(
        request,
        "workspace/home.html",
        {"assistants": assistants, "runs": runs, "crumbs": _crumbs()},
    )


def _run_form(request, assistant, data=None):
    user = request.user
    documents = collections = ()
    if assistant.input_kind == InputKind.DOCUMENT:
        documents = selectors.documents_for_run(user=user)
    elif assistant.input_kind == InputKind.COLLECTION:
        collections = selectors.collections_for_run(user=user)
    initial = {}
    if request.method == "GET" and request.GET.get("document", "").isdigit():
        initial["document"] = int(request.GET["document"])
    return RunForm(
        data, assistant=assistant, documents=documents, collections=collections, initial=initial
    )


@require_http_methods(["GET", "POST"])
def assistant_detail(request, slug):
    if refused := _gate(request):
        return refused
    assistant = get_object_or_404(Assistant, slug=slug, live=True)
    form = _run_form(request, assistant, request.POST if request.method == "POST" else None)
    status, headers = 200, {}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = (
                selectors.document_for_run(user=request.user, pk=data["document"])
                if data.get("document")
                else None
            )
            collection = (
                selectors.collection_for_run(user=request.user, pk=data["collection"])
                if data.get("collection")
                else None
            )
            run = services.run_start(
                user=request.user,
                assistant=assistant,
                text=data.get("text", ""),
                document=document,
                collection=collection,
                direction=data.get("direction", ""),
            )
        except ApplicationError as exc:
            status, headers = refusal_show(form, exc), refusal_headers(exc)
        else:
            if _runs_in_worker(run):
                run.status = RunStatus.PENDING
                task_send_on_commit("workspace.run_execute", run.pk)
                run.options["worker"] = True
                run.save(update_fields=["options"])
            return redirect(run)
    elif request.method == "POST":
        status = 400
    response = render(
        request,
        "workspace/assistant.html",
        {
            "assistant": assistant,
            "form": form,
            "crumbs": _crumbs((assistant.name, assistant.get_absolute_url())),
        },
        status=status,
    )
    for name, value in headers.items():
        response[name] = value
    return response


def _runs_in_worker(run: Run) -> bool:
    """Long work goes to Celery when a broker is configured (eager mode would block the page)."""
    if settings.CELERY_TASK_ALWAYS_EAGER or not run.document_id:
        return False
    if run.task_kind not in (TaskKind.SUMMARY, TaskKind.EXTRACT):
        return False
    count = len(
        selectors.document_sections(
            document=run.document, max_chars=settings.WORKSPACE_SECTION_MAX_CHARS
        )
    )
    return count > settings.WORKSPACE_INLINE_MAX_SECTIONS


def _own_run(request, run_uuid) -> Run:
    try:
        run = Run.objects.select_related("assistant", "document", "collection").get(uuid=run_uuid)
    except (Run.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    if run.user_id != request.user.pk:
        raise Http404
    return run


def _run_context(request, run: Run, **extra) -> dict:
    result = run.result or {}
    readability_figures = result.get("readability")
    return {
        "run": run,
        "assistant": run.assistant,
        "parts": result.get("parts", []),
        "overall": result.get("overall"),
        "rows": [
            {**row, "kind_label": ROW_KINDS.get(row["kind"], row["kind"])}
            for row in result.get("rows", [])
        ],
        "refused": result.get("refused"),
        "refusal": result.get("answer", ""),
        "readability": readability_figures,
        "formula": FORMULA_NAME,
        "edit_form": extra.pop("edit_form", None) or EditForm(initial={"text": run.final_text}),
        "rate_form": extra.pop("rate_form", None)
        or RateForm(initial={"rating": run.rating, "comment": run.rating_comment}),
        "diff": word_diff_html(run.output, run.edited_output) if run.edited_output else "",
        "crumbs": _crumbs(
            (run.assistant.name, run.assistant.get_absolute_url()),
            (_("Result"), run.get_absolute_url()),
        ),
        **extra,
    }


def run_detail(request, run_uuid):
    if refused := _gate(request):
        return refused
    run = _own_run(request, run_uuid)
    return render(request, "workspace/run.html", _run_context(request, run))


def _sse(name: str, data: dict) -> str:
    return f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False, default=str)}\n\n"


@require_POST
async def run_stream(request, run_uuid):
    """POST → text/event-stream: the run's events, each sentence once it is verified."""

    def prepare():
        if not request.user.is_authenticated or not policies.workspace_allowed(request.user):
            raise NotAllowed(_("The AI workspace is for city agents."))
        run = _own_run(request, run_uuid)
        if not services.run_claim(run=run):
            raise NotAllowed(_("This run has already started."), code="run_started")
        run.status = RunStatus.RUNNING
        return run

    try:
        run = await sync_to_async(prepare)()
    except Http404:
        return JsonResponse(error_body(404, "not_found", _("Unknown run.")), status=404)
    except ApplicationError as exc:
        response = JsonResponse(error_body(exc.status, exc.code, exc.message), status=exc.status)
        if (seconds := retry_after(exc)) is not None:
            response["Retry-After"] = str(seconds)
        return response
    cancel = run_cancel_token(run)

    def events():
        for name, data in run_events(run, cancel=cancel):
            yield _sse(name, data)

    response = StreamingHttpResponse(
        aiter_in_thread(events, cancel), content_type="text/event-stream"
    )
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"
    return response


@require_POST
def run_execute(request, run_uuid):
    """The no-JS path: generate to the end, then show the run."""
    if refused := _gate(request):
        return refused
    run = _own_run(request, run_uuid)
    if services.run_claim(run=run):
        for _event in run_events(run):
            pass
    return redirect(run)


def run_status(request, run_uuid):
    """Progress of a run in a worker (the page's progress bar polls it)."""
    if refused := _gate(request):
        return refused
    run = _own_run(request, run_uuid)
    return JsonResponse(
        {
            "status": run.status,
            "done": run.progress_done,
            "total": run.progress_total,
            "percent": run.progress_percent,
            "finished": run.is_finished,
        }
    )


@require_POST
def run_cancel(request, run_uuid):
    if refused := _gate(request):
        return refused
    run = _own_run(request, run_uuid)
    services.run_cancel(user=request.user, run=run)
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"cancelled": True})
    return redirect(run)


def _run_form_post(request, run_uuid, form_class, *, form_name: str, save, anchor: str):
    """An edit or rating form posted on the run page: saved by `save(run, cleaned_data)`, then
    back to the page at `anchor`; an invalid form (400) or a service's refusal (its status)
    re-renders the page with the form and its errors."""
    if refused := _gate(request):
        return refused
    run = _own_run(request, run_uuid)
    form = form_class(request.POST)
    status = 400
    if form.is_valid():
        try:
            save(run, form.cleaned_data)
        except ApplicationError as exc:
            status = refusal_show(form, exc)
        else:
            return redirect(f"{run.get_absolute_url()}{anchor}")
    # The form's own section shows its errors; a run not finished has no such section yet, so
    # the page shows them at the top (`posted_form`).
    context = _run_context(request, run, posted_form=form, **{form_name: form})
    return render(request, "workspace/run.html", context, status=status)


@require_POST
def run_edit(request, run_uuid):
    return _run_form_post(
        request,
        run_uuid,
        EditForm,
        form_name="edit_form",
        save=lambda run, data: services.run_edit(user=request.user, run=run, text=data["text"]),
        anchor="#edit",
    )


@require_POST
def run_rate(request, run_uuid):
    return _run_form_post(
        request,
        run_uuid,
        RateForm,
        form_name="rate_form",
        save=lambda run, data: services.run_rate(
            user=request.user, run=run, rating=data["rating"], comment=data["comment"]
        ),
        anchor="?rated=1#rating",
    )


def run_download(request, run_uuid, fmt):
    if refused := _gate(request):
        return refused
    run = _own_run(request, run_uuid)
    if fmt not in exports.FORMATS or not run.is_finished:
        raise Http404
    content, content_type, filename = exports.run_export(run, fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
