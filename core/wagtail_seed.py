"""Helpers for seeding Wagtail pages in French and English (used by every app's demo.py).

French is the source tree; English pages are translations of it (same slugs, so a path
under /en/ mirrors the French one).
"""

from typing import Any

from wagtail.models import Locale, Page, Site


def locale(language_code: str) -> Locale:
    return Locale.objects.get_or_create(language_code=language_code)[0]


def site_home(language_code: str = "fr") -> Page:
    """The home page of the default site in the given language."""
    root = Site.objects.get(is_default_site=True).root_page
    if language_code == root.locale.language_code:
        return root.specific
    return root.get_translation(locale(language_code)).specific


def child_by_slug(parent: Page, slug: str) -> Page | None:
    page = parent.get_children().filter(slug=slug).first()
    return page.specific if page else None


def add_child(parent: Page, page: Page) -> Page:
    """Add and publish `page` under `parent`, unless a child with its slug exists already."""
    existing = child_by_slug(parent, page.slug)
    if existing is not None:
        return existing
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def add_translation(page: Page, language_code: str, **fields: Any) -> Page:
    """Create (or return) the translation of `page`, set its fields and publish it."""
    target_locale = locale(language_code)
    existing = page.get_translation_or_none(target_locale)
    if existing is not None:
        return existing.specific
    translated = page.copy_for_translation(target_locale, copy_parents=True).specific
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    translated.refresh_from_db()
    return translated
