"""Seed text for the portal pages, written for this site, in French and English.

Kept as data so that `seed_demo` stays short; once seeded, editors own the pages in Wagtail.
"""

HOME = {
    "fr": {
        "title": "IA Commune",
        "lead": "La Ville met l'intelligence artificielle au service du public, sous votre regard : "
        "consultez le registre de ses systèmes d'IA, donnez votre avis sur les projets, "
        "formez-vous et essayez le modèle de langage de la Ville, hébergé sur ses propres serveurs.",
        "parts": [
            (
                "Le registre des systèmes d'IA",
                "Tous les systèmes d'IA utilisés par la Ville : à quoi ils servent, "
                "quelles données ils utilisent, qui les contrôle, et comment demander un réexamen humain d'une décision.",
                "Consulter le registre",
                "/register/",
            ),
            (
                "Les consultations",
                "Les projets d'usage de l'IA sont soumis à votre avis : notez-les, débattez, "
                "et suivez la réponse officielle de la Ville.",
                "Participer",
                "/consultations/",
            ),
            (
                "L'observatoire",
                "Analyses de chercheurs, rapport annuel, recommandations à la Ville et indicateurs "
                "mis à jour en continu.",
                "Lire les analyses",
                "/observatory/",
            ),
            (
                "Se former",
                "Des cours gratuits et courts pour comprendre l'IA, ses limites et vos droits, "
                "avec un certificat à la clé.",
                "Commencer un cours",
                "/training/",
            ),
            (
                "Essayer l'IA de la Ville",
                "Posez une question au modèle de langage libre de la Ville, qui tourne "
                "sur ses serveurs, et voyez ce que coûte chaque réponse en énergie.",
                "Ouvrir le bac à sable",
                "/sandbox/",
            ),
        ],
        "body": [
            ("heading", "Nos engagements"),
            (
                "paragraph",
                "<p>Vos données restent sur les serveurs de la Ville : aucun service externe, aucun "
                "traceur, aucune publicité. Chaque texte produit par une IA est signalé comme tel. Chaque décision "
                "est traçable et peut être contestée auprès d'un agent.</p>",
            ),
        ],
    },
    "en": {
        "title": "IA Commune",
        "lead": "The city puts artificial intelligence at the service of the public, in full view: read the "
        "register of its AI systems, give your opinion on proposed uses, learn about AI and try the city's "
        "own language model, hosted on its own servers.",
        "parts": [
            (
                "The AI register",
                "Every AI system the city uses: what it is for, which data it uses, who oversees "
                "it, and how to ask for a human review of a decision.",
                "Read the register",
                "/register/",
            ),
            (
                "Consultations",
                "Proposed uses of AI are put to you: grade them, debate, and follow the city's "
                "official answer.",
                "Take part",
                "/consultations/",
            ),
            (
                "The observatory",
                "Researchers' analyses, the yearly report, recommendations to the city and "
                "live indicators.",
                "Read the analyses",
                "/observatory/",
            ),
            (
                "Learn",
                "Short, free courses to understand AI, its limits and your rights, with a certificate.",
                "Start a course",
                "/training/",
            ),
            (
                "Try the city's AI",
                "Ask the city's open-source language model, running on its own servers, and "
                "see the energy cost of each answer.",
                "Open the sandbox",
                "/sandbox/",
            ),
        ],
        "body": [
            ("heading", "Our commitments"),
            (
                "paragraph",
                "<p>Your data stays on the city's servers: no external service, no tracker, no "
                "advertising. Every text produced by an AI is labelled as such. Every decision is traceable and "
                "can be challenged before a city agent.</p>",
            ),
        ],
    },
}

