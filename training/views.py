"""Thin views: learner actions (POST), dashboard, certificates, staff statistics, PDFs."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.errors import ApplicationError
from core.forms import refusal_show
from core.pdf import render_pdf
from training import selectors, services
from training.forms import CertificateClaimForm, CertificateLookupForm, RevocationForm
from training.models import CompletionSource, CoursePage, LessonPage
from training.quiz import answers_from_post, quiz_view_state


def _live_page(request, model, pk: int):
    """A live page the visitor may see (Wagtail privacy restrictions apply to our views too)."""
    page = get_object_or_404(model.objects.live(), pk=pk)
    for restriction in page.get_view_restrictions():
        if not restriction.accept_request(request):
            raise Http404
    return page


def _render_page(request, page, extra: dict, status: int):
    context = page.get_context(request)
    context.update(extra)
    return TemplateResponse(request, page.get_template(request), context, status=status)


@require_POST
def course_enrol(request, pk: int):
    course = _live_page(request, CoursePage, pk)
    learner = selectors.Learner.from_request(request)
    services.enrollment_start(learner=learner, course=course)
    outline = selectors.course_outline(course=course, request=request)
    target = outline["resume"] or (outline["lessons"][0] if outline["lessons"] else None)
    if target is None:
        return redirect(course.get_url(request))
    return redirect(target.page.get_url(request))


@require_POST
def lesson_complete(request, pk: int):
    lesson = _live_page(request, LessonPage, pk)
    learner = selectors.Learner.from_request(request)
    try:
        services.lesson_complete(
            learner=learner, lesson=lesson, source=CompletionSource.END_REACHED
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(lesson.get_url(request))
    context = selectors.lesson_context(lesson=lesson, request=request)
    messages.success(request, _("Lesson completed: “%(title)s”.") % {"title": lesson.title})
    following = context.get("next_lesson")
    if following is not None:
        return redirect(following.page.get_url(request))
    course = context.get("course")
    return redirect(course.get_url(request) if course else lesson.get_url(request))


@require_POST
def quiz_submit(request, pk: int):
    lesson = _live_page(request, LessonPage, pk)
    learner = selectors.Learner.from_request(request)
    answers, errors = answers_from_post(questions=lesson.quiz, data=request.POST)
    if errors:
        state = quiz_view_state(
            lesson=lesson,
            attempts=learner.attempts(services.standard_lesson(lesson).translation_key),
            result=None,
            errors=errors,
            posted=answers,
        )
        return _render_page(request, lesson, {"quiz_state": state}, status=400)
    try:
        result = services.quiz_attempt_submit(learner=learner, lesson=lesson, answers=answers)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(lesson.get_url(request) + "#quiz")
    request.session[f"training_result_{lesson.translation_key}"] = result
    return redirect(lesson.get_url(request) + "#quiz-result")


@require_GET
def lesson_pdf(request, pk: int):
    lesson = _live_page(request, LessonPage, pk)
    course, module = selectors.lesson_course(lesson)
    pdf = render_pdf(
        template="training/pdf/lesson.html",
        context={
            "page": lesson,
            "course": course,
            "module": module,
            "online_url": settings.SITE_URL + lesson.get_url(request),
        },
        request=request,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{slugify(lesson.title)}.pdf"'
    return response


@require_GET
def my_courses(request):
    data = selectors.dashboard(request=request)
    index = _training_index(request)
    crumbs = [(index.title, index.url), (_("My courses"), "")] if index else []
    return render(
        request,
        "training/my_courses.html",
        {**data, "title": _("My courses"), "index": index, "crumbs": crumbs},
    )


def _training_index(request):
    from wagtail.models import Locale

    from training.models import TrainingIndexPage

    return TrainingIndexPage.objects.live().filter(locale=Locale.get_active()).first()


@require_POST
def certificate_claim(request, pk: int):
    course = _live_page(request, CoursePage, pk)
    if not request.user.is_authenticated:
        messages.error(request, _("Log in or create an account to receive your certificate."))
        return redirect(course.get_url(request))
    form = CertificateClaimForm(request.POST)
    if not form.is_valid():
        return _render_page(request, course, {"claim_form": form}, status=400)
    try:
        certificate = services.certificate_issue(
            user=request.user, course=course, learner_name=form.cleaned_data["learner_name"]
        )
    except ApplicationError as exc:
        status = refusal_show(form, exc)
        return _render_page(request, course, {"claim_form": form}, status=status)
    messages.success(
        request, _("Your certificate is ready. Its code is %(code)s.") % {"code": certificate.code}
    )
    return redirect(course.get_url(request) + "#certificate")


def certificate_lookup(request):
    form = CertificateLookupForm(request.GET or None)
    if request.GET and form.is_valid():
        return redirect(
            "training:certificate_verify", code=form.cleaned_data["code"].strip().upper()
        )
    status = 400 if request.GET and not form.is_valid() else 200
    return render(
        request,
        "training/certificate_lookup.html",
        {"form": form, "title": _("Verify a certificate")},
        status=status,
    )


def certificate_verify(request, code: str):
    certificate = selectors.certificate_by_code(code=code)
    can_revoke = services.user_can_manage_training(request.user) and request.user.has_perm(
        "training.change_certificate"
    )
    form = None
    status = 200 if certificate else 404
    if certificate is not None and can_revoke and certificate.is_valid:
        form = RevocationForm()
    if request.method == "POST":
        if certificate is None:
            raise Http404
        if not can_revoke:
            raise PermissionDenied
        form = RevocationForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                services.certificate_revoke(
                    certificate=certificate, by=request.user, reason=form.cleaned_data["reason"]
                )
            except ApplicationError as exc:
                status = refusal_show(form, exc)
            else:
                messages.success(request, _("The certificate is revoked."))
                return redirect(certificate.get_absolute_url())
    is_holder = (
        certificate is not None
        and request.user.is_authenticated
        and certificate.user_id == request.user.pk
    )
    return render(
        request,
        "training/certificate_verify.html",
        {
            "certificate": certificate,
            "code": code,
            "revocation_form": form,
            "is_holder": is_holder,
            "title": _("Certificate verification"),
        },
        status=status,
    )


@require_GET
def certificate_pdf(request, code: str):
    certificate = selectors.certificate_by_code(code=code)
    if certificate is None or not request.user.is_authenticated:
        raise Http404
    is_manager = services.user_can_manage_training(request.user)
    if certificate.user_id != request.user.pk and not is_manager:
        raise Http404
    if not certificate.is_valid and not is_manager:
        raise Http404  # a revoked certificate is no longer handed out
    pdf = render_pdf(
        template="training/pdf/certificate.html",
        context={
            "certificate": certificate,
            "verify_url": settings.SITE_URL + certificate.get_absolute_url(),
            "city_name": settings.CITY_NAME,  # the configured name, "Ville de Paris"
        },
        request=request,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.code}.pdf"'
    return response


@login_required
@require_GET
def statistics(request):
    if not services.user_can_manage_training(request.user):
        raise PermissionDenied
    return render(
        request,
        "training/statistics.html",
        {
            "courses": selectors.staff_statistics(),
            "minimum": settings.TRAINING_STATS_MIN_GROUP,
            "title": _("Staff training statistics"),
        },
    )
