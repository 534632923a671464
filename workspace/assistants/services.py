"""Writes on assistants and runs: start (access, quota), edit, rate, cancel, register sync."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import InvalidInput, NotAllowed, RateLimited
from core.ratelimit import hashed_identifier, parse_rate, rate_exceeded
from inference_bridge.backends import CancelToken
from register.services.systems import system_draft_from_tool
from workspace import policies
from workspace.models import Assistant, InputKind, Rating, Run, RunStatus, TaskKind

MAX_INPUT_CHARS = 20_000
DIRECTIONS = ("fr-en", "en-fr")


def require_workspace(user) -> None:
    if not policies.workspace_allowed(user):
        raise NotAllowed(_("The AI workspace is for city agents."))


def require_run_owner(user, run: Run) -> None:
    require_workspace(user)
    if run.user_id != user.pk:
        raise NotAllowed(_("This run belongs to another agent."))


def department_quota_consume(*, user) -> None:
    """One run against the department's quota; RateLimited (429, Retry-After) when over it."""
    department = (getattr(user, "department", "") or "").strip().casefold()
    rate = settings.WORKSPACE_DEPARTMENT_QUOTA
    if rate_exceeded(
        key=f"ws:dept:{hashed_identifier(department)}", rate=rate, default_period="day"
    ):
        limit, period, seconds = parse_rate(rate, default_period="day")
        raise RateLimited(
            _(
                "Your department has used its %(limit)s assistant runs for this %(period)s. "
                "What you typed is kept below: try again later."
            )
            % {"limit": limit, "period": _(period)},
            retry_after=seconds,
            code="department_quota",
        )


def run_start(
    *,
    user,
    assistant: Assistant,
    text: str = "",
    document=None,
    collection=None,
    direction: str = "",
) -> Run:
    """A new run of the assistant's live version (checked, counted; executed by the caller)."""
    require_workspace(user)
    if not assistant.live:
        raise NotAllowed(_("This assistant is not published."))
    text = (text or "").strip()
    if "\x00" in text:
        raise InvalidInput(_("The text contains a NUL character."))
    if len(text) > MAX_INPUT_CHARS:
        raise InvalidInput(
            _("The text is too long: at most %(n)s characters.") % {"n": f"{MAX_INPUT_CHARS:,}"}
        )
    kind = assistant.input_kind
    if kind == InputKind.DOCUMENT and document is None and not text:
        raise InvalidInput(_("Choose a document (or paste its text)."))
    if kind == InputKind.COLLECTION and collection is None:
        raise InvalidInput(_("Choose a collection."))
    if kind in (InputKind.TEXT, InputKind.COLLECTION) and not text:
        raise InvalidInput(
            _("Type your question.") if kind == InputKind.COLLECTION else _("Paste a text.")
        )
    if document is not None and not policies.document_visible(user, document):
        raise NotAllowed(_("You cannot use this document."))
    if collection is not None and not policies.collection_visible(user, collection):
        raise NotAllowed(_("You cannot use this collection."))
    options = {}
    if assistant.task_kind == TaskKind.TRANSLATE:
        options["direction"] = direction if direction in DIRECTIONS else "fr-en"
    department_quota_consume(user=user)
    return Run.objects.create(
        assistant=assistant,
        assistant_version=assistant.version,
        task_kind=assistant.task_kind,
        user=user,
        department=(getattr(user, "department", "") or "")[:200],
        input_text=text,
        document=document if kind == InputKind.DOCUMENT else None,
        collection=collection if kind == InputKind.COLLECTION else None,
        options=options,
        model_alias=assistant.effective_model_alias,
        model_name=_model_name(assistant.effective_model_alias),
    )


def _model_name(alias: str) -> str:
    card = settings.INFERENCE_MODEL_CARD
    if alias == settings.INFERENCE_DEFAULT_MODEL:
        return str(card.get("name", alias))[:200]
    return alias[:200]


def run_claim(*, run: Run) -> bool:
    """Mark a pending run as running; False when another request or a worker already has it."""
    return bool(
        Run.objects.filter(pk=run.pk, status=RunStatus.PENDING).update(status=RunStatus.RUNNING)
    )


