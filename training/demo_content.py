"""Starter courses written for IA Commune, in plain French with English translations.

Body items: ("heading", text), ("paragraph", html), ("key_points", [points]),
("glossary_term", (term, definition)), ("try_it", (introduction, prompt)).
Quiz questions: {"kind", "prompt", "choices": [(text, is_correct, feedback)], "explanation"}.
"""

# ruff: noqa: E501


def q(kind, prompt, choices, explanation):
    return {"kind": kind, "prompt": prompt, "choices": choices, "explanation": explanation}


# --- Comprendre l'IA, lesson 1 -------------------------------------------------------------

L1_FR = {
    "title": "Ce qu'est l'IA, et ce qu'elle n'est pas",
    "lead": "L'intelligence artificielle n'est ni magique ni consciente : ce sont des programmes qui apprennent des régularités dans des données.",
    "body": [
        ("heading", "Un mot qui recouvre beaucoup de choses"),
        (
            "paragraph",
            "<p>On parle d'« intelligence artificielle » (IA) pour désigner des programmes informatiques qui réalisent des tâches que l'on associait jusque-là à l'intelligence humaine : reconnaître un visage sur une photo, traduire un texte, recommander une vidéo, répondre à une question écrite. Le mot est ancien : il date d'une conférence tenue en 1956 aux États-Unis.</p>"
            "<p>Le règlement européen sur l'IA (AI Act, 2024) en donne une définition plus précise : un système d'IA est un système automatisé qui, à partir des données qu'il reçoit, <b>déduit</b> comment produire des résultats — des prédictions, des contenus, des recommandations ou des décisions — qui peuvent influencer le monde réel. Le mot important est « déduit » : le système n'applique pas seulement des règles écrites à la main, il a appris à partir d'exemples.</p>",
        ),
        ("heading", "Apprendre à partir d'exemples"),
        (
            "paragraph",
            "<p>La plupart des IA actuelles reposent sur l'<b>apprentissage automatique</b>. Plutôt que d'écrire toutes les règles, on montre au programme des milliers ou des millions d'exemples : des photos de chats et de chiens avec la bonne réponse, des courriels classés « indésirable » ou non. Le programme ajuste ses réglages internes jusqu'à se tromper le moins possible sur ces exemples. On obtient un <b>modèle</b>, qui peut ensuite traiter des cas nouveaux.</p>"
            "<p>Conséquence directe : un modèle ne sait que ce que ses données lui ont montré. Si les exemples sont incomplets, anciens ou déséquilibrés, ses réponses le seront aussi. Et il peut se tromper avec beaucoup d'assurance sur un cas qui ne ressemble à rien de ce qu'il a vu.</p>",
        ),
        (
            "glossary_term",
            (
                "Modèle",
                "Le résultat de l'apprentissage : un très grand ensemble de nombres (les « paramètres ») qui transforme une entrée (une image, un texte) en une sortie (une étiquette, une suite de mots).",
            ),
        ),
        ("heading", "Ce que l'IA n'est pas"),
        (
            "paragraph",
            "<p>L'IA n'est pas une personne. Elle ne comprend pas le monde comme nous, n'a ni intentions, ni émotions, ni conscience, même quand elle écrit « je pense que ». Elle ne sait pas quand elle se trompe. Elle n'est pas non plus neutre par nature : des personnes ont choisi les données, l'objectif à atteindre et la façon de l'utiliser.</p>"
            "<p>L'IA n'est pas non plus une seule technologie. Le filtre anti-spam de votre messagerie, le GPS qui calcule un itinéraire en tenant compte des bouchons, un outil qui aide un service municipal à trier des demandes et un robot conversationnel sont tous appelés « IA », mais ils fonctionnent et se trompent de façons très différentes.</p>",
        ),
        ("heading", "Où la rencontrez-vous déjà ?"),
        (
            "paragraph",
            "<p>Dans la vie courante : suggestions de films, correction automatique sur le téléphone, traduction en ligne, détection de fraude à la carte bancaire, déverrouillage par le visage. Dans les services publics, l'IA peut aider à prévoir l'entretien des équipements, à orienter des demandes ou à analyser des images. À Paris, chaque système d'IA utilisé par la Ville est décrit dans le <a href=\"/register/\">registre public</a> de ce site.</p>",
        ),
        (
            "key_points",
            [
                "Une IA est un programme qui a appris des régularités à partir d'exemples.",
                "Elle ne sait que ce que ses données lui ont appris, et peut se tromper avec assurance.",
                "Elle n'a ni intentions ni conscience ; des humains choisissent ses données et ses usages.",
                "Le même mot « IA » désigne des outils très différents.",
            ],
        ),
        (
            "try_it",
            (
                "Demandez au modèle de la Ville de se présenter, puis comparez sa réponse avec ce que vous venez de lire.",
                "Explique en trois phrases simples ce qu'est un modèle d'intelligence artificielle.",
            ),
        ),
    ],
    "quiz": [
        q(
            "true_false",
            "Une IA comprend ce qu'elle dit, comme une personne.",
            [
                (
                    "Vrai",
                    False,
                    "Non : même quand elle écrit « je pense », elle produit ce qui est statistiquement probable, sans comprendre.",
                ),
                ("Faux", True, "Exact : une IA n'a ni conscience ni compréhension du monde."),
            ],
            "Une IA produit des résultats à partir de régularités apprises. Elle n'a ni intentions ni conscience.",
        ),
        q(
            "single",
            "Comment la plupart des IA actuelles ont-elles été construites ?",
            [
                (
                    "En écrivant à la main toutes les règles possibles",
                    False,
                    "C'était l'approche des « systèmes experts » ; elle reste rare aujourd'hui.",
                ),
                (
                    "En apprenant à partir de très nombreux exemples",
                    True,
                    "Oui : c'est l'apprentissage automatique.",
                ),
                (
                    "En copiant le fonctionnement exact du cerveau humain",
                    False,
                    "Les « réseaux de neurones » s'inspirent vaguement du cerveau, mais ne le copient pas.",
                ),
            ],
            "L'apprentissage automatique ajuste un modèle à partir d'exemples ; le modèle reflète donc ses données.",
        ),
        q(
            "multiple",
            "Parmi ces outils, lesquels utilisent généralement de l'IA ?",
            [
                (
                    "Le filtre anti-spam d'une messagerie",
                    True,
                    "Oui : il a appris à reconnaître les courriels indésirables.",
                ),
                (
                    "La traduction automatique en ligne",
                    True,
                    "Oui : elle repose sur des modèles de langue.",
                ),
                (
                    "Une calculatrice de poche",
                    False,
                    "Non : elle applique des règles de calcul fixes, sans apprentissage.",
                ),
                (
                    "Les suggestions de vidéos",
                    True,
                    "Oui : un système de recommandation apprend de vos choix et de ceux des autres.",
                ),
            ],
            "Anti-spam, traduction et recommandation reposent sur l'apprentissage automatique ; une calculatrice suit des règles fixes.",
        ),
    ],
}

L1_EN = {
    "title": "What AI is, and what it is not",
    "lead": "Artificial intelligence is neither magic nor conscious: it is software that learns patterns from data.",
    "body": [
        ("heading", "One word for many things"),
        (
            "paragraph",
            "<p>“Artificial intelligence” (AI) names computer programs that perform tasks we used to associate with human intelligence: recognising a face in a photo, translating a text, recommending a video, answering a written question. The term is old: it was coined for a conference held in the United States in 1956.</p>"
            "<p>The European AI Act (2024) gives a more precise definition: an AI system is a machine-based system that, from the input it receives, <b>infers</b> how to generate outputs — predictions, content, recommendations or decisions — that can influence the real world. The key word is “infers”: the system does not only apply hand-written rules, it has learned from examples.</p>",
        ),
        ("heading", "Learning from examples"),
        (
            "paragraph",
            "<p>Most of today's AI relies on <b>machine learning</b>. Instead of writing every rule, we show the program thousands or millions of examples: photos of cats and dogs with the right answer, emails labelled “spam” or not. The program adjusts its internal settings until it makes as few mistakes as possible on those examples. The result is a <b>model</b>, which can then handle new cases.</p>"
            "<p>A direct consequence: a model only knows what its data showed it. If the examples are incomplete, outdated or unbalanced, so are its answers. And it can be confidently wrong about a case unlike anything it has seen.</p>",
        ),
        (
            "glossary_term",
            (
                "Model",
                "What learning produces: a very large set of numbers (the “parameters”) that turns an input (an image, a text) into an output (a label, a sequence of words).",
            ),
        ),
        ("heading", "What AI is not"),
        (
            "paragraph",
            "<p>AI is not a person. It does not understand the world as we do, and has no intentions, emotions or consciousness, even when it writes “I think”. It does not know when it is wrong. Nor is it neutral by nature: people chose its data, the goal it pursues and how it is used.</p>"
            "<p>AI is not a single technology either. Your mailbox's spam filter, a GPS that routes around traffic jams, a tool that helps a city department sort requests and a chatbot are all called “AI”, but they work — and fail — in very different ways.</p>",
        ),
        ("heading", "Where do you already meet it?"),
        (
            "paragraph",
            '<p>In daily life: film suggestions, autocorrect on your phone, online translation, card fraud detection, face unlock. In public services, AI can help plan equipment maintenance, route requests or analyse images. In Paris, every AI system the City uses is described in the <a href="/en/register/">public register</a> on this site.</p>',
        ),
        (
            "key_points",
            [
                "An AI is a program that learned patterns from examples.",
                "It only knows what its data taught it, and can be confidently wrong.",
                "It has no intentions or consciousness; people choose its data and uses.",
                "The same word “AI” covers very different tools.",
            ],
        ),
        (
            "try_it",
            (
                "Ask the City's model to introduce itself, then compare its answer with what you just read.",
                "Explain in three simple sentences what an artificial intelligence model is.",
            ),
        ),
    ],
    "quiz": [
        q(
            "true_false",
            "An AI understands what it says, like a person does.",
            [
                (
                    "True",
                    False,
                    "No: even when it writes “I think”, it produces what is statistically likely, without understanding.",
                ),
                (
                    "False",
                    True,
                    "Right: an AI has no consciousness and no understanding of the world.",
                ),
            ],
            "An AI produces outputs from learned patterns. It has no intentions or consciousness.",
        ),
        q(
            "single",
            "How were most of today's AI systems built?",
            [
                (
                    "By writing every possible rule by hand",
                    False,
                    "That was the “expert systems” approach; it is rare today.",
                ),
                (
                    "By learning from a very large number of examples",
                    True,
                    "Yes: that is machine learning.",
                ),
                (
                    "By copying exactly how the human brain works",
                    False,
                    "“Neural networks” are loosely inspired by the brain but do not copy it.",
                ),
            ],
            "Machine learning fits a model to examples; the model therefore reflects its data.",
        ),
        q(
            "multiple",
            "Which of these tools usually use AI?",
            [
                ("A mailbox's spam filter", True, "Yes: it learned to recognise unwanted emails."),
                ("Online machine translation", True, "Yes: it relies on language models."),
                (
                    "A pocket calculator",
                    False,
                    "No: it applies fixed arithmetic rules, without learning.",
                ),
                (
                    "Video suggestions",
                    True,
                    "Yes: a recommender system learns from your choices and other people's.",
                ),
            ],
            "Spam filters, translation and recommendations rely on machine learning; a calculator follows fixed rules.",
        ),
    ],
}

