"""Demo content: one open, one answered and one upcoming consultation, ten use cases,
ballots from demo voters and a debate; and one staff consultation, voted by demo agents of
three departments. Idempotent: skipped when the slugs exist."""

import random
from datetime import timedelta
from pathlib import Path

import yaml
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.demo import demo_email
from accounts.models import User
from accounts.roles import Role
from consultation.models import (
    GRADES_BEST_FIRST,
    Alignment,
    Audience,
    Ballot,
    Comment,
    Commitment,
    Consultation,
    Decision,
    OfficialAnswer,
    PaperBatch,
    Phase,
    ResultsVisibility,
    UseCase,
    UseCaseStatus,
)
from consultation.services.paper_ballots import paper_batch_enter
from consultation.text import render_markdown
from core.translations import translations_save_reviewed

OPEN, CLOSED, UPCOMING = (
    "ia-services-usagers-2026",
    "proprete-mobilite-2026",
    "ia-ressources-humaines",
)

STAFF = "outils-ia-des-agents"
# Demo agents by department: two departments large enough to be shown on their own, one too
# small, pooled with the smallest shown one (consultation_results_by_department).
STAFF_DEPARTMENTS = [
    ("Direction des systèmes d'information et du numérique", 12),
    ("Direction des solidarités", 11),
    ("Direction des affaires culturelles", 4),
]

ARRONDISSEMENTS = ["11", "11", "11", "19", "19", "19", "15", "20", "18", "outside"]
AGES = ["25_34", "35_49", "35_49", "50_64", "25_34"]


def _uc(title, summary, problem, ai, data, people, benefits, risks, alternatives, department):
    return {
        "title": title,
        "summary": summary,
        "problem": problem,
        "proposed_ai": ai,
        "data_used": data,
        "people_affected": people,
        "expected_benefits": benefits,
        "risks": risks,
        "alternatives": alternatives,
        "department": department,
    }


OPEN_USE_CASES = [
    _uc(
        "Assistant de rédaction des réponses aux courriers des usagers",
        "Un modèle de langage hébergé par la Ville propose un premier jet de réponse ; l'agent relit, corrige et signe.",
        "Les services reçoivent plus de 40 000 courriers par an ; le délai moyen de réponse dépasse six semaines.",
        "Un petit modèle de langage ouvert, hébergé sur les serveurs de la Ville, rédige un brouillon à partir du courrier et des fiches pratiques. Aucun envoi automatique.",
        "Le texte du courrier reçu (pseudonymisé avant traitement) et la base des fiches pratiques de la Ville.",
        "Les usagers qui écrivent à la Ville ; les agents des services relations usagers.",
        "Réponses plus rapides, agents libérés des formulations répétitives, meilleure homogénéité.",
        "Réponses standardisées qui ignorent une situation particulière ; erreurs factuelles ; dépendance à l'outil.",
        "Renforcer les équipes ; enrichir les modèles de réponses types sans IA.",
        "Direction des usagers, des citoyens et des territoires",
    ),
    _uc(
        "Tri automatique des signalements DansMaRue",
        "Classer les signalements des habitants (dépôts sauvages, voirie, éclairage) pour les orienter vers le bon service.",
        "Près d'un signalement sur cinq est mal catégorisé et passe par plusieurs services avant d'être traité.",
        "Un classifieur de texte et d'image propose une catégorie ; un agent valide en cas de doute.",
        "Texte et photo des signalements ; aucune donnée d'identité n'est utilisée pour le tri.",
        "Habitants qui signalent ; agents de la propreté et de la voirie.",
        "Traitement plus rapide des signalements, moins de transferts entre services.",
        "Photos contenant des visages ou des plaques : risque de traitement de données personnelles.",
        "Améliorer le formulaire de catégorie ; former les agents d'orientation.",
        "Direction de la propreté et de l'eau",
    ),
    _uc(
        "Transcription et sous-titrage des séances du Conseil de Paris",
        "Produire automatiquement les sous-titres et un compte rendu provisoire des séances publiques.",
        "Les vidéos des séances ne sont pas sous-titrées : elles restent inaccessibles aux personnes sourdes et malentendantes.",
        "Un modèle de reconnaissance vocale open source, exécuté localement, relu par le service de la séance.",
        "Les enregistrements audio des séances publiques.",
        "Personnes sourdes ou malentendantes, journalistes, habitants qui suivent les débats.",
        "Accessibilité immédiate des débats, recherche dans les interventions.",
        "Erreurs de transcription sur les noms propres ; attribution erronée d'une parole.",
        "Sous-titrage humain par un prestataire (coût et délai plus élevés).",
        "Secrétariat général du Conseil de Paris",
    ),
    _uc(
        "Prévision de l'affluence dans les piscines municipales",
        "Afficher en ligne l'affluence prévue de chaque piscine pour étaler la fréquentation.",
        "Aux heures de pointe, des files d'attente se forment alors que d'autres bassins proches sont peu fréquentés.",
        "Un modèle statistique prévoit l'affluence à partir des entrées passées, de la météo et du calendrier scolaire.",
        "Comptages d'entrées agrégés par heure ; météo ; calendrier des vacances. Aucune donnée personnelle.",
        "Nageurs et nageuses, agents des piscines.",
        "Moins d'attente, meilleure répartition entre établissements.",
        "Prévisions fausses lors d'événements exceptionnels ; consommation énergétique du calcul.",
        "Afficher seulement l'affluence en temps réel, sans prévision.",
        "Direction de la jeunesse et des sports",
    ),
]

