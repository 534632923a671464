"""allauth adapted to the site.

- Its emails (address confirmation, password reset, security notices) leave through the site's
  outbox like every other email: written in the request's transaction, retried when the broker
  or the mail server is down, dead-lettered and visible to staff after repeated failures.
- They name the city's site, not the request's host: without `django.contrib.sites`, allauth
  names the site after the request's host, so emails said "Bonjour, c'est 127.0.0.1:8000 !".
  The site's name and domain come from the settings (`CITY_NAME`, `SITE_URL`).
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.utils.html import strip_tags

from core.outbox import outbox_enqueue


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
        ctx = {
            "request": allauth_context.request,
            "email": email,
            **context,
            "current_site": configured_site(),
        }
        message = self.render_mail(template_prefix, email, ctx)
        html = next(
            (
                content
                for content, mime in getattr(message, "alternatives", [])
                if mime == "text/html"
            ),
            "",
        )
        body = message.body
        if message.content_subtype == "html":  # only an HTML template exists
            html, body = body, strip_tags(body)
        outbox_enqueue(
            to=message.to,
            subject=message.subject,
            body=body,
            html=html,
            kind="accounts." + template_prefix.rsplit("/", 1)[-1],
        )
