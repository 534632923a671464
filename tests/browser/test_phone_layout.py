"""At 320 px nothing scrolls sideways, and the header leaves room for the page."""

import json

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True)]

PHONE = {"width": 320, "height": 568}
LONG_EMAIL = (
    "camille.dupontdelafontaine.servicedessystemesdinformation@arrondissementparis.example.org"  # noqa: E501 — no hyphen: browsers break after one
)
LONG_URL = (
    "https://www.legifrance.gouv.fr/codes/section_lc/LEGITEXT000006070633/"
    "LEGISCTA000006164347/2024-01-01/#LEGISCTA000006164347-article-L2121-29-alinea-3"
)

# Every element that reaches past the right edge of the viewport, for the failure message.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && !el.closest(".table-scroll, .visually-hidden")) {
      wide.push(`${el.tagName.toLowerCase()}.${el.className} (${Math.round(box.right)} px)`);
    }
  }
  return {scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 8)};
}"""


def _login(page, email):
    page.goto("/accounts/login/")
    page.fill("input[name='login']", email)
    page.fill("input[name='password']", DEFAULT_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type='submit']").click()


def _pages():
    """One page of each kind that used to scroll sideways, with the long text that did it."""
    from allauth.account.models import EmailAddress, EmailConfirmationHMAC

    from consultation.models import Phase
    from inference_bridge import services as inference
    from register import services
    from tests.consultation.factories import consultation_in
    from tests.observatory.factories import index_after_flush, make_analysis
    from tests.register.factories import published_system

    index = index_after_flush()
    analysis = make_analysis(
        index,
        title="Les sources",
        body=[
            {
                "type": "references",
                "value": {
                    "references": [
                        {
                            "authors": "Ville de Paris",
                            "year": 2025,
                            "title": "Délibération",
                            "container": "",
                            "doi": "",
                            "url": LONG_URL,
                        }
                    ]
                },
            }
        ],
    )

    system = published_system(
        name="Tri automatique du courrier entrant",
        legal_links=f"{LONG_URL}\n{LONG_URL}",
        versions=2,
    )
    version = services.system_version_save(
        actor=UserFactory(roles=[Role.REGISTER_EDITOR]),
        system=system,
        data={"purpose": f"Voir {LONG_URL} et l'arrêté n°2024-DSIN-000123456789012345."},
    )
    services.system_version_publish(
        actor=UserFactory(roles=[Role.REGISTER_EDITOR]), version=version
    )

    agent = UserFactory(email=LONG_EMAIL, roles=[Role.AGENT, Role.RESIDENT])
    collectivity = inference.collectivity_home()
    inference.api_token_create(
        user=agent, collectivity=collectivity, name="Assistantcourrierdelamairiedu20earrondissement"
    )
    consultation_in(Phase.ANSWER)

    newcomer = UserFactory(email="x" + LONG_EMAIL)
    address = EmailAddress.objects.filter(user=newcomer).first() or EmailAddress.objects.create(
        user=newcomer, email=newcomer.email, verified=False, primary=True
    )
    EmailAddress.objects.filter(pk=address.pk).update(verified=False)
    key = EmailConfirmationHMAC(address).key
    return agent, [
        f"/register/{system.slug}/",
        f"/register/{system.slug}/diff/2/3/",
        "/accounts/api-tokens/",
        analysis.url,
        "/accounts/profile/",
        "/consultations/open-data/",
        f"/accounts/confirm-email/{key}/",
    ]


def test_no_page_scrolls_sideways_at_320_px(page):
    agent, paths = _pages()
    page.set_viewport_size(PHONE)
    _login(page, agent.email)
    overflowing = {}
    # The new token, shown once in full.
    page.goto("/accounts/api-tokens/")
    page.fill("input[name=name]", "Assistantcourrierdelamairiedu20earrondissementsecond")
    with page.expect_navigation():
        page.locator("section[aria-labelledby=new-title] button[type=submit]").click()
    expect(page.locator("#new-token")).to_be_visible()
    measure = page.evaluate(OVERFLOW)
    if measure["scroll"] > measure["width"]:
        overflowing["new token"] = measure
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, path
        measure = page.evaluate(OVERFLOW)
        if measure["scroll"] > measure["width"]:
            overflowing[path] = measure
    assert overflowing == {}, json.dumps(overflowing, indent=1)


def test_wide_tables_scroll_in_their_own_labelled_region(page):
    agent, paths = _pages()
    page.set_viewport_size(PHONE)
    page.goto(paths[0])
    regions = page.locator(".table-scroll")
    expect(regions.first).to_be_visible()
    for i in range(regions.count()):
        region = regions.nth(i)
        assert region.get_attribute("role") == "region"
        assert region.get_attribute("tabindex") == "0"
        assert region.get_attribute("aria-label")


def test_the_header_folds_behind_a_menu_button_at_320_px(page, axe):
    from tests.register.factories import published_system

    published_system(name="Tri du courrier")
    page.set_viewport_size(PHONE)
    page.goto("/register/")
    header = page.locator("header.site-header")
    toggle = page.get_by_role("button", name="Menu")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    assert header.bounding_box()["height"] <= PHONE["height"] / 5  # at most a fifth (UI guide)
    nav = page.get_by_role("navigation", name="Menu principal")
    expect(nav).to_be_hidden()
    # The register's filters fold behind their own button; the AI badge stays on one line.
    expect(page.get_by_label("Rechercher", exact=True).first).to_be_hidden()
    axe(page, "register at 320 px, menu closed")

    # Keyboard only: Tab to the button, open it, walk into the menu, Escape closes it and
    # gives the focus back to the button.
    for _ in range(10):
        page.keyboard.press("Tab")
        if toggle.evaluate("(el) => el === document.activeElement"):
            break
    expect(toggle).to_be_focused()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(nav).to_be_visible()
    first_link = nav.get_by_role("link").first
    while not first_link.evaluate("(el) => el === document.activeElement"):
        page.keyboard.press("Tab")
    axe(page, "register at 320 px, menu open")
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()
    expect(nav).to_be_hidden()

    page.locator("summary", has_text="Filtrer").click()
    expect(page.get_by_label("Rechercher", exact=True).first).to_be_visible()


def test_without_javascript_the_menu_stays_reachable(browser, asgi_live_server):
    context = browser.new_context(
        base_url=asgi_live_server.url, locale="fr-FR", java_script_enabled=False, viewport=PHONE
    )
    page = context.new_page()
    page.goto("/register/")
    expect(page.get_by_role("navigation", name="Menu principal")).to_be_visible()
    expect(page.get_by_role("button", name="Menu")).to_have_count(0)
    expect(page.get_by_label("Rechercher", exact=True).first).to_be_visible()
    context.close()


def test_the_ai_label_badge_fits_on_one_line_at_320_px(page):
    import uuid

    from inference_bridge.services import conversation_share

    researcher = UserFactory(roles=[Role.RESEARCHER])
    conversation_share(
        conversation_id=uuid.uuid4(),
        user=None,
        messages=[
            {"role": "user", "content": "What is a library?"},
            {"role": "assistant", "content": "A place to borrow books."},
        ],
        model_alias="SmolLM2-135M-Instruct",
    )
    page.set_viewport_size(PHONE)
    _login(page, researcher.email)
    page.goto("/sandbox/shared/")
    badge = page.locator(".badge--ai").first
    expect(badge).to_have_text("✦ Généré par IA")
    one_line = badge.evaluate(
        "(el) => el.getBoundingClientRect().height < 2.2 * parseFloat(getComputedStyle(el).fontSize)"
    )
    assert one_line
    expect(page.locator(".ai-label").first).to_contain_text("avec le modèle SmolLM2-135M-Instruct")
