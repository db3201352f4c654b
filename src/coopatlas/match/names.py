"""Names across languages: one key for "Бобруйский завод тракторных деталей и агрегатов" and
"Bobruisk Plant of Tractor Parts and Units".

A name becomes a set of tokens: words the lexicon (``data/match/name_lexicon.csv``) knows
become language-free concepts in upper case (завод/plant/works -> PLANT, тракторных/tractor
-> TRACTOR), legal forms and filler words (``legal_forms.txt``) are dropped, and every other
word (a place, a brand) becomes its transliteration-blind stem (:func:`translit.name_stem`).
:class:`NameIndex` holds the keys of every name and alias, an inverted index from token to
names, and scores candidates with rapidfuzz in one vectorised ``cdist`` call; typed typos
reach their names through a fuzzy look-up in the token vocabulary.
"""

from __future__ import annotations

import csv
import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np
from rapidfuzz import fuzz, process

from coopatlas.errors import UserError
from coopatlas.match.query import check_query
from coopatlas.match.translit import has_cyrillic, name_stem, skeleton, to_cyrillic

if TYPE_CHECKING:
    import pandas as pd

_WORD = re.compile(r"[^\W_]+(?:[-’'][^\W_]+)*")


@dataclass(frozen=True)
class Lexicon:
    """Word forms to concepts: Russian stems as prefixes, English forms (phrases too)."""

    ru: list[tuple[str, str]]  # (prefix, concept), longest first
    en_phrases: list[tuple[list[str], str]]  # multi-word forms, longest first
    en_words: list[tuple[str, str]]  # (form, concept), longest first
    drop: frozenset[str]
    ru_by_start: dict[str, list[tuple[str, str]]] = field(init=False, compare=False)
    en_by_start: dict[str, list[tuple[str, str]]] = field(init=False, compare=False)
    """:attr:`ru` and :attr:`en_words` by their first three letters (every form has three
    or more), longest first: a word is compared only with the forms it can start with."""

    def __post_init__(self) -> None:
        for name, forms in (("ru_by_start", self.ru), ("en_by_start", self.en_words)):
            buckets: dict[str, list[tuple[str, str]]] = {}
            for form, tag in forms:
                buckets.setdefault(form[:3], []).append((form, tag))
            object.__setattr__(self, name, buckets)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    base = resources.files("coopatlas") / "data" / "match"
    with (base / "name_lexicon.csv").open(encoding="utf-8") as handle:
        table = [(r["concept"], r["ru"], r["en"]) for r in csv.DictReader(handle)]
    ru: list[tuple[str, str]] = []
    phrases: list[tuple[list[str], str]] = []
    words: list[tuple[str, str]] = []
    for concept, ru_forms, en_forms in table:
        tag = concept.upper()
        ru += [(f.lower(), tag) for f in ru_forms.split("|") if f and " " not in f]
        for form in (f.lower() for f in en_forms.split("|") if f):
            if " " in form or "-" in form:
                phrases.append((re.split(r"[ -]", form), tag))
            else:
                words.append((form, tag))
    drop = {
        line.strip().lower()
        for line in (base / "legal_forms.txt").read_text("utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    return Lexicon(
        ru=sorted(ru, key=lambda p: -len(p[0])),
        en_phrases=sorted(phrases, key=lambda p: -len(p[0])),
        en_words=sorted(words, key=lambda p: -len(p[0])),
        drop=frozenset(drop),
    )


def _concept_en(word: str, lex: Lexicon) -> str | None:
    singular = word[:-1] if word.endswith("s") and len(word) > 3 else word
    for form, tag in lex.en_by_start.get(word[:3], ()):
        if word == form or singular == form:
            return tag
        if len(form) >= 6 and word.startswith(form) and len(word) - len(form) <= 5:
            return tag
    return None


_RU_ADJ_TAIL = re.compile(
    r"(?:альн|ельн|ичн|ическ|енн|онн|ск|н)"
    r"(?:ый|ий|ой|ая|яя|ое|ее|ые|ие|ого|его|ому|ему|ым|им|ом|ем|ых|их|ую|юю|ыми|ими)"
)
"""An adjective made of a noun stem: инструмент-альный, станк-ов... (the suffix and ending)."""


def _concept_ru(word: str, lex: Lexicon) -> str | None:
    for prefix, tag in lex.ru_by_start.get(word[:3], ()):
        if not word.startswith(prefix):
            continue
        rest = len(word) - len(prefix)
        if rest <= (5 if len(prefix) >= 5 else 3):
            return tag
        if len(prefix) >= 5 and _RU_ADJ_TAIL.fullmatch(word, len(prefix)):
            return tag  # инструментальный from инструмент, however long its ending
    return None


@lru_cache(maxsize=1)
def _phrases_by_first() -> dict[str, list[tuple[list[str], str]]]:
    """The lexicon's multi-word forms by their first word, longest first."""
    out: dict[str, list[tuple[list[str], str]]] = {}
    for phrase, tag in lexicon().en_phrases:
        out.setdefault(phrase[0], []).append((phrase, tag))
    return out


@lru_cache(maxsize=200_000)
def _word_token(word: str) -> str:
    lex = lexicon()
    if has_cyrillic(word):
        return _concept_ru(word, lex) or name_stem(word)
    # a Russian word in Latin letters (Zavod, Izhorskiye Zavody) is tried as Russian too
    concept = _concept_en(word, lex)
    if concept is None and len(word) >= 5:
        concept = _concept_ru(to_cyrillic(word), lex)
    return concept or name_stem(word)


@lru_cache(maxsize=200_000)
def compound_parts(word: str) -> tuple[str, ...] | None:
    """A compound name word as its head's stem and the lexicon concepts it ends with:
    Курганмашзавод -> (kurgan, MACHINE_BUILDING), Уралвагонзавод -> (ural, WAGON, PLANT),
    Белоруснефть -> (belarus, OIL); None when it is not one (or is a concept itself).

    Concepts are peeled from the right, the longest tail first, each a lexicon stem with at
    most three letters of ending; what is left (three letters or more) is the head, a place
    or a brand. A Latin word is read in Cyrillic first (Kurganmashzavod)."""
    low = word.lower().replace("ё", "е")
    if len(low) < 8 or _word_token(low).isupper():
        return None
    cyr = (low if has_cyrillic(low) else to_cyrillic(low)).replace("ь", "").replace("ъ", "")
    stems = _compound_stems()
    parts: list[str] = []
    end = len(cyr)
    while end >= 6:  # the shortest tail first, so that лифтмаш is ЛИФТ + МАШ
        hit = next(
            ((i, tags) for i in range(end - 3, 2, -1) for p, tags in stems.get(cyr[i : i + 2], ())
             if cyr.startswith(p, i, end) and end - i - len(p) <= 3),
            None,
        )  # fmt: skip
        if hit is None:
            break
        parts[:0] = hit[1]
        end = hit[0]
    if not parts:
        return None
    head = next(
        (t for p, t in stems.get(cyr[:2], ()) if cyr.startswith(p, 0, end) and end - len(p) <= 1),
        None,
    )
    if head is not None:  # льнокомбинат: the head is a part too
        return tuple(dict.fromkeys([*head, *parts]))
    return (name_stem(cyr[:end]), *dict.fromkeys(parts))


@lru_cache(maxsize=1)
def _compound_stems() -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """Stems a compound word may end with, by their first two letters, longest first: the
    lexicon's Russian stems (three letters or more) and ``compound_parts.csv``."""
    base = resources.files("coopatlas") / "data" / "match"
    with (base / "compound_parts.csv").open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    extra = [
        (r["part"], tuple(c.upper() for c in r["concept"].split("+")))
        for r in csv.DictReader(lines)
    ]
    own = [(p, (t,)) for p, t in lexicon().ru if len(p) >= 3]
    both = [(p.replace("ь", "").replace("ъ", ""), t) for p, t in own + extra]
    out: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for p, t in sorted(both, key=lambda x: -len(x[0])):
        out.setdefault(p[:2], []).append((p, t))
    return out


def split_tokens(text: str) -> list[str] | None:
    """The tokens of *text* with each compound word as its parts (None: no compound)."""
    words = [w for part in _WORD.findall(text) for w in re.split(r"[-’']", part) if w]
    split = {w.lower().replace("ё", "е"): c for w in words if (c := compound_parts(w))}
    if not split:
        return None
    out: list[str] = []
    for token, word in _tokens_with_words(text):
        out += list(split[word]) if word in split else [token]
    return list(dict.fromkeys(out))


def _tokens_with_words(text: str) -> list[tuple[str, str]]:
    """Each token of :func:`name_tokens` with the (first) word it came from."""
    lex = lexicon()
    words = [w.lower().replace("ё", "е") for w in _WORD.findall(text)]
    words = [w for part in words for w in re.split(r"[-’']", part) if w]
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(words):
        word = words[i]
        starting = _phrases_by_first().get(word)
        if starting:
            hit = next(((n, t) for p, t in starting if words[i : i + (n := len(p))] == p), None)
            if hit:
                out.append((hit[1], word))
                i += hit[0]
                continue
        i += 1
        if word in lex.drop or (word.isdigit() and len(word) < 2):
            continue
        out.append((_word_token(word), word))
    return out


def name_tokens(text: str) -> list[str]:
    """The tokens of a name: concepts (upper case) and stems of the other words, in order."""
    return list(dict.fromkeys(t for t, _ in _tokens_with_words(text)))


def acronym(text: str) -> str | None:
    """The initials of a name of two or more words, as a skeleton: Ярославский моторный
    завод -> ЯМЗ -> the key of YaMZ; legal forms and filler words do not count."""
    lex = lexicon()
    words = [w for w in _WORD.findall(text) if w.lower() not in lex.drop]
    if len(words) < 2:
        return None
    initials = "".join(w[0] for w in words)
    return skeleton(initials) if len(initials) >= 2 else None


def joined_pairs(text: str) -> list[str]:
    """Stems of adjacent name words written as one (Нижний Тагил -> нижнетагильский,
    Mogilev khimvolokno -> Могилевхимволокно); words the lexicon knows alone do not pair."""
    return [name_stem(a + b) for a, b in _pairs(text)]


def _pairs(text: str) -> list[tuple[str, str]]:
    """Adjacent words of a name that may be written as one: not legal forms or filler,
    and not two words the lexicon knows (Bus Plant is not a name written apart)."""
    lex = lexicon()
    words = [w.lower() for w in _WORD.findall(text) if w.lower() not in lex.drop]
    plain = [w for w in words if len(w) >= 3]
    pairs = [
        (a, b) for a, b in itertools.pairwise(plain)
        if not (_word_token(a).isupper() and _word_token(b).isupper())
    ]  # fmt: skip
    return pairs[:4]


def joined_variants(text: str) -> list[list[str]]:
    """The tokens of *text* with two adjacent words written as one, for each such pair.

    The pair replaces the two words' tokens and the rest of the name stays, so that the
    joined form of "Минский завод имени Октябрьской революции" is not the whole of
    "Минский завод": a variant must be the name, not a part of it."""
    tokens = name_tokens(text)
    out = []
    for a, b in _pairs(text):
        parts = {_word_token(a.replace("ё", "е")), _word_token(b.replace("ё", "е"))}
        out.append([t for t in tokens if t not in parts] + [name_stem(a + b)])
    return out


def name_key(text: str) -> str:
    """Tokens of *text*, sorted and joined: the string rapidfuzz compares."""
    return " ".join(sorted(name_tokens(text)))


@dataclass
class Hit:
    kind: str
    id: str
    name_en: str
    name_ru: str
    score: float


class NameIndex:
    """Every name and alias of the registry's enterprises, regions or products, built once.

    *names* has columns kind, id, name_en, name_ru and optionally aliases (a list of strings
    or a ``|``-joined string). Each variant (a name, an alias, the initials of a name) is a row
    of a sparse variant × token matrix weighted by inverse document frequency, so a rare
    word (Belkard, Bobruisk) counts for more than a common one (plant, works). A query's
    tokens, and for rare words their near spellings in the vocabulary (rapidfuzz
    ``process.extract``), form a vector; the score of a variant is the weighted Dice overlap
    ``2·W(query ∩ variant) / (W(query) + W(variant))``, one sparse product for all names.

    Built with pandas and SciPy, the index keeps only numpy arrays and lists (the matrix as
    its compressed columns), so that a pickled index answers without importing either: a
    cold ``coopatlas find`` loads it from the cache (:mod:`coopatlas.match.name_cache`).
    """

    def __init__(self, names: pd.DataFrame):
        import pandas as pd
        from scipy import sparse

        frame = names.reset_index(drop=True).fillna("")
        meta = frame[["kind", "id", "name_en", "name_ru"]].astype(str)
        self.kind, self.id, self.name_en, self.name_ru = (
            meta[c].to_numpy(dtype=object) for c in ("kind", "id", "name_en", "name_ru")
        )
        variants = meta["name_en"] + "|" + meta["name_ru"]
        if "aliases" in frame.columns:
            alias = (
                frame["aliases"]
                .astype(object)
                .map(lambda a: "|".join(a) if isinstance(a, list) else str(a))
            )
            variants = variants + "|" + alias.astype(str)  # an empty registry: still text
        exploded = variants.str.split("|").explode().str.strip()
        exploded = exploded[exploded != ""]
        texts = pd.unique(exploded)
        keys = {t: name_tokens(t) for t in texts}
        initials = {t: acronym(t) for t in texts}
        pairs = {t: joined_variants(t) for t in texts if " " in t}
        splits = {t: split_tokens(t) for t in texts}
        token_lists = exploded.map(keys)
        acr = exploded.map(initials).dropna()
        joined = exploded.map(pairs).dropna().explode().dropna()
        split = exploded.map(splits).dropna()
        owner = np.concatenate(
            [exploded.index.to_numpy(), acr.index.to_numpy(), joined.index.to_numpy(),
             split.index.to_numpy()]
        )  # fmt: skip
        lists = list(token_lists) + [[a] for a in acr] + list(joined) + list(split)
        self.owner = owner.astype(np.int64)
        self.kinds = self.kind[self.owner]
        flat = [t for toks in lists for t in toks]
        rows = np.repeat(np.arange(len(lists)), [len(toks) for toks in lists])
        codes, vocab = pd.factorize(pd.Series(flat, dtype=object))
        self.vocab = {str(t): i for i, t in enumerate(vocab)}
        self.names = [str(t) for t in vocab if not str(t).isupper()]
        self.name_ids = np.array([self.vocab[t] for t in self.names], dtype=np.int64)
        binary = sparse.csr_matrix(
            (np.ones(len(flat)), (rows, codes)), shape=(len(lists), len(vocab))
        )
        binary.data[:] = 1.0  # a token repeated in one name counts once
        df = np.bincount(codes, minlength=len(vocab)) if len(flat) else np.zeros(0)
        self.idf = np.log1p(len(lists) / np.maximum(df, 1))
        csc = binary.tocsc()
        csc.sum_duplicates()
        self.indptr = csc.indptr.astype(np.int64)
        self.indices = csc.indices.astype(np.int32)  # the variants (rows) of each token
        self.weight = np.asarray(binary @ self.idf).ravel()  # W(variant)

    def __len__(self) -> int:
        return len(self.id)

    def _query_vector(self, tokens: list[str]) -> tuple[dict[int, float], float]:
        """Vocabulary columns the query reaches (with similarity) and W(query).

        Near spellings of the name words come from one rapidfuzz ``cdist`` call over the
        vocabulary of name words (typos, other romanisations)."""
        reach: dict[int, float] = {}
        total = 0.0
        # near spellings only for words the vocabulary does not hold as typed
        fuzzy = [t for t in tokens if not t.isupper() and len(t) >= 3 and t not in self.vocab]
        near = (
            process.cdist(
                fuzzy, self.names, scorer=fuzz.ratio, score_cutoff=72, dtype=np.uint8, workers=1
            )
            if fuzzy and self.names
            else np.zeros((0, 0), dtype=np.uint8)
        )
        rows = {t: i for i, t in enumerate(fuzzy)}
        for token in tokens:
            col = self.vocab.get(token)
            own = float(self.idf[col]) if col is not None else float(np.log1p(len(self.weight)))
            total += own
            if col is not None:
                reach[col] = max(reach.get(col, 0.0), own)
            if token in rows:
                sims = near[rows[token]]
                best = np.flatnonzero(sims)
                if len(best) > 8:
                    best = best[np.argpartition(-sims[best].astype(int), 8)[:8]]
                for i in best:
                    j = int(self.name_ids[i])
                    if j != col:
                        credit = own * (float(sims[i]) / 100.0) ** 2
                        reach[j] = max(reach.get(j, 0.0), credit)
        return reach, total

    def _dice(self, tokens: list[str], alternatives: list[str]) -> np.ndarray | None:  # type: ignore[type-arg]
        """Weighted Dice of the query *tokens* with every variant (None: nothing reached);
        *alternatives* (joined words, initials) may reach columns but add no weight."""
        reach, total = self._query_vector(tokens)
        for alt in alternatives:
            alt_reach, _ = self._query_vector([alt])
            for j, w in alt_reach.items():
                reach[j] = max(reach.get(j, 0.0), w)
        if not reach:
            return None
        return np.asarray(2 * self._overlap(reach) / (total + self.weight))

    def _overlap(self, reach: dict[int, float]) -> np.ndarray:  # type: ignore[type-arg]
        """W(query ∩ variant) for every variant: the reached columns' postings, summed."""
        cols = np.fromiter(reach.keys(), dtype=np.int64)
        vals = np.fromiter(reach.values(), dtype=float)
        lo, hi = self.indptr[cols], self.indptr[cols + 1]
        rows = np.concatenate([self.indices[a:b] for a, b in zip(lo, hi, strict=True)])
        weights = np.repeat(vals, hi - lo)
        return np.bincount(rows, weights=weights, minlength=len(self.weight))

    def search(self, text: str, kind: str | None = None, top: int = 5) -> list[Hit]:
        query = check_query(text)
        tokens = name_tokens(query)
        if not tokens:
            raise UserError(f"query {text!r} has only legal forms or filler words")
        if not len(self.id):
            return []  # an empty registry has nothing to find
        extra = joined_pairs(query) if len(tokens) <= 4 else []  # split words
        initials = acronym(query)
        alts = [initials] if initials and len(tokens) == 1 else []
        full = self._dice(tokens, [*extra, *alts])
        split = split_tokens(query)  # a compound word as its parts: Курганмашзавод
        if split is not None and split != tokens:
            parts = self._dice(split, [])
            full = parts if full is None else full if parts is None else np.maximum(full, parts)
        if full is None:
            return []
        hit = np.flatnonzero(full > 0)
        if kind is not None:
            hit = hit[self.kinds[hit] == kind]
        if len(hit) == 0:
            return []
        score = np.minimum(full[hit], 1.0)
        cut = 200 * top
        if len(hit) > cut:  # only the best few go on to be sorted and grouped
            part = np.sort(np.argpartition(-score, cut)[:cut])  # ties keep their order
            hit, score = hit[part], score[part]
        order = np.argsort(-score, kind="stable")
        owners = self.owner[hit[order]]
        _, first = np.unique(owners, return_index=True)  # each name's best variant
        best = order[np.sort(first)[:top]]
        return [
            Hit(
                str(self.kind[o]), str(self.id[o]), str(self.name_en[o]), str(self.name_ru[o]),
                round(float(sc), 4),
            )
            for o, sc in zip(self.owner[hit[best]], score[best], strict=True)
        ]  # fmt: skip
