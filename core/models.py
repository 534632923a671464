"""The page base every Wagtail page of the site extends.

It lives here, below the apps, so that portal, observatory and training share it without
importing one another.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index


class BasePage(Page):
    """Every page of the site: a lead paragraph, searched like the title."""

    lead = models.TextField(_("lead paragraph"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("lead")]
    search_fields = [*Page.search_fields, index.SearchField("lead")]

    class Meta:
        abstract = True


class OutboxMessage(models.Model):
    """An email waiting to leave, written in the same transaction as what caused it.

    Every email the site sends is a row here first (`core.outbox.outbox_enqueue`): a task
    queued after commit sends it at once, and the beat task `core.outbox_retry` sends what is
    still due (the broker was down, the mail server refused). After `OUTBOX_MAX_ATTEMPTS`
    failures the row is dead-lettered (`dead_at`) and shown to staff in the Django admin,
    where it can be retried.
    """

    recipient = models.CharField(_("recipient"), max_length=254)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("text body"))
    html_body = models.TextField(_("HTML body"), blank=True)
    kind = models.CharField(_("kind"), max_length=60, db_index=True)
    # Called once the email has left: a dotted path (core imports no app) and its kwargs.
    on_sent = models.CharField(max_length=200, blank=True)
    on_sent_kwargs = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    dead_at = models.DateTimeField(_("dead-lettered"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="core_outbox_due",
                condition=models.Q(sent_at__isnull=True, dead_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient}"

    @property
    def state(self) -> str:
        if self.sent_at:
            return "sent"
        if self.dead_at:
            return "dead"
        return "pending"
