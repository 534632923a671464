"""GDPR hooks: what the register holds about a person, and erasing it.

Recourse requests are filed with an email address, often without an account: both the
requests linked to the account and those filed with its email address are covered.
"""

from django.db.models import Q

from register.models import ErrorReport, HiddenAlgorithmDeclaration, RecourseRequest


def _requests(user):
    return RecourseRequest.objects.filter(
        Q(requester=user) | Q(email__iexact=user.email)
    ).select_related("system__published_version")


def export_user_data(*, user) -> dict:
    requests = []
    for r in _requests(user):
        requests.append(
            {
                "reference": r.reference,
                "system": r.system.slug,
                "created_at": r.created_at.isoformat(),
                "name": r.name,
                "email": r.email,
                "phone": r.phone,
                "decision_reference": r.decision_reference,
                "decision_date": r.decision_date.isoformat() if r.decision_date else None,
                "request": r.request,
                "status": r.status,
                "answer": r.answer,
                "answered_at": r.answered_at.isoformat() if r.answered_at else None,
                "events": [
                    {"at": e.created_at.isoformat(), "kind": e.kind, "status": e.status}
                    for e in r.events.filter(internal=False)
                ],
            }
        )
    reports = [
        {"system": e.system.slug, "created_at": e.created_at.isoformat(), "message": e.message}
        for e in ErrorReport.objects.filter(email__iexact=user.email).select_related("system")
    ]
    declarations = [
        {
            "tool_name": d.tool_name,
            "what_it_does": d.what_it_does,
            "where_it_appears": d.where_it_appears,
            "department": d.department,
            "created_at": d.created_at.isoformat(),
            "status": d.status,
            "public_reason": d.public_reason,
        }
        for d in HiddenAlgorithmDeclaration.objects.filter(declarant=user).order_by("created_at")
    ]
    return {
        "recourse_requests": requests,
        "error_reports": reports,
        "hidden_algorithm_declarations": declarations,
    }


def erase_user_data(*, user) -> None:
    from register.services import recourse_request_anonymise

    for request in _requests(user).filter(purged_at__isnull=True):
        recourse_request_anonymise(request=request)
    ErrorReport.objects.filter(email__iexact=user.email).update(email="")
    # A declaration describes a tool, not its author: it stays in the inventory, unsigned.
    HiddenAlgorithmDeclaration.objects.filter(declarant=user).update(declarant=None)
