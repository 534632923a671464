"""Versions of a record: every save is a new draft; a second editor publishes (four eyes)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import audit_record
from core.errors import Conflict, InvalidInput, NotAllowed
from core.text import text_fields_normalise
from dialogue.selectors import target_has_opinion
from dialogue.targets import REGISTER_RECORD
from register.models import (
    AISystem,
    AISystemVersion,
    AuditAction,
    CharterAssessment,
    CharterPrinciple,
    CharterRating,
    RiskLevel,
    Status,
    VersionState,
)
from register.policies import require_editor
from register.questionnaire import risk_level_assess

# Fields copied from one version to the next (everything a record says).
CONTENT_FIELDS = AISystemVersion.content_field_names()

CORE_FIELDS = [
    "name",
    "short_description",
    "organisation",
    "department",
    "contact",
    "status",
    "purpose",
    "expected_impact",
    "human_oversight",
    "automation_level",
    "legal_basis",
    "recourse_procedure",
    "risk_level",
    "standard_version",
    "language",
]


def version_create(
    *,
    system: AISystem,
    actor: User | None,
    base: AISystemVersion | None,
    data: dict,
    change_summary: str,
    charter: list[dict] | None = None,
) -> AISystemVersion:
    """A new draft built on `base` (its content and charter rows are carried over)."""
    values = {name: getattr(base, name) for name in CONTENT_FIELDS} if base else {}
    unknown = set(data) - set(CONTENT_FIELDS)
    if unknown:
        raise InvalidInput(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    values.update(data)
    last = system.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = AISystemVersion(
        system=system,
        number=last + 1,
        state=VersionState.DRAFT,
        created_by=actor,
        change_summary=change_summary[:255],
        **values,
    )
    version.full_clean(exclude=["system"])
    version.save()
    if charter is not None:
        rows = charter
    elif base is not None:
        rows = list(base.charter_assessments.values("principle", "rating", "justification"))
    else:
        rows = []
    assessments = [CharterAssessment(version=version, **row) for row in rows]
    for assessment in assessments:  # bulk_create skips save(), which normalises the text
        text_fields_normalise(assessment)
    CharterAssessment.objects.bulk_create(assessments)
    return version


def system_latest_version(*, system: AISystem) -> AISystemVersion | None:
    return system.versions.order_by("-number").first()


def system_version_save(
    *,
    actor: User,
    system: AISystem,
    data: dict,
    change_summary: str = "",
    charter: list[dict] | None = None,
) -> AISystemVersion:
    """Every save is a new draft version built on the latest one; nothing is overwritten."""
    require_editor(actor)
    if system.is_partner:
        raise NotAllowed(_("Entries harvested from a partner are edited at their source."))
    if charter is not None:
        charter_working_conditions_check(system=system, rows=charter)
    with transaction.atomic():
        AISystem.objects.select_for_update().filter(pk=system.pk).first()
        base = system_latest_version(system=system)
        version = version_create(
            system=system,
            actor=actor,
            base=base,
            data=data,
            change_summary=change_summary or _("Record edited"),
            charter=charter,
        )
        # Compare what was saved (normalised text), not what the form sent.
        changed = sorted(k for k in data if base is None or getattr(base, k) != getattr(version, k))
        audit_record(
            actor=actor,
            action=AuditAction.SYSTEM_EDIT,
            target_type=AISystem,
            target_id=system.uuid,
            summary=version.change_summary,
            data={"version": version.number, "fields": changed},
        )
    return version


def system_assessment_save(
    *, actor: User, system: AISystem, answers: dict, change_summary: str = ""
) -> AISystemVersion:
    """The AI Act questionnaire: its answers, the level and the reasons go into a new version."""
    result = risk_level_assess(answers=answers)
    return system_version_save(
        actor=actor,
        system=system,
        data={
            "risk_answers": answers,
            "risk_reasons": result.as_dict()["reasons"],
            "risk_level": result.level,
            "annex_iii_point": result.annex_iii_point,
        },
        change_summary=change_summary or _("AI Act questionnaire answered"),
    )


def charter_working_conditions_check(*, system: AISystem, rows: list[dict]) -> None:
    """The charter's "better working conditions for agents" is not the editors' call alone:
    it can be rated "meets" only once a staff body has given its formal opinion on the record."""
    meets = any(
        row.get("principle") == CharterPrinciple.WORKING_CONDITIONS
        and row.get("rating") == CharterRating.MEETS
        for row in rows
    )
    if meets and not target_has_opinion(kind=REGISTER_RECORD, ref=system.slug):
        raise InvalidInput(
            _(
                "“%(principle)s” can be assessed as met only after a staff body has given its "
                "formal opinion on this record."
            )
            % {"principle": CharterPrinciple.WORKING_CONDITIONS.label},
            code="working_conditions_without_staff_opinion",
        )


def system_charter_save(
    *, actor: User, system: AISystem, rows: list[dict], change_summary: str = ""
) -> AISystemVersion:
    principles = [row["principle"] for row in rows]
    if len(set(principles)) != len(principles) or not set(principles) <= set(
        CharterPrinciple.values
    ):
        raise InvalidInput(_("Give at most one assessment per charter principle."))
    return system_version_save(
        actor=actor,
        system=system,
        data={},
        charter=rows,
        change_summary=change_summary or _("Charter assessment updated"),
    )


def version_missing_core_fields(*, version: AISystemVersion) -> list[str]:
    """Labels of the core fields (`CORE_FIELDS`, required to publish) a version lacks; empty when it can be published."""
    missing = [name for name in CORE_FIELDS if not getattr(version, name)]
    via_annex_i = (version.risk_answers or {}).get("annex_i_safety_component") in (True, "yes")
    if version.risk_level == RiskLevel.HIGH and not version.annex_iii_point and not via_annex_i:
        missing.append("annex_iii_point")
    if version.status == Status.RETIRED and not version.retirement_reason.strip():
        missing.append("retirement_reason")
    if not version.legal_links.strip() and not version.legal_basis.strip():
        missing.append("legal_links")
    return [str(AISystemVersion._meta.get_field(name).verbose_name) for name in missing]


def system_version_publish(*, actor: User, version: AISystemVersion) -> AISystemVersion:
    """Four eyes: a second editor publishes; the core fields must all be filled in."""
    require_editor(actor)
    with transaction.atomic():
        system = AISystem.objects.select_for_update().get(pk=version.system_id)
        version = AISystemVersion.objects.select_for_update().get(pk=version.pk)
        if version.state != VersionState.DRAFT:
            raise Conflict(_("Only a draft can be published."))
        if version.created_by_id == actor.pk:
            raise NotAllowed(
                _("Nobody publishes their own draft: another register editor must publish it.")
            )
        newer = system.versions.filter(number__gt=version.number).exists()
        if newer:
            raise Conflict(_("A newer draft exists: publish that one instead."))
        missing = version_missing_core_fields(version=version)
        if missing:
            raise Conflict(
                _("This version cannot be published: missing %(fields)s.")
                % {"fields": ", ".join(missing)}
            )
        now = timezone.now()
        system.versions.filter(state=VersionState.PUBLISHED).update(state=VersionState.SUPERSEDED)
        system.versions.filter(state=VersionState.DRAFT, number__lt=version.number).update(
            state=VersionState.DISCARDED
        )
        version.state = VersionState.PUBLISHED
        version.published_at = now
        version.published_by = actor
        version.save(update_fields=["state", "published_at", "published_by"])
        system.published_version = version
        fields = ["published_version"]
        if system.first_published_at is None:
            system.first_published_at = now
            fields.append("first_published_at")
        system.save(update_fields=fields)
        audit_record(
            actor=actor,
            action=AuditAction.SYSTEM_RETIRE
            if version.status == Status.RETIRED
            else AuditAction.SYSTEM_PUBLISH,
            target_type=AISystem,
            target_id=system.uuid,
            summary=f"{version.name} v{version.number}",
            data={"version": version.number, "author": version.created_by_id},
        )
    return version


def version_discard(*, actor: User, version: AISystemVersion) -> None:
    require_editor(actor)
    if version.state != VersionState.DRAFT:
        raise Conflict(_("Only a draft can be discarded."))
    version.state = VersionState.DISCARDED
    version.save(update_fields=["state"])
    audit_record(
        actor=actor,
        action=AuditAction.VERSION_DISCARD,
        target_type=AISystem,
        target_id=version.system.uuid,
        summary=f"v{version.number}",
    )
