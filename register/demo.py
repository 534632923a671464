"""Demo content: fictional Paris AI systems, every status and risk level, with history.

Everything here is fictional (marked so in each record). Idempotent: existing slugs are
skipped, so a second run is fast.
"""

import datetime
from decimal import Decimal
from pathlib import Path

import yaml
from django.utils import timezone, translation

from accounts.demo import demo_email
from accounts.models import User
from core.translations import translations_save_reviewed
from register import services
from register.federation import remote_register_import
from register.models import (
    AISystem,
    HiddenAlgorithmDeclaration,
    Incident,
    RecourseRequest,
    RemoteRegister,
)
from register.questionnaire import risk_level_assess
from register.translations import RECORD_TRANSLATABLE_FIELDS

ORG = "Ville de Paris"
FICTION = " (Fiche fictive de démonstration.)"
RECOURSE = (
    "Toute personne concernée par une décision prise avec l'aide de ce système peut demander "
    "qu'un agent la réexamine, depuis cette page ou par courrier à la direction concernée. "
    "Réponse sous un mois ; à défaut, saisine possible de la CADA."
)
LEGAL = (
    "Code général des collectivités territoriales ; RGPD art. 6(1)(e) (mission d'intérêt public)."
)
LINKS = (
    "https://www.legifrance.gouv.fr/codes/id/LEGITEXT000006070633/\n"
    "https://eur-lex.europa.eu/eli/reg/2024/1689/oj"
)

NO = {
    "is_ai_system": "yes",
    "role": "deployer",
    "prohibited_practice": "no",
    "annex_i_safety_component": "no",
    "annex_iii_area": "",
    "profiling": "no",
    "interacts_with_people": "no",
    "generates_content": "no",
    "publishes_text": "no",
}


def answers(**overrides) -> dict:
    return {**NO, **overrides}


