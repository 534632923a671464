"""Debate synthesis: themes found locally, each part written by the city's model through the
grounded-generation kernel (inference_bridge.grounding), verified, then signed off by a person.

Verification has two layers. The kernel checks each sentence against the sources the model was
given (a cited number exists, quotes are verbatim, the sentence shares content with what it
cites). The sources themselves are built here, only from the *visible* comments of *this* use
case (`selectors.synthesis_visible_comments`), so a hidden comment or another debate's comment
can never be cited. At sign-off every sentence is checked again against the comments as they
are then (a comment hidden meanwhile, a reviewer's edit that misquotes): publication is refused
until the reviewer fixes or removes it.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consultation import policies, selectors
from consultation.audit import ConsultationAuditAction, audit
from consultation.models import (
    Alignment,
    Comment,
    NotificationKind,
    Synthesis,
    SynthesisFlag,
    SynthesisFlagStatus,
    SynthesisStatus,
    UseCase,
)
from consultation.ratelimit import rate_limit_check
from consultation.services.ai import model_events, model_name
from consultation.services.notifications import absolute_url, notify
from consultation.themes import themes_find
from core.errors import ApplicationError, Conflict, InvalidInput, NotFound
from core.tasks import task_send_on_commit
from core.text import text_normalise
from inference_bridge.grounding import (
    Source,
    citations_verify,
    grounded_events,
    grounded_messages,
    sentence_verify,
)

INSTRUCTIONS_VERSION = "synthesis-2026.1"
INSTRUCTIONS = (
    "You summarise a public debate of the city for its residents and elected officials. "
    "Write in French, plainly and neutrally. Do not invent anything."
)
PART_REQUESTS = {
    "summary": "Résume en deux phrases ce que disent ces commentaires.",
    "for": "Écris en une ou deux phrases les principaux arguments en faveur du projet.",
    "against": "Écris en une ou deux phrases les principaux arguments contre le projet.",
    "questions": "Écris en une ou deux phrases les questions que ces commentaires laissent ouvertes.",
}
PARTS = list(PART_REQUESTS)
SOURCES_PER_PART = 6
SOURCE_CHARS = 300
MAX_TOKENS = 120
FLAG_NOTE_MAX = 500


def comment_sources(*, use_case: UseCase, comments: list[Comment]) -> list[Source]:
    """Numbered sources from comments: only visible ones of this use case are kept."""
    allowed = set(
        selectors.synthesis_visible_comments(use_case=use_case)
        .filter(pk__in=[c.pk for c in comments])
        .values_list("pk", flat=True)
    )
    base = use_case.get_absolute_url()
    kept = [c for c in comments if c.pk in allowed]
    return [
        Source(
            number=i,
            text=c.body[:SOURCE_CHARS],
            key=str(c.pk),
            label=_("comment #%(n)s") % {"n": c.pk},
            url=f"{base}#comment-{c.pk}",
        )
        for i, c in enumerate(kept, start=1)
    ]


def _part_comments(part: str, comments: list[Comment]) -> list[Comment]:
    if part == "for":
        chosen = [c for c in comments if c.alignment == Alignment.FOR]
    elif part == "against":
        chosen = [c for c in comments if c.alignment == Alignment.AGAINST]
    elif part == "questions":
        chosen = [c for c in comments if "?" in c.body]
    else:
        chosen = comments
    return sorted(chosen, key=lambda c: (-c.score, c.pk))[:SOURCES_PER_PART]


def _sentence_dict(sentence, key: str) -> dict:
    return {
        "id": key,
        "text": sentence.text,
        "comment_ids": [int(s.key) for s in sentence.sources],
        "quotes": sentence.quotes,
    }


def synthesis_themes(*, use_case: UseCase) -> list[dict]:
    """The debate's themes: visible comments grouped by TF-IDF + k-means (no model)."""
    comments = list(
        selectors.synthesis_visible_comments(use_case=use_case).only(
            "pk", "body", "alignment", "score", "use_case_id"
        )
    )
    themes = themes_find([c.body for c in comments])
    return [
        {
            "key": f"t{t.index + 1}",
            "keywords": t.keywords,
            "comments": [comments[i] for i in t.members],
        }
        for t in themes
    ]


