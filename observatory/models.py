"""The observatory: publications (Wagtail pages), researchers, yearly reports, testimonies."""

import os
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import AbstractGroupApprovalTask, Orderable
from wagtail.search import index

from core.models import BasePage
from core.text import NormalisedTextModel
from observatory.blocks import AnalysisBodyBlock
from observatory.validators import normalise_orcid, validate_orcid

# --- What pages show -----------------------------------------------------------------------------
# Pages hold data and invariants. What they show beyond their own fields (listing, citation,
# indicators, follow-ups) and their sub-routes (feeds, members, PDF, BibTeX) are gathered by the
# view layer, observatory/pages.py: it imports these models and registers its functions here
# when the app is ready (ObservatoryConfig.ready), the way admin modules register with the
# admin site. The models never import it back, so the app has no import cycle.
_PAGE_VIEWS: dict[str, Callable] = {}


def page_view_register(name: str) -> Callable[[Callable], Callable]:
    def decorator(func: Callable) -> Callable:
        _PAGE_VIEWS[name] = func
        return func

    return decorator


def page_view(name: str) -> Callable:
    try:
        return _PAGE_VIEWS[name]
    except KeyError:
        raise ImproperlyConfigured(
            f"No observatory page view {name!r}: observatory.pages is imported when the app is ready."
        ) from None