SYSTEMS = [
    {
        "slug": "paris-repond-assistant-conversationnel",
        "name": "« Paris Répond » : assistant conversationnel d'information",
        "short_description": "Un assistant en ligne répond aux questions courantes des Parisiennes et Parisiens sur les démarches (état civil, stationnement, inscriptions)."
        + FICTION,
        "department": "Direction de la démocratie, des citoyen·nes et des territoires",
        "status": "in_use",
        "theme": "citizen_relations",
        "algorithm_type": "generative",
        "purpose": "Répondre de jour comme de nuit aux questions simples et orienter vers la bonne démarche.",
        "expected_impact": "Moins d'attente au 3975 pour les questions simples ; les agents se consacrent aux situations complexes.",
        "human_oversight": "Les réponses s'appuient uniquement sur les fiches de paris.fr ; un agent relit chaque semaine un échantillon de conversations. Un bouton « parler à un agent » est toujours affiché.",
        "automation_level": "informative",
        "output_type": "Texte de réponse avec liens vers les fiches sources",
        "technical_description": "Modèle de langage ouvert hébergé par la Ville, avec recherche dans les fiches pratiques (RAG).",
        "live_data": "Questions saisies par les usagers (conservées 30 jours, sans identifiant).",
        "transparency_notice": "Bandeau « Vous échangez avec un assistant automatique » au début de chaque conversation.",
        "risks_mitigations": "Réponses inexactes : sources citées, périmètre limité aux démarches, relecture hebdomadaire.",
        "energy_hosting": "Serveurs de la Ville (Paris 13e), environ 0,3 Wh par réponse.",
        "answers": answers(interacts_with_people="yes", generates_content="yes"),
        "v2": (
            {
                "decisions_per_year": None,
                "people_affected": "Environ 40 000 conversations par mois",
            },
            "Volume d'usage mis à jour",
        ),
    },
    {
        "slug": "traduction-guichets-accueil",
        "name": "Traduction instantanée aux guichets d'accueil",
        "short_description": "Une tablette traduit à voix haute l'échange entre un agent d'accueil et un usager qui ne parle pas français."
        + FICTION,
        "department": "Direction de l'action sociale, de l'enfance et de la santé",
        "status": "pilot",
        "theme": "social",
        "algorithm_type": "machine_learning",
        "purpose": "Permettre l'accueil des personnes allophones dans les espaces solidarité sans attendre un interprète.",
        "expected_impact": "Accueil immédiat dans 30 langues ; interprète humain conservé pour les entretiens sensibles.",
        "human_oversight": "L'agent garde la main : il peut couper la traduction et demander un interprète à tout moment.",
        "automation_level": "informative",
        "output_type": "Traduction orale et écrite",
        "supplier": "Prestataire retenu sur marché public (fictif)",
        "supplier_role": "Fournit le modèle de traduction, hébergé en France",
        "transparency_notice": "L'agent annonce l'usage d'une traduction automatique ; une affiche le rappelle.",
        "answers": answers(interacts_with_people="yes", generates_content="yes"),
        "v2": (
            {
                "risks_mitigations": "Contresens : l'agent fait reformuler ; aucun document juridique n'est traduit par l'outil."
            },
            "Risques précisés après 3 mois de pilote",
        ),
    },
    {
        "slug": "transcription-conseil-de-paris",
        "name": "Transcription automatique des séances du Conseil de Paris",
        "short_description": "Les débats du Conseil de Paris sont transcrits automatiquement puis relus avant publication."
        + FICTION,
        "department": "Secrétariat général du Conseil de Paris",
        "status": "in_use",
        "theme": "democracy",
        "algorithm_type": "machine_learning",
        "purpose": "Publier plus vite un compte rendu intégral et sous-titrer les vidéos des séances.",
        "expected_impact": "Compte rendu provisoire en 48 h au lieu de 3 semaines ; vidéos accessibles aux personnes sourdes.",
        "human_oversight": "Chaque transcription est relue et corrigée par le service des comptes rendus avant publication.",
        "automation_level": "decision_support",
        "output_type": "Texte transcrit horodaté",
        "technical_description": "Modèle de reconnaissance vocale ouvert (Whisper) exécuté sur les serveurs de la Ville.",
        "source_code_url": "https://git.example.paris.fr/transcription-conseil",
        "licence": "EUPL-1.2",
        "transparency_notice": "Mention « transcription automatique relue » en tête de chaque compte rendu.",
        "answers": answers(generates_content="yes", publishes_text="yes"),
        "v2": (
            {
                "performance_monitoring": "Taux d'erreur par mot mesuré à chaque séance : 6 % avant relecture."
            },
            "Indicateur de qualité ajouté",
        ),
    },
    {
        "slug": "tri-automatique-courrier",
        "name": "Tri automatique du courrier entrant",
        "short_description": "Les courriers et courriels adressés à la Ville sont orientés automatiquement vers la direction compétente."
        + FICTION,
        "department": "Direction des systèmes d'information et du numérique",
        "status": "in_use",
        "theme": "administration",
        "algorithm_type": "machine_learning",
        "purpose": "Réduire le délai avant qu'un courrier arrive au bon service.",
        "expected_impact": "Délai d'orientation ramené de 5 jours à quelques heures.",
        "human_oversight": "Un agent du bureau du courrier valide les orientations incertaines et réoriente les erreurs signalées.",
        "automation_level": "partial",
        "output_type": "Direction destinataire et degré de confiance",
        "training_data": "120 000 courriers anonymisés de 2021 à 2023 avec leur direction destinataire.",
        "live_data": "Objet et texte des courriers reçus.",
        "known_biases": "Moins fiable pour les courriers manuscrits numérisés.",
        "answers": answers(),
        # Its review date passed: the record shows "review overdue" and reminds its editors.
        "v2": (
            {
                "decisions_per_year": 310000,
                "review_date": datetime.date.today() - datetime.timedelta(days=45),
            },
            "Nombre de courriers orientés par an ; date de revue fixée",
        ),
    },
    {
        "slug": "lecture-pieces-permis-construire",
        "name": "Lecture automatique des pièces des demandes de permis de construire",
        "short_description": "Un outil vérifie que les pièces obligatoires d'un dossier de permis sont présentes et lisibles."
        + FICTION,
        "department": "Direction de l'urbanisme",
        "status": "development",
        "theme": "urbanism",
        "algorithm_type": "hybrid",
        "purpose": "Signaler au demandeur dès le dépôt une pièce manquante, au lieu de plusieurs semaines après.",
        "expected_impact": "Moins de dossiers incomplets ; instruction plus rapide.",
        "human_oversight": "L'outil ne refuse rien : il signale, l'instructeur décide de demander ou non une pièce.",
        "automation_level": "decision_support",
        "output_type": "Liste des pièces détectées et manquantes",
        "technical_description": "Reconnaissance de caractères (OCR) puis règles de contrôle du Code de l'urbanisme.",
        "answers": answers(annex_iii_area="5", exception_narrow_procedural=True),
        "v2": ({"review_date": datetime.date(2027, 3, 1)}, "Date de revue fixée"),
    },
    {
        "slug": "maintenance-predictive-reseau-eau",
        "name": "Maintenance prédictive du réseau d'eau non potable",
        "short_description": "Un modèle estime le risque de rupture de chaque tronçon de canalisation pour prioriser les travaux."
        + FICTION,
        "department": "Direction de la propreté et de l'eau",
        "status": "in_use",
        "theme": "water_energy",
        "algorithm_type": "machine_learning",
        "purpose": "Prévenir les fuites et ruptures en renouvelant d'abord les tronçons les plus fragiles.",
        "expected_impact": "Moins de ruptures et d'eau perdue ; budget de renouvellement mieux employé.",
        "human_oversight": "Les ingénieurs du réseau arbitrent le programme de travaux ; le score n'est qu'un critère.",
        "automation_level": "decision_support",
        "output_type": "Score de risque par tronçon",
        "training_data": "Historique des ruptures 2000-2023, âge et matériau des conduites, pression.",
        "fria": "https://www.example.paris.fr/fria/reseau-eau.pdf",
        "eu_database_url": "https://ec.europa.eu/ai-database/example/0001",
        "answers": answers(annex_iii_area="2"),
        "v2": (
            {
                "performance_monitoring": "8 ruptures sur 10 ont eu lieu sur des tronçons du premier quartile de risque (2024)."
            },
            "Résultats 2024",
        ),
    },
    {
        "slug": "optimisation-feux-circulation",
        "name": "Optimisation des feux de circulation",
        "short_description": "Les cycles des feux sont ajustés selon les flux mesurés, en donnant la priorité aux bus, vélos et piétons."
        + FICTION,
        "department": "Direction de la voirie et des déplacements",
        "status": "pilot",
        "theme": "mobility",
        "algorithm_type": "hybrid",
        "purpose": "Fluidifier les bus et sécuriser les traversées piétonnes sur deux axes pilotes.",
        "expected_impact": "Bus plus réguliers ; temps de traversée piétonne garanti.",
        "human_oversight": "Le poste central de régulation peut reprendre la main à tout moment ; plans de feux de secours fixes.",
        "automation_level": "partial",
        "output_type": "Durée des phases de feux",
        "live_data": "Comptages anonymes des boucles magnétiques et capteurs (aucune image stockée).",
        "fria": "",
        "answers": answers(annex_iii_area="2"),
        "v2": ({"begin_date": datetime.date(2025, 9, 1)}, "Début du pilote"),
    },
    {
        "slug": "optimisation-tournees-collecte",
        "name": "Optimisation des tournées de collecte des déchets",
        "short_description": "Le calcul des tournées des bennes tient compte du remplissage et des travaux de voirie."
        + FICTION,
        "department": "Direction de la propreté et de l'eau",
        "status": "in_use",
        "theme": "cleanliness",
        "algorithm_type": "rule_based",
        "purpose": "Réduire les kilomètres parcourus et les oublis de collecte.",
        "expected_impact": "-12 % de kilomètres, moins de bruit et d'émissions.",
        "human_oversight": "Les chefs d'équipe valident les tournées et peuvent les modifier.",
        "automation_level": "decision_support",
        "output_type": "Itinéraires de collecte",
        "answers": answers(is_ai_system="no"),
        "v2": (
            {"energy_hosting": "Calcul nocturne de 10 minutes sur un serveur de la Ville."},
            "Énergie précisée",
        ),
    },
    {
        "slug": "sante-arbres-classification-images",
        "name": "Classification de l'état sanitaire des arbres par l'image",
        "short_description": "À partir de photos prises par les agents, un modèle repère les arbres d'alignement qui semblent malades."
        + FICTION,
        "department": "Direction des espaces verts et de l'environnement",
        "status": "design",
        "theme": "environment",
        "algorithm_type": "machine_learning",
        "purpose": "Mieux cibler les diagnostics des arboristes parmi 200 000 arbres.",
        "expected_impact": "Détection plus précoce des maladies ; moins d'abattages d'urgence.",
        "human_oversight": "Aucun abattage sans diagnostic d'un arboriste sur place.",
        "automation_level": "informative",
        "output_type": "Signalement « à examiner »",
        "answers": answers(),
        "v2": (
            {
                "alternatives_considered": "Campagnes d'inspection visuelle seules (conservées en parallèle)."
            },
            "Alternatives ajoutées",
        ),
    },
    {
        "slug": "prevision-frequentation-cantines",
        "name": "Prévision de la fréquentation des cantines scolaires",
        "short_description": "Prévoir le nombre de repas par école et par jour pour limiter le gaspillage."
        + FICTION,
        "department": "Direction des affaires scolaires",
        "status": "planned",
        "theme": "education",
        "algorithm_type": "machine_learning",
        "purpose": "Commander le bon nombre de repas et réduire le gaspillage alimentaire.",
        "expected_impact": "Objectif : -20 % de repas jetés.",
        "human_oversight": "Les caisses des écoles ajustent les commandes ; aucune donnée individuelle d'élève.",
        "automation_level": "decision_support",
        "output_type": "Nombre de repas prévus",
        "answers": answers(),
        "v2": (
            {"live_data": "Effectifs agrégés par école, calendrier, météo, sorties scolaires."},
            "Données précisées",
        ),
    },
    {
        "slug": "score-risque-fraude-aides-sociales",
        "name": "Score de risque de fraude aux aides sociales facultatives",
        "short_description": "Projet de score pour cibler les contrôles des aides sociales facultatives de la Ville — classé à haut risque et soumis à consultation."
        + FICTION,
        "department": "Direction de l'action sociale, de l'enfance et de la santé",
        "status": "design",
        "theme": "social",
        "algorithm_type": "machine_learning",
        "purpose": "Cibler les contrôles a posteriori plutôt que contrôler au hasard.",
        "expected_impact": "À évaluer : le projet n'ira pas plus loin sans l'avis de la consultation citoyenne.",
        "human_oversight": "Aucune suspension d'aide sur la seule base du score ; contrôle contradictoire par un agent.",
        "automation_level": "decision_support",
        "output_type": "Score de priorité de contrôle",
        "known_biases": "Risque de discrimination indirecte (quartier, composition familiale) : audit de biais exigé avant tout pilote.",
        "risks_mitigations": "Variables sensibles exclues ; audit externe ; comité d'éthique ; droit d'explication.",
        "dpia": "AIPD en cours (fictive)",
        "answers": answers(annex_iii_area="5", profiling="yes", exception_preparatory=True),
        "v2": (
            {"dpia": "AIPD validée par la déléguée à la protection des données (fictive)."},
            "AIPD validée",
        ),
    },
    {
        "slug": "analyse-emotions-agents-accueil",
        "name": "Analyse des émotions des agents d'accueil (abandonné)",
        "short_description": "Expérimentation d'un logiciel mesurant le stress des agents d'accueil par la caméra, arrêtée."
        + FICTION,
        "department": "Direction des ressources humaines",
        "status": "in_use",
        "theme": "administration",
        "algorithm_type": "machine_learning",
        "purpose": "Prévenir l'épuisement des agents d'accueil.",
        "expected_impact": "Aucun : le système est retiré.",
        "human_oversight": "Résultats consultés par la médecine du travail uniquement.",
        "automation_level": "informative",
        "output_type": "Indice de stress",
        "answers": answers(prohibited_practice="yes"),
        "retire": "Pratique interdite par l'article 5(1)(f) du règlement européen sur l'IA (reconnaissance des émotions sur le lieu de travail) : expérimentation arrêtée et données effacées.",
    },
]

