"""What each app contributes to the site, declared once on its AppConfig and read here.

An app states its contributions as class attributes of the AppConfig in `<app>/apps.py`
(`Contributions` lists them, with their defaults). They are dotted paths, not imports, so
declaring costs nothing when Django starts and `core` imports no app: it only iterates
`django.apps.apps.get_app_configs()`. The composers read the declarations: `config/urls.py`
(page and API URLs), `config/celery.py` (beat schedule), `seed_demo` (demo content),
`portal` (header navigation, site search), `accounts` (GDPR export and erasure, profile links,
the "My activity" sections)
and `observatory` (indicators). No other module lists the apps; an app that is not installed
simply contributes nothing.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import AppConfig, apps
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class NavigationEntry:
    """A part of the site in the header, reached by a Django view or a Wagtail index page."""

    slug: str  # stable, also the "coming soon" URL of a part whose index page is not live
    label: Any  # a lazy translation
    order: int  # position in the header, left to right
    url_name: str = ""
    page_model: str = ""  # "app_label.ModelName" of the part's Wagtail index page


@dataclass(frozen=True)
class ProfileLink:
    """A link an app adds to the "Login and security" list of the account page."""

    label: Any  # a lazy translation
    url_name: str


@dataclass(frozen=True)
class ActivitySection:
    """A section of a person's "My activity" page and the selector that lists its rows.

    `function` is a dotted path, always "<app>.selectors.<function>", called as
    `function(*, user, offset, limit) -> (rows, total)`: at most `limit` rows from `offset`
    (bounded queries; the page paginates) and the total count. Each row is a dict with
    `title`, `url` (may be ""), `status`, `date` (a date or datetime) and `detail` (may be "").
    """

    key: str  # stable, also the page's query parameter of this section ("?comments=2")
    title: Any  # a lazy translation
    function: str
    order: int  # position on the page, top to bottom


@dataclass(frozen=True)
class ServiceModel:
    """What an app-provided API model resolves to: the messages to send to a served model."""

    messages: list
    model_alias: str
    purpose: str  # recorded in the ledger, e.g. "assistant:summary"
    department: str = ""
    params: dict | None = None  # max_tokens, temperature the app imposes


@dataclass(frozen=True)
class IndicatorSource:
    """A section of the observatory's indicators and the selector that computes it."""

    section: str
    function: str  # dotted path, always "<app>.selectors.<function>"


class Contributions:
    """The declarations an AppConfig may make (mix in before AppConfig); all are optional.

    Paths are dotted strings resolved on use:
    - `page_urls`, `api_urls`: URL modules, included at the root (pages inside
      `i18n_patterns`, APIs outside), in INSTALLED_APPS order.
    - `beat_schedule`: a dict of Celery beat entries (plain data: no model imports).
    - `demo_seed`, `demo_order`: `seed(*, stdout)` (accounts' also takes `reset_passwords`),
      run by `manage.py seed_demo` by increasing order, each in its own transaction.
    - `gdpr_export`, `gdpr_erase`: `export_user_data(*, user) -> dict` (stored under the app
      label in "download my data") and `erase_user_data(*, user)` (run before the account is
      blanked).
    - `site_search`: `site_search(*, query, limit) -> list[dict]` (keys title, url, summary, kind).
    - `navigation`: the app's entry in the header.
    - `profile_links`: links on the account page.
    - `observatory_indicators`: the app's section of the observatory's indicators.
    - `activity_sections`: the app's sections of a person's "My activity" page.
    - `api_models`: an object with `names(*, user) -> list[str]` and
      `resolve(*, model, user, messages) -> ServiceModel | None`: models the agents' API serves
      through the app (the workspace's `assistant:<slug>`), consulted by `inference_bridge`
      for the names its nodes do not serve, without importing the app.
    - `similar_cases`: `cases_similar(*, text, limit) -> list[dict]` (keys title, summary, city,
      url, outcome): cases from elsewhere (the library's partner cities) shown by the
      consultation's similar-case hint when someone proposes a use case.
    - `ai_tool_records`: `ai_tool_record(*, tool="", uuid=None) -> dict | None`: the register
      record of one of the city's AI tools (name, url, recourse_url), which every AI output
      links to (`core/templatetags/ai_output.py`), whichever app produced it.
    """

    page_urls: str = ""
    api_urls: str = ""
    beat_schedule: str = ""
    demo_seed: str = ""
    demo_order: int = 0
    gdpr_export: str = ""
    gdpr_erase: str = ""
    site_search: str = ""
    navigation: NavigationEntry | None = None
    profile_links: tuple[ProfileLink, ...] = ()
    observatory_indicators: IndicatorSource | None = None
    activity_sections: tuple[ActivitySection, ...] = ()
    api_models: str = ""
    similar_cases: str = ""
    ai_tool_records: str = ""


