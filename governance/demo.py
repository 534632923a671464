"""Demo content: AI projects at several stages of the pipeline, built from the demo use cases and
register records through the services, with their reviewers' signatures — one refused entry to
consultation because the data protection officer's gate is still open, one stopped outright by a
blocking criterion of the charter.

Fictional and idempotent: a use case that already has its project is left alone. The reviewers'
and the board's accounts are created here, their passwords printed once like the other demo
accounts.
"""

import contextlib
import datetime
import secrets

from django.contrib.auth.models import Group
from django.utils import timezone, translation

from accounts.demo import demo_email
from accounts.models import User
from accounts.roles import Role
from accounts.services import user_create_with_verified_email
from consultation.selectors import public_use_cases
from core.errors import Conflict
from dialogue import services as dialogue_services
from dialogue.selectors import bodies_list, body_members
from governance import services
from governance.models import GATES, GateSignature, Project, Stage, Transition, Verdict

DSIN = "Direction des systèmes d'information et du numérique"
PROPRETE = "Direction de la propreté et de l'eau"
SGCP = "Secrétariat général du Conseil de Paris"
DRH = "Direction des ressources humaines"

# (email local part, display name, roles, department)
ACCOUNTS = [
    ("gouvernance", "Comité de gouvernance de l'IA", [Role.GOVERNANCE_BOARD, Role.AGENT], DSIN),
    (
        "dsin-relecture",
        "Relecture DSIN (sécurité, hébergement)",
        [Role.IT_REVIEWER, Role.AGENT],
        DSIN,
    ),
    (
        "dpo",
        "Déléguée à la protection des données",
        [Role.DPO, Role.AGENT],
        "Délégation à la protection des données",
    ),
    (
        "juridique",
        "Direction des affaires juridiques — relecture IA",
        [Role.LEGAL_REVIEWER, Role.AGENT],
        "Direction des affaires juridiques",
    ),
    ("agent-proprete", "Karima (agente propreté)", [Role.AGENT], PROPRETE),
    ("agent-sgcp", "Marc (séance du Conseil)", [Role.AGENT], SGCP),
    ("agent-drh", "Inès (ressources humaines)", [Role.AGENT], DRH),
]

IT_OK = (
    "Faisable avec les moyens de la Ville : hébergement sur les serveurs de la Ville en France, "
    "aucune dépendance à un service extérieur, revue de sécurité faite."
)
DPO_OK = "Pas de donnée personnelle au-delà du nécessaire ; registre des traitements à jour."
LEGAL_OK = (
    "Risque minimal au sens du règlement européen sur l'IA ; obligations de transparence notées."
)
DEPT_OK = "Le service porte le besoin et affecte une personne au suivi du projet."