# The city's own AI tools: every output of each links to its record (`tool_key`).
CITY_MODEL = (
    "Petit modèle de langage ouvert (SmolLM2-135M-Instruct, licence Apache-2.0) servi par les "
    "serveurs d'inférence de la Ville ; aucune donnée n'est envoyée à un fournisseur extérieur."
)
TOOL_SYSTEMS = [
    {
        "slug": "bac-a-sable-ia",
        "tool_key": "sandbox",
        "name": "Bac à sable de l'IA de la Ville",
        "short_description": "Chacun peut poser une question au modèle de langage de la Ville pour "
        "découvrir ce qu'il sait faire et ses limites." + FICTION,
        "department": "Direction des systèmes d'information et du numérique",
        "status": "in_use",
        "theme": "citizen_relations",
        "algorithm_type": "generative",
        "purpose": "Permettre aux habitants et aux agents d'essayer l'IA de la Ville en sécurité.",
        "expected_impact": "Une culture commune de l'IA : ce qu'elle fait bien, ses erreurs.",
        "human_oversight": "Les réponses ne fondent aucune décision ; elles sont étiquetées "
        "« générées par IA » avec le modèle, et chacun peut demander à une personne de les revoir.",
        "automation_level": "informative",
        "output_type": "Texte généré",
        "technical_description": CITY_MODEL,
        "transparency_notice": "Chaque réponse porte la mention « généré par IA » et le modèle.",
        "answers": answers(interacts_with_people="yes", generates_content="yes"),
    },
    {
        "slug": "synthese-des-debats",
        "tool_key": "synthesis",
        "name": "Synthèse des débats des consultations assistée par IA",
        "short_description": "Le modèle de la Ville rédige un brouillon de synthèse des commentaires, "
        "chaque phrase citant ses sources ; une personne le relit et le signe." + FICTION,
        "department": "Direction de la démocratie, des citoyens et des territoires",
        "status": "in_use",
        "theme": "democracy",
        "algorithm_type": "generative",
        "purpose": "Rendre lisible un débat de centaines de commentaires sans en trahir les arguments.",
        "expected_impact": "Des synthèses publiées plus vite, vérifiables phrase par phrase.",
        "human_oversight": "Rien n'est publié sans la relecture et la signature d'un modérateur ou "
        "d'un élu ; les habitants signalent une phrase qui déforme leur avis.",
        "automation_level": "decision_support",
        "output_type": "Texte généré citant les commentaires",
        "technical_description": CITY_MODEL,
        "transparency_notice": "Mention « synthèse assistée par IA, relue par … » sur chaque synthèse.",
        "answers": answers(generates_content="yes", publishes_text="yes"),
    },
    {
        "slug": "traduction-automatique-consultations",
        "tool_key": "translation",
        "name": "Traduction automatique et français simplifié des consultations",
        "short_description": "Les dossiers, réponses et commentaires des consultations peuvent être "
        "lus en anglais ou en français simplifié, traduits par le modèle de la Ville." + FICTION,
        "department": "Direction de la démocratie, des citoyens et des territoires",
        "status": "in_use",
        "theme": "citizen_relations",
        "algorithm_type": "generative",
        "purpose": "Ouvrir les consultations aux personnes qui lisent mal le français administratif.",
        "expected_impact": "Plus de participants, des textes compris par tous.",
        "human_oversight": "Chaque traduction est étiquetée ; un agent peut la relire et la "
        "remplacer par une version revue, signalée comme telle.",
        "automation_level": "informative",
        "output_type": "Texte traduit",
        "technical_description": CITY_MODEL,
        "transparency_notice": "Mention « traduction automatique — l'IA de la Ville » et le modèle.",
        "answers": answers(interacts_with_people="yes", generates_content="yes"),
    },
]