def synthesis_draft_build(*, use_case: UseCase, user=None) -> dict:
    """Draft every theme's parts on the model and verify them; returns the draft structure."""
    started = time.monotonic()
    tokens = 0
    themes_out = []
    all_ids: set[int] = set()
    cited_all: set[int] = set()
    dropped_total = 0
    for theme in synthesis_themes(use_case=use_case):
        ids = [c.pk for c in theme["comments"]]
        all_ids.update(ids)
        parts: dict[str, list[dict]] = {}
        dropped: dict[str, int] = {}
        cited: set[int] = set()
        for part in PARTS:
            sources = comment_sources(
                use_case=use_case, comments=_part_comments(part, theme["comments"])
            )
            if not sources:
                parts[part] = []
                continue
            messages = grounded_messages(
                instructions=INSTRUCTIONS, request=PART_REQUESTS[part], sources=sources
            )
            summary = None
            for name, data in grounded_events(
                model_events(
                    messages=messages, purpose="synthesis", max_tokens=MAX_TOKENS, user=user
                ),
                sources,
            ):
                if name == "usage":
                    tokens += int(data.get("total_tokens") or 0)
                elif name == "grounded":
                    summary = data
                elif name == "error":
                    raise ApplicationError(data["message"], code=data.get("code"), status=503)
            answer = citations_verify(summary["raw"] if summary else "", sources)
            parts[part] = [
                _sentence_dict(s, f"{theme['key']}.{part}.{i}")
                for i, s in enumerate(answer.sentences)
            ]
            for d in answer.dropped:
                dropped[d.reason] = dropped.get(d.reason, 0) + 1
            for s in parts[part]:
                cited.update(s["comment_ids"])
        cited_all.update(cited)
        dropped_total += sum(dropped.values())
        themes_out.append(
            {
                "key": theme["key"],
                "keywords": theme["keywords"],
                "comment_ids": ids,
                "parts": parts,
                "cited_ids": sorted(cited),
                "coverage": round(len(cited) / len(ids), 3) if ids else 0.0,
                "dropped": dropped,
            }
        )
    return {
        "instructions_version": INSTRUCTIONS_VERSION,
        "themes": themes_out,
        "comment_count": len(all_ids),
        "coverage": round(len(cited_all) / len(all_ids), 3) if all_ids else 0.0,
        "dropped_total": dropped_total,
        "tokens": tokens,
        "duration_ms": round((time.monotonic() - started) * 1000),
    }


def synthesis_request(*, user, use_case: UseCase) -> Synthesis:
    """A moderator or an elected official asks for a new draft (drafted in the background)."""
    policies.synthesis_review_check(user=user)
    if Synthesis.objects.filter(use_case=use_case, status=SynthesisStatus.PENDING).exists():
        raise Conflict(_("A synthesis of this debate is already being drafted."))
    rate_limit_check(scope="syntheses", user=user)
    return _synthesis_queue(use_case=use_case, user=user)


def _synthesis_queue(*, use_case: UseCase, user=None) -> Synthesis:
    with transaction.atomic():
        synthesis = Synthesis.objects.create(
            use_case=use_case,
            requested_by=user,
            model_name=model_name(),
            instructions_version=INSTRUCTIONS_VERSION,
        )
        task_send_on_commit("consultation.synthesis_draft", synthesis.pk)
    return synthesis


def syntheses_on_debate_close(*, consultation) -> int:
    """When voting closes, every use case with a debate gets a draft to review."""
    count = 0
    for use_case in consultation.use_cases.all():
        if selectors.synthesis_visible_comments(use_case=use_case).exists():
            _synthesis_queue(use_case=use_case)
            count += 1
    return count