# Plain-language (FALC) version of lesson 1: short sentences, one idea per sentence.
L1_FALC_FR = {
    "title": "L'IA, c'est quoi ? (facile à lire)",
    "lead": "Cette page explique l'intelligence artificielle avec des mots simples.",
    "body": [
        ("heading", "L'IA, c'est un programme"),
        (
            "paragraph",
            "<p>IA veut dire : intelligence artificielle.</p>"
            "<p>L'IA est un programme d'ordinateur.</p>"
            "<p>Un programme, c'est une liste d'instructions pour l'ordinateur.</p>"
            "<p>L'IA peut faire des choses difficiles. Par exemple :</p>"
            "<ul><li>reconnaître un visage sur une photo,</li><li>traduire un texte dans une autre langue,</li><li>répondre à une question écrite.</li></ul>",
        ),
        ("heading", "L'IA apprend avec des exemples"),
        (
            "paragraph",
            "<p>On montre beaucoup d'exemples à l'ordinateur.</p>"
            "<p>Par exemple : des milliers de photos de chats.</p>"
            "<p>Après, l'ordinateur reconnaît un chat sur une nouvelle photo.</p>"
            "<p>Mais l'ordinateur peut se tromper.</p>"
            "<p>Il se trompe surtout quand il n'a pas vu assez d'exemples.</p>",
        ),
        ("heading", "L'IA n'est pas une personne"),
        (
            "paragraph",
            "<p>L'IA ne pense pas comme vous.</p>"
            "<p>L'IA ne ressent rien.</p>"
            "<p>L'IA ne sait pas quand elle se trompe.</p>"
            "<p>Ce sont des personnes qui décident comment utiliser l'IA.</p>"
            '<p>À Paris, la Ville montre ses outils d\'IA dans un <a href="/register/">registre</a>. Tout le monde peut le lire.</p>',
        ),
        (
            "key_points",
            [
                "L'IA est un programme d'ordinateur.",
                "L'IA apprend avec des exemples.",
                "L'IA peut se tromper.",
                "L'IA n'est pas une personne.",
            ],
        ),
    ],
    "quiz": [
        q(
            "true_false",
            "L'IA est une personne.",
            [
                ("Vrai", False, "Non. L'IA est un programme d'ordinateur."),
                ("Faux", True, "Oui, c'est juste. L'IA est un programme."),
            ],
            "L'IA est un programme d'ordinateur. Elle ne pense pas comme vous.",
        ),
        q(
            "true_false",
            "L'IA peut se tromper.",
            [
                ("Vrai", True, "Oui, c'est juste. L'IA peut se tromper."),
                ("Faux", False, "Non. L'IA peut se tromper, surtout sans assez d'exemples."),
            ],
            "L'IA apprend avec des exemples. Elle peut se tromper.",
        ),
    ],
}

L1_FALC_EN = {
    "title": "What is AI? (easy read)",
    "lead": "This page explains artificial intelligence with simple words.",
    "body": [
        ("heading", "AI is a program"),
        (
            "paragraph",
            "<p>AI means: artificial intelligence.</p>"
            "<p>AI is a computer program.</p>"
            "<p>A program is a list of instructions for the computer.</p>"
            "<p>AI can do difficult things. For example:</p>"
            "<ul><li>recognise a face in a photo,</li><li>translate a text into another language,</li><li>answer a written question.</li></ul>",
        ),
        ("heading", "AI learns with examples"),
        (
            "paragraph",
            "<p>We show the computer many examples.</p>"
            "<p>For example: thousands of photos of cats.</p>"
            "<p>Then the computer recognises a cat in a new photo.</p>"
            "<p>But the computer can make mistakes.</p>"
            "<p>It makes mistakes mostly when it has not seen enough examples.</p>",
        ),
        ("heading", "AI is not a person"),
        (
            "paragraph",
            "<p>AI does not think like you.</p>"
            "<p>AI does not feel anything.</p>"
            "<p>AI does not know when it is wrong.</p>"
            "<p>People decide how to use AI.</p>"
            '<p>In Paris, the City shows its AI tools in a <a href="/en/register/">register</a>. Everyone can read it.</p>',
        ),
        (
            "key_points",
            [
                "AI is a computer program.",
                "AI learns with examples.",
                "AI can make mistakes.",
                "AI is not a person.",
            ],
        ),
    ],
    "quiz": [
        q(
            "true_false",
            "AI is a person.",
            [
                ("True", False, "No. AI is a computer program."),
                ("False", True, "Yes, that is right. AI is a program."),
            ],
            "AI is a computer program. It does not think like you.",
        ),
        q(
            "true_false",
            "AI can make mistakes.",
            [
                ("True", True, "Yes, that is right. AI can make mistakes."),
                ("False", False, "No. AI can make mistakes, mostly without enough examples."),
            ],
            "AI learns with examples. It can make mistakes.",
        ),
    ],
}

# --- Comprendre l'IA, lesson 2 -------------------------------------------------------------

L2_FR = {
    "title": "Comment un modèle de langue écrit",
    "lead": "Un robot conversationnel ne cherche pas la vérité : il prédit, mot après mot, la suite la plus probable d'un texte.",
    "body": [
        ("heading", "Deviner le mot suivant"),
        (
            "paragraph",
            "<p>Les robots conversationnels comme ChatGPT, Le Chat ou le petit modèle de la Ville reposent sur un <b>grand modèle de langue</b>. Son principe est simple à énoncer : à partir d'un début de texte, il calcule quels morceaux de mots ont le plus de chances de venir ensuite, en choisit un, l'ajoute au texte, et recommence. Une réponse entière est fabriquée ainsi, morceau par morceau.</p>"
            "<p>Ces morceaux s'appellent des <b>jetons</b> (<i>tokens</i>) : un mot courant fait un jeton, un mot rare en fait plusieurs. Le modèle ne manipule jamais des idées, seulement des jetons et des probabilités.</p>",
        ),
        (
            "glossary_term",
            (
                "Jeton (token)",
                "Le petit morceau de texte que le modèle lit et écrit : un mot, une partie de mot ou un signe de ponctuation. Les coûts et les limites des modèles se comptent en jetons.",
            ),
        ),
        ("heading", "D'où viennent ces probabilités ?"),
        (
            "paragraph",
            "<p>Le modèle a d'abord été <b>entraîné</b> sur une immense quantité de textes : pages web, livres, articles, code informatique. Pendant cet entraînement, on lui a demandé des milliards de fois de deviner le mot suivant, et on a corrigé ses réglages à chaque erreur. Il a ainsi « absorbé » la grammaire, beaucoup de faits, des styles d'écriture… et les erreurs et préjugés présents dans ces textes.</p>"
            "<p>Ensuite, des personnes l'ont <b>ajusté</b> avec des exemples de questions et de bonnes réponses, et en notant ses réponses, pour qu'il suive des consignes et refuse certaines demandes. C'est ce qui le rend agréable à utiliser, pas ce qui le rend exact.</p>",
        ),
        ("heading", "Pourquoi il peut inventer"),
        (
            "paragraph",
            "<p>Comme le modèle produit un texte <i>plausible</i> et non un texte <i>vérifié</i>, il lui arrive d'inventer avec aplomb : une loi qui n'existe pas, une référence de livre imaginaire, une date fausse. On parle d'<b>hallucination</b>. Il n'a pas accès à la vérité, seulement à ce qui « sonne juste ». Ses connaissances s'arrêtent aussi à la date de son entraînement, sauf s'il consulte des documents qu'on lui fournit.</p>"
            "<p>Le même modèle peut aussi donner deux réponses différentes à la même question : une part de hasard est volontairement introduite dans le choix des mots. Plus le modèle est petit, plus il se trompe : le modèle de démonstration de la Ville (SmolLM2, 135 millions de paramètres) est utile pour comprendre le fonctionnement, pas pour obtenir des informations fiables.</p>",
        ),
        ("heading", "Bien s'en servir"),
        (
            "paragraph",
            "<p>Un modèle de langue est utile pour reformuler, résumer un texte que vous lui donnez, proposer un plan, trouver des idées. Il est risqué pour obtenir un fait, un chiffre, un conseil juridique ou médical. Vérifiez toujours auprès d'une source fiable, et ne lui confiez pas d'informations personnelles. Enfin, un texte produit par une IA doit être présenté comme tel : c'est une obligation du règlement européen pour certains usages, et une question d'honnêteté pour tous.</p>",
        ),
        (
            "key_points",
            [
                "Un modèle de langue prédit le morceau de mot suivant, encore et encore.",
                "Il a appris sur d'immenses quantités de textes, avec leurs erreurs et leurs préjugés.",
                "Il peut inventer avec assurance (« hallucination ») : vérifiez les faits.",
                "Il est utile pour reformuler ou résumer, risqué pour les faits et les conseils.",
            ],
        ),
        (
            "try_it",
            (
                "Posez deux fois la même question au modèle de la Ville et comparez : les réponses changent-elles ? Contiennent-elles des erreurs ?",
                "Quelle est la date de création de la Ville de Paris ? Donne ta source.",
            ),
        ),
    ],
    "quiz": [
        q(
            "single",
            "Que fait un modèle de langue quand il écrit une réponse ?",
            [
                (
                    "Il cherche la réponse dans une base de données vérifiée",
                    False,
                    "Non : sauf outil spécial, il ne consulte aucune base vérifiée.",
                ),
                (
                    "Il prédit, morceau par morceau, la suite la plus probable du texte",
                    True,
                    "Exact : il ajoute un jeton après l'autre selon des probabilités.",
                ),
                (
                    "Il réfléchit à la question comme une personne",
                    False,
                    "Non : il manipule des jetons et des probabilités, pas des idées.",
                ),
            ],
            "Un modèle de langue génère un texte plausible jeton par jeton ; il ne vérifie rien.",
        ),
        q(
            "true_false",
            "Si un robot conversationnel cite une loi avec assurance, c'est que cette loi existe.",
            [
                (
                    "Vrai",
                    False,
                    "Non : il peut inventer une loi plausible. C'est une « hallucination ».",
                ),
                ("Faux", True, "Exact : l'assurance du ton ne garantit rien, il faut vérifier."),
            ],
            "Les modèles peuvent inventer des faits, des références ou des lois : vérifiez auprès d'une source fiable.",
        ),
        q(
            "multiple",
            "Pour quels usages un modèle de langue est-il plutôt adapté ?",
            [
                (
                    "Reformuler plus simplement un texte que vous lui donnez",
                    True,
                    "Oui : il travaille sur votre texte, le risque d'invention est plus faible.",
                ),
                (
                    "Obtenir un diagnostic médical",
                    False,
                    "Non : c'est un conseil à fort enjeu, à demander à un professionnel.",
                ),
                (
                    "Trouver des idées de titres pour une affiche",
                    True,
                    "Oui : la créativité compte plus que l'exactitude.",
                ),
                (
                    "Connaître le montant exact d'une aide sociale",
                    False,
                    "Non : un chiffre officiel se vérifie auprès de l'administration.",
                ),
            ],
            "Reformuler et trouver des idées sont de bons usages ; les faits, chiffres et conseils à fort enjeu doivent venir d'une source fiable.",
        ),
        q(
            "single",
            "Qu'est-ce qu'un jeton (token) ?",
            [
                ("Un morceau de texte : un mot, une partie de mot ou un signe", True, "Exact."),
                (
                    "Une pièce de monnaie pour payer le service",
                    False,
                    "Non, même si les coûts se comptent souvent en jetons.",
                ),
                ("Un mot de passe", False, "Non."),
            ],
            "Les modèles lisent et écrivent des jetons ; leurs limites et leurs coûts se comptent en jetons.",
        ),
    ],
}

