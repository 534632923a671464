import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import services
from accounts.forms import AccountDeleteForm, ProfileForm
from accounts.roles import Role
from accounts.selectors import user_has_role
from core.composition import activity_sections, profile_links
from core.errors import ApplicationError
from core.forms import refusal_show


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    show_department = user_has_role(user=request.user, role=Role.AGENT) or request.user.is_staff
    form = ProfileForm(request.POST or None, instance=request.user, show_department=show_department)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_update(user=request.user, form=form)
        except ApplicationError as exc:
            status = refusal_show(form, exc)
        else:
            messages.success(request, _("Your profile has been saved."))
            return redirect("accounts:profile")
    elif form.errors:
        status = 400
    # Other apps add their own links to the page (e.g. API tokens) through their AppConfig.
    context = {"form": form, "profile_links": profile_links()}
    return render(request, "accounts/profile.html", context, status=status)


ACTIVITY_PAGE_SIZE = 10


def _page_number(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


@login_required
def activity(request: HttpRequest) -> HttpResponse:
    """My activity across the site: each app declares its sections and lists its own rows
    (`activity_sections` on its AppConfig); a section pages by its own query parameter, and
    each asks for one page of rows only."""
    sections = []
    for section, rows_of in activity_sections():
        number = _page_number(request.GET.get(section.key))
        rows, total = rows_of(
            user=request.user, offset=(number - 1) * ACTIVITY_PAGE_SIZE, limit=ACTIVITY_PAGE_SIZE
        )
        pages = max(1, -(-total // ACTIVITY_PAGE_SIZE))
        if number > pages:  # a page past the end: show the last one
            number = pages
            rows, total = rows_of(
                user=request.user,
                offset=(number - 1) * ACTIVITY_PAGE_SIZE,
                limit=ACTIVITY_PAGE_SIZE,
            )

        def link(page: int, key: str = section.key) -> str:
            query = request.GET.copy()
            query[key] = str(page)
            return "?" + query.urlencode() + "#" + key

        sections.append(
            {
                "key": section.key,
                "title": section.title,
                "rows": rows,
                "total": total,
                "number": number,
                "pages": pages,
                "previous": link(number - 1) if number > 1 else "",
                "next": link(number + 1) if number < pages else "",
            }
        )
    return render(request, "accounts/activity.html", {"sections": sections})


@login_required
def data_export(request: HttpRequest) -> HttpResponse:
    document = services.user_data_export(user=request.user)
    response = HttpResponse(
        json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"ia-commune-my-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request: HttpRequest) -> HttpResponse:
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.user_delete(user=user)
        messages.success(request, _("Your account has been deleted. Thank you for taking part."))
        return redirect("/")
    status = 400 if form.errors else 200
    return render(request, "accounts/delete.html", {"form": form}, status=status)
