"""Thin views of the research data portal and of CIFRE projects.

Who sees what: datasheets, releases and citations are public; open files download for anyone;
restricted files only for a researcher with an approved, unexpired request (403 otherwise); a
request is visible to its researcher and to the board only (404 for anyone else); the board's
queue is the board's (403).
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.errors import ApplicationError
from core.forms import honeypot_response, refusal_show
from observatory import research_selectors as selectors
from observatory import research_services as services
from observatory.citation import dataset_bibtex_key, dataset_citation
from observatory.models import AccessStatus, Dataset, DatasetAccess
from observatory.research_forms import DataAccessDecisionForm, DataAccessRequestForm
from observatory.selectors import observatory_index

PER_PAGE = 20


def _common(title: str, **extra) -> dict:
    return {"index": observatory_index(), "title": title, **extra}


@require_GET
def datasets(request):
    page_obj = Paginator(selectors.datasets_catalogue(), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "observatory/research/datasets.html",
        _common(
            _("Research data"),
            page_obj=page_obj,
            is_board=services.user_is_board(user=request.user),
        ),
    )


@require_GET
def dataset_detail(request, slug):
    dataset = get_object_or_404(Dataset, slug=slug)
    releases = Paginator(selectors.dataset_releases(dataset=dataset), PER_PAGE).get_page(
        request.GET.get("page")
    )
    latest = selectors.release_latest(dataset=dataset)
    context = _common(
        dataset.localized_title,
        dataset=dataset,
        page_obj=releases,
        latest=latest,
        citation=dataset_citation(release=latest, request=request) if latest else None,
        access=services.access_request_current(user=request.user, dataset=dataset),
        can_request=services.user_is_researcher(user=request.user),
    )
    return render(request, "observatory/research/dataset.html", context)


def _release_or_404(slug, version):
    release = selectors.release_get(slug=slug, version=version)
    if release is None:
        raise Http404
    return release


@require_GET
def dataset_release(request, slug, version):
    release = _release_or_404(slug, version)
    dataset = release.dataset
    context = _common(
        f"{dataset.localized_title} v{release.version}",
        dataset=dataset,
        release=release,
        citation=dataset_citation(release=release, request=request),
        access=services.access_request_current(user=request.user, dataset=dataset),
    )
    return render(request, "observatory/research/release.html", context)


@require_GET
def dataset_release_bibtex(request, slug, version):
    release = _release_or_404(slug, version)
    response = HttpResponse(
        dataset_citation(release=release, request=request)["bibtex"],
        content_type="application/x-bibtex; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{dataset_bibtex_key(release)}.bib"'
    return response


@require_GET
def dataset_file(request, slug, version, name):
    release = _release_or_404(slug, version)
    file = next((f for f in release.files.all() if f.name == name), None)
    if file is None:
        raise Http404
    if release.dataset.access == DatasetAccess.RESTRICTED and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        services.data_download_record(user=request.user, file=file)
    except ApplicationError as exc:
        context = _common(_("Download refused"), dataset=release.dataset, message=exc.message)
        return render(request, "observatory/research/refused.html", context, status=exc.status)
    response = FileResponse(
        file.file.open("rb"), as_attachment=True, filename=file.name, content_type=file.media_type
    )
    response["X-Checksum-SHA256"] = file.sha256
    response["Cache-Control"] = "private, no-store"
    return response


def data_request_new(request, slug):
    dataset = get_object_or_404(Dataset, slug=slug, access=DatasetAccess.RESTRICTED)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    language = translation.get_language() or "fr"
    context = _common(_("Ask for access to %(dataset)s") % {"dataset": dataset.localized_title})
    context["dataset"] = dataset
    if not services.user_is_researcher(user=request.user):
        context["blocked"] = True
        return render(request, "observatory/research/request_form.html", context, status=403)
    agreement_hash = services.agreement_sha256(dataset, language)
    form = DataAccessRequestForm(request.POST or None, initial={"agreement_hash": agreement_hash})
    status = 200
    if request.method == "POST":
        if fake := honeypot_response(
            request,
            form,
            redirect_to="observatory:data-requests",
            message=_("Request sent: the board will decide and you will be told by email."),
        ):
            return fake
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                access_request = services.data_access_request_submit(
                    requester=request.user,
                    dataset=dataset,
                    project=data["project"],
                    institution=data["institution"],
                    purpose=data["purpose"],
                    retention_until=data["retention_until"],
                    signed_name=data["signed_name"],
                    agreement_accepted=data["agreement_accepted"],
                    agreement_hash=data["agreement_hash"],
                    language=language,
                )
            except ApplicationError as exc:
                status = refusal_show(form, exc)
                # The form shows the agreement as it stands now: signing again signs that text.
                form.data = form.data.copy()
                form.data["agreement_hash"] = agreement_hash
            else:
                messages.success(
                    request,
                    _("Request sent: the board will decide and you will be told by email."),
                )
                return redirect(access_request.get_absolute_url())
    context.update(form=form, agreement=dataset.localized_agreement)
    return render(request, "observatory/research/request_form.html", context, status=status)


@require_GET
def data_requests(request):
    """The researcher's own requests; the board also sees its queue and past decisions."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    page_obj = Paginator(selectors.access_requests_of(user=request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "observatory/research/requests.html",
        _common(
            _("My data access requests"),
            page_obj=page_obj,
            is_board=services.user_is_board(user=request.user),
        ),
    )