L2_EN = {
    "title": "How a language model writes",
    "lead": "A chatbot does not look for the truth: it predicts, word after word, the most likely continuation of a text.",
    "body": [
        ("heading", "Guessing the next word"),
        (
            "paragraph",
            "<p>Chatbots such as ChatGPT, Le Chat or the City's small model rest on a <b>large language model</b>. Its principle is simple to state: from the beginning of a text, it computes which pieces of words are most likely to come next, picks one, adds it to the text, and starts again. A whole answer is built this way, piece by piece.</p>"
            "<p>These pieces are called <b>tokens</b>: a common word is one token, a rare word several. The model never handles ideas, only tokens and probabilities.</p>",
        ),
        (
            "glossary_term",
            (
                "Token",
                "The small piece of text a model reads and writes: a word, part of a word or a punctuation mark. Model costs and limits are counted in tokens.",
            ),
        ),
        ("heading", "Where do the probabilities come from?"),
        (
            "paragraph",
            "<p>The model was first <b>trained</b> on a huge amount of text: web pages, books, articles, computer code. During training it was asked billions of times to guess the next word, and its settings were corrected after each mistake. It thus “absorbed” grammar, many facts, writing styles… and the errors and prejudices found in those texts.</p>"
            "<p>Then people <b>fine-tuned</b> it with examples of questions and good answers, and by rating its answers, so that it follows instructions and refuses some requests. That is what makes it pleasant to use, not what makes it accurate.</p>",
        ),
        ("heading", "Why it can make things up"),
        (
            "paragraph",
            "<p>Because the model produces <i>plausible</i> text rather than <i>checked</i> text, it sometimes invents with confidence: a law that does not exist, an imaginary book reference, a wrong date. This is called a <b>hallucination</b>. It has no access to the truth, only to what “sounds right”. Its knowledge also stops at its training date, unless it reads documents you give it.</p>"
            "<p>The same model may also give two different answers to the same question: some randomness is deliberately added to the choice of words. The smaller the model, the more it errs: the City's demonstration model (SmolLM2, 135 million parameters) is useful to understand how it works, not to get reliable information.</p>",
        ),
        ("heading", "Using it well"),
        (
            "paragraph",
            "<p>A language model is useful to rephrase, summarise a text you provide, suggest an outline, find ideas. It is risky for facts, figures, legal or medical advice. Always check with a reliable source, and do not give it personal information. Finally, text produced by an AI should be presented as such: the European regulation requires it for some uses, and honesty requires it for all.</p>",
        ),
        (
            "key_points",
            [
                "A language model predicts the next piece of word, again and again.",
                "It learned from huge amounts of text, with their errors and prejudices.",
                "It can confidently make things up (“hallucination”): check facts.",
                "It is useful to rephrase or summarise, risky for facts and advice.",
            ],
        ),
        (
            "try_it",
            (
                "Ask the City's model the same question twice and compare: do the answers change? Do they contain mistakes?",
                "When was the City of Paris founded? Give your source.",
            ),
        ),
    ],
    "quiz": [
        q(
            "single",
            "What does a language model do when it writes an answer?",
            [
                (
                    "It looks the answer up in a verified database",
                    False,
                    "No: unless given a special tool, it consults no verified database.",
                ),
                (
                    "It predicts, piece by piece, the most likely continuation of the text",
                    True,
                    "Right: it adds one token after another according to probabilities.",
                ),
                (
                    "It thinks about the question like a person",
                    False,
                    "No: it handles tokens and probabilities, not ideas.",
                ),
            ],
            "A language model generates plausible text token by token; it checks nothing.",
        ),
        q(
            "true_false",
            "If a chatbot confidently quotes a law, that law exists.",
            [
                ("True", False, "No: it can invent a plausible law. That is a “hallucination”."),
                ("False", True, "Right: a confident tone guarantees nothing; check it."),
            ],
            "Models can invent facts, references or laws: check with a reliable source.",
        ),
        q(
            "multiple",
            "Which uses is a language model rather suited to?",
            [
                (
                    "Rephrasing more simply a text you give it",
                    True,
                    "Yes: it works on your text, so the risk of invention is lower.",
                ),
                (
                    "Getting a medical diagnosis",
                    False,
                    "No: high-stakes advice belongs to a professional.",
                ),
                (
                    "Finding title ideas for a poster",
                    True,
                    "Yes: creativity matters more than accuracy here.",
                ),
                (
                    "Knowing the exact amount of a welfare benefit",
                    False,
                    "No: an official figure is checked with the administration.",
                ),
            ],
            "Rephrasing and finding ideas are good uses; facts, figures and high-stakes advice must come from a reliable source.",
        ),
        q(
            "single",
            "What is a token?",
            [
                ("A piece of text: a word, part of a word or a mark", True, "Right."),
                (
                    "A coin to pay for the service",
                    False,
                    "No, even though costs are often counted in tokens.",
                ),
                ("A password", False, "No."),
            ],
            "Models read and write tokens; their limits and costs are counted in tokens.",
        ),
    ],
}

# --- Comprendre l'IA, lesson 3 -------------------------------------------------------------

L3_FR = {
    "title": "Biais et discriminations",
    "lead": "Une IA peut reproduire, et même amplifier, les inégalités présentes dans ses données. Voici comment, et comment s'en protéger.",
    "body": [
        ("heading", "D'où viennent les biais ?"),
        (
            "paragraph",
            "<p>Un <b>biais</b> est une erreur systématique qui défavorise toujours les mêmes personnes. Dans une IA, il peut venir de plusieurs endroits. Des <b>données déséquilibrées</b> : si un système de reconnaissance faciale a surtout vu des visages d'hommes à la peau claire, il se trompera davantage sur les autres. Des <b>données qui reflètent des discriminations passées</b> : un outil entraîné sur des recrutements anciens apprend à préférer le profil des personnes recrutées autrefois. Et des <b>choix humains</b> : ce que l'on décide de mesurer, de prédire et de considérer comme un « bon » résultat.</p>",
        ),
        ("heading", "Des cas réels"),
        (
            "paragraph",
            "<p>En 2018, l'étude <i>Gender Shades</i> a montré que des logiciels commerciaux d'analyse de visages se trompaient sur le genre pour moins de 1 % des hommes à la peau claire, mais pour plus de 30 % des femmes à la peau foncée. La même année, on a appris qu'une grande entreprise avait abandonné un outil de tri de CV qui pénalisait les candidatures contenant le mot « femmes ».</p>"
            "<p>Aux Pays-Bas, l'administration fiscale a utilisé pendant des années un système de détection de fraude aux allocations de garde d'enfants qui tenait compte de la nationalité. Des dizaines de milliers de familles ont été accusées à tort et sommées de rembourser des sommes considérables. Le scandale a conduit à la démission du gouvernement en janvier 2021. Ce cas montre qu'un algorithme public mal conçu, sans contrôle humain réel ni voie de recours efficace, peut causer des dommages massifs.</p>",
        ),
        (
            "glossary_term",
            (
                "Discrimination indirecte",
                "Une règle en apparence neutre (par exemple le code postal) qui désavantage en pratique un groupe protégé par la loi (par exemple selon l'origine). Elle est interdite en droit français et européen, qu'elle vienne d'un humain ou d'un algorithme.",
            ),
        ),
        ("heading", "Ce que dit la loi"),
        (
            "paragraph",
            "<p>En France, la discrimination fondée notamment sur l'origine, le sexe, l'âge, le handicap, le lieu de résidence ou l'état de santé est interdite, y compris lorsqu'elle résulte d'un traitement automatisé. Le <b>Défenseur des droits</b> peut être saisi gratuitement. Le règlement européen sur l'IA impose en outre aux systèmes « à haut risque » (emploi, aides sociales, éducation…) une gouvernance des données pour limiter les biais, une documentation et un contrôle humain.</p>",
        ),
        ("heading", "Ce que fait la Ville, et ce que vous pouvez faire"),
        (
            "paragraph",
            "<p>Chaque système publié dans le <a href=\"/register/\">registre</a> indique les données utilisées, les personnes concernées, les risques identifiés et les mesures prises pour les limiter. Vous pouvez y repérer un usage qui vous semble injuste, le commenter lors d'une consultation, ou demander qu'un agent réexamine une décision qui vous concerne. Poser la question « qui pourrait être désavantagé ? » est le meilleur réflexe face à tout système automatisé.</p>",
        ),
        (
            "key_points",
            [
                "Un biais est une erreur qui défavorise toujours les mêmes personnes.",
                "Il vient des données (déséquilibrées ou héritées du passé) et des choix humains.",
                "Une discrimination par algorithme reste une discrimination, interdite par la loi.",
                "Le registre de la Ville décrit les risques et les mesures de chaque système.",
            ],
        ),
        (
            "try_it",
            (
                "Demandez au modèle d'imaginer des personnes exerçant différents métiers, puis observez si des stéréotypes apparaissent.",
                "Décris en une phrase une personne qui est infirmière, puis une personne qui est ingénieure informatique.",
            ),
        ),
    ],
    "quiz": [
        q(
            "multiple",
            "D'où peuvent venir les biais d'une IA ?",
            [
                (
                    "De données où certains groupes sont peu représentés",
                    True,
                    "Oui : le modèle se trompe davantage sur ce qu'il a peu vu.",
                ),
                (
                    "De données qui reflètent des discriminations passées",
                    True,
                    "Oui : le modèle apprend à reproduire le passé.",
                ),
                (
                    "Du choix de ce que l'on veut prédire",
                    True,
                    "Oui : définir un « bon » résultat est un choix humain.",
                ),
                ("De la couleur de l'écran de l'ordinateur", False, "Non, bien sûr."),
            ],
            "Les biais viennent des données et des choix humains : ce que l'on mesure, prédit et considère comme réussi.",
        ),
        q(
            "true_false",
            "Une discrimination causée par un algorithme n'est pas interdite, puisque personne ne l'a voulue.",
            [
                (
                    "Vrai",
                    False,
                    "Non : la loi interdit aussi la discrimination indirecte, même involontaire.",
                ),
                (
                    "Faux",
                    True,
                    "Exact : la responsabilité reste celle de l'organisation qui utilise le système.",
                ),
            ],
            "La discrimination, directe ou indirecte, est interdite, qu'elle vienne d'une personne ou d'un traitement automatisé.",
        ),
        q(
            "single",
            "Que montre l'affaire des allocations aux Pays-Bas ?",
            [
                (
                    "Qu'un algorithme public sans contrôle ni recours efficace peut causer des dommages massifs",
                    True,
                    "Exact : des dizaines de milliers de familles ont été accusées à tort.",
                ),
                (
                    "Que les algorithmes publics sont toujours plus justes que les humains",
                    False,
                    "Non : ce cas montre l'inverse.",
                ),
                (
                    "Que la nationalité est un bon indicateur de fraude",
                    False,
                    "Non : l'utiliser était discriminatoire.",
                ),
            ],
            "Contrôle humain réel, transparence et voies de recours sont indispensables quand un algorithme touche des droits.",
        ),
    ],
}

L3_EN = {
    "title": "Bias and discrimination",
    "lead": "An AI can reproduce, and even amplify, the inequalities present in its data. Here is how, and how to guard against it.",
    "body": [
        ("heading", "Where do biases come from?"),
        (
            "paragraph",
            "<p>A <b>bias</b> is a systematic error that always disadvantages the same people. In an AI it can come from several places. <b>Unbalanced data</b>: if a face recognition system mostly saw light-skinned men's faces, it will make more mistakes on everyone else. <b>Data reflecting past discrimination</b>: a tool trained on past hiring learns to prefer the profile of people hired in the past. And <b>human choices</b>: what we decide to measure, to predict and to count as a “good” outcome.</p>",
        ),
        ("heading", "Real cases"),
        (
            "paragraph",
            "<p>In 2018 the <i>Gender Shades</i> study showed that commercial face analysis software misclassified the gender of less than 1% of light-skinned men, but of more than 30% of dark-skinned women. The same year we learned that a large company had dropped a CV-sorting tool that penalised applications containing the word “women's”.</p>"
            "<p>In the Netherlands, the tax administration used for years a childcare benefit fraud detection system that took nationality into account. Tens of thousands of families were wrongly accused and ordered to repay large sums. The scandal led to the government's resignation in January 2021. It shows that a badly designed public algorithm, without real human oversight or effective redress, can cause massive harm.</p>",
        ),
        (
            "glossary_term",
            (
                "Indirect discrimination",
                "An apparently neutral rule (for example a postcode) that in practice disadvantages a group protected by law (for example by origin). It is banned in French and European law, whether it comes from a person or an algorithm.",
            ),
        ),
        ("heading", "What the law says"),
        (
            "paragraph",
            "<p>In France, discrimination based among others on origin, sex, age, disability, place of residence or health is prohibited, including when it results from automated processing. The <b>Défenseur des droits</b> (the rights ombudsman) can be contacted free of charge. The European AI Act also requires “high-risk” systems (employment, welfare, education…) to have data governance that limits bias, documentation and human oversight.</p>",
        ),
        ("heading", "What the City does, and what you can do"),
        (
            "paragraph",
            '<p>Every system published in the <a href="/en/register/">register</a> states the data used, the people affected, the risks identified and the measures taken to limit them. You can spot a use that seems unfair to you, comment on it during a consultation, or ask for a City agent to review a decision that concerns you. Asking “who could be disadvantaged?” is the best reflex in front of any automated system.</p>',
        ),
        (
            "key_points",
            [
                "A bias is an error that always disadvantages the same people.",
                "It comes from data (unbalanced or inherited from the past) and from human choices.",
                "Discrimination by algorithm is still discrimination, prohibited by law.",
                "The City's register describes each system's risks and safeguards.",
            ],
        ),
        (
            "try_it",
            (
                "Ask the model to imagine people in different jobs, then see whether stereotypes appear.",
                "Describe in one sentence a person who is a nurse, then a person who is a software engineer.",
            ),
        ),
    ],
    "quiz": [
        q(
            "multiple",
            "Where can an AI's biases come from?",
            [
                (
                    "From data where some groups are under-represented",
                    True,
                    "Yes: the model errs more on what it rarely saw.",
                ),
                (
                    "From data reflecting past discrimination",
                    True,
                    "Yes: the model learns to reproduce the past.",
                ),
                (
                    "From the choice of what to predict",
                    True,
                    "Yes: defining a “good” outcome is a human choice.",
                ),
                ("From the colour of the computer screen", False, "No, of course not."),
            ],
            "Biases come from data and human choices: what we measure, predict and count as success.",
        ),
        q(
            "true_false",
            "Discrimination caused by an algorithm is not prohibited, since nobody intended it.",
            [
                (
                    "True",
                    False,
                    "No: the law also prohibits indirect discrimination, even unintended.",
                ),
                ("False", True, "Right: the organisation using the system remains responsible."),
            ],
            "Discrimination, direct or indirect, is prohibited whether it comes from a person or an automated process.",
        ),
        q(
            "single",
            "What does the Dutch benefits case show?",
            [
                (
                    "That a public algorithm without oversight or effective redress can cause massive harm",
                    True,
                    "Right: tens of thousands of families were wrongly accused.",
                ),
                (
                    "That public algorithms are always fairer than people",
                    False,
                    "No: this case shows the opposite.",
                ),
                (
                    "That nationality is a good indicator of fraud",
                    False,
                    "No: using it was discriminatory.",
                ),
            ],
            "Real human oversight, transparency and redress are essential when an algorithm affects rights.",
        ),
    ],
}

