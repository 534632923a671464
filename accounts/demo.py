"""Demo accounts, one per role. Local use only: passwords are printed once, at creation."""

import secrets

from django.contrib.auth.models import Group

from accounts.models import User
from accounts.roles import Role
from accounts.services import user_create_with_verified_email

DEMO_DOMAIN = "demo.ia-commune.localhost"

# (email local part, display name, roles, extra fields)
DEMO_ACCOUNTS = [
    (
        "resident",
        "Camille (résidente)",
        [Role.RESIDENT],
        {"arrondissement": "11", "age_bracket": "35_49"},
    ),
    (
        "resident2",
        "Karim (résident)",
        [Role.RESIDENT],
        {"arrondissement": "19", "age_bracket": "25_34"},
    ),
    (
        "agent",
        "Sophie (agente DSIN)",
        [Role.AGENT],
        {"department": "Direction des systèmes d'information et du numérique"},
    ),
    ("researcher", "Dr Léa Martin", [Role.RESEARCHER], {}),
    ("supervisor", "Pr Antoine Dubois", [Role.RESEARCHER], {}),
    ("elected", "Mme l'adjointe au numérique", [Role.ELECTED], {}),
    ("moderator", "Modération IA Commune", [Role.MODERATOR], {}),
    (
        "editor",
        "Registre — éditrice",
        [Role.REGISTER_EDITOR, Role.AGENT],
        {"department": "Délégation à la transparence"},
    ),
    (
        "editor2",
        "Registre — éditeur",
        [Role.REGISTER_EDITOR, Role.AGENT],
        {"department": "Délégation à la transparence"},
    ),
    # Assisted channels: two counter agents, so that paper ballots are entered four-eyes.
    ("counter", "Guichet — Mairie du 11e", [Role.COUNTER_AGENT], {}),
    ("counter2", "Guichet — Mairie du 19e", [Role.COUNTER_AGENT], {}),
]


def demo_email(local_part: str) -> str:
    return f"{local_part}@{DEMO_DOMAIN}"


def seed(*, stdout, reset_passwords: bool = False) -> None:
    created = []
    for local_part, name, roles, fields in DEMO_ACCOUNTS:
        email = demo_email(local_part)
        user = User.objects.filter(email=email).first()
        if user is None:
            password = secrets.token_urlsafe(9)
            user = user_create_with_verified_email(
                email=email, password=password, display_name=name, **fields
            )
            created.append((email, password))
        elif reset_passwords:
            password = secrets.token_urlsafe(9)
            user.set_password(password)
            user.save(update_fields=["password"])
            created.append((email, password))
        user.groups.add(*[Group.objects.get_or_create(name=str(role))[0] for role in roles])

    admin_email = demo_email("admin")
    admin = User.objects.filter(email=admin_email).first()
    if admin is None or reset_passwords:
        password = secrets.token_urlsafe(9)
        if admin is None:
            admin = user_create_with_verified_email(
                email=admin_email,
                password=password,
                display_name="Administration",
                is_staff=True,
                is_superuser=True,
            )
        else:
            admin.set_password(password)
            admin.save(update_fields=["password"])
        created.append((admin_email, password))

    if created:
        stdout.write(
            "Demo accounts (LOCAL USE ONLY — shown once; `manage.py seed_demo --reset-passwords` prints new ones):"
        )
        for email, password in created:
            stdout.write(f"  {email:45} {password}")
    else:
        stdout.write(
            "Demo accounts exist already (run `manage.py seed_demo --reset-passwords` for new passwords)."
        )
