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
from core.composition import profile_links
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
