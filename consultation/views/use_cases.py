"""Use cases: the list, a use case's page (dossier, vote, debate, answer), proposals, edits
and their public history."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from consultation import policies, selectors, services
from consultation.audience import readable_q
from consultation.forms import BallotForm, CommentForm, UseCaseForm
from consultation.models import Comment, CommitmentStatus, Grade, UseCase, UseCaseStatus
from consultation.selectors import SORTS
from consultation.services.translation import TRANSLATABLE
from consultation.views._common import (
    done,
    form_page,
    form_submit,
    get_consultation,
    guarded,
    visible_use_case,
)
from consultation.views.translation import reader_version
from core.composition import similar_case_finders
from core.diff import word_diff_html
from register.policies import user_can_read_drafts


def use_case_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    qs = (
        selectors.public_use_cases()
        .filter(readable_q(user=request.user, prefix="consultation__"))
        .select_related("consultation", "official_answer")
        .order_by("-created_at", "-id")
    )
    if status in UseCaseStatus.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "consultation/use_case_list.html",
        {
            "page_obj": page,
            "statuses": UseCaseStatus.choices,
            "status": status,
            "query_string": f"status={status}" if status else "",
            "can_propose": policies.allows(
                policies.proposal_check, user=request.user, consultation=None
            ),
        },
    )


def _refusals_off_page(request: HttpRequest, form: Form | None, shown: bool) -> None:
    """A refused form the page will not show (voting closed meanwhile, email unverified…):
    its refusal becomes a message so it is not lost."""
    if form is not None and not shown:
        for error in form.non_field_errors():
            messages.error(request, error)


def _attach_comment_actions(comments: list[Comment], *, user, page: dict) -> None:
    for comment in comments:
        comment.can = policies.comment_actions(user=user, comment=comment, page=page)
        _attach_comment_actions(comment.children, user=user, page=page)


def use_case_page(
    request: HttpRequest,
    use_case: UseCase,
    *,
    status: int = 200,
    comment_form: CommentForm | None = None,
    ballot_form: BallotForm | None = None,
) -> HttpResponse:
    """The use case's page; the vote and the debate re-render it with their refused form."""
    user = request.user
    consultation = use_case.consultation
    actions = policies.use_case_actions(user=user, use_case=use_case)
    _refusals_off_page(request, ballot_form, actions["voting_open"] and actions["can_participate"])
    _refusals_off_page(
        request,
        comment_form,
        actions["debate_open"] and actions["can_participate"] and not actions["is_blocked"],
    )
    sort = request.GET.get("sort", "recent")
    if sort not in SORTS:
        sort = "recent"
    page = Paginator(
        selectors.comment_threads(use_case=use_case, sort=sort), selectors.COMMENTS_PER_PAGE
    ).get_page(request.GET.get("page"))
    threads = selectors.comment_tree(roots=list(page.object_list), user=user)
    _attach_comment_actions(threads, user=user, page=actions)
    my_grade = selectors.user_ballots(user=user, use_case_ids=[use_case.pk]).get(use_case.pk)
    answer = use_case.official_answer if hasattr(use_case, "official_answer") else None
    commitments = selectors.use_case_commitments(use_case=use_case) if answer else []
    dossier, content_language, content_origin = reader_version(
        use_case, TRANSLATABLE["use-case"][1]
    )
    return render(
        request,
        "consultation/use_case_detail.html",
        {
            "use_case": use_case,
            "dossier": dossier,
            "consultation": consultation,
            "content_language": content_language,
            "content_origin": content_origin,
            "synthesis": selectors.synthesis_latest_published(use_case=use_case),
            "can_synthesise": policies.allows(policies.synthesis_review_check, user=user),
            "syntheses": list(use_case.syntheses.all()[:5])
            if policies.allows(policies.synthesis_review_check, user=user)
            else [],
            "phase": consultation.current_phase if consultation else None,
            "my_grade": my_grade,
            "my_grade_label": Grade(my_grade).label if my_grade else "",
            "ballot_form": ballot_form or BallotForm(initial={"grade": my_grade}),
            "comment_form": comment_form or CommentForm(),
            "threads": threads,
            "page_obj": page,
            "sort": sort,
            "sorts": [
                ("recent", _("Most recent")),
                ("supported", _("Most supported")),
                ("for", _("Arguments for")),
                ("against", _("Arguments against")),
            ],
            "query_string": f"sort={sort}",
            "answer": answer,
            "commitments": commitments,
            "commitment_statuses": CommitmentStatus.choices,
            **closed_loop_context(user=user, use_case=use_case, answer=answer),
            "register": selectors.register_summary(slug=use_case.register_slug),
            "answer_register": selectors.register_summary(slug=answer.register_slug)
            if answer and answer.register_slug
            else None,
            "revision_count": use_case.revisions.count(),
            "grades": Grade.choices,
            **actions,
        },
        status=status,
    )