CLOSED_USE_CASES = [
    (
        _uc(
            "Optimisation des tournées de collecte des déchets",
            "Calculer chaque nuit des tournées plus courtes selon le remplissage estimé des bacs.",
            "Les camions parcourent des rues où les bacs sont presque vides, et en oublient d'autres qui débordent.",
            "Un algorithme d'optimisation de tournées alimenté par des capteurs de remplissage.",
            "Données des capteurs de remplissage et historique des tournées.",
            "Habitants, éboueurs et éboueuses.",
            "Moins de kilomètres parcourus, moins d'émissions, moins de débordements.",
            "Horaires de travail modifiés sans concertation ; pannes des capteurs.",
            "Réviser les tournées manuellement chaque trimestre.",
            "Direction de la propreté et de l'eau",
        ),
        Decision.PILOT,
        "La Ville lance une expérimentation de six mois dans les 11e et 19e arrondissements, "
        "après consultation des représentants du personnel. Les horaires des équipes ne seront pas "
        "modifiés sans accord.",
        [
            ("Publier le bilan de l'expérimentation", 120),
            ("Consulter les représentants du personnel", -10),
        ],
    ),
    (
        _uc(
            "Détection automatique des places de stationnement livraison occupées",
            "Des caméras analyseraient l'occupation des aires de livraison pour verbaliser.",
            "Les aires de livraison sont occupées illégalement, ce qui provoque des stationnements en double file.",
            "Analyse vidéo automatisée de l'occupation des aires, avec lecture des plaques.",
            "Flux vidéo de caméras sur la voie publique, plaques d'immatriculation.",
            "Tous les usagers de la voirie, livreurs, riverains.",
            "Aires de livraison libérées, moins de double file.",
            "Surveillance généralisée de l'espace public ; contraire à la charte (pas de reconnaissance biométrique ou de suivi des personnes).",
            "Davantage de contrôles par les agents ; aménagement des aires.",
            "Direction de la voirie et des déplacements",
        ),
        Decision.REJECTED,
        "La Ville renonce à ce projet : la lecture automatisée des plaques sur la voie publique n'est "
        "pas proportionnée au but poursuivi et contredit notre charte. Des contrôles humains "
        "renforcés seront menés.",
        [("Renforcer les contrôles humains sur 50 aires de livraison", 60)],
    ),
    (
        _uc(
            "Réponses aux questions fréquentes sur le tri des déchets",
            "Un assistant conversationnel répond aux questions « où jeter quoi ? » sur paris.fr.",
            "Le service de renseignement reçoit des milliers d'appels répétitifs sur les consignes de tri.",
            "Un assistant fondé sur la base officielle des consignes, qui cite toujours sa source et oriente vers un agent si besoin.",
            "La base des consignes de tri de la Ville ; les questions posées (non conservées au-delà de 30 jours).",
            "Habitants, agents du service de renseignement.",
            "Réponse immédiate, à toute heure ; agents disponibles pour les cas complexes.",
            "Réponses inventées ; conservation des questions.",
            "Améliorer le moteur de recherche du site.",
            "Direction de la propreté et de l'eau",
        ),
        Decision.ADOPTED_WITH_CHANGES,
        "Adopté, à condition que l'assistant cite toujours la consigne officielle, soit étiqueté "
        "comme IA, et qu'aucune question ne soit conservée plus de 7 jours.",
        [
            ("Mettre en ligne l'assistant étiqueté « IA »", 90),
            ("Publier un audit des réponses", 180),
        ],
    ),
]

