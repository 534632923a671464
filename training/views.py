"""Thin views: learner actions (POST), dashboard, certificates, staff statistics, PDFs."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.errors import ApplicationError, NotFound, ServiceUnavailable
from core.forms import refusal_show
from core.pdf import render_pdf
from training import kits, open_badges, selectors, services
from training.forms import (
    CertificateClaimForm,
    CertificateLookupForm,
    RevocationForm,
    WorkshopSessionForm,
)
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
    return redirect(target.url)


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
        return redirect(following.url)
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
    open_badge = selectors.certificate_open_badge(certificate=certificate) if certificate else None
    return render(
        request,
        "training/certificate_verify.html",
        {
            "certificate": certificate,
            "code": code,
            "revocation_form": form,
            "is_holder": is_holder,
            "open_badge": open_badge,
            "title": _("Certificate verification"),
        },
        status=status,
    )


def _certificate_for_download(request, code: str):
    """The certificate, for its holder or a training manager; 404 for anyone else.

    A revoked certificate is no longer handed to its holder (managers still see it).
    """
    certificate = selectors.certificate_by_code(code=code)
    if certificate is None or not services.certificate_can_download(
        user=request.user, certificate=certificate
    ):
        raise Http404  # nor is a revoked certificate handed to its holder any more
    return certificate


@require_GET
def certificate_pdf(request, code: str):
    certificate = _certificate_for_download(request, code)
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


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def course_kit(request, pk: int, kind: str):
    """A course's workshop kit, in the course page's language. The facilitator guide holds the
    quiz answers, so it is for facilitators and training managers only."""
    course = _live_page(request, CoursePage, pk)
    if kind not in kits.KIT_KINDS:
        raise Http404
    if kind == kits.FACILITATOR_GUIDE:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not services.user_can_facilitate(request.user):
            raise PermissionDenied
    pdf = kits.kit_pdf(course=course, kind=kind)
    return _pdf_response(pdf, f"{slugify(course.title)}-{kind}.pdf")


# --- workshops (facilitators) ----------------------------------------------------------------

# Which field shows a refusal of workshop_session_record (by its code).
WORKSHOP_REFUSAL_FIELDS = {
    "bad_date": "held_on",
    "bad_attendees": "attendees",
    "bad_place": "place",
}


def _facilitator_only(request) -> None:
    if not services.user_can_facilitate(request.user):
        raise PermissionDenied


def _managed_session(request, pk: int):
    session = selectors.workshop_session_detail(pk=pk)
    if session is None:
        raise Http404
    if not services.workshop_session_can_manage(user=request.user, session=session):
        raise PermissionDenied
    return session


@login_required
@require_GET
def workshop_list(request):
    _facilitator_only(request)
    page_obj = selectors.workshop_sessions(
        user=request.user,
        can_see_all=services.user_can_manage_training(request.user),
        page=request.GET.get("page"),
    )
    return render(
        request,
        "training/workshop_list.html",
        {"page_obj": page_obj, "title": _("Workshop sessions")},
    )


@login_required
def workshop_create(request):
    _facilitator_only(request)
    courses = selectors.workshop_courses()
    status = 200
    if request.method == "POST":
        form = WorkshopSessionForm(request.POST, courses=courses)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                session = services.workshop_session_record(
                    facilitator=request.user,
                    course=data["course"],
                    held_on=data["held_on"],
                    place=data["place"],
                    attendees=data["attendees"],
                )
            except ApplicationError as exc:
                status = refusal_show(form, exc, field=WORKSHOP_REFUSAL_FIELDS.get(exc.code))
            else:
                messages.success(
                    request,
                    _("The session is recorded. Check the list, then complete the attendance."),
                )
                return redirect(session.get_absolute_url())
    else:
        chosen = request.GET.get("course", "")
        initial = {"course": int(chosen)} if chosen.isdigit() else {}
        form = WorkshopSessionForm(initial=initial, courses=courses)
    return render(
        request,
        "training/workshop_form.html",
        {"form": form, "title": _("Record a workshop session")},
        status=status,
    )


@login_required
@require_GET
def workshop_detail(request, pk: int):
    session = _managed_session(request, pk)
    return render(
        request,
        "training/workshop_detail.html",
        {
            "session": session,
            "attendees": selectors.workshop_attendees(session=session),
            "can_complete": session.held_on <= timezone.localdate(),
            "title": _("Workshop session"),
        },
    )


@login_required
@require_POST
def workshop_complete(request, pk: int):
    session = _managed_session(request, pk)
    try:
        issued = services.workshop_attendance_complete(by=request.user, session=session)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Attendance complete: %(n)s certificates issued. Print them below.")
            % {"n": len(issued)},
        )
    return redirect(session.get_absolute_url() + "#certificates")


@login_required
@require_GET
def workshop_certificates_pdf(request, pk: int):
    session = _managed_session(request, pk)
    if not session.is_completed:
        raise Http404  # no certificate before the attendance is complete
    certificates = [a.certificate for a in selectors.workshop_attendees(session=session)]
    with translation.override(session.language):
        pdf = render_pdf(
            template="training/pdf/certificates.html",
            context={
                "certificates": [c for c in certificates if c is not None],
                "language": session.language,
                "site_url": settings.SITE_URL,
                "city_name": settings.CITY_NAME,
            },
            request=request,
        )
    return _pdf_response(pdf, f"certificates-workshop-{session.pk}.pdf")


@require_GET
def certificate_open_badge(request, code: str):
    """The certificate as a signed Open Badges 3.0 credential (a .jwt file)."""
    certificate = _certificate_for_download(request, code)
    try:
        badge = open_badges.open_badge_issue(certificate=certificate)
    except NotFound:
        raise Http404 from None
    except ServiceUnavailable as exc:
        messages.error(request, exc.message)
        return redirect(certificate.get_absolute_url())
    response = HttpResponse(badge.token, content_type=open_badges.MEDIA_TYPE)
    response["Content-Disposition"] = f'attachment; filename="open-badge-{certificate.code}.jwt"'
    return response


# --- What verifiers read: the city's keys, its issuer profile, achievements, revocation list ---


def _public_json(data: dict, content_type: str = "application/json") -> JsonResponse:
    response = JsonResponse(data, content_type=content_type, json_dumps_params={"indent": 2})
    _public_headers(response)
    return response


def _public_headers(response, max_age: int = 300) -> None:
    # Read by verifiers anywhere, including wallets running in a browser.
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = f"public, max-age={max_age}"


@require_GET
def badge_did_document(request):
    return _public_json(open_badges.did_document(), content_type="application/did+json")


@require_GET
def badge_jwks(request):
    return _public_json(open_badges.jwks_document(), content_type="application/jwk-set+json")


@require_GET
def badge_issuer(request):
    return _public_json(open_badges.issuer_profile_document())


@require_GET
def badge_achievement(request, course_key):
    course = selectors.course_by_key(course_key=course_key)
    if course is None:
        raise Http404
    document = open_badges.achievement_document(
        course=course, course_key=course_key, title=course.title
    )
    return _public_json({"@context": [open_badges.VC_CONTEXT, open_badges.OB_CONTEXT], **document})


@require_GET
def badge_status_list(request, list_number: int):
    if not open_badges.status_list_exists(list_number):
        raise Http404
    try:
        token = open_badges.status_list_token(list_number=list_number)
    except ServiceUnavailable as exc:
        return HttpResponse(exc.message, status=exc.status, content_type="text/plain")
    response = HttpResponse(token, content_type=open_badges.MEDIA_TYPE)
    # A revocation shows within a minute.
    _public_headers(response, max_age=60)
    return response
