"""The observatory: publications (Wagtail pages), researchers, yearly reports, testimonies."""

import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
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
    ACCEPTED = "accepted", _("Accepted")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
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
