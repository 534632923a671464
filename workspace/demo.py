"""Demo seed: one collection shared with the demo agent's department, with short municipal
documents written for the demonstration (fictional texts, no real person)."""

from accounts.demo import demo_email
from accounts.models import User
from workspace.documents import services
from workspace.models import Collection

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


def seed(*, stdout) -> None:
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
    stdout.write(f"workspace: 1 shared collection, {len(DOCUMENTS)} documents\n")