# (use case title, project fields, stage to reach, gate signatures to leave open, attempt)
PROJECTS = [
    {
        "use_case": "Optimisation des tournées de collecte des déchets",
        "need": "Des camions passent devant des bacs presque vides et en oublient d'autres qui "
        "débordent : les habitants et les éboueurs ont demandé des tournées mieux calculées.",
        "register_slug": "optimisation-tournees-collecte",
        "expected_impact": "Environ 10 % de kilomètres en moins, moins de débordements.",
        "cost_estimate": 180000,
        "energy_estimate": 900,
        "risk_estimate": "minimal",
        "stage": Stage.PILOT,
    },
    {
        "use_case": "Réponses aux questions fréquentes sur le tri des déchets",
        "need": "Le service de renseignement reçoit des milliers d'appels répétitifs sur les "
        "consignes de tri ; les habitants veulent une réponse immédiate.",
        "register_slug": "paris-repond-assistant-conversationnel",
        "expected_impact": "Un tiers d'appels en moins sur les consignes de tri.",
        "cost_estimate": 60000,
        "energy_estimate": 350,
        "risk_estimate": "limited",
        "stage": Stage.DECISION,
    },
    {
        "use_case": "Transcription et sous-titrage des séances du Conseil de Paris",
        "need": "Les séances du Conseil de Paris ne sont pas sous-titrées : les personnes "
        "sourdes et malentendantes le demandent depuis des années.",
        "register_slug": "transcription-conseil-de-paris",
        "expected_impact": "Toutes les séances sous-titrées le jour même.",
        "cost_estimate": 45000,
        "energy_estimate": 600,
        "risk_estimate": "minimal",
        "stage": Stage.CONSULTATION,
    },
    {
        # Refused entry to consultation: the data protection officer has not signed yet.
        "use_case": "Tri automatique des signalements DansMaRue",
        "need": "Un signalement sur cinq arrive dans le mauvais service ; les habitants "
        "attendent une réponse plus rapide.",
        "expected_impact": "Des signalements traités plus vite, moins de transferts.",
        "cost_estimate": 120000,
        "energy_estimate": 1500,
        "risk_estimate": "minimal",
        "stage": Stage.QUALIFICATION,
        "open": {"dpo"},
        "attempt": Stage.CONSULTATION,
    },
    {
        # Stopped by the charter: the legal review found a discriminatory bias.
        "use_case": "Aide au tri des candidatures pour les emplois saisonniers",
        "need": "Des milliers de candidatures aux emplois d'été arrivent chaque printemps.",
        "expected_impact": "Des réponses plus rapides aux candidats.",
        "cost_estimate": 90000,
        "energy_estimate": 400,
        "risk_estimate": "high",
        "stage": Stage.QUALIFICATION,
        "blocked": True,
        "open": {"legal"},
        "attempt": Stage.CONSULTATION,
    },
    {
        "use_case": "Assistant de rédaction des réponses aux usagers",
        "need": "Les agents passent beaucoup de temps à rédiger des réponses semblables aux "
        "courriers ; ils ont demandé un assistant qui prépare un brouillon.",
        "expected_impact": "Du temps rendu aux agents pour les cas difficiles.",
        "risk_estimate": "limited",
        "stage": Stage.IDEA,
    },
]


def _accounts(stdout) -> dict[str, User]:
    users, created = {}, []
    for local_part, name, roles, department in ACCOUNTS:
        email = demo_email(local_part)
        user = User.objects.filter(email=email).first()
        if user is None:
            password = secrets.token_urlsafe(9)
            user = user_create_with_verified_email(
                email=email, password=password, display_name=name, department=department
            )
            created.append((email, password))
        user.groups.add(*[Group.objects.get_or_create(name=str(role))[0] for role in roles])
        users[local_part] = user
    if created:
        stdout.write("Governance demo accounts (LOCAL USE ONLY — shown once):")
        for email, password in created:
            stdout.write(f"  {email:45} {password}")
    return users


def seed(*, stdout) -> None:
    with translation.override("fr"):
        _seed(stdout=stdout)


def _signers(users: dict[str, User], department: str) -> dict[str, User]:
    by_department = {DSIN: "dsin-relecture", PROPRETE: "agent-proprete", SGCP: "agent-sgcp"}
    return {
        "it": users["dsin-relecture"],
        "dpo": users["dpo"],
        "legal": users["juridique"],
        "department": users[by_department.get(department, "agent-drh")],
    }


def _sign_stage(project: Project, stage: str, signers: dict, open_roles=frozenset()) -> None:
    texts = {"it": IT_OK, "dpo": DPO_OK, "legal": LEGAL_OK, "department": DEPT_OK}
    for role in GATES[Stage(stage)]:
        if role.value in open_roles or role.value not in signers:
            continue
        verdict = Verdict.FAVOURABLE
        notes = ""
        reasons = texts[role.value]
        if role.value == "dpo" and stage == Stage.CONSULTATION:
            verdict = Verdict.CONDITIONS
            reasons = DPO_OK + " Condition : une analyse d'impact (AIPD) avant le pilote."
            notes = "AIPD à inscrire au programme du prochain trimestre."
        services.gate_sign(
            actor=signers[role.value],
            project=project,
            stage=stage,
            role=role.value,
            verdict=verdict,
            public_reasons=reasons,
            internal_notes=notes,
        )


