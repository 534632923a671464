"""The city's official answer to a use case and the follow-up of its commitments."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from consultation import policies, selectors, services
from consultation.errors import PhaseClosed
from consultation.forms import AnswerForm, CommitmentProgressForm, CommitmentStatusForm
from consultation.models import Commitment, Grade
from consultation.views._common import (
    action_submit,
    done,
    form_submit,
    guarded,
    visible_use_case,
)


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
            departure_justification=existing.departure_justification,
            author_title=existing.author_title,
            register_slug=existing.register_slug,
        )
    median_grade = selectors.use_case_median_grade(use_case=use_case)
    form = AnswerForm(request.POST or None, initial=initial, median_grade=median_grade)
    context = {
        "use_case": use_case,
        "existing": existing,
        "median_grade": median_grade,
        "median_label": Grade(median_grade).label if median_grade else "",
        "synthesis": selectors.synthesis_summaries(use_case_ids=[use_case.pk]).get(use_case.pk),
    }

    def render_form(bound: AnswerForm, status: int) -> HttpResponse:
        return render(
            request, "consultation/answer_form.html", {"form": bound, **context}, status=status
        )

    if request.method != "POST":
        return render_form(form, 200)
    return form_submit(
        request,
        form,
        render_form=render_form,
        # The service's refusal of a missing justification is shown on its field.
        error_fields={"departure_justification": "departure_justification"},
        perform=lambda data: services.answer_publish(
            author=request.user,
            use_case=use_case,
            decision=data["decision"],
            justification=data["justification"],
            author_title=data["author_title"],
            register_slug=data.get("register_slug", ""),
            commitments=form.commitments(),
            departure_justification=data.get("departure_justification", ""),
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


@require_http_methods(["GET", "POST"])
@guarded
def commitment_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """Report progress on a commitment: a dated note and a percentage, shown on the use case."""
    commitment = get_object_or_404(Commitment.objects.select_related("answer__use_case"), pk=pk)
    use_case = visible_use_case(request, commitment.answer.use_case_id)
    policies.commitment_progress_check(user=request.user, commitment=commitment)
    form = CommitmentProgressForm(request.POST or None)

    def render_form(bound: CommitmentProgressForm, status: int) -> HttpResponse:
        return render(
            request,
            "consultation/commitment_progress.html",
            {"form": bound, "commitment": commitment, "use_case": use_case},
            status=status,
        )

    if request.method != "POST":
        return render_form(form, 200)
    return form_submit(
        request,
        form,
        render_form=render_form,
        error_fields={"percent": "percent", "note": "note"},
        perform=lambda data: services.commitment_progress_add(
            user=request.user, commitment=commitment, percent=data["percent"], note=data["note"]
        ),
        success=lambda _row: done(
            request,
            _("Progress recorded; it is shown on the use case."),
            use_case.get_absolute_url() + f"#commitment-{commitment.pk}",
        ),
    )
