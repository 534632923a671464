"""GDPR hooks: what the inference bridge holds about a person, and how it forgets them."""

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce

from .models import ApiToken, SharedConversation, UsageRecord


def export_user_data(*, user) -> dict:
    usage = UsageRecord.objects.filter(user=user).aggregate(
        requests=Count("id"),
        prompt_tokens=Coalesce(Sum("prompt_tokens"), 0),
        completion_tokens=Coalesce(Sum("completion_tokens"), 0),
    )
    return {
        "api_tokens": [
            {
                "name": t.name,
                "prefix": t.prefix,
                "collectivity": t.collectivity.slug,
                "created_at": t.created_at.isoformat(),
                "last_used_at": t.last_used_at.isoformat() if t.last_used_at else None,
                "revoked_at": t.revoked_at.isoformat() if t.revoked_at else None,
            }
            for t in ApiToken.objects.filter(user=user).select_related("collectivity")
        ],
        "shared_conversations": [
            {
                "conversation_id": str(c.conversation_id),
                "model": c.model_alias,
                "consent_at": c.consent_at.isoformat(),
                "messages": c.messages,
            }
            for c in SharedConversation.objects.filter(user=user)
        ],
        "usage": usage,
    }


def erase_user_data(*, user) -> None:
    """Tokens are revoked and deleted, shared texts deleted; usage counts stay, anonymous."""
    ApiToken.objects.filter(user=user).delete()  # usage rows keep their counts (SET_NULL)
    SharedConversation.objects.filter(user=user).delete()
    UsageRecord.objects.filter(user=user).update(user=None)
