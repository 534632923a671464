"""Translation and plain language on request: "read in English", "read in plain French".

A request writes a *pending* row per field (core.models.Translation) and queues the task that
asks the city's model; the page shows a placeholder until the rows are ready. Rows are keyed by
the hash of the source text: an edited dossier, answer or comment is translated anew, never
shown with an outdated translation. A version by a person (`origin=human`) replaces the
automatic one wherever both exist.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from consultation import policies
from consultation.audit import ConsultationAuditAction, audit
from consultation.models import Comment, Consultation, OfficialAnswer, UseCase
from consultation.ratelimit import rate_limit_allow
from consultation.services.ai import model_name, model_run
from core.errors import ApplicationError, InvalidInput, NotFound, RateLimited
from core.models import Translation, TranslationOrigin, TranslationStatus
from core.ratelimit import parse_rate
from core.tasks import task_send_on_commit
from core.text import text_normalise
from core.translations import PLAIN_FRENCH, translation_save, translations_current

logger = logging.getLogger(__name__)

#: What can be translated: kind (in URLs) → model and its fields.
TRANSLATABLE = {
    "consultation": (Consultation, ["title", "summary", "description"]),
    "use-case": (
        UseCase,
        [f for f in UseCase.DOSSIER_FIELDS if f not in ("department", "register_slug")],
    ),
    "answer": (OfficialAnswer, ["justification"]),
    "comment": (Comment, ["body"]),
}

#: Target → (label on the button, instructions given to the model).
TARGETS = {
    "en": (
        _("Read in English"),
        "Translate the user's text from French into English. Keep the meaning, the names and "
        "the numbers. Write only the translation, nothing else.",
    ),
    "fr": (
        _("Read in French"),
        "Translate the user's text into French. Keep the meaning, the names and the numbers. "
        "Write only the translation, nothing else.",
    ),
    PLAIN_FRENCH: (
        _("Read in plain French"),
        "Réécris le texte de l'utilisateur en français facile à lire et à comprendre (FALC) : "
        "phrases courtes, mots courants, une idée par phrase. N'ajoute rien. Écris seulement "
        "le texte réécrit.",
    ),
}

CHUNK_CHARS = 1200
REVIEW_MAX_CHARS = 20000


def translatable_sources(*, obj) -> dict[str, str]:
    for model, fields in TRANSLATABLE.values():
        if isinstance(obj, model):
            return {f: str(getattr(obj, f) or "") for f in fields if getattr(obj, f)}
    raise NotFound()


def translation_state(*, obj, language: str) -> dict:
    """{"fields": {field: Translation|None}, "ready": bool, "pending": bool, "failed": bool}."""
    sources = translatable_sources(obj=obj)
    current = translations_current(obj=obj, sources=sources, language=language)
    rows = {f: current.get(f) for f in sources}
    statuses = {r.status for r in rows.values() if r is not None}
    return {
        "sources": sources,
        "fields": rows,
        "ready": all(r is not None and r.status == TranslationStatus.READY for r in rows.values()),
        "pending": TranslationStatus.PENDING in statuses,
        "failed": TranslationStatus.FAILED in statuses,
    }


def translation_request(*, obj, language: str, requester_key: str, user=None) -> bool:
    """Ask for the `language` version of `obj`; True when a generation was queued.

    Already current (or already being prepared): nothing to do, and it does not count against
    the rate limit. A failed one is asked again."""
    if language not in TARGETS:
        raise NotFound()
    kind = next(k for k, (model, _f) in TRANSLATABLE.items() if isinstance(obj, model))
    state = translation_state(obj=obj, language=language)
    missing = [
        f
        for f, row in state["fields"].items()
        if row is None or row.status == TranslationStatus.FAILED
    ]
    if not missing:
        return False
    if not rate_limit_allow(scope="translations", key=requester_key):
        from django.conf import settings

        raise RateLimited(retry_after=parse_rate(settings.CONSULTATION_RATE_TRANSLATIONS).seconds)
    with transaction.atomic():
        for field in missing:
            translation_save(
                obj=obj,
                field=field,
                language=language,
                text="",
                source_text=state["sources"][field],
                status=TranslationStatus.PENDING,
                model_name=model_name(),
            )
        task_send_on_commit(
            "consultation.translation_produce", kind, obj.pk, language, getattr(user, "pk", None)
        )
    return True


def _chunks(text: str) -> list[str]:
    """Paragraphs grouped up to CHUNK_CHARS (a long dossier field stays under the prompt
    budget of a small model)."""
    chunks: list[str] = []
    for paragraph in text.split("\n"):
        if chunks and len(chunks[-1]) + len(paragraph) < CHUNK_CHARS:
            chunks[-1] += "\n" + paragraph
        else:
            chunks.append(paragraph)
    return [c for c in chunks if c.strip()] or [text]


def translation_produce(*, kind: str, pk: int, language: str, user_id: int | None = None) -> int:
    """Produce every pending field of one object (the task calls this); returns how many."""
    model, _fields = TRANSLATABLE[kind]
    obj = model.objects.filter(pk=pk).first()
    if obj is None or language not in TARGETS:
        return 0
    state = translation_state(obj=obj, language=language)
    instructions = TARGETS[language][1]
    done = 0
    for field, row in state["fields"].items():
        if row is None or row.status != TranslationStatus.PENDING:
            continue
        source = state["sources"][field]
        try:
            pieces = []
            for chunk in _chunks(source):
                run = model_run(
                    messages=[
                        {"role": "system", "content": instructions},
                        {"role": "user", "content": chunk},
                    ],
                    purpose="translation",
                    max_tokens=min(512, 64 + len(chunk) // 2),
                )
                pieces.append(run.text)
            text, status = "\n".join(pieces).strip(), TranslationStatus.READY
        except ApplicationError as exc:
            logger.warning("translation of %s %s failed: %s", kind, pk, exc.code)
            text, status = "", TranslationStatus.FAILED
        if status == TranslationStatus.READY and not text:
            status = TranslationStatus.FAILED
        translation_save(
            obj=obj,
            field=field,
            language=language,
            text=text,
            source_text=source,
            status=status,
            model_name=model_name(),
        )
        done += status == TranslationStatus.READY
    return done


def translation_review(*, obj, field: str, language: str, text: str, reviewer) -> Translation:
    """A person's version of one field: shown with the "reviewed by a person" badge in place
    of the automatic one, for as long as the source text stays the same (it is keyed by the
    source's hash, like the automatic one: an edited source makes it stale too)."""
    policies.translation_review_check(user=reviewer, obj=obj)
    if language not in TARGETS:
        raise NotFound()
    sources = translatable_sources(obj=obj)
    if field not in sources:
        raise NotFound()
    text = text_normalise(text or "").strip()
    if not text:
        raise InvalidInput(_("Write the translation."), code="text")
    if len(text) > REVIEW_MAX_CHARS:
        raise InvalidInput(
            _("A translation is at most %(n)s characters long.") % {"n": REVIEW_MAX_CHARS},
            code="text",
        )
    with transaction.atomic():
        row = translation_save(
            obj=obj,
            field=field,
            language=language,
            text=text,
            source_text=sources[field],
            origin=TranslationOrigin.HUMAN,
            reviewer=reviewer,
        )
        audit(
            actor=reviewer,
            action=ConsultationAuditAction.TRANSLATION_REVIEWED,
            target=row,
            summary=f"{obj._meta.label_lower}:{obj.pk}.{field} [{language}]",
        )
    return row