# --- Comprendre l'IA, lesson 4 -------------------------------------------------------------

L4_FR = {
    "title": "Vos données et vos droits",
    "lead": "Le RGPD et le droit français vous donnent des droits concrets face aux décisions automatisées. Voici lesquels, et comment les exercer.",
    "body": [
        ("heading", "Vos données personnelles sont protégées"),
        (
            "paragraph",
            "<p>Le <b>Règlement général sur la protection des données</b> (RGPD), applicable depuis 2018 dans toute l'Union européenne, encadre toute utilisation d'informations qui permettent de vous identifier : nom, adresse, numéro de téléphone, mais aussi identifiant de dossier, photo ou localisation. Une administration ne peut les utiliser que pour un objectif précis, prévu par un texte ou nécessaire à une mission de service public, et doit vous en informer.</p>"
            "<p>Vous disposez notamment du droit d'<b>accès</b> (savoir quelles données sont détenues sur vous et en obtenir une copie), de <b>rectification</b> (faire corriger une erreur), d'<b>opposition</b> dans certains cas, et d'<b>effacement</b> lorsque les données ne sont plus nécessaires. Sur ce site, la page « Mon compte » vous permet de télécharger vos données et de supprimer votre compte.</p>",
        ),
        ("heading", "Le droit à une intervention humaine"),
        (
            "paragraph",
            "<p>L'article 22 du RGPD pose un principe fort : vous avez le droit de ne pas faire l'objet d'une décision <b>fondée exclusivement</b> sur un traitement automatisé lorsqu'elle produit des effets juridiques à votre égard ou vous affecte de manière significative (refus d'une aide, d'une place, d'un droit). Lorsque ce type de décision est autorisé, vous pouvez obtenir l'intervention d'une personne, exprimer votre point de vue et contester la décision.</p>"
            "<p>Le droit français va plus loin pour les administrations : une décision individuelle prise sur le fondement d'un traitement algorithmique doit le mentionner explicitement, et l'administration doit vous communiquer, si vous le demandez, les règles de ce traitement et ses principales caractéristiques (article L311-3-1 du code des relations entre le public et l'administration). Le règlement européen sur l'IA ajoute un droit d'obtenir des explications sur le rôle d'un système d'IA à haut risque dans une décision qui vous concerne.</p>",
        ),
        (
            "glossary_term",
            (
                "Décision fondée exclusivement sur un traitement automatisé",
                "Une décision prise par un programme sans qu'une personne n'examine réellement le dossier. Une validation « automatique » par un agent qui ne peut rien changer ne compte pas comme une intervention humaine.",
            ),
        ),
        ("heading", "Demander un réexamen à la Ville"),
        (
            "paragraph",
            "<p>Si une décision de la Ville vous concerne et qu'un système d'IA y a contribué, vous pouvez demander qu'un agent la réexamine. Ouvrez la fiche du système dans le <a href=\"/register/\">registre</a>, puis suivez le lien « Demander un réexamen humain » : l'adresse de la demande a la forme <b>/register/&lt;nom-du-système&gt;/recourse/</b>. Décrivez la décision contestée, sa date et, si vous l'avez, la référence du dossier.</p>"
            "<p>Vous recevez un numéro de suivi. Un agent examine votre dossier sans se fier au seul résultat du système et vous répond dans un délai d'un mois ; chaque étape est visible dans le suivi de la demande. Cette démarche ne remplace pas les recours administratifs et juridictionnels habituels, dont les délais continuent de courir.</p>",
        ),
        ("heading", "Et si cela ne suffit pas ?"),
        (
            "paragraph",
            "<p>Vous pouvez contacter le <b>délégué à la protection des données</b> de la Ville, puis saisir la <b>CNIL</b> (Commission nationale de l'informatique et des libertés) par une plainte en ligne. En cas de discrimination, le <b>Défenseur des droits</b> peut être saisi gratuitement. Les décisions administratives peuvent aussi être contestées devant le tribunal administratif.</p>",
        ),
        (
            "key_points",
            [
                "Le RGPD vous donne des droits d'accès, de rectification, d'opposition et d'effacement.",
                "Vous pouvez refuser une décision importante prise uniquement par une machine et demander une intervention humaine.",
                "L'administration doit signaler l'usage d'un algorithme et en expliquer les règles sur demande.",
                "Sur ce site : fiche du système dans le registre, puis « Demander un réexamen humain ».",
            ],
        ),
    ],
    "quiz": [
        q(
            "single",
            "Une aide vous est refusée par un système automatique, sans qu'aucun agent n'ait examiné votre dossier. Que permet l'article 22 du RGPD ?",
            [
                (
                    "Rien : la décision est définitive",
                    False,
                    "Non : vous avez des droits face à une décision entièrement automatisée.",
                ),
                (
                    "Obtenir l'intervention d'une personne, donner votre point de vue et contester",
                    True,
                    "Exact : c'est le cœur de l'article 22.",
                ),
                (
                    "Obtenir automatiquement l'aide demandée",
                    False,
                    "Non : vous obtenez un réexamen humain, pas un résultat garanti.",
                ),
            ],
            "Face à une décision entièrement automatisée qui vous affecte, vous pouvez demander une intervention humaine et contester.",
        ),
        q(
            "multiple",
            "Quels droits le RGPD vous donne-t-il sur vos données ?",
            [
                (
                    "Savoir quelles données sont détenues sur vous",
                    True,
                    "Oui : c'est le droit d'accès.",
                ),
                (
                    "Faire corriger une information fausse",
                    True,
                    "Oui : c'est le droit de rectification.",
                ),
                (
                    "Obtenir le code source de tous les logiciels de l'État",
                    False,
                    "Non : ce n'est pas un droit du RGPD (même si des règles de transparence existent).",
                ),
                (
                    "Demander l'effacement de données qui ne sont plus nécessaires",
                    True,
                    "Oui : c'est le droit à l'effacement.",
                ),
            ],
            "Accès, rectification, effacement et opposition sont des droits du RGPD.",
        ),
        q(
            "single",
            "Sur ce site, où demander le réexamen humain d'une décision de la Ville ?",
            [
                (
                    "Sur la fiche du système dans le registre, lien « Demander un réexamen humain »",
                    True,
                    "Exact : l'adresse est /register/<système>/recourse/.",
                ),
                (
                    "En posant la question au robot conversationnel",
                    False,
                    "Non : un robot ne peut pas réexaminer une décision.",
                ),
                (
                    "Dans un commentaire de consultation",
                    False,
                    "Non : une consultation sert à débattre des projets, pas à traiter un dossier personnel.",
                ),
            ],
            "Le formulaire de recours se trouve sur la fiche du système concerné ; vous recevez un numéro de suivi et une réponse sous un mois.",
        ),
        q(
            "true_false",
            "Une administration qui prend une décision individuelle à l'aide d'un algorithme doit le mentionner.",
            [
                (
                    "Vrai",
                    True,
                    "Exact : le code des relations entre le public et l'administration l'impose.",
                ),
                (
                    "Faux",
                    False,
                    "Si : la mention est obligatoire et les règles du traitement doivent être communiquées sur demande.",
                ),
            ],
            "Article L311-3-1 du CRPA : mention explicite et communication des règles du traitement sur demande.",
        ),
    ],
}

L4_EN = {
    "title": "Your data and your rights",
    "lead": "The GDPR and French law give you concrete rights in front of automated decisions. Here they are, and how to use them.",
    "body": [
        ("heading", "Your personal data is protected"),
        (
            "paragraph",
            "<p>The <b>General Data Protection Regulation</b> (GDPR), in force across the European Union since 2018, governs any use of information that can identify you: name, address, phone number, but also a case number, a photo or a location. An administration may only use it for a specific purpose, provided by law or needed for a public service mission, and must inform you.</p>"
            "<p>You have in particular the right of <b>access</b> (to know what data is held about you and get a copy), of <b>rectification</b> (to have a mistake corrected), to <b>object</b> in some cases, and to <b>erasure</b> when the data is no longer needed. On this site, the “My account” page lets you download your data and delete your account.</p>",
        ),
        ("heading", "The right to human intervention"),
        (
            "paragraph",
            "<p>Article 22 of the GDPR sets a strong principle: you have the right not to be subject to a decision <b>based solely</b> on automated processing when it produces legal effects concerning you or similarly significantly affects you (refusal of a benefit, a place, a right). When such a decision is allowed, you can obtain human intervention, express your point of view and contest the decision.</p>"
            "<p>French law goes further for administrations: an individual decision taken on the basis of algorithmic processing must say so explicitly, and the administration must give you, on request, the rules of that processing and its main characteristics (article L311-3-1 of the code governing relations between the public and the administration). The European AI Act adds a right to an explanation of the role a high-risk AI system played in a decision that concerns you.</p>",
        ),
        (
            "glossary_term",
            (
                "Decision based solely on automated processing",
                "A decision taken by a program without anyone really examining the case. An “automatic” sign-off by an agent who cannot change anything does not count as human intervention.",
            ),
        ),
        ("heading", "Asking the City for a review"),
        (
            "paragraph",
            "<p>If a City decision concerns you and an AI system contributed to it, you can ask for an agent to review it. Open the system's page in the <a href=\"/en/register/\">register</a>, then follow the “Ask for a human review” link: the request's address looks like <b>/register/&lt;system-name&gt;/recourse/</b>. Describe the contested decision, its date and, if you have it, the case reference.</p>"
            "<p>You receive a tracking number. An agent examines your case without relying on the system's output alone and answers within one month; every step is visible in the request's tracking page. This does not replace the usual administrative and judicial appeals, whose time limits keep running.</p>",
        ),
        ("heading", "And if that is not enough?"),
        (
            "paragraph",
            "<p>You can contact the City's <b>data protection officer</b>, then file an online complaint with the <b>CNIL</b> (the French data protection authority). For discrimination, the <b>Défenseur des droits</b> can be contacted free of charge. Administrative decisions can also be challenged before the administrative court.</p>",
        ),
        (
            "key_points",
            [
                "The GDPR gives you rights of access, rectification, objection and erasure.",
                "You can refuse a significant decision taken solely by a machine and ask for human intervention.",
                "The administration must disclose the use of an algorithm and explain its rules on request.",
                "On this site: the system's page in the register, then “Ask for a human review”.",
            ],
        ),
    ],
    "quiz": [
        q(
            "single",
            "An automated system refuses you a benefit without any agent looking at your file. What does GDPR article 22 allow?",
            [
                (
                    "Nothing: the decision is final",
                    False,
                    "No: you have rights against a fully automated decision.",
                ),
                (
                    "Obtaining human intervention, giving your point of view and contesting",
                    True,
                    "Right: that is the core of article 22.",
                ),
                (
                    "Automatically getting the benefit",
                    False,
                    "No: you get a human review, not a guaranteed outcome.",
                ),
            ],
            "Against a fully automated decision that affects you, you can ask for human intervention and contest it.",
        ),
        q(
            "multiple",
            "Which rights does the GDPR give you over your data?",
            [
                ("Knowing what data is held about you", True, "Yes: the right of access."),
                ("Having wrong information corrected", True, "Yes: the right of rectification."),
                (
                    "Getting the source code of all government software",
                    False,
                    "No: that is not a GDPR right (although transparency rules exist).",
                ),
                (
                    "Asking for the erasure of data no longer needed",
                    True,
                    "Yes: the right to erasure.",
                ),
            ],
            "Access, rectification, erasure and objection are GDPR rights.",
        ),
        q(
            "single",
            "On this site, where do you ask for a human review of a City decision?",
            [
                (
                    "On the system's page in the register, “Ask for a human review” link",
                    True,
                    "Right: the address is /register/<system>/recourse/.",
                ),
                ("By asking the chatbot", False, "No: a chatbot cannot review a decision."),
                (
                    "In a consultation comment",
                    False,
                    "No: consultations debate projects, they do not handle personal cases.",
                ),
            ],
            "The recourse form is on the page of the system concerned; you get a tracking number and an answer within one month.",
        ),
        q(
            "true_false",
            "An administration taking an individual decision with the help of an algorithm must say so.",
            [
                ("True", True, "Right: French administrative law requires it."),
                (
                    "False",
                    False,
                    "It must: the mention is mandatory and the rules must be disclosed on request.",
                ),
            ],
            "Article L311-3-1 of the CRPA: explicit mention and disclosure of the processing rules on request.",
        ),
    ],
}