def synthesis_draft(*, synthesis_id: int) -> Synthesis | None:
    """Draft a pending synthesis (the task calls this)."""
    synthesis = Synthesis.objects.select_related("use_case").filter(pk=synthesis_id).first()
    if synthesis is None or synthesis.status != SynthesisStatus.PENDING:
        return synthesis
    last = (
        selectors.synthesis_visible_comments(use_case=synthesis.use_case)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    try:
        draft = synthesis_draft_build(use_case=synthesis.use_case, user=synthesis.requested_by)
    except ApplicationError as exc:
        synthesis.status, synthesis.error = SynthesisStatus.FAILED, exc.message[:300]
        synthesis.save(update_fields=["status", "error"])
        return synthesis
    synthesis.draft = draft
    synthesis.published = draft
    synthesis.comment_count = draft["comment_count"]
    synthesis.last_comment_id = last or 0
    synthesis.tokens = draft["tokens"]
    synthesis.duration_ms = draft["duration_ms"]
    synthesis.status = SynthesisStatus.DRAFT
    synthesis.save()
    return synthesis


def sentences_of(structure: dict) -> list[dict]:
    return [
        s
        for theme in structure.get("themes", [])
        for part in PARTS
        for s in theme["parts"].get(part, [])
    ]


def synthesis_text(structure: dict) -> str:
    """The plain text of a synthesis, one sentence per line (for the draft/published diff)."""
    return "\n".join(s["text"] for s in sentences_of(structure))


def sentence_recheck(*, use_case: UseCase, sentence: dict) -> str | None:
    """Check one sentence against the comments as they are now: None when it holds, else the
    reason (a cited comment is hidden or not of this debate, a quote is not verbatim…)."""
    ids = [int(i) for i in sentence.get("comment_ids", [])]
    if not ids:
        return "no_citation"
    comments = list(
        selectors.synthesis_visible_comments(use_case=use_case).filter(pk__in=ids).order_by("pk")
    )
    if len(comments) != len(set(ids)):
        return "unknown_source"
    sources = comment_sources(use_case=use_case, comments=comments)
    markers = ", ".join(str(s.number) for s in sources)
    checked = sentence_verify(f"{sentence['text']} [{markers}]", sources)
    return getattr(checked, "reason", None)


def synthesis_publish(
    *, user, synthesis: Synthesis, edits: dict[str, str], reviewer_title: str
) -> Synthesis:
    """Apply the reviewer's edits (empty = removed), re-verify every sentence, sign, publish."""
    policies.synthesis_review_check(user=user)
    if synthesis.status not in (SynthesisStatus.DRAFT, SynthesisStatus.PUBLISHED):
        raise Conflict(_("This synthesis has no draft to sign off yet."))
    published = {**synthesis.draft, "themes": []}
    failures = []
    for theme in synthesis.draft.get("themes", []):
        parts = {}
        for part in PARTS:
            kept = []
            for sentence in theme["parts"].get(part, []):
                text = text_normalise(edits.get(sentence["id"], sentence["text"])).strip()
                if not text:
                    continue
                edited = {**sentence, "text": text}
                reason = sentence_recheck(use_case=synthesis.use_case, sentence=edited)
                if reason:
                    failures.append((text, reason))
                kept.append(edited)
            parts[part] = kept
        cited = {i for part in parts.values() for s in part for i in s["comment_ids"]}
        published["themes"].append(
            {
                **theme,
                "parts": parts,
                "cited_ids": sorted(cited),
                "coverage": round(len(cited) / len(theme["comment_ids"]), 3)
                if theme["comment_ids"]
                else 0.0,
            }
        )
    if failures:
        from inference_bridge.grounding import DROP_REASONS

        text, reason = failures[0]
        raise InvalidInput(
            _("This sentence no longer holds (%(reason)s): “%(text)s”. Edit or remove it.")
            % {"reason": DROP_REASONS.get(reason, reason), "text": text[:200]},
            code="unverified_sentence",
        )
    if not reviewer_title.strip():
        raise InvalidInput(_("Sign with your name and office."), code="reviewer_title")
    synthesis.published = published
    synthesis.status = SynthesisStatus.PUBLISHED
    synthesis.reviewed_by = user
    synthesis.reviewer_title = reviewer_title.strip()[:160]
    synthesis.published_at = timezone.now()
    synthesis.save()
    return synthesis


def synthesis_is_outdated(*, synthesis: Synthesis) -> bool:
    """New visible comments since the draft: the published text is marked "to be updated"."""
    return (
        selectors.synthesis_visible_comments(use_case=synthesis.use_case)
        .filter(pk__gt=synthesis.last_comment_id)
        .exists()
    )


def synthesis_flag(*, user, synthesis: Synthesis, sentence_id: str, details: str) -> SynthesisFlag:
    """A resident says a sentence misrepresents their view: it goes to the reviewers' queue."""
    policies.synthesis_flag_check(user=user, consultation=synthesis.use_case.consultation)
    if not synthesis.is_published:
        raise NotFound()
    sentence = next((s for s in sentences_of(synthesis.published) if s["id"] == sentence_id), None)
    if sentence is None:
        raise InvalidInput(_("Choose the sentence that misrepresents your view."), code="sentence")
    rate_limit_check(scope="reports", user=user)
    flag, created = SynthesisFlag.objects.get_or_create(
        synthesis=synthesis,
        reporter=user,
        sentence=sentence_id,
        defaults={"details": details, "sentence_text": sentence["text"]},
    )
    if not created:
        raise Conflict(_("You have already flagged this sentence."))
    return flag


def synthesis_flag_resolve(*, user, flag: SynthesisFlag, note: str = "") -> SynthesisFlag:
    """A reviewer closes a resident's flag, with an optional reply: who and when are kept on
    the flag and in the audit trail, and the resident is told (through the outbox)."""
    policies.synthesis_flag_resolve_check(user=user, flag=flag)
    note = text_normalise(note or "").strip()
    if len(note) > FLAG_NOTE_MAX:
        raise InvalidInput(
            _("Keep the reply under %(n)s characters (it has %(m)s).")
            % {"n": FLAG_NOTE_MAX, "m": len(note)},
            code="note",
        )
    with transaction.atomic():
        flag = (
            SynthesisFlag.objects.select_for_update()
            .select_related("synthesis__use_case")
            .get(pk=flag.pk)
        )
        if flag.status == SynthesisFlagStatus.RESOLVED:
            raise Conflict(_("This flag is already resolved."), code="already_resolved")
        flag.status = SynthesisFlagStatus.RESOLVED
        flag.resolved_by = user
        flag.resolved_at = timezone.now()
        flag.resolution_note = note
        flag.save(update_fields=["status", "resolved_by", "resolved_at", "resolution_note"])
        audit(
            actor=user,
            action=ConsultationAuditAction.SYNTHESIS_FLAG_RESOLVED,
            target=flag,
            summary=note,
            data={"synthesis": flag.synthesis_id, "sentence": flag.sentence},
        )
        title = flag.synthesis.use_case.title
        body = _(
            "A reviewer has looked at the sentence you flagged in the synthesis of the debate."
        )
        if note:
            body += "\n" + _("Their reply: %(note)s") % {"note": note}
        notify(
            recipient_ids=[flag.reporter_id],
            kind=NotificationKind.SYNTHESIS,
            subject=_("Your flag on the synthesis of “%(title)s”") % {"title": title},
            body=body,
            url=absolute_url(f"{flag.synthesis.get_absolute_url()}#s-{flag.sentence}"),
        )
    return flag


def synthesis_settings_used() -> dict:
    return {"model": model_name(), "alias": settings.INFERENCE_DEFAULT_MODEL}
