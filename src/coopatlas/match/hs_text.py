"""Words of HS queries and of the nomenclature: stems, Russian lemmas, compounds, loanwords.

English words are reduced to Snowball stems. Russian words are reduced to their dictionary
lemma (natasha's MorphVocab, the OpenCorpora dictionary: станки, станок -> станок; колёс,
колесо -> колесо), which Snowball's suffix rules get wrong for many nouns (станки -> станк,
станок -> станок). The lemmas of the nomenclature's own words are computed once, when the
index is built, and kept with it; MorphVocab (about 0.4 s to load) is loaded only for a
query word the index has not seen.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_NON = re.compile(r"\bnon[- ](?=[^\W\d_])")
STOP_EN = frozenset(
    [
        "a",
        "an",
        "and",
        "or",
        "of",
        "the",
        "for",
        "to",
        "in",
        "on",
        "with",
        "without",
        "by",
        "from",
        "other",
        "than",
        "thereof",
        "their",
        "its",
        "be",
        "not",
        "nes",
        "n",
        "e",
        "c",
        "whether",
        "including",
        "include",
        "such",
        "as",
        "this",
        "that",
        "used",
        "use",
        "kind",
        "kinds",
        "type",
        "types",
        "heading",
        "headings",
        "no",
        "nos",
        "subheading",
        "chapter",
    ]
)
STOP_RU = frozenset(
    [
        "и",
        "или",
        "в",
        "во",
        "на",
        "с",
        "со",
        "из",
        "для",
        "по",
        "от",
        "до",
        "к",
        "о",
        "об",
        "без",
        "а",
        "но",
        "не",
        "ни",
        "прочие",
        "прочий",
        "прочее",
        "прочая",
        "кроме",
        "включая",
        "товарной",
        "позиции",
        "позиций",
        "группы",
        "части",
        "их",
        "его",
        "ее",
        "типа",
        "видов",
        "вида",
    ]
)


@lru_cache(maxsize=2)
def _stemmer(lang: str) -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer("english" if lang == "en" else "russian")


def words(text: str, lang: str) -> list[str]:
    """The lower-case words of *text* a search can use, without stop words."""
    text = _NON.sub("non", text.lower())  # non-alloy: one word, not "alloy"
    found = [w.replace("ё", "е") for w in _WORD.findall(text)]
    stop = STOP_EN if lang == "en" else STOP_RU
    return [w for w in found if w not in stop and len(w) > 1]


def stems(text: str, lang: str) -> list[str]:
    """Snowball stems of the words of *text*, without stop words."""
    return list(_stemmer(lang).stemWords(words(text, lang)))


@lru_cache(maxsize=1)
def _morph() -> Any:
    from natasha import MorphVocab

    return MorphVocab()


def lemma(word: str) -> str:
    """The dictionary form of a Russian word (its most likely reading)."""
    parses = _morph().parse(word)
    return str(parses[0].normal_form).replace("ё", "е") if parses else word


class Lemmas:
    """Russian word -> lemma, remembered for the nomenclature's words at build time.

    After :meth:`freeze`, a query word is resolved without the dictionary: by the word
    itself if the nomenclature uses it, else by its Snowball stem among the stems of every
    inflected form of the nomenclature's lemmas (подшипников -> подшипник). A word that
    matches neither is no form of any lemma the index holds, so it could not score anyway
    and is kept as it is; a cold query never pays for loading the dictionary.
    """

    def __init__(self) -> None:
        self.known: dict[str, str] = {}
        self.by_stem: dict[str, tuple[str, ...]] | None = None

    def __call__(self, word: str) -> str:
        hit = self.known.get(word)
        if hit is None:
            hit = self.known[word] = lemma(word)
        return hit

    def terms(self, text: str) -> list[str]:
        """Lemmas of the words of *text*, with the dictionary (used while building)."""
        return [self(w) for w in words(text, "ru")]

    def query_terms(self, text: str) -> list[str]:
        """Lemmas of a query's words, without the dictionary once frozen."""
        if self.by_stem is None:
            return self.terms(text)
        out: list[str] = []
        for word in words(text, "ru"):
            hit = self.known.get(word)
            found = (hit,) if hit else self.by_stem.get(_stemmer("ru").stemWord(word), (word,))
            out += [t for t in found if t not in out]
        return out

    def freeze(self, vocabulary: set[str]) -> None:
        """Index the Snowball stems of every form of the lemmas in *vocabulary*."""
        by_stem: dict[str, list[str]] = {}
        stemmer = _stemmer("ru")
        for base in sorted(vocabulary):
            parses = _morph().parse(base)
            forms = {f.word.replace("ё", "е") for f in parses[0].lexeme} if parses else set()
            for stem in {stemmer.stemWord(f) for f in forms | {base}}:
                if base not in by_stem.setdefault(stem, []):
                    by_stem[stem].append(base)
        self.by_stem = {k: tuple(v) for k, v in by_stem.items()}


# Russian compound prefixes and the English stems they stand for
_PREFIXES = {
    "электро": ["electr"], "авто": ["motor", "vehicl"], "бензо": ["petrol", "spark"],
    "мото": ["motorcycl"], "гидро": ["hydraul"], "пневмо": ["pneumat"], "термо": ["heat"],
    "тепло": ["heat"], "газо": ["gas"], "водо": ["water"], "нефте": ["petroleum", "oil"],
    "зерно": ["cereal", "grain"], "бетоно": ["concret"], "дерево": ["wood"], "метало": ["metal"],
    "металло": ["metal"], "радио": ["radio"], "фото": ["photograph"], "видео": ["video"],
    "микро": ["micro"], "теле": ["televis"], "свето": ["light"], "стекло": ["glass"],
}  # fmt: skip
_LOAN = str.maketrans({"х": "h", "ц": "c", "к": "c", "й": "i", "ы": "y", "ь": "", "ъ": ""})


def split_compound(word: str) -> tuple[list[str], str] | None:
    """(English stems of a known prefix, the rest) for a Russian compound word."""
    for prefix in sorted(_PREFIXES, key=len, reverse=True):
        rest = word[len(prefix) :]
        if word.startswith(prefix) and len(rest) >= 4:
            return _PREFIXES[prefix], rest
    return None


def loan_latin(word: str) -> str:
    """A Latin spelling of a Russian technical loanword (к -> c, х -> h: компрессор ->
    compressor, экструдер -> ecstruder), close enough for a fuzzy look-up."""
    from coopatlas.match.translit import to_latin

    return to_latin(word.translate(_LOAN), "bgn").replace("ks", "x").replace("cs", "x")
