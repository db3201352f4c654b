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

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from coopatlas.errors import UserError
from coopatlas.match.translit import has_cyrillic, name_stem

MAX_QUERY = 500
_WORD = re.compile(r"[^\W_]+(?:[-’'][^\W_]+)*")


@dataclass(frozen=True)
class Lexicon:
    """Word forms to concepts: Russian stems as prefixes, English forms (phrases too)."""

    ru: list[tuple[str, str]]  # (prefix, concept), longest first
    en_phrases: list[tuple[list[str], str]]  # multi-word forms, longest first
    en_words: list[tuple[str, str]]  # (form, concept), longest first
    drop: frozenset[str]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    base = resources.files("coopatlas") / "data" / "match"
    table = pd.read_csv(str(base / "name_lexicon.csv"), dtype=str, keep_default_na=False)
    ru: list[tuple[str, str]] = []
    phrases: list[tuple[list[str], str]] = []
    words: list[tuple[str, str]] = []
    for concept, ru_forms, en_forms in table[["concept", "ru", "en"]].itertuples(index=False):
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
    for form, tag in lex.en_words:
        if word == form or singular == form or (len(form) >= 6 and word.startswith(form)):
            return tag
    return None


def _concept_ru(word: str, lex: Lexicon) -> str | None:
    for prefix, tag in lex.ru:
        if word.startswith(prefix) and (len(prefix) >= 4 or len(word) - len(prefix) <= 3):
            return tag
    return None


@lru_cache(maxsize=200_000)
def _word_token(word: str) -> str:
    lex = lexicon()
    concept = _concept_ru(word, lex) if has_cyrillic(word) else _concept_en(word, lex)
    return concept or name_stem(word)


def name_tokens(text: str) -> list[str]:
    """The tokens of a name: concepts (upper case) and stems of the other words, in order."""
    lex = lexicon()
    words = [w.lower().replace("ё", "е") for w in _WORD.findall(text)]
    words = [w for part in words for w in re.split(r"[-’']", part) if w]
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if not has_cyrillic(word):
            hit = next(
                ((n, t) for p, t in lex.en_phrases if words[i : i + (n := len(p))] == p), None
            )
            if hit:
                out.append(hit[1])
                i += hit[0]
                continue
        i += 1
        if word in lex.drop or (word.isdigit() and len(word) < 2):
            continue
        out.append(_word_token(word))
    return list(dict.fromkeys(out))


def name_key(text: str) -> str:
    """Tokens of *text*, sorted and joined: the string rapidfuzz compares."""
    return " ".join(sorted(name_tokens(text)))


def check_query(text: str) -> str:
    """The query stripped, or a :class:`UserError` saying why it cannot be searched."""
    clean = text.strip()
    if not clean:
        raise UserError("empty query: give a name or some words to search for")
    if len(clean) > MAX_QUERY:
        raise UserError(f"query too long: {len(clean)} characters (at most {MAX_QUERY})")
    if "\x00" in clean or not any(ch.isalnum() for ch in clean):
        raise UserError("query has no letters or digits to search for")
    printable = sum(ch.isprintable() for ch in clean) / len(clean)
    if printable < 0.9:
        raise UserError("query looks like binary data, not text")
    return clean


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
    or a ``|``-joined string). Build time grows linearly with the names; a query looks at the
    names sharing a token with it (exactly, or within a typo for rare words), then scores
    only those.
    """

    def __init__(self, names: pd.DataFrame, max_candidates: int = 20000):
        frame = names.reset_index(drop=True).fillna("")
        self.meta = frame[["kind", "id", "name_en", "name_ru"]].astype(str)
        variants = frame["name_en"].astype(str) + "|" + frame["name_ru"].astype(str)
        if "aliases" in frame.columns:
            alias = frame["aliases"].map(lambda a: "|".join(a) if isinstance(a, list) else str(a))
            variants = variants + "|" + alias
        exploded = variants.str.split("|").explode()
        exploded = exploded[exploded.str.strip() != ""]
        self.owner = exploded.index.to_numpy(dtype=np.int64)
        texts = exploded.drop_duplicates()
        cache = {t: name_key(t) for t in texts.unique()}
        self.keys = exploded.map(cache).to_numpy(dtype=object)
        self.kinds = self.meta["kind"].to_numpy(dtype=object)[self.owner]
        tokens = pd.Series(self.keys).str.split(" ").explode()
        tokens = tokens[tokens != ""]
        groups = pd.Series(tokens.index.to_numpy(), index=tokens.to_numpy())
        self.postings = {t: np.unique(v) for t, v in groups.groupby(level=0).agg(list).items()}
        self.vocab = [t for t in self.postings if not t.isupper()]
        self.max_candidates = max_candidates

    def __len__(self) -> int:
        return len(self.meta)

    def _candidates(self, tokens: list[str]) -> np.ndarray:  # type: ignore[type-arg]
        found: list[np.ndarray] = []  # type: ignore[type-arg]
        for token in tokens:
            hits = [token] if token in self.postings else []
            if not token.isupper() and len(token) >= 4:
                near = process.extract(
                    token, self.vocab, scorer=fuzz.ratio, score_cutoff=75, limit=5
                )
                hits += [m for m, _, _ in near if m != token]
            found += [self.postings[h] for h in hits]
        if not found:
            return np.arange(len(self.keys))
        found.sort(key=len)
        picked = np.unique(np.concatenate(found))
        if len(picked) > self.max_candidates:  # common words only: keep the rarest lists
            picked = np.unique(np.concatenate(found[:1]))[: self.max_candidates]
        return picked

    def search(self, text: str, kind: str | None = None, top: int = 5) -> list[Hit]:
        query = check_query(text)
        tokens = name_tokens(query)
        if not tokens:
            raise UserError(f"query {text!r} has only legal forms or filler words")
        key = " ".join(sorted(tokens))
        cand = self._candidates(tokens)
        if kind is not None:
            cand = cand[self.kinds[cand] == kind]
        if len(cand) == 0:
            return []
        keys = list(self.keys[cand])
        both = process.cdist([key], keys, scorer=fuzz.token_set_ratio, workers=1)[0]
        order = process.cdist([key], keys, scorer=fuzz.token_sort_ratio, workers=1)[0]
        score = (0.75 * both + 0.25 * order) / 100.0
        best = (
            pd.DataFrame({"owner": self.owner[cand], "score": score})
            .sort_values("score", ascending=False, kind="stable")
            .drop_duplicates("owner")
            .head(top)
        )
        rows = self.meta.iloc[best["owner"].to_numpy()]
        return [
            Hit(r.kind, r.id, r.name_en, r.name_ru, round(float(s), 4))
            for r, s in zip(rows.itertuples(index=False), best["score"], strict=True)
        ]
