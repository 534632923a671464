"""French readability, computed here: Kandel & Moles' adaptation of Flesch's reading ease.

    L = 207 − 1.015 × (words / sentences) − 73.6 × (syllables / words)

(L. Kandel and A. Moles, 1958). Higher is easier: 90–100 very easy, 60–70 standard, below 30
very difficult. Syllables are counted as groups of vowels, with a final mute "e" not counted:
an estimate, the same on both sides of the comparison, which is what the figure is for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

FORMULA_NAME = _("Kandel & Moles reading ease (French adaptation of Flesch)")

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?…]+(?:\s|$)|\n{2,}")
_VOWEL_GROUP = re.compile(r"[aeiouyàâäéèêëîïôöùûüœæ]+", re.I)


def syllables(word: str) -> int:
    word = word.lower().replace("’", "'").split("'")[-1]
    count = len(_VOWEL_GROUP.findall(word))
    if len(word) > 3 and re.search(r"[^aeiouy]es?$", word) and count > 1:
        count -= 1  # mute final e / es ("table", "pages")
    return max(1, count)


@dataclass(frozen=True)
class Readability:
    score: float
    words: int
    sentences: int
    words_per_sentence: float
    syllables_per_word: float

    @property
    def level(self) -> str:
        s = self.score
        if s >= 80:
            return str(_("very easy"))
        if s >= 60:
            return str(_("easy"))
        if s >= 40:
            return str(_("fairly difficult"))
        return str(_("difficult"))

    def as_dict(self) -> dict:
        return {
            "score": self.score,
            "words": self.words,
            "sentences": self.sentences,
            "words_per_sentence": self.words_per_sentence,
            "syllables_per_word": self.syllables_per_word,
        }


def readability(text: str) -> Readability:
    words = _WORD.findall(text or "")
    if not words:
        return Readability(0.0, 0, 0, 0.0, 0.0)
    sentences = max(1, len([s for s in _SENTENCE_END.split(text.strip()) if _WORD.search(s)]))
    total_syllables = sum(syllables(w) for w in words)
    wps = len(words) / sentences
    spw = total_syllables / len(words)
    score = 207 - 1.015 * wps - 73.6 * spw
    return Readability(round(score, 1), len(words), sentences, round(wps, 1), round(spw, 2))
