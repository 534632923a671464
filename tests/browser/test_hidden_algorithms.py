"""An agent declares a tool that may hide an algorithm; a register editor triages it into a
register draft; the public page counts it without naming the agent; the editor then evaluates a
deployed system and its record shows the evaluation and its incident. axe finds nothing serious."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from register import services
from register.models import DeclarationStatus, HiddenAlgorithmDeclaration
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.register.factories import editor, published_system

pytestmark = [pytest.mark.django_db(transaction=True)]


def login(page, user):
    page.goto("/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()


def test_an_agent_declares_a_hidden_algorithm_and_an_editor_triages_it_into_a_draft_then_evaluates(
    page, browser, asgi_live_server, axe
):
    agent = UserFactory(roles=[Role.AGENT], display_name="Camille Agent")
    register_editor = UserFactory(roles=[Role.REGISTER_EDITOR])

    login(page, agent)
    page.goto("/register/staff/declare/")
    expect(page.locator("h1")).to_have_text("Déclarer un outil qui pourrait cacher un algorithme")
    axe(page, "declaration form")

    # Sent with one field only: the error summary, and what was typed stays.
    page.get_by_label("L’outil").fill("Score de priorité du logiciel logement")
    page.get_by_role("button", name="Envoyer la déclaration").click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.get_by_label("L’outil")).to_have_value("Score de priorité du logiciel logement")
    axe(page, "declaration form with errors")

    page.get_by_label("Ce qu’il fait").fill("Affiche un score de priorité sur chaque dossier.")
    page.get_by_label("Où il apparaît").fill("Écran de synthèse du dossier")
    page.get_by_label("Direction", exact=True).fill("Direction du logement")
    page.get_by_role("button", name="Envoyer la déclaration").click()
    expect(page.get_by_text("votre déclaration est dans la file")).to_be_visible()
    declaration = HiddenAlgorithmDeclaration.objects.get()
    assert declaration.status == DeclarationStatus.PENDING

    editor_context = browser.new_context(base_url=asgi_live_server.url, locale="fr-FR")
    editor_context.set_default_timeout(20_000)
    editor_page = editor_context.new_page()
    login(editor_page, register_editor)
    editor_page.goto("/register/staff/declarations/")
    expect(editor_page.locator("h1")).to_have_text("Déclarations d’algorithmes cachés")
    axe(editor_page, "declarations queue")
    editor_page.get_by_role("link", name="Score de priorité du logiciel logement").click()
    expect(editor_page.get_by_text("Écran de synthèse du dossier")).to_be_visible()
    axe(editor_page, "one declaration")
    editor_page.get_by_role("button", name="Transformer en brouillon de fiche").click()
    editor_page.wait_for_url(re.compile(r"/register/[\w-]+/draft/$"))
    expect(editor_page.locator("h1")).to_contain_text("Score de priorité du logiciel logement")
    expect(editor_page.get_by_text("Brouillon de fiche ouvert")).to_be_visible()
    axe(editor_page, "the draft opened from the declaration")

    # The same editor evaluates a deployed high-risk system; its record shows the evaluation
    # and its incident in summary.
    system = published_system(name="Maintenance prédictive", risk_level="high", annex_iii_point="2")
    services.incident_record(
        actor=editor(),
        system=system,
        data={
            "kind": "malfunction",
            "severity": "serious",
            "serious_case": "general",
            "summary": "Un tronçon mal classé.",
            "internal_notes": "",
            "occurred_on": None,
            "aware_on": datetime.date.today(),
        },
    )
    editor_page.goto(f"/register/staff/systems/{system.slug}/evaluate/")
    expect(editor_page.locator("h1")).to_have_text("Évaluer « Maintenance prédictive »")
    axe(editor_page, "evaluation form")
    editor_page.get_by_label("Début de la période évaluée").fill("2025-01-01")
    editor_page.get_by_label("Performance au regard de la finalité déclarée").fill(
        "8 ruptures sur 10 dans le premier quartile de risque."
    )
    editor_page.get_by_role("button", name="Publier l’évaluation").click()
    expect(editor_page.locator(".error-summary")).to_be_visible()  # metric and groups missing
    axe(editor_page, "evaluation form with errors")
    expect(editor_page.get_by_label("Performance au regard de la finalité déclarée")).to_have_value(
        "8 ruptures sur 10 dans le premier quartile de risque."
    )
    editor_page.get_by_label("Indicateur d’écart").fill("Budget par kilomètre de canalisation")
    editor_page.get_by_label("Groupes comparés").fill("Arrondissements")
    editor_page.get_by_label("Poursuivre avec des ajustements").check()
    editor_page.get_by_label("Motifs de la conclusion").fill("Revoir les données d'entrée.")
    editor_page.get_by_role("button", name="Publier l’évaluation").click()
    editor_page.wait_for_url(re.compile(rf"/register/{system.slug}/#evaluations$"))
    evaluations = editor_page.locator("#evaluations")
    expect(evaluations).to_contain_text("Poursuivre avec des ajustements")
    expect(evaluations).to_contain_text("Budget par kilomètre de canalisation")
    expect(editor_page.locator("#incidents")).to_contain_text("Un tronçon mal classé.")
    axe(editor_page, "record with an evaluation and an incident")
    editor_context.close()

    declaration.refresh_from_db()
    assert declaration.status == DeclarationStatus.DRAFTED and declaration.system is not None

    page.goto("/register/declarations/")
    expect(page.locator("main")).to_contain_text("Transformée en brouillon de fiche")
    expect(page.locator("main")).not_to_contain_text("Camille")
    axe(page, "public list of declarations")
