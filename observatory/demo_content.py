"""Demo texts of the observatory, written for this site (French source, English translation)."""

TOPICS = [
    # slug, French, English, parent slug
    ("transparence", "Transparence", "Transparency", None),
    ("registre", "Registre des algorithmes", "Algorithm register", "transparence"),
    ("recours", "Recours et droits", "Recourse and rights", "transparence"),
    ("participation", "Participation citoyenne", "Citizen participation", None),
    ("consultations", "Consultations", "Consultations", "participation"),
    ("temoignages", "Témoignages", "Testimonies", "participation"),
    ("sobriete", "Sobriété numérique", "Digital sobriety", None),
    ("energie", "Énergie des modèles", "Energy of models", "sobriete"),
    ("competences", "Compétences et formation", "Skills and training", None),
]

RESEARCHERS = [
    {
        "name": "Léa Martin",
        "slug": "lea-martin",
        "college": "researchers",
        "affiliation": "Ville de Paris — Observatoire IA Commune",
        "is_cifre": True,
        "partner_lab": "Laboratoire CNRS LATTS (Université Gustave Eiffel)",
        "orcid": "0000-0002-1825-0097",
        "bio": "Doctorante en sociologie sous contrat CIFRE avec la Ville de Paris, Léa Martin étudie "
        "la manière dont les services municipaux documentent leurs systèmes algorithmiques.",
        "bio_en": "A sociology PhD candidate under a CIFRE contract with the City of Paris, Léa Martin "
        "studies how municipal services document their algorithmic systems.",
        "account": "researcher",
    },
    {
        "name": "Antoine Dubois",
        "slug": "antoine-dubois",
        "college": "researchers",
        "affiliation": "Université Paris Cité, Centre de recherche en informatique",
        "orcid": "0000-0001-5109-3700",
        "bio": "Professeur d'informatique, spécialiste de l'évaluation des systèmes d'apprentissage "
        "automatique ; il encadre la thèse CIFRE de l'observatoire.",
        "bio_en": "Professor of computer science, specialist in the evaluation of machine-learning "
        "systems; he supervises the observatory's CIFRE thesis.",
        "account": "supervisor",
    },
    {
        "name": "Nadia Benali",
        "slug": "nadia-benali",
        "college": "experts",
        "affiliation": "Association Données et Territoires",
        "orcid": "0000-0003-1415-9269",
        "bio": "Experte en participation citoyenne, elle a conçu les protocoles d'enquête auprès des "
        "habitants et anime le collège des résidents.",
        "bio_en": "An expert in citizen participation, she designed the resident survey protocols "
        "and leads the residents' college.",
    },
    {
        "name": "Thomas Girard",
        "slug": "thomas-girard",
        "college": "agents",
        "affiliation": "Direction des systèmes d'information et du numérique, Ville de Paris",
        "bio": "Ingénieur à la DSIN, il exploite le nœud d'inférence municipal et en mesure la "
        "consommation électrique.",
        "bio_en": "An engineer at the city's IT department, he runs the municipal inference node "
        "and measures its power draw.",
    },
    {
        "name": "Claire Rousseau",
        "slug": "claire-rousseau",
        "college": "elected",
        "affiliation": "Conseil de Paris",
        "bio": "Conseillère de Paris, membre du comité éditorial de l'observatoire.",
        "bio_en": "Paris councillor, member of the observatory's editorial board.",
    },
    {
        "name": "Marc Lefèvre",
        "slug": "marc-lefevre",
        "college": "residents",
        "affiliation": "Habitant du 18e arrondissement, tiré au sort",
        "bio": "Membre tiré au sort du collège des habitants pour l'édition 2026.",
        "bio_en": "Resident of the 18th arrondissement, drawn by lot to the residents' college for 2026.",
    },
]

