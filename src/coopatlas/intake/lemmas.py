"""Russian region and city names found in any case, by their lemmas (natasha's morphology).

Russian declines a name: "Липецкая область", "в Липецкой области", "Липецкую область",
"в Самару", "Кубанью", "из Подмосковья". Rather than list every form of every alias, each
Cyrillic alias is reduced once to the lemmas of its words ("липецкий область"), and each word
of an article to the set of lemmas it may have ("Липецкой" → {"липецкий"}); a name is found
where consecutive words (separated by spaces only) can have the lemmas of an alias.

A region is also named by its adjective alone, as the genre writes it: "липецкие аграрии",
"Челябинский тракторный завод" (the adjective of an oblast or a krai, "X-ская область",
"X-ский край"; not Moscow's, which names the capital far more often than the oblast).

Only words whose first letters begin some lemma are analysed, and each distinct word once per
process, so the cost grows with the article and the dictionary loads (under a second) only
when a Russian article names something that may be a region.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coopatlas.intake.gazetteer import Name

Lemmas = Callable[[int], tuple[frozenset[str], frozenset[str]]]
"""The lemmas of the i-th word of an article (singular readings, readings of any number)."""
_WORD = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*")
PREFIX = 4
"""Letters of a word compared with the lemmas' before the dictionary is asked."""
NOT_BY_ADJECTIVE = {"московский"}
"""Adjectives that name a capital city more often than the region of the same name."""
ADJECTIVE_KINDS = {"область", "край"}


def _plain(word: str) -> str:
    return word.lower().replace("ё", "е")


@lru_cache(maxsize=200_000)
def word_lemmas(word: str) -> tuple[frozenset[str], frozenset[str]]:
    """The lemmas the dictionary gives a (lower-case) word in the singular (with the word
    itself), and in any number. A plural noun ("Брянской и Могилевской областями") names
    two regions at once: only the adjective before it is taken, as the first's."""
    from coopatlas.intake.names import _vocab

    forms = _vocab().parse(word)
    single = {_plain(f.normal_form) for f in forms if f.tag.number != "plur"}
    return frozenset({word, *single}), frozenset({word, *(_plain(f.normal_form) for f in forms)})


def _first_lemma(word: str) -> str:
    from coopatlas.intake.names import _vocab

    forms = _vocab().parse(word)
    return _plain(forms[0].normal_form) if forms else word


@dataclass
class LemmaIndex:
    """Aliases by the lemmas of their words, longest first under each first lemma."""

    aliases: dict[str, Name]
    """Cyrillic alias -> what it names."""
    adjective_names: list[tuple[str, Name]] = field(default_factory=list)
    """Regions' Russian names, whose adjectives name them too ("Липецкая область")."""
    adjectives: dict[str, Name] = field(init=False, default_factory=dict)
    """Lemma of a region's adjective ("липецкий") -> the region."""
    by_first: dict[str, list[tuple[tuple[str, ...], Name]]] = field(init=False)
    prefixes: frozenset[str] = field(init=False)
    _built: bool = field(init=False, default=False)

    def _build(self) -> None:
        """Reduce the aliases to lemmas: on first use, so English-only runs never load the
        dictionary."""
        self.adjectives = region_adjectives(self.adjective_names)
        self.by_first = {}
        for alias, name in self.aliases.items():
            words = _WORD.findall(alias)
            if not words or any(w.isupper() and len(w) > 1 for w in words):
                continue  # acronyms ("ХМАО", "КБР") do not decline: the exact index has them
            key = tuple(_first_lemma(_plain(w)) for w in words)
            entries = self.by_first.setdefault(key[0], [])
            if all(k != key for k, _ in entries):
                entries.append((key, name))
        for entries in self.by_first.values():
            entries.sort(key=lambda e: -len(e[0]))
        self.prefixes = frozenset(k[:PREFIX] for k in [*self.by_first, *self.adjectives])
        self._built = True

    def find(self, text: str) -> list[tuple[int, int, Name]]:
        """Every mention as (start, end, name), left to right, longest alias first."""
        if not self._built:
            self._build()
        words = list(_WORD.finditer(text))
        lemmas: dict[int, tuple[frozenset[str], frozenset[str]]] = {}

        def at(i: int) -> tuple[frozenset[str], frozenset[str]]:
            if i not in lemmas:
                lemmas[i] = word_lemmas(_plain(words[i].group()))
            return lemmas[i]

        out = []
        i, n = 0, len(words)
        while i < n:
            step = 1
            if _plain(words[i].group())[:PREFIX] in self.prefixes:
                hit = self._match(text, words, i, at)
                if hit is not None:
                    k, name = hit
                    out.append((words[i].start(), words[i + k - 1].end(), name))
                    step = k
            i += step
        return out

    def _match(
        self, text: str, words: list[re.Match[str]], i: int, at: Lemmas
    ) -> tuple[int, Name] | None:
        first, any_number = at(i)
        capital = words[i].group()[:1].isupper()
        for lemma in first:
            for key, name in self.by_first.get(lemma, ()):
                k = len(key)
                if i + k > len(words) or not capital:
                    continue
                if all(
                    text[words[i + j - 1].end() : words[i + j].start()].isspace()
                    and key[j] in at(i + j)[0]
                    for j in range(1, k)
                ):
                    return k, name
        for lemma in any_number:
            region = self.adjectives.get(lemma)
            if region is not None:
                return 1, region
        return None


def region_adjectives(regions: list[tuple[str, Name]]) -> dict[str, Name]:
    """The adjective of each Russian oblast and krai, by its lemma ("липецкий" → Lipetsk
    Oblast), from the region's Russian name ("Липецкая область")."""
    out: dict[str, Name] = {}
    for name_ru, name in regions:
        words = name_ru.split()
        if len(words) != 2 or _plain(words[1]) not in ADJECTIVE_KINDS:
            continue
        if not name.code.startswith("RU-"):
            continue
        lemma = _first_lemma(_plain(words[0]))
        if lemma not in NOT_BY_ADJECTIVE:
            out.setdefault(lemma, name)
    return out