UPCOMING_USE_CASES = [
    _uc(
        "Aide au tri des candidatures pour les emplois saisonniers",
        "Proposer un pré-classement des candidatures selon les critères du poste.",
        "Des milliers de candidatures arrivent chaque printemps pour les emplois d'été.",
        "Un modèle propose un classement ; chaque candidature reste lue par un recruteur.",
        "CV et lettres de motivation des candidats.",
        "Candidates et candidats, recruteurs de la Ville.",
        "Délais de réponse raccourcis.",
        "Discrimination ; système à haut risque au sens de l'AI Act (recrutement).",
        "Recrutement sans IA avec davantage de recruteurs saisonniers.",
        "Direction des ressources humaines",
    ),
    _uc(
        "Traduction des documents d'accueil dans les mairies d'arrondissement",
        "Traduire automatiquement les documents d'accueil dans les dix langues les plus demandées.",
        "Les personnes non francophones repartent souvent sans avoir compris les démarches.",
        "Un modèle de traduction open source, relu par des agents locuteurs.",
        "Documents d'accueil publics (aucune donnée personnelle).",
        "Personnes non francophones, agents d'accueil.",
        "Meilleur accès aux droits.",
        "Erreurs de traduction sur des points juridiques.",
        "Recours à des interprètes professionnels.",
        "Direction des usagers, des citoyens et des territoires",
    ),
    _uc(
        "Résumé des comptes rendus d'entretiens professionnels",
        "Générer un résumé des entretiens annuels pour les services RH.",
        "Les services RH lisent des milliers de comptes rendus chaque année.",
        "Un modèle de langage local résume les comptes rendus.",
        "Comptes rendus d'entretiens professionnels (données personnelles des agents).",
        "Agents de la Ville, services RH.",
        "Gain de temps pour les services RH.",
        "Atteinte à la vie privée des agents ; biais dans les résumés.",
        "Formulaire d'entretien plus structuré.",
        "Direction des ressources humaines",
    ),
]

DEBATE = [
    # (use case index, alignment, text, replies [(alignment, text, replies)])
    (
        0,
        Alignment.FOR,
        "Six semaines pour une réponse, c'est trop long. Si l'agent relit et signe, je suis plutôt pour.",
        [
            (
                Alignment.AGAINST,
                "Le risque, c'est que l'agent finisse par valider sans lire, faute de temps.",
                [
                    (
                        Alignment.NEUTRAL,
                        "D'où l'intérêt de publier le taux de brouillons modifiés par les agents.",
                        [],
                    )
                ],
            )
        ],
    ),
    (
        0,
        Alignment.AGAINST,
        "Je préfère une réponse humaine plus lente. Une administration qui répond avec une machine, "
        "ce n'est pas un service public.",
        [],
    ),
    (
        1,
        Alignment.FOR,
        "Mes signalements de dépôts sauvages sont souvent clos sans suite : s'ils arrivent au bon "
        "service du premier coup, tant mieux.",
        [(Alignment.NEUTRAL, "Les photos seront-elles floutées avant traitement ?", [])],
    ),
    (
        2,
        Alignment.FOR,
        "Indispensable pour l'accessibilité. Les personnes sourdes attendent ça depuis des années.",
        [],
    ),
    (
        3,
        Alignment.NEUTRAL,
        "Utile, mais l'affichage en temps réel suffirait peut-être. Quelle consommation d'énergie ?",
        [],
    ),
]


