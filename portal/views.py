from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token

from core.composition import navigation_entries
from portal.health import liveness, readiness_report
from portal.search import site_search

MAX_QUERY_LENGTH = 200


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness, for the load balancer: the process answers and the database is reachable."""
    ok, checks = liveness()
    return JsonResponse(
        {"status": "ok" if ok else "unavailable", "checks": checks}, status=200 if ok else 503
    )


@never_cache
def healthz_ready(request: HttpRequest) -> JsonResponse:
    """Readiness report, for monitoring: the broker and the model degrade, only the database
    is fatal."""
    status, body = readiness_report()
    return JsonResponse(body, status=status)


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:MAX_QUERY_LENGTH]
    hits = site_search(query) if query.strip() else []
    page = Paginator(hits, 10).get_page(request.GET.get("page"))
    return render(request, "portal/search.html", {"query": query, "page_obj": page})


def coming_soon(request: HttpRequest, part: str) -> HttpResponse:
    names = {p.slug: p.label for p in navigation_entries()}
    if part not in names:
        return page_not_found(request, None)
    return render(request, "portal/coming_soon.html", {"part_label": names[part]})


# --- Errors: styled pages for people, JSON for API clients ----------------------------------


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(("/api/", "/v1/"))


def _error(
    request: HttpRequest, status: int, title: str, message: str, template: str
) -> HttpResponse:
    if _is_api(request):
        return JsonResponse(
            {"error": {"status": status, "code": f"http_{status}", "message": message}},
            status=status,
        )
    return render(request, template, {"title": title, "message": message}, status=status)


@requires_csrf_token
def bad_request(request, exception=None):
    return _error(
        request,
        400,
        _("Bad request"),
        _("The request could not be understood. Check the address or the form and try again."),
        "400.html",
    )


@requires_csrf_token
def permission_denied(request, exception=None):
    return _error(
        request,
        403,
        _("Access denied"),
        _(
            "You do not have permission to see this page. If you think this is a mistake, "
            "log in with the right account or contact us."
        ),
        "403.html",
    )


@requires_csrf_token
def page_not_found(request, exception=None):
    return _error(
        request,
        404,
        _("Page not found"),
        _("This page does not exist or has moved. Try the search or the home page."),
        "404.html",
    )


@requires_csrf_token
def server_error(request):
    return _error(
        request,
        500,
        _("Something went wrong"),
        _(
            "An error occurred on our side. It has been recorded; please try again in a few minutes."
        ),
        "500.html",
    )


def csrf_failure(request, reason=""):
    return render(
        request,
        "403_csrf.html",
        {
            "title": _("Your form has expired"),
            "message": _(
                "For your security, forms expire after a while or when cookies are blocked. "
                "Go back, reload the page and submit the form again; what you typed may still be there."
            ),
        },
        status=403,
    )
