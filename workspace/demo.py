"""Demo content of the workspace: the starter assistants, published (so their register records
exist as drafts). Idempotent: an assistant whose slug exists is left as it is."""

from __future__ import annotations

from workspace.evaluation.golden import golden_cases_sync
from workspace.models import Assistant, InputKind, OutputForm, TaskKind

LANGUAGE = "Écris dans la langue du texte source."

STARTERS = [
    {
        "slug": "resumer-un-document",
        "name": "Résumer un document",
        "purpose": "Résumer un document long, chaque partie du résumé citant ses pages.",
        "instructions": (
            "Tu es un assistant de la Ville qui résume des documents administratifs pour les "
            f"agents. Reprends seulement ce que dit le texte, sans rien ajouter. {LANGUAGE}"
        ),
        "input_kind": InputKind.DOCUMENT,
        "task_kind": TaskKind.SUMMARY,
        "max_tokens": 160,
        "data_processed": "Documents de travail déposés par les agents (rapports, notes, délibérations).",
    },
    {
        "slug": "langage-clair",
        "name": "Réécrire en langage clair (FALC)",
        "purpose": "Réécrire un texte administratif en français facile à lire et à comprendre.",
        "instructions": (
            "Réécris le texte en français facile à lire et à comprendre : phrases courtes, "
            "mots simples, une idée par phrase, sans rien ajouter ni retirer d'important. "
            "Écris seulement le texte réécrit."
        ),
        "input_kind": InputKind.TEXT,
        "task_kind": TaskKind.PLAIN_LANGUAGE,
        "max_tokens": 256,
        "data_processed": "Textes collés par les agents (courriers, pages, affiches).",
    },
    {
        "slug": "traduire",
        "name": "Traduire français ↔ anglais",
        "purpose": "Traduire un texte du français vers l'anglais ou de l'anglais vers le français.",
        "instructions": "You are a careful translator for a city administration.",
        "input_kind": InputKind.TEXT,
        "task_kind": TaskKind.TRANSLATE,
        "max_tokens": 256,
        "data_processed": "Textes collés par les agents.",
    },
    {
        "slug": "brouillon-de-reponse",
        "name": "Brouillon de réponse à un usager",
        "purpose": (
            "Proposer un brouillon de réponse au message d'un usager ; l'agent le relit, le "
            "modifie et l'envoie lui-même (le site n'envoie rien)."
        ),
        "instructions": (
            "Rédige un brouillon de réponse courtois et précis au message d'un usager, au nom "
            "du service, en vouvoyant. Ne promets rien que le message ne permette de promettre. "
            "Termine par une formule de politesse. Écris seulement la réponse."
        ),
        "input_kind": InputKind.TEXT,
        "task_kind": TaskKind.REPLY,
        "max_tokens": 256,
        "data_processed": "Messages d'usagers collés par les agents (peuvent contenir des données personnelles).",
    },
    {
        "slug": "extraire-decisions",
        "name": "Extraire décisions, actions et dates d'un compte rendu",
        "purpose": "Lister les décisions, actions et échéances d'un compte rendu de réunion, dans un tableau.",
        "instructions": (
            "Tu relèves dans un compte rendu de réunion les décisions prises, les actions "
            f"confiées et les dates. Reprends les mots du texte. {LANGUAGE}"
        ),
        "input_kind": InputKind.DOCUMENT,
        "output_form": OutputForm.TABLE,
        "task_kind": TaskKind.EXTRACT,
        "max_tokens": 160,
        "data_processed": "Comptes rendus de réunion déposés par les agents.",
    },
    {
        "slug": "questions-sur-une-collection",
        "name": "Questions sur une collection de documents",
        "purpose": (
            "Répondre à une question à partir des documents d'une collection, en citant les "
            "passages utilisés ; dire quand les documents ne contiennent pas la réponse."
        ),
        "instructions": (
            "Tu réponds aux questions des agents à partir des documents de la Ville seulement. "
            f"Réponds en deux ou trois phrases. {LANGUAGE}"
        ),
        "input_kind": InputKind.COLLECTION,
        "task_kind": TaskKind.QA,
        "max_tokens": 160,
        "data_processed": "Documents des collections partagées par les services.",
    },
]


def assistants_seed() -> list[Assistant]:
    """Create and publish the starter assistants that do not exist yet."""
    created = []
    for order, data in enumerate(STARTERS):
        if Assistant.objects.filter(slug=data["slug"]).exists():
            continue
        assistant = Assistant(order=order, temperature=0.2, **data)
        assistant.live = False
        assistant.save()
        assistant.save_revision().publish()
        created.append(assistant)
    return created


def seed(*, stdout=None) -> None:
    created = assistants_seed()
    if stdout is not None:
        stdout.write(f"  workspace: {len(created)} starter assistants published")
    # Their golden sets (workspace/golden/<slug>.yaml), for `manage.py workspace_evaluate`.
    cases = sum(golden_cases_sync(assistant=a) for a in Assistant.objects.all())
    if stdout is not None:
        stdout.write(f"  workspace: {cases} golden cases loaded")
