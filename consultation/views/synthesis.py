"""Debate synthesis: asked for by a reviewer, drafted in the background, edited and signed off,
then public with its citations, its figures from the votes and the residents' flags."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from consultation import policies, selectors, services
from consultation.forms import SynthesisFlagForm, SynthesisFlagResolveForm, SynthesisReviewForm
from consultation.models import Synthesis, SynthesisFlag, SynthesisStatus
from consultation.services.synthesis import (
    PARTS,
    sentences_of,
    synthesis_is_outdated,
    synthesis_text,
)
from consultation.views._common import action_submit, done, form_submit, guarded, visible_use_case
from core.diff import word_diff_html

PART_TITLES = {
    "summary": gettext_lazy("In short"),
    "for": gettext_lazy("Arguments for"),
    "against": gettext_lazy("Arguments against"),
    "questions": gettext_lazy("Open questions"),
}


def _synthesis(request: HttpRequest, pk: int) -> Synthesis:
    synthesis = get_object_or_404(
        Synthesis.objects.select_related("use_case", "reviewed_by"), pk=pk
    )
    if not policies.synthesis_visible(user=request.user, synthesis=synthesis):
        raise Http404
    if not policies.use_case_visible(user=request.user, use_case=synthesis.use_case):
        raise Http404
    return synthesis


def _themes_for_display(synthesis: Synthesis, structure: dict) -> list[dict]:
    """Sentences with their comments (only those still visible are linked)."""
    ids = {i for s in sentences_of(structure) for i in s["comment_ids"]}
    visible = {
        c.pk: c
        for c in selectors.synthesis_visible_comments(use_case=synthesis.use_case).filter(
            pk__in=ids
        )
    }
    themes = []
    for number, theme in enumerate(structure.get("themes", []), start=1):
        parts = []
        for part in PARTS:
            sentences = [
                {
                    **s,
                    "links": [
                        {"pk": i, "url": visible[i].get_absolute_url()}
                        for i in s["comment_ids"]
                        if i in visible
                    ],
                }
                for s in theme["parts"].get(part, [])
            ]
            if sentences:
                parts.append({"key": part, "title": PART_TITLES[part], "sentences": sentences})
        themes.append(
            {
                **theme,
                "number": number,
                "parts_display": parts,
                "coverage_pct": round(100 * theme.get("coverage", 0)),
                "comment_total": len(theme["comment_ids"]),
                "cited_total": len(theme.get("cited_ids", [])),
                "dropped_total": sum(theme.get("dropped", {}).values()),
            }
        )
    return themes


@require_POST
@guarded
def synthesis_request(request: HttpRequest, pk: int) -> HttpResponse:
    use_case = visible_use_case(request, pk)
    policies.synthesis_review_check(user=request.user)  # 401/403 before anything else
    created: list[Synthesis] = []

    def perform():
        created.append(services.synthesis_request(user=request.user, use_case=use_case))

    response = action_submit(
        request, perform=perform, back=use_case.get_absolute_url() + "#synthesis"
    )
    if created:
        return HttpResponseRedirect(created[0].get_absolute_url())
    return response


@guarded
def synthesis_detail(request: HttpRequest, pk: int) -> HttpResponse:
    synthesis = _synthesis(request, pk)
    is_reviewer = policies.allows(policies.synthesis_review_check, user=request.user)
    structure = synthesis.published if synthesis.is_published else synthesis.draft
    return render(
        request,
        "consultation/synthesis.html",
        {
            "synthesis": synthesis,
            "use_case": synthesis.use_case,
            "themes": _themes_for_display(synthesis, structure),
            "structure": structure,
            "is_reviewer": is_reviewer,
            "outdated": synthesis.is_published and synthesis_is_outdated(synthesis=synthesis),
            "diff": word_diff_html(
                synthesis_text(synthesis.draft), synthesis_text(synthesis.published)
            )
            if synthesis.is_published
            else "",
            "edited": synthesis_text(synthesis.draft) != synthesis_text(synthesis.published),
            "votes": selectors.consensus_and_division(use_case=synthesis.use_case)
            if synthesis.status in (SynthesisStatus.DRAFT, SynthesisStatus.PUBLISHED)
            else None,
            "can_flag": synthesis.is_published
            and policies.allows(
                policies.synthesis_flag_check,
                user=request.user,
                consultation=synthesis.use_case.consultation,
            ),
            "refresh": synthesis.status == SynthesisStatus.PENDING,
            "flags": synthesis.flags.filter(status="open").count() if is_reviewer else 0,
        },
    )


@require_http_methods(["GET", "POST"])
@guarded
def synthesis_review(request: HttpRequest, pk: int) -> HttpResponse:
    synthesis = _synthesis(request, pk)
    policies.synthesis_review_check(user=request.user)
    if synthesis.status not in (SynthesisStatus.DRAFT, SynthesisStatus.PUBLISHED):
        raise Http404
    current = synthesis.published if synthesis.is_published else synthesis.draft
    current_text = {s["id"]: s["text"] for s in sentences_of(current)}
    sentences = [
        {**s, "text": current_text.get(s["id"], "")} for s in sentences_of(synthesis.draft)
    ]
    form = SynthesisReviewForm(
        request.POST or None,
        sentences=sentences,
        initial={"reviewer_title": synthesis.reviewer_title or request.user.public_name},
    )

    def render_form(bound, status):
        themes = _themes_for_display(synthesis, synthesis.draft)
        names = {s["id"]: name for s, name in bound.sentence_fields}
        for theme in themes:
            for part in theme["parts_display"]:
                for n, sentence in enumerate(part["sentences"], start=1):
                    field = bound[names[sentence["id"]]]
                    # Labelled as a reader finds it, not by its internal id ("t1.summary.0").
                    field.label = _("Theme %(theme)s, %(part)s: sentence %(n)s") % {
                        "theme": theme["number"],
                        "part": part["title"],
                        "n": n,
                    }
                    sentence["field"] = field
        return render(
            request,
            "consultation/synthesis_review.html",
            {
                "synthesis": synthesis,
                "use_case": synthesis.use_case,
                "form": bound,
                "themes": themes,
            },
            status=status,
        )

    if request.method != "POST":
        return render_form(form, 200)
    return form_submit(
        request,
        form,
        perform=lambda data: services.synthesis_publish(
            user=request.user,
            synthesis=synthesis,
            edits=form.edits(),
            reviewer_title=data["reviewer_title"],
        ),
        render_form=render_form,
        success=lambda s: done(
            request, _("The synthesis is signed off and published."), s.get_absolute_url()
        ),
    )


@require_POST
@guarded
def synthesis_flag(request: HttpRequest, pk: int) -> HttpResponse:
    synthesis = _synthesis(request, pk)
    form = SynthesisFlagForm(request.POST)
    back = synthesis.get_absolute_url()
    if not form.is_valid():
        messages.error(request, _("Say what the sentence gets wrong about your view."))
        return HttpResponseRedirect(back)
    return action_submit(
        request,
        perform=lambda: services.synthesis_flag(
            user=request.user,
            synthesis=synthesis,
            sentence_id=form.cleaned_data["sentence"],
            details=form.cleaned_data["details"],
        ),
        back=back,
        message=_("Thank you: the reviewers will look at your flag."),
    )


def _queue_page(
    request: HttpRequest, *, refused: tuple[int, SynthesisFlagResolveForm] | None = None, status=200
) -> HttpResponse:
    """The reviewers' queue; `refused` = (flag id, its bound form) after a refused resolution,
    shown again with the reason and the reply kept."""
    flags = list(selectors.synthesis_flags_open()[:50])
    for flag in flags:
        if refused is not None and refused[0] == flag.pk:
            flag.resolve_form = refused[1]
        else:
            flag.resolve_form = SynthesisFlagResolveForm(prefix=f"flag-{flag.pk}")
    return render(
        request,
        "consultation/synthesis_queue.html",
        {
            "syntheses": selectors.synthesis_review_queue()[:50],
            "flags": flags,
            "open_total": selectors.synthesis_flags_open().count(),
            "resolved": selectors.synthesis_flags_resolved()[:20],
            "refused_form": refused[1] if refused is not None else None,
        },
        status=status,
    )


@guarded
def synthesis_queue(request: HttpRequest) -> HttpResponse:
    policies.synthesis_review_check(user=request.user)
    return _queue_page(request)


@require_POST
@guarded
def synthesis_flag_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    policies.synthesis_review_check(user=request.user)  # 401/403 before anything else
    flag = get_object_or_404(SynthesisFlag.objects.select_related("synthesis__use_case"), pk=pk)
    if not policies.use_case_visible(user=request.user, use_case=flag.synthesis.use_case):
        raise Http404
    form = SynthesisFlagResolveForm(request.POST, prefix=f"flag-{flag.pk}")
    return form_submit(
        request,
        form,
        perform=lambda data: services.synthesis_flag_resolve(
            user=request.user, flag=flag, note=data["note"]
        ),
        render_form=lambda bound, status: _queue_page(
            request, refused=(flag.pk, bound), status=status
        ),
        success=lambda _flag: done(
            request,
            _("The flag is resolved and the resident is told."),
            reverse("consultation:synthesis-queue") + "#flags-title",
        ),
    )
