"""Demo seed of the workspace: the starter assistants, published (so their register records
exist as drafts; an assistant whose slug exists is left as it is), and one collection shared
with the demo agent's department, with short municipal documents written for the
demonstration (fictional texts, no real person)."""

from accounts.demo import demo_email
from accounts.models import User
from workspace.documents import services
from workspace.evaluation.golden import golden_cases_sync
from workspace.models import Assistant, Collection, InputKind, OutputForm, TaskKind

COLLECTION_TITLE = "Démo — documents de la direction"

DOCUMENTS = [
    (
        "compte-rendu-conseil-quartier.md",
        "Compte rendu du conseil de quartier Belleville (démo)",
        """# Compte rendu du conseil de quartier Belleville

Réunion du 14 octobre, salle des fêtes de la mairie du 20e arrondissement, de 19 h à 21 h.
Trente-deux habitantes et habitants présents, deux élus, trois agents de la Ville.

## Végétalisation de la rue de Belleville

Le conseil a examiné le projet de végétalisation du haut de la rue de Belleville : douze
arbres en pleine terre et quatre jardinières partagées. Décision : le conseil émet un avis
favorable, sous réserve que les livraisons restent possibles le matin. Action : la direction
des espaces verts présente un plan modifié avant le 30 novembre.

## Horaires de la bibliothèque Couronnes

Plusieurs habitants demandent une ouverture le dimanche. La Ville étudie une ouverture
le dimanche après-midi de 13 h à 18 h à partir de janvier, à titre d'essai pendant six mois.
Action : la bibliothèque recense les besoins en personnel avant le 15 décembre.

## Questions diverses

Le prochain conseil de quartier aura lieu le 9 décembre à 19 h. Les habitants peuvent
envoyer leurs questions à l'avance par le formulaire en ligne de la mairie.
""",
    ),
    (
        "avis-travaux-voirie.txt",
        "Avis de travaux : réfection de la chaussée, boulevard de Ménilmontant (démo)",
        """# Avis aux riverains

Des travaux de réfection de la chaussée auront lieu boulevard de Ménilmontant, entre la rue
Oberkampf et la rue des Panoyaux, du lundi 3 au vendredi 21 février, de 8 h à 17 h.

# Circulation et stationnement

La circulation sera réduite à une voie dans chaque sens. Le stationnement sera interdit
sur la zone des travaux ; les places de livraison sont déplacées rue des Panoyaux. Les
lignes de bus 96 et 61 sont déviées, les arrêts provisoires sont signalés sur place.

# Contact

Pour toute question, les riverains peuvent contacter la section territoriale de voirie
du 20e arrondissement, du lundi au vendredi de 9 h à 12 h.
""",
    ),
    (
        "note-accueil-usagers.html",
        "Note de service : accueil des usagers en mairie d'arrondissement (démo)",
        """<!doctype html><html lang="fr"><head><title>Note de service</title></head><body>
<h1>Accueil des usagers en mairie d'arrondissement</h1>
<p>À compter du 1er mars, l'accueil des usagers se fait sans rendez-vous du lundi au
vendredi de 8 h 30 à 17 h, et le jeudi jusqu'à 19 h 30.</p>
<h2>Demandes de titres d'identité</h2>
<p>Les demandes de carte nationale d'identité et de passeport se font uniquement sur
rendez-vous, pris en ligne ou par téléphone au 3975. Le délai moyen est de trois semaines.</p>
<h2>Accessibilité</h2>
<p>Un agent formé à l'accueil des personnes en situation de handicap est présent à chaque
ouverture. Une boucle magnétique est disponible au guichet principal.</p>
</body></html>""",
    ),
]


def documents_seed(*, stdout) -> None:
    agent = User.objects.filter(email=demo_email("agent")).first()
    if agent is None or Collection.objects.filter(owner=agent, title=COLLECTION_TITLE).exists():
        return
    collection = services.collection_create(
        owner=agent,
        title=COLLECTION_TITLE,
        description="Documents fictifs écrits pour la démonstration de l'espace de travail.",
    )
    services.collection_share(user=agent, collection=collection, shared=True)
    for name, title, text in DOCUMENTS:
        document = services.document_upload(
            owner=agent, name=name, data=text.encode("utf-8"), title=title, collection=collection
        )
        services.document_extract(document_id=document.pk)
    if stdout is not None:
        stdout.write(f"workspace: 1 shared collection, {len(DOCUMENTS)} documents\n")


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


def seed(*, stdout) -> None:
    created = assistants_seed()
    # Their golden sets (workspace/golden/<slug>.yaml), for `manage.py workspace_evaluate`.
    cases = sum(golden_cases_sync(assistant=a) for a in Assistant.objects.all())
    if stdout is not None:  # tests seed quietly
        stdout.write(f"workspace: {len(created)} starter assistants published\n")
        stdout.write(f"workspace: {cases} golden cases loaded\n")
    documents_seed(stdout=stdout)
