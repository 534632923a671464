"""Thin views: read through selectors, write through services, answer 4xx on refusals."""

import csv
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from accounts.roles import Role
from accounts.selectors import user_can_participate, user_has_role
from consultation import charts, exports, selectors, services
from consultation.forms import (
    AnswerForm,
    AppealDecisionForm,
    AppealForm,
    BallotForm,
    BlockForm,
    CommentEditForm,
    CommentForm,
    CommitmentStatusForm,
    ConsultationForm,
    ModerateCommentForm,
    NotificationPreferenceForm,
    ProposalModerationForm,
    ReportForm,
    UseCaseForm,
)
from consultation.models import (
    PHASE_ORDER,
    Appeal,
    AppealStatus,
    Comment,
    Commitment,
    CommitmentStatus,
    Consultation,
    Frequency,
    Grade,
    ModerationState,
    NotificationPreference,
    Phase,
    UseCase,
    UseCaseStatus,
)
from consultation.selectors import SORTS
from consultation.text import render_markdown
from core.errors import ApplicationError, NotAuthenticated
from core.forms import honeypot_response


def _is(user, role) -> bool:
    return user_has_role(user=user, role=role)


def _form_refused(request, exc, form, template: str, context: dict) -> HttpResponse:
    """A service refused a valid form: say why above the same form, with the values kept."""
    form.add_error(None, exc.message)
    return render(request, template, {"form": form, **context}, status=exc.status)


def _refused(request: HttpRequest, exc: ApplicationError, back: str) -> HttpResponse:
    if isinstance(exc, NotAuthenticated):
        return redirect_to_login(back)
    messages.error(request, exc.message)
    response = HttpResponseRedirect(back)
    return response


# --- Consultations ---------------------------------------------------------------------------


def index(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.consultation_list(), 10).get_page(request.GET.get("page"))
    return render(
        request,
        "consultation/index.html",
        {
            "page_obj": page,
            "is_moderator": _is(request.user, Role.MODERATOR),
            "is_agent": _is(request.user, Role.AGENT),
        },
    )


def _consultation(slug: str) -> Consultation:
    return get_object_or_404(Consultation, slug=slug)


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = _consultation(slug)
    use_cases = list(selectors.consultation_use_cases(consultation=consultation))
    my_ballots = selectors.user_ballots(user=request.user, use_case_ids=[u.pk for u in use_cases])
    for use_case in use_cases:
        use_case.my_grade = my_ballots.get(use_case.pk)
        use_case.my_grade_label = Grade(use_case.my_grade).label if use_case.my_grade else ""
    phase = consultation.current_phase
    can_propose = phase in (Phase.INFORMATION, Phase.VOTING) and (
        consultation.accepts_proposals or _is(request.user, Role.AGENT)
    )
    return render(
        request,
        "consultation/detail.html",
        {
            "consultation": consultation,
            "description_html": render_markdown(consultation.description),
            "use_cases": use_cases,
            "documents": list(consultation.documents.all()),
            "phases": consultation.phases(),
            "phase": phase,
            "can_propose": can_propose,
            "can_see_dashboard": _is(request.user, Role.ELECTED) or _is(request.user, Role.AGENT),
            "can_edit": _is(request.user, Role.AGENT),
            "voted": len(my_ballots),
        },
    )