DEPARTURE_JUSTIFICATION = (
    "Les habitants ont jugé l'assistant insuffisant tel que proposé, surtout par crainte de "
    "réponses inventées et de la conservation des questions. La Ville l'adopte avec les "
    "changements qui répondent à ces deux critiques : chaque réponse cite la consigne officielle, "
    "aucune question n'est gardée plus de 7 jours, et un bilan public sera soumis au vote dans un "
    "an ; si la note médiane reste insuffisante, l'assistant sera retiré."
)
PROGRESS = [
    # (commitment text prefix, [(days after the answer, percent, note)])
    (
        "Mettre en ligne",
        [
            (10, 20, "Base des consignes de tri reliée à l'assistant ; étiquette « IA » validée."),
            (40, 60, "Tests avec 30 agents du service de renseignement ; 12 corrections."),
        ],
    ),
    ("Renforcer les contrôles", [(20, 50, "25 aires de livraison sur 50 contrôlées.")]),
]


def _closed_loop(use_case: UseCase, answer: OfficialAnswer, elected: User) -> None:
    """The vote's median on the answer, the register draft and commitment an adoption opens,
    a justification where the decision departs from the vote, and progress on commitments."""
    from consultation import policies, selectors
    from consultation.models import CommitmentProgress
    from consultation.services import answer_adoption_follow_up

    median = selectors.use_case_median_grade(use_case=use_case) or ""
    answer.median_grade = median
    if policies.answer_departs_from_vote(decision=answer.decision, median_grade=median):
        answer.departure_justification = DEPARTURE_JUSTIFICATION
    answer.save(update_fields=["median_grade", "departure_justification"])
    answer_adoption_follow_up(answer=answer, actor=elected)
    for prefix, notes in PROGRESS:
        commitment = answer.commitments.filter(text__startswith=prefix, status="pending").first()
        if commitment is None:
            continue
        for days, percent, note in notes:
            CommitmentProgress.objects.create(
                commitment=commitment,
                author=elected,
                author_label="L'adjointe à la Maire chargée du numérique",
                percent=percent,
                note=note,
                created_at=answer.published_at + timedelta(days=days),
            )


def _voters(count: int) -> list[User]:
    emails = [demo_email(f"votant{i:02d}") for i in range(1, count + 1)]
    existing = {u.email: u for u in User.objects.filter(email__in=emails)}
    to_create = []
    for i, email in enumerate(emails):
        if email not in existing:
            user = User(
                email=email,
                display_name=f"Habitant·e {i + 1}",
                arrondissement=ARRONDISSEMENTS[i % len(ARRONDISSEMENTS)],
                age_bracket=AGES[i % len(AGES)],
            )
            user.set_unusable_password()
            to_create.append(user)
    User.objects.bulk_create(to_create)
    users = list(User.objects.filter(email__in=emails).order_by("email"))
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user=u, email=u.email, verified=True, primary=True)
            for u in users
            if u.email not in existing
        ],
        ignore_conflicts=True,
    )
    return users


def _ballots(use_cases: list[UseCase], voters: list[User], start, rng: random.Random) -> None:
    rows = []
    for n, use_case in enumerate(use_cases):
        # Each use case gets its own leaning so the ranking is meaningful.
        centre = (n * 2 + 1) % len(GRADES_BEST_FIRST)
        for i, voter in enumerate(voters):
            if rng.random() < 0.15:
                continue
            index = min(6, max(0, round(rng.gauss(centre, 1.4))))
            when = start + timedelta(days=i % 9, hours=rng.randint(0, 20))
            rows.append(
                Ballot(
                    use_case=use_case,
                    voter=voter,
                    grade=GRADES_BEST_FIRST[index],
                    created_at=when,
                    updated_at=when,
                )
            )
    Ballot.objects.bulk_create(rows, ignore_conflicts=True)


def _comment(use_case, author, alignment, text, parent=None, when=None):
    comment = Comment.objects.create(
        use_case=use_case,
        author=author,
        parent=parent,
        root=parent.root if parent else None,
        depth=parent.depth + 1 if parent else 1,
        alignment=alignment,
        body=text,
        body_html=render_markdown(text),
        created_at=when or timezone.now(),
    )
    if parent is None:
        comment.root = comment
        comment.save(update_fields=["root"])
    return comment


TRANSLATIONS_FILE = Path(__file__).parent / "demo_data" / "consultation_en.yaml"


