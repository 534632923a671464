"""A resident takes "Comprendre l'IA" from start to certificate, with the keyboard only."""

from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.django_db(transaction=True)]

COURSE_URL = "/training/comprendre-l-ia/"


def focused(page) -> dict:
    return page.evaluate(
        """() => { const e = document.activeElement; return {
            tag: e.tagName, id: e.id, name: e.name || "", type: e.type || "",
            checked: !!e.checked, href: e.getAttribute("href") || "" }; }"""
    )


def wait_path(page, path: str) -> None:
    page.wait_for_url(lambda url: urlparse(url).path == path)
    page.wait_for_load_state()


def tab_to(page, selector: str, limit: int = 250) -> None:
    """Press Tab (never click) until the element matching `selector` has the focus."""
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def choose(page, question_id: str, kind: str, wanted: list[int], size: int) -> None:
    """Answer one question with the keyboard: arrows in a radio group, Space on checkboxes."""
    if kind == "multiple":
        for index in range(size):
            tab_to(page, f"#q-{question_id}-{index}")
            if focused(page)["checked"] != (index in wanted):
                page.keyboard.press("Space")
        return
    tab_to(page, f"input[name='q-{question_id}']")
    current = int(focused(page)["id"].rsplit("-", 1)[1])
    if not focused(page)["checked"] and current == wanted[0]:
        page.keyboard.press("Space")
        return
    key = "ArrowDown" if wanted[0] > current else "ArrowUp"
    for _ in range(abs(wanted[0] - current)):
        page.keyboard.press(key)
    if not focused(page)["checked"]:
        page.keyboard.press("Space")


def answer_quiz(page, lesson, *, correct: bool) -> None:
    for question in lesson.quiz:
        choices = question.value["choices"]
        right = [i for i, c in enumerate(choices) if c["is_correct"]]
        wrong = [next(i for i, c in enumerate(choices) if not c["is_correct"])]
        choose(page, question.id, question.value["kind"], right if correct else wrong, len(choices))
    tab_to(page, "#quiz form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_resident_completes_comprendre_l_ia_and_verifies_the_certificate(page, axe, tmp_path):
    from django.core.management import call_command

    from accounts.roles import Role
    from tests.factories import DEFAULT_PASSWORD, UserFactory
    from training.models import CoursePage, LessonPage

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    resident = UserFactory(display_name="Camille Martin", roles=[Role.RESIDENT])
    course = CoursePage.objects.get(slug="comprendre-l-ia", locale__language_code="fr")
    lessons = list(
        LessonPage.objects.live()
        .descendant_of(course)
        .filter(is_plain_language=False)
        .order_by("path")
    )
    assert len(lessons) == 5

    # Log in with the keyboard.
    page.goto("/accounts/login/?next=/training/")
    tab_to(page, "#id_login")
    page.keyboard.type(resident.email)
    tab_to(page, "#id_password")
    page.keyboard.type(DEFAULT_PASSWORD)
    page.keyboard.press("Enter")
    wait_path(page, "/training/")
    axe(page, "training catalogue")

    # Catalogue → course → start.
    tab_to(page, f"a[href='{COURSE_URL}']")
    page.keyboard.press("Enter")
    wait_path(page, COURSE_URL)
    axe(page, "course page")
    tab_to(page, "form[action$='/enrol/'] button")
    page.keyboard.press("Enter")
    wait_path(page, lessons[0].url)
    axe(page, "lesson page")

    # Fail the first quiz, read the feedback, retry and pass.
    answer_quiz(page, lessons[0], correct=False)
    assert page.url.endswith("#quiz-result")
    result = page.locator("#quiz-result")
    assert result.get_attribute("aria-live") == "polite"
    expect(result.locator(".notice--warning")).to_have_count(1)
    expect(page.locator(".quiz-feedback").first).to_be_visible()
    expect(page.locator(".quiz-outcome--wrong").first).to_be_visible()
    axe(page, "lesson page with quiz feedback")
    answer_quiz(page, lessons[0], correct=True)
    expect(page.locator("#quiz-result .notice--success")).to_have_count(1)

    # The other lessons: next lesson link, then pass each quiz.
    for lesson in lessons[1:]:
        tab_to(page, "a[rel=next]")
        page.keyboard.press("Enter")
        wait_path(page, lesson.url)
        answer_quiz(page, lesson, correct=True)
        expect(page.locator("#quiz-result .notice--success")).to_have_count(1)

    # Back to the course outline: 100 %, claim the certificate.
    tab_to(page, f".lesson-nav a[href='{COURSE_URL}']")
    page.keyboard.press("Enter")
    wait_path(page, COURSE_URL)
    expect(page.locator("progress").first).to_have_attribute("value", "100")
    tab_to(page, "form[action$='/certificate/'] button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("#certificate a[href$='/pdf/']")).to_have_count(1)
    axe(page, "course page with certificate")

    # Download the PDF with the keyboard.
    tab_to(page, "#certificate a[href$='/pdf/']")
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    path = tmp_path / "certificate.pdf"
    download_info.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")

    # Verify it on the public page.
    tab_to(page, "#certificate a[href^='/training/certificates/']:not([href$='/pdf/'])")
    page.keyboard.press("Enter")
    page.wait_for_url("**/training/certificates/*/")
    expect(page.locator(".notice--success")).to_have_count(1)
    expect(page.locator("main")).to_contain_text("Camille Martin")
    axe(page, "certificate verification page")

    # The other page types pass axe too.
    for url in ("/training/my-courses/", lessons[0].get_parent().url, "/en/training/"):
        page.goto(url)
        axe(page, url)
