"""Site search hook: consultations and published use cases."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils.translation import gettext as _

from consultation.audience import readable_q
from consultation.models import Consultation, ModerationState, UseCase


def site_search(*, query: str, limit: int) -> list[dict]:
    query = (query or "").strip()[:200]
    if not query:
        return []
    hits = []
    public = AnonymousUser()  # the site search is the same for everyone: public pages only
    for consultation in Consultation.objects.filter(readable_q(user=public)).filter(
        Q(title__icontains=query) | Q(summary__icontains=query)
    )[:limit]:
        hits.append(
            {
                "title": consultation.title,
                "url": consultation.get_absolute_url(),
                "summary": consultation.summary,
                "kind": _("Consultation"),
            }
        )
    use_cases = UseCase.objects.filter(
        readable_q(user=public, prefix="consultation__"),
        moderation_state=ModerationState.APPROVED,
    ).filter(Q(title__icontains=query) | Q(summary__icontains=query) | Q(problem__icontains=query))
    for use_case in use_cases[: max(0, limit - len(hits))]:
        hits.append(
            {
                "title": use_case.title,
                "url": use_case.get_absolute_url(),
                "summary": use_case.summary,
                "kind": _("AI use case"),
            }
        )
    return hits
