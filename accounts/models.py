import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AgeBracket(models.TextChoices):
    UNDER_18 = "under_18", _("Under 18")
    FROM_18_TO_24 = "18_24", _("18 to 24")
    FROM_25_TO_34 = "25_34", _("25 to 34")
    FROM_35_TO_49 = "35_49", _("35 to 49")
    FROM_50_TO_64 = "50_64", _("50 to 64")
    FROM_65 = "65_plus", _("65 and over")


class Collectivity(models.Model):
    """A local government: the city itself and its partners. Users belong to one; API tokens,
    quotas and inference nodes refer to it.

    Created by the inference bridge and moved here (a user's collectivity sits below every
    app); the table keeps its name so no row moved."""

    slug = models.SlugField(_("code"), unique=True, max_length=60)
    name = models.CharField(_("name"), max_length=200)
    daily_token_quota = models.PositiveIntegerField(
        _("daily token quota"),
        null=True,
        blank=True,
        help_text=_("Tokens its agents may consume per day through the API; blank = unlimited."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "inference_bridge_collectivity"
        ordering = ["name"]
        verbose_name = _("collectivity")
        verbose_name_plural = _("collectivities")

    def __str__(self) -> str:
        return self.name


def collectivity_home() -> Collectivity:
    """The city itself (created on first use so a fresh install works)."""
    obj, _created = Collectivity.objects.get_or_create(
        slug=settings.INFERENCE_HOME_COLLECTIVITY,
        defaults={"name": settings.INFERENCE_HOME_COLLECTIVITY_NAME},
    )
    return obj


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person using the site. The email address is the login."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=80,
        blank=True,
        help_text=_("Shown next to your contributions. Leave blank to appear as “Resident”."),
    )
    # The code of a territory of the city (accounts/territories: Paris's arrondissements by
    # default, CITY_TERRITORIES_FILE per deployment); self-declared, optional.
    arrondissement = models.CharField(_("territory"), max_length=8, blank=True)
    age_bracket = models.CharField(
        _("age bracket"), max_length=8, choices=AgeBracket.choices, blank=True
    )
    department = models.CharField(
        _("city department"),
        max_length=120,
        blank=True,
        help_text=_("For city agents only: the department you work in."),
    )
    collectivity = models.ForeignKey(
        Collectivity,
        on_delete=models.PROTECT,
        null=True,  # rows written in bulk (seeds, benchmarks) skip save(): read through
        blank=True,  # `home_collectivity` / `User.member_of`, which mean the city
        related_name="members",
        verbose_name=_("collectivity"),
        help_text=_("The local government this person belongs to (the city by default)."),
    )
    is_collectivity_admin = models.BooleanField(
        _("collectivity administrator"),
        default=False,
        help_text=_("Manages the API tokens and quotas of their collectivity."),
    )
    is_staff = models.BooleanField(_("staff status"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True, editable=False)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.public_name

    def save(self, *args, **kwargs):
        # People belong to the city unless told otherwise (set here, not as a field default,
        # which Django would evaluate, with a query, every time a User is instantiated).
        if self.collectivity_id is None:
            self.collectivity = collectivity_home()
        super().save(*args, **kwargs)

    @property
    def member_of(self) -> Collectivity:
        """The collectivity this person belongs to: the city's own unless set otherwise."""
        return self.collectivity if self.collectivity_id else collectivity_home()

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def public_name(self) -> str:
        """The name shown beside contributions; never the email address."""
        if self.is_deleted:
            return str(_("Deleted account"))
        return self.display_name or str(_("Resident"))

    def get_full_name(self) -> str:
        return self.display_name or self.email

    def get_short_name(self) -> str:
        return self.display_name or self.email


class AuditAction(models.TextChoices):
    """What accounts writes to the audit trail.

    Each app keeps its own `AuditAction` next to its models. Values are stored as they are, so
    existing rows stay readable; new actions follow "<app>.<record>.<verb>" (e.g.
    "register.system.publish"), and `target_type` is always the record's model label,
    "<app_label>.<model_name>" (e.g. "accounts.user").
    """

    ACCOUNT_DELETED = "account.deleted"
    ROLE_GRANTED = "account.role.granted"


def audit_target_type(target: "str | type[models.Model] | models.Model") -> str:
    """The one spelling of a record type in the audit trail: "<app_label>.<model_name>"."""
    if isinstance(target, str):
        return target
    return target._meta.label_lower


class AuditEntry(models.Model):
    """Who did what to which civic record, and when. Written by services, read by staff.

    Kept in the lowest app so every app can write it; the actor's label is copied so the
    trail stays readable after an account is deleted.
    """

    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("who (as shown)"), max_length=120, blank=True)
    action = models.CharField(_("action"), max_length=60, db_index=True)
    target_type = models.CharField(_("record type"), max_length=60, db_index=True)
    target_id = models.CharField(_("record id"), max_length=64, db_index=True)
    summary = models.CharField(_("summary"), max_length=255, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.target_type}:{self.target_id}"
