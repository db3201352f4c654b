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
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coopatlas.intake.gazetteer import Name

_WORD = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*")
_NEXT_WORD = re.compile(r"[^\S\n]+([А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*)")
PREFIX = 4
"""Letters of a word compared with the lemmas' before the dictionary is asked (a word and
its lemma share them but for a few stems that change: "Орёл", "Орла")."""
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
    start_pattern: re.Pattern[str] = field(init=False)
    """Where a word begins with the first letters of some lemma (the cheap scan, on the
    text in lower case)."""
    _built: bool = field(init=False, default=False)

    def _build(self) -> None:
        """Reduce the aliases to lemmas: on first use, so English-only runs never load the
        dictionary."""
        from coopatlas.intake.gazetteer import trie_pattern

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
        prefixes = {k[:PREFIX] for k in [*self.by_first, *self.adjectives]}
        prefixes |= {p.replace("е", "ё") for p in prefixes}
        self.start_pattern = re.compile(rf"\b(?:{trie_pattern(sorted(prefixes))})")
        self._built = True

    def find(self, text: str, lowered: str | None = None) -> list[tuple[int, int, Name]]:
        """Every mention as (start, end, name), left to right, longest alias first.
        *lowered*: the text in lower case, if the caller has it (the scan runs on it)."""
        if not self._built:
            self._build()
        if lowered is None or len(lowered) != len(text):
            lowered = text.lower()
            if len(lowered) != len(text):  # a letter whose lower case is longer: scan as is
                lowered = text
        out: list[tuple[int, int, Name]] = []
        pos = 0
        while True:
            m = self.start_pattern.search(lowered, pos)
            if m is None:
                return out
            if m.start() and text[m.start() - 1] == "-":  # "Ханты-Мансийский" from its start
                pos = m.end()
                continue
            hit = self._match(text, m.start())
            if hit is None:
                pos = m.end()
                continue
            end, name = hit
            out.append((m.start(), end, name))
            pos = end

    def _match(self, text: str, start: int) -> tuple[int, Name] | None:
        """The longest alias (or a region's adjective) that starts at *start*: its end."""
        word = _WORD.match(text, start)
        if word is None:
            return None
        first, any_number = word_lemmas(_plain(word.group()))
        if word.group()[:1].isupper():
            second: frozenset[str] | None = None  # the next word's lemmas, read once
            for lemma in first:
                for key, name in self.by_first.get(lemma, ()):
                    if len(key) > 1:
                        if second is None:
                            after = _NEXT_WORD.match(text, word.end())
                            second = (
                                word_lemmas(_plain(after.group(1)))[0] if after else frozenset()
                            )
                        if key[1] not in second:
                            continue
                    end = self._rest(text, word.end(), key[1:])
                    if end is not None:
                        return end, name
        for lemma in any_number:
            region = self.adjectives.get(lemma)
            if region is not None:
                return word.end(), region
        return None

    @staticmethod
    def _rest(text: str, pos: int, key: tuple[str, ...]) -> int | None:
        """Where the words after the first end, if they have the lemmas *key* and only
        spaces between them; None otherwise."""
        for lemma in key:
            word = _NEXT_WORD.match(text, pos)
            if word is None or lemma not in word_lemmas(_plain(word.group(1)))[0]:
                return None
            pos = word.end()
        return pos


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
