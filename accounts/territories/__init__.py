"""The city's territories (Paris's arrondissements by default) as data chosen per deployment.

A deployment points `CITY_TERRITORIES_FILE` at its own YAML file (same shape as `paris.yaml`:
a `label` and a list of `territories`, each a stable `code` and its name per language); the
profile form, the participation statistics and the exports read the list from here. The code
is what an account stores, so changing files never rewrites anyone's answer: a code the file
no longer lists is simply not shown in the statistics.
"""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import get_language

DEFAULT_FILE = Path(__file__).resolve().parent / "paris.yaml"
CODE_MAX_LENGTH = 8


@dataclass(frozen=True)
class Territories:
    label: dict[str, str]
    items: tuple[tuple[str, dict[str, str]], ...]  # (code, {language: name})


def _in_language(names: dict[str, str], fallback: str) -> str:
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return names.get(language) or names.get("fr") or next(iter(names.values()), fallback)


@lru_cache(maxsize=4)
def territories_load(path: str) -> Territories:
    """Read and check one territories file (cached per path)."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ImproperlyConfigured(f"CITY_TERRITORIES_FILE {path!r}: {exc}") from exc
    items, seen = [], set()
    for row in data.get("territories") or []:
        code = str(row.get("code", "")).strip()
        names = {k: str(v) for k, v in row.items() if k != "code" and v}
        if not code or len(code) > CODE_MAX_LENGTH or code in seen or not names:
            raise ImproperlyConfigured(
                f"CITY_TERRITORIES_FILE {path!r}: each territory needs a unique code of at most "
                f"{CODE_MAX_LENGTH} characters and a name ({row!r})."
            )
        seen.add(code)
        items.append((code, names))
    if not items:
        raise ImproperlyConfigured(f"CITY_TERRITORIES_FILE {path!r} lists no territory.")
    return Territories(label=dict(data.get("label") or {}), items=tuple(items))


def territories() -> Territories:
    return territories_load(str(getattr(settings, "CITY_TERRITORIES_FILE", "") or DEFAULT_FILE))


def territory_choices() -> list[tuple[str, str]]:
    """(code, name in the reader's language), in the file's order."""
    return [(code, _in_language(names, code)) for code, names in territories().items]


def territory_label() -> str:
    """What the city calls its territories ("Arrondissement", "Quartier"…)."""
    return _in_language(territories().label, "Territory")
