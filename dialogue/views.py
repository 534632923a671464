"""Pages of staff dialogue (thin: rules are in services and policies)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.errors import ApplicationError
from core.forms import refusal_show
from dialogue import selectors, services
from dialogue.forms import MeetingForm, MinutesForm, OpinionForm, SurveyAnswerForm, SurveyStartForm
from dialogue.models import Body, Meeting, SurveyRound
from dialogue.policies import (
    user_can_start_survey,
    user_is_body_member,
    user_is_staff,
    user_member_bodies,
)
from dialogue.targets import REGISTER_RECORD, target_kinds, target_resolve, target_suggestions


def _crumbs(*items):
    return [(_("Staff dialogue"), reverse("dialogue:index")), *items]


def index(request):
    bodies = selectors.bodies_list()
    return render(
        request,
        "dialogue/index.html",
        {
            "title": _("Staff dialogue"),
            "bodies": bodies,
            "opinions": selectors.recent_opinions(limit=10),
            "is_staff": user_is_staff(user=request.user),
            "open_rounds": selectors.rounds_open_for(user=request.user),
            "can_file": user_member_bodies(user=request.user).exists(),
            "breadcrumb": [(_("Staff dialogue"), "")],
        },
    )


def body_detail(request, slug):
    body = get_object_or_404(Body, slug=slug)
    meetings = Paginator(selectors.meetings_of(body=body), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "dialogue/body_detail.html",
        {
            "title": body.name,
            "body": body,
            "members": selectors.body_members(body=body),
            "page_obj": meetings,
            "body_opinions": [{**row, "target": t} for row, t in _opinions_with_targets(body)],
            "is_member": user_is_body_member(user=request.user, body=body),
            "breadcrumb": _crumbs((body.name, "")),
        },
    )


def _opinions_with_targets(body):
    for opinion in body.opinions.select_related("body").order_by("-given_on", "-id")[:50]:
        yield (
            selectors.opinion_display(opinion)
            | {
                "kind": opinion.target_kind,
                "ref": opinion.target_ref,
            },
            target_resolve(kind=opinion.target_kind, ref=opinion.target_ref),
        )


def meeting_detail(request, pk):
    meeting = selectors.meeting_detail(pk=pk)
    if meeting is None:
        raise Http404
    return render(
        request,
        "dialogue/meeting_detail.html",
        {
            "title": meeting.title,
            "meeting": meeting,
            "agenda": selectors.agenda_links(meeting=meeting),
            "minutes_visible": selectors.minutes_visible(meeting=meeting, user=request.user),
            "is_member": user_is_body_member(user=request.user, body=meeting.body),
            "breadcrumb": _crumbs(
                (meeting.body.name, meeting.body.get_absolute_url()), (meeting.title, "")
            ),
        },
    )


def meeting_minutes(request, pk):
    """The minutes alone; staff-only minutes do not exist for anyone else (404)."""
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    if not selectors.minutes_visible(meeting=meeting, user=request.user):
        raise Http404
    return render(
        request,
        "dialogue/minutes.html",
        {
            "title": _("Minutes: %(title)s") % {"title": meeting.title},
            "meeting": meeting,
            "breadcrumb": _crumbs(
                (meeting.body.name, meeting.body.get_absolute_url()),
                (meeting.title, meeting.get_absolute_url()),
                (_("Minutes"), ""),
            ),
        },
    )


def _member_or_403(request, body):
    if not user_is_body_member(user=request.user, body=body):
        raise PermissionDenied(_("Only members of this body can do this."))


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request, slug):
    body = get_object_or_404(Body, slug=slug)
    _member_or_403(request, body)
    form = MeetingForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                meeting = services.meeting_create(
                    actor=request.user,
                    body=body,
                    title=data["title"],
                    date=data["date"],
                    items=data["agenda"],
                )
            except ApplicationError as exc:
                status = refusal_show(form, exc, field="agenda")
            else:
                messages.success(request, _("Meeting created."))
                return redirect(meeting)
    return render(
        request,
        "dialogue/form.html",
        {
            "title": _("New meeting of %(body)s") % {"body": body.name},
            "form": form,
            "submit": _("Create the meeting"),
            "cancel_url": body.get_absolute_url(),
            "breadcrumb": _crumbs((body.name, body.get_absolute_url()), (_("New meeting"), "")),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def minutes_edit(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    _member_or_403(request, meeting.body)
    form = MinutesForm(
        request.POST or None,
        initial={"minutes": meeting.minutes, "visibility": meeting.minutes_visibility},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.meeting_minutes_publish(
                    actor=request.user,
                    meeting=meeting,
                    minutes=form.cleaned_data["minutes"],
                    visibility=form.cleaned_data["visibility"],
                )
            except ApplicationError as exc:
                status = refusal_show(form, exc)
            else:
                messages.success(request, _("Minutes published."))
                return redirect(meeting)
    return render(
        request,
        "dialogue/form.html",
        {
            "title": _("Minutes: %(title)s") % {"title": meeting.title},
            "form": form,
            "submit": _("Publish the minutes"),
            "cancel_url": meeting.get_absolute_url(),
            "breadcrumb": _crumbs(
                (meeting.body.name, meeting.body.get_absolute_url()),
                (meeting.title, meeting.get_absolute_url()),
                (_("Minutes"), ""),
            ),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def opinion_new(request):
    bodies = user_member_bodies(user=request.user)
    if not bodies.exists():
        raise PermissionDenied(_("Only members of a staff body file formal opinions."))
    initial = {
        "target_kind": request.GET.get("kind", ""),
        "target_ref": request.GET.get("ref", "")[:120],
    }
    form = OpinionForm(request.POST or None, bodies=bodies, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.opinion_file(
                    actor=request.user,
                    body=data["body"],
                    target_kind=data["target_kind"],
                    target_ref=data["target_ref"],
                    stance=data["stance"],
                    reasons=data["reasons"],
                    given_on=data["given_on"],
                )
            except ApplicationError as exc:
                field = "given_on" if "date" in exc.message.lower() else "target_ref"
                status = refusal_show(form, exc, field=field)
            else:
                messages.success(request, _("The opinion is filed and published."))
                target = services.target_check(
                    kind=data["target_kind"], ref=data["target_ref"].strip()
                )
                return redirect(target["url"])
    kind = form["target_kind"].value() or next(iter(target_kinds()), "")
    return render(
        request,
        "dialogue/opinion_form.html",
        {
            "title": _("File a formal opinion"),
            "form": form,
            "suggestions": target_suggestions(kind=kind, limit=100) if kind else [],
            "breadcrumb": _crumbs((_("File a formal opinion"), "")),
        },
        status=status,
    )


@login_required
def surveys(request):
    if not user_is_staff(user=request.user):
        raise PermissionDenied(_("Follow-up surveys are for the city's staff."))
    can_start = user_can_start_survey(user=request.user)
    form = SurveyStartForm(request.POST or None) if can_start else None
    status = 200
    if request.method == "POST":
        if not can_start:
            raise PermissionDenied(
                _("Only staff body members and register editors start a follow-up survey.")
            )
        status = 400
        if form.is_valid():
            try:
                services.follow_up_survey_start(
                    actor=request.user, record_ref=form.cleaned_data["record_ref"].strip()
                )
            except ApplicationError as exc:
                status = refusal_show(form, exc, field="record_ref")
            else:
                messages.success(request, _("Follow-up survey started: its first round is open."))
                return redirect("dialogue:surveys")
    return render(
        request,
        "dialogue/surveys.html",
        {
            "title": _("Follow-up surveys"),
            "open_rounds": selectors.rounds_open_for(user=request.user),
            "form": form,
            "breadcrumb": _crumbs((_("Follow-up surveys"), "")),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_answer(request, pk):
    if not user_is_staff(user=request.user):
        raise PermissionDenied(_("Follow-up surveys are for the city's staff."))
    round_ = get_object_or_404(SurveyRound.objects.select_related("survey"), pk=pk)
    target = target_resolve(kind=REGISTER_RECORD, ref=round_.survey.record_ref)
    answered = selectors.user_has_answered(user=request.user, round=round_)
    form = SurveyAnswerForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.survey_answer_submit(user=request.user, round=round_, **form.cleaned_data)
            except ApplicationError as exc:
                status = refusal_show(form, exc)
            else:
                messages.success(request, _("Thank you: your answer is recorded anonymously."))
                return redirect("dialogue:surveys")
    name = target["name"] if target else round_.survey.record_ref
    return render(
        request,
        "dialogue/survey_answer.html",
        {
            "title": _("Follow-up of “%(name)s”, %(period)s")
            % {"name": name, "period": round_.period},
            "round": round_,
            "target": target,
            "answered": answered,
            "is_open": round_.is_open(),
            "form": form,
            "comments": selectors.round_comments(round=round_)
            if user_can_start_survey(user=request.user)
            else None,
            "minimum": selectors.min_group_size(),
            "breadcrumb": _crumbs(
                (_("Follow-up surveys"), reverse("dialogue:surveys")), (round_.period, "")
            ),
        },
        status=status,
    )
