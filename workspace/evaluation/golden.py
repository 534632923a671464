"""Golden sets as data files: workspace/golden/<assistant-slug>.yaml → GoldenCase rows.

File format (format 1):

    assistant: langage-clair          # the assistant's slug (also the file's name)
    format: 1
    cases:
      - key: travaux-voirie           # stable, unique in the file
        title: Avis de travaux de voirie
        input: |                      # the text the agent gives (optional with a document)
          …
        document:                     # optional small fixture, given as numbered sources
          title: Compte rendu du conseil de quartier
          pages:
            - {label: "p. 1", text: "…"}
        request: …                    # optional: the question (qa) or the task's request
        options: {direction: fr-en}   # optional, e.g. the translation direction
        checks:                       # see workspace/evaluation/checks.py
          - must_contain: [travaux, ["14 mars", "14/03"]]
          - language: fr

Loading validates the whole file first and refuses it with the file, case and reason; nothing is
half-loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from .checks import check_validate

GOLDEN_DIR = Path(__file__).resolve().parent.parent / "golden"
FORMAT = 1


class GoldenSetError(ValueError):
    pass


@dataclass
class CaseSpec:
    key: str
    title: str
    input_text: str = ""
    document_title: str = ""
    document: list[dict] = field(default_factory=list)
    request: str = ""
    options: dict = field(default_factory=dict)
    checks: list[dict] = field(default_factory=list)


def golden_path(slug: str) -> Path:
    return GOLDEN_DIR / f"{slug}.yaml"


def golden_slugs() -> list[str]:
    return sorted(p.stem for p in GOLDEN_DIR.glob("*.yaml"))


def _text(value, where: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise GoldenSetError(f"{where}: must be text")
    return value.strip()


def golden_set_parse(raw: str, *, name: str = "<golden set>") -> tuple[str, list[CaseSpec]]:
    """A golden file's text → (assistant slug, cases); GoldenSetError says what is wrong."""
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        raise GoldenSetError(f"{name}: not valid YAML ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
        raise GoldenSetError(f"{name}: needs `assistant` and a list of `cases`")
    if data.get("format", FORMAT) != FORMAT:
        raise GoldenSetError(f"{name}: format {data.get('format')!r} is not {FORMAT}")
    slug = data.get("assistant")
    if not isinstance(slug, str) or slugify(slug) != slug:
        raise GoldenSetError(f"{name}: `assistant` must be the assistant's slug")
    cases, keys = [], set()
    for i, item in enumerate(data["cases"], start=1):
        where = f"{name}, case {i}"
        if not isinstance(item, dict):
            raise GoldenSetError(f"{where}: must be a mapping")
        key = item.get("key")
        if not isinstance(key, str) or slugify(key) != key or len(key) > 80:
            raise GoldenSetError(f"{where}: `key` must be a slug")
        if key in keys:
            raise GoldenSetError(f"{where}: key {key!r} is used twice")
        keys.add(key)
        where = f"{name}, case {key!r}"
        document = item.get("document") or {}
        if not isinstance(document, dict):
            raise GoldenSetError(f"{where}: `document` is a mapping (title, pages)")
        pages = document.get("pages") or []
        if not isinstance(pages, list) or not all(
            isinstance(p, dict) and isinstance(p.get("text"), str) and p["text"].strip()
            for p in pages
        ):
            raise GoldenSetError(f"{where}: each document page needs a `text`")
        spec = CaseSpec(
            key=key,
            title=_text(item.get("title"), f"{where}, title") or key,
            input_text=_text(item.get("input"), f"{where}, input"),
            document_title=_text(document.get("title"), f"{where}, document title"),
            document=[
                {"label": str(p.get("label") or f"p. {n}"), "text": p["text"].strip()}
                for n, p in enumerate(pages, start=1)
            ],
            request=_text(item.get("request"), f"{where}, request"),
            options=item.get("options") or {},
            checks=item.get("checks") or [],
        )
        if not spec.input_text and not spec.document and not spec.request:
            raise GoldenSetError(f"{where}: needs an `input`, a `document` or a `request`")
        if not isinstance(spec.options, dict):
            raise GoldenSetError(f"{where}: `options` is a mapping")
        if not isinstance(spec.checks, list) or not spec.checks:
            raise GoldenSetError(f"{where}: needs at least one check")
        for check in spec.checks:
            problem = check_validate(check)
            if problem:
                raise GoldenSetError(f"{where}: {problem}")
            if "citations" in check and not spec.document:
                raise GoldenSetError(f"{where}: a citations check needs a document")
        cases.append(spec)
    return slug, cases


def golden_set_load(slug: str) -> list[CaseSpec]:
    """The cases of an assistant's golden file ([] when it has none)."""
    path = golden_path(slug)
    if not path.exists():
        return []
    found, cases = golden_set_parse(path.read_text(encoding="utf-8"), name=path.name)
    if found != slug:
        raise GoldenSetError(f"{path.name}: names assistant {found!r}, not {slug!r}")
    return cases


@transaction.atomic
def golden_cases_sync(*, assistant, cases: list[CaseSpec] | None = None) -> int:
    """Write the file's cases for `assistant` (created or updated by key); cases no longer in
    the file are kept for the history of past evaluations but deactivated. Returns the count."""
    from workspace.models import GoldenCase

    cases = golden_set_load(assistant.slug) if cases is None else cases
    now = timezone.now()
    for position, spec in enumerate(cases):
        GoldenCase.objects.update_or_create(
            assistant=assistant,
            key=spec.key,
            defaults={
                "title": spec.title[:200],
                "input_text": spec.input_text,
                "document_title": spec.document_title[:200],
                "document": spec.document,
                "request": spec.request,
                "options": spec.options,
                "checks": spec.checks,
                "position": position,
                "active": True,
                "updated_at": now,
            },
        )
    GoldenCase.objects.filter(assistant=assistant).exclude(key__in=[c.key for c in cases]).update(
        active=False
    )
    return len(cases)