CHARTER_DEFAULT = {
    "equity": ("meets", "Aucune donnée sensible ; résultats suivis par catégorie d'usagers."),
    "no_biometrics": ("meets", "Aucune identification biométrique."),
    "sobriety": ("partly", "Consommation mesurée ; modèle plus léger à l'étude."),
    "sovereignty": ("meets", "Hébergé sur les serveurs de la Ville en France."),
    "transparency": ("meets", "Fiche publiée au registre ; méthode documentée."),
    "human_oversight": ("meets", "Un agent garde la décision ; recours ouvert depuis cette fiche."),
    "legal_compliance": ("meets", "Analyse RGPD et classement AI Act réalisés."),
    "usefulness": ("meets", "Répond à un besoin identifié du service."),
    "working_conditions": ("partly", "Gain de temps, mais formation des agents encore en cours."),
    "democratic_control": ("partly", "Présenté en commission ; bilan public prévu."),
}


def _charter(slug: str, risk: str) -> list[dict]:
    rows = []
    for principle, (rating, text) in CHARTER_DEFAULT.items():
        if risk in ("high", "prohibited") and principle in ("equity", "democratic_control"):
            rating, text = (
                "does_not_meet",
                "Pas encore démontré : audit et consultation requis avant tout usage.",
            )
        if risk == "prohibited" and principle in ("no_biometrics", "legal_compliance"):
            rating, text = "does_not_meet", "Pratique interdite : système retiré."
        rows.append({"principle": principle, "rating": rating, "justification": text})
    return rows


