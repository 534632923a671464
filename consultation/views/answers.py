"""The city's official answer to a use case and the follow-up of its commitments."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from consultation import policies, selectors, services
from consultation.errors import PhaseClosed
from consultation.forms import AnswerForm, CommitmentStatusForm
from consultation.models import Commitment
from consultation.views._common import action_submit, done, form_page, guarded, visible_use_case


@require_http_methods(["GET", "POST"])
@guarded
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    use_case = visible_use_case(request, pk)
    policies.answer_author_check(user=request.user)
    try:
        policies.answer_phase_check(use_case=use_case)
    except PhaseClosed as exc:
        # Refused before the form is shown: nobody writes an answer the service would refuse.
        return render(
            request,
            "consultation/answer_form.html",
            {"use_case": use_case, "refusal": exc.message},
            status=exc.status,
        )
    existing = getattr(use_case, "official_answer", None)
    initial = {"author_title": request.user.public_name}
    if existing:
        initial.update(
            decision=existing.decision,
            justification=existing.justification,
            author_title=existing.author_title,
            register_slug=existing.register_slug,
        )
    form = AnswerForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        template="consultation/answer_form.html",
        context={
            "use_case": use_case,
            "existing": existing,
            "synthesis": selectors.synthesis_summaries(use_case_ids=[use_case.pk]).get(use_case.pk),
        },
        perform=lambda data: services.answer_publish(
            author=request.user,
            use_case=use_case,
            decision=data["decision"],
            justification=data["justification"],
            author_title=data["author_title"],
            register_slug=data.get("register_slug", ""),
            commitments=form.commitments(),
        ),
        success=lambda _answer: done(
            request,
            _("The official answer is published and participants are notified."),
            use_case.get_absolute_url() + "#answer",
        ),
    )


@require_POST
def commitment_status(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = get_object_or_404(Commitment.objects.select_related("answer__use_case"), pk=pk)
    visible_use_case(request, commitment.answer.use_case_id)
    form = CommitmentStatusForm(request.POST)
    # An unknown status reaches the service, which refuses it with its own message.
    status = form.cleaned_data["status"] if form.is_valid() else ""
    return action_submit(
        request,
        perform=lambda: services.commitment_update(
            user=request.user, commitment=commitment, status=status
        ),
        back=commitment.answer.use_case.get_absolute_url() + "#answer",
        message=_("The commitment is updated."),
    )