def run_edit(*, user, run: Run, text: str) -> Run:
    """The agent's edit is kept beside the AI's original, never over it."""
    require_run_owner(user, run)
    text = (text or "").strip()
    if "\x00" in text:
        raise InvalidInput(_("The text contains a NUL character."))
    if len(text) > MAX_INPUT_CHARS * 2:
        raise InvalidInput(_("The text is too long."))
    run.edited_output = "" if text == run.output.strip() else text
    run.edited_at = timezone.now() if run.edited_output else None
    run.save(update_fields=["edited_output", "edited_at"])
    return run


def run_rate(*, user, run: Run, rating: str, comment: str = "") -> Run:
    require_run_owner(user, run)
    if rating not in Rating.values:
        raise InvalidInput(_("Choose a rating."))
    if not run.is_finished:
        raise InvalidInput(_("The run is not finished yet."))
    run.rating = rating
    run.rating_comment = (comment or "").strip()[:2000]
    run.rated_at = timezone.now()
    run.save(update_fields=["rating", "rating_comment", "rated_at"])
    return run


def run_cancel(*, user, run: Run) -> None:
    """Stop a run from any process: its generations see the flag between two tokens."""
    require_run_owner(user, run)
    cache.set(CancelToken.cache_key(f"wsrun{run.uuid.hex}"), 1, 3600)
    Run.objects.filter(pk=run.pk, status=RunStatus.PENDING).update(
        status=RunStatus.CANCELLED, finished_at=timezone.now()
    )


# --- Register ---------------------------------------------------------------------------


def register_data(assistant: Assistant) -> dict:
    """The register fields an assistant fills (in the city's language, as records are)."""
    alias = assistant.effective_model_alias
    return {
        "name": f"Assistant IA des agents : {assistant.name}"[:200],
        "short_description": assistant.purpose[:2000],
        "organisation": "Ville",
        "department": "Espace de travail IA des agents",
        "purpose": assistant.purpose,
        "human_oversight": (
            "Chaque texte produit est relu par l'agent, qui peut le modifier, le télécharger "
            "ou l'écarter ; rien n'est envoyé ni publié par l'outil. Les phrases qui citent "
            "des documents sont vérifiées avant affichage, celles qui échouent sont retirées "
            "et comptées."
        ),
        "automation_level": "informative",
        "algorithm_type": "generative",
        "live_data": assistant.data_processed
        or "Textes et documents fournis par les agents, conservés sur les serveurs de la Ville.",
        "technical_description": (
            f"Modèle de langage « {alias} » servi par les serveurs d'inférence de la Ville ; "
            f"tâche « {assistant.task_kind} », version {assistant.version} de l'assistant."
        ),
        "transparency_notice": (
            "Chaque résultat porte la mention « généré par IA », le nom du modèle et la "
            "version de l'assistant ; une réponse à un usager est rédigée par l'agent, "
            "qui la relit et l'envoie lui-même."
        ),
        "status": "in_use",
        "risk_level": "minimal",
    }


def assistant_register_sync(*, assistant: Assistant, actor=None) -> None:
    """Create or update the assistant's register record as a draft (register services)."""
    system = system_draft_from_tool(
        actor=actor,
        system_uuid=assistant.register_uuid,
        slug=f"assistant-{assistant.slug}",
        data=register_data(assistant),
        change_summary=f"Assistant « {assistant.name} » publié (version {assistant.version})",
    )
    if assistant.register_uuid != system.uuid:
        Assistant.objects.filter(pk=assistant.pk).update(register_uuid=system.uuid)
        assistant.register_uuid = system.uuid


@transaction.atomic
def assistant_published(*, assistant: Assistant, actor=None) -> Assistant:
    """After a publish: one more version, and the register record kept in step."""
    Assistant.objects.filter(pk=assistant.pk).update(version=F("version") + 1)
    assistant.refresh_from_db(fields=["version"])
    assistant_register_sync(assistant=assistant, actor=actor)
    return assistant
