"""Reads of the workspace shared with its views, the other workspace parts and the observatory.

`passages_search` and `document_sections` are the interface the assistants build on
(/work/wt/WORKSPACE.md): hits carry the decrypted text and a link to the page or section.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, Count, FloatField, Q, QuerySet, When
from django.db.models.functions import Cast

from workspace import policies
from workspace.documents.retrieval import USABLE, passages_ranked
from workspace.models import (
    AnchorKind,
    Assistant,
    Collection,
    Document,
    Passage,
    Rating,
    Run,
    RunStatus,
)


@dataclass(frozen=True)
class PassageHit:
    passage_id: int
    document_id: int
    document_title: str
    label: str
    page: int | None
    text: str
    url: str
    score: float
    section: int | None = None


@dataclass(frozen=True)
class Section:
    text: str
    page_from: int
    page_to: int
    label: str
    anchor: str = ""


def documents_visible(*, user) -> QuerySet[Document]:
    if not policies.workspace_allowed(user):
        return Document.objects.none()
    ids = Document.objects.filter(policies.documents_visible_q(user)).values("pk")
    return Document.objects.filter(pk__in=ids)


def collections_visible(*, user) -> QuerySet[Collection]:
    if not policies.workspace_allowed(user):
        return Collection.objects.none()
    return Collection.objects.filter(policies.collections_visible_q(user))


def documents_of(*, user) -> QuerySet[Document]:
    """The user's own documents, with their passage counts (one query for the list)."""
    return Document.objects.filter(owner=user).annotate(passage_count=Count("passages"))


def collections_for(*, user) -> QuerySet[Collection]:
    return (
        collections_visible(user=user)
        .select_related("owner")
        .annotate(document_count=Count("documents", distinct=True))
    )


def passages_search(
    *, user, query: str, collection=None, document=None, limit: int = 8
) -> list[PassageHit]:
    """Best passages for `query` among those the user may see (optionally one collection or
    one document), best first. Empty when nothing matches or access is refused."""
    if not policies.workspace_allowed(user) or not (query or "").strip():
        return []
    documents = Document.objects.filter(policies.documents_visible_q(user), status__in=USABLE)
    if collection is not None:
        if not policies.collection_visible(user, collection):
            return []
        documents = documents.filter(collections=collection)
    if document is not None:
        if not policies.document_visible(user, document):
            return []
        documents = documents.filter(pk=document.pk)
    passages = Passage.objects.filter(document_id__in=documents.values("pk"))
    ranked = passages_ranked(passages, query, limit)
    if not ranked:
        return []
    by_pk = {
        p.pk: p
        for p in Passage.objects.filter(pk__in=[pk for pk, _ in ranked]).select_related("document")
    }
    hits = []
    for pk, score in ranked:
        p = by_pk.get(pk)
        if p is None:
            continue
        hits.append(
            PassageHit(
                passage_id=p.pk,
                document_id=p.document_id,
                document_title=p.document.title,
                label=p.label,
                page=p.page,
                text=p.text,
                url=p.get_absolute_url(),
                score=score,
                section=p.section,
            )
        )
    return hits


def _range_label(kind: str, first: int, last: int) -> str:
    if kind == AnchorKind.PAGE:
        return f"p. {first}" if first == last else f"pp. {first}–{last}"
    return f"§ {first}" if first == last else f"§§ {first}–{last}"


def document_sections(*, document: Document, max_chars: int) -> list[Section]:
    """The document's text in consecutive parts of at most `max_chars` (a longer passage is a
    part alone), each with its page (or section) range. The caller checks access
    (`policies.document_visible`)."""
    sections: list[Section] = []
    buffer: list[str] = []
    first = last = None
    size = 0

    def flush():
        if buffer:
            sections.append(
                Section(
                    text="\n\n".join(buffer),
                    page_from=first,
                    page_to=last,
                    label=_range_label(document.anchor_kind, first, last),
                    anchor=(
                        f"page-{first}"
                        if document.anchor_kind == AnchorKind.PAGE
                        else f"section-{first}"
                    ),
                )
            )

    for passage in document.passages.order_by("position").only("page", "section", "text"):
        number = passage.page if passage.page is not None else (passage.section or 0)
        length = len(passage.text)
        if buffer and size + length + 2 > max_chars:
            flush()
            buffer, size, first = [], 0, None
        if first is None:
            first = number
        buffer.append(passage.text)
        last = number
        size += length + 2
    flush()
    return sections


def document_units(*, document: Document) -> list[dict]:
    """The extracted text grouped by page or section, for the document page (anchors)."""
    import json

    titles = {item["n"]: item["title"] for item in json.loads(document.outline or "[]")}
    units: list[dict] = []
    for passage in document.passages.order_by("position").only(
        "page", "section", "label", "text", "position"
    ):
        number = passage.page if passage.page is not None else (passage.section or 0)
        if not units or units[-1]["number"] != number:
            units.append(
                {
                    "number": number,
                    "anchor": passage.anchor,
                    "label": passage.label,
                    "title": titles.get(number, ""),
                    "passages": [],
                }
            )
        units[-1]["passages"].append(passage.text)
    return units


def collection_documents(*, user, collection: Collection) -> QuerySet[Document]:
    """Documents of a collection that the user may see (all of them, for a visible one)."""
    return collection.documents.filter(
        Q(pk__in=Document.objects.filter(policies.documents_visible_q(user)).values("pk"))
    ).select_related("owner")


# --- Assistants and runs -------------------------------------------------------------------


def _used_share(used, rated):
    """SQL: used ÷ rated as a fraction, NULL when nothing was rated."""
    return Case(
        When(**{f"{rated}__gt": 0}, then=Cast(used, FloatField()) / Cast(rated, FloatField())),
        default=None,
        output_field=FloatField(),
    )


def assistant_indicators() -> dict:
    """The observatory's workspace section: per live assistant, finished runs and the agents'
    ratings of the outputs (used as is, edited, discarded) with the share used as is among the
    rated ones; the same over every assistant. Counted by SQL aggregates (one query per
    level), never by loading runs."""
    counts = {
        "rated": Count("runs", filter=~Q(runs__rating="")),
        "used": Count("runs", filter=Q(runs__rating=Rating.USED)),
        "edited": Count("runs", filter=Q(runs__rating=Rating.EDITED)),
        "discarded": Count("runs", filter=Q(runs__rating=Rating.DISCARDED)),
    }
    rows = (
        Assistant.objects.filter(live=True)
        .annotate(runs_done=Count("runs", filter=Q(runs__status=RunStatus.DONE)), **counts)
        .annotate(used_share=_used_share("used", "rated"))
        .order_by("order", "name")
        .values("slug", "name", "runs_done", "rated", "used", "edited", "discarded", "used_share")
    )
    overall = Run.objects.aggregate(
        runs=Count("pk"),
        rated=Count("pk", filter=~Q(rating="")),
        used=Count("pk", filter=Q(rating=Rating.USED)),
    )
    share = overall["used"] / overall["rated"] if overall["rated"] else None
    return {
        "assistants": [{**row, "used_share": _rounded(row["used_share"])} for row in rows],
        "runs": overall["runs"],
        "rated": overall["rated"],
        "used": overall["used"],
        "used_share": _rounded(share),
    }


def _rounded(share: float | None) -> float | None:
    return None if share is None else round(share, 3)
