"""The checks a golden case makes on a model's output: pure functions, no database, no model.

A golden case lists its checks as data (workspace/golden/<assistant>.yaml), one mapping per
check, e.g. `{"must_contain": ["conseil", ["14 mars", "14/03"]]}`. `checks_run()` applies them
and returns one result per check: `{"kind", "passed", "observed"}` (plain data, stored with the
evaluation; `check_describe()` turns it into a sentence in the reader's language).

Kinds:
- `must_contain`: every item appears (case, accents and spacing ignored); an item that is a
  list is satisfied by any of its members.
- `must_not_contain`: no item appears.
- `length`: `min_words` and/or `max_words`.
- `readability`: `min` (French reading ease of the output, workspace.assistants.readability)
  and/or `above_input: true` (easier to read than the case's input text).
- `language`: "fr" or "en" (`language_guess()` below).
- `citations`: the answer cites the case's document and its citations hold
  (`inference_bridge.grounding.citations_verify`): at least `min_sentences` verified sentences
  (default 1) and at most `max_dropped_share` of its sentences dropped (default 0.5).
- `refusal`: the answer says the documents do not contain the answer (`refusal_detected()`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from inference_bridge.grounding import Source, citations_verify
from workspace.assistants.readability import readability

CHECK_KINDS = (
    "must_contain",
    "must_not_contain",
    "length",
    "readability",
    "language",
    "citations",
    "refusal",
)
LANGUAGES = ("fr", "en")


# --- Text helpers -----------------------------------------------------------------------


def fold(text: str) -> str:
    """Compare as a reader would: no case, no accents, one kind of apostrophe, single spaces."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("‘", "'").replace("\u00a0", " ").replace("\u202f", " ")
    return re.sub(r"\s+", " ", text).strip().casefold()


_WORDS = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)


def words(text: str) -> list[str]:
    return _WORDS.findall(text or "")


# --- Language identification --------------------------------------------------------------
# A stopword-ratio heuristic, small and local: the share of a text's words that are frequent
# function words of each language. Words common to both ("a", "on", "as", "me") are left
# out. Reliable from about ten words of running text; below three words it answers "und".

_FRENCH_WORDS = """
    le la les l de des du d un une et est sont en dans que qu qui ne pas n se s ce cette ces
    il elle ils elles nous vous je j leur leurs au aux avec pour par sur sous mais ou où
    donc car ni être été était avoir ont avait fait plus très aussi tout tous toute toutes
    son sa ses notre nos votre vos mon ma mes lui y c cela ça comme si peut doit sera
    """
_FRENCH = frozenset(_FRENCH_WORDS.split())
_ENGLISH_WORDS = """
    the of and to is are was were be been being that this these those it its for with by
    from at which who what will would shall should can could have has had not no but or
    they them their there we our you your he she his her i an into about than then also
    do does did all any each more most other such only very
    """
_ENGLISH = frozenset(_ENGLISH_WORDS.split())


@dataclass(frozen=True)
class LanguageGuess:
    language: str  # "fr", "en" or "und" (undetermined)
    french: float  # share of the words that are French function words
    english: float


def language_guess(text: str) -> LanguageGuess:
    tokens = [w.casefold().replace("’", "'") for w in words(text)]
    tokens = [t.split("'")[-1] if "'" in t else t for t in tokens]
    if len(tokens) < 3:
        return LanguageGuess("und", 0.0, 0.0)
    french = sum(t in _FRENCH for t in tokens) / len(tokens)
    english = sum(t in _ENGLISH for t in tokens) / len(tokens)
    if max(french, english) < 0.08 or abs(french - english) < 0.03:
        language = "und"
    else:
        language = "fr" if french > english else "en"
    return LanguageGuess(language, round(french, 3), round(english, 3))


# --- Refusal ---------------------------------------------------------------------------
# How an answer says the documents do not hold the answer, in French or English (folded).
_REFUSAL = re.compile(
    r"ne (?:contien\w*|mentionn\w*|precis\w*|indiqu\w*|dit|di\w*|permet\w*|donn\w*|fourni\w*"
    r"|traite\w*|parl\w*|figur\w*|repond\w*|comport\w*)\b[^.]{0,40}\bpas"
    r"|\bpas d'information|\baucune information|\bne sais pas|\bje ne peux pas repondre"
    r"|\bn'(?:y a|est) pas (?:mentionn|indiqu|precis|d'information)|\bn'apparait pas"
    r"|\bnon (?:mentionne|precise|indique)|\bne figure pas|\baucune mention"
    r"|\b(?:do|does|did) not (?:contain|mention|say|specify|include|state|provide)"
    r"|\bno information\b|\bnot (?:mentioned|specified|stated|found|provided)\b"
    r"|\bcannot (?:find|answer)|\bcan't (?:find|answer)|\bi don't know\b"
)


