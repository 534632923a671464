"""Federation registry, API tokens, usage ledger and opt-in shared conversations.

Usage records never hold conversation text; only SharedConversation does, and only with the
visitor's consent, for a limited retention.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Collectivity

__all__ = [
    "ApiToken",
    "Channel",
    "Collectivity",
    "Engine",
    "InferenceNode",
    "NodeStatus",
    "SharedConversation",
    "UsageRecord",
]


class Engine(models.TextChoices):
    IN_PROCESS = "in_process", _("In-process llama-cpp-python")
    LLAMA_CPP_PYTHON = "llama_cpp_python", _("llama-cpp-python server")
    LLAMA_SERVER = "llama_server", _("llama.cpp llama-server")
    VLLM = "vllm", _("vLLM")
    OLLAMA = "ollama", _("Ollama")
    OPENAI_COMPATIBLE = "openai", _("Other OpenAI-compatible server")


class NodeStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    DISABLED = "disabled", _("Disabled")


class InferenceNode(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    operator = models.ForeignKey(
        Collectivity,
        on_delete=models.PROTECT,
        related_name="nodes",
        verbose_name=_("operating collectivity"),
    )
    engine = models.CharField(_("engine"), max_length=20, choices=Engine.choices)
    base_url = models.URLField(
        _("base URL"),
        blank=True,
        help_text=_("Root of the OpenAI-compatible API, e.g. http://10.0.0.5:8080 (no /v1)."),
    )
    model_alias = models.CharField(
        _("model alias"), max_length=120, help_text=_("Name clients use to ask for the model.")
    )
    upstream_model = models.CharField(
        _("upstream model name"),
        max_length=200,
        blank=True,
        help_text=_("Model name sent to the node, if it differs from the alias."),
    )
    slots = models.PositiveSmallIntegerField(_("parallel slots"), default=1)
    hosting_zone = models.CharField(
        _("hosting zone"), max_length=8, default="FR", help_text=_("Country code, e.g. FR.")
    )
    hosting_description = models.CharField(_("hosting place"), max_length=200, blank=True)
    power_w = models.FloatField(_("declared power draw (W)"), default=65.0)
    pue = models.FloatField(_("PUE"), default=1.5)
    api_key_env = models.CharField(
        _("API key environment variable"),
        max_length=100,
        blank=True,
        help_text=_("Name of the environment variable holding the key (preferred)."),
    )
    api_key_encrypted = models.TextField(_("encrypted API key"), blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=NodeStatus.choices, default=NodeStatus.ACTIVE
    )
    healthy = models.BooleanField(_("healthy"), default=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    cooldown_until = models.DateTimeField(_("cooling down until"), null=True, blank=True)
    last_check_at = models.DateTimeField(null=True, blank=True)
    last_ok_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("inference node")
        verbose_name_plural = _("inference nodes")

    def __str__(self) -> str:
        return self.name

    @property
    def is_in_process(self) -> bool:
        return self.engine == Engine.IN_PROCESS

    def is_cooling_down(self, now=None) -> bool:
        return bool(self.cooldown_until and self.cooldown_until > (now or timezone.now()))

    def set_api_key(self, plaintext: str) -> None:
        from .crypto import encrypt

        self.api_key_encrypted = encrypt(plaintext) if plaintext else ""

    def get_api_key(self) -> str:
        import os

        from .crypto import decrypt

        if self.api_key_env:
            return os.environ.get(self.api_key_env, "")
        if self.api_key_encrypted:
            return decrypt(self.api_key_encrypted)
        return ""


class ApiToken(models.Model):
    """An agent's bearer token for the OpenAI-compatible API; only its SHA-256 is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="inference_tokens",
        verbose_name=_("owner"),
    )
    collectivity = models.ForeignKey(
        Collectivity,
        on_delete=models.PROTECT,
        related_name="tokens",
        verbose_name=_("collectivity"),
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    daily_request_quota = models.PositiveIntegerField(_("requests per day"), default=1000)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class Channel(models.TextChoices):
    SANDBOX = "sandbox", _("Sandbox")
    API = "api", _("Agents' API")
    WORKSPACE = "workspace", _("Agents' workspace")
    CONSULTATION = "consultation", _("Consultation (synthesis, translation)")


class UsageRecord(models.Model):
    """One generation. No prompt, no answer: only who, where, how much and at what cost."""

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    # What the generation was for ("assistant:summary", "synthesis"), and the department
    # accounted for it: the caller's words, so the ledger counts per task without knowing it.
    purpose = models.CharField(max_length=80, blank=True, db_index=True)
    department = models.CharField(max_length=120, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    token = models.ForeignKey(
        ApiToken, on_delete=models.SET_NULL, null=True, blank=True, related_name="usage"
    )
    consumer = models.ForeignKey(
        Collectivity, on_delete=models.PROTECT, related_name="consumed", null=True, blank=True
    )
    node = models.ForeignKey(
        InferenceNode, on_delete=models.SET_NULL, null=True, blank=True, related_name="usage"
    )
    server = models.ForeignKey(
        Collectivity, on_delete=models.PROTECT, related_name="served", null=True, blank=True
    )
    model_alias = models.CharField(max_length=120)
    prompt_tokens = models.PositiveIntegerField(default=0)
    completion_tokens = models.PositiveIntegerField(default=0)
    tokens_estimated = models.BooleanField(
        _("token counts estimated"),
        default=False,
        help_text=_("The node did not report its token counts: they were counted here."),
    )
    ttft_ms = models.PositiveIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    latency_ms = models.PositiveIntegerField(default=0)
    energy_wh = models.FloatField(default=0.0)
    co2_g = models.FloatField(default=0.0)
    finish_reason = models.CharField(max_length=20, blank=True)
    succeeded = models.BooleanField(default=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("usage record")
        verbose_name_plural = _("usage records")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.model_alias}"


class SharedConversation(models.Model):
    """A sandbox conversation its author chose to share with the observatory."""

    conversation_id = models.UUIDField(unique=True, default=uuid.uuid4)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="shared_conversations",
    )
    model_alias = models.CharField(max_length=120)
    messages = models.JSONField(default=list)
    consent_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-consent_at"]
        verbose_name = _("shared conversation")
        verbose_name_plural = _("shared conversations")

    def __str__(self) -> str:
        return str(self.conversation_id)


class AuditAction(models.TextChoices):
    """What the inference bridge writes to the audit trail (stored values never change)."""

    TOKEN_CREATE = "inference.token_create"  # noqa: S105 - an audit action, not a secret
    TOKEN_REVOKE = "inference.token_revoke"  # noqa: S105 - an audit action, not a secret
    QUOTA_SET = "inference.quota_set"
