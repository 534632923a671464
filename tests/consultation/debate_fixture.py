"""A debate of 60 comments in three clear themes, with known ballots and comment votes.

Themes: personal data (20), cost (20), accessibility (20). Twelve supporters graded the use case
Excellent or Very good, twelve opponents Reject or Insufficient. Three comments are built to
bridge (approved by everyone), three to divide (one side up, the other down).
"""

from django.db.models import F

from consultation.models import (
    Alignment,
    Ballot,
    Comment,
    CommentVote,
    Synthesis,
    SynthesisStatus,
)
from tests.consultation.factories import UseCaseFactory, closed_consultation
from tests.factories import UserFactory

PRIVACY_A = [
    "les données personnelles des habitants",
    "la vie privée et les données des usagers",
    "le respect du RGPD pour les données",
    "la conservation des données personnelles",
]
PRIVACY_B = [
    "exige une anonymisation stricte des données",
    "inquiète le quartier pour ses données privées",
    "demande un contrôle des données par la CNIL",
    "mérite une protection sérieuse des données",
    "sera-t-elle protégée des fuites de données",
]
COST_A = [
    "le coût du projet",
    "le budget et le coût des serveurs",
    "le coût pour l'argent public",
    "le budget municipal",
]
COST_B = [
    "paraît trop élevé pour ce budget",
    "devrait financer des embauches plutôt que ce coût",
    "doit être publié avec son coût en euros",
    "pèse sur le budget de la Ville",
    "sera-t-il maîtrisé, ce coût, sur cinq ans",
]
ACCESS_A = [
    "les personnes sourdes",
    "les sous-titres pour les personnes sourdes",
    "l'accessibilité des vidéos sous-titrées",
    "les sous-titres des séances",
]
ACCESS_B = [
    "gagneront un accès aux débats grâce aux sous-titres",
    "exigent des sous-titres fiables",
    "restent un droit pour les personnes sourdes",
    "méritent une relecture des sous-titres",
    "seront-elles consultées sur les sous-titres",
]
THEMES = {
    "privacy": (PRIVACY_A, PRIVACY_B, Alignment.AGAINST),
    "cost": (COST_A, COST_B, Alignment.AGAINST),
    "access": (ACCESS_A, ACCESS_B, Alignment.FOR),
}
BRIDGING = [("privacy", 0), ("access", 1), ("cost", 2)]
DIVISIVE_FOR = [("access", 0), ("access", 2)]  # supporters up, opponents down
DIVISIVE_AGAINST = [("cost", 0)]  # opponents up, supporters down


def _sentence(a: str, b: str) -> str:
    text = f"{a[0].upper()}{a[1:]} {b}"
    return text + (" ?" if b.startswith(("sera", "seront")) else ".")


def debate_build(*, use_case=None) -> dict:
    use_case = use_case or UseCaseFactory(consultation=closed_consultation())
    authors = [UserFactory() for _ in range(6)]
    comments: dict[str, list[Comment]] = {}
    for theme, (first, second, side) in THEMES.items():
        rows = []
        for i in range(20):
            body = _sentence(first[i % 4], second[i // 4])
            rows.append(
                Comment(
                    use_case=use_case,
                    author=authors[i % 6],
                    body=body,
                    body_html=f"<p>{body}</p>",
                    alignment=Alignment.NEUTRAL if i % 3 == 0 else side,
                    score=20 - i,
                )
            )
        comments[theme] = Comment.objects.bulk_create(rows)
    Comment.objects.filter(use_case=use_case).update(root=F("id"))
    supporters = [UserFactory() for _ in range(12)]
    opponents = [UserFactory() for _ in range(12)]
    Ballot.objects.bulk_create(
        [
            Ballot(use_case=use_case, voter=v, grade="excellent" if i % 2 else "very_good")
            for i, v in enumerate(supporters)
        ]
        + [
            Ballot(use_case=use_case, voter=v, grade="reject" if i % 2 else "insufficient")
            for i, v in enumerate(opponents)
        ]
    )
    votes = []
    for theme, i in BRIDGING:
        votes += [
            CommentVote(comment=comments[theme][i], voter=v, value=1)
            for v in supporters + opponents
        ]
    for theme, i in DIVISIVE_FOR:
        votes += [CommentVote(comment=comments[theme][i], voter=v, value=1) for v in supporters]
        votes += [CommentVote(comment=comments[theme][i], voter=v, value=-1) for v in opponents]
    for theme, i in DIVISIVE_AGAINST:
        votes += [CommentVote(comment=comments[theme][i], voter=v, value=-1) for v in supporters]
        votes += [CommentVote(comment=comments[theme][i], voter=v, value=1) for v in opponents]
    for rows in comments.values():  # a little noise, too few votes per side to count
        for comment in rows[5:8]:
            votes += [CommentVote(comment=comment, voter=v, value=1) for v in supporters[:2]]
    CommentVote.objects.bulk_create(votes)
    return {
        "use_case": use_case,
        "comments": comments,
        "bridging": {comments[t][i].pk for t, i in BRIDGING},
        "divisive": {comments[t][i].pk for t, i in DIVISIVE_FOR + DIVISIVE_AGAINST},
        "supporters": supporters,
        "opponents": opponents,
    }


def crafted_synthesis(use_case, sentences: list[tuple[str, list[int]]]) -> Synthesis:
    """A draft as the task would store it (crafted: no model)."""
    parts = {"summary": [], "for": [], "against": [], "questions": []}
    for i, (text, ids) in enumerate(sentences):
        parts["summary"].append(
            {"id": f"t1.summary.{i}", "text": text, "comment_ids": ids, "quotes": []}
        )
    all_ids = sorted({i for _t, ids in sentences for i in ids})
    structure = {
        "instructions_version": "test",
        "themes": [
            {
                "key": "t1",
                "keywords": ["test"],
                "comment_ids": all_ids,
                "parts": parts,
                "cited_ids": all_ids,
                "coverage": 1.0,
                "dropped": {},
            }
        ],
        "comment_count": len(all_ids),
        "coverage": 1.0,
        "dropped_total": 0,
    }
    last = Comment.objects.filter(use_case=use_case).order_by("-pk").first()
    return Synthesis.objects.create(
        use_case=use_case,
        status=SynthesisStatus.DRAFT,
        draft=structure,
        published=structure,
        model_name="SmolLM2-135M-Instruct",
        instructions_version="test",
        last_comment_id=last.pk if last else 0,
    )
