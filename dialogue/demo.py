"""Demo content: a staff body with members, a meeting with its agenda and public minutes, two
formal opinions (a register record, a use case), a follow-up survey with enough answers to show.

Fictional and idempotent (existing rows are kept). Accounts are created here: the members of
the body (with passwords printed once, like the other demo accounts) and the agents who answered
the survey (no password: they only exist so that each answer has its "has answered" row).
"""

import datetime
import random
import secrets

from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import timezone, translation

from accounts.demo import demo_email
from accounts.models import User
from accounts.roles import Role
from accounts.services import user_create_with_verified_email
from dialogue import services
from dialogue.models import Body, BodyKind, Opinion, SurveyRound, Visibility
from dialogue.targets import REGISTER_RECORD, USE_CASE, target_resolve, target_suggestions

RECORD = "tri-automatique-courrier"

MEMBERS = [
    ("staffrep", "Nadia (représentante du personnel)"),
    ("staffrep2", "Julien (représentant du personnel)"),
]

MINUTES = (
    "Présents : Nadia, Julien, la direction des systèmes d'information.\n\n"
    "1. Tri automatique du courrier : la direction a présenté le bilan après six mois. Les "
    "agents du service courrier signalent moins de tâches répétitives mais des erreurs "
    "d'orientation à reprendre à la main. Avis favorable avec réserves (voir l'avis publié).\n\n"
    "2. Questionnaire de suivi : le comité demande un questionnaire trimestriel des agents "
    "utilisateurs ; il est ouvert.\n\n"
    "(Compte rendu fictif de démonstration.)"
)


def _role(user: User, role: Role) -> None:
    user.groups.add(Group.objects.get_or_create(name=str(role))[0])


def _members(stdout) -> list[User]:
    users, created = [], []
    for local_part, name in MEMBERS:
        email = demo_email(local_part)
        user = User.objects.filter(email=email).first()
        if user is None:
            password = secrets.token_urlsafe(9)
            user = user_create_with_verified_email(
                email=email, password=password, display_name=name
            )
            created.append((email, password))
        _role(user, Role.STAFF_REPRESENTATIVE)
        _role(user, Role.AGENT)
        users.append(user)
    if created:
        stdout.write("Dialogue demo accounts (LOCAL USE ONLY — shown once):")
        for email, password in created:
            stdout.write(f"  {email:45} {password}")
    return users


def _respondents(count: int) -> list[User]:
    users = []
    for n in range(1, count + 1):
        email = demo_email(f"courrier{n}")
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create(email=email, display_name=f"Agent courrier {n} (démo)")
            user.set_unusable_password()
            user.save(update_fields=["password"])
        _role(user, Role.AGENT)
        users.append(user)
    return users


def seed(*, stdout) -> None:
    with translation.override("fr"):
        _seed(stdout=stdout)


def _seed(*, stdout) -> None:
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    if admin is None:
        stdout.write("Dialogue: no administrator (seed accounts first); skipped.")
        return
    record = target_resolve(kind=REGISTER_RECORD, ref=RECORD)
    if record is None:
        stdout.write("Dialogue: demo register record missing (seed the register first); skipped.")
        return
    nadia, julien = _members(stdout)
    body = Body.objects.filter(slug="comite-numerique").first()
    if body is None:
        body = services.body_create(
            actor=admin,
            slug="comite-numerique",
            name="Comité du numérique (formation spécialisée du CST)",
            kind=BodyKind.DIGITAL,
            description=(
                "Représentants du personnel chargés de suivre les outils numériques et d'IA "
                "qui changent le travail des agents. (Instance fictive de démonstration.)"
            ),
        )
    for member in (nadia, julien):
        services.body_member_add(actor=admin, body=body, user=member)
    today = timezone.localdate()
    use_cases = target_suggestions(kind=USE_CASE, limit=1)
    if not body.meetings.exists():
        items = [
            {
                "title": "Bilan du tri automatique du courrier",
                "target_kind": REGISTER_RECORD,
                "target_ref": RECORD,
            },
            {"title": "Questionnaire de suivi des agents utilisateurs"},
        ]
        if use_cases:
            items.append(
                {
                    "title": "Cas d'usage proposé en consultation",
                    "target_kind": USE_CASE,
                    "target_ref": use_cases[0]["ref"],
                }
            )
        meeting = services.meeting_create(
            actor=nadia,
            body=body,
            title="Séance du comité du numérique",
            date=today - datetime.timedelta(days=14),
            items=items,
        )
        services.meeting_minutes_publish(
            actor=nadia, meeting=meeting, minutes=MINUTES, visibility=Visibility.PUBLIC
        )
    meeting = body.meetings.first()
    if not Opinion.objects.filter(
        body=body, target_kind=REGISTER_RECORD, target_ref=RECORD
    ).exists():
        services.opinion_file(
            actor=nadia,
            body=body,
            target_kind=REGISTER_RECORD,
            target_ref=RECORD,
            stance="reservations",
            reasons=(
                "Le tri automatique a réduit les tâches répétitives du service courrier. Réserves : "
                "les erreurs d'orientation doivent pouvoir être corrigées en un clic, et les agents "
                "doivent être formés avant toute extension à d'autres services."
            ),
            given_on=meeting.date,
            meeting=meeting,
        )
    if use_cases and not Opinion.objects.filter(body=body, target_kind=USE_CASE).exists():
        services.opinion_file(
            actor=julien,
            body=body,
            target_kind=USE_CASE,
            target_ref=use_cases[0]["ref"],
            stance="favourable",
            reasons=(
                "Le comité est favorable à l'expérimentation si les agents concernés sont associés "
                "dès sa conception et si un bilan lui est présenté après six mois."
            ),
            given_on=meeting.date,
            meeting=meeting,
        )
    if record.get("in_use"):
        _survey(nadia)
    stdout.write(f"Dialogue: body “{body.name}” with {body.opinions.count()} opinions.")


def _survey(starter: User) -> None:
    from dialogue.models import FollowUpSurvey

    survey = FollowUpSurvey.objects.filter(record_ref=RECORD).first()
    if survey is None:
        survey = services.follow_up_survey_start(actor=starter, record_ref=RECORD)
    round_ = SurveyRound.objects.filter(survey=survey).order_by("-opens_on").first()
    wanted = settings.CONSULTATION_MIN_GROUP_SIZE + 2
    rng = random.Random(16)
    for user in _respondents(wanted):
        if round_.participations.filter(user=user).exists():
            continue
        services.survey_answer_submit(
            user=user,
            round=round_,
            workload=rng.choice([3, 4, 4, 5]),
            meaning=rng.choice([2, 3, 3, 4]),
            training=rng.choice([2, 2, 3, 4]),
            incidents=rng.choice([3, 4, 4]),
        )
