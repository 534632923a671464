"""The ballot form of a use case's page (the JSON API casts ballots too: `consultation.api`)."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consultation import services
from consultation.forms import BallotForm
from consultation.models import Grade
from consultation.views._common import done, form_submit, visible_use_case
from consultation.views.use_cases import use_case_page


@require_POST
def ballot(request: HttpRequest, pk: int) -> HttpResponse:
    use_case = visible_use_case(request, pk)
    back = use_case.get_absolute_url() + "#vote"
    return form_submit(
        request,
        BallotForm(request.POST),
        perform=lambda data: services.ballot_cast(
            voter=request.user, use_case=use_case, grade=data["grade"]
        ),
        render_form=lambda form, status: use_case_page(
            request, use_case, status=status, ballot_form=form
        ),
        success=lambda ballot: done(
            request,
            _("Your grade “%(grade)s” is recorded. You may change it until voting closes.")
            % {"grade": Grade(ballot.grade).label},
            back,
        ),
        login_next=back,
    )