# --- Comprendre l'IA, lesson 5 -------------------------------------------------------------

L5_FR = {
    "title": "L'IA à Paris : registre, consultations, observatoire",
    "lead": "La Ville rend publics ses usages de l'IA et vous invite à les discuter. Voici les outils de ce site et comment participer.",
    "body": [
        ("heading", "Le registre : savoir ce que la Ville utilise"),
        (
            "paragraph",
            "<p>Le <a href=\"/register/\">registre des systèmes d'IA</a> décrit chaque système utilisé par la Ville : à quoi il sert, quel service en est responsable, quelles données il utilise, qui est concerné, son niveau de risque au sens du règlement européen, comment les décisions restent sous contrôle humain, et comment contester. Chaque modification crée une nouvelle version : l'historique reste consultable. Le registre suit les standards ouverts utilisés par d'autres villes européennes, comme Amsterdam, Helsinki ou Barcelone.</p>",
        ),
        ("heading", "Les consultations : donner votre avis avant la décision"),
        (
            "paragraph",
            "<p>Avant d'adopter certains usages de l'IA, la Ville les soumet à une <a href=\"/consultations/\">consultation</a>. Chaque projet est présenté comme un dossier : le problème à résoudre, l'IA envisagée, les données, les bénéfices attendus, les risques et les alternatives sans IA. Vous pouvez commenter et voter.</p>"
            "<p>Le vote utilise le <b>jugement majoritaire</b> : au lieu de choisir un seul projet, vous donnez une mention à chacun, d'« Excellent » à « À rejeter ». Le projet retient sa mention médiane. Cette méthode, conçue par des chercheurs français, exprime mieux les nuances et limite le vote stratégique. À l'issue de la consultation, les élus publient une réponse officielle et des engagements datés, que chacun peut suivre.</p>",
        ),
        ("heading", "L'observatoire : des chiffres et des analyses indépendantes"),
        (
            "paragraph",
            "<p>L'<b>observatoire</b> publie des indicateurs calculés à partir des données du site (nombre de systèmes par niveau de risque, participation aux consultations, recours, formations suivies, énergie consommée par le modèle de la Ville) et des analyses rédigées par des chercheurs et chercheuses, dont un rapport annuel avec des recommandations à la Ville.</p>",
        ),
        ("heading", "Essayer le modèle de la Ville"),
        (
            "paragraph",
            "<p>Le « bac à sable » permet d'essayer un petit modèle de langue hébergé sur les serveurs de la Ville. Chaque réponse est signalée comme produite par une IA, avec le nom du modèle et une estimation de l'énergie consommée. Vos questions ne sont pas conservées, sauf si vous l'acceptez. N'y écrivez pas d'informations personnelles.</p>",
        ),
        ("heading", "Comment participer"),
        (
            "paragraph",
            "<ul><li>Créez un compte et confirmez votre adresse électronique : c'est nécessaire pour voter et commenter.</li><li>Suivez les consultations ouvertes et donnez une mention à chaque projet.</li><li>Signalez un usage qui vous inquiète en commentant ou en écrivant au service concerné.</li><li>Demandez un réexamen humain si une décision vous concerne.</li><li>Partagez ce cours : chacun peut comprendre l'IA, sans connaissances techniques.</li></ul>",
        ),
        (
            "key_points",
            [
                "Le registre décrit chaque système d'IA de la Ville, avec son historique.",
                "Les consultations utilisent le jugement majoritaire ; les élus répondent publiquement.",
                "L'observatoire publie des indicateurs et des analyses indépendantes.",
                "Un compte vérifié suffit pour voter, commenter et suivre vos demandes.",
            ],
        ),
        (
            "try_it",
            (
                "Demandez au modèle de vous aider à formuler un avis sur un projet, sans y mettre d'informations personnelles.",
                "Aide-moi à écrire trois arguments pour et trois arguments contre l'usage de l'IA pour trier les demandes adressées à une mairie.",
            ),
        ),
    ],
    "quiz": [
        q(
            "multiple",
            "Que trouve-t-on sur la fiche d'un système dans le registre ?",
            [
                ("Son objectif et le service responsable", True, "Oui."),
                ("Son niveau de risque et les données utilisées", True, "Oui."),
                (
                    "La liste nominative des personnes concernées",
                    False,
                    "Non : le registre ne publie jamais de données personnelles.",
                ),
                (
                    "Comment contester une décision",
                    True,
                    "Oui : chaque fiche donne la voie de recours.",
                ),
            ],
            "Le registre décrit l'objectif, le responsable, les données, le risque, le contrôle humain et le recours, jamais de données personnelles.",
        ),
        q(
            "single",
            "Dans le jugement majoritaire, comment votez-vous ?",
            [
                ("Vous choisissez un seul projet", False, "Non : c'est le scrutin uninominal."),
                (
                    "Vous donnez une mention à chaque projet, d'« Excellent » à « À rejeter »",
                    True,
                    "Exact : chaque projet obtient sa mention médiane.",
                ),
                (
                    "Vous classez les projets du premier au dernier",
                    False,
                    "Non : c'est une autre méthode (vote par classement).",
                ),
            ],
            "Chaque votant évalue chaque projet ; le projet retient la mention médiane.",
        ),
        q(
            "true_false",
            "Dans le bac à sable, vous pouvez écrire vos informations personnelles sans risque.",
            [
                (
                    "Vrai",
                    False,
                    "Non : même si la Ville ne conserve pas les questions par défaut, n'écrivez pas d'informations personnelles.",
                ),
                ("Faux", True, "Exact : c'est une bonne habitude avec tout outil d'IA."),
            ],
            "Ne confiez pas d'informations personnelles à un modèle de langue, même hébergé par la Ville.",
        ),
    ],
}

L5_EN = {
    "title": "AI in Paris: register, consultations, observatory",
    "lead": "The City makes its uses of AI public and invites you to discuss them. Here are this site's tools and how to take part.",
    "body": [
        ("heading", "The register: knowing what the City uses"),
        (
            "paragraph",
            '<p>The <a href="/en/register/">register of AI systems</a> describes every system the City uses: what it is for, which department is responsible, what data it uses, who is affected, its risk level under the European regulation, how decisions stay under human control, and how to contest them. Every change creates a new version: the history stays available. The register follows the open standards used by other European cities, such as Amsterdam, Helsinki or Barcelona.</p>',
        ),
        ("heading", "Consultations: giving your opinion before the decision"),
        (
            "paragraph",
            '<p>Before adopting some uses of AI, the City puts them to a <a href="/en/consultations/">consultation</a>. Each project is presented as a file: the problem to solve, the AI considered, the data, the expected benefits, the risks and the alternatives without AI. You can comment and vote.</p>'
            "<p>The vote uses <b>majority judgment</b>: instead of choosing one project, you give each one a grade, from “Excellent” to “Reject”. Each project gets its median grade. This method, designed by French researchers, expresses nuance better and limits tactical voting. After the consultation, elected officials publish an official answer and dated commitments that anyone can follow.</p>",
        ),
        ("heading", "The observatory: figures and independent analyses"),
        (
            "paragraph",
            "<p>The <b>observatory</b> publishes indicators computed from the site's data (systems by risk level, participation in consultations, recourse requests, courses taken, energy used by the City's model) and analyses written by researchers, including a yearly report with recommendations to the City.</p>",
        ),
        ("heading", "Trying the City's model"),
        (
            "paragraph",
            "<p>The “sandbox” lets you try a small language model hosted on the City's servers. Every answer is labelled as produced by an AI, with the model's name and an estimate of the energy used. Your questions are not kept unless you agree. Do not type personal information there.</p>",
        ),
        ("heading", "How to take part"),
        (
            "paragraph",
            "<ul><li>Create an account and confirm your email address: you need it to vote and comment.</li><li>Follow open consultations and grade each project.</li><li>Flag a use that worries you by commenting or writing to the department concerned.</li><li>Ask for a human review if a decision concerns you.</li><li>Share this course: anyone can understand AI, without technical knowledge.</li></ul>",
        ),
        (
            "key_points",
            [
                "The register describes each City AI system, with its history.",
                "Consultations use majority judgment; elected officials answer publicly.",
                "The observatory publishes indicators and independent analyses.",
                "A verified account is all you need to vote, comment and follow your requests.",
            ],
        ),
        (
            "try_it",
            (
                "Ask the model to help you phrase an opinion on a project, without including personal information.",
                "Help me write three arguments for and three against using AI to sort the requests sent to a town hall.",
            ),
        ),
    ],
    "quiz": [
        q(
            "multiple",
            "What does a system's page in the register contain?",
            [
                ("Its purpose and the department responsible", True, "Yes."),
                ("Its risk level and the data used", True, "Yes."),
                (
                    "The names of the people affected",
                    False,
                    "No: the register never publishes personal data.",
                ),
                (
                    "How to contest a decision",
                    True,
                    "Yes: every page gives the way to seek redress.",
                ),
            ],
            "The register describes purpose, owner, data, risk, human oversight and redress, never personal data.",
        ),
        q(
            "single",
            "In majority judgment, how do you vote?",
            [
                ("You choose a single project", False, "No: that is first-past-the-post."),
                (
                    "You grade each project, from “Excellent” to “Reject”",
                    True,
                    "Right: each project gets its median grade.",
                ),
                (
                    "You rank projects from first to last",
                    False,
                    "No: that is another method (ranked voting).",
                ),
            ],
            "Each voter grades each project; the project keeps its median grade.",
        ),
        q(
            "true_false",
            "In the sandbox you can type your personal information without any risk.",
            [
                (
                    "True",
                    False,
                    "No: even though the City does not keep questions by default, do not type personal information.",
                ),
                ("False", True, "Right: it is a good habit with any AI tool."),
            ],
            "Do not give personal information to a language model, even one hosted by the City.",
        ),
    ],
}

# --- L'IA au travail, lesson 1 -------------------------------------------------------------

