"""Reading a dossier, an answer, a comment or a consultation in English or in plain French.

GET shows the version if it is ready, a placeholder that refreshes itself while the city's
model prepares it (the page never waits for the model), or the button that asks for it.
POST asks (rate-limited; 429 with Retry-After past the limit) and comes back to the GET page.
"""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from consultation import policies, services
from consultation.forms import TranslationReviewForm
from consultation.models import Comment, Consultation, OfficialAnswer, UseCase
from consultation.services.translation import (
    TARGETS,
    TRANSLATABLE,
    translatable_sources,
    translation_state,
)
from consultation.services.translation import translation_request as _request
from consultation.views._common import action_submit, done, form_page, guarded
from core.ratelimit import client_ip, hashed_identifier
from core.translations import PLAIN_FRENCH, translations_current


def _visible_object(request: HttpRequest, kind: str, pk: int):
    if kind not in TRANSLATABLE:
        raise Http404
    model, _fields = TRANSLATABLE[kind]
    obj = get_object_or_404(model, pk=pk)
    use_case = None
    if isinstance(obj, UseCase):
        use_case = obj
    elif isinstance(obj, OfficialAnswer):
        use_case = obj.use_case
    elif isinstance(obj, Comment):
        if not obj.is_visible:
            raise Http404
        use_case = obj.use_case
    elif not isinstance(obj, Consultation) or not policies.consultation_readable(
        user=request.user, consultation=obj
    ):
        raise Http404
    if use_case is not None and not policies.use_case_visible(user=request.user, use_case=use_case):
        raise Http404
    return obj, use_case


def _labels(model) -> dict[str, str]:
    return {
        f.name: str(f.verbose_name) for f in model._meta.get_fields() if hasattr(f, "verbose_name")
    }


def _requester_key(request: HttpRequest) -> str:
    if request.user.is_authenticated:
        return f"u{request.user.pk}"
    return f"ip{hashed_identifier(client_ip(request))}"


@require_http_methods(["GET", "POST"])
def read(request: HttpRequest, kind: str, pk: int, language: str) -> HttpResponse:
    if language not in TARGETS:
        raise Http404
    obj, use_case = _visible_object(request, kind, pk)
    here = reverse("consultation:read", kwargs={"kind": kind, "pk": pk, "language": language})
    if request.method == "POST":
        return action_submit(
            request,
            perform=lambda: _request(
                obj=obj,
                language=language,
                requester_key=_requester_key(request),
                user=request.user if request.user.is_authenticated else None,
            ),
            back=here,
        )
    state = translation_state(obj=obj, language=language)
    labels = _labels(type(obj))
    fields = [
        {
            "name": name,
            "label": labels.get(name, name),
            "source": state["sources"][name],
            "row": row,
        }
        for name, row in state["fields"].items()
    ]
    back = (
        obj.get_absolute_url()
        if not isinstance(obj, OfficialAnswer)
        else use_case.get_absolute_url() + "#answer"
    )
    return render(
        request,
        "consultation/translation.html",
        {
            "obj": obj,
            "kind": kind,
            "use_case": use_case,
            "language": language,
            "target_label": TARGETS[language][0],
            "target_lang": "fr" if language == PLAIN_FRENCH else language,
            "fields": fields,
            "state": state,
            "back": back,
            "requested": any(f["row"] is not None for f in fields),
            "refresh": state["pending"],
            "can_review": policies.allows(
                policies.translation_review_check, user=request.user, obj=obj
            ),
        },
    )


@require_http_methods(["GET", "POST"])
@guarded
def review(request: HttpRequest, kind: str, pk: int, language: str, field: str) -> HttpResponse:
    """A person reviews one field's translation: the form holds the current version (the
    machine's, or an earlier review); saving publishes theirs in its place, with a badge."""
    if language not in TARGETS:
        raise Http404
    obj, use_case = _visible_object(request, kind, pk)
    policies.translation_review_check(user=request.user, obj=obj)
    sources = translatable_sources(obj=obj)
    if field not in sources:
        raise Http404
    current = translations_current(obj=obj, sources={field: sources[field]}, language=language).get(
        field
    )
    ready = current if current is not None and current.status == "ready" else None
    form = TranslationReviewForm(
        request.POST or None, initial={"text": ready.text if ready else ""}
    )
    form.fields["text"].widget.attrs["lang"] = "fr" if language == PLAIN_FRENCH else language
    back = read_url(kind, pk, language)
    return form_page(
        request,
        form,
        template="consultation/translation_review.html",
        context={
            "obj": obj,
            "use_case": use_case,
            "target_label": TARGETS[language][0],
            "field_label": _labels(type(obj)).get(field, field),
            "source": sources[field],
            "current": ready,
            "back": back,
        },
        perform=lambda data: services.translation_review(
            obj=obj, field=field, language=language, text=data["text"], reviewer=request.user
        ),
        success=lambda _row: done(
            request,
            _("Your reviewed translation is published in place of the automatic one."),
            f"{back}#field-{field}",
        ),
    )


def read_url(kind: str, pk: int, language: str) -> str:
    return reverse("consultation:read", kwargs={"kind": kind, "pk": pk, "language": language})


def reader_version(obj, fields: list[str]) -> tuple[dict[str, str], str, str]:
    """The object's texts in the reader's language where a current, ready translation exists
    (a person's one first): ({field: text}, the language the header is in, the origin of what
    is shown: "machine" when any shown field is the model's, "human" when every one was
    reviewed by a person, "" when nothing is translated). The page labels it accordingly."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    values = {f: str(getattr(obj, f) or "") for f in fields}
    if language == settings.LANGUAGE_CODE:
        return values, settings.LANGUAGE_CODE, ""
    rows = translations_current(
        obj=obj, sources={f: v for f, v in values.items() if v}, language=language
    )
    shown = {f: r for f, r in rows.items() if r.status == "ready" and r.text}
    values.update({f: r.text for f, r in shown.items()})
    whole = all(f in shown for f, v in values.items() if v and f in ("title", "summary"))
    origins = {r.origin for r in shown.values()}
    origin = "machine" if "machine" in origins else ("human" if origins else "")
    return values, language if shown and whole else settings.LANGUAGE_CODE, origin
