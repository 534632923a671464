"""Other-language versions of register records, read from `core.models.Translation`.

Translations point at the record (`AISystem`, stable across versions) and carry the hash of
the French text they were made from: a new published version that changes a field makes that
field's translation stale, and the page shows the original again (with its language marked)
until someone translates it anew. The register never produces translations itself (it does not
know the city's model): reviewed ones are seeded or written by people, automatic ones come from
the consultation's translation service.
"""

from django.utils.translation import get_language

from core.translations import translations_current
from register.models import AISystem, AISystemVersion

#: Fields written by the editors in the record's language, which a translation may replace.
RECORD_TRANSLATABLE_FIELDS = (
    "name",
    "short_description",
    "purpose",
    "expected_impact",
    "people_affected",
    "proportionality",
    "alternatives_considered",
    "retirement_reason",
    "output_type",
    "technical_description",
    "performance_monitoring",
    "supplier_role",
    "transparency_limitations",
    "energy_hosting",
    "training_data",
    "live_data",
    "known_biases",
    "risks_mitigations",
    "human_oversight",
    "recourse_procedure",
    "legal_basis",
    "transparency_notice",
)


def record_translations(*, system: AISystem, version: AISystemVersion) -> dict[str, str]:
    """{field: translated text} in the reader's language, for the fields with a current,
    ready translation; {} when the page is in the record's own language."""
    language = (get_language() or "").split("-")[0]
    if not language or language == version.language:
        return {}
    sources = {
        f: str(getattr(version, f) or "")
        for f in RECORD_TRANSLATABLE_FIELDS
        if getattr(version, f, None)
    }
    return {
        field: row.text
        for field, row in translations_current(
            obj=system, sources=sources, language=language
        ).items()
        if row.status == "ready" and row.text
    }
