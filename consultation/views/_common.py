"""What every consultation view shares.

- `form_submit` / `form_page`: the one POST → form → service → answer sequence. A filled
  honeypot gets a fake success (`honeypot_answer`); a form that does not validate is shown
  again with 400; a service's refusal (`core.errors`) is shown above the same form, values
  kept, with the refusal's status (403, 409, 422, 429…); a visitor who must log in is sent
  to the login page.
- `action_submit`: the same for one-click buttons (vote on a comment, commitment status) that
  have no page of their own: the refusal is a message on the page the button was on.
- `guarded`: a policy check that refuses while a page is being prepared answers with the
  login page (visitor) or 403 (anyone else).
- The lookups that carry a visibility rule.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render

from consultation import policies
from consultation.models import Consultation, UseCase
from core.errors import ApplicationError, NotAllowed, NotAuthenticated, NotFound, RateLimited
from core.forms import honeypot_response, refusal_headers, refusal_show

RenderForm = Callable[[Form, int], HttpResponse]
Trap = tuple[str, str]  # (url, message) of the real success, answered to bots


def done(request: HttpRequest, message: str, url: str) -> HttpResponseRedirect:
    """Success: say so on the next page."""
    messages.success(request, message)
    return HttpResponseRedirect(url)


def honeypot_answer(request: HttpRequest, form: Form, trap: Trap | None) -> HttpResponse | None:
    """The fake success for a filled honeypot, or None for a person (see `core.forms`)."""
    if trap is None:
        return None
    redirect_to, message = trap
    return honeypot_response(request, form, redirect_to=redirect_to, message=message)


def form_submit(
    request: HttpRequest,
    form: Form,
    *,
    perform: Callable[[dict], Any],
    render_form: RenderForm,
    success: Callable[[Any], HttpResponse],
    login_next: str | None = None,
    error_fields: dict[str, str] | None = None,
    trap: Trap | None = None,
    review: Callable[[dict], HttpResponse | None] | None = None,
) -> HttpResponse:
    """Validate `form`, hand its cleaned data to a service (`perform`), answer.

    `trap` = (url, message) of the real success, for forms carrying the honeypot.
    `review` may answer first, between validation and the service (a proposal shows similar
    use cases before it is sent). `error_fields` maps a refusal's code to the field it is
    shown on (default: above the form).
    """
    if (fake := honeypot_answer(request, form, trap)) is not None:
        return fake
    if not form.is_valid():
        return render_form(form, 400)
    if review is not None and (answer := review(form.cleaned_data)) is not None:
        return answer
    try:
        result = perform(form.cleaned_data)
    except NotAuthenticated:
        return redirect_to_login(login_next or request.get_full_path())
    except ApplicationError as exc:
        return render_form(form, refusal_show(form, exc, field=(error_fields or {}).get(exc.code)))
    return success(result)


def form_page(
    request: HttpRequest,
    form: Form,
    *,
    template: str,
    context: dict,
    perform: Callable[[dict], Any],
    success: Callable[[Any], HttpResponse],
    trap: Trap | None = None,
) -> HttpResponse:
    """A page holding one form: shown on GET, submitted on POST through `form_submit`."""

    def render_form(bound: Form, status: int) -> HttpResponse:
        return render(request, template, {"form": bound, **context}, status=status)

    if request.method != "POST":
        return render_form(form, 200)
    return form_submit(
        request, form, perform=perform, render_form=render_form, success=success, trap=trap
    )


def action_submit(
    request: HttpRequest,
    *,
    perform: Callable[[], Any],
    back: str,
    message: str | None = None,
) -> HttpResponse:
    """A one-click action: go back to the page it came from, with the refusal if any.

    Over a rate limit the answer is a 429 page (with `Retry-After`) rather than a redirect, so
    that browsers and scripts alike see the refusal the way every other endpoint says it."""
    try:
        perform()
    except NotAuthenticated:
        return redirect_to_login(back)
    except RateLimited as exc:
        response = render(request, "429.html", {"message": exc.message, "back": back}, status=429)
        for header, value in refusal_headers(exc).items():
            response[header] = value
        return response
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return HttpResponseRedirect(back)
    if message:
        messages.success(request, message)
    return HttpResponseRedirect(back)


def guarded(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answer a policy refusal raised while preparing the page: login, 403 or 404."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotAuthenticated:
            return redirect_to_login(request.get_full_path())
        except NotAllowed as exc:
            raise PermissionDenied from exc
        except NotFound as exc:
            raise Http404 from exc

    return wrapper


# --- Lookups ------------------------------------------------------------------------------


def get_consultation(request: HttpRequest, slug: str) -> Consultation:
    """A consultation this person may read: a staff consultation is a 404 to everyone else."""
    consultation = get_object_or_404(Consultation, slug=slug)
    if not policies.consultation_readable(user=request.user, consultation=consultation):
        raise Http404
    return consultation


def visible_use_case(request: HttpRequest, pk: int) -> UseCase:
    """A use case this person may see (unpublished proposals: proposer and moderators)."""
    use_case = get_object_or_404(UseCase.objects.select_related("consultation", "proposer"), pk=pk)
    if not policies.use_case_visible(user=request.user, use_case=use_case):
        raise Http404
    return use_case
