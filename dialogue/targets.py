"""What a staff body may give an opinion on, without importing the apps that own it.

Dialogue sits below the register and the consultations (DESIGN.md §3): it refers to their
records by stable public ids (a register record's slug, a use case's number) and reads them
through the selectors those apps declare on their AppConfig (`opinion_targets`, a tuple of
`OpinionTarget`). `resolve(*, ref)` answers a dict (`ref`, `name`, `url`, `in_use`) or None for
an unknown or unpublished id; `suggest(*, limit)` answers such dicts for the forms' suggestions.
"""

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.utils.module_loading import import_string

REGISTER_RECORD = "register_record"
USE_CASE = "use_case"


@dataclass(frozen=True)
class OpinionTarget:
    kind: str  # stable, stored with each opinion and agenda item
    label: Any  # a lazy translation
    resolve: str  # dotted path to "<app>.selectors.<function>"
    suggest: str = ""


def target_kinds() -> dict[str, OpinionTarget]:
    """Every declared kind, by its code, in INSTALLED_APPS order."""
    kinds: dict[str, OpinionTarget] = {}
    for config in apps.get_app_configs():
        for target in getattr(config, "opinion_targets", ()) or ():
            kinds[target.kind] = target
    return kinds


def target_resolve(*, kind: str, ref: str) -> dict | None:
    """The target `ref` of `kind` as its app shows it, or None (unknown kind or id)."""
    target = target_kinds().get(kind)
    ref = (ref or "").strip()
    if target is None or not ref or "\x00" in ref:
        return None
    return import_string(target.resolve)(ref=ref)


def target_suggestions(*, kind: str, limit: int = 50) -> list[dict]:
    target = target_kinds().get(kind)
    if target is None or not target.suggest:
        return []
    return import_string(target.suggest)(limit=limit)