S1_FR = {
    "title": "Le règlement européen sur l'IA : ce qu'il impose à une collectivité",
    "lead": "L'AI Act s'applique aux collectivités qui utilisent de l'IA. Voici les obligations qui concernent la Ville et ses agents.",
    "body": [
        ("heading", "Un règlement fondé sur le risque"),
        (
            "paragraph",
            "<p>Le règlement (UE) 2024/1689, dit <b>AI Act</b>, est entré en vigueur le 1er août 2024 et s'applique progressivement. Il classe les usages de l'IA selon leur risque pour la santé, la sécurité et les droits fondamentaux. Une collectivité y est le plus souvent « <b>déployeur</b> » : elle utilise sous sa responsabilité un système conçu par un « fournisseur » (un éditeur, ou ses propres équipes si elle le développe).</p>"
            "<ul><li><b>Risque inacceptable</b> : pratiques interdites depuis le 2 février 2025, par exemple la notation sociale des personnes, la manipulation exploitant les vulnérabilités, la reconnaissance des émotions au travail ou à l'école, ou la prédiction d'infractions fondée uniquement sur le profilage.</li><li><b>Haut risque</b> : systèmes listés à l'annexe III, dont ceux qui évaluent l'éligibilité aux prestations et services publics essentiels, le recrutement et la gestion du personnel, l'accès à l'éducation. Obligations applicables pour l'essentiel à partir du 2 août 2026.</li><li><b>Risque limité</b> : obligations de transparence, par exemple informer qu'on parle à un robot conversationnel.</li><li><b>Risque minimal</b> : pas d'obligation spécifique, mais les bonnes pratiques restent recommandées.</li></ul>",
        ),
        ("heading", "Les obligations du déployeur d'un système à haut risque"),
        (
            "paragraph",
            "<p>L'article 26 impose notamment d'utiliser le système conformément à sa notice, de confier le <b>contrôle humain</b> à des personnes compétentes, formées et disposant de l'autorité nécessaire, de veiller à la pertinence des données d'entrée, de surveiller le fonctionnement et de signaler les incidents graves, de conserver les journaux générés au moins six mois, d'informer les représentants du personnel avant une mise en service sur le lieu de travail, et d'informer les personnes qu'un tel système est utilisé pour prendre des décisions les concernant.</p>"
            "<p>Les organismes de droit public doivent en plus réaliser, avant la mise en service, une <b>analyse d'impact sur les droits fondamentaux</b> (article 27) et enregistrer leur utilisation dans la base de données de l'Union (article 49). Les personnes concernées peuvent obtenir une explication du rôle du système dans une décision (article 86).</p>",
        ),
        (
            "glossary_term",
            (
                "Déployeur",
                "Toute personne ou organisation qui utilise un système d'IA sous sa propre autorité dans un cadre professionnel. La Ville est déployeur des outils qu'elle achète ; elle est aussi fournisseur de ceux qu'elle développe.",
            ),
        ),
        ("heading", "Des obligations pour tous les agents"),
        (
            "paragraph",
            "<p>Depuis le 2 février 2025, l'article 4 oblige les fournisseurs et les déployeurs à assurer un niveau suffisant de <b>maîtrise de l'IA</b> à leur personnel : ce cours y contribue. L'article 50 impose la transparence : les personnes doivent savoir qu'elles échangent avec une IA, les contenus truqués (« hypertrucages ») doivent être signalés, et un texte généré par IA publié pour informer le public sur des questions d'intérêt général doit être signalé comme tel, sauf s'il a fait l'objet d'une relecture humaine sous responsabilité éditoriale.</p>"
            '<p>En pratique, avant de mettre en service un nouvel outil, déclarez-le au référent IA de votre direction : il sera évalué, documenté dans le <a href="/register/">registre public</a> et, si nécessaire, soumis à consultation. Le RGPD continue de s\'appliquer en parallèle, de même que les règles françaises de transparence des algorithmes publics.</p>',
        ),
        (
            "key_points",
            [
                "La Ville est le plus souvent « déployeur » : elle répond de l'usage qu'elle fait de l'IA.",
                "Certaines pratiques sont interdites depuis février 2025 ; le haut risque est encadré à partir d'août 2026.",
                "Haut risque : contrôle humain compétent, journaux, information des personnes, analyse d'impact, enregistrement.",
                "Tout nouvel outil d'IA se déclare au référent et apparaît dans le registre public.",
            ],
        ),
    ],
    "quiz": [
        q(
            "single",
            "Quand la Ville achète un outil d'IA à un éditeur et l'utilise, quel est son rôle au sens de l'AI Act ?",
            [
                (
                    "Fournisseur",
                    False,
                    "Non : le fournisseur est celui qui développe et met sur le marché le système.",
                ),
                ("Déployeur", True, "Exact : elle utilise le système sous sa propre autorité."),
                (
                    "Simple utilisateur sans obligation",
                    False,
                    "Non : le déployeur a des obligations, surtout pour le haut risque.",
                ),
            ],
            "Un déployeur utilise un système sous sa responsabilité ; il a ses propres obligations.",
        ),
        q(
            "multiple",
            "Lesquelles de ces pratiques sont interdites par l'AI Act ?",
            [
                (
                    "Noter les habitants selon leur comportement social pour leur accorder ou non des services",
                    True,
                    "Oui : la notation sociale est interdite.",
                ),
                (
                    "Reconnaître les émotions des agents sur leur lieu de travail",
                    True,
                    "Oui : c'est interdit, sauf raisons médicales ou de sécurité.",
                ),
                (
                    "Utiliser un correcteur orthographique",
                    False,
                    "Non : c'est un usage à risque minimal.",
                ),
                (
                    "Traduire automatiquement une page d'information",
                    False,
                    "Non : ce n'est pas interdit.",
                ),
            ],
            "Notation sociale et reconnaissance des émotions au travail font partie des pratiques interdites depuis février 2025.",
        ),
        q(
            "multiple",
            "Pour un système à haut risque, que doit faire la Ville en tant qu'organisme public déployeur ?",
            [
                (
                    "Confier le contrôle humain à des personnes compétentes et formées",
                    True,
                    "Oui (article 26).",
                ),
                (
                    "Réaliser une analyse d'impact sur les droits fondamentaux",
                    True,
                    "Oui (article 27).",
                ),
                (
                    "Supprimer les journaux dès la décision prise",
                    False,
                    "Non : ils doivent être conservés au moins six mois.",
                ),
                ("Informer les personnes concernées", True, "Oui (article 26)."),
            ],
            "Contrôle humain, analyse d'impact, information des personnes, journaux conservés et enregistrement de l'usage.",
        ),
        q(
            "true_false",
            "L'obligation de former le personnel à l'IA (article 4) s'applique déjà.",
            [
                ("Vrai", True, "Exact : depuis le 2 février 2025."),
                ("Faux", False, "Si : l'article 4 s'applique depuis le 2 février 2025."),
            ],
            "La maîtrise de l'IA du personnel est une obligation des déployeurs depuis le 2 février 2025.",
        ),
    ],
}

S1_EN = {
    "title": "The European AI Act: what it requires from a local authority",
    "lead": "The AI Act applies to local authorities that use AI. Here are the obligations that concern the City and its staff.",
    "body": [
        ("heading", "A risk-based regulation"),
        (
            "paragraph",
            "<p>Regulation (EU) 2024/1689, the <b>AI Act</b>, entered into force on 1 August 2024 and applies in stages. It classifies uses of AI by their risk to health, safety and fundamental rights. A local authority is most often a “<b>deployer</b>”: it uses, under its own authority, a system designed by a “provider” (a vendor, or its own teams if it builds it).</p>"
            "<ul><li><b>Unacceptable risk</b>: practices prohibited since 2 February 2025, for example social scoring of people, manipulation exploiting vulnerabilities, emotion recognition at work or school, or predicting offences based solely on profiling.</li><li><b>High risk</b>: systems listed in Annex III, including those assessing eligibility for essential public benefits and services, recruitment and staff management, access to education. Obligations mostly apply from 2 August 2026.</li><li><b>Limited risk</b>: transparency duties, for example telling people they are talking to a chatbot.</li><li><b>Minimal risk</b>: no specific obligation, but good practice is still recommended.</li></ul>",
        ),
        ("heading", "A high-risk system deployer's obligations"),
        (
            "paragraph",
            "<p>Article 26 requires in particular using the system according to its instructions, assigning <b>human oversight</b> to competent, trained people with the necessary authority, making sure input data is relevant, monitoring operation and reporting serious incidents, keeping the logs generated for at least six months, informing workers' representatives before putting it into service at the workplace, and informing people that such a system is used to make decisions about them.</p>"
            "<p>Bodies governed by public law must also carry out, before first use, a <b>fundamental rights impact assessment</b> (article 27) and register their use in the EU database (article 49). Affected people can obtain an explanation of the system's role in a decision (article 86).</p>",
        ),
        (
            "glossary_term",
            (
                "Deployer",
                "Any person or organisation using an AI system under its own authority in a professional context. The City is the deployer of the tools it buys; it is also the provider of those it develops.",
            ),
        ),
        ("heading", "Duties for every member of staff"),
        (
            "paragraph",
            "<p>Since 2 February 2025, article 4 requires providers and deployers to ensure a sufficient level of <b>AI literacy</b> among their staff: this course contributes to it. Article 50 requires transparency: people must know they are interacting with an AI, deep fakes must be disclosed, and AI-generated text published to inform the public on matters of public interest must be labelled as such, unless it underwent human review under editorial responsibility.</p>"
            '<p>In practice, before putting a new tool into service, declare it to your department\'s AI contact: it will be assessed, documented in the <a href="/en/register/">public register</a> and, where needed, put to consultation. The GDPR still applies in parallel, as do French rules on the transparency of public algorithms.</p>',
        ),
        (
            "key_points",
            [
                "The City is most often a “deployer”: it answers for how it uses AI.",
                "Some practices are banned since February 2025; high risk is regulated from August 2026.",
                "High risk: competent human oversight, logs, informing people, impact assessment, registration.",
                "Every new AI tool is declared to the AI contact and appears in the public register.",
            ],
        ),
    ],
    "quiz": [
        q(
            "single",
            "When the City buys an AI tool from a vendor and uses it, what is its role under the AI Act?",
            [
                (
                    "Provider",
                    False,
                    "No: the provider develops the system and places it on the market.",
                ),
                ("Deployer", True, "Right: it uses the system under its own authority."),
                (
                    "Mere user with no obligation",
                    False,
                    "No: deployers have obligations, especially for high risk.",
                ),
            ],
            "A deployer uses a system under its responsibility and has its own obligations.",
        ),
        q(
            "multiple",
            "Which of these practices does the AI Act prohibit?",
            [
                (
                    "Scoring residents on their social behaviour to grant them services or not",
                    True,
                    "Yes: social scoring is prohibited.",
                ),
                (
                    "Recognising staff emotions at the workplace",
                    True,
                    "Yes: prohibited, except for medical or safety reasons.",
                ),
                ("Using a spell checker", False, "No: that is minimal risk."),
                ("Machine-translating an information page", False, "No: that is not prohibited."),
            ],
            "Social scoring and emotion recognition at work are among the practices banned since February 2025.",
        ),
        q(
            "multiple",
            "For a high-risk system, what must the City do as a public-body deployer?",
            [
                ("Assign human oversight to competent, trained people", True, "Yes (article 26)."),
                ("Carry out a fundamental rights impact assessment", True, "Yes (article 27)."),
                (
                    "Delete the logs as soon as the decision is taken",
                    False,
                    "No: they must be kept for at least six months.",
                ),
                ("Inform the people affected", True, "Yes (article 26)."),
            ],
            "Human oversight, impact assessment, informing people, keeping logs and registering the use.",
        ),
        q(
            "true_false",
            "The duty to train staff in AI (article 4) already applies.",
            [
                ("True", True, "Right: since 2 February 2025."),
                ("False", False, "It does: article 4 applies since 2 February 2025."),
            ],
            "Staff AI literacy has been a deployer obligation since 2 February 2025.",
        ),
    ],
}

# --- L'IA au travail, lesson 2 -------------------------------------------------------------

S2_FR = {
    "title": "Protection des données et sécurité avec l'IA générative",
    "lead": "Ce que vous collez dans un outil d'IA générative peut sortir de la Ville. Quelques règles simples évitent l'essentiel des risques.",
    "body": [
        ("heading", "Où vont vos données ?"),
        (
            "paragraph",
            "<p>Quand vous utilisez un service d'IA générative grand public, votre texte est envoyé sur les serveurs de l'éditeur, souvent hors de l'Union européenne. Selon les conditions d'utilisation, il peut être conservé, relu par des personnes pour améliorer le service, ou servir à entraîner de futurs modèles. Un service soumis à un droit étranger peut en outre être contraint de communiquer des données aux autorités de ce pays.</p>"
            "<p>Pour la Ville, coller dans un tel outil le courrier d'un administré, un compte rendu de réunion non public ou un extrait de dossier revient à transmettre ces informations à un tiers, sans base légale, sans information des personnes et sans garantie de sécurité. C'est une violation du RGPD et, selon le cas, du secret professionnel.</p>",
        ),
        ("heading", "Ce qu'il ne faut jamais envoyer à un service externe"),
        (
            "paragraph",
            "<ul><li>Des <b>données personnelles</b> : noms, adresses, numéros de dossier, situations familiales, et plus encore les données sensibles (santé, opinions, origine, infractions).</li><li>Des <b>informations non publiques</b> : projets de délibération, notes internes, éléments de marchés publics en cours, négociations.</li><li>Des éléments de <b>sécurité</b> : mots de passe, clés d'accès, configurations, plans de bâtiments sensibles, procédures de crise.</li><li>Du <b>code</b> ou des fichiers internes sans accord du service informatique.</li></ul>"
            "<p>Anonymiser « à la main » ne suffit pas toujours : une combinaison de détails (un quartier, une date, une situation) peut suffire à reconnaître une personne.</p>",
        ),
        (
            "glossary_term",
            (
                "Injection de consignes (prompt injection)",
                "Une attaque qui cache des instructions dans un document ou une page web lus par l'IA, pour lui faire ignorer ses consignes ou divulguer des informations. Tout contenu externe donné à un modèle doit être considéré comme non fiable.",
            ),
        ),
        ("heading", "Les risques propres à l'IA générative"),
        (
            "paragraph",
            "<p>L'Agence nationale de la sécurité des systèmes d'information (ANSSI) a publié en 2024 des recommandations de sécurité pour les systèmes d'IA générative. Elles rappellent notamment les risques d'<b>injection de consignes</b>, de fuite de données par les réponses du modèle, d'empoisonnement des données d'entraînement et de dépendance à un fournisseur. Un assistant relié à votre messagerie ou à vos documents peut être manipulé par un courriel piégé : ne donnez à un outil que les accès strictement nécessaires.</p>"
            "<p>Les contenus produits doivent aussi être vérifiés : un modèle peut inventer une référence juridique, reprendre un texte protégé par le droit d'auteur ou produire du code vulnérable. Vous restez responsable de ce que vous publiez ou décidez.</p>",
        ),
        ("heading", "Les bons réflexes"),
        (
            "paragraph",
            "<ul><li>Utilisez les outils validés par la Ville, et d'abord son propre modèle, hébergé sur ses serveurs.</li><li>Ne collez que des textes que vous pourriez publier.</li><li>Relisez et vérifiez tout contenu avant usage ; signalez qu'il a été produit avec une IA quand il est diffusé au public.</li><li>En cas de doute ou d'incident (données envoyées par erreur), prévenez sans attendre le délégué à la protection des données et le service informatique : une violation de données doit être notifiée à la CNIL dans les 72 heures.</li></ul>",
        ),
        (
            "key_points",
            [
                "Un service d'IA externe reçoit, et peut conserver, tout ce que vous y collez.",
                "Jamais de données personnelles, d'informations non publiques ni d'éléments de sécurité.",
                "Méfiez-vous des documents et pages donnés à l'IA : ils peuvent contenir des consignes piégées.",
                "Incident : prévenez tout de suite le DPO et l'informatique (notification CNIL sous 72 h).",
            ],
        ),
    ],
    "quiz": [
        q(
            "multiple",
            "Lesquels de ces contenus ne doivent jamais être collés dans un service d'IA générative grand public ?",
            [
                (
                    "Le courrier d'un administré avec son nom et son adresse",
                    True,
                    "Oui : ce sont des données personnelles.",
                ),
                (
                    "Un projet de délibération non encore publié",
                    True,
                    "Oui : c'est une information non publique.",
                ),
                (
                    "Le texte d'une page déjà publiée sur paris.fr",
                    False,
                    "Ce texte est public : le risque est faible.",
                ),
                (
                    "Le mot de passe d'une application métier",
                    True,
                    "Oui : jamais d'élément de sécurité.",
                ),
            ],
            "Données personnelles, informations non publiques et éléments de sécurité ne sortent jamais vers un service externe.",
        ),
        q(
            "single",
            "Qu'est-ce qu'une injection de consignes (prompt injection) ?",
            [
                (
                    "Des instructions cachées dans un contenu lu par l'IA pour détourner son comportement",
                    True,
                    "Exact.",
                ),
                ("Une mise à jour officielle du modèle", False, "Non."),
                (
                    "Une consigne de sécurité de l'ANSSI",
                    False,
                    "Non : c'est une attaque que l'ANSSI décrit.",
                ),
            ],
            "Tout contenu externe donné à un modèle peut contenir des instructions malveillantes.",
        ),
        q(
            "single",
            "Vous avez collé par erreur un fichier contenant des données d'usagers dans un outil externe. Que faites-vous ?",
            [
                (
                    "Rien, l'outil oubliera",
                    False,
                    "Non : les données ont pu être conservées, c'est une violation de données.",
                ),
                (
                    "Vous prévenez immédiatement le DPO et le service informatique",
                    True,
                    "Exact : une notification à la CNIL peut être nécessaire sous 72 heures.",
                ),
                (
                    "Vous supprimez la conversation et n'en parlez pas",
                    False,
                    "Non : supprimer l'historique ne garantit pas l'effacement chez l'éditeur.",
                ),
            ],
            "Une violation de données se signale sans attendre ; la Ville a 72 heures pour la notifier à la CNIL si nécessaire.",
        ),
    ],
}