class Topic(models.Model):
    """A controlled vocabulary, as a tree (e.g. Transparency > Register)."""

    name = models.CharField(_("name (French)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent topic"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    panels = [FieldPanel("name"), FieldPanel("name_en"), FieldPanel("slug"), FieldPanel("parent")]

    class Meta:
        ordering = ["parent__name", "name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.path_label

    def clean(self):
        node, seen = self.parent, set()
        while node is not None:
            if node.pk == self.pk or node.pk in seen:
                raise ValidationError({"parent": _("A topic cannot be its own ancestor.")})
            seen.add(node.pk)
            node = node.parent

    @property
    def label(self) -> str:
        if translation.get_language() == "en" and self.name_en:
            return self.name_en
        return self.name

    @property
    def path_label(self) -> str:
        return f"{self.parent.label} › {self.label}" if self.parent_id else self.label


class College(models.TextChoices):
    RESEARCHERS = "researchers", _("Researchers")
    EXPERTS = "experts", _("Experts")
    AGENTS = "agents", _("City agents")
    RESIDENTS = "residents", _("Residents")
    ELECTED = "elected", _("Elected officials")


class Researcher(index.Indexed, models.Model):
    """A member of the observatory who signs publications (snippet)."""

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150, unique=True, blank=True)
    college = models.CharField(
        _("college"), max_length=20, choices=College.choices, default=College.RESEARCHERS
    )
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    is_cifre = models.BooleanField(
        _("CIFRE doctoral contract"),
        default=False,
        help_text=_("A PhD prepared under a CIFRE agreement between the city and a laboratory."),
    )
    partner_lab = models.CharField(_("partner laboratory"), max_length=200, blank=True)
    orcid = models.CharField(
        _("ORCID iD"),
        max_length=40,
        blank=True,
        validators=[validate_orcid],
        help_text="0000-0002-1825-0097",
    )
    bio = models.TextField(_("short bio (French)"), blank=True)
    bio_en = models.TextField(_("short bio (English)"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="observatory_researcher",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("college"),
        FieldPanel("affiliation"),
        MultiFieldPanel([FieldPanel("is_cifre"), FieldPanel("partner_lab")], heading="CIFRE"),
        FieldPanel("orcid"),
        FieldPanel("bio"),
        FieldPanel("bio_en"),
        FieldPanel("user"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("affiliation"),
        index.AutocompleteField("name"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("researcher")
        verbose_name_plural = _("researchers")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if self.orcid:
            self.orcid = normalise_orcid(self.orcid)
        if not self.slug:
            self.slug = slugify(self.name)[:150] or uuid.uuid4().hex[:8]
        super().save(*args, **kwargs)

    def clean(self):
        if self.orcid:
            self.orcid = normalise_orcid(self.orcid)
        if self.is_cifre and not self.partner_lab:
            raise ValidationError({"partner_lab": _("Name the laboratory of the CIFRE agreement.")})

    @property
    def localized_bio(self) -> str:
        if translation.get_language() == "en" and self.bio_en:
            return self.bio_en
        return self.bio

    @property
    def orcid_url(self) -> str:
        return f"https://orcid.org/{self.orcid}" if self.orcid else ""


class ObservatoryIndexPage(RoutablePageMixin, BasePage):
    """/observatory/: the publications with filters, search and feeds; members; researchers."""

    introduction = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*BasePage.content_panels, FieldPanel("introduction")]
    subpage_types = ["observatory.AnalysisPage", "observatory.AnnualReportPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("observatory index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(page_view("index_context")(request, self))
        return context

    @path("feed/rss/")
    def rss(self, request):
        return page_view("rss")(request, self)

    @path("feed/atom/")
    def atom(self, request):
        return page_view("atom")(request, self)

    @path("members/")
    def members(self, request):
        return page_view("members")(request, self)

    @path("researchers/<slug:slug>/")
    def researcher(self, request, slug):
        return page_view("researcher")(request, self, slug)


class PublicationPage(RoutablePageMixin, BasePage):
    """What analyses and yearly reports share: dates, abstract, topics, PDF."""

    summary = models.TextField(_("abstract"), help_text=_("Five to eight sentences."))
    publication_date = models.DateField(_("publication date"), default=timezone.localdate)
    last_revised = models.DateField(_("last revised"), null=True, blank=True)

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("summary"),
        index.FilterField("publication_date"),
    ]
    parent_page_types = ["observatory.ObservatoryIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        abstract = True

    kind_label = ""

    @property
    def year(self) -> int:
        return self.publication_date.year

    @path("pdf/")
    def pdf(self, request):
        return page_view("publication_pdf")(request, self)


class AnalysisTag(TaggedItemBase):
    content_object = ParentalKey(
        "observatory.AnalysisPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class AnalysisPage(PublicationPage):
    body = StreamField(AnalysisBodyBlock(), verbose_name=_("body"))
    topics = ParentalManyToManyField(
        Topic, verbose_name=_("topics"), blank=True, related_name="analyses"
    )
    tags = ClusterTaggableManager(through=AnalysisTag, blank=True, verbose_name=_("tags"))
    doi = models.CharField(_("DOI"), max_length=200, blank=True)

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("summary"),
        InlinePanel("authorships", label=_("Authors"), min_num=1),
        MultiFieldPanel(
            [FieldPanel("publication_date"), FieldPanel("last_revised"), FieldPanel("doi")],
            heading=_("Dates and identifiers"),
        ),
        FieldPanel("topics"),
        FieldPanel("tags"),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("Attachments")),
        InlinePanel("corrections", label=_("Corrections")),
    ]
    search_fields = [*PublicationPage.search_fields, index.SearchField("body")]

    class Meta:
        verbose_name = _("analysis")
        verbose_name_plural = _("analyses")

    kind_label = _("Analysis")

    @cached_property
    def ordered_authorships(self):
        if "authorships" in getattr(self, "_prefetched_objects_cache", {}):
            return list(self.authorships.all())
        return list(self.authorships.select_related("researcher").order_by("sort_order"))

    @path("cite/bibtex/")
    def bibtex(self, request):
        return page_view("analysis_bibtex")(request, self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["index_url"] = self.get_parent().get_url(request)
        context.update(page_view("analysis_context")(request, self))
        return context


class AuthorRole(models.TextChoices):
    AUTHOR = "author", _("Author")
    SUPERVISOR = "supervisor", _("Supervisor")
    CONTRIBUTOR = "contributor", _("Contributor")


class Authorship(Orderable):
    page = ParentalKey(AnalysisPage, on_delete=models.CASCADE, related_name="authorships")
    researcher = models.ForeignKey(
        Researcher,
        verbose_name=_("researcher"),
        on_delete=models.PROTECT,
        related_name="authorships",
    )
    role = models.CharField(
        _("role"), max_length=20, choices=AuthorRole.choices, default=AuthorRole.AUTHOR
    )

    panels = [FieldPanel("researcher"), FieldPanel("role")]

    class Meta(Orderable.Meta):
        verbose_name = _("authorship")


class Attachment(Orderable):
    page = ParentalKey(AnalysisPage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.CharField(_("description"), max_length=255, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title"), FieldPanel("description")]


class Correction(Orderable):
    """A published correction: what was wrong, what changed, when (never silently edited)."""

    page = ParentalKey(AnalysisPage, on_delete=models.CASCADE, related_name="corrections")
    corrected_on = models.DateField(_("corrected on"), default=timezone.localdate)
    text = models.TextField(_("what was corrected"))

    panels = [FieldPanel("corrected_on"), FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("correction")


class AnnualReportPage(PublicationPage):
    """One edition a year: the analysis of the field and recommendations to the city."""

    report_year = models.PositiveSmallIntegerField(_("year"))
    executive_summary = RichTextField(
        _("executive summary"), features=["bold", "italic", "link", "ul", "ol"]
    )
    body = StreamField(AnalysisBodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("report_year"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("publication_date"), FieldPanel("last_revised")], heading=_("Dates")
        ),
        FieldPanel("executive_summary"),
        FieldPanel("body"),
        InlinePanel("recommendations", label=_("Recommendations"), min_num=1),
    ]
    search_fields = [
        *PublicationPage.search_fields,
        index.SearchField("executive_summary"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = _("yearly report")
        verbose_name_plural = _("yearly reports")

    kind_label = _("Yearly report")

    @property
    def year(self) -> int:
        return self.report_year

    def clean(self):
        super().clean()
        clash = AnnualReportPage.objects.filter(report_year=self.report_year)
        if self.locale_id:
            clash = clash.filter(locale_id=self.locale_id)
        if self.pk:
            clash = clash.exclude(pk=self.pk)
        if clash.exists():
            raise ValidationError({"report_year": _("There is already a report for this year.")})

    @cached_property
    def snapshot(self):
        return IndicatorSnapshot.objects.filter(report_id=self.pk).first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["snapshot"] = self.snapshot
        context.update(page_view("report_context")(request, self))
        return context


class Priority(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class FollowUp(models.TextChoices):
    AWAITING = "awaiting", _("Awaiting the city's answer")
    ACCEPTED = "accepted", pgettext_lazy("recommendation follow-up", "Accepted")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", pgettext_lazy("recommendation follow-up", "Done")
    DECLINED = "declined", _("Declined")


class Recommendation(Orderable):
    """A recommendation to the city; its follow-up is updated later so residents see the outcome."""

    report = ParentalKey(AnnualReportPage, on_delete=models.CASCADE, related_name="recommendations")
    reference = models.CharField(_("reference"), max_length=12, help_text="R1, R2…")
    title = models.CharField(_("recommendation"), max_length=255)
    text = models.TextField(_("explanation"), blank=True)
    addressee = models.CharField(_("addressee department"), max_length=200)
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.MEDIUM
    )

    panels = [
        FieldPanel("reference"),
        FieldPanel("title"),
        FieldPanel("text"),
        FieldPanel("addressee"),
        FieldPanel("priority"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("recommendation")

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    # Set by selectors.report_recommendations(): the latest follow-up, or None.
    follow_up = None

    @property
    def status(self) -> str:
        return self.follow_up.status if self.follow_up else FollowUp.AWAITING

    def get_status_display(self) -> str:
        return str(FollowUp(self.status).label)


class RecommendationFollowUp(models.Model):
    """What the city did with a recommendation, recorded over time (newest = current status).

    Kept outside the report's page revisions, and keyed by the report's translation key and the
    recommendation's reference, so that every language shows it and no later publication of
    the report can erase it."""

    report_key = models.UUIDField(_("report"), db_index=True)
    reference = models.CharField(_("reference"), max_length=12)
    status = models.CharField(_("follow-up status"), max_length=20, choices=FollowUp.choices)
    note = models.TextField(_("follow-up note"), blank=True)
    recorded_on = models.DateField(_("follow-up updated on"), default=timezone.localdate)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_on", "-created_at"]
        verbose_name = _("recommendation follow-up")

    def __str__(self) -> str:
        return f"{self.reference}: {self.status}"


class IndicatorSnapshot(models.Model):
    """Indicators frozen when a yearly report is first published. Outside page revisions on
    purpose: a later revision of the report can never overwrite or refresh it."""

    report = models.OneToOneField(AnnualReportPage, on_delete=models.CASCADE, related_name="+")
    data = models.JSONField(_("indicators"))
    taken_at = models.DateTimeField(_("taken at"), default=timezone.now)

    class Meta:
        verbose_name = _("indicators snapshot")

    def __str__(self) -> str:
        return f"{self.report_id} @ {self.taken_at:%Y-%m-%d}"


class TestimonyStatus(models.TextChoices):
    __test__ = False  # not a pytest class despite its name
    PENDING = "pending", _("Awaiting moderation")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Not published")


class Testimony(NormalisedTextModel):
    """A resident's account of AI in their dealings with the city, published after moderation."""

    __test__ = False  # not a pytest class despite its name

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="observatory_testimonies",
    )
    text = models.TextField(_("testimony"))
    system_slug = models.SlugField(_("AI system concerned"), max_length=200, blank=True)
    system_name = models.CharField(_("AI system name"), max_length=255, blank=True)
    consent = models.BooleanField(_("consent to publication"), default=False)
    anonymous = models.BooleanField(_("anonymous display"), default=True)
    status = models.CharField(
        _("status"), max_length=12, choices=TestimonyStatus.choices, default=TestimonyStatus.PENDING
    )
    language = models.CharField(_("language"), max_length=5, default="fr")
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderation_reason = models.CharField(_("reason"), max_length=255, blank=True)

    panels = [FieldPanel("text", read_only=True), FieldPanel("status", read_only=True)]

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("testimony")
        verbose_name_plural = _("testimonies")
        indexes = [models.Index(fields=["status", "-submitted_at"])]

    def __str__(self) -> str:
        return f"{self.display_name}: {self.text[:60]}"

    @property
    def display_name(self) -> str:
        if self.anonymous or self.author is None or self.author.is_deleted:
            return str(_("Anonymous resident"))
        return self.author.public_name

    @property
    def is_published(self) -> bool:
        return self.status == TestimonyStatus.PUBLISHED

    @property
    def reference(self) -> str:
        return f"T-{self.submitted_at:%Y}-{str(self.public_id)[:8]}"


class NoSelfApprovalTask(AbstractGroupApprovalTask):
    """Group approval in which nobody approves their own submission."""

    class Meta:
        verbose_name = _("Review by another person")
        verbose_name_plural = _("Reviews by another person")

    @staticmethod
    def _authored_by(obj, user) -> bool:
        """True for the person who submitted the object to the workflow.

        (Not the author of the latest revision: approving from the editor saves a revision as
        the approver whenever the form reports a change, which would lock reviewers out.)"""
        if user is None or not user.is_authenticated:
            return False
        state = getattr(obj, "current_workflow_state", None)
        return state is not None and state.requested_by_id == user.pk

    def get_actions(self, obj, user):
        if self._authored_by(obj, user):
            return []
        return super().get_actions(obj, user)

    def user_can_approve(self, obj, user) -> bool:
        return (user.is_superuser or self._user_in_groups(user)) and not self._authored_by(
            obj, user
        )

    def on_action(self, task_state, user, action_name, **kwargs):
        obj = task_state.workflow_state.content_object
        if action_name == "approve" and not self.user_can_approve(obj, user):
            raise PermissionDenied(_("You cannot approve a page you submitted."))
        if action_name == "reject" and not (user.is_superuser or self._user_in_groups(user)):
            raise PermissionDenied
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return _(
            "Members of the chosen groups approve, except the person who submitted or wrote it"
        )


class AuditAction(models.TextChoices):
    """What the observatory writes to the audit trail (stored values never change)."""

    TESTIMONY_SUBMIT = "observatory.testimony_submit"
    TESTIMONY_PUBLISH = "observatory.testimony_publish"
    TESTIMONY_REJECT = "observatory.testimony_reject"
    RECOMMENDATION_FOLLOW_UP = "observatory.recommendation_follow_up"
    DATASET_RELEASE = "observatory.dataset_release"
    DATA_ACCESS_REQUEST = "observatory.data_access_request"
    DATA_ACCESS_DECIDE = "observatory.data_access_decide"
    DATA_ACCESS_EXPIRE = "observatory.data_access_expire"


# --- Research data portal ------------------------------------------------------------------------
# Datasets for researchers, released as immutable, checksummed files (observatory/datasets.py
# builds them), open ones downloadable by anyone, restricted ones through an access request the
# board decides (observatory/data_access.py). Files live outside the media root.


@deconstructible
class ResearchDataStorage(FileSystemStorage):
    """Release files, under OBSERVATORY_DATASETS_ROOT (read on every use, never at import time)
    and never served by URL: they leave only through the download view."""

    @property
    def base_location(self):
        return str(settings.OBSERVATORY_DATASETS_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


class DatasetKind(models.TextChoices):
    """What a dataset is built from: one builder per kind in observatory/datasets.py."""

    BALLOTS_COMMENTS = "ballots_comments", _("Consultation ballots and comments")
    REGISTER_HISTORY = "register_history", _("AI register history")
    INFERENCE_USAGE = "inference_usage", _("Use of the city's AI model (aggregates)")
    TRAINING_COMPLETION = "training_completion", _("Course completion (aggregates)")
    SANDBOX_CONVERSATIONS = "sandbox_conversations", _("Shared sandbox conversations")


class DatasetAccess(models.TextChoices):
    OPEN = "open", _("Open: anyone may download it")
    RESTRICTED = "restricted", _("On request: researchers under a data agreement")


class Licence(models.TextChoices):
    ETALAB = "etalab-2.0", _("Licence Ouverte / Open Licence 2.0 (Etalab)")
    ODBL = "odbl-1.0", _("Open Database License (ODbL) 1.0")
    AGREEMENT = "agreement", _("Restricted: use under the signed data agreement only")


LICENCE_URLS = {
    Licence.ETALAB: "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    Licence.ODBL: "https://opendatacommons.org/licenses/odbl/1-0/",
}


class Dataset(models.Model):
    """A documented dataset (its datasheet); its content comes in versioned releases."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("content"), max_length=32, choices=DatasetKind.choices, unique=True)
    access = models.CharField(_("access"), max_length=12, choices=DatasetAccess.choices)
    licence = models.CharField(_("licence"), max_length=12, choices=Licence.choices)
    title = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    # The datasheet: what, how it was collected, what was removed (French, English).
    description = models.TextField(_("what it contains (French)"))
    description_en = models.TextField(_("what it contains (English)"), blank=True)
    collection = models.TextField(_("how it was collected (French)"))
    collection_en = models.TextField(_("how it was collected (English)"), blank=True)
    removed = models.TextField(_("what was removed or altered (French)"))
    removed_en = models.TextField(_("what was removed or altered (English)"), blank=True)
    agreement = models.TextField(
        _("data agreement (French)"),
        blank=True,
        help_text=_("Restricted datasets: the text a researcher accepts and signs."),
    )
    agreement_en = models.TextField(_("data agreement (English)"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["access", "title"]
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("observatory:dataset", kwargs={"slug": self.slug})

    def clean(self):
        if self.access == DatasetAccess.RESTRICTED:
            if self.licence != Licence.AGREEMENT:
                raise ValidationError(
                    {"licence": _("A restricted dataset is used under its agreement.")}
                )
            if not self.agreement.strip():
                raise ValidationError({"agreement": _("Write the agreement researchers sign.")})
        elif self.licence == Licence.AGREEMENT:
            raise ValidationError({"licence": _("An open dataset needs an open licence.")})

    def _localized(self, field: str) -> str:
        if translation.get_language() == "en":
            return getattr(self, f"{field}_en") or getattr(self, field)
        return getattr(self, field)

    @property
    def localized_title(self) -> str:
        return self._localized("title")

    @property
    def localized_description(self) -> str:
        return self._localized("description")

    @property
    def localized_collection(self) -> str:
        return self._localized("collection")

    @property
    def localized_removed(self) -> str:
        return self._localized("removed")

    @property
    def localized_agreement(self) -> str:
        return self._localized("agreement")

    @property
    def is_open(self) -> bool:
        return self.access == DatasetAccess.OPEN

    @property
    def licence_url(self) -> str:
        return LICENCE_URLS.get(self.licence, "")


class ImmutableRecord(models.Model):
    """Written once: a published release and its files are never changed or deleted (a
    correction is a new version), so a citation always points at the same bytes."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and type(self).objects.filter(pk=self.pk).exists():
            raise ValidationError(_("A published release cannot be changed: build a new version."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("A published release cannot be deleted."))


class DatasetRelease(ImmutableRecord):
    dataset = models.ForeignKey(
        Dataset, verbose_name=_("dataset"), on_delete=models.PROTECT, related_name="releases"
    )
    version = models.PositiveIntegerField(_("version"))
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    min_group = models.PositiveIntegerField(_("smallest group shown"))
    notes = models.TextField(_("release notes"), blank=True)
    fingerprint = models.CharField(
        _("content fingerprint"),
        max_length=64,
        help_text=_("SHA-256 of the files' checksums: an unchanged content is not released again."),
    )

    class Meta:
        ordering = ["dataset", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "version"], name="one_release_per_version")
        ]
        verbose_name = _("dataset release")
        verbose_name_plural = _("dataset releases")

    def __str__(self) -> str:
        return f"{self.dataset.slug} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse(
            "observatory:dataset-release",
            kwargs={"slug": self.dataset.slug, "version": self.version},
        )


def release_file_path(instance: "DatasetFile", filename: str) -> str:
    release = instance.release
    return f"{release.dataset.slug}/v{release.version}/{filename}"


class DatasetFile(ImmutableRecord):
    release = models.ForeignKey(
        DatasetRelease, verbose_name=_("release"), on_delete=models.PROTECT, related_name="files"
    )
    name = models.CharField(_("file name"), max_length=100)
    file = models.FileField(
        _("file"), storage=ResearchDataStorage(), upload_to=release_file_path, max_length=255
    )
    media_type = models.CharField(_("format"), max_length=60)
    rows = models.PositiveIntegerField(_("rows"))
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    description = models.CharField(_("description"), max_length=255, blank=True)

    class Meta:
        ordering = ["release", "name"]
        constraints = [
            models.UniqueConstraint(fields=["release", "name"], name="one_file_per_name")
        ]
        verbose_name = _("release file")
        verbose_name_plural = _("release files")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(
            "observatory:dataset-file",
            kwargs={
                "slug": self.release.dataset.slug,
                "version": self.release.version,
                "name": self.name,
            },
        )


class AccessStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting the board's decision")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    EXPIRED = "expired", _("Expired (retention period over)")


class DataAccessRequest(NormalisedTextModel):
    """A researcher's request for a restricted dataset: project, purpose, retention, and the
    agreement accepted by electronic signature (the exact text's SHA-256, the typed name and
    the time are kept, so what was signed can be proven)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dataset = models.ForeignKey(
        Dataset, verbose_name=_("dataset"), on_delete=models.PROTECT, related_name="requests"
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("researcher"),
        on_delete=models.PROTECT,  # who received restricted data is never forgotten
        related_name="data_access_requests",
    )
    project = models.CharField(_("research project"), max_length=200)
    institution = models.CharField(_("laboratory or institution"), max_length=200)
    purpose = models.TextField(_("purpose"))
    retention_until = models.DateField(_("data kept until"))
    agreement_sha256 = models.CharField(_("SHA-256 of the agreement signed"), max_length=64)
    signed_name = models.CharField(_("signed by (name typed)"), max_length=150)
    signed_at = models.DateTimeField(_("signed at"))
    status = models.CharField(
        _("status"), max_length=10, choices=AccessStatus.choices, default=AccessStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reasons for the decision"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("data access request")
        verbose_name_plural = _("data access requests")
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("observatory:data-request", kwargs={"public_id": self.public_id})

    @property
    def reference(self) -> str:
        return f"DA-{self.created_at:%Y}-{str(self.public_id)[:8]}"

    def grants_access_on(self, day) -> bool:
        return self.status == AccessStatus.APPROVED and day <= self.retention_until


class DataDownload(models.Model):
    """Who downloaded which release file, when (anonymous visitors for open data: no user)."""

    file = models.ForeignKey(
        DatasetFile, verbose_name=_("file"), on_delete=models.PROTECT, related_name="downloads"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("downloaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    access_request = models.ForeignKey(
        DataAccessRequest,
        verbose_name=_("under the request"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="downloads",
    )
    downloaded_at = models.DateTimeField(_("downloaded at"), default=timezone.now)

    class Meta:
        ordering = ["-downloaded_at"]
        verbose_name = _("data download")
        verbose_name_plural = _("data downloads")

    def __str__(self) -> str:
        return f"{self.file_id} @ {self.downloaded_at:%Y-%m-%d %H:%M}"


# --- CIFRE projects ------------------------------------------------------------------------------


class CifreProject(index.Indexed, ClusterableModel):
    """A PhD prepared under a CIFRE agreement between the city and a laboratory (snippet)."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("topic (French)"), max_length=255)
    title_en = models.CharField(_("topic (English)"), max_length=255, blank=True)
    summary = models.TextField(_("summary (French)"))
    summary_en = models.TextField(_("summary (English)"), blank=True)
    doctoral_student = models.ForeignKey(
        Researcher,
        verbose_name=_("doctoral student"),
        on_delete=models.PROTECT,
        related_name="cifre_projects",
    )
    laboratory = models.CharField(_("laboratory"), max_length=200)
    city_department = models.CharField(_("city department"), max_length=200)
    academic_supervisor = models.CharField(_("academic supervisor"), max_length=150)
    academic_supervisor_researcher = models.ForeignKey(
        Researcher,
        verbose_name=_("academic supervisor's page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cifre_supervised",
    )
    city_supervisor = models.CharField(_("supervisor at the city"), max_length=150)
    started_on = models.DateField(_("start"))
    ends_on = models.DateField(_("planned end"), null=True, blank=True)
    publications = ParentalManyToManyField(
        AnalysisPage, verbose_name=_("publications"), blank=True, related_name="cifre_projects"
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("title_en"),
        FieldPanel("slug"),
        FieldPanel("summary"),
        FieldPanel("summary_en"),
        MultiFieldPanel(
            [
                FieldPanel("doctoral_student"),
                FieldPanel("laboratory"),
                FieldPanel("city_department"),
                FieldPanel("academic_supervisor"),
                FieldPanel("academic_supervisor_researcher"),
                FieldPanel("city_supervisor"),
            ],
            heading=_("People and partners"),
        ),
        MultiFieldPanel([FieldPanel("started_on"), FieldPanel("ends_on")], heading=_("Dates")),
        FieldPanel("publications"),
        InlinePanel("progress_reports", label=_("Progress reports")),
    ]
    search_fields = [index.SearchField("title"), index.SearchField("laboratory")]

    class Meta:
        ordering = ["-started_on", "title"]
        verbose_name = _("CIFRE project")
        verbose_name_plural = _("CIFRE projects")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("observatory:cifre", kwargs={"slug": self.slug})

    def clean(self):
        if self.ends_on and self.started_on and self.ends_on < self.started_on:
            raise ValidationError({"ends_on": _("The end comes after the start.")})

    @property
    def localized_title(self) -> str:
        if translation.get_language() == "en" and self.title_en:
            return self.title_en
        return self.title

    @property
    def localized_summary(self) -> str:
        if translation.get_language() == "en" and self.summary_en:
            return self.summary_en
        return self.summary


class CifreProgressReport(Orderable):
    project = ParentalKey(CifreProject, on_delete=models.CASCADE, related_name="progress_reports")
    reported_on = models.DateField(_("date"))
    title = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    text = models.TextField(_("where the work stands (French)"))
    text_en = models.TextField(_("where the work stands (English)"), blank=True)

    panels = [
        FieldPanel("reported_on"),
        FieldPanel("title"),
        FieldPanel("title_en"),
        FieldPanel("text"),
        FieldPanel("text_en"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("progress report")

    @property
    def localized_title(self) -> str:
        if translation.get_language() == "en" and self.title_en:
            return self.title_en
        return self.title

    @property
    def localized_text(self) -> str:
        if translation.get_language() == "en" and self.text_en:
            return self.text_en
        return self.text