def _translations(consultation: Consultation, reviewer) -> None:
    """The English version of one consultation and its dossiers, written by a person."""
    data = yaml.safe_load(TRANSLATIONS_FILE.read_text(encoding="utf-8"))
    texts = {f: t for f, t in data["consultation"].items() if f != "slug"}
    translations_save_reviewed(obj=consultation, texts=texts, language="en", reviewer=reviewer)
    for use_case in consultation.use_cases.all():
        translations_save_reviewed(
            obj=use_case,
            texts=data["use_cases"].get(use_case.title, {}),
            language="en",
            reviewer=reviewer,
        )


STAFF_USE_CASES = [
    _uc(
        "Assistant de rédaction des réponses aux usagers",
        "Le modèle de la Ville propose un premier jet de réponse aux courriers, que l'agent relit, "
        "corrige et signe.",
        "Les services reçoivent chaque mois des milliers de courriers et de messages ; la réponse "
        "prend du temps et varie d'un agent à l'autre.",
        "Un assistant de l'espace de travail des agents, sur le modèle hébergé par la Ville, "
        "rédige un brouillon à partir du courrier et des notes du service, avec ses sources.",
        "Le courrier reçu et les notes de service ; rien ne quitte les serveurs de la Ville.",
        "Les agents d'accueil et de courrier, et les usagers qui reçoivent la réponse.",
        "Des réponses plus rapides et plus homogènes ; du temps rendu pour les cas difficiles.",
        "Des réponses standardisées, une relecture trop rapide, une perte de savoir-faire.",
        "Des modèles de courrier tenus à jour par les services.",
        "Direction des systèmes d'information et du numérique",
    ),
    _uc(
        "Comptes rendus de réunion résumés par l'IA",
        "Le modèle de la Ville résume les notes d'une réunion en décisions, actions et échéances, "
        "chaque point citant le passage dont il vient.",
        "La rédaction des comptes rendus prend du temps et ils arrivent souvent tard.",
        "L'assistant « extraire décisions, actions et dates » de l'espace de travail des agents.",
        "Les notes prises pendant la réunion, effacées après le délai de conservation.",
        "Les agents qui animent ou suivent des réunions.",
        "Des comptes rendus disponibles le jour même.",
        "Un résumé qui oublie une nuance ou un désaccord ; le sentiment d'être surveillé.",
        "Un modèle de compte rendu partagé et un tour de rôle pour la prise de notes.",
        "Direction des solidarités",
    ),
]


def _staff_voters() -> list[User]:
    """Demo agents of three departments, with verified emails (they vote and comment)."""
    agents = []
    number = 0
    for department, count in STAFF_DEPARTMENTS:
        for _i in range(count):
            number += 1
            user, created = User.objects.get_or_create(
                email=demo_email(f"agent{number:02d}"),
                defaults={"display_name": f"Agent·e {number}", "department": department},
            )
            if created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
                EmailAddress.objects.get_or_create(
                    user=user, email=user.email, defaults={"verified": True, "primary": True}
                )
            agents.append(user)
    group = Group.objects.get_or_create(name=Role.AGENT)[0]
    group.user_set.add(*agents)
    return agents


def _staff_consultation(now, rng: random.Random) -> None:
    """A consultation of the city's staff on their own AI tools: pseudonymous debate, results
    by department from the minimum group size."""
    consultation, created = Consultation.objects.get_or_create(
        slug=STAFF,
        defaults={
            "title": "Les outils d'IA des agents : votre avis",
            "summary": "Consultation des agents de la Ville sur deux assistants de l'espace de "
            "travail, avant leur généralisation.",
            "description": "Deux assistants de l'espace de travail des agents, sur le modèle "
            "hébergé par la Ville, sont en essai. Avant de les proposer à tous les services, la "
            "Ville demande l'avis des agents qui les utiliseraient.\n\nLes agents votent et "
            "débattent sous un pseudonyme ; le public peut lire la consultation.",
            "information_starts_at": now - timedelta(days=15),
            "voting_starts_at": now - timedelta(days=7),
            "voting_ends_at": now + timedelta(days=21),
            "answer_due_at": now + timedelta(days=45),
            "results_visibility": ResultsVisibility.LIVE,
            "audience": Audience.STAFF,
            "transparent": True,
            "phase": Phase.VOTING,
        },
    )
    if not created:
        return
    proposer = User.objects.filter(email=demo_email("agent")).first()
    use_cases = [
        UseCase.objects.create(
            consultation=consultation,
            proposer=proposer,
            status=UseCaseStatus.IN_CONSULTATION,
            created_at=consultation.information_starts_at,
            updated_at=consultation.information_starts_at,
            **data,
        )
        for data in STAFF_USE_CASES
    ]
    agents = _staff_voters()
    _ballots(use_cases, agents, consultation.voting_starts_at, rng)
    first = _comment(
        use_cases[0],
        agents[0],
        Alignment.FOR,
        "Au courrier, un premier jet sourcé nous ferait gagner du temps, à condition de garder "
        "la main sur la réponse finale.",
        when=consultation.voting_starts_at + timedelta(hours=3),
    )
    _comment(
        use_cases[0],
        agents[13],
        Alignment.AGAINST,
        "Je crains qu'on finisse par signer des réponses qu'on n'a pas vraiment relues. Il "
        "faudrait une formation avant.",
        parent=first,
        when=consultation.voting_starts_at + timedelta(hours=9),
    )
    _comment(
        use_cases[1],
        agents[24],
        Alignment.NEUTRAL,
        "Utile si chaque point renvoie bien aux notes : sinon on passera autant de temps à "
        "vérifier.",
        when=consultation.voting_starts_at + timedelta(days=1),
    )