S2_EN = {
    "title": "Data protection and security with generative AI",
    "lead": "What you paste into a generative AI tool can leave the City. A few simple rules avoid most of the risks.",
    "body": [
        ("heading", "Where does your data go?"),
        (
            "paragraph",
            "<p>When you use a consumer generative AI service, your text is sent to the vendor's servers, often outside the European Union. Depending on the terms of use, it may be kept, read by people to improve the service, or used to train future models. A service subject to foreign law may also be compelled to hand data over to that country's authorities.</p>"
            "<p>For the City, pasting a resident's letter, a non-public meeting report or an extract of a case file into such a tool means handing that information to a third party, with no legal basis, without informing the people concerned and without any security guarantee. It breaches the GDPR and, depending on the case, professional secrecy.</p>",
        ),
        ("heading", "What you must never send to an external service"),
        (
            "paragraph",
            "<ul><li><b>Personal data</b>: names, addresses, case numbers, family situations, and even more so sensitive data (health, opinions, origin, offences).</li><li><b>Non-public information</b>: draft council decisions, internal notes, ongoing procurement, negotiations.</li><li><b>Security</b> elements: passwords, access keys, configurations, plans of sensitive buildings, crisis procedures.</li><li>Internal <b>code</b> or files without the IT department's approval.</li></ul>"
            "<p>Anonymising “by hand” is not always enough: a combination of details (a neighbourhood, a date, a situation) can be enough to recognise a person.</p>",
        ),
        (
            "glossary_term",
            (
                "Prompt injection",
                "An attack hiding instructions in a document or web page read by the AI, to make it ignore its instructions or disclose information. Any external content given to a model must be treated as untrusted.",
            ),
        ),
        ("heading", "Risks specific to generative AI"),
        (
            "paragraph",
            "<p>France's national cybersecurity agency (ANSSI) published security recommendations for generative AI systems in 2024. They stress in particular the risks of <b>prompt injection</b>, data leaks through the model's answers, poisoning of training data and dependence on a supplier. An assistant connected to your mailbox or documents can be manipulated by a booby-trapped email: give a tool only the access it strictly needs.</p>"
            "<p>Outputs must be checked too: a model can invent a legal reference, reuse copyrighted text or write vulnerable code. You remain responsible for what you publish or decide.</p>",
        ),
        ("heading", "Good habits"),
        (
            "paragraph",
            "<ul><li>Use the tools approved by the City, starting with its own model, hosted on its servers.</li><li>Only paste text you could publish.</li><li>Reread and check any output before use; say it was produced with AI when it is released to the public.</li><li>When in doubt or after an incident (data sent by mistake), alert the data protection officer and the IT department at once: a personal data breach must be notified to the CNIL within 72 hours.</li></ul>",
        ),
        (
            "key_points",
            [
                "An external AI service receives, and may keep, everything you paste into it.",
                "Never personal data, non-public information or security elements.",
                "Beware of documents and pages given to the AI: they may hide malicious instructions.",
                "Incident: alert the DPO and IT at once (CNIL notification within 72 h).",
            ],
        ),
    ],
    "quiz": [
        q(
            "multiple",
            "Which of these must never be pasted into a consumer generative AI service?",
            [
                (
                    "A resident's letter with their name and address",
                    True,
                    "Yes: that is personal data.",
                ),
                (
                    "A draft council decision not yet published",
                    True,
                    "Yes: that is non-public information.",
                ),
                (
                    "The text of a page already published on paris.fr",
                    False,
                    "That text is public: the risk is low.",
                ),
                ("The password of a business application", True, "Yes: never a security element."),
            ],
            "Personal data, non-public information and security elements never go to an external service.",
        ),
        q(
            "single",
            "What is prompt injection?",
            [
                (
                    "Instructions hidden in content read by the AI to hijack its behaviour",
                    True,
                    "Right.",
                ),
                ("An official model update", False, "No."),
                (
                    "An ANSSI security instruction",
                    False,
                    "No: it is an attack the ANSSI describes.",
                ),
            ],
            "Any external content given to a model may contain malicious instructions.",
        ),
        q(
            "single",
            "You pasted by mistake a file with users' data into an external tool. What do you do?",
            [
                (
                    "Nothing, the tool will forget",
                    False,
                    "No: the data may have been kept; this is a data breach.",
                ),
                (
                    "You alert the DPO and the IT department immediately",
                    True,
                    "Right: a notification to the CNIL may be needed within 72 hours.",
                ),
                (
                    "You delete the conversation and say nothing",
                    False,
                    "No: deleting the history does not guarantee erasure at the vendor.",
                ),
            ],
            "A data breach is reported without delay; the City has 72 hours to notify the CNIL where required.",
        ),
    ],
}

# --- L'IA au travail, lesson 3 -------------------------------------------------------------

S3_FR = {
    "title": "Utiliser le modèle de la Ville de façon responsable",
    "lead": "La Ville met à disposition son propre modèle de langue, hébergé sur ses serveurs. Il réduit les risques, sans les supprimer : voici quoi lui confier, et quoi ne pas lui confier.",
    "body": [
        ("heading", "Pourquoi un modèle de la Ville ?"),
        (
            "paragraph",
            "<p>Le modèle de la Ville fonctionne sur des serveurs qu'elle maîtrise, ou sur ceux de collectivités partenaires qui s'engagent sur les mêmes règles. Les questions ne sont pas conservées par défaut ; seules des données d'usage (nombre de jetons, durée, estimation de l'énergie consommée) sont enregistrées, pour piloter le service et publier son bilan dans l'observatoire. Les agents peuvent l'appeler depuis le bac à sable ou par une interface de programmation (API) avec un jeton personnel.</p>"
            "<p>C'est un progrès important par rapport à un service grand public : vos textes ne partent pas chez un éditeur étranger et ne servent pas à entraîner un modèle commercial. Mais un modèle hébergé par la Ville <b>reste un modèle de langue</b> : il peut se tromper, inventer, reproduire des biais.</p>",
        ),
        ("heading", "Ce que vous pouvez lui confier"),
        (
            "paragraph",
            "<ul><li>Reformuler un texte destiné au public en langage clair, ou proposer une version « facile à lire et à comprendre » à faire relire.</li><li>Résumer un document public ou interne non sensible que vous lui fournissez.</li><li>Proposer un plan, une liste de questions pour une réunion, des idées de titres.</li><li>Traduire un premier jet d'un texte non sensible, à faire relire par une personne qui maîtrise la langue.</li></ul>",
        ),
        ("heading", "Ce que vous ne devez pas lui confier"),
        (
            "paragraph",
            "<ul><li><b>Des décisions sur des personnes</b> : attribution d'une aide, d'un logement, d'une place en crèche, évaluation d'un agent. Un tel usage relèverait du haut risque et exige un système évalué, documenté dans le registre et sous contrôle humain réel — pas un assistant de rédaction.</li><li><b>Des données sensibles</b> (santé, situation sociale, infractions) ou des dossiers nominatifs, même sur les serveurs de la Ville, sauf traitement prévu et déclaré.</li><li><b>Des faits à vérifier</b> : montants, dates, références juridiques. Le modèle de démonstration (SmolLM2) est très petit et se trompe souvent.</li><li><b>Des secrets</b> : mots de passe, clés, informations de sécurité.</li></ul>",
        ),
        (
            "glossary_term",
            (
                "Contrôle humain réel",
                "Une personne compétente examine le dossier, comprend les limites de l'outil, peut s'écarter de sa proposition et le fait quand c'est justifié. Valider sans lire n'est pas un contrôle humain.",
            ),
        ),
        ("heading", "Signaler, relire, mesurer"),
        (
            "paragraph",
            "<p>Tout texte produit avec le modèle et diffusé au public doit être relu, et signalé comme produit avec une IA lorsqu'il n'a pas fait l'objet d'une relecture éditoriale. Gardez une trace de l'usage quand il contribue à un dossier. Enfin, chaque réponse consomme de l'énergie : le bac à sable affiche une estimation pour chaque réponse. Préférez des demandes courtes et précises, et n'utilisez pas l'IA quand une recherche simple ou un modèle de document suffit.</p>",
        ),
        (
            "key_points",
            [
                "Le modèle de la Ville garde vos textes chez la Ville, mais reste faillible.",
                "Oui : reformuler, résumer un texte fourni, trouver des idées, premier jet à relire.",
                "Non : décisions sur des personnes, données sensibles, faits non vérifiés, secrets.",
                "Relisez, signalez l'usage de l'IA, et pensez à l'énergie consommée.",
            ],
        ),
        (
            "try_it",
            (
                "Essayez une demande adaptée : reformuler un message public en langage clair.",
                "Reformule en langage clair, en trois phrases courtes : « La fermeture temporaire de l'équipement sportif est motivée par la réalisation de travaux de mise en conformité. »",
            ),
        ),
    ],
    "quiz": [
        q(
            "multiple",
            "Quelles demandes sont adaptées au modèle de la Ville ?",
            [
                (
                    "Reformuler en langage clair une annonce de fermeture de piscine",
                    True,
                    "Oui : texte public, relu avant diffusion.",
                ),
                (
                    "Décider quelles familles obtiennent une place en crèche",
                    False,
                    "Non : décision sur des personnes, usage à haut risque.",
                ),
                (
                    "Proposer des questions pour préparer une réunion publique",
                    True,
                    "Oui : aide à la réflexion, sans donnée personnelle.",
                ),
                (
                    "Analyser le dossier médical d'un agent",
                    False,
                    "Non : donnée de santé, jamais dans un assistant de rédaction.",
                ),
            ],
            "Reformuler et préparer : oui. Décider sur des personnes ou traiter des données sensibles : non.",
        ),
        q(
            "true_false",
            "Comme le modèle est hébergé par la Ville, ses réponses sont fiables et n'ont pas besoin d'être vérifiées.",
            [
                (
                    "Vrai",
                    False,
                    "Non : l'hébergement protège les données, pas l'exactitude des réponses.",
                ),
                ("Faux", True, "Exact : un modèle de langue peut toujours se tromper ou inventer."),
            ],
            "L'hébergement par la Ville réduit le risque de fuite, pas le risque d'erreur.",
        ),
        q(
            "single",
            "Que garde la Ville quand vous utilisez son modèle, par défaut ?",
            [
                (
                    "Le texte complet de vos questions et réponses",
                    False,
                    "Non : les textes ne sont pas conservés sauf accord explicite.",
                ),
                (
                    "Des données d'usage : jetons, durée, estimation de l'énergie",
                    True,
                    "Exact : elles servent à piloter le service et au bilan de l'observatoire.",
                ),
                (
                    "Rien du tout",
                    False,
                    "Pas tout à fait : des données d'usage sans contenu sont enregistrées.",
                ),
            ],
            "Par défaut, seules des données d'usage sans contenu sont enregistrées.",
        ),
    ],
}