def _staff_opinion(project: Project) -> None:
    """The staff bodies' gate of the pilot: a formal opinion filed in staff dialogue."""
    body = bodies_list().first()
    members = body_members(body=body) if body else []
    if not members:
        return
    dialogue_services.opinion_file(
        actor=members[0],
        body=body,
        target_kind="use_case",
        target_ref=str(project.use_case_id),
        stance="reservations",
        reasons="Avis favorable au pilote si les horaires des équipes ne changent pas sans accord "
        "et si un bilan est présenté au comité après six mois.",
        given_on=timezone.localdate() - datetime.timedelta(days=3),
    )


def _seed(*, stdout) -> None:
    users = _accounts(stdout)
    board = users["gouvernance"]
    made = 0
    for spec in PROJECTS:
        use_case = public_use_cases().filter(title=spec["use_case"]).order_by("pk").first()
        if use_case is None or Project.objects.filter(use_case_id=use_case.pk).exists():
            continue
        fields = {
            k: spec[k]
            for k in (
                "need",
                "register_slug",
                "expected_impact",
                "cost_estimate",
                "energy_estimate",
                "risk_estimate",
            )
            if k in spec
        }
        department = use_case.department or DSIN
        project = services.project_create(
            actor=board, use_case_id=use_case.pk, department=department, **fields
        )
        signers = _signers(users, department)
        target = spec["stage"]
        path = [Stage.QUALIFICATION, Stage.CONSULTATION, Stage.DECISION, Stage.PILOT]
        for stage in path:
            if Stage.values.index(target) < Stage.values.index(stage):
                break
            if Stage(stage) in GATES:
                if stage == Stage.PILOT:
                    _staff_opinion(project)
                _sign_stage(project, stage, signers)
            services.project_advance(
                actor=board, project=project, to_stage=stage, note=_note(stage)
            )
        if spec.get("attempt"):
            _sign_stage(project, spec["attempt"], signers, open_roles=spec.get("open", set()))
            if spec.get("blocked"):
                services.gate_sign(
                    actor=users["juridique"],
                    project=project,
                    stage=spec["attempt"],
                    role="legal",
                    verdict=Verdict.UNFAVOURABLE,
                    public_reasons="Système à haut risque (recrutement, annexe III point 4). "
                    "Le test sur les recrutements passés montre un biais au détriment des "
                    "candidatures des quartiers prioritaires : critère bloquant de la charte.",
                    internal_notes="Écart de 18 points de taux de présélection ; détail dans la "
                    "note d'audit interne.",
                    findings=["discriminatory_bias"],
                )
            # The refusal is the point: it is on the project's timeline.
            with contextlib.suppress(Conflict):
                services.project_advance(actor=board, project=project, to_stage=spec["attempt"])
        _spread_dates(project)
        made += 1
    stdout.write(f"Governance: {made} projects, {Project.objects.count()} in all.")


NOTES = {
    Stage.QUALIFICATION: "Idée retenue pour être qualifiée par les services.",
    Stage.CONSULTATION: "Soumis à la consultation des habitants.",
    Stage.DECISION: "Vote clos : décision de la Ville publiée.",
    Stage.PILOT: "Expérimentation de six mois dans deux arrondissements.",
}


def _note(stage: str) -> str:
    return NOTES.get(Stage(stage), "")


def _spread_dates(project: Project) -> None:
    """Transitions made in one seed run would all share today's date: space them a month apart."""
    transitions = list(project.transitions.order_by("created_at", "id"))
    start = timezone.now() - datetime.timedelta(days=30 * (len(transitions) + 1))
    for n, transition in enumerate(transitions, start=1):
        Transition.objects.filter(pk=transition.pk).update(
            created_at=start + datetime.timedelta(days=30 * n)
        )
    entered = {
        t.to_stage: start + datetime.timedelta(days=30 * n)
        for n, t in enumerate(transitions, start=1)
    }
    for signature in project.signatures.all():
        if signature.stage in entered:
            GateSignature.objects.filter(pk=signature.pk).update(
                signed_at=entered[signature.stage] - datetime.timedelta(days=3)
            )
    if transitions:
        Project.objects.filter(pk=project.pk).update(
            created_at=start,
            stage_changed_at=start + datetime.timedelta(days=30 * len(transitions)),
        )
