"""A researcher submits an analysis, a reviewer approves, the board publishes; a resident finds
it by search, reads it, downloads the PDF and the BibTeX, and submits a testimony."""

import io

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from observatory.models import AnalysisPage, Testimony
from observatory.services import BOARD_GROUP, REVIEWERS_GROUP, observatory_index_bind
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.observatory.factories import ResearcherFactory, index_after_flush, make_analysis

pytestmark = [pytest.mark.django_db(transaction=True)]

TITLE = "Les algorithmes de tri des demandes de logement social"


def _setup():
    index = index_after_flush()
    observatory_index_bind(index=index)
    return index


def _login(page, user):
    page.goto("/accounts/login/")
    page.fill("input[name='login']", user.email)
    page.fill("input[name='password']", DEFAULT_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type='submit']").click()


def _editor_action(page, action):
    """Run a workflow action from the page editor as a person does: open the footer's action
    menu with its toggle, then click the item, now visible."""
    footer = page.locator("footer")
    footer.get_by_role("button", name="Plus d'actions").click()
    expect(action).to_be_visible()
    with page.expect_navigation():
        action.click()


def test_publication_path_from_draft_to_resident(page, axe):
    from django.contrib.auth.models import Group

    index = _setup()
    researcher = UserFactory(roles=[Role.RESEARCHER])
    reviewer = UserFactory(roles=[Role.RESEARCHER])
    reviewer.groups.add(Group.objects.get(name=REVIEWERS_GROUP))
    board = UserFactory()
    board.groups.add(Group.objects.get(name=BOARD_GROUP))
    resident = UserFactory(roles=[Role.RESIDENT])

    # Staff steps through Wagtail's workflow API: submit, review, board approval (= publish).
    draft = make_analysis(
        index,
        title=TITLE,
        slug="tri-logement",
        live=False,
        summary="Comment la Ville classe les demandes de logement social et ce que le registre en dit.",
        authors=[(ResearcherFactory(name="Léa Martin", user=researcher), "author")],
    )
    draft.owner = researcher
    draft.save(update_fields=["owner"])
    draft.save_revision(user=researcher)

    # The researcher submits the draft from the Wagtail editor.
    _login(page, researcher)
    page.goto(f"/cms/pages/{draft.pk}/edit/")
    _editor_action(page, page.locator("footer button[name='action-submit']"))
    draft.refresh_from_db()
    state = draft.current_workflow_state
    assert state is not None and state.requested_by_id == researcher.pk
    page.context.clear_cookies()
    review = state.current_task_state
    assert review.task.specific.get_actions(draft, researcher) == []  # no self-approval

    # The reviewer (supervisor), then the board, approve from the editor; the last step publishes.
    for approver in (reviewer, board):
        _login(page, approver)
        page.goto(f"/cms/pages/{draft.pk}/edit/")
        approve = page.locator(
            "footer button[data-workflow-action-name='approve']"
            ":not([data-workflow-action-modal-url])"
        )
        _editor_action(page, approve)
        page.context.clear_cookies()
    state.refresh_from_db()
    assert state.status == state.STATUS_APPROVED
    assert AnalysisPage.objects.get(pk=draft.pk).live

    # A resident finds it by search on the observatory.
    _login(page, resident)
    page.goto("/observatory/")
    axe(page, "observatory listing")
    page.fill("input[name='q']", "logement")
    page.get_by_role("button", name="Appliquer").click()
    page.get_by_role("link", name=TITLE).click()
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.get_by_text("Citer cette page")).to_be_visible()
    axe(page, "analysis page")

    # Downloads: the PDF and the BibTeX file.
    pdf_href = page.get_by_role("link", name="Télécharger en PDF").get_attribute("href")
    pdf = page.request.get(pdf_href)
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    from pypdf import PdfReader

    assert TITLE in "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages
    ).replace("\n", " ")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger la citation BibTeX").click()
    bib = download_info.value
    assert bib.suggested_filename.endswith(".bib")
    with open(bib.path(), encoding="utf-8") as handle:
        assert "@techreport{" in handle.read()

    # The resident submits a testimony.
    page.goto("/observatory/testimonies/")
    axe(page, "testimonies")
    page.get_by_role("link", name="Partager votre témoignage").click()
    axe(page, "testimony form")
    page.get_by_label("Votre témoignage").fill(
        "Ma demande de logement a été classée par un algorithme, je l'ai appris par hasard au guichet."
    )
    page.get_by_label("J'accepte", exact=False).check()
    page.get_by_role("button", name="Envoyer mon témoignage").click()
    expect(page.locator(".notice--success")).to_have_count(1)
    assert Testimony.objects.get().author_id == resident.pk

    page.goto("/observatory/indicators/")
    axe(page, "indicators")
    page.goto("/observatory/members/")
    axe(page, "members")
