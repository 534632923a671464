"""A page waiting for the city's AI never reloads under its reader: it checks in the background
and says, in its live region, that the result is ready, with a link to show it."""

import pytest
from playwright.sync_api import expect

from consultation.models import Comment
from core.models import Translation, TranslationStatus
from core.translations import translation_save
from tests.consultation.factories import UseCaseFactory
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True)]


def test_a_pending_translation_says_when_it_is_ready_without_reloading(page, axe):
    comment = Comment.objects.create(
        use_case=UseCaseFactory(),
        author=UserFactory(),
        body="Le tri du courrier doit rester humain.",
        body_html="<p>Le tri du courrier doit rester humain.</p>",
    )
    translation_save(
        obj=comment,
        field="body",
        language="en",
        text="",
        source_text=comment.body,
        status=TranslationStatus.PENDING,
    )
    page.goto(f"/en/consultations/read/comment/{comment.pk}/en/")
    pending = page.locator("[data-pending]")
    expect(pending).to_contain_text("This page tells you when it is ready")
    axe(page, "pending translation")
    page.evaluate("window.stillTheSamePage = true")

    Translation.objects.filter(object_id=str(comment.pk)).update(
        status=TranslationStatus.READY, text="Mail sorting must stay human."
    )
    expect(pending.get_by_text("It is ready.")).to_be_visible(timeout=30_000)
    assert page.evaluate("window.stillTheSamePage") is True  # no reload under the reader
    pending.get_by_role("link", name="Show it").click()
    expect(page.locator("main")).to_contain_text("Mail sorting must stay human.")
    expect(page.locator("[data-pending]")).to_have_count(0)
