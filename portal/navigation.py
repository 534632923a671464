"""The five parts of the site in the header. A part not built yet links to "coming soon"."""

from dataclasses import dataclass

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Part:
    slug: str
    label: str
    url_name: str = ""  # a Django view ...
    page_model: str = ""  # ... or the Wagtail page type that is the part's index


PARTS = [
    Part("register", _("AI register"), url_name="register:index"),
    Part("consultations", _("Consultations"), url_name="consultation:index"),
    Part("observatory", _("Observatory"), page_model="observatory.ObservatoryIndexPage"),
    Part("training", _("Training"), page_model="training.TrainingIndexPage"),
    Part("sandbox", _("Try the city's AI"), url_name="inference_bridge:sandbox"),
]


def _page_url(model_label: str, request) -> str | None:
    try:
        model = apps.get_model(model_label)
    except (LookupError, ValueError):
        return None
    from wagtail.models import Locale

    page = model.objects.live().filter(locale=Locale.get_active()).first()
    return page.get_url(request) if page else None


def part_url(part: Part, request=None) -> str:
    if part.url_name:
        try:
            return reverse(part.url_name)
        except NoReverseMatch:
            pass
    if part.page_model:
        url = _page_url(part.page_model, request)
        if url:
            return url
    return reverse("coming-soon", kwargs={"part": part.slug})


def navigation(request) -> list[dict]:
    current = request.path if request else ""
    items = []
    for part in PARTS:
        url = part_url(part, request)
        items.append(
            {
                "label": part.label,
                "url": url,
                "slug": part.slug,
                "active": current.startswith(url) and url not in ("/", "/en/"),
            }
        )
    return items