REFS = {
    "ada": {
        "authors": "Ada Lovelace Institute, AI Now Institute, Open Government Partnership",
        "title": "Algorithmic Accountability for the Public Sector",
        "container": "Ada Lovelace Institute",
        "year": 2021,
        "doi": "",
        "url": "https://www.adalovelaceinstitute.org/report/algorithmic-accountability-public-sector/",
    },
    "strubell": {
        "authors": "Strubell, E., Ganesh, A., McCallum, A.",
        "title": "Energy and Policy Considerations for Deep Learning in NLP",
        "container": "Proceedings of ACL 2019",
        "year": 2019,
        "doi": "10.18653/v1/P19-1355",
        "url": "",
    },
    "luccioni": {
        "authors": "Luccioni, A. S., Jernite, Y., Strubell, E.",
        "title": "Power Hungry Processing: Watts Driving the Cost of AI Deployment?",
        "container": "ACM FAccT 2024",
        "year": 2024,
        "doi": "10.1145/3630106.3658542",
        "url": "",
    },
    "balinski": {
        "authors": "Balinski, M., Laraki, R.",
        "title": "Majority Judgment: Measuring, Ranking, and Electing",
        "container": "MIT Press",
        "year": 2011,
        "doi": "",
        "url": "https://mitpress.mit.edu/9780262015134/majority-judgment/",
    },
}

