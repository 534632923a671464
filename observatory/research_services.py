"""Writes of the research data portal: releases, access requests and decisions, downloads.

Rules: a release is written once and never changed (models.ImmutableRecord); restricted data
leaves only to a researcher whose request the board approved, until the retention date they
gave; a board member never decides their own request; every decision is explained and sent to
the researcher through the outbox; every download is logged.
"""

import datetime as dt
import hashlib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.roles import Role
from accounts.selectors import user_has_role
from accounts.services import audit_record
from core.errors import Conflict, InvalidInput, NotAllowed
from core.outbox import outbox_enqueue
from observatory.datasets import datasheet_file, release_files_build
from observatory.models import (
    AccessStatus,
    AuditAction,
    DataAccessRequest,
    DataDownload,
    Dataset,
    DatasetAccess,
    DatasetFile,
    DatasetRelease,
)
from observatory.services import BOARD_GROUP

PROJECT_MAX, PURPOSE_MIN, PURPOSE_MAX, REASON_MIN = 200, 40, 4000, 10


# --- Who may do what --------------------------------------------------------------------------


def user_is_board(*, user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or user.groups.filter(name=BOARD_GROUP).exists()


def user_is_researcher(*, user) -> bool:
    return user_has_role(user=user, role=Role.RESEARCHER)


def user_can_see_request(*, user, access_request: DataAccessRequest) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return access_request.requester_id == user.pk or user_is_board(user=user)


def agreement_sha256(dataset: Dataset, language: str) -> str:
    """The fingerprint of the agreement text shown in `language`: what the researcher signs."""
    with translation.override(language):
        text = dataset.localized_agreement
    return hashlib.sha256(text.encode()).hexdigest()


def access_request_current(*, user, dataset: Dataset, today: dt.date | None = None):
    """The user's approved, unexpired request for `dataset`, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    today = today or timezone.localdate()
    return (
        DataAccessRequest.objects.filter(
            requester=user,
            dataset=dataset,
            status=AccessStatus.APPROVED,
            retention_until__gte=today,
        )
        .order_by("-retention_until")
        .first()
    )


# --- Releases ---------------------------------------------------------------------------------


def dataset_release_publish(
    *, dataset: Dataset, actor=None, notes: str = "", force: bool = False
) -> DatasetRelease | None:
    """Build the dataset's files and publish them as its next version. Returns None when the
    content is the same as the latest release's (unless `force`)."""
    min_group = settings.OBSERVATORY_DATASET_MIN_GROUP
    built, fingerprint = release_files_build(kind=dataset.kind, min_group=min_group)
    try:
        latest = dataset.releases.order_by("-version").first()
        if latest is not None and latest.fingerprint == fingerprint and not force:
            return None
        with transaction.atomic():
            # Lock the dataset row: two builders never take the same version number.
            Dataset.objects.select_for_update().filter(pk=dataset.pk).first()
            version = (dataset.releases.aggregate(n=Max("version"))["n"] or 0) + 1
            published_at = timezone.now()
            built.append(
                datasheet_file(
                    dataset=dataset,
                    version=version,
                    published_at=published_at,
                    min_group=min_group,
                    files=list(built),
                )
            )
            release = DatasetRelease.objects.create(
                dataset=dataset,
                version=version,
                published_at=published_at,
                min_group=min_group,
                notes=notes.strip(),
                fingerprint=fingerprint,
            )
            for item in built:
                DatasetFile.objects.create(
                    release=release,
                    name=item.name,
                    file=File(item.content, name=item.name),
                    media_type=item.media_type,
                    rows=item.rows,
                    size=item.size,
                    sha256=item.sha256,
                    description=item.description,
                )
            audit_record(
                actor=actor,
                action=AuditAction.DATASET_RELEASE,
                target_type=DatasetRelease,
                target_id=release.pk,
                summary=f"{dataset.slug} v{version}",
                data={"files": {item.name: item.sha256 for item in built}},
            )
    finally:
        for item in built:
            item.content.close()
    return release


def datasets_release_all(*, actor=None) -> dict[str, int | None]:
    """Release every dataset whose content changed (the beat task): slug → new version or None."""
    out = {}
    for dataset in Dataset.objects.order_by("slug"):
        release = dataset_release_publish(dataset=dataset, actor=actor)
        out[dataset.slug] = release.version if release else None
    return out


# --- Access requests --------------------------------------------------------------------------


def data_access_request_submit(
    *,
    requester,
    dataset: Dataset,
    project: str,
    institution: str,
    purpose: str,
    retention_until: dt.date,
    signed_name: str,
    agreement_accepted: bool,
    agreement_hash: str,
    language: str = "fr",
) -> DataAccessRequest:
    if not user_is_researcher(user=requester):
        raise NotAllowed(_("Only researchers can ask for access to restricted data."))
    if dataset.access != DatasetAccess.RESTRICTED:
        raise InvalidInput(_("This dataset is open: download it directly, no request needed."))
    project, institution, purpose = project.strip(), institution.strip(), purpose.strip()
    signed_name = " ".join(signed_name.split())
    if not project or not institution:
        raise InvalidInput(_("Name the research project and its laboratory or institution."))
    if len(purpose) < PURPOSE_MIN:
        raise InvalidInput(_("Describe the purpose in a few sentences (at least 40 characters)."))
    today = timezone.localdate()
    longest = today + dt.timedelta(days=settings.OBSERVATORY_DATA_ACCESS_MAX_DAYS)
    if retention_until <= today:
        raise InvalidInput(_("The retention date must be in the future."))
    if retention_until > longest:
        raise InvalidInput(
            _("Retention is limited to %(days)s days (until %(date)s).")
            % {"days": settings.OBSERVATORY_DATA_ACCESS_MAX_DAYS, "date": longest.isoformat()}
        )
    if not agreement_accepted or not signed_name:
        raise InvalidInput(_("Accept the agreement and sign it with your full name."))
    if agreement_hash != agreement_sha256(dataset, language):
        raise Conflict(
            _("The agreement changed while you were reading it: read it again and sign.")
        )
    with transaction.atomic():
        open_requests = DataAccessRequest.objects.select_for_update().filter(
            requester=requester, dataset=dataset, status=AccessStatus.PENDING
        )
        if open_requests.exists():
            raise Conflict(_("You already have a request for this dataset awaiting a decision."))
        if access_request_current(user=requester, dataset=dataset, today=today):
            raise Conflict(_("You already have access to this dataset."))
        access_request = DataAccessRequest.objects.create(
            dataset=dataset,
            requester=requester,
            project=project[:PROJECT_MAX],
            institution=institution[:200],
            purpose=purpose[:PURPOSE_MAX],
            retention_until=retention_until,
            agreement_sha256=agreement_hash,
            signed_name=signed_name[:150],
            signed_at=timezone.now(),
        )
        audit_record(
            actor=requester,
            action=AuditAction.DATA_ACCESS_REQUEST,
            target_type=DataAccessRequest,
            target_id=access_request.pk,
            summary=f"{dataset.slug}: {access_request.reference}",
        )
        board = (
            get_user_model()
            .objects.filter(groups__name=BOARD_GROUP, is_active=True)
            .exclude(pk=requester.pk)
            .values_list("email", flat=True)
        )
        outbox_enqueue(
            to=list(board),
            subject=_("Data access request %(ref)s to decide") % {"ref": access_request.reference},
            body=_(
                "A researcher asks for access to the dataset “%(dataset)s” for the project "
                "“%(project)s”. Decide on the request: %(url)s"
            )
            % {
                "dataset": dataset.localized_title,
                "project": access_request.project,
                "url": settings.SITE_URL.rstrip("/") + access_request.get_absolute_url(),
            },
            kind="observatory.data_access_request",
        )
    return access_request


def data_access_request_decide(
    *, board_member, access_request: DataAccessRequest, approve: bool, reason: str
) -> DataAccessRequest:
    if not user_is_board(user=board_member):
        raise NotAllowed(_("Only the observatory's board decides on data access requests."))
    if access_request.requester_id == board_member.pk:
        raise NotAllowed(_("You cannot decide on your own request: another board member will."))
    reason = reason.strip()
    if len(reason) < REASON_MIN:
        raise InvalidInput(_("Give the reasons for the decision: the researcher will read them."))
    with transaction.atomic():
        locked = DataAccessRequest.objects.select_for_update().get(pk=access_request.pk)
        if locked.status != AccessStatus.PENDING:
            raise Conflict(_("This request has already been decided."))
        locked.status = AccessStatus.APPROVED if approve else AccessStatus.REFUSED
        locked.decided_by = board_member
        locked.decided_at = timezone.now()
        locked.decision_reason = reason
        locked.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
        audit_record(
            actor=board_member,
            action=AuditAction.DATA_ACCESS_DECIDE,
            target_type=DataAccessRequest,
            target_id=locked.pk,
            summary=f"{locked.reference} → {locked.status}",
            data={"status": locked.status},
        )
        url = settings.SITE_URL.rstrip("/") + locked.get_absolute_url()
        if approve:
            subject = _("Your data access request %(ref)s is approved") % {"ref": locked.reference}
            body = _(
                "The observatory's board approved your request for “%(dataset)s”. Reasons: "
                "%(reason)s\nYou may download the data until %(date)s, then delete it as the "
                "agreement says: %(url)s"
            ) % {
                "dataset": locked.dataset.localized_title,
                "reason": reason,
                "date": locked.retention_until.isoformat(),
                "url": url,
            }
        else:
            subject = _("Your data access request %(ref)s is refused") % {"ref": locked.reference}
            body = _(
                "The observatory's board refused your request for “%(dataset)s”. Reasons: "
                "%(reason)s\nYou may send a new request: %(url)s"
            ) % {"dataset": locked.dataset.localized_title, "reason": reason, "url": url}
        outbox_enqueue(
            to=locked.requester.email,
            subject=subject,
            body=body,
            kind="observatory.data_access_decision",
        )
    access_request.refresh_from_db()
    return access_request


def data_access_expire(*, today: dt.date | None = None) -> int:
    """Close the approved requests whose retention date has passed (beat task) and remind the
    researchers to delete the data. Downloads are refused after the date even before it runs."""
    today = today or timezone.localdate()
    expired = 0
    due = DataAccessRequest.objects.filter(
        status=AccessStatus.APPROVED, retention_until__lt=today
    ).select_related("requester", "dataset")
    for access_request in due:
        with transaction.atomic():
            changed = DataAccessRequest.objects.filter(
                pk=access_request.pk, status=AccessStatus.APPROVED
            ).update(status=AccessStatus.EXPIRED)
            if not changed:
                continue
            audit_record(
                actor=None,
                action=AuditAction.DATA_ACCESS_EXPIRE,
                target_type=DataAccessRequest,
                target_id=access_request.pk,
                summary=access_request.reference,
            )
            outbox_enqueue(
                to=access_request.requester.email,
                subject=_("Your access to “%(dataset)s” has ended")
                % {"dataset": access_request.dataset.localized_title},
                body=_(
                    "The retention period of your request %(ref)s ended on %(date)s. Delete the "
                    "data and any copy, as the agreement you signed says."
                )
                % {
                    "ref": access_request.reference,
                    "date": access_request.retention_until.isoformat(),
                },
                kind="observatory.data_access_expired",
            )
            expired += 1
    return expired


# --- Downloads --------------------------------------------------------------------------------


def data_download_record(*, user, file: DatasetFile) -> DataDownload:
    """Check that `user` may download `file` and log the download (who, which file, when)."""
    dataset = file.release.dataset
    access_request = None
    if dataset.access == DatasetAccess.RESTRICTED:
        if not getattr(user, "is_authenticated", False):
            raise NotAllowed(_("Log in to download restricted data."))
        access_request = access_request_current(user=user, dataset=dataset)
        if access_request is None:
            ended = DataAccessRequest.objects.filter(
                requester=user,
                dataset=dataset,
                status__in=[AccessStatus.APPROVED, AccessStatus.EXPIRED],
            ).exists()
            if ended:
                raise NotAllowed(
                    _("Your access to this dataset has ended (retention period over).")
                )
            raise NotAllowed(
                _("This dataset is restricted: ask for access and wait for the board's approval.")
            )
    return DataDownload.objects.create(
        file=file,
        user=user if getattr(user, "is_authenticated", False) else None,
        access_request=access_request,
    )
