"""What every consultation view shares.

- `form_submit` / `form_page`: the one POST → form → service → answer sequence. A form that
  does not validate is shown again with 400; a service's refusal (`core.errors`) is shown
  above the same form, values kept, with the refusal's status (403, 409, 422, 429…); a
  visitor who must log in is sent to the login page.
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
from core.errors import ApplicationError, NotAllowed, NotAuthenticated, NotFound

RenderForm = Callable[[Form, int], HttpResponse]


def done(request: HttpRequest, message: str, url: str) -> HttpResponseRedirect:
    """Success: say so on the next page."""
    messages.success(request, message)
    return HttpResponseRedirect(url)


def form_submit(
    request: HttpRequest,
    form: Form,
    *,
    perform: Callable[[dict], Any],
    render_form: RenderForm,
    success: Callable[[Any], HttpResponse],
    login_next: str | None = None,
    error_fields: dict[str, str] | None = None,
) -> HttpResponse:
    """Validate `form`, hand its cleaned data to a service (`perform`), answer.

    The honeypot is a field of the consultation forms (`forms.HoneypotMixin`): a filled one
    fails `is_valid()` here, so this is the one place the views meet it. `error_fields` maps
    a refusal's code to the field it is shown on (default: above the form).
    """
    if not form.is_valid():
        return render_form(form, 400)
    try:
        result = perform(form.cleaned_data)
    except NotAuthenticated:
        return redirect_to_login(login_next or request.get_full_path())
    except ApplicationError as exc:
        form.add_error((error_fields or {}).get(exc.code), exc.message)
        return render_form(form, exc.status)
    return success(result)


def form_page(
    request: HttpRequest,
    form: Form,
    *,
    template: str,
    context: dict,
    perform: Callable[[dict], Any],
    success: Callable[[Any], HttpResponse],
) -> HttpResponse:
    """A page holding one form: shown on GET, submitted on POST through `form_submit`."""

    def render_form(bound: Form, status: int) -> HttpResponse:
        return render(request, template, {"form": bound, **context}, status=status)

    if request.method != "POST":
        return render_form(form, 200)
    return form_submit(request, form, perform=perform, render_form=render_form, success=success)


def action_submit(
    request: HttpRequest,
    *,
    perform: Callable[[], Any],
    back: str,
    message: str | None = None,
) -> HttpResponse:
    """A one-click action: go back to the page it came from, with the refusal if any."""
    try:
        perform()
    except NotAuthenticated:
        return redirect_to_login(back)
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


def get_consultation(slug: str) -> Consultation:
    return get_object_or_404(Consultation, slug=slug)


def visible_use_case(request: HttpRequest, pk: int) -> UseCase:
    """A use case this person may see (unpublished proposals: proposer and moderators)."""
    use_case = get_object_or_404(UseCase.objects.select_related("consultation", "proposer"), pk=pk)
    if not policies.use_case_visible(user=request.user, use_case=use_case):
        raise Http404
    return use_case
