"""allauth adapted to the site: its emails name the city's site, not the request's host.

Without `django.contrib.sites`, allauth names the site after the request's host, so emails
said "Bonjour, c'est 127.0.0.1:8000 !". The site's name and domain come from the settings
(`CITY_NAME`, `SITE_URL`) instead, in every email allauth sends.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings


@dataclass(frozen=True)
class ConfiguredSite:
    """What allauth's templates read of a site (`current_site.name`, `.domain`)."""

    name: str
    domain: str

    def __str__(self) -> str:
        return self.name


def configured_site() -> ConfiguredSite:
    return ConfiguredSite(
        name=f"IA Commune — {settings.CITY_NAME}",
        domain=urlsplit(settings.SITE_URL).netloc or settings.SITE_URL,
    )


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        super().send_mail(template_prefix, email, {**context, "current_site": configured_site()})
