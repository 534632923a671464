"""Assisted channels: a counter agent records a recourse request on a person's behalf and
prints the receipt; staff download the answer as a letter (register.services.counter).

For counter agents and the staff handling recourse (`register.policies`); anyone else: 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.errors import ApplicationError
from core.forms import refusal_show
from register import selectors, services
from register.forms import CounterRecourseForm
from register.policies import user_can_handle_recourse, user_can_record_recourse


def _recorder(request):
    if not user_can_record_recourse(user=request.user):
        raise PermissionDenied(
            _("This page is for counter agents and the staff handling recourse.")
        )


def _request_or_404(reference):
    req = selectors.recourse_get(reference=reference)
    if req is None:
        raise Http404(_("No such request."))
    return req


@login_required
@require_http_methods(["GET", "POST"])
def counter_record(request):
    _recorder(request)
    systems = selectors.recourse_counter_systems()
    form = CounterRecourseForm(request.POST or None, systems=systems)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                req = services.recourse_request_record(
                    agent=request.user,
                    system=data["system"],
                    data=data,
                    language=request.LANGUAGE_CODE,
                )
            except ApplicationError as exc:
                status = refusal_show(form, exc)
            else:
                if getattr(req, "already_filed", False):
                    messages.info(
                        request,
                        _("This form had already been sent: nothing new was recorded."),
                    )
                return redirect("register:counter_recorded", reference=req.reference)
        else:
            status = 400
    return render(
        request,
        "register/staff/counter_form.html",
        {
            "title": _("Record a request for someone"),
            "form": form,
            "can_handle": user_can_handle_recourse(user=request.user),
        },
        status=status,
    )


@login_required
def counter_recorded(request, reference):
    _recorder(request)
    req = _request_or_404(reference)
    if req.recorded_by_id is None:
        raise Http404(_("No such request."))
    return render(
        request,
        "register/staff/counter_recorded.html",
        {
            "title": _("Request recorded"),
            "req": req,
            "can_handle": user_can_handle_recourse(user=request.user),
        },
    )


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _refused(request, exc: ApplicationError) -> HttpResponse:
    return render(
        request,
        "register/staff/refused.html",
        {"title": _("Not possible"), "message": exc.message},
        status=exc.status,
    )


@login_required
def recourse_receipt(request, reference):
    _recorder(request)
    req = _request_or_404(reference)
    try:
        pdf = services.recourse_receipt_pdf(actor=request.user, request=req)
    except ApplicationError as exc:
        return _refused(request, exc)
    return _pdf_response(pdf, f"{req.reference}-receipt.pdf")


@login_required
def recourse_letter(request, reference):
    if not user_can_handle_recourse(user=request.user):
        raise PermissionDenied(_("This page is for city agents and register editors."))
    req = _request_or_404(reference)
    try:
        pdf = services.recourse_letter_pdf(actor=request.user, request=req)
    except ApplicationError as exc:
        return _refused(request, exc)
    return _pdf_response(pdf, f"{req.reference}-letter.pdf")
