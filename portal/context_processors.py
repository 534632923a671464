from django.conf import settings
from django.utils.functional import SimpleLazyObject

from portal.navigation import navigation


def site_chrome(request):
    """What the base layout needs on every page; computed only if the template uses it."""
    return {
        "site_nav": SimpleLazyObject(lambda: navigation(request)),
        "city_name": settings.CITY_NAME,
    }
