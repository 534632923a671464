"""Paper and counter ballots: officers (counter agents) enter counted batches, four-eyes
(consultation.services.paper_ballots); the list shows each batch's state, never the figures
of another officer's entry."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from consultation import policies, selectors, services
from consultation.forms import PaperBatchForm
from consultation.models import PaperBatchStatus
from consultation.views._common import form_submit, get_consultation, guarded

MESSAGES = {
    PaperBatchStatus.AWAITING_SECOND: _(
        "Entry recorded. The batch is counted once a second officer enters the same figures."
    ),
    PaperBatchStatus.CONFIRMED: _("The two entries match: the batch is confirmed and counted."),
    PaperBatchStatus.MISMATCH: _(
        "Your entry differs from the earlier one: the batch is not counted. A third officer "
        "must count the ballots again and enter them."
    ),
}


@require_http_methods(["GET", "POST"])
@guarded
def paper_ballots(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = get_consultation(request, slug)
    policies.paper_ballots_check(user=request.user)
    use_cases = list(selectors.consultation_use_cases(consultation=consultation))
    form = PaperBatchForm(request.POST or None, use_cases=use_cases)
    batches = list(selectors.paper_batches(consultation=consultation))
    for batch in batches:
        batch.differences = (
            selectors.paper_batch_differences(batch=batch)
            if batch.status == PaperBatchStatus.MISMATCH
            else []
        )
    context = {
        "consultation": consultation,
        "batches": batches,
        "open": policies.allows(policies.paper_ballots_phase_check, consultation=consultation),
    }

    def render_form(bound, status: int) -> HttpResponse:
        return render(
            request, "consultation/paper_ballots.html", {"form": bound, **context}, status=status
        )

    def success(entry) -> HttpResponse:
        level = (
            messages.WARNING
            if entry.batch.status == PaperBatchStatus.MISMATCH
            else messages.SUCCESS
        )
        messages.add_message(request, level, str(MESSAGES[entry.batch.status]))
        return redirect("consultation:paper-ballots", slug=consultation.slug)

    if request.method != "POST":
        return render_form(form, 200)
    return form_submit(
        request,
        form,
        perform=lambda data: services.paper_batch_enter(
            officer=request.user,
            consultation=consultation,
            label=data["label"],
            channel=data["channel"],
            counts=form.counts(),
            note=data["note"],
        ),
        render_form=render_form,
        success=success,
    )
