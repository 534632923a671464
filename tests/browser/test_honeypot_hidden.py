"""The anti-spam trap is met by no person: not seen, not announced, never reached with Tab."""

import re

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from consultation import services
from tests.consultation.factories import use_case_in
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True)]


def _login(page, user):
    page.goto("/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()


def _focused_name(page) -> str | None:
    return (
        page.locator(":focus").first.get_attribute("name")
        if page.locator(":focus").count()
        else None
    )


def test_the_honeypot_is_hidden_from_people_on_comment_reply_report_and_propose_forms(page):
    resident = UserFactory(roles=[Role.RESIDENT])
    use_case = use_case_in("voting")
    use_case.consultation.accepts_proposals = True
    use_case.consultation.save(update_fields=["accepts_proposals"])
    comment = services.comment_post(
        author=UserFactory(roles=[Role.RESIDENT]), use_case=use_case, body="Un avis."
    )
    _login(page, resident)
    for path in (
        f"/consultations/use-cases/{use_case.pk}/",  # the comment form
        f"/consultations/comments/{comment.pk}/reply/",
        f"/consultations/comments/{comment.pk}/report/",
        f"/consultations/{use_case.consultation.slug}/propose/",
    ):
        page.goto(path)
        trap = page.locator("input[name=website]")
        expect(trap, path).to_have_count(1)  # the trap is there, for bots
        # Not seen: it lies outside the page.
        box = trap.bounding_box()
        assert box["x"] + box["width"] <= 0, path
        # Not announced: no text box in the accessibility tree is named after it.
        expect(page.get_by_role("textbox", name=re.compile("vide|empty", re.I))).to_have_count(0)
        # Never reached with the keyboard: Tab walks every control of the page and back.
        page.locator("body").focus()
        reached = []
        for _ in range(150):
            page.keyboard.press("Tab")
            name = _focused_name(page)
            reached.append(name)
            if name == "website":
                break
        assert "website" not in reached, path
        assert any(reached), path  # the walk did reach the form's own fields
