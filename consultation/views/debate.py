"""The debate: comments and replies, their edits and history, and votes on them."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from consultation import policies, selectors, services
from consultation.forms import CommentEditForm, CommentForm
from consultation.models import Comment
from consultation.views._common import (
    action_submit,
    done,
    form_page,
    form_submit,
    guarded,
    visible_use_case,
)
from consultation.views.use_cases import use_case_page
from core.errors import ApplicationError


@require_POST
def comment_post(request: HttpRequest, pk: int) -> HttpResponse:
    use_case = visible_use_case(request, pk)

    def perform(data: dict) -> Comment:
        parent = None
        if data.get("parent"):
            parent = Comment.objects.filter(pk=data["parent"], use_case=use_case).first()
            if parent is None:
                raise ApplicationError(_("The comment you reply to no longer exists."))  # 400
        return services.comment_post(
            author=request.user,
            use_case=use_case,
            body=data["body"],
            alignment=data["alignment"],
            parent=parent,
        )

    published = _("Your comment is published.")
    return form_submit(
        request,
        CommentForm(request.POST),
        perform=perform,
        render_form=lambda form, status: use_case_page(
            request, use_case, status=status, comment_form=form
        ),
        success=lambda comment: done(request, published, comment.get_absolute_url()),
        login_next=use_case.get_absolute_url(),
        error_fields={"empty": "body", "too_long": "body"},
        trap=(use_case.get_absolute_url(), published),
    )


def comment_permalink(request: HttpRequest, pk: int) -> HttpResponse:
    """A comment's lasting address (citations, tables, links from elsewhere): the page of its
    debate that shows it, scrolled to it. `use_case#comment-N` alone lands on the first page,
    where an older comment is not."""
    comment = get_object_or_404(
        Comment.objects.only("pk", "use_case_id", "root_id", "created_at"), pk=pk
    )
    use_case = visible_use_case(request, comment.use_case_id)
    page = selectors.comment_page_number(comment=comment)
    query = f"?page={page}" if page > 1 else ""
    return HttpResponseRedirect(f"{use_case.get_absolute_url()}{query}#comment-{comment.pk}")


def reply(request: HttpRequest, pk: int) -> HttpResponse:
    """No-JavaScript reply form for one comment."""
    comment = get_object_or_404(Comment.objects.select_related("use_case", "author"), pk=pk)
    visible_use_case(request, comment.use_case_id)
    form = CommentForm(initial={"parent": comment.pk})
    return render(request, "consultation/reply.html", {"comment": comment, "form": form})


def own_comment(request: HttpRequest, pk: int) -> Comment:
    """A comment of the person asking (edits and appeals), else 403 through `guarded`."""
    comment = get_object_or_404(Comment.objects.select_related("use_case"), pk=pk)
    policies.comment_author_check(user=request.user, comment=comment)
    return comment


@login_required
@require_http_methods(["GET", "POST"])
@guarded
def comment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    comment = own_comment(request, pk)
    form = CommentEditForm(request.POST or None, instance=comment)
    return form_page(
        request,
        form,
        template="consultation/comment_edit.html",
        context={"comment": comment},
        perform=lambda data: services.comment_edit(
            author=request.user,
            comment=Comment.objects.get(pk=comment.pk),
            body=data["body"],
            alignment=data["alignment"],
        ),
        success=lambda _comment: done(
            request,
            _("Your comment is updated; earlier versions stay visible."),
            comment.get_absolute_url(),
        ),
    )


def comment_history(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(Comment.objects.select_related("use_case", "author"), pk=pk)
    visible_use_case(request, comment.use_case_id)
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
    return action_submit(
        request,
        perform=lambda: services.comment_vote(voter=request.user, comment=comment, value=value),
        back=comment.get_absolute_url(),
    )