S3_EN = {
    "title": "Using the City's own model responsibly",
    "lead": "The City provides its own language model, hosted on its servers. It reduces risks without removing them: here is what to give it, and what not to.",
    "body": [
        ("heading", "Why a City model?"),
        (
            "paragraph",
            "<p>The City's model runs on servers the City controls, or on those of partner authorities committed to the same rules. Questions are not kept by default; only usage data (number of tokens, duration, estimated energy use) is recorded, to run the service and publish its footprint in the observatory. Staff can call it from the sandbox or through an application programming interface (API) with a personal token.</p>"
            "<p>That is a major improvement over a consumer service: your texts do not go to a foreign vendor and do not train a commercial model. But a model hosted by the City <b>is still a language model</b>: it can be wrong, make things up, reproduce biases.</p>",
        ),
        ("heading", "What you can give it"),
        (
            "paragraph",
            "<ul><li>Rephrasing a text for the public in plain language, or drafting an “easy read” version to be reviewed.</li><li>Summarising a public or non-sensitive internal document you provide.</li><li>Suggesting an outline, a list of questions for a meeting, title ideas.</li><li>A first translation of a non-sensitive text, reviewed by someone fluent in the language.</li></ul>",
        ),
        ("heading", "What you must not give it"),
        (
            "paragraph",
            "<ul><li><b>Decisions about people</b>: granting a benefit, housing, a nursery place, assessing a member of staff. Such a use would be high risk and requires an assessed system, documented in the register and under real human oversight — not a writing assistant.</li><li><b>Sensitive data</b> (health, social situation, offences) or named case files, even on the City's servers, unless the processing is planned and declared.</li><li><b>Facts to check</b>: amounts, dates, legal references. The demonstration model (SmolLM2) is very small and often wrong.</li><li><b>Secrets</b>: passwords, keys, security information.</li></ul>",
        ),
        (
            "glossary_term",
            (
                "Real human oversight",
                "A competent person examines the case, understands the tool's limits, can depart from its suggestion and does so when justified. Approving without reading is not human oversight.",
            ),
        ),
        ("heading", "Label, review, measure"),
        (
            "paragraph",
            "<p>Any text produced with the model and released to the public must be reviewed, and labelled as produced with AI when it has not undergone editorial review. Keep a record of the use when it contributes to a case. Finally, every answer uses energy: the sandbox shows an estimate for each one. Prefer short, precise requests, and do not use AI when a simple search or a document template will do.</p>",
        ),
        (
            "key_points",
            [
                "The City's model keeps your texts within the City, but remains fallible.",
                "Yes: rephrasing, summarising a text you provide, finding ideas, a first draft to review.",
                "No: decisions about people, sensitive data, unchecked facts, secrets.",
                "Review, label the use of AI, and mind the energy used.",
            ],
        ),
        (
            "try_it",
            (
                "Try a suitable request: rephrasing a public message in plain language.",
                "Rephrase in plain language, in three short sentences: “The temporary closure of the sports facility is due to works bringing it into compliance with regulations.”",
            ),
        ),
    ],
    "quiz": [
        q(
            "multiple",
            "Which requests suit the City's model?",
            [
                (
                    "Rephrasing a swimming pool closure notice in plain language",
                    True,
                    "Yes: a public text, reviewed before release.",
                ),
                (
                    "Deciding which families get a nursery place",
                    False,
                    "No: a decision about people, a high-risk use.",
                ),
                (
                    "Suggesting questions to prepare a public meeting",
                    True,
                    "Yes: help with thinking, no personal data.",
                ),
                (
                    "Analysing a staff member's medical file",
                    False,
                    "No: health data never goes into a writing assistant.",
                ),
            ],
            "Rephrasing and preparing: yes. Deciding about people or handling sensitive data: no.",
        ),
        q(
            "true_false",
            "Since the model is hosted by the City, its answers are reliable and need no checking.",
            [
                ("True", False, "No: hosting protects the data, not the accuracy of the answers."),
                ("False", True, "Right: a language model can always be wrong or make things up."),
            ],
            "Hosting by the City reduces the risk of leaks, not the risk of errors.",
        ),
        q(
            "single",
            "What does the City keep by default when you use its model?",
            [
                (
                    "The full text of your questions and answers",
                    False,
                    "No: texts are not kept without explicit consent.",
                ),
                (
                    "Usage data: tokens, duration, estimated energy",
                    True,
                    "Right: it is used to run the service and for the observatory's report.",
                ),
                ("Nothing at all", False, "Not quite: usage data without content is recorded."),
            ],
            "By default, only usage data without content is recorded.",
        ),
    ],
}

# --- Index and courses ---------------------------------------------------------------------

INDEX = {
    "fr": {
        "title": "Se former à l'IA",
        "lead": "Des cours gratuits, courts et accessibles pour comprendre l'intelligence artificielle et ses enjeux, à votre rythme.",
        "introduction": "<p>Les cours sont ouverts à toutes et à tous, sans inscription pour lire et s'exercer. Avec un compte, votre progression est conservée et vous recevez un certificat vérifiable à la fin d'un cours.</p>",
    },
    "en": {
        "title": "Learn about AI",
        "lead": "Free, short and accessible courses to understand artificial intelligence and what is at stake, at your own pace.",
        "introduction": "<p>Courses are open to everyone: no account is needed to read and practise. With an account your progress is kept and you receive a verifiable certificate at the end of a course.</p>",
    },
}

COURSES = [
    {
        "slug": "comprendre-l-ia",
        "track": "residents",
        "level": "beginner",
        "minutes": 75,
        "fr": {
            "title": "Comprendre l'IA",
            "lead": "Cinq leçons pour comprendre ce qu'est l'IA, comment écrivent les robots conversationnels, d'où viennent les biais, quels sont vos droits et comment participer aux choix de la Ville.",
            "objectives": "<ul><li>Expliquer avec vos mots ce qu'est l'IA et ce qu'elle n'est pas.</li><li>Comprendre pourquoi un robot conversationnel peut se tromper.</li><li>Reconnaître un risque de biais ou de discrimination.</li><li>Connaître vos droits et savoir demander un réexamen humain.</li><li>Utiliser le registre, les consultations et l'observatoire de la Ville.</li></ul>",
            "audience": "Toutes les personnes qui vivent, travaillent ou étudient à Paris, sans connaissance technique.",
            "prerequisites": "Aucun. Une version facile à lire (FALC) de la première leçon est disponible.",
            "certificate_rule": "Terminez les cinq leçons et réussissez chaque quiz (au moins 70 % ; trois essais par quiz).",
        },
        "en": {
            "title": "Understanding AI",
            "lead": "Five lessons to understand what AI is, how chatbots write, where biases come from, what your rights are and how to take part in the City's choices.",
            "objectives": "<ul><li>Explain in your own words what AI is and is not.</li><li>Understand why a chatbot can be wrong.</li><li>Recognise a risk of bias or discrimination.</li><li>Know your rights and how to ask for a human review.</li><li>Use the City's register, consultations and observatory.</li></ul>",
            "audience": "Everyone who lives, works or studies in Paris, with no technical background.",
            "prerequisites": "None. An easy-read version of the first lesson is available.",
            "certificate_rule": "Complete the five lessons and pass every quiz (at least 70%; three attempts per quiz).",
        },
        "modules": [
            {
                "slug": "les-bases",
                "fr": {
                    "title": "Les bases",
                    "lead": "Ce qu'est l'IA, comment elle écrit, et pourquoi elle peut être injuste.",
                },
                "en": {
                    "title": "The basics",
                    "lead": "What AI is, how it writes, and why it can be unfair.",
                },
                "lessons": [
                    {
                        "slug": "ce-qu-est-l-ia",
                        "minutes": 15,
                        "fr": L1_FR,
                        "en": L1_EN,
                        "falc": {
                            "slug": "ce-qu-est-l-ia-facile-a-lire",
                            "minutes": 8,
                            "fr": L1_FALC_FR,
                            "en": L1_FALC_EN,
                        },
                    },
                    {
                        "slug": "comment-un-modele-de-langue-ecrit",
                        "minutes": 15,
                        "fr": L2_FR,
                        "en": L2_EN,
                    },
                    {"slug": "biais-et-discriminations", "minutes": 15, "fr": L3_FR, "en": L3_EN},
                ],
            },
            {
                "slug": "vos-droits-et-votre-ville",
                "fr": {
                    "title": "Vos droits et votre ville",
                    "lead": "Protéger vos données, contester une décision, participer.",
                },
                "en": {
                    "title": "Your rights and your city",
                    "lead": "Protecting your data, contesting a decision, taking part.",
                },
                "lessons": [
                    {"slug": "vos-donnees-et-vos-droits", "minutes": 15, "fr": L4_FR, "en": L4_EN},
                    {"slug": "l-ia-a-paris", "minutes": 15, "fr": L5_FR, "en": L5_EN},
                ],
            },
        ],
    },
    {
        "slug": "l-ia-au-travail",
        "track": "staff",
        "level": "intermediate",
        "minutes": 60,
        "fr": {
            "title": "L'IA au travail",
            "lead": "Trois leçons pour les agents de la Ville : les obligations du règlement européen sur l'IA, la protection des données avec l'IA générative, et le bon usage du modèle de la Ville.",
            "objectives": "<ul><li>Situer la Ville dans le règlement européen sur l'IA et connaître ses obligations.</li><li>Savoir ce qui ne doit jamais être confié à un service d'IA externe.</li><li>Utiliser le modèle de la Ville pour les bons usages, avec un contrôle humain réel.</li></ul>",
            "audience": "Agents de la Ville de Paris, quels que soient leur métier et leur direction. Ce cours contribue à l'obligation de maîtrise de l'IA (article 4 du règlement européen).",
            "prerequisites": "Avoir suivi le cours « Comprendre l'IA » est conseillé, mais pas obligatoire.",
            "certificate_rule": "Terminez les trois leçons et réussissez chaque quiz (au moins 75 % ; trois essais par quiz).",
        },
        "en": {
            "title": "AI at work",
            "lead": "Three lessons for City staff: the European AI Act's obligations, data protection with generative AI, and using the City's own model well.",
            "objectives": "<ul><li>Place the City within the European AI Act and know its obligations.</li><li>Know what must never be given to an external AI service.</li><li>Use the City's model for the right tasks, with real human oversight.</li></ul>",
            "audience": "City of Paris staff, whatever their job and department. This course contributes to the AI literacy duty (article 4 of the European regulation).",
            "prerequisites": "Taking the “Understanding AI” course first is recommended, not required.",
            "certificate_rule": "Complete the three lessons and pass every quiz (at least 75%; three attempts per quiz).",
        },
        "pass_threshold": 75,
        "modules": [
            {
                "slug": "cadre-et-obligations",
                "fr": {
                    "title": "Cadre et obligations",
                    "lead": "Le règlement européen et la protection des données.",
                },
                "en": {
                    "title": "Rules and obligations",
                    "lead": "The European regulation and data protection.",
                },
                "lessons": [
                    {
                        "slug": "le-reglement-europeen-sur-l-ia",
                        "minutes": 20,
                        "fr": S1_FR,
                        "en": S1_EN,
                    },
                    {"slug": "donnees-et-securite", "minutes": 20, "fr": S2_FR, "en": S2_EN},
                ],
            },
            {
                "slug": "au-quotidien",
                "fr": {
                    "title": "Au quotidien",
                    "lead": "Le modèle de la Ville, ses bons et ses mauvais usages.",
                },
                "en": {"title": "Day to day", "lead": "The City's model, its good and bad uses."},
                "lessons": [
                    {
                        "slug": "utiliser-le-modele-de-la-ville",
                        "minutes": 20,
                        "fr": S3_FR,
                        "en": S3_EN,
                    },
                ],
            },
        ],
    },
]
