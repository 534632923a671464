"""Portal demo content: the home page, the charter and the legal pages, in French and English.

Texts are content files under `portal/demo_data/` (see `core/frontmatter.py`): `home`, `charter`
and one `pages/NN-slug` per standard page.
"""

from pathlib import Path

from django.utils import timezone
from wagtail.models import Page, Site

from core.frontmatter import Document, entries_ordered, translations_load
from core.wagtail_seed import add_child, add_translation, locale
from portal.models import CharterPage, HomePage, StandardPage

CONTENT = Path(__file__).resolve().parent / "demo_data"

BODY_BLOCKS = {
    "heading": lambda value: ("heading", value["text"]),
    "html": lambda value: ("paragraph", value),
    "notice": lambda value: ("notice", value),
}


def _home_fields(text: Document) -> dict:
    return {
        **text.fields("title", "lead"),
        "parts": [("part", part) for part in text.meta["parts"]],
        "body": text.stream(BODY_BLOCKS),
    }


def _charter_fields(text: Document) -> dict:
    return {
        **text.fields("title", "lead", html="introduction"),
        "principles": [("principle", principle) for principle in text.meta["principles"]],
    }


def _page_fields(text: Document) -> dict:
    return {
        **text.fields("title", "lead"),
        "body": text.stream(BODY_BLOCKS),
        "last_reviewed": timezone.localdate(),
    }


def _ensure_home(text: Document) -> HomePage:
    home = HomePage.objects.filter(locale__language_code="fr").first()
    if home is not None:
        return home
    fr = locale("fr")
    root = Page.get_first_root_node()
    if root is None:  # a flushed database (transactional tests) has lost Wagtail's root page
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=fr))
    home = HomePage(slug="accueil", locale=fr, **_home_fields(text))
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
    texts = translations_load(stem=CONTENT / "home")
    home = _ensure_home(texts["fr"])
    add_translation(home, "en", **_home_fields(texts["en"]))

    texts = translations_load(stem=CONTENT / "charter")
    charter = add_child(
        home,
        CharterPage(
            slug="charter", adopted_on=timezone.localdate(), **_charter_fields(texts["fr"])
        ),
    )
    add_translation(charter, "en", **_charter_fields(texts["en"]))

    for entry in entries_ordered(directory=CONTENT / "pages"):
        texts = translations_load(stem=entry.stem)
        page = add_child(home, StandardPage(slug=entry.slug, **_page_fields(texts["fr"])))
        add_translation(page, "en", **_page_fields(texts["en"]))
    stdout.write("Portal: home, charter and legal pages in French and English.")