def ical(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = _consultation(slug)
    body = exports.phases_ical(
        consultation=consultation, url=request.build_absolute_uri(consultation.get_absolute_url())
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{consultation.slug}.ics"'
    return response


def results(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = _consultation(slug)
    context = {
        "consultation": consultation,
        "phases": consultation.phases(),
        "hidden": not consultation.results_public,
    }
    if consultation.results_public:
        ranking = selectors.consultation_results(consultation=consultation)
        by_day = selectors.consultation_participation_by_day(consultation=consultation)
        context.update(
            {
                "ranking": ranking,
                "chart": charts.merit_profiles(ranking),
                "voters": selectors.consultation_voter_count(consultation=consultation),
                "by_day": by_day,
                "by_day_chart": charts.participation(by_day),
                "by_arrondissement": selectors.consultation_participation_by_group(
                    consultation=consultation, field="arrondissement"
                ),
                "by_age": selectors.consultation_participation_by_group(
                    consultation=consultation, field="age_bracket"
                ),
                "grades": Grade.choices,
                "legend": [
                    {"label": label, "colour": charts.GRADE_COLOURS[value]}
                    for value, label in Grade.choices
                ],
                "is_live": consultation.current_phase == Phase.VOTING,
            }
        )
    return render(request, "consultation/results.html", context)


def _require_dashboard(request) -> None:
    if not request.user.is_authenticated:
        raise NotAuthenticated()
    if not (_is(request.user, Role.ELECTED) or _is(request.user, Role.AGENT)):
        raise PermissionDenied


def _dashboard_data(consultation: Consultation) -> dict:
    ranking = selectors.consultation_results(consultation=consultation)
    arguments = selectors.top_arguments(consultation=consultation)
    for row in ranking:
        row["arguments"] = arguments.get(row["use_case"].pk, {"for": [], "against": []})
    comments = Comment.objects.filter(use_case__consultation=consultation).aggregate(
        total=Count("id"), authors=Count("author_id", distinct=True)
    )
    return {
        "consultation": consultation,
        "ranking": ranking,
        "voters": selectors.consultation_voter_count(consultation=consultation),
        "comments": comments,
        "by_day": selectors.consultation_participation_by_day(consultation=consultation),
        "generated_at": timezone.now(),
    }


def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = _consultation(slug)
    try:
        _require_dashboard(request)
    except NotAuthenticated:
        return redirect_to_login(request.get_full_path())
    return render(request, "consultation/dashboard.html", _dashboard_data(consultation))


def dashboard_csv(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = _consultation(slug)
    try:
        _require_dashboard(request)
    except NotAuthenticated:
        return redirect_to_login(request.get_full_path())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{consultation.slug}-dashboard.csv"'
    exports.dashboard_csv(response, _dashboard_data(consultation))
    return response


def dashboard_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = _consultation(slug)
    try:
        _require_dashboard(request)
    except NotAuthenticated:
        return redirect_to_login(request.get_full_path())
    html = render_to_string(
        "consultation/dashboard_pdf.html", _dashboard_data(consultation), request
    )
    from weasyprint import HTML

    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{consultation.slug}-dashboard.pdf"'
    return response


@require_http_methods(["GET", "POST"])
def consultation_form(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """Agents create and edit consultations (dates, options, use cases put to the vote)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not _is(request.user, Role.AGENT):
        raise PermissionDenied
    instance = _consultation(slug) if slug else None
    form = ConsultationForm(request.POST or None, instance=instance)
    if request.method == "POST":
        if form.is_valid():
            consultation = services.consultation_save(
                editor=request.user,
                consultation=form.save(commit=False),
                use_case_ids=[u.pk for u in form.cleaned_data["use_cases"]],
            )
            messages.success(request, _("The consultation is saved."))
            return HttpResponseRedirect(consultation.get_absolute_url())
        return render(
            request,
            "consultation/consultation_form.html",
            {"form": form, "consultation": instance},
            status=400,
        )
    return render(
        request, "consultation/consultation_form.html", {"form": form, "consultation": instance}
    )


# --- Use cases ---------------------------------------------------------------------------------


def use_case_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    qs = selectors.public_use_cases().select_related("consultation").order_by("-created_at", "-id")
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
            "can_propose": _is(request.user, Role.AGENT),
        },
    )


def _visible_use_case(request, pk: int) -> UseCase:
    use_case = get_object_or_404(UseCase.objects.select_related("consultation", "proposer"), pk=pk)
    if not use_case.is_public:
        user = request.user
        if not (
            user.is_authenticated and (use_case.proposer_id == user.pk or _is(user, Role.MODERATOR))
        ):
            raise Http404
    return use_case


def _use_case_page(
    request: HttpRequest,
    use_case: UseCase,
    *,
    status: int = 200,
    comment_form: CommentForm | None = None,
    ballot_form: BallotForm | None = None,
) -> HttpResponse:
    user = request.user
    consultation = use_case.consultation
    phase = consultation.current_phase if consultation else None
    sort = request.GET.get("sort", "recent")
    if sort not in SORTS:
        sort = "recent"
    page = Paginator(selectors.comment_threads(use_case=use_case, sort=sort), 20).get_page(
        request.GET.get("page")
    )
    threads = selectors.comment_tree(roots=list(page.object_list), user=user)
    my_grade = selectors.user_ballots(user=user, use_case_ids=[use_case.pk]).get(use_case.pk)
    answer = use_case.official_answer if hasattr(use_case, "official_answer") else None
    commitments = list(answer.commitments.all()) if answer else []
    debate_open = use_case.is_public and (
        consultation is None or phase in (Phase.INFORMATION, Phase.VOTING)
    )
    can_participate = user_can_participate(user=user)
    return render(
        request,
        "consultation/use_case_detail.html",
        {
            "use_case": use_case,
            "consultation": consultation,
            "phase": phase,
            "voting_open": bool(consultation and phase == Phase.VOTING and use_case.is_public),
            "voting_closed": bool(
                consultation and PHASE_ORDER.index(phase) > PHASE_ORDER.index(Phase.VOTING)
            ),
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
            "debate_open": debate_open,
            "can_participate": can_participate,
            "is_blocked": selectors.user_is_blocked(user=user),
            "answer": answer,
            "commitments": commitments,
            "commitment_statuses": CommitmentStatus.choices,
            "register": selectors.register_summary(slug=use_case.register_slug),
            "answer_register": selectors.register_summary(slug=answer.register_slug)
            if answer and answer.register_slug
            else None,
            "can_edit": services.user_can_edit_use_case(user=user, use_case=use_case),
            "can_answer": _is(user, Role.ELECTED)
            and (
                consultation is None
                or PHASE_ORDER.index(phase) >= PHASE_ORDER.index(Phase.ANALYSIS)
            ),
            "can_update_commitments": _is(user, Role.ELECTED) or _is(user, Role.AGENT),
            "is_moderator": _is(user, Role.MODERATOR),
            "revision_count": use_case.revisions.count(),
            "max_depth": Comment.MAX_DEPTH,
            "grades": Grade.choices,
        },
        status=status,
    )


def use_case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _use_case_page(request, _visible_use_case(request, pk))


@require_http_methods(["GET", "POST"])
def propose(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    consultation = _consultation(slug) if slug else None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    is_agent = _is(request.user, Role.AGENT)
    if not is_agent and (consultation is None or not consultation.accepts_proposals):
        raise PermissionDenied
    form = UseCaseForm(request.POST or None, can_link_register=is_agent)
    similar = []
    status = 200
    if request.method == "POST":
        thanks = _("Thank you. Your proposal will be published once a moderator has read it.")
        back = consultation.get_absolute_url() if consultation else reverse("consultation:index")
        if fake := honeypot_response(request, form, redirect_to=back, message=thanks):
            return fake
        if form.is_valid():
            text = " ".join(
                [
                    form.cleaned_data.get("title", ""),
                    form.cleaned_data.get("summary", ""),
                    form.cleaned_data.get("problem", ""),
                ]
            )
            similar = selectors.use_case_similar(text=text)
            if similar and not form.cleaned_data.get("confirm_new"):
                status = 200  # shown before submission: the person decides
            else:
                try:
                    use_case = services.use_case_propose(
                        proposer=request.user, data=form.cleaned_data, consultation=consultation
                    )
                except ApplicationError as exc:
                    return _refused(request, exc, request.get_full_path())
                if use_case.is_public:
                    messages.success(request, _("Your use case is published."))
                else:
                    messages.success(
                        request,
                        _(
                            "Thank you. Your proposal will be published once a moderator has read it."
                        ),
                    )
                return HttpResponseRedirect(use_case.get_absolute_url())
        else:
            status = 400
    if not similar:
        form.fields.pop("confirm_new", None)  # only asked once similar cases are shown
    return render(
        request,
        "consultation/propose.html",
        {"form": form, "consultation": consultation, "similar": similar},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def use_case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    use_case = _visible_use_case(request, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not services.user_can_edit_use_case(user=request.user, use_case=use_case):
        raise PermissionDenied
    form = UseCaseForm(
        request.POST or None,
        instance=use_case,
        can_link_register=_is(request.user, Role.AGENT),
        editing=True,
    )
    updated = _("The dossier is updated; the change is in its history.")
    if fake := honeypot_response(
        request, form, redirect_to=use_case.get_absolute_url(), message=updated
    ):
        return fake
    if request.method == "POST":
        if form.is_valid():
            data = {
                name: form.cleaned_data[name]
                for name in form.cleaned_data
                if name in UseCase.DOSSIER_FIELDS
            }
            # ModelForm validation mutated the instance: compare against the stored values.
            fresh = UseCase.objects.get(pk=use_case.pk)
            try:
                services.use_case_update(
                    editor=request.user,
                    use_case=fresh,
                    data=data,
                    note=form.cleaned_data.get("note", ""),
                )
            except ApplicationError as exc:
                return _refused(request, exc, use_case.get_absolute_url())
            messages.success(request, _("The dossier is updated; the change is in its history."))
            return HttpResponseRedirect(use_case.get_absolute_url())
        return render(
            request,
            "consultation/use_case_edit.html",
            {"form": form, "use_case": use_case},
            status=400,
        )
    return render(request, "consultation/use_case_edit.html", {"form": form, "use_case": use_case})


def use_case_history(request: HttpRequest, pk: int) -> HttpResponse:
    use_case = _visible_use_case(request, pk)
    labels = {
        f.name: f.verbose_name for f in UseCase._meta.get_fields() if hasattr(f, "verbose_name")
    }
    page = Paginator(use_case.revisions.select_related("editor"), 20).get_page(
        request.GET.get("page")
    )
    revisions = []
    for revision in page.object_list:
        revisions.append(
            {
                "revision": revision,
                "changes": [
                    {
                        "field": str(labels.get(name, name)),
                        "before": change.get("before", ""),
                        "after": change.get("after", ""),
                        "diff": charts.word_diff(change.get("before", ""), change.get("after", "")),
                    }
                    for name, change in revision.changes.items()
                ],
            }
        )
    return render(
        request,
        "consultation/use_case_history.html",
        {"use_case": use_case, "revisions": revisions, "page_obj": page},
    )


@require_POST
def ballot(request: HttpRequest, pk: int) -> HttpResponse:
    use_case = _visible_use_case(request, pk)
    form = BallotForm(request.POST)
    if not form.is_valid():
        return _use_case_page(request, use_case, status=400, ballot_form=form)
    try:
        services.ballot_cast(
            voter=request.user, use_case=use_case, grade=form.cleaned_data["grade"]
        )
    except ApplicationError as exc:
        return _refused(request, exc, use_case.get_absolute_url() + "#vote")
    messages.success(
        request,
        _("Your grade “%(grade)s” is recorded. You may change it until voting closes.")
        % {"grade": Grade(form.cleaned_data["grade"]).label},
    )
    return HttpResponseRedirect(use_case.get_absolute_url() + "#vote")


@require_POST
def comment_post(request: HttpRequest, pk: int) -> HttpResponse:
    use_case = _visible_use_case(request, pk)
    form = CommentForm(request.POST)
    published = _("Your comment is published.")
    if fake := honeypot_response(
        request, form, redirect_to=use_case.get_absolute_url(), message=published
    ):
        return fake
    if not form.is_valid():
        return _use_case_page(request, use_case, status=400, comment_form=form)
    parent = None
    if form.cleaned_data.get("parent"):
        parent = Comment.objects.filter(pk=form.cleaned_data["parent"], use_case=use_case).first()
        if parent is None:
            form.add_error(None, _("The comment you reply to no longer exists."))
            return _use_case_page(request, use_case, status=400, comment_form=form)
    try:
        comment = services.comment_post(
            author=request.user,
            use_case=use_case,
            body=form.cleaned_data["body"],
            alignment=form.cleaned_data["alignment"],
            parent=parent,
        )
    except ApplicationError as exc:
        if isinstance(exc, NotAuthenticated):
            return redirect_to_login(use_case.get_absolute_url())
        form.add_error("body" if exc.code in ("empty", "too_long") else None, exc.message)
        return _use_case_page(
            request, use_case, status=exc.status if exc.status != 401 else 403, comment_form=form
        )
    messages.success(request, _("Your comment is published."))
    return HttpResponseRedirect(comment.get_absolute_url())


def reply(request: HttpRequest, pk: int) -> HttpResponse:
    """No-JavaScript reply form for one comment."""
    comment = get_object_or_404(Comment.objects.select_related("use_case", "author"), pk=pk)
    _visible_use_case(request, comment.use_case_id)
    form = CommentForm(initial={"parent": comment.pk})
    return render(request, "consultation/reply.html", {"comment": comment, "form": form})


def _own_comment(request, pk) -> Comment:
    comment = get_object_or_404(Comment.objects.select_related("use_case"), pk=pk)
    if not request.user.is_authenticated or comment.author_id != request.user.pk:
        raise PermissionDenied
    return comment


@login_required
@require_http_methods(["GET", "POST"])
def comment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _own_comment(request, pk)
    form = CommentEditForm(request.POST or None, instance=comment)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.comment_edit(
                    author=request.user,
                    comment=Comment.objects.get(pk=comment.pk),
                    body=form.cleaned_data["body"],
                    alignment=form.cleaned_data["alignment"],
                )
            except ApplicationError as exc:
                return _form_refused(
                    request, exc, form, "consultation/comment_edit.html", {"comment": comment}
                )
            messages.success(request, _("Your comment is updated; earlier versions stay visible."))
            return HttpResponseRedirect(comment.get_absolute_url())
        return render(
            request,
            "consultation/comment_edit.html",
            {"form": form, "comment": comment},
            status=400,
        )
    return render(request, "consultation/comment_edit.html", {"form": form, "comment": comment})


def comment_history(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(Comment.objects.select_related("use_case", "author"), pk=pk)
    _visible_use_case(request, comment.use_case_id)
    revisions = list(comment.revisions.all()) if comment.is_visible else []
    return render(
        request, "consultation/comment_history.html", {"comment": comment, "revisions": revisions}
    )


@require_POST
def comment_vote(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(Comment.objects.select_related("use_case"), pk=pk)
    try:
        value = int(request.POST.get("value", "0"))
    except ValueError:
        value = 0
    try:
        services.comment_vote(voter=request.user, comment=comment, value=value)
    except ApplicationError as exc:
        return _refused(request, exc, comment.get_absolute_url())
    return HttpResponseRedirect(comment.get_absolute_url())


@require_http_methods(["GET", "POST"])
def comment_report(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(Comment.objects.select_related("use_case", "author"), pk=pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    form = ReportForm(request.POST or None)
    thanks = _("Thank you. A moderator will review this comment.")
    if fake := honeypot_response(
        request, form, redirect_to=comment.get_absolute_url(), message=thanks
    ):
        return fake
    if request.method == "POST":
        if form.is_valid():
            try:
                services.comment_report(
                    reporter=request.user,
                    comment=comment,
                    reason=form.cleaned_data["reason"],
                    details=form.cleaned_data["details"],
                )
            except ApplicationError as exc:
                return _form_refused(
                    request, exc, form, "consultation/report.html", {"comment": comment}
                )
            messages.success(request, _("Thank you. A moderator will review this comment."))
            return HttpResponseRedirect(comment.get_absolute_url())
        return render(
            request, "consultation/report.html", {"form": form, "comment": comment}, status=400
        )
    return render(request, "consultation/report.html", {"form": form, "comment": comment})


@login_required
@require_http_methods(["GET", "POST"])
def comment_appeal(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _own_comment(request, pk)
    existing = Appeal.objects.filter(comment=comment).first()
    form = AppealForm(request.POST or None)
    if request.method == "POST" and existing is None:
        if form.is_valid():
            try:
                services.appeal_file(
                    author=request.user, comment=comment, text=form.cleaned_data["text"]
                )
            except ApplicationError as exc:
                return _form_refused(
                    request, exc, form, "consultation/appeal.html", {"comment": comment}
                )
            messages.success(request, _("Your appeal is sent. Another moderator will review it."))
            return HttpResponseRedirect(comment.get_absolute_url())
        return render(
            request, "consultation/appeal.html", {"form": form, "comment": comment}, status=400
        )
    return render(
        request, "consultation/appeal.html", {"form": form, "comment": comment, "appeal": existing}
    )


# --- Answers -----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    use_case = _visible_use_case(request, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not _is(request.user, Role.ELECTED):
        raise PermissionDenied
    existing = (
        getattr(use_case, "official_answer", None) if hasattr(use_case, "official_answer") else None
    )
    initial = {"author_title": request.user.public_name}
    if existing:
        initial.update(
            decision=existing.decision,
            justification=existing.justification,
            author_title=existing.author_title,
            register_slug=existing.register_slug,
        )
    form = AnswerForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.answer_publish(
                    author=request.user,
                    use_case=use_case,
                    decision=form.cleaned_data["decision"],
                    justification=form.cleaned_data["justification"],
                    author_title=form.cleaned_data["author_title"],
                    register_slug=form.cleaned_data.get("register_slug", ""),
                    commitments=form.commitments(),
                )
            except ApplicationError as exc:
                return _form_refused(
                    request, exc, form, "consultation/answer_form.html", {"use_case": use_case}
                )
            messages.success(
                request, _("The official answer is published and participants are notified.")
            )
            return HttpResponseRedirect(use_case.get_absolute_url() + "#answer")
        return render(
            request,
            "consultation/answer_form.html",
            {"form": form, "use_case": use_case},
            status=400,
        )
    return render(
        request,
        "consultation/answer_form.html",
        {"form": form, "use_case": use_case, "existing": existing},
    )


@require_POST
def commitment_status(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = get_object_or_404(Commitment.objects.select_related("answer__use_case"), pk=pk)
    form = CommitmentStatusForm(request.POST)
    back = commitment.answer.use_case.get_absolute_url() + "#answer"
    if not form.is_valid():
        messages.error(request, _("Unknown status."))
        return HttpResponseRedirect(back)
    try:
        services.commitment_update(
            user=request.user, commitment=commitment, status=form.cleaned_data["status"]
        )
    except ApplicationError as exc:
        return _refused(request, exc, back)
    messages.success(request, _("The commitment is updated."))
    return HttpResponseRedirect(back)


# --- Moderation -------------------------------------------------------------------------------


def _require_moderator(request) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not _is(request.user, Role.MODERATOR):
        raise PermissionDenied
    return None


def moderation_queue(request: HttpRequest) -> HttpResponse:
    if (redirect := _require_moderator(request)) is not None:
        return redirect
    page = Paginator(
        selectors.moderation_queue().prefetch_related(Prefetch("reports", to_attr="all_reports")),
        20,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "consultation/moderation_queue.html",
        {
            "page_obj": page,
            "appeals": list(selectors.pending_appeals()[:50]),
            "proposals": list(selectors.pending_proposals()[:50]),
            "form": ModerateCommentForm(),
        },
    )


@require_http_methods(["GET", "POST"])
def moderate_comment(request: HttpRequest, pk: int) -> HttpResponse:
    if (redirect := _require_moderator(request)) is not None:
        return redirect
    comment = get_object_or_404(Comment.objects.select_related("use_case", "author"), pk=pk)
    form = ModerateCommentForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.comment_moderate(
                    moderator=request.user,
                    comment=comment,
                    hide=form.cleaned_data["action"] == "hide",
                    reason=form.cleaned_data["reason"],
                )
            except ApplicationError as exc:
                return _form_refused(
                    request, exc, form, "consultation/moderate_comment.html", {"comment": comment}
                )
            messages.success(request, _("Decision recorded; the author is notified."))
            return HttpResponseRedirect(reverse("consultation:moderation"))
        return render(
            request,
            "consultation/moderate_comment.html",
            {"form": form, "comment": comment},
            status=400,
        )
    reports = comment.reports.all()
    return render(
        request,
        "consultation/moderate_comment.html",
        {"form": form, "comment": comment, "reports": reports},
    )


@require_http_methods(["GET", "POST"])
def moderate_proposal(request: HttpRequest, pk: int) -> HttpResponse:
    if (redirect := _require_moderator(request)) is not None:
        return redirect
    use_case = get_object_or_404(UseCase, pk=pk, moderation_state=ModerationState.PENDING)
    form = ProposalModerationForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.use_case_moderate(
                    moderator=request.user,
                    use_case=use_case,
                    approve=form.cleaned_data["action"] == "approve",
                    reason=form.cleaned_data["reason"],
                )
            except ApplicationError as exc:
                return _refused(request, exc, reverse("consultation:moderation"))
            messages.success(request, _("Decision recorded; the proposer is notified."))
            return HttpResponseRedirect(reverse("consultation:moderation"))
        return render(
            request,
            "consultation/moderate_proposal.html",
            {"form": form, "use_case": use_case},
            status=400,
        )
    return render(
        request, "consultation/moderate_proposal.html", {"form": form, "use_case": use_case}
    )


@require_http_methods(["GET", "POST"])
def moderate_appeal(request: HttpRequest, pk: int) -> HttpResponse:
    if (redirect := _require_moderator(request)) is not None:
        return redirect
    appeal = get_object_or_404(
        Appeal.objects.select_related("comment__use_case", "comment__author"),
        pk=pk,
        status=AppealStatus.PENDING,
    )
    form = AppealDecisionForm(request.POST or None)
    decisions = list(appeal.comment.decisions.select_related("moderator"))
    if request.method == "POST":
        if form.is_valid():
            try:
                services.appeal_decide(
                    reviewer=request.user,
                    appeal=appeal,
                    accept=form.cleaned_data["action"] == "accept",
                    response=form.cleaned_data["response"],
                )
            except ApplicationError as exc:
                return _refused(request, exc, reverse("consultation:moderation"))
            messages.success(request, _("Decision on the appeal recorded; the author is notified."))
            return HttpResponseRedirect(reverse("consultation:moderation"))
        return render(
            request,
            "consultation/moderate_appeal.html",
            {"form": form, "appeal": appeal, "decisions": decisions},
            status=400,
        )
    return render(
        request,
        "consultation/moderate_appeal.html",
        {"form": form, "appeal": appeal, "decisions": decisions},
    )


@require_http_methods(["GET", "POST"])
def block_user(request: HttpRequest, public_id) -> HttpResponse:
    if (redirect := _require_moderator(request)) is not None:
        return redirect
    person = get_object_or_404(User, public_id=public_id)
    form = BlockForm(request.POST or None)
    if request.method == "POST":
        if request.POST.get("unblock"):
            services.user_unblock(moderator=request.user, user=person)
            messages.success(request, _("The block is lifted."))
            return HttpResponseRedirect(reverse("consultation:moderation"))
        if form.is_valid():
            try:
                services.user_block(
                    moderator=request.user,
                    user=person,
                    reason=form.cleaned_data["reason"],
                    until=form.cleaned_data["until"],
                )
            except ApplicationError as exc:
                return _form_refused(
                    request, exc, form, "consultation/block.html", {"person": person}
                )
            messages.success(request, _("This person can no longer take part in the debate."))
            return HttpResponseRedirect(reverse("consultation:moderation"))
        return render(
            request, "consultation/block.html", {"form": form, "person": person}, status=400
        )
    return render(
        request,
        "consultation/block.html",
        {"form": form, "person": person, "blocked": selectors.user_is_blocked(user=person)},
    )


def moderation_stats(request: HttpRequest) -> HttpResponse:
    return render(
        request, "consultation/moderation_stats.html", {"stats": selectors.moderation_statistics()}
    )


# --- Notifications ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request: HttpRequest) -> HttpResponse:
    pref = NotificationPreference.objects.filter(user=request.user).first()
    current = pref.frequency if pref else Frequency.IMMEDIATELY
    form = NotificationPreferenceForm(request.POST or None, initial={"frequency": current})
    if request.method == "POST":
        if form.is_valid():
            services.notification_preference_set(
                user=request.user, frequency=form.cleaned_data["frequency"]
            )
            messages.success(request, _("Your preference is saved."))
            return HttpResponseRedirect(reverse("consultation:notifications"))
        return render(request, "consultation/notifications.html", {"form": form}, status=400)
    return render(request, "consultation/notifications.html", {"form": form})


# --- Open data -----------------------------------------------------------------------------------


def open_data(request: HttpRequest) -> HttpResponse:
    consultations = Consultation.objects.filter(
        Q(results_visibility="live") | Q(voting_ends_at__lte=timezone.now())
    ).order_by("-voting_starts_at")
    return render(request, "consultation/open_data.html", {"consultations": consultations})


def _open_data_consultation(request, slug) -> Consultation:
    consultation = _consultation(slug)
    if not consultation.results_public or request.resolver_match.kwargs.get("fmt") not in (
        "csv",
        "json",
    ):
        raise Http404
    return consultation


def open_data_ballots(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    consultation = _open_data_consultation(request, slug)
    rows = exports.anonymised_ballots(consultation=consultation)
    if fmt == "csv":
        response = StreamingHttpResponse(
            exports.stream_csv(exports.BALLOT_COLUMNS, rows), content_type="text/csv; charset=utf-8"
        )
    else:
        response = StreamingHttpResponse(
            exports.stream_json_array(rows), content_type="application/json"
        )
    response["Content-Disposition"] = f'attachment; filename="{consultation.slug}-ballots.{fmt}"'
    return response


def open_data_aggregates(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    consultation = _open_data_consultation(request, slug)
    data = exports.aggregates(consultation=consultation)
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        writer = csv.writer(response)
        writer.writerow(exports.AGGREGATE_COLUMNS)
        for row in data["ranking"]:
            writer.writerow(
                [row.get(c, row["grade_counts"].get(c, "")) for c in exports.AGGREGATE_COLUMNS]
            )
    else:
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=1), content_type="application/json"
        )
    response["Content-Disposition"] = f'attachment; filename="{consultation.slug}-results.{fmt}"'
    return response
