"""A system's identity: creation, retirement, and the errors readers report about it."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import audit_record
from core.errors import InvalidInput
from core.ratelimit import hashed_identifier, rate_exceeded
from register.models import AISystem, AISystemVersion, AuditAction, ErrorReport, Status
from register.policies import require_editor, require_handler
from register.services.versions import system_version_save, version_create

RESERVED_SLUGS = {"staff", "recourse", "export", "catalog", "declarations"}


def _unique_slug(name: str) -> str:
    base = slugify(name)[:100] or "systeme"
    if base in RESERVED_SLUGS:
        base = f"{base}-ia"
    slug, n = base, 2
    while AISystem.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def system_create(*, actor: User, data: dict, slug: str = "", change_summary: str = "") -> AISystem:
    """A new record: the system's stable identity and its first draft version."""
    require_editor(actor)
    with transaction.atomic():
        system = AISystem.objects.create(
            slug=slug or _unique_slug(data.get("name", "")), created_by=actor
        )
        version = version_create(
            system=system,
            actor=actor,
            base=None,
            data=data,
            change_summary=change_summary or _("Record created"),
        )
        audit_record(
            actor=actor,
            action=AuditAction.SYSTEM_CREATE,
            target_type=AISystem,
            target_id=system.uuid,
            summary=version.name,
            data={"slug": system.slug, "version": version.number},
        )
    return system


def system_retire(*, actor: User, system: AISystem, reason: str) -> AISystemVersion:
    """Retiring is a new version with status "retired" and its reason (published by a second editor)."""
    require_editor(actor)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Say why the system is retired."))
    version = system_version_save(
        actor=actor,
        system=system,
        data={
            "status": Status.RETIRED,
            "retirement_reason": reason,
            "end_date": timezone.localdate(),
        },
        change_summary=_("Retirement requested: %(r)s") % {"r": reason[:180]},
    )
    audit_record(
        actor=actor,
        action=AuditAction.SYSTEM_RETIRE_REQUEST,
        target_type=AISystem,
        target_id=system.uuid,
        summary=reason[:255],
        data={"version": version.number},
    )
    return version


# --- Readers' error reports ------------------------------------------------------------------
def feedback_rate_limited(*, ip: str) -> bool:
    """Shared cache (Redis in production): the limit holds across processes."""
    return rate_exceeded(
        key=f"register:rl:feedback:ip:{hashed_identifier(ip)}",
        rate=settings.REGISTER_FEEDBACK_LIMIT_PER_IP,
        default_period="hour",
    )


def error_report_create(*, system: AISystem, message: str, email: str = "") -> ErrorReport:
    message = (message or "").strip()
    if len(message) < 10:
        raise InvalidInput(_("Describe the error in a few words (10 characters at least)."))
    with transaction.atomic():
        report = ErrorReport.objects.create(
            system=system,
            version_number=system.published_version.number if system.published_version_id else None,
            message=message[:5000],
            email=email,
        )
        audit_record(
            actor=None,
            action=AuditAction.FEEDBACK_CREATE,
            target_type=AISystem,
            target_id=system.uuid,
            summary=_("Error reported by a reader"),
            data={"report": report.pk},
        )
    return report


def error_report_mark_handled(*, actor: User, report: ErrorReport) -> None:
    require_handler(actor)
    report.handled_at = timezone.now()
    report.handled_by = actor
    report.save(update_fields=["handled_at", "handled_by"])


def system_draft_from_tool(
    *,
    actor: User | None,
    system_uuid=None,
    slug: str,
    data: dict,
    change_summary: str,
    source: str = "workspace",
) -> AISystem:
    """Keep the record of one of the city's own AI tools in step (the workspace's assistants),
    or open the record of an adopted use case (`source="consultation"`).

    The tool's owner (or the elected official who adopted the use case) is not a register
    editor: what it writes is a draft version (created with the system when `system_uuid` is
    None or unknown), which a register editor reviews and publishes as for any other record
    (four eyes). A draft identical to the latest version is not written again.
    """
    with transaction.atomic():
        system = (
            AISystem.objects.select_for_update().filter(uuid=system_uuid).first()
            if system_uuid
            else None
        )
        if system is None:
            system = AISystem.objects.create(slug=_unique_slug(slug), created_by=actor)
            base = None
            action = AuditAction.SYSTEM_CREATE
        else:
            base = system.versions.order_by("-number").first()
            action = AuditAction.SYSTEM_EDIT
            if base is not None and all(getattr(base, k) == v for k, v in data.items()):
                return system
        version = version_create(
            system=system, actor=actor, base=base, data=data, change_summary=change_summary
        )
        audit_record(
            actor=actor,
            action=action,
            target_type=AISystem,
            target_id=system.uuid,
            summary=version.change_summary,
            data={"version": version.number, "source": source},
        )
    return system


def system_tool_key_set(*, actor: User, system: AISystem, tool_key: str) -> AISystem:
    """Mark a record as the one of the city's own AI tool `tool_key` (its outputs link to it)."""
    require_editor(actor)
    tool_key = (tool_key or "").strip()[:60]
    with transaction.atomic():
        if tool_key and AISystem.objects.filter(tool_key=tool_key).exclude(pk=system.pk).exists():
            raise InvalidInput(_("Another record already describes this tool."))
        system.tool_key = tool_key
        system.save(update_fields=["tool_key"])
        audit_record(
            actor=actor,
            action=AuditAction.SYSTEM_EDIT,
            target_type=AISystem,
            target_id=system.uuid,
            summary=_("Record of the city's AI tool “%(tool)s”") % {"tool": tool_key},
            data={"tool_key": tool_key},
        )
    return system