def _system(spec: dict, editor: User, publisher: User) -> AISystem:
    risk = risk_level_assess(answers=spec["answers"])
    data = {
        k: v for k, v in spec.items() if k not in ("slug", "answers", "v2", "retire", "tool_key")
    }
    data.update(
        organisation=ORG,
        contact="registre-ia@paris.example",
        legal_basis=data.get("legal_basis", LEGAL),
        legal_links=LINKS,
        recourse_procedure=RECOURSE,
        ai_act_role="deployer",
        risk_level=risk.level,
        annex_iii_point=risk.annex_iii_point,
        risk_answers=spec["answers"],
        risk_reasons=risk.as_dict()["reasons"],
    )
    system = services.system_create(
        actor=editor, data=data, slug=spec["slug"], change_summary="Première rédaction"
    )
    v = services.system_charter_save(
        actor=editor, system=system, rows=_charter(spec["slug"], risk.level)
    )
    services.system_version_publish(actor=publisher, version=v)
    if "v2" in spec:
        changes, summary = spec["v2"]
        v = services.system_version_save(
            actor=editor, system=system, data=changes, change_summary=summary
        )
        services.system_version_publish(actor=publisher, version=v)
    if "retire" in spec:
        v = services.system_retire(actor=editor, system=system, reason=spec["retire"])
        services.system_version_publish(actor=publisher, version=v)
    return system


