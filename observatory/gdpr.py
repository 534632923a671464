"""GDPR hooks: what the observatory holds about a person, and how it forgets them."""

from observatory.models import (
    AccessStatus,
    DataAccessRequest,
    DataDownload,
    RecommendationFollowUp,
    Researcher,
    Testimony,
)


def export_user_data(*, user) -> dict:
    testimonies = [
        {
            "reference": t.reference,
            "text": t.text,
            "system": t.system_slug,
            "anonymous": t.anonymous,
            "consent": t.consent,
            "status": t.status,
            "submitted_at": t.submitted_at.isoformat(),
        }
        for t in Testimony.objects.filter(author=user).order_by("submitted_at")
    ]
    researcher = Researcher.objects.filter(user=user).first()
    follow_ups = [
        {
            "reference": f.reference,
            "status": f.status,
            "note": f.note,
            "recorded_on": f.recorded_on.isoformat(),
        }
        for f in RecommendationFollowUp.objects.filter(recorded_by=user).order_by("created_at")
    ]
    data_requests = [
        {
            "reference": r.reference,
            "dataset": r.dataset.slug,
            "project": r.project,
            "institution": r.institution,
            "purpose": r.purpose,
            "retention_until": r.retention_until.isoformat(),
            "signed_name": r.signed_name,
            "signed_at": r.signed_at.isoformat(),
            "status": r.status,
            "decision_reason": r.decision_reason,
        }
        for r in DataAccessRequest.objects.filter(requester=user).select_related("dataset")
    ]
    downloads = [
        {"file": f"{d.file.release} {d.file.name}", "at": d.downloaded_at.isoformat()}
        for d in DataDownload.objects.filter(user=user).select_related("file__release__dataset")
    ]
    return {
        "data_access_requests": data_requests,
        "data_downloads": downloads,
        "testimonies": testimonies,
        "recommendation_follow_ups_recorded": follow_ups,
        "researcher_profile": {
            "name": researcher.name,
            "affiliation": researcher.affiliation,
            "orcid": researcher.orcid,
        }
        if researcher
        else None,
    }


def erase_user_data(*, user) -> None:
    """Testimonies stay (they may be cited) but become anonymous and detached from the account;
    pending ones are withdrawn. A researcher profile is a public signature: only the account link
    is cut."""
    Testimony.objects.filter(author=user, status="pending").delete()
    Testimony.objects.filter(author=user).update(author=None, anonymous=True)
    Researcher.objects.filter(user=user).update(user=None)
    # Follow-ups are the city's official record: they stay, without the agent's account.
    RecommendationFollowUp.objects.filter(recorded_by=user).update(recorded_by=None)
    # Data access requests are the record of who received restricted data: they stay, as the
    # download log does, but pending ones are withdrawn and running access ends now.
    DataAccessRequest.objects.filter(requester=user, status=AccessStatus.PENDING).delete()
    DataAccessRequest.objects.filter(requester=user, status=AccessStatus.APPROVED).update(
        status=AccessStatus.EXPIRED
    )
