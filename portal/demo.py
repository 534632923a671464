"""Portal demo content: the home page, the charter and the legal pages, in French and English."""

from django.utils import timezone
from wagtail.models import Page, Site

from core.wagtail_seed import add_child, add_translation, locale
from portal.demo_content import CHARTER, HOME, LEGAL_PAGES
from portal.models import CharterPage, HomePage, StandardPage


def _stream(items: list[tuple[str, str]]) -> list[tuple[str, object]]:
    blocks = []
    for kind, value in items:
        if kind == "notice":
            blocks.append(("notice", {"kind": "info", "text": value}))
        else:
            blocks.append((kind, value))
    return blocks


def _home_fields(language: str) -> dict:
    text = HOME[language]
    return {
        "title": text["title"],
        "lead": text["lead"],
        "parts": [
            ("part", {"title": t, "text": body, "link_label": label, "link_path": path})
            for t, body, label, path in text["parts"]
        ],
        "body": _stream(text["body"]),
    }


def _charter_fields(language: str) -> dict:
    text = CHARTER[language]
    return {
        "title": text["title"],
        "lead": text["lead"],
        "introduction": text["introduction"],
        "principles": [
            ("principle", {"title": t, "summary": s, "commitments": c})
            for t, s, c in text["principles"]
        ],
    }


def _legal_fields(slug: str, language: str) -> dict:
    title, lead, body = LEGAL_PAGES[slug][language]
    return {
        "title": title,
        "lead": lead,
        "body": _stream(body),
        "last_reviewed": timezone.localdate(),
    }


def _ensure_home() -> HomePage:
    home = HomePage.objects.filter(locale__language_code="fr").first()
    if home is not None:
        return home
    fr = locale("fr")
    root = Page.get_first_root_node()
    if root is None:  # a flushed database (transactional tests) has lost Wagtail's root page
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=fr))
    home = HomePage(slug="accueil", locale=fr, **_home_fields("fr"))
    root.add_child(instance=home)
    home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    old_root = site.root_page if site else None
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="IA Commune",
        )
    else:
        site.root_page = home
        site.site_name = "IA Commune"
        site.save()
    # Wagtail's initial migration leaves a "Welcome" page we replace.
    if old_root is not None and old_root.pk != home.pk and old_root.specific_class != HomePage:
        old_root.delete()
    return home


def seed(*, stdout) -> None:
    home = _ensure_home()
    add_translation(home, "en", **_home_fields("en"))

    charter = add_child(
        home, CharterPage(slug="charter", adopted_on=timezone.localdate(), **_charter_fields("fr"))
    )
    add_translation(charter, "en", **_charter_fields("en"))

    for slug in LEGAL_PAGES:
        page = add_child(home, StandardPage(slug=slug, **_legal_fields(slug, "fr")))
        add_translation(page, "en", **_legal_fields(slug, "en"))
    stdout.write("Portal: home, charter and legal pages in French and English.")
