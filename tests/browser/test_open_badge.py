"""The demo learner downloads their Open Badge and it verifies against what the site publishes."""

import pytest
from playwright.sync_api import expect

from tests.training.test_open_badges import status_bit, verify, verify_with_joserfc

pytestmark = [pytest.mark.django_db(transaction=True)]


class LiveResponse:
    def __init__(self, response):
        self.status_code = response.status
        self.content = response.body()
        self._headers = response.headers

    def __getitem__(self, name: str) -> str:
        return self._headers[name.lower()]

    def json(self):
        import json

        return json.loads(self.content)


class LiveClient:
    """What an outside verifier does: plain HTTP GETs to the running site (no Django client)."""

    def __init__(self, page):
        self.request = page.context.request
        self.base_url = page.base_url

    def get(self, path: str) -> LiveResponse:
        return LiveResponse(self.request.get(self.base_url + path))


def test_the_demo_learner_downloads_an_open_badge_that_verifies(page, axe, tmp_path, settings):
    from django.core.management import call_command

    from accounts.demo import demo_email
    from accounts.models import User
    from tests.factories import DEFAULT_PASSWORD

    settings.SITE_URL = page.base_url
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    learner = User.objects.get(email=demo_email("resident2"))
    learner.set_password(DEFAULT_PASSWORD)
    learner.save(update_fields=["password"])

    page.goto("/accounts/login/?next=/training/my-courses/")
    page.locator("input[name=login]").fill(learner.email)
    page.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url("**/training/my-courses/")
    link = page.get_by_role("link", name="Télécharger mon Open Badge (.jwt)")
    expect(link).to_have_count(1)
    axe(page, "my courses with a certificate")

    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.startswith("open-badge-")
    assert download.suggested_filename.endswith(".jwt")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    token = path.read_text().strip()

    live = LiveClient(page)
    header, credential = verify(live, token)
    assert verify_with_joserfc(live, token) == credential
    assert header["kid"].startswith("did:web:")
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["credentialSubject"]["identifier"][0]["identityHash"] == "Karim Haddad"
    assert credential["credentialSubject"]["achievement"]["name"] == "Comprendre l'IA"
    assert status_bit(live, credential["credentialStatus"]) == 0

    # The public verification page says the certificate is also an Open Badge.
    page.get_by_role("link", name="Page de vérification", exact=False).first.click()
    page.wait_for_url("**/training/certificates/*/")
    section = page.locator("#open-badge")
    expect(section).to_contain_text("Open Badge 3.0")
    expect(section.get_by_role("link", name="Télécharger mon Open Badge (.jwt)")).to_have_count(1)
    axe(page, "certificate verification page with its Open Badge")