def _declaring(attribute: str) -> Iterator[tuple[AppConfig, Any]]:
    """(app config, value) for every installed app that declares `attribute`."""
    for config in apps.get_app_configs():
        value = getattr(config, attribute, None)
        if value:
            yield config, value


def page_url_modules() -> list[str]:
    return [module for _config, module in _declaring("page_urls")]


def api_url_modules() -> list[str]:
    return [module for _config, module in _declaring("api_urls")]


def beat_schedule() -> dict[str, dict]:
    """Every app's beat entries merged; two apps may not use the same entry name."""
    merged: dict[str, dict] = {}
    for config, path in _declaring("beat_schedule"):
        entries = import_string(path)
        clash = merged.keys() & entries.keys()
        if clash:
            raise ValueError(f"{config.label} reuses beat entry names: {sorted(clash)}")
        merged.update(entries)
    return merged


def demo_seeds() -> list[tuple[str, Callable[..., None]]]:
    """(app label, seed function) by increasing `demo_order` (then INSTALLED_APPS order)."""
    declared = sorted(_declaring("demo_seed"), key=lambda item: item[0].demo_order)
    return [(config.label, import_string(path)) for config, path in declared]


def gdpr_exporters() -> list[tuple[str, Callable[..., dict]]]:
    return [(config.label, import_string(path)) for config, path in _declaring("gdpr_export")]


def gdpr_erasers() -> list[tuple[str, Callable[..., None]]]:
    return [(config.label, import_string(path)) for config, path in _declaring("gdpr_erase")]


def site_searchers() -> list[Callable[..., list[dict]]]:
    return [import_string(path) for _config, path in _declaring("site_search")]


def navigation_entries() -> list[NavigationEntry]:
    return sorted((entry for _config, entry in _declaring("navigation")), key=lambda e: e.order)


def profile_links() -> list[ProfileLink]:
    return [link for _config, links in _declaring("profile_links") for link in links]


def activity_sections() -> list[tuple[ActivitySection, Callable[..., tuple[list[dict], int]]]]:
    """(section, selector) of every app, by increasing `order`."""
    declared = [
        section for _config, sections in _declaring("activity_sections") for section in sections
    ]
    return [
        (section, import_string(section.function))
        for section in sorted(declared, key=lambda s: s.order)
    ]


def indicator_sources() -> dict[str, str]:
    """Observatory section name -> dotted path of the selector that computes it."""
    return {source.section: source.function for _c, source in _declaring("observatory_indicators")}


def api_model_providers() -> list[Any]:
    """Objects of the apps that serve extra models through the agents' API (`api_models`)."""
    return [import_string(path) for _config, path in _declaring("api_models")]


def similar_case_finders() -> list[Callable[..., list[dict]]]:
    return [import_string(path) for _config, path in _declaring("similar_cases")]


def ai_tool_record(*, tool: str = "", uuid=None) -> dict | None:
    """The register record of one of the city's AI tools, from the app that keeps the records."""
    for _config, path in _declaring("ai_tool_records"):
        record = import_string(path)(tool=tool, uuid=uuid)
        if record is not None:
            return record
    return None