ANALYSES = [
    {
        "slug": "inventaire-systemes-ia-2026",
        "authors": [("lea-martin", "author"), ("antoine-dubois", "supervisor")],
        "topics": ["registre", "recours"],
        "tags": ["registre", "AI Act", "inventaire"],
        "date": (2026, 3, 12),
        "revised": (2026, 4, 2),
        "correction": {
            "fr": "La version du 12 mars comptait deux fois le chatbot de la DPE (fiche dédoublée "
            "lors de l'import) ; les totaux ont été corrigés.",
            "en": "The 12 March version counted the water department's chatbot twice (a record "
            "duplicated during import); the totals were corrected.",
        },
        "chart": "Niveau de risque;Systèmes\nInacceptable;0\nÉlevé;4\nLimité;11\nMinimal;17",
        "chart_en": "Risk level;Systems\nProhibited;0\nHigh;4\nLimited;11\nMinimal;17",
        "refs": ["ada"],
        "indicator": "register.systems_total",
        "fr": {
            "title": "Les systèmes d'IA de la Ville en 2026 : un inventaire",
            "lead": "Trente-deux systèmes recensés, quatre à haut risque au sens de l'AI Act : "
            "ce que le registre dit, et ce qu'il ne dit pas encore.",
            "summary": "Cette analyse dresse le premier inventaire raisonné des systèmes d'intelligence "
            "artificielle utilisés par les services de la Ville. Elle s'appuie sur les fiches du registre "
            "public, complétées par des entretiens avec les directions. Nous classons les systèmes selon "
            "les niveaux de risque de l'AI Act et selon leur statut (en projet, en service, retiré). "
            "Quatre systèmes relèvent du haut risque, tous liés à l'accès à des prestations. La qualité "
            "des fiches est inégale : la description des données d'entraînement manque dans près d'un tiers "
            "des cas. Nous recommandons de rendre ce champ obligatoire avant publication.",
            "paragraphs": [
                ("h2", "Méthode"),
                (
                    "p",
                    "<p>Nous avons relevé toutes les fiches publiées dans le registre au 1er mars 2026, "
                    "puis mené onze entretiens avec les directions qui les portent. Chaque fiche a été lue "
                    "par deux personnes de l'observatoire, qui ont noté séparément la complétude des "
                    "champs du standard commun [1].</p>",
                ),
                (
                    "p",
                    "<p>Le classement par niveau de risque reprend celui déclaré par les services, "
                    "vérifié au regard de l'annexe III de l'AI Act. Nous n'avons modifié aucun niveau, mais "
                    "signalons trois cas où la justification nous paraît fragile.</p>",
                ),
                ("h2", "Ce que montre le registre"),
                ("chart", None),
                (
                    "p",
                    "<p>Les systèmes à risque minimal dominent : correcteurs, traduction, tri de "
                    "courriels. Les quatre systèmes à haut risque concernent l'instruction de demandes "
                    "d'aides ou de places (crèches, logement), où une erreur affecte directement une "
                    "personne. Tous disposent d'une procédure de recours, mais seuls deux en affichent le "
                    "délai de réponse.</p>",
                ),
                ("indicator", None),
                ("h2", "Ce qui manque encore"),
                (
                    "p",
                    "<p>Un tiers des fiches ne décrit pas les données d'entraînement ou se contente "
                    "d'un « données internes ». Or c'est la première question que posent les habitants "
                    "lors des consultations. Nous recommandons que ce champ devienne bloquant avant "
                    "publication, et que le registre indique la date de la dernière évaluation [2].</p>",
                ),
                (
                    "footnotes",
                    [
                        "Standard commun issu de l'Algoritmeregister néerlandais, du modèle "
                        "Eurocities et de l'ATRS britannique.",
                        "Voir la recommandation R2 du rapport annuel 2026.",
                    ],
                ),
                ("refs", None),
            ],
        },
        "en": {
            "title": "The city's AI systems in 2026: an inventory",
            "lead": "Thirty-two systems listed, four high-risk under the AI Act: what the register "
            "says, and what it does not say yet.",
            "summary": "This analysis draws up the first systematic inventory of the artificial "
            "intelligence systems used by the city's departments. It relies on the public register's "
            "records, complemented by interviews with the departments. We classify systems by AI Act "
            "risk level and by status (planned, in service, withdrawn). Four systems are high-risk, "
            "all related to access to benefits. Record quality varies: the description of training "
            "data is missing in nearly a third of cases. We recommend making this field mandatory "
            "before publication.",
            "paragraphs": [
                ("h2", "Method"),
                (
                    "p",
                    "<p>We collected every record published in the register on 1 March 2026, then "
                    "held eleven interviews with the departments in charge. Two members of the observatory "
                    "read each record and separately scored the completeness of the fields of the common "
                    "standard [1].</p>",
                ),
                (
                    "p",
                    "<p>The risk classification is the one declared by the departments, checked "
                    "against Annex III of the AI Act. We changed no level, but flag three cases where the "
                    "justification looks weak.</p>",
                ),
                ("h2", "What the register shows"),
                ("chart", None),
                (
                    "p",
                    "<p>Minimal-risk systems dominate: spell checkers, translation, email sorting. "
                    "The four high-risk systems handle applications for benefits or places (nurseries, "
                    "housing), where an error directly affects a person. All have a recourse procedure, "
                    "but only two display the time to answer.</p>",
                ),
                ("indicator", None),
                ("h2", "What is still missing"),
                (
                    "p",
                    "<p>A third of the records do not describe the training data or merely say "
                    "“internal data”. Yet it is the first question residents ask in consultations. We "
                    "recommend making this field blocking before publication, and showing the date of the "
                    "last evaluation in the register [2].</p>",
                ),
                (
                    "footnotes",
                    [
                        "Common standard drawn from the Dutch Algoritmeregister, the Eurocities "
                        "model and the UK ATRS.",
                        "See recommendation R2 of the 2026 yearly report.",
                    ],
                ),
                ("refs", None),
            ],
        },
    },
    {
        "slug": "ce-que-disent-les-parisiens",
        "authors": [("nadia-benali", "author"), ("marc-lefevre", "contributor")],
        "topics": ["consultations", "temoignages"],
        "tags": ["participation", "jugement majoritaire", "témoignages"],
        "date": (2026, 6, 4),
        "revised": None,
        "chart": "Appréciation;Part des votes (%)\nExcellent;9\nTrès bien;18\nBien;24\nAssez bien;17\n"
        "Passable;12\nInsuffisant;11\nÀ rejeter;9",
        "chart_en": "Grade;Share of ballots (%)\nExcellent;9\nVery good;18\nGood;24\nFairly good;17\n"
        "Passable;12\nInsufficient;11\nReject;9",
        "refs": ["balinski"],
        "indicator": "consultation.participants",
        "testimony": True,
        "fr": {
            "title": "Ce que disent les Parisiens des usages de l'IA",
            "lead": "Votes au jugement majoritaire, commentaires et témoignages : les habitants "
            "acceptent l'IA qui fait gagner du temps, pas celle qui décide à leur place.",
            "summary": "Nous analysons la première saison de consultations sur les usages de l'IA par la "
            "Ville, ainsi que les témoignages déposés par les habitants. Le vote au jugement majoritaire "
            "permet de lire la distribution complète des appréciations, pas seulement un score. Les cas "
            "d'usage d'aide à la rédaction et de traduction obtiennent une mention majoritaire « Bien » ; "
            "ceux qui touchent à l'attribution de prestations obtiennent « Passable ». Les commentaires "
            "expriment une demande forte d'intervention humaine et de droit au recours. Les témoignages "
            "montrent que les habitants découvrent souvent l'usage d'un algorithme après coup.",
            "paragraphs": [
                ("h2", "Une participation à lire en entier"),
                (
                    "p",
                    "<p>Le jugement majoritaire demande à chaque votant d'attribuer une mention à "
                    "chaque cas d'usage, de « Excellent » à « À rejeter » [1]. La mention majoritaire est "
                    "la médiane ; mais la distribution complète dit davantage, notamment la part de "
                    "rejets francs.</p>",
                ),
                ("chart", None),
                ("indicator", None),
                ("h2", "Le temps gagné, oui ; la décision, non"),
                (
                    "p",
                    "<p>Les commentaires favorables insistent sur le temps gagné au guichet et sur "
                    "l'accessibilité (traduction, lecture simplifiée). Les commentaires défavorables "
                    "visent les usages où l'algorithme classe ou priorise des demandes : les habitants "
                    "veulent savoir qui décide et comment contester.</p>",
                ),
                (
                    "quote",
                    (
                        "Je veux bien qu'une machine m'aide à remplir le formulaire, pas qu'elle "
                        "décide si j'ai droit à une place en crèche.",
                        "Commentaire, consultation de mars 2026",
                    ),
                ),
                ("testimony", None),
                ("h2", "Ce que nous en retenons"),
                (
                    "p",
                    "<p>La légitimité d'un usage dépend moins de la technique que de la place laissée "
                    "à l'agent et au recours. Nous recommandons que chaque fiche du registre indique "
                    "explicitement qui prend la décision finale.</p>",
                ),
                ("footnotes", ["Balinski et Laraki (2011) décrivent la méthode et son départage."]),
                ("refs", None),
            ],
        },
        "en": {
            "title": "What Parisians say about the city's uses of AI",
            "lead": "Majority-judgment votes, comments and testimonies: residents accept AI that "
            "saves time, not AI that decides for them.",
            "summary": "We analyse the first season of consultations on the city's uses of AI, and "
            "the testimonies residents submitted. Majority-judgment voting shows the full distribution "
            "of grades, not just a score. Drafting-aid and translation use cases get a majority grade of "
            "“Good”; those that touch on the allocation of benefits get “Passable”. Comments express a "
            "strong demand for human intervention and a right to appeal. Testimonies show that residents "
            "often discover the use of an algorithm after the fact.",
            "paragraphs": [
                ("h2", "Participation, read in full"),
                (
                    "p",
                    "<p>Majority judgment asks each voter to grade every use case, from “Excellent” "
                    "to “Reject” [1]. The majority grade is the median; but the full distribution says "
                    "more, in particular the share of outright rejections.</p>",
                ),
                ("chart", None),
                ("indicator", None),
                ("h2", "Saving time, yes; deciding, no"),
                (
                    "p",
                    "<p>Favourable comments stress the time saved at the counter and accessibility "
                    "(translation, easy-read). Unfavourable comments target uses where the algorithm ranks "
                    "or prioritises applications: residents want to know who decides and how to "
                    "appeal.</p>",
                ),
                (
                    "quote",
                    (
                        "I don't mind a machine helping me fill in the form, but not deciding whether "
                        "I get a nursery place.",
                        "Comment, March 2026 consultation",
                    ),
                ),
                ("testimony", None),
                ("h2", "What we take from it"),
                (
                    "p",
                    "<p>The legitimacy of a use depends less on the technique than on the room left to "
                    "the agent and to appeal. We recommend that every register record state explicitly who "
                    "takes the final decision.</p>",
                ),
                (
                    "footnotes",
                    ["Balinski and Laraki (2011) describe the method and its tie-break."],
                ),
                ("refs", None),
            ],
        },
    },
    {
        "slug": "sobriete-energie-modele-municipal",
        "authors": [
            ("thomas-girard", "author"),
            ("lea-martin", "contributor"),
            ("antoine-dubois", "supervisor"),
        ],
        "topics": ["energie"],
        "tags": ["énergie", "CO2", "SmolLM2", "sobriété"],
        "date": (2026, 9, 18),
        "revised": None,
        "chart": "Modèle;Wh par réponse\nSmolLM2-135M (nœud Ville);0.05\nModèle 7B quantifié (nœud partenaire);0.9\n"
        "Grand modèle en nuage (estimation publiée);3",
        "chart_en": "Model;Wh per answer\nSmolLM2-135M (city node);0.05\nQuantised 7B model (partner node);0.9\n"
        "Large cloud model (published estimate);3",
        "refs": ["strubell", "luccioni"],
        "indicator": "inference.energy_wh_per_request",
        "fr": {
            "title": "Sobriété : mesurer l'énergie des réponses du modèle municipal",
            "lead": "Combien d'énergie consomme une réponse du modèle de la Ville ? Une méthode "
            "simple, publiée, et des ordres de grandeur à garder en tête.",
            "summary": "La Ville fait tourner un petit modèle de langage sur ses propres serveurs et "
            "partage des nœuds avec d'autres collectivités. Nous décrivons la méthode d'estimation de "
            "l'énergie de chaque réponse : durée de génération multipliée par la puissance déclarée du "
            "nœud et par le PUE du centre de données, puis conversion en CO2 avec le facteur du réseau "
            "électrique français. Nous comparons les ordres de grandeur entre modèles. Le choix du plus "
            "petit modèle suffisant est le premier levier de sobriété. Les chiffres sont des estimations "
            "et sont présentés comme tels.",
            "paragraphs": [
                ("h2", "La méthode"),
                (
                    "p",
                    "<p>Pour chaque réponse, le pont d'inférence enregistre la durée de génération, "
                    "le nombre de jetons et le nœud qui a répondu — jamais le texte. L'énergie est estimée "
                    "ainsi : durée × puissance déclarée du nœud × PUE. Le CO2 s'obtient en multipliant par "
                    "le facteur d'émission du réseau de la zone d'hébergement, environ 0,044 kgCO2e/kWh en "
                    "France [1].</p>",
                ),
                (
                    "p",
                    "<p>Cette méthode sous-estime la fabrication du matériel et surestime parfois la "
                    "puissance réellement appelée. Elle a le mérite d'être simple, reproductible et "
                    "comparable d'un nœud à l'autre [2].</p>",
                ),
                ("h2", "Des ordres de grandeur"),
                ("chart", None),
                ("indicator", None),
                (
                    "p",
                    "<p>Un petit modèle de 135 millions de paramètres répond à une question simple pour "
                    "une fraction de wattheure. Un modèle de 7 milliards de paramètres consomme un ordre de "
                    "grandeur de plus. Le premier levier n'est donc pas l'optimisation fine, mais le choix "
                    "du plus petit modèle qui suffit à la tâche.</p>",
                ),
                ("h2", "Recommandations"),
                (
                    "p",
                    "<p>Afficher l'estimation à côté de chaque réponse, publier la puissance déclarée "
                    "de chaque nœud et limiter la longueur des réponses par défaut : trois mesures simples "
                    "que nous reprenons dans le rapport annuel.</p>",
                ),
                (
                    "footnotes",
                    [
                        "Facteur moyen du mix électrique français, ordre de grandeur publié par RTE.",
                        "Voir Strubell et al. (2019) et Luccioni et al. (2024).",
                    ],
                ),
                ("refs", None),
            ],
        },
        "en": {
            "title": "Sobriety: measuring the energy of the city model's answers",
            "lead": "How much energy does an answer of the city's model use? A simple, published "
            "method, and orders of magnitude worth remembering.",
            "summary": "The city runs a small language model on its own servers and shares nodes with "
            "other local authorities. We describe how the energy of each answer is estimated: generation "
            "time multiplied by the node's declared power and by the data centre's PUE, then converted to "
            "CO2 with the French grid factor. We compare orders of magnitude across models. Choosing the "
            "smallest sufficient model is the first lever of sobriety. The figures are estimates and are "
            "presented as such.",
            "paragraphs": [
                ("h2", "The method"),
                (
                    "p",
                    "<p>For each answer, the inference bridge records the generation time, the number "
                    "of tokens and the node that answered — never the text. Energy is estimated as time × "
                    "the node's declared power × PUE. CO2 is obtained by multiplying by the emission factor "
                    "of the hosting zone's grid, about 0.044 kgCO2e/kWh in France [1].</p>",
                ),
                (
                    "p",
                    "<p>This method underestimates hardware manufacturing and sometimes overestimates "
                    "the power actually drawn. Its merit is to be simple, reproducible and comparable from "
                    "one node to another [2].</p>",
                ),
                ("h2", "Orders of magnitude"),
                ("chart", None),
                ("indicator", None),
                (
                    "p",
                    "<p>A small 135-million-parameter model answers a simple question for a fraction "
                    "of a watt-hour. A 7-billion-parameter model uses an order of magnitude more. The first "
                    "lever is therefore not fine-tuning, but choosing the smallest model that does the "
                    "job.</p>",
                ),
                ("h2", "Recommendations"),
                (
                    "p",
                    "<p>Show the estimate next to each answer, publish each node's declared power and "
                    "cap the default answer length: three simple measures we carry into the yearly "
                    "report.</p>",
                ),
                (
                    "footnotes",
                    [
                        "Average factor of the French electricity mix, order of magnitude published by RTE.",
                        "See Strubell et al. (2019) and Luccioni et al. (2024).",
                    ],
                ),
                ("refs", None),
            ],
        },
    },
]