PARTNER_EXPORT = {
    "standard_version": "ia-commune-register/1.0",
    "publisher": "Ville de Lyon (démo)",
    "systems": [
        {
            "id": "0f5e0b4e-3c1a-4d59-9c55-1b5f9a0d0001",
            "slug": "chatbot-bibliotheques",
            "name": "Assistant des bibliothèques municipales",
            "short_description": "Répond aux questions sur les horaires, prêts et réservations (fiche fictive).",
            "organisation": "Ville de Lyon (démo)",
            "department": "Bibliothèques municipales",
            "contact": "https://www.lyon.example/contact",
            "status": "in_use",
            "risk_level": "limited",
            "purpose": "Informer les usagers.",
            "human_oversight": "Bibliothécaires joignables à tout moment.",
            "algorithm_type": "generative",
            "theme": "citizen_relations",
            "charter_assessment": [],
        },
        {
            "id": "0f5e0b4e-3c1a-4d59-9c55-1b5f9a0d0002",
            "slug": "comptage-velos",
            "name": "Comptage automatique des vélos",
            "short_description": "Des capteurs comptent les passages de vélos sur les pistes cyclables (fiche fictive).",
            "organisation": "Ville de Lyon (démo)",
            "department": "Mobilités",
            "contact": "https://www.lyon.example/contact",
            "status": "in_use",
            "risk_level": "minimal",
            "purpose": "Planifier le réseau cyclable.",
            "algorithm_type": "rule_based",
            "theme": "mobility",
        },
    ],
}


def _recourse(editor: User, agent: User) -> None:
    if RecourseRequest.objects.exists():
        return
    specs = [
        (
            "score-risque-fraude-aides-sociales",
            "Nadia B.",
            "nadia.demo@example.org",
            "Mon aide au transport a été contrôlée : je voudrais savoir si un score a joué et lequel.",
            None,
            0,
        ),
        (
            "tri-automatique-courrier",
            "Jean-Pierre L.",
            "jp.demo@example.org",
            "Ma demande de place en crèche est restée trois semaines dans le mauvais service. Je demande un réexamen rapide.",
            "assign",
            5,
        ),
        (
            "traduction-guichets-accueil",
            "Amina K.",
            "amina.demo@example.org",
            "La traduction a mal rendu ma situation lors de mon rendez-vous : je demande un nouvel entretien avec un interprète.",
            "answer",
            20,
        ),
        (
            "paris-repond-assistant-conversationnel",
            "",
            "usager.demo@example.org",
            "L'assistant m'a donné une mauvaise date limite pour mon dossier. Je demande que ma demande soit acceptée malgré le retard.",
            "overdue",
            40,
        ),
    ]
    for slug, name, email, text, action, days_ago in specs:
        system = AISystem.objects.get(slug=slug)
        req = services.recourse_request_open(
            system=system,
            data={"name": name, "email": email, "request": text, "consent": True},
            language="fr",
        )
        created = timezone.now() - datetime.timedelta(days=days_ago)
        req.created_at = created
        req.due_date = services.recourse_default_due_date(received=timezone.localdate(created))
        req.save(update_fields=["created_at", "due_date"])
        req.events.update(created_at=created)
        if action in ("assign", "answer"):
            services.recourse_request_assign(actor=editor, request=req, handler=agent)
            services.recourse_request_add_note(
                actor=agent, request=req, text="Vérification du circuit de traitement en cours."
            )
        if action == "answer":
            services.recourse_request_answer(
                actor=agent,
                request=req,
                answer="Après réexamen par un agent, un nouvel entretien avec un interprète professionnel vous est proposé. Le service vous appellera sous huit jours.",
            )


def _counter_recourse(counter: User) -> None:
    """A request taken by phone for a person without email: postal address, printed receipt."""
    if RecourseRequest.objects.filter(recorded_by__isnull=False).exists():
        return
    req = services.recourse_request_record(
        agent=counter,
        system=AISystem.objects.get(slug="tri-automatique-courrier"),
        data={
            "channel": "phone",
            "name": "Josette M.",
            "postal_address": "12 rue de la Roquette",
            "postcode": "75011",
            "town": "Paris",
            "phone": "01 00 00 00 00",
            "request": "Mon courrier de demande d'aide à domicile est resté sans réponse : "
            "on m'a dit qu'il avait été classé automatiquement. Je demande qu'une personne "
            "regarde mon dossier.",
            "consent": True,
        },
        language="fr",
    )
    services.recourse_receipt_pdf(actor=counter, request=req)


def _days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


