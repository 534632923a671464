"""Writes of the observatory that carry a rule: testimonies, follow-ups, snapshots, workflow."""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import GroupPagePermission, Workflow, WorkflowPage

from accounts.roles import Role
from accounts.selectors import user_can_participate, user_has_role
from accounts.services import audit_record
from core.errors import InvalidInput, NotAllowed, RateLimited
from core.ratelimit import parse_rate, rate_exceeded
from observatory.editorial import WORKFLOW_NAME  # noqa: E402,F401
from observatory.indicators import indicators_compute
from observatory.models import (
    AnnualReportPage,
    AuditAction,
    FollowUp,
    IndicatorSnapshot,
    ObservatoryIndexPage,
    Recommendation,
    RecommendationFollowUp,
    Testimony,
    TestimonyStatus,
)
from register.selectors import system_public_summary

REVIEWERS_GROUP = "observatory_reviewers"
BOARD_GROUP = "observatory_board"
# group name -> Wagtail page permissions on the observatory's index page (and its subtree)
PAGE_PERMISSIONS = {
    str(Role.RESEARCHER): ["add_page"],
    REVIEWERS_GROUP: ["add_page", "change_page"],
    BOARD_GROUP: ["add_page", "change_page", "publish_page"],
}
TESTIMONY_MIN, TESTIMONY_MAX = 40, 4000


def system_summary(slug: str) -> dict | None:
    """The register's public summary of a system, or None when no published system has it."""
    return system_public_summary(slug=slug)


def testimony_submit(
    *,
    author,
    text: str,
    consent: bool,
    anonymous: bool,
    system_slug: str = "",
    language: str = "fr",
) -> Testimony:
    if not user_can_participate(user=author):
        raise NotAllowed(_("Only residents with a verified email address can testify."))
    rate = settings.OBSERVATORY_RATE_TESTIMONIES
    if rate_exceeded(key=f"observatory:testimony:{author.pk}", rate=rate):
        raise RateLimited(retry_after=parse_rate(rate).seconds)
    text = (text or "").strip()
    if len(text) < TESTIMONY_MIN:
        raise InvalidInput(_("Tell us a little more (at least 40 characters)."))
    if len(text) > TESTIMONY_MAX:
        raise InvalidInput(_("Keep it under 4,000 characters."))
    if not consent:
        raise InvalidInput(_("We can only publish a testimony with your consent."))
    system_name = ""
    if system_slug:
        summary = system_summary(system_slug)
        if summary is None:
            raise InvalidInput(_("This AI system is not in the public register."))
        system_name = summary.get("name", "")
    with transaction.atomic():
        testimony = Testimony.objects.create(
            author=author,
            text=text,
            consent=True,
            anonymous=anonymous,
            system_slug=system_slug,
            system_name=system_name,
            language=language[:5],
        )
        audit_record(
            actor=author,
            action=AuditAction.TESTIMONY_SUBMIT,
            target_type=Testimony,
            target_id=testimony.pk,
            summary="Testimony submitted for moderation",
        )
    return testimony


def user_can_moderate_testimonies(*, user) -> bool:
    return user_has_role(user=user, role=Role.MODERATOR) or bool(
        getattr(user, "is_superuser", False)
    )


def testimony_moderate(
    *, moderator, testimony: Testimony, publish: bool, reason: str = ""
) -> Testimony:
    if not user_can_moderate_testimonies(user=moderator):
        raise NotAllowed(_("Only moderators can moderate testimonies."))
    if testimony.author_id == moderator.pk:
        raise NotAllowed(_("You cannot moderate your own testimony."))
    if not publish and not reason.strip():
        raise InvalidInput(_("Say why the testimony is not published."))
    with transaction.atomic():
        testimony.status = TestimonyStatus.PUBLISHED if publish else TestimonyStatus.REJECTED
        testimony.moderated_by = moderator
        testimony.moderated_at = timezone.now()
        testimony.moderation_reason = reason.strip()[:255]
        testimony.save(
            update_fields=["status", "moderated_by", "moderated_at", "moderation_reason"]
        )
        audit_record(
            actor=moderator,
            action=AuditAction.TESTIMONY_PUBLISH if publish else AuditAction.TESTIMONY_REJECT,
            target_type=Testimony,
            target_id=testimony.pk,
            summary=reason[:200],
        )
    return testimony


def user_can_record_follow_up(*, user) -> bool:
    """The city (agents, elected officials) and the editorial board record follow-ups."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or any(
        user_has_role(user=user, role=r) for r in (Role.AGENT, Role.ELECTED)
    ):
        return True
    return user.groups.filter(name=BOARD_GROUP).exists()


def recommendation_follow_up_record(
    *, actor, recommendation: Recommendation, status: str, note: str = ""
) -> RecommendationFollowUp:
    if not user_can_record_follow_up(user=actor):
        raise NotAllowed(_("Only the city or the editorial board update follow-ups."))
    if status not in FollowUp.values:
        raise InvalidInput(_("Unknown follow-up status."))
    report = recommendation.report
    with transaction.atomic():
        follow_up = RecommendationFollowUp.objects.create(
            report_key=report.translation_key,
            reference=recommendation.reference,
            status=status,
            note=note.strip(),
            recorded_by=actor,
        )
        audit_record(
            actor=actor,
            action=AuditAction.RECOMMENDATION_FOLLOW_UP,
            target_type=Recommendation,
            target_id=f"{report.translation_key}:{recommendation.reference}",
            summary=f"{report.report_year} {recommendation.reference} → {status}",
            data={"status": status},
        )
    return follow_up


def annual_report_freeze_snapshot(*, report: AnnualReportPage) -> IndicatorSnapshot:
    """Freeze the indicators at the first publication; later publications keep the same one."""
    from django.utils import translation

    existing = IndicatorSnapshot.objects.filter(report=report).first()
    if existing is not None:
        return existing
    with translation.override(report.locale.language_code):
        data = indicators_compute()
    snapshot, _created = IndicatorSnapshot.objects.get_or_create(
        report=report, defaults={"data": data}
    )
    return snapshot


def observatory_index_bind(*, index: ObservatoryIndexPage) -> None:
    """Give the editorial groups their rights on the observatory subtree and attach the workflow.

    Idempotent; called on every publication of an index page (groups and workflow themselves
    come from the data migration)."""
    for group_name, codenames in PAGE_PERMISSIONS.items():
        group, _c = Group.objects.get_or_create(name=group_name)
        for codename in codenames:
            permission = Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            )
            GroupPagePermission.objects.get_or_create(
                group=group, page=index, permission=permission
            )
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is not None:
        WorkflowPage.objects.get_or_create(page=index, defaults={"workflow": workflow})
