"""Documents and collections of the agents' workspace (issue 13).

An uploaded file and everything extracted from it are encrypted at rest (core/crypto.py):
the database holds AES-GCM bytes, never the text. Search goes through an index of lexemes
kept beside the passages (PostgreSQL `search_vector`, SQLite FTS5 contentless table), which
the retrieval code (workspace/documents/retrieval.py) keeps in step.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.crypto import EncryptedTextField

__all__ = [
    "AnchorKind",
    "Collection",
    "Document",
    "DocumentFile",
    "DocumentKind",
    "DocumentStatus",
    "Passage",
    "document_expiry",
]


class DocumentKind(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "DOCX (Word)"
    ODT = "odt", "ODT (LibreOffice)"
    TXT = "txt", _("Plain text")
    MD = "md", "Markdown"
    HTML = "html", "HTML"


class DocumentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for extraction")
    EXTRACTING = "extracting", _("Extracting text")
    READY = "ready", pgettext_lazy("document status", "Ready")
    CANCELLED = "cancelled", _("Extraction cancelled (partial text kept)")
    FAILED = "failed", _("Extraction failed")


class AnchorKind(models.TextChoices):
    PAGE = "page", _("Pages")
    SECTION = "section", pgettext_lazy("document anchors", "Sections")


def document_expiry():
    return timezone.now() + timedelta(days=settings.WORKSPACE_RETENTION_DAYS)


class Collection(models.Model):
    """A set of documents an agent works on together; shareable with their department."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="workspace_collections",
        verbose_name=_("owner"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # The department the collection is shared with (the owner's, when they shared it);
    # empty: private to its owner.
    shared_department = models.CharField(
        _("shared with department"), max_length=120, blank=True, db_index=True
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("collection")
        verbose_name_plural = _("collections")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("workspace:collection_detail", kwargs={"public_id": self.public_id})

    @property
    def is_shared(self) -> bool:
        return bool(self.shared_department)


class Document(models.Model):
    """An uploaded file, its extraction state and its metadata (the text is in passages)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="workspace_documents",
        verbose_name=_("owner"),
    )
    title = models.CharField(_("title"), max_length=200)
    filename = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("format"), max_length=8, choices=DocumentKind.choices)
    size_bytes = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    anchor_kind = models.CharField(
        _("anchors"), max_length=8, choices=AnchorKind.choices, default=AnchorKind.PAGE
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=DocumentStatus.choices,
        default=DocumentStatus.PENDING,
        db_index=True,
    )
    # Progress of the extraction: units are pages (PDF) or sections (other formats).
    units_total = models.PositiveIntegerField(_("pages or sections in all"), default=0)
    units_done = models.PositiveIntegerField(_("pages or sections extracted"), default=0)
    cancel_requested = models.BooleanField(_("cancellation requested"), default=False)
    error = models.CharField(_("error"), max_length=300, blank=True)
    # Section headings (JSON list of {"n": int, "title": str}), encrypted like the text.
    outline = EncryptedTextField(_("outline"), default="")
    collections = models.ManyToManyField(
        Collection, related_name="documents", blank=True, verbose_name=_("collections")
    )
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now, editable=False)
    extracted_at = models.DateTimeField(_("extracted at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("deleted after"), default=document_expiry, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("workspace:document_detail", kwargs={"public_id": self.public_id})

    @property
    def progress_percent(self) -> int:
        if not self.units_total:
            return 100 if self.status == DocumentStatus.READY else 0
        return min(100, round(100 * self.units_done / self.units_total))

    @property
    def is_working(self) -> bool:
        return self.status in (DocumentStatus.PENDING, DocumentStatus.EXTRACTING)

    @property
    def is_usable(self) -> bool:
        """Passages may be retrieved: done, or stopped with part of the text extracted."""
        return self.status in (
            DocumentStatus.READY,
            DocumentStatus.CANCELLED,
            DocumentStatus.EXTRACTING,
        )


class DocumentFile(models.Model):
    """The uploaded bytes, encrypted, kept apart so listing documents never loads them."""

    document = models.OneToOneField(
        Document, on_delete=models.CASCADE, primary_key=True, related_name="file"
    )
    content = models.BinaryField(_("encrypted content"))
    sha256 = models.CharField(_("SHA-256 of the encrypted content"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("document file")
        verbose_name_plural = _("document files")

    def __str__(self) -> str:
        return f"{self.document_id}"


class Passage(models.Model):
    """The retrieval unit: a few hundred words within one page or one section."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="passages", verbose_name=_("document")
    )
    position = models.PositiveIntegerField(_("position"))
    # PDF: page number (1-based); other formats: section number (1-based, 0 before the
    # first heading).
    page = models.PositiveIntegerField(_("page"), null=True, blank=True)
    section = models.PositiveIntegerField(_("section"), null=True, blank=True)
    label = models.CharField(_("label"), max_length=40)
    text = EncryptedTextField(_("text"), default="")
    word_count = models.PositiveIntegerField(_("words"), default=0)
    # PostgreSQL: tsvector ('french') of the text, lexemes only; NULL on SQLite, where the
    # FTS5 table workspace_passage_fts holds the same lexemes.
    search_vector = SearchVectorField(null=True, editable=False)
    # Optional embedding (float32 little-endian), when WORKSPACE_EMBEDDINGS is configured.
    embedding = models.BinaryField(null=True, editable=False)

    class Meta:
        ordering = ["document", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "position"], name="workspace_passage_unique_position"
            )
        ]
        verbose_name = _("passage")
        verbose_name_plural = _("passages")

    def __str__(self) -> str:
        return f"{self.document_id} {self.label}"

    def get_absolute_url(self) -> str:
        return f"{self.document.get_absolute_url()}#{self.anchor}"

    @property
    def anchor(self) -> str:
        if self.page is not None:
            return f"page-{self.page}"
        return f"section-{self.section or 0}"