def refusal_detected(text: str) -> bool:
    return bool(_REFUSAL.search(fold(text)))


# --- Checks ----------------------------------------------------------------------------


def _strings(value) -> list[str | list[str]]:
    items = value if isinstance(value, list) else [value]
    return [[str(v) for v in i] if isinstance(i, list) else str(i) for i in items]


def _contains(folded: str, item: str) -> bool:
    """Whole words only: "tu" is not found in "statut"."""
    return re.search(rf"(?<!\w){re.escape(fold(item))}(?!\w)", folded) is not None


def check_must_contain(output: str, params) -> dict:
    folded = fold(output)
    missing = []
    for item in _strings(params):
        options = item if isinstance(item, list) else [item]
        if not any(_contains(folded, o) for o in options):
            missing.append(" / ".join(options))
    return {"passed": not missing, "observed": {"missing": missing}}


def check_must_not_contain(output: str, params) -> dict:
    folded = fold(output)
    found = [i for i in _strings(params) if isinstance(i, str) and _contains(folded, i)]
    return {"passed": not found, "observed": {"found": found}}


def check_length(output: str, params: dict) -> dict:
    count = len(words(output))
    low, high = params.get("min_words"), params.get("max_words")
    passed = (low is None or count >= low) and (high is None or count <= high)
    return {"passed": passed, "observed": {"words": count, "min": low, "max": high}}


def check_readability(output: str, params: dict, *, input_text: str = "") -> dict:
    after = readability(output).score if words(output) else 0.0
    observed = {"score": after}
    passed = True
    if params.get("min") is not None:
        observed["min"] = params["min"]
        passed = after >= float(params["min"])
    if params.get("above_input"):
        before = readability(input_text).score
        observed["input_score"] = before
        passed = passed and after > before
    return {"passed": passed, "observed": observed}


def check_language(output: str, params: str) -> dict:
    guess = language_guess(output)
    return {
        "passed": guess.language == params,
        "observed": {
            "expected": params,
            "detected": guess.language,
            "french": guess.french,
            "english": guess.english,
        },
    }


def check_citations(output: str, params, *, sources: list[Source]) -> dict:
    params = params if isinstance(params, dict) else {}
    minimum = int(params.get("min_sentences", 1))
    max_dropped = float(params.get("max_dropped_share", 0.5))
    answer = citations_verify(output, sources)
    total = len(answer.sentences) + len(answer.dropped)
    dropped_share = len(answer.dropped) / total if total else 1.0
    reasons: dict[str, int] = {}
    for dropped in answer.dropped:
        reasons[dropped.reason] = reasons.get(dropped.reason, 0) + 1
    return {
        "passed": len(answer.sentences) >= minimum and dropped_share <= max_dropped,
        "observed": {
            "verified": len(answer.sentences),
            "dropped": len(answer.dropped),
            "min_sentences": minimum,
            "reasons": reasons,
        },
    }


def check_refusal(output: str, params) -> dict:
    said = refusal_detected(output)
    return {"passed": said == bool(params), "observed": {"refused": said}}


def checks_run(
    checks: list[dict], *, output: str, input_text: str = "", sources: list[Source] | None = None
) -> list[dict]:
    """Apply a case's checks to one output: [{"kind", "passed", "observed"}, …] in order."""
    results = []
    for check in checks:
        (kind, params), *_rest = check.items()
        if kind == "must_contain":
            result = check_must_contain(output, params)
        elif kind == "must_not_contain":
            result = check_must_not_contain(output, params)
        elif kind == "length":
            result = check_length(output, params)
        elif kind == "readability":
            result = check_readability(output, params, input_text=input_text)
        elif kind == "language":
            result = check_language(output, params)
        elif kind == "citations":
            result = check_citations(output, params, sources=sources or [])
        elif kind == "refusal":
            result = check_refusal(output, params)
        else:  # golden files are validated on load; an unknown kind here is a bug
            raise ValueError(f"unknown check kind {kind!r}")
        results.append({"kind": kind, **result})
    return results