def _paper_ballots(consultation: Consultation, use_cases: list[UseCase]) -> None:
    """Two ballot boxes counted four-eyes: one confirmed, one whose entries differ."""
    officers = list(
        User.objects.filter(email__in=[demo_email("counter"), demo_email("counter2")]).order_by(
            "email"
        )
    )
    if len(officers) < 2 or PaperBatch.objects.filter(consultation=consultation).exists():
        return
    first, second = use_cases[0].pk, use_cases[1].pk
    box = {first: {"very_good": 6, "good": 4, "insufficient": 2}, second: {"passable": 5}}
    for officer in officers:
        paper_batch_enter(
            officer=officer,
            consultation=consultation,
            label="Mairie du 11e — urne 1",
            channel="paper",
            counts=box,
        )
    for officer, excellent in zip(officers, (3, 4), strict=True):
        paper_batch_enter(
            officer=officer,
            consultation=consultation,
            label="Mairie du 19e — guichet d'accueil",
            channel="counter",
            counts={first: {"excellent": excellent, "good": 1}},
            note="Recompter : une entrée diffère.",
        )


def seed(*, stdout) -> None:
    _staff_consultation(timezone.now(), random.Random(2027))
    if Consultation.objects.filter(slug__in=[OPEN, CLOSED, UPCOMING]).count() == 3:
        stdout.write("consultation: demo content already present")
        return
    now = timezone.now()
    rng = random.Random(2026)
    agent = User.objects.filter(email=demo_email("agent")).first()
    elected = User.objects.filter(email=demo_email("elected")).first()
    residents = list(
        User.objects.filter(email__in=[demo_email("resident"), demo_email("resident2")]).order_by(
            "email"
        )
    )
    voters = _voters(40)

    open_c, _ = Consultation.objects.get_or_create(
        slug=OPEN,
        defaults={
            "title": "L'IA au service des usagers",
            "summary": "Quatre usages de l'IA pour mieux répondre aux Parisiennes et aux Parisiens : "
            "donnez votre avis et votre note.",
            "description": "La Ville étudie quatre usages de l'intelligence artificielle dans ses "
            "services aux usagers. Chaque dossier décrit le problème, la solution envisagée, les "
            "données utilisées et les risques.\n\nNotez chaque usage de **Excellent** à **À "
            "rejeter** : le classement se fait au *jugement majoritaire*. L'adjointe au numérique "
            "publiera une réponse motivée pour chaque usage.",
            "information_starts_at": now - timedelta(days=20),
            "voting_starts_at": now - timedelta(days=10),
            "voting_ends_at": now + timedelta(days=20),
            "answer_due_at": now + timedelta(days=50),
            "accepts_proposals": True,
            "results_visibility": ResultsVisibility.LIVE,
            "phase": Phase.VOTING,
            "paper_voting_places": "Mairie du 11e arrondissement, 12 place Léon-Blum : accueil, "
            "du lundi au vendredi de 8 h 30 à 17 h\nMairie du 19e arrondissement, 5-7 place "
            "Armand-Carrel : accueil, du lundi au vendredi de 8 h 30 à 17 h",
        },
    )
    closed_c, _ = Consultation.objects.get_or_create(
        slug=CLOSED,
        defaults={
            "title": "Propreté et espace public : premiers usages de l'IA",
            "summary": "Consultation close : découvrez les résultats et les réponses de la Ville.",
            "description": "Trois projets ont été soumis aux habitants au printemps. "
            "Les réponses officielles et les engagements sont publiés.",
            "information_starts_at": now - timedelta(days=150),
            "voting_starts_at": now - timedelta(days=130),
            "voting_ends_at": now - timedelta(days=100),
            "answer_due_at": now - timedelta(days=70),
            "results_visibility": ResultsVisibility.AFTER_CLOSE,
            "phase": Phase.ANSWER,
        },
    )
    upcoming_c, _ = Consultation.objects.get_or_create(
        slug=UPCOMING,
        defaults={
            "title": "IA et ressources humaines de la Ville",
            "summary": "Bientôt : trois usages de l'IA dans la gestion du personnel et l'accueil.",
            "description": "Cette consultation s'ouvrira prochainement. Les agents de la Ville y "
            "sont particulièrement invités.",
            "information_starts_at": now + timedelta(days=14),
            "voting_starts_at": now + timedelta(days=28),
            "voting_ends_at": now + timedelta(days=58),
            "answer_due_at": now + timedelta(days=88),
            "accepts_proposals": True,
            "phase": Phase.UPCOMING,
        },
    )

    def create(consultation, data, status):
        return UseCase.objects.create(
            consultation=consultation,
            proposer=agent,
            status=status,
            created_at=consultation.information_starts_at,
            updated_at=consultation.information_starts_at,
            **data,
        )

    open_ucs = [create(open_c, d, UseCaseStatus.IN_CONSULTATION) for d in OPEN_USE_CASES]
    closed_ucs = []
    for data, decision, justification, commitments in CLOSED_USE_CASES:
        uc = create(closed_c, data, UseCaseStatus.IN_CONSULTATION)
        closed_ucs.append((uc, decision, justification, commitments))
    for d in UPCOMING_USE_CASES:
        create(upcoming_c, d, UseCaseStatus.PROPOSED)

    _ballots(open_ucs, voters, open_c.voting_starts_at, rng)
    _ballots([c[0] for c in closed_ucs], voters, closed_c.voting_starts_at, rng)

    from consultation.models import DECISION_TO_STATUS

    for uc, decision, justification, commitments in closed_ucs:
        answer = OfficialAnswer.objects.create(
            use_case=uc,
            author=elected,
            author_title="L'adjointe à la Maire chargée du numérique",
            decision=decision,
            justification=justification,
            published_at=closed_c.answer_due_at,
            updated_at=closed_c.answer_due_at,
        )
        for text, days in commitments:
            Commitment.objects.create(
                answer=answer,
                text=text,
                deadline=(closed_c.answer_due_at + timedelta(days=days)).date(),
                status="kept" if days < 0 else "pending",
                done_at=(closed_c.answer_due_at + timedelta(days=days)).date()
                if days < 0
                else None,
            )
        uc.status = DECISION_TO_STATUS[Decision(decision)]
        uc.save(update_fields=["status"])
        _closed_loop(uc, answer, elected)

    authors = residents + voters[:8]
    when = open_c.information_starts_at + timedelta(days=2)

    def thread(use_case, alignment, text, replies, parent=None, depth_seed=0):
        nonlocal when
        when += timedelta(hours=7)
        author = authors[(depth_seed + len(text)) % len(authors)]
        comment = _comment(use_case, author, alignment, text, parent=parent, when=when)
        for i, (a, t, r) in enumerate(replies):
            thread(use_case, a, t, r, parent=comment, depth_seed=depth_seed + i + 1)
        return comment

    for index, alignment, text, replies in DEBATE:
        comment = thread(open_ucs[index], alignment, text, replies)
        ups = rng.randint(1, 12)
        Comment.objects.filter(pk=comment.pk).update(upvotes=ups, downvotes=2, score=ups - 2)
    _translations(open_c, elected)
    _paper_ballots(open_c, open_ucs)
    stdout.write(
        f"consultation: 4 consultations, {UseCase.objects.count()} use cases, "
        f"{Ballot.objects.count()} ballots, {Comment.objects.count()} comments"
    )