RECOMMENDATIONS = [
    # reference, priority, status, fr (title, addressee, text), en (title, addressee, text)
    (
        "R1",
        "high",
        "accepted",
        (
            "Rendre obligatoire la description des données d'entraînement avant toute publication au registre",
            "Délégation à la transparence",
            "Un tiers des fiches n'en dit rien ; c'est pourtant la première question des habitants.",
        ),
        (
            "Make the description of training data mandatory before any register publication",
            "Transparency delegation",
            "A third of the records say nothing about it; yet it is residents' first question.",
        ),
    ),
    (
        "R2",
        "medium",
        "awaiting",
        (
            "Afficher sur chaque fiche la date de la dernière évaluation du système",
            "Direction des systèmes d'information et du numérique",
            "Une évaluation datée permet de savoir si le système a été revu depuis sa mise en service.",
        ),
        (
            "Show the date of the system's last evaluation on each record",
            "IT and digital department",
            "A dated evaluation tells whether the system has been reviewed since it went live.",
        ),
    ),
    (
        "R3",
        "high",
        "in_progress",
        (
            "Indiquer explicitement qui prend la décision finale pour chaque système à haut risque",
            "Direction des familles et de la petite enfance",
            "Les habitants acceptent l'aide, pas la décision automatique.",
        ),
        (
            "State explicitly who takes the final decision for each high-risk system",
            "Families and early childhood department",
            "Residents accept assistance, not automated decisions.",
        ),
    ),
    (
        "R4",
        "high",
        "awaiting",
        (
            "Publier le délai de réponse aux recours et le respecter",
            "Direction des affaires juridiques",
            "Seuls deux des quatre systèmes à haut risque affichent ce délai.",
        ),
        (
            "Publish the time to answer recourse requests and keep to it",
            "Legal affairs department",
            "Only two of the four high-risk systems display it.",
        ),
    ),
    (
        "R5",
        "medium",
        "accepted",
        (
            "Afficher l'estimation d'énergie et de CO2 à côté de chaque réponse du modèle municipal",
            "Direction des systèmes d'information et du numérique",
            "Rendre visible le coût énergétique aide à un usage sobre.",
        ),
        (
            "Show the energy and CO2 estimate next to every answer of the city's model",
            "IT and digital department",
            "Making the energy cost visible encourages sober use.",
        ),
    ),
    (
        "R6",
        "low",
        "done",
        (
            "Limiter par défaut la longueur des réponses du modèle municipal",
            "Direction des systèmes d'information et du numérique",
            "Des réponses courtes suffisent le plus souvent et consomment moins.",
        ),
        (
            "Cap the default length of the city model's answers",
            "IT and digital department",
            "Short answers are usually enough and use less energy.",
        ),
    ),
    (
        "R7",
        "medium",
        "awaiting",
        (
            "Former chaque agent utilisateur d'un système à haut risque avant sa mise en service",
            "Direction des ressources humaines",
            "Le module « IA et service public » du site peut servir de socle.",
        ),
        (
            "Train every agent using a high-risk system before it goes live",
            "Human resources department",
            "The site's “AI and public service” course can serve as a basis.",
        ),
    ),
]

