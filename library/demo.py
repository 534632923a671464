"""Demo content: the city's own cases from the demo consultation, lessons learned on one of
them, and two partner cities' libraries imported from shipped export files (no network at
seed time; the partners are declared by the register's demo seed)."""

import json
from pathlib import Path

from django.utils import timezone

from accounts.demo import demo_email
from accounts.models import User
from library.federation import partner_library_import
from library.models import Lesson, LibraryCase
from library.services import library_own_cases_refresh
from register.selectors import partner_get_by_library_url

DATA = Path(__file__).resolve().parent / "demo_data"
PARTNER_FILES = {
    "https://registre-ia.lyon.example/library/library.json": "lyon.json",
    "https://ia.nantes.example/library/library.json": "nantes.json",
}


def seed(*, stdout) -> None:
    own = library_own_cases_refresh()
    imported = 0
    for url, filename in PARTNER_FILES.items():
        partner = partner_get_by_library_url(url=url)
        if partner is None:
            stdout.write(f"library: partner {url} missing (seed the register first); skipped.")
            continue
        payload = json.loads((DATA / filename).read_text(encoding="utf-8"))
        imported += partner_library_import(partner_id=partner["pk"], payload=payload)
    _lesson(stdout)
    stdout.write(f"library: {own} own cases, {imported} partner cases.")


def _lesson(stdout) -> None:
    agent = User.objects.filter(email=demo_email("agent")).first()
    case = (
        LibraryCase.objects.filter(partner__isnull=True, outcome__startswith="adopted")
        .order_by("pk")
        .first()
    )
    if agent is None or case is None or case.lessons.exists():
        return
    Lesson.objects.create(
        case=case,
        author=agent,
        author_name=agent.public_name[:160],
        what_worked="Les agents gagnent du temps sur les demandes simples ; les cas complexes "
        "restent traités par une personne, comme prévu.",
        costs="Hébergement sur les serveurs de la Ville ; environ 0,2 équivalent temps plein "
        "pour le suivi (estimation).",
        energy="Environ 0,05 Wh par réponse, mesuré par le registre d'usage du modèle.",
        incidents="Aucun incident signalé sur les trois premiers mois.",
        staff_opinion="Avis favorable du comité social territorial.",
        created_at=timezone.now(),
    )