# Evaluations of deployed systems: two up to date, one overdue (high risk, evaluated yearly,
# last evaluated 14 months ago).
EVALUATIONS = [
    (
        "paris-repond-assistant-conversationnel",
        {
            "evaluated_on": 75,
            "period_start": 440,
            "performance": "Sur 1 200 questions tirées au hasard et relues par des agents, 91 % des réponses étaient exactes et complètes ; 6 % incomplètes, 3 % erronées (dates limites surtout).",
            "disparity_metric": "Taux de réponses exactes",
            "disparity_groups": "Questions posées en français courant / en français simplifié ou avec fautes",
            "disparity_findings": "89 % d'exactitude pour les questions mal orthographiées contre 92 % : écart faible, suivi au prochain trimestre.",
            "energy_kwh": 310.0,
            "cost_eur": Decimal("18400.00"),
            "energy_cost_notes": "Serveur de la Ville (estimation par la puissance déclarée × durée de calcul) ; coût : licence et maintenance annuelles.",
            "incidents_summary": "Une réponse erronée sur une date limite (demande de recours de mars), corrigée dans la base de connaissances.",
            "staff_survey_summary": "Les agents du 3975 disent recevoir moins d'appels simples ; ils demandent un lien direct vers un agent.",
            "user_satisfaction": "Note moyenne 4,1/5 sur 3 400 avis laissés après une conversation.",
            "conclusion": "adjust",
            "conclusion_reasons": "Continuer, en ajoutant un bouton « parler à un agent » et une relecture mensuelle des dates limites.",
        },
    ),
    (
        "tri-automatique-courrier",
        {
            "evaluated_on": 30,
            "period_start": 400,
            "performance": "96 % des courriers orientés vers la bonne direction du premier coup (objectif : 95 %) ; délai moyen d'orientation : 3 heures.",
            "disparity_metric": "Taux d'erreur d'orientation",
            "disparity_groups": "Courriers manuscrits numérisés / courriels et courriers dactylographiés",
            "disparity_findings": "11 % d'erreurs pour les manuscrits contre 3 % : ces courriers passent désormais par une validation humaine systématique.",
            "energy_kwh": 95.0,
            "cost_eur": Decimal("7200.00"),
            "energy_cost_notes": "Calcul sur un serveur de la Ville ; coût de maintenance annuel.",
            "incidents_summary": "Aucun incident.",
            "user_satisfaction": "Non mesurée directement : les réclamations pour courrier sans réponse ont baissé de 30 %.",
            "conclusion": "continue",
            "conclusion_reasons": "Objectifs atteints ; l'écart pour les courriers manuscrits est traité par une validation humaine.",
        },
    ),
    (
        "maintenance-predictive-reseau-eau",
        {
            "evaluated_on": 425,
            "period_start": 790,
            "performance": "8 ruptures sur 10 ont eu lieu sur des tronçons du premier quartile de risque (objectif : 7 sur 10).",
            "disparity_metric": "Part du budget de renouvellement par arrondissement rapportée au linéaire de canalisations",
            "disparity_groups": "Arrondissements",
            "disparity_findings": "Pas d'écart significatif entre arrondissements une fois l'âge des conduites pris en compte.",
            "energy_kwh": 40.0,
            "energy_cost_notes": "Un calcul mensuel sur un serveur de la Ville.",
            "incidents_summary": "Aucun incident.",
            "conclusion": "continue",
            "conclusion_reasons": "Le score aide à prioriser les travaux ; prochaine évaluation dans un an (système à haut risque).",
        },
    ),
]

DECLARATIONS = [
    {
        "tool_name": "Module de priorisation des demandes de logement social",
        "what_it_does": "Le logiciel de gestion des demandes affiche un « score de priorité » pour chaque dossier, calculé je ne sais comment.",
        "where_it_appears": "Écran de synthèse du dossier, colonne « priorité » de la liste des demandes",
        "department": "Direction du logement et de l'habitat",
        "outcome": "draft",
    },
    {
        "tool_name": "Correcteur orthographique du traitement de texte",
        "what_it_does": "Il propose des corrections pendant que je rédige des courriers.",
        "where_it_appears": "Suite bureautique de la Ville",
        "department": "Direction des affaires culturelles",
        "outcome": "close",
        "reason": "Le correcteur suggère des corrections que l'agent accepte ou non : il ne prend aucune décision sur une personne ni ne produit de contenu publié à sa place. Hors du champ du registre.",
    },
    {
        "tool_name": "Planification automatique des créneaux des piscines",
        "what_it_does": "Les créneaux réservés aux associations semblent attribués automatiquement chaque trimestre.",
        "where_it_appears": "Logiciel de réservation des équipements sportifs, module « attribution »",
        "department": "Direction de la jeunesse et des sports",
        "outcome": "",
    },
]