REPORT = {
    "fr": {
        "title": "Rapport annuel 2026 de l'observatoire de l'IA",
        "lead": "Un état des lieux des usages de l'IA par la Ville et sept recommandations, "
        "dont le suivi est mis à jour ici.",
        "summary": "Premier rapport annuel de l'observatoire : inventaire des systèmes, parole des "
        "habitants, sobriété du modèle municipal, et sept recommandations adressées aux directions.",
        "executive_summary": "<p>En 2026, la Ville a publié pour la première fois l'inventaire de ses "
        "systèmes d'IA. Le registre est utile mais inégal ; les habitants acceptent l'IA qui aide et "
        "refusent celle qui décide ; le modèle municipal est sobre parce qu'il est petit.</p>"
        "<ul><li>Compléter le registre et dater les évaluations.</li><li>Garantir une décision humaine "
        "et un recours effectif pour les systèmes à haut risque.</li><li>Rendre visible le coût "
        "énergétique des réponses.</li></ul>",
    },
    "en": {
        "title": "AI observatory yearly report 2026",
        "lead": "A review of the city's uses of AI and seven recommendations, whose follow-up is "
        "updated here.",
        "summary": "The observatory's first yearly report: inventory of systems, residents' voices, "
        "sobriety of the city's model, and seven recommendations to the departments.",
        "executive_summary": "<p>In 2026 the city published the inventory of its AI systems for the "
        "first time. The register is useful but uneven; residents accept AI that helps and reject AI "
        "that decides; the city's model is sober because it is small.</p><ul><li>Complete the "
        "register and date evaluations.</li><li>Guarantee a human decision and effective recourse for "
        "high-risk systems.</li><li>Make the energy cost of answers visible.</li></ul>",
    },
}

