"""The page base every Wagtail page of the site extends.

It lives here, below the apps, so that portal, observatory and training share it without
importing one another.
"""

from django.conf import settings
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


class TranslationOrigin(models.TextChoices):
    MACHINE = "machine", _("Automatic translation — the city's AI")
    HUMAN = "human", _("Translation reviewed by a person")


class TranslationStatus(models.TextChoices):
    PENDING = "pending", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class Translation(models.Model):
    """Another language (or plain-language) version of one text field of any object.

    Generic on purpose: the register's records, the consultation's dossiers, answers and
    comments all keep their translations here (core imports no app; apps point at their own
    objects through the content type). `source_hash` is the hash of the source text the
    translation was made from: when the source changes, the translation no longer matches and
    is not shown (`core.translations.translations_current`). A version written or reviewed by
    a person (`origin=human`) replaces the automatic one.

    `language` is a language code ("en", "fr") or a plain-language variant ("fr-plain").
    """

    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.CharField(max_length=64)
    field = models.CharField(_("field"), max_length=64)
    language = models.CharField(_("language"), max_length=16)
    text = models.TextField(_("text"), blank=True)
    source_hash = models.CharField(max_length=64)
    origin = models.CharField(
        _("origin"),
        max_length=8,
        choices=TranslationOrigin.choices,
        default=TranslationOrigin.MACHINE,
    )
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=TranslationStatus.choices,
        default=TranslationStatus.READY,
    )
    model_name = models.CharField(_("model"), max_length=120, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed on"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "language", "origin"],
                name="one_translation_per_field_language_origin",
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id", "language"])]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id}.{self.field} [{self.language}]"

    @property
    def is_reviewed(self) -> bool:
        return self.origin == TranslationOrigin.HUMAN