def _oversight(editor: User, agent: User) -> None:
    """Evaluations (one overdue), declarations (drafted, closed, pending) and incidents (one
    serious on a high-risk system, with its AI Act deadline). Idempotent."""
    from register.models import DeploymentEvaluation

    if not DeploymentEvaluation.objects.exists():
        for slug, spec in EVALUATIONS:
            system = AISystem.objects.filter(slug=slug).first()
            if system is None or system.published_version_id is None:
                continue
            data = {
                **spec,
                "evaluated_on": _days_ago(spec["evaluated_on"]),
                "period_start": _days_ago(spec["period_start"]),
            }
            services.deployment_evaluation_record(actor=editor, system=system, data=data)
    if not HiddenAlgorithmDeclaration.objects.exists():
        for spec in DECLARATIONS:
            fields = {k: spec[k] for k in services.DECLARATION_FIELDS}
            declaration = services.declaration_create(actor=agent, data=fields)
            if spec["outcome"] == "draft":
                services.declaration_to_draft(actor=editor, declaration=declaration)
            elif spec["outcome"] == "close":
                services.declaration_close(
                    actor=editor, declaration=declaration, reason=spec["reason"]
                )
    if not Incident.objects.exists():
        water = AISystem.objects.filter(slug="maintenance-predictive-reseau-eau").first()
        if water is not None:
            services.incident_record(
                actor=editor,
                system=water,
                data={
                    "kind": "malfunction",
                    "severity": "serious",
                    "serious_case": "general",
                    "summary": "Après une mise à jour des données, le score a classé à faible risque un tronçon qui s'est rompu deux jours plus tard (coupure d'eau non potable dans deux rues). Le calcul est suspendu et les programmes de travaux revus à la main.",
                    "internal_notes": "Jointure erronée entre la table des matériaux et celle des tronçons depuis la mise à jour du 2 du mois.",
                    "occurred_on": _days_ago(6),
                    "aware_on": _days_ago(5),
                },
            )
        request = (
            RecourseRequest.objects.filter(system__slug="paris-repond-assistant-conversationnel")
            .order_by("created_at")
            .first()
        )
        if request is not None:
            services.incident_record(
                actor=editor,
                system=request.system,
                recourse_request=request,
                data={
                    "kind": "malfunction",
                    "severity": "minor",
                    "serious_case": "",
                    "summary": "L'assistant a donné une date limite erronée pour une démarche ; la base de connaissances a été corrigée.",
                    "aware_on": timezone.localdate(request.created_at),
                },
            )


TRANSLATIONS_FILE = Path(__file__).parent / "demo_data" / "records_en.yaml"


def _translations(reviewer: User) -> None:
    """The English versions of the records, written by a person (demo_data/records_en.yaml)."""
    records = yaml.safe_load(TRANSLATIONS_FILE.read_text(encoding="utf-8"))
    for slug, fields in records.items():
        system = AISystem.objects.filter(slug=slug).select_related("published_version").first()
        if system is None or system.published_version is None:
            continue
        translations_save_reviewed(
            obj=system,
            texts={f: t for f, t in fields.items() if f in RECORD_TRANSLATABLE_FIELDS},
            source=system.published_version,
            language="en",
            reviewer=reviewer,
        )


def seed(*, stdout) -> None:
    with translation.override("fr"):
        _seed(stdout=stdout)


DEMO_PARTNER_LIBRARIES = [
    (
        "Ville de Lyon (démo)",
        "https://registre-ia.lyon.example/register/export.json",
        "https://registre-ia.lyon.example/library/library.json",
    ),
    (
        "Ville de Nantes (démo)",
        "https://ia.nantes.example/register/export.json",
        "https://ia.nantes.example/library/library.json",
    ),
]


def _seed(*, stdout) -> None:
    editor = User.objects.filter(email=demo_email("editor")).first()
    publisher = User.objects.filter(email=demo_email("editor2")).first()
    agent = User.objects.filter(email=demo_email("agent")).first()
    if editor is None or publisher is None:
        stdout.write("Register: demo editors missing (seed accounts first); skipped.")
        return
    created = 0
    for spec in SYSTEMS + TOOL_SYSTEMS:
        if not AISystem.objects.filter(slug=spec["slug"]).exists():
            _system(spec, editor, publisher)
            created += 1
    for spec in TOOL_SYSTEMS:
        system = AISystem.objects.get(slug=spec["slug"])
        if system.tool_key != spec["tool_key"]:
            services.system_tool_key_set(actor=editor, system=system, tool_key=spec["tool_key"])
    _recourse(editor, agent or editor)
    counter = User.objects.filter(email=demo_email("counter")).first()
    if counter is not None:
        _counter_recourse(counter)
    _translations(publisher)
    _oversight(editor, agent or editor)
    remote, made = RemoteRegister.objects.get_or_create(
        export_url="https://registre-ia.lyon.example/register/export.json",
        defaults={"name": "Ville de Lyon (démo)", "active": False},
    )
    if made:
        remote_register_import(remote=remote, payload=PARTNER_EXPORT)
    # Partner cities are declared once, with their library too (harvested by the library's
    # demo seed from shipped files: no network at seed time).
    for name, register_url, library_url in DEMO_PARTNER_LIBRARIES:
        partner, _made = RemoteRegister.objects.get_or_create(
            export_url=register_url, defaults={"name": name, "active": False}
        )
        if partner.library_url != library_url:
            partner.library_url = library_url
            partner.save(update_fields=["library_url"])
    stdout.write(
        f"Register: {created} demo AI systems created ({AISystem.objects.city().count()} in total)."
    )