@require_GET
def data_requests_board(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not services.user_is_board(user=request.user):
        raise PermissionDenied
    decided = request.GET.get("show") == "decided"
    status = "decided" if decided else AccessStatus.PENDING
    page_obj = Paginator(selectors.access_requests_for_board(status=status), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "observatory/research/board.html",
        _common(_("Data access requests to decide"), page_obj=page_obj, decided=decided),
    )


def data_request_detail(request, public_id):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    access_request = selectors.access_request_get(public_id=public_id)
    if access_request is None or not services.user_can_see_request(
        user=request.user, access_request=access_request
    ):
        raise Http404
    is_board = services.user_is_board(user=request.user)
    own = access_request.requester_id == request.user.pk
    can_decide = is_board and not own and access_request.status == AccessStatus.PENDING
    form = DataAccessDecisionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not is_board:
            raise PermissionDenied
        status = 400
        if form.is_valid():
            try:
                services.data_access_request_decide(
                    board_member=request.user,
                    access_request=access_request,
                    approve=form.cleaned_data["decision"] == "approve",
                    reason=form.cleaned_data["reason"],
                )
            except ApplicationError as exc:
                status = refusal_show(form, exc)
            else:
                messages.success(request, _("Decision recorded; the researcher is told by email."))
                return redirect("observatory:data-requests-board")
    latest = selectors.release_latest(dataset=access_request.dataset)
    context = _common(
        access_request.reference,
        access_request=access_request,
        form=form,
        can_decide=can_decide or (is_board and request.method == "POST"),
        own=own,
        latest=latest,
        usable=access_request.grants_access_on(timezone.localdate()),
    )
    return render(request, "observatory/research/request_detail.html", context, status=status)


@require_GET
def cifre_list(request):
    page_obj = Paginator(selectors.cifre_projects(), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "observatory/research/cifre_list.html",
        _common(_("CIFRE projects"), page_obj=page_obj),
    )


@require_GET
def cifre_detail(request, slug):
    project = selectors.cifre_project_get(slug=slug)
    if project is None:
        raise Http404
    index = observatory_index()
    publications = selectors.cifre_publications(
        project=project, locale=index.locale if index else None
    )
    for page in publications:
        page.listing_url = page.get_url(request)
    return render(
        request,
        "observatory/research/cifre_detail.html",
        _common(project.localized_title, project=project, publications=publications),
    )