TESTIMONIES = [
    (
        "resident",
        False,
        "J'ai demandé une place en crèche en ligne. Le courrier de refus parlait d'un « score de "
        "priorité » que personne n'a su m'expliquer au guichet. J'aurais voulu savoir qu'un algorithme "
        "intervenait avant de déposer ma demande, et comment le contester.",
    ),
    (
        "resident2",
        True,
        "Le traducteur automatique de la mairie du 19e m'a permis de remplir mon dossier avec ma mère, "
        "qui lit mal le français. C'était imparfait mais l'agent a relu avec nous : c'est cette "
        "combinaison qui a marché.",
    ),
    (
        "resident",
        True,
        "Le chatbot des impôts locaux m'a donné une réponse fausse sur l'exonération ; heureusement la "
        "page indiquait qu'il s'agissait d'une réponse générée et comment joindre un agent.",
    ),
]

INDEX = {
    "fr": {
        "title": "Observatoire de l'IA",
        "lead": "Chercheurs, experts, agents, habitants et élus analysent les usages de l'IA par la "
        "Ville, publient un rapport chaque année et suivent ses recommandations.",
        "introduction": "<p>L'observatoire publie des analyses signées, relues par un encadrant puis "
        "par le comité éditorial. Ses données sont ouvertes et ses recommandations suivies publiquement.</p>",
    },
    "en": {
        "title": "AI observatory",
        "lead": "Researchers, experts, agents, residents and elected officials analyse the city's "
        "uses of AI, publish a report every year and follow up its recommendations.",
        "introduction": "<p>The observatory publishes signed analyses, reviewed by a supervisor and "
        "then by the editorial board. Its data are open and its recommendations followed up in "
        "public.</p>",
    },
}
