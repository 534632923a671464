"""Reading and writing `core.models.Translation`: the one storage of other-language versions.

Apps call these with their own objects; core knows none of them. A translation is *current*
when it was made from the text the object holds now (same `source_hash`): an edited source
makes every older translation stale without deleting it. Among the current ones, a version by
a person wins over the automatic one.
"""

from __future__ import annotations

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from core.models import Translation, TranslationOrigin, TranslationStatus
from core.text import text_normalise

PLAIN_FRENCH = "fr-plain"


def source_hash(text: str) -> str:
    """The fingerprint of a source text; line endings and trailing spaces do not count."""
    return hashlib.sha256(text_normalise(str(text or "")).encode()).hexdigest()


def _key(obj: models.Model) -> tuple[ContentType, str]:
    return ContentType.objects.get_for_model(obj, for_concrete_model=True), str(obj.pk)


def translations_current(
    *, obj: models.Model, sources: dict[str, str], language: str
) -> dict[str, Translation]:
    """{field: the translation to show} for the fields whose translation matches `sources`
    (field → the object's current text). One query; human versions win; pending or failed
    automatic rows are returned too, so a page can show their state."""
    content_type, object_id = _key(obj)
    rows = Translation.objects.filter(
        content_type=content_type, object_id=object_id, language=language, field__in=sources
    ).select_related("reviewed_by")
    best: dict[str, Translation] = {}
    for row in rows:
        if row.source_hash != source_hash(sources[row.field]):
            continue
        held = best.get(row.field)
        if held is None or _rank(row) > _rank(held):
            best[row.field] = row
    return best


def _rank(row: Translation) -> int:
    ready = row.status == TranslationStatus.READY
    return (2 if row.origin == TranslationOrigin.HUMAN and ready else 0) + (1 if ready else 0)


def translations_for_many(
    *, objects: list[models.Model], field: str, source_of, language: str
) -> dict[object, Translation]:
    """{obj.pk: translation} of one field for a list of objects of one model (one query)."""
    if not objects:
        return {}
    content_type = ContentType.objects.get_for_model(objects[0], for_concrete_model=True)
    by_id = {str(o.pk): o for o in objects}
    best: dict[object, Translation] = {}
    for row in Translation.objects.filter(
        content_type=content_type, object_id__in=by_id, field=field, language=language
    ).select_related("reviewed_by"):
        obj = by_id[row.object_id]
        if row.source_hash != source_hash(source_of(obj)):
            continue
        held = best.get(obj.pk)
        if held is None or _rank(row) > _rank(held):
            best[obj.pk] = row
    return best


def translation_save(
    *,
    obj: models.Model,
    field: str,
    language: str,
    text: str,
    source_text: str,
    origin: str = TranslationOrigin.MACHINE,
    status: str = TranslationStatus.READY,
    model_name: str = "",
    reviewer=None,
) -> Translation:
    """Write (or overwrite) the `origin` version of one field in one language."""
    content_type, object_id = _key(obj)
    now = timezone.now()
    row, _created = Translation.objects.update_or_create(
        content_type=content_type,
        object_id=object_id,
        field=field,
        language=language,
        origin=origin,
        defaults={
            "text": text_normalise(text),
            "source_hash": source_hash(source_text),
            "status": status,
            "model_name": model_name,
            "reviewed_by": reviewer,
            "reviewed_at": now if reviewer is not None else None,
            "updated_at": now,
        },
    )
    return row


def translations_save_reviewed(
    *, obj: models.Model, texts: dict[str, str], language: str, reviewer, source=None
) -> None:
    """A person's versions of several fields of `obj`, each made from the text `source` (the
    object itself unless given, e.g. a record's published version) holds now."""
    source = obj if source is None else source
    for field, text in texts.items():
        translation_save(
            obj=obj,
            field=field,
            language=language,
            text=text,
            source_text=getattr(source, field),
            origin=TranslationOrigin.HUMAN,
            reviewer=reviewer,
        )
