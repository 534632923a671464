"""The site's EMAIL_BACKEND: mail sent by code that does not know the outbox (Wagtail's
moderation notices, Django's own helpers) becomes outbox rows too.

Django's `EMAIL_BACKEND` setting names this backend; the environment variable `EMAIL_BACKEND`
names the backend that really delivers (`OUTBOX_DELIVERY_BACKEND`, SMTP in production), used
by `core.outbox` when it sends a row. Our own services call `core.outbox.outbox_enqueue`
directly, with a `kind`; this backend files what it receives as `django.send_mail`, one row
per recipient (cc and bcc included), text and HTML kept; attachments and extra headers are not
carried (no such email is sent today).
"""

from django.core.mail.backends.base import BaseEmailBackend

from core.outbox import outbox_enqueue

KIND = "django.send_mail"


class OutboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        count = 0
        for message in email_messages:
            html = next(
                (
                    content
                    for content, mime in getattr(message, "alternatives", [])
                    if mime == "text/html"
                ),
                "",
            )
            body = message.body
            if message.content_subtype == "html":
                html, body = body, ""
            rows = outbox_enqueue(
                to=[*message.to, *message.cc, *message.bcc],
                subject=message.subject,
                body=body,
                html=html,
                kind=KIND,
            )
            count += bool(rows)
        return count