CHARTER = {
    "fr": {
        "title": "Charte de l'IA de la Ville",
        "lead": "Dix principes que tout système d'IA utilisé par la Ville doit respecter. "
        "Le registre indique, système par système, s'ils sont respectés.",
        "introduction": "<p>Cette charte engage la Ville et ses prestataires. Elle est évaluée chaque année par "
        "l'observatoire de l'IA et peut être révisée après consultation des habitants.</p>",
        "principles": [
            (
                "Équité et non-discrimination",
                "Aucun système ne doit traiter les personnes de façon inéquitable.",
                ["Tester les biais avant et pendant l'usage", "Publier les résultats de ces tests"],
            ),
            (
                "Pas d'identification biométrique",
                "La Ville n'utilise ni reconnaissance faciale ni identification "
                "biométrique des personnes.",
                ["Refuser tout système de ce type, y compris en expérimentation"],
            ),
            (
                "Sobriété",
                "L'énergie consommée par l'IA est mesurée, publiée et réduite.",
                [
                    "Choisir le plus petit modèle qui suffit",
                    "Afficher le coût énergétique des réponses",
                ],
            ),
            (
                "Souveraineté",
                "Les données et l'infrastructure restent sous le contrôle de la Ville.",
                [
                    "Héberger les modèles sur des serveurs de la Ville ou de collectivités partenaires",
                    "Privilégier les modèles et logiciels libres",
                ],
            ),
            (
                "Transparence et explicabilité",
                "Chaque système est inscrit au registre et chaque contenu produit "
                "par une IA est signalé.",
                [
                    "Publier une fiche au registre avant la mise en service",
                    "Expliquer une décision à toute personne qui le demande",
                ],
            ),
            (
                "Contrôle humain et recours",
                "Un agent peut toujours reprendre la main, et toute personne peut "
                "demander un réexamen humain.",
                ["Répondre à toute demande de recours sous un mois"],
            ),
            (
                "Conformité",
                "Les systèmes respectent le RGPD et le règlement européen sur l'IA.",
                [
                    "Réaliser les analyses d'impact requises",
                    "Inscrire les systèmes à haut risque dans la base de l'UE",
                ],
            ),
            (
                "Utilité pour le service public",
                "Un système n'est déployé que s'il améliore le service rendu.",
                ["Évaluer chaque système au regard d'alternatives sans IA"],
            ),
            (
                "Conditions de travail des agents",
                "L'IA doit améliorer le travail des agents, pas le dégrader.",
                [
                    "Associer les agents concernés à la conception",
                    "Former les agents avant la mise en service",
                ],
            ),
            (
                "Contrôle démocratique",
                "Les habitants et les élus évaluent les usages de l'IA.",
                [
                    "Soumettre les projets importants à consultation",
                    "Publier une réponse officielle à chaque consultation",
                ],
            ),
        ],
    },
    "en": {
        "title": "The city's AI charter",
        "lead": "Ten principles every AI system used by the city must meet. The register shows, system by "
        "system, whether they are met.",
        "introduction": "<p>This charter binds the city and its suppliers. The AI observatory assesses it every "
        "year, and it may be revised after consulting residents.</p>",
        "principles": [
            (
                "Equity and non-discrimination",
                "No system may treat people unfairly.",
                ["Test for bias before and during use", "Publish the results of these tests"],
            ),
            (
                "No biometric identification",
                "The city uses neither facial recognition nor biometric identification of people.",
                ["Refuse any such system, including trials"],
            ),
            (
                "Sobriety",
                "The energy used by AI is measured, published and reduced.",
                ["Choose the smallest model that is enough", "Show the energy cost of answers"],
            ),
            (
                "Sovereignty",
                "Data and infrastructure stay under the city's control.",
                [
                    "Host models on the city's or partner local governments' servers",
                    "Prefer open-source models and software",
                ],
            ),
            (
                "Transparency and explainability",
                "Every system is in the register and every AI-generated content is labelled.",
                [
                    "Publish a register record before going live",
                    "Explain a decision to anyone who asks",
                ],
            ),
            (
                "Human oversight and recourse",
                "An agent can always take over, and anyone can ask for a human review.",
                ["Answer every recourse request within one month"],
            ),
            (
                "Legal compliance",
                "Systems comply with the GDPR and the EU AI Act.",
                [
                    "Carry out the required impact assessments",
                    "Register high-risk systems in the EU database",
                ],
            ),
            (
                "Usefulness for the public service",
                "A system is deployed only if it improves the service.",
                ["Assess every system against alternatives without AI"],
            ),
            (
                "Better working conditions for agents",
                "AI must improve agents' work, not degrade it.",
                ["Involve the agents concerned in the design", "Train agents before going live"],
            ),
            (
                "Democratic control and evaluation",
                "Residents and elected officials evaluate the uses of AI.",
                [
                    "Put major projects to consultation",
                    "Publish an official answer to every consultation",
                ],
            ),
        ],
    },
}

