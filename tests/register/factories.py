"""Register test data: published systems built through the services (as editors would)."""

import itertools

from accounts.roles import Role
from register import services
from tests.factories import UserFactory

_counter = itertools.count(1)


def editor(**kwargs):
    return UserFactory(roles=[Role.REGISTER_EDITOR, Role.AGENT], **kwargs)


def core_data(**overrides) -> dict:
    n = next(_counter)
    data = {
        "name": f"Système de test {n}",
        "short_description": "Un système utilisé pour les tests.",
        "organisation": "Ville de Paris",
        "department": "Direction des tests",
        "contact": "registre@example.org",
        "status": "in_use",
        "purpose": "Tester le registre.",
        "expected_impact": "Des tests plus sûrs.",
        "human_oversight": "Un agent vérifie chaque résultat.",
        "automation_level": "decision_support",
        "legal_basis": "CGCT",
        "legal_links": "https://www.legifrance.gouv.fr/",
        "recourse_procedure": "Écrire au service.",
        "risk_level": "minimal",
        "theme": "administration",
        "algorithm_type": "machine_learning",
    }
    data.update(overrides)
    return data


def published_system(*, author=None, publisher=None, versions: int = 1, charter=None, **overrides):
    """A city system with `versions` published versions (each edit changes the purpose)."""
    author = author or editor()
    publisher = publisher or editor()
    system = services.system_create(actor=author, data=core_data(**overrides))
    version = services.system_latest_version(system=system)
    if charter is not None:
        version = services.system_charter_save(actor=author, system=system, rows=charter)
    services.system_version_publish(actor=publisher, version=version)
    for i in range(2, versions + 1):
        version = services.system_version_save(
            actor=author,
            system=system,
            data={"purpose": f"Tester le registre, révision {i}."},
            change_summary=f"Révision {i}",
        )
        services.system_version_publish(actor=publisher, version=version)
    system.refresh_from_db()
    return system
