"""Staff pages of the register: the recourse queue and one request, error reports, audit trail.

For city agents and register editors (`register.policies.user_can_handle_recourse`).
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from accounts.roles import Role
from accounts.selectors import audit_entries_for, audit_entries_of_app
from core.errors import ApplicationError
from core.forms import refusal_show
from register import selectors, services
from register.forms import (
    AnswerForm,
    AssignForm,
    DueDateForm,
    NoteForm,
    QueueFilterForm,
    StatusForm,
)
from register.models import ErrorReport, RecourseRequest
from register.policies import user_can_edit_register, user_can_handle_recourse, user_can_read_drafts
from register.presentation import record_sections


def _staff(request):
    if not user_can_handle_recourse(user=request.user):
        raise PermissionDenied(_("This page is for city agents and register editors."))


@login_required
def staff_queue(request):
    _staff(request)
    form = QueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    handler = {"me": request.user, "none": "none"}.get(filters.get("handler") or "")
    qs = selectors.recourse_queue(
        status=filters.get("status") or "",
        handler=handler,
        system_slug=filters.get("system") or "",
        overdue=bool(filters.get("overdue")),
    )
    page_obj = Paginator(qs, 30).get_page(request.GET.get("page"))
    params = {k: v for k, v in request.GET.items() if k != "page"}
    return render(
        request,
        "register/staff/queue.html",
        {
            "title": _("Recourse requests"),
            "form": form,
            "page_obj": page_obj,
            "query_string": urlencode(params),
            "today": timezone.localdate(),
            "open_reports": ErrorReport.objects.filter(handled_at__isnull=True).count(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def staff_request(request, reference):
    _staff(request)
    req = get_object_or_404(
        RecourseRequest.objects.select_related("system__published_version", "handler"),
        reference=reference,
    )
    handlers = (
        User.objects.filter(is_active=True, groups__name__in=[Role.AGENT, Role.REGISTER_EDITOR])
        .distinct()
        .order_by("display_name")
    )
    forms = {
        "assign": AssignForm(
            prefix="assign", handlers=handlers, initial={"handler": req.handler_id}
        ),
        "due": DueDateForm(prefix="due", initial={"due_date": req.due_date}),
        "note": NoteForm(prefix="note"),
        "answer": AnswerForm(prefix="answer", initial={"answer": req.answer}),
        "status": StatusForm(prefix="status", initial={"status": req.status}),
    }
    status_code = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in forms:
            return HttpResponse(_("Unknown action."), status=400)
        form_class = type(forms[action])
        kwargs = {"handlers": handlers} if action == "assign" else {}
        form = form_class(request.POST, prefix=action, **kwargs)
        forms[action] = form
        if form.is_valid():
            data = form.cleaned_data
            try:
                if action == "assign":
                    services.recourse_request_assign(
                        actor=request.user, request=req, handler=data["handler"]
                    )
                elif action == "due":
                    services.recourse_request_set_due_date(
                        actor=request.user, request=req, due_date=data["due_date"]
                    )
                elif action == "note":
                    services.recourse_request_add_note(
                        actor=request.user, request=req, text=data["text"]
                    )
                elif action == "answer":
                    services.recourse_request_answer(
                        actor=request.user, request=req, answer=data["answer"]
                    )
                elif action == "status":
                    services.recourse_request_set_status(
                        actor=request.user, request=req, status=data["status"]
                    )
            except ApplicationError as exc:
                status_code = refusal_show(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("register:staff_request", reference=req.reference)
        else:
            status_code = 400
    events = list(req.events.select_related("actor"))
    audit = audit_entries_for(target_type=RecourseRequest, target_id=req.reference, limit=50)
    return render(
        request,
        "register/staff/request.html",
        {"title": req.reference, "req": req, "forms": forms, "events": events, "audit": audit},
        status=status_code,
    )


@login_required
def staff_reports(request):
    _staff(request)
    qs = ErrorReport.objects.select_related("system__published_version").order_by(
        "handled_at", "-created_at"
    )
    page_obj = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request, "register/staff/reports.html", {"title": _("Error reports"), "page_obj": page_obj}
    )


@login_required
@require_POST
def staff_report_handled(request, pk):
    _staff(request)
    report = get_object_or_404(ErrorReport, pk=pk)
    services.error_report_mark_handled(actor=request.user, report=report)
    messages.success(request, _("Marked as handled."))
    return redirect("register:staff_reports")


@login_required
def staff_audit(request):
    _staff(request)
    qs = audit_entries_of_app(app_label="register")
    page_obj = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "register/staff/audit.html",
        {"title": _("Register audit trail"), "page_obj": page_obj},
    )


@login_required
def draft(request, slug):
    """The latest version of a city record, draft included, for the people who prepare it."""
    if not user_can_read_drafts(user=request.user):
        raise PermissionDenied(
            _("Drafts are for register editors, city agents and elected officials.")
        )
    found = selectors.system_draft_for_reader(slug=slug)
    if found is None:
        raise Http404(_("No record has this address."))
    system, version = found
    return render(
        request,
        "register/system_draft.html",
        {
            "title": version.name,
            "system": system,
            "version": version,
            "sections": record_sections(version),
            "can_edit": user_can_edit_register(user=request.user),
        },
    )
