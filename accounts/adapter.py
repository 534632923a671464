"""allauth's emails (address confirmation, password reset, security notices) leave through the
site's outbox like every other email: written in the request's transaction, retried when the
broker or the mail server is down, dead-lettered and visible to staff after repeated failures."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.utils.html import strip_tags

from core.outbox import outbox_enqueue


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
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
