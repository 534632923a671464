"""Moderation: reports and appeals by participants; the moderators' queue, decisions on
comments, proposals and appeals, blocks; the public moderation statistics."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.models import User
from consultation import policies, selectors, services
from consultation.forms import (
    AppealDecisionForm,
    AppealForm,
    BlockForm,
    ModerateCommentForm,
    ProposalModerationForm,
    ReportForm,
)
from consultation.models import Appeal, AppealStatus, Comment, ModerationState, UseCase
from consultation.views._common import done, form_page, guarded
from consultation.views.debate import own_comment
from core.errors import NotAuthenticated


def _queue_url() -> str:
    return reverse("consultation:moderation")


@require_http_methods(["GET", "POST"])
@guarded
def comment_report(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(Comment.objects.select_related("use_case", "author"), pk=pk)
    if not request.user.is_authenticated:
        raise NotAuthenticated()
    thanks = _("Thank you. A moderator will review this comment.")
    return form_page(
        request,
        ReportForm(request.POST or None),
        template="consultation/report.html",
        context={"comment": comment},
        perform=lambda data: services.comment_report(
            reporter=request.user,
            comment=comment,
            reason=data["reason"],
            details=data["details"],
        ),
        success=lambda _report: done(request, thanks, comment.get_absolute_url()),
        trap=(comment.get_absolute_url(), thanks),
    )


@login_required
@require_http_methods(["GET", "POST"])
@guarded
def comment_appeal(request: HttpRequest, pk: int) -> HttpResponse:
    comment = own_comment(request, pk)
    existing = Appeal.objects.filter(comment=comment).first()
    form = AppealForm(request.POST if existing is None else None)
    if existing is not None:  # decided or pending: the page shows where it stands
        return render(
            request,
            "consultation/appeal.html",
            {"form": form, "comment": comment, "appeal": existing},
        )
    return form_page(
        request,
        form,
        template="consultation/appeal.html",
        context={"comment": comment},
        perform=lambda data: services.appeal_file(
            author=request.user, comment=comment, text=data["text"]
        ),
        success=lambda _appeal: done(
            request,
            _("Your appeal is sent. Another moderator will review it."),
            comment.get_absolute_url(),
        ),
    )


@guarded
def moderation_queue(request: HttpRequest) -> HttpResponse:
    policies.moderation_check(user=request.user)
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
@guarded
def moderate_comment(request: HttpRequest, pk: int) -> HttpResponse:
    policies.moderation_check(user=request.user)
    comment = get_object_or_404(Comment.objects.select_related("use_case", "author"), pk=pk)
    return form_page(
        request,
        ModerateCommentForm(request.POST or None),
        template="consultation/moderate_comment.html",
        context={"comment": comment, "reports": comment.reports.all()},
        perform=lambda data: services.comment_moderate(
            moderator=request.user,
            comment=comment,
            hide=data["action"] == "hide",
            reason=data["reason"],
        ),
        success=lambda _decision: done(
            request, _("Decision recorded; the author is notified."), _queue_url()
        ),
    )


@require_http_methods(["GET", "POST"])
@guarded
def moderate_proposal(request: HttpRequest, pk: int) -> HttpResponse:
    policies.moderation_check(user=request.user)
    use_case = get_object_or_404(UseCase, pk=pk, moderation_state=ModerationState.PENDING)
    return form_page(
        request,
        ProposalModerationForm(request.POST or None),
        template="consultation/moderate_proposal.html",
        context={"use_case": use_case},
        perform=lambda data: services.use_case_moderate(
            moderator=request.user,
            use_case=use_case,
            approve=data["action"] == "approve",
            reason=data["reason"],
        ),
        success=lambda _use_case: done(
            request, _("Decision recorded; the proposer is notified."), _queue_url()
        ),
    )


@require_http_methods(["GET", "POST"])
@guarded
def moderate_appeal(request: HttpRequest, pk: int) -> HttpResponse:
    policies.moderation_check(user=request.user)
    appeal = get_object_or_404(
        Appeal.objects.select_related("comment__use_case", "comment__author"),
        pk=pk,
        status=AppealStatus.PENDING,
    )
    return form_page(
        request,
        AppealDecisionForm(request.POST or None),
        template="consultation/moderate_appeal.html",
        context={
            "appeal": appeal,
            "decisions": list(appeal.comment.decisions.select_related("moderator")),
        },
        perform=lambda data: services.appeal_decide(
            reviewer=request.user,
            appeal=appeal,
            accept=data["action"] == "accept",
            response=data["response"],
        ),
        success=lambda _appeal: done(
            request, _("Decision on the appeal recorded; the author is notified."), _queue_url()
        ),
    )


@require_http_methods(["GET", "POST"])
@guarded
def block_user(request: HttpRequest, public_id) -> HttpResponse:
    policies.moderation_check(user=request.user)
    person = get_object_or_404(User, public_id=public_id)
    if request.method == "POST" and request.POST.get("unblock"):
        services.user_unblock(moderator=request.user, user=person)
        return done(request, _("The block is lifted."), _queue_url())
    return form_page(
        request,
        BlockForm(request.POST or None),
        template="consultation/block.html",
        context={"person": person, "blocked": selectors.user_is_blocked(user=person)},
        perform=lambda data: services.user_block(
            moderator=request.user, user=person, reason=data["reason"], until=data["until"]
        ),
        success=lambda _block: done(
            request, _("This person can no longer take part in the debate."), _queue_url()
        ),
    )


def moderation_stats(request: HttpRequest) -> HttpResponse:
    return render(
        request, "consultation/moderation_stats.html", {"stats": selectors.moderation_statistics()}
    )