def check_validate(check) -> str | None:
    """Why a check written in a golden file is malformed, or None."""
    if not isinstance(check, dict) or len(check) != 1:
        return "each check is a mapping with one key (its kind)"
    (kind, params), *_rest = check.items()
    if kind not in CHECK_KINDS:
        return f"unknown check kind {kind!r} (known: {', '.join(CHECK_KINDS)})"
    if kind in ("must_contain", "must_not_contain"):
        items = params if isinstance(params, list) else [params]
        if not items or not all(
            isinstance(i, str) and i.strip() or isinstance(i, list) and i for i in items
        ):
            return f"{kind} needs a non-empty list of texts"
    elif kind == "length":
        if not isinstance(params, dict) or not {"min_words", "max_words"} & set(params):
            return "length needs min_words and/or max_words"
        if not all(isinstance(v, int) and v >= 0 for v in params.values()):
            return "length bounds are whole numbers"
    elif kind == "readability":
        if not isinstance(params, dict) or not {"min", "above_input"} & set(params):
            return "readability needs min and/or above_input"
    elif kind == "language":
        if params not in LANGUAGES:
            return f"language is one of {', '.join(LANGUAGES)}"
    elif kind == "citations":
        if not (params is True or isinstance(params, dict)):
            return "citations is true or a mapping (min_sentences, max_dropped_share)"
    elif kind == "refusal" and not isinstance(params, bool):
        return "refusal is true or false"
    return None


# --- Display --------------------------------------------------------------------------


def check_label(kind: str) -> str:
    return {
        "must_contain": _("Must contain"),
        "must_not_contain": _("Must not contain"),
        "length": _("Length"),
        "readability": _("Readability"),
        "language": _("Language"),
        "citations": _("Valid citations"),
        "refusal": _("Refusal when the answer is not in the documents"),
    }.get(kind, kind)


def check_describe(result: dict) -> str:
    """What the check saw, in a sentence (stored results are plain data in no language)."""
    kind, seen = result.get("kind"), result.get("observed") or {}
    if kind == "must_contain":
        if not seen.get("missing"):
            return _("Every expected text is present.")
        return _("Missing: %s") % ", ".join(f"« {m} »" for m in seen["missing"])
    if kind == "must_not_contain":
        if not seen.get("found"):
            return _("None of the forbidden texts appears.")
        return _("Present but forbidden: %s") % ", ".join(f"« {m} »" for m in seen["found"])
    if kind == "length":
        bounds = []
        if seen.get("min") is not None:
            bounds.append(_("at least %d") % seen["min"])
        if seen.get("max") is not None:
            bounds.append(_("at most %d") % seen["max"])
        return _("%(words)d words (expected: %(bounds)s).") % {
            "words": seen.get("words", 0),
            "bounds": ", ".join(bounds),
        }
    if kind == "readability":
        text = _("Reading ease %(score)s") % {"score": seen.get("score")}
        if seen.get("min") is not None:
            text += " " + _("(expected at least %(min)s)") % {"min": seen["min"]}
        if seen.get("input_score") is not None:
            text += " " + _("(the input text: %(before)s)") % {"before": seen["input_score"]}
        return text + "."
    if kind == "language":
        names = {
            "fr": pgettext("language, in a sentence", "French"),
            "en": pgettext("language, in a sentence", "English"),
            "und": _("undetermined"),
        }
        return _("Detected language: %(detected)s (expected: %(expected)s).") % {
            "detected": names.get(seen.get("detected"), seen.get("detected")),
            "expected": names.get(seen.get("expected"), seen.get("expected")),
        }
    if kind == "citations":
        return _(
            "%(verified)d sentence(s) with a verified citation, %(dropped)d dropped "
            "(expected at least %(min)d verified)."
        ) % {
            "verified": seen.get("verified", 0),
            "dropped": seen.get("dropped", 0),
            "min": seen.get("min_sentences", 1),
        }
    if kind == "refusal":
        if seen.get("refused"):
            return _("The answer says the documents do not contain it.")
        return _("The answer does not say that the documents do not contain it.")
    return ""
