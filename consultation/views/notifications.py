"""Each person's choice of how often the consultation emails them."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from consultation import selectors, services
from consultation.forms import NotificationPreferenceForm
from consultation.views._common import done, form_page


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request: HttpRequest) -> HttpResponse:
    current = selectors.notification_frequency(user=request.user)
    return form_page(
        request,
        NotificationPreferenceForm(request.POST or None, initial={"frequency": current}),
        template="consultation/notifications.html",
        context={},
        perform=lambda data: services.notification_preference_set(
            user=request.user, frequency=data["frequency"]
        ),
        success=lambda _pref: done(
            request, _("Your preference is saved."), reverse("consultation:notifications")
        ),
    )
