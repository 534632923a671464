"""A use case seeded from the shared library: a draft with its provenance kept for good."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from consultation import policies
from consultation.audit import ConsultationAuditAction, audit
from consultation.models import ModerationState, UseCase, UseCaseProvenance, UseCaseStatus
from consultation.services.use_cases import _clean_dossier
from core.errors import InvalidInput


@transaction.atomic
def use_case_draft_from_library(
    *, agent: User, dossier: dict, source_city: str, source_title: str, source_url: str
) -> UseCase:
    """An agent reuses a library case: a draft (awaiting moderation, in no consultation)
    whose provenance (city, title, link) is recorded beside it."""
    policies.role_check(user=agent, roles=[Role.AGENT])
    if not source_city.strip() or not source_url.strip():
        raise InvalidInput(_("A reused use case needs its source city and link."))
    fields = _clean_dossier(dossier)
    fields["register_slug"] = ""  # the source's register record is not ours
    for name in ("title", "summary", "department"):
        limit = UseCase._meta.get_field(name).max_length
        fields[name] = (fields.get(name) or "")[:limit]
    use_case = UseCase.objects.create(
        consultation=None,
        proposer=agent,
        status=UseCaseStatus.PROPOSED,
        moderation_state=ModerationState.PENDING,
        **fields,
    )
    UseCaseProvenance.objects.create(
        use_case=use_case,
        source_city=source_city.strip()[:200],
        source_title=source_title.strip()[:200],
        source_url=source_url.strip()[:500],
    )
    audit(
        actor=agent,
        action=ConsultationAuditAction.USE_CASE_PROPOSED,
        target=use_case,
        summary=use_case.title,
        data={"reused_from": source_url[:500], "source_city": source_city[:200]},
    )
    return use_case