def closed_loop_context(*, user, use_case: UseCase, answer) -> dict:
    """What the answer section shows of the loop: the register record the adoption opened
    (draft or published) and who may report progress on the commitments."""
    if answer is None:
        return {}
    commitment = answer.commitments.first()
    return {
        "register_record": selectors.register_record_state(slug=use_case.register_slug),
        "can_read_register_drafts": user_can_read_drafts(user=user),
        "can_report_progress": commitment is not None
        and policies.allows(policies.commitment_progress_check, user=user, commitment=commitment),
    }


def use_case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return use_case_page(request, visible_use_case(request, pk))


def _similar_text(data: dict) -> str:
    return " ".join([data.get("title", ""), data.get("summary", ""), data.get("problem", "")])


@require_http_methods(["GET", "POST"])
@guarded
def propose(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """Propose a use case; similar ones are shown first and the person decides."""
    consultation = get_consultation(request, slug) if slug else None
    policies.proposal_role_check(user=request.user, consultation=consultation)
    form = UseCaseForm(
        request.POST or None,
        can_link_register=policies.register_link_allowed(user=request.user),
    )
    similar = []
    similar_elsewhere: list[dict] = []  # partner cities' cases (composition hook)

    def render_form(bound: UseCaseForm, status: int) -> HttpResponse:
        if not similar and not similar_elsewhere:
            bound.fields.pop("confirm_new", None)  # only asked once similar cases are shown
        elif "confirm_new" in bound.fields:
            bound.fields["confirm_new"].required = True  # needed to send: not "(optional)"
        return render(
            request,
            "consultation/propose.html",
            {
                "form": bound,
                "consultation": consultation,
                "similar": similar,
                "similar_elsewhere": similar_elsewhere,
            },
            status=status,
        )

    if request.method != "POST":
        return render_form(form, 200)

    def review(data: dict) -> HttpResponse | None:
        similar.extend(selectors.use_case_similar(text=_similar_text(data), user=request.user))
        for find in similar_case_finders():
            similar_elsewhere.extend(find(text=_similar_text(data), limit=5))
        if (similar or similar_elsewhere) and not data.get("confirm_new"):
            return render_form(form, 200)  # shown before submission: the person decides
        return None

    thanks = _("Thank you. Your proposal will be published once a moderator has read it.")

    def success(use_case: UseCase) -> HttpResponse:
        message = _("Your use case is published.") if use_case.is_public else thanks
        return done(request, message, use_case.get_absolute_url())

    back = consultation.get_absolute_url() if consultation else reverse("consultation:index")
    return form_submit(
        request,
        form,
        perform=lambda data: services.use_case_propose(
            proposer=request.user, data=data, consultation=consultation
        ),
        render_form=render_form,
        success=success,
        trap=(back, thanks),
        review=review,
    )


@require_http_methods(["GET", "POST"])
@guarded
def use_case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    use_case = visible_use_case(request, pk)
    policies.use_case_edit_check(user=request.user, use_case=use_case)
    form = UseCaseForm(
        request.POST or None,
        instance=use_case,
        can_link_register=policies.register_link_allowed(user=request.user),
        editing=True,
    )

    updated = _("The dossier is updated; the change is in its history.")

    def perform(data: dict):
        # ModelForm validation mutated the instance: compare against the stored values.
        return services.use_case_update(
            editor=request.user,
            use_case=UseCase.objects.get(pk=use_case.pk),
            data={name: value for name, value in data.items() if name in UseCase.DOSSIER_FIELDS},
            note=data.get("note", ""),
        )

    return form_page(
        request,
        form,
        template="consultation/use_case_edit.html",
        context={"use_case": use_case},
        perform=perform,
        success=lambda _revision: done(request, updated, use_case.get_absolute_url()),
        trap=(use_case.get_absolute_url(), updated),
    )


def use_case_history(request: HttpRequest, pk: int) -> HttpResponse:
    use_case = visible_use_case(request, pk)
    labels = {
        f.name: f.verbose_name for f in UseCase._meta.get_fields() if hasattr(f, "verbose_name")
    }
    page = Paginator(use_case.revisions.select_related("editor"), 20).get_page(
        request.GET.get("page")
    )
    revisions = [
        {
            "revision": revision,
            "changes": [
                {
                    "field": str(labels.get(name, name)),
                    "before": change.get("before", ""),
                    "after": change.get("after", ""),
                    "diff": word_diff_html(change.get("before", ""), change.get("after", "")),
                }
                for name, change in revision.changes.items()
            ],
        }
        for revision in page.object_list
    ]
    return render(
        request,
        "consultation/use_case_history.html",
        {"use_case": use_case, "revisions": revisions, "page_obj": page},
    )