LEGAL_PAGES = {
    "legal-notice": {
        "fr": (
            "Mentions légales",
            "Qui publie ce site, qui l'héberge, et sous quelle licence.",
            [
                ("heading", "Éditeur"),
                (
                    "paragraph",
                    "<p>Ce site est édité par la Ville (démonstration locale d'IA Commune). Directeur de "
                    "la publication : le maire ou la maire de la Ville. Contact : la délégation à la transparence "
                    "numérique, par le formulaire de contact de la Ville.</p>",
                ),
                ("heading", "Hébergement"),
                (
                    "paragraph",
                    "<p>Le site et le modèle de langage sont hébergés sur des serveurs de la Ville, en "
                    "France. Aucune donnée n'est transmise à un service tiers.</p>",
                ),
                ("heading", "Logiciel libre"),
                (
                    "paragraph",
                    "<p>IA Commune est un logiciel libre publié sous licence EUPL-1.2. Les contenus "
                    "éditoriaux sont publiés sous licence Ouverte Etalab 2.0, sauf mention contraire. Les données du "
                    "registre sont des données ouvertes.</p>",
                ),
                ("notice", "<p>Ce site de démonstration contient des données fictives.</p>"),
            ],
        ),
        "en": (
            "Legal notice",
            "Who publishes this site, who hosts it, and under which licence.",
            [
                ("heading", "Publisher"),
                (
                    "paragraph",
                    "<p>This site is published by the city (local demonstration of IA Commune). "
                    "Director of publication: the mayor. Contact: the digital transparency office, through the "
                    "city's contact form.</p>",
                ),
                ("heading", "Hosting"),
                (
                    "paragraph",
                    "<p>The site and the language model are hosted on the city's own servers in "
                    "France. No data is sent to any third party.</p>",
                ),
                ("heading", "Free software"),
                (
                    "paragraph",
                    "<p>IA Commune is free software released under the EUPL-1.2 licence. Editorial "
                    "content is published under the Etalab Open Licence 2.0 unless stated otherwise. Register data "
                    "is open data.</p>",
                ),
                ("notice", "<p>This demonstration site contains fictional data.</p>"),
            ],
        ),
    },
    "privacy": {
        "fr": (
            "Politique de confidentialité",
            "Ce que nous collectons, pourquoi, et combien de temps nous le gardons.",
            [
                ("heading", "Responsable du traitement"),
                (
                    "paragraph",
                    "<p>La Ville est responsable des traitements décrits ici. Vous pouvez joindre son "
                    "délégué à la protection des données par le formulaire de contact de la Ville.</p>",
                ),
                ("heading", "Ce que nous collectons et pourquoi"),
                (
                    "paragraph",
                    "<ul><li><b>Compte</b> : adresse électronique, mot de passe chiffré, nom affiché. "
                    "Pour vous identifier et vous permettre de participer. Base légale : mission d'intérêt public.</li>"
                    "<li><b>Profil facultatif</b> : arrondissement et tranche d'âge déclarés par vous. Pour des "
                    "statistiques de participation, publiées seulement pour des groupes d'au moins 10 personnes.</li>"
                    "<li><b>Participation</b> : votes, commentaires, propositions, témoignages. Pour la consultation "
                    "publique. Vos votes ne sont jamais publiés avec votre nom.</li>"
                    "<li><b>Demandes de recours</b> : vos coordonnées et votre demande. Pour y répondre, dans le cadre "
                    "de votre droit à un réexamen humain.</li>"
                    "<li><b>Bac à sable de l'IA</b> : le texte de vos conversations n'est pas conservé, sauf si vous "
                    "choisissez de le partager avec l'observatoire. Seuls des compteurs (nombre de mots, durée, énergie) "
                    "sont gardés, sans texte.</li></ul>",
                ),
                ("heading", "Durées de conservation"),
                (
                    "paragraph",
                    "<ul><li>Compte : jusqu'à sa suppression par vous, ou 3 ans sans connexion.</li>"
                    "<li>Demandes de recours : données personnelles effacées 12 mois après la clôture ; seules des "
                    "statistiques anonymes sont gardées.</li>"
                    "<li>Conversations partagées avec l'observatoire : 6 mois.</li>"
                    "<li>Journaux techniques : 30 jours, sans adresse électronique ni contenu.</li></ul>",
                ),
                ("heading", "Vos droits"),
                (
                    "paragraph",
                    "<p>Depuis « Mon compte », vous pouvez télécharger toutes vos données et supprimer "
                    "votre compte. Vous pouvez aussi demander l'accès, la rectification, la limitation ou l'opposition "
                    "au délégué à la protection des données, et saisir la CNIL.</p>",
                ),
                ("heading", "Cookies"),
                (
                    "paragraph",
                    "<p>Le site n'utilise que deux cookies techniques : la session (quand vous êtes "
                    "connecté) et la protection des formulaires. Aucun cookie de mesure d'audience ni de publicité.</p>",
                ),
            ],
        ),
        "en": (
            "Privacy policy",
            "What we collect, why, and how long we keep it.",
            [
                ("heading", "Controller"),
                (
                    "paragraph",
                    "<p>The city is the controller of the processing described here. You can reach its "
                    "data protection officer through the city's contact form.</p>",
                ),
                ("heading", "What we collect and why"),
                (
                    "paragraph",
                    "<ul><li><b>Account</b>: email address, hashed password, display name. To identify "
                    "you and let you take part. Legal basis: public interest task.</li>"
                    "<li><b>Optional profile</b>: arrondissement and age bracket you declare. For participation "
                    "statistics, published only for groups of at least 10 people.</li>"
                    "<li><b>Participation</b>: votes, comments, proposals, testimonies. For the public consultation. "
                    "Your votes are never published with your name.</li>"
                    "<li><b>Recourse requests</b>: your contact details and request. To answer it, under your right to "
                    "a human review.</li>"
                    "<li><b>AI sandbox</b>: the text of your conversations is not kept unless you choose to share it "
                    "with the observatory. Only counters (tokens, duration, energy) are kept, with no text.</li></ul>",
                ),
                ("heading", "How long we keep it"),
                (
                    "paragraph",
                    "<ul><li>Account: until you delete it, or 3 years without login.</li>"
                    "<li>Recourse requests: personal data erased 12 months after closure; only anonymous statistics "
                    "are kept.</li><li>Conversations shared with the observatory: 6 months.</li>"
                    "<li>Technical logs: 30 days, with no email address or content.</li></ul>",
                ),
                ("heading", "Your rights"),
                (
                    "paragraph",
                    "<p>From “My account” you can download all your data and delete your account. You "
                    "can also ask the data protection officer for access, rectification, restriction or objection, "
                    "and complain to the CNIL.</p>",
                ),
                ("heading", "Cookies"),
                (
                    "paragraph",
                    "<p>The site uses only two technical cookies: the session (when you are logged in) "
                    "and form protection. No audience measurement or advertising cookie.</p>",
                ),
            ],
        ),
    },
    "accessibility": {
        "fr": (
            "Déclaration d'accessibilité",
            "La Ville s'engage à rendre ce site accessible, conformément à "
            "l'article 47 de la loi n° 2005-102 du 11 février 2005.",
            [
                ("heading", "État de conformité"),
                (
                    "paragraph",
                    "<p>Le site IA Commune est <b>partiellement conforme</b> avec le référentiel général "
                    "d'amélioration de l'accessibilité (RGAA), version 4.1, en raison des non-conformités énumérées "
                    "ci-dessous. Aucun audit externe n'a encore été réalisé : cette déclaration repose sur les tests "
                    "automatisés (axe-core) exécutés sur chaque type de page et sur des vérifications manuelles au "
                    "clavier et au lecteur d'écran.</p>",
                ),
                ("heading", "Contenus non accessibles"),
                (
                    "paragraph",
                    "<ul><li>L'interface d'administration (réservée aux agents) n'a pas été évaluée.</li>"
                    "<li>Certains documents PDF anciens joints aux analyses peuvent ne pas être balisés.</li></ul>",
                ),
                ("heading", "Établissement de cette déclaration"),
                (
                    "paragraph",
                    "<p>Technologies utilisées : HTML, CSS, SVG, JavaScript (facultatif). Environnement "
                    "de test : Chromium avec axe-core, navigation au clavier, NVDA et VoiceOver.</p>",
                ),
                ("heading", "Retour d'information et contact"),
                (
                    "paragraph",
                    "<p>Si vous n'arrivez pas à accéder à un contenu ou à un service, contactez la "
                    "délégation à la transparence numérique pour être orienté vers une alternative accessible ou "
                    "obtenir le contenu sous une autre forme.</p>",
                ),
                ("heading", "Voies de recours"),
                (
                    "paragraph",
                    "<p>Si vous avez signalé un défaut d'accessibilité sans obtenir de réponse "
                    "satisfaisante, vous pouvez écrire au Défenseur des droits, contacter son délégué dans votre "
                    "région, ou lui écrire par courrier (gratuit, sans timbre) : Défenseur des droits, libre réponse "
                    "71120, 75342 Paris CEDEX 07.</p>",
                ),
            ],
        ),
        "en": (
            "Accessibility statement",
            "The city is committed to making this site accessible, in "
            "accordance with article 47 of French law no. 2005-102 of 11 February 2005.",
            [
                ("heading", "Compliance status"),
                (
                    "paragraph",
                    "<p>The IA Commune site is <b>partially compliant</b> with the French accessibility "
                    "framework (RGAA) version 4.1, because of the non-compliances listed below. No external audit has "
                    "been carried out yet: this statement relies on automated tests (axe-core) run on every page type "
                    "and on manual checks with the keyboard and screen readers.</p>",
                ),
                ("heading", "Content that is not accessible"),
                (
                    "paragraph",
                    "<ul><li>The administration interface (for staff only) has not been assessed.</li>"
                    "<li>Some older PDF documents attached to analyses may not be tagged.</li></ul>",
                ),
                ("heading", "How this statement was made"),
                (
                    "paragraph",
                    "<p>Technologies: HTML, CSS, SVG, JavaScript (optional). Test environment: "
                    "Chromium with axe-core, keyboard navigation, NVDA and VoiceOver.</p>",
                ),
                ("heading", "Feedback and contact"),
                (
                    "paragraph",
                    "<p>If you cannot access some content or service, contact the digital transparency "
                    "office to be directed to an accessible alternative or to get the content in another form.</p>",
                ),
                ("heading", "Remedies"),
                (
                    "paragraph",
                    "<p>If you reported an accessibility problem and did not get a satisfactory answer, "
                    "you can write to the Défenseur des droits (the French rights ombudsman), contact its delegate in "
                    "your region, or write by post (free of charge): Défenseur des droits, libre réponse 71120, 75342 "
                    "Paris CEDEX 07.</p>",
                ),
            ],
        ),
    },
}
