"""Training the trade-figure model on labelled articles (``scripts/train_figure_model.py``).

Each combination of an amount's readings is one example, labelled by whether it matches a
gold figure (partner, indicator, period and value, as ``intake eval`` matches them). A
logistic regression with an L2 penalty is fitted with L-BFGS from zero (deterministic: no
sampling); the penalty and the threshold are those that maximise F1 of the decoded figures over a
5-fold split of the training articles by id (chosen on articles each fold did not see).
Imported only by the script and its test: numpy and scipy stay out of ``intake extract``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import minimize

from coopatlas.intake.candidates import Reader
from coopatlas.intake.document import read_doc
from coopatlas.intake.evaluate import VALUE_TOLERANCE
from coopatlas.intake.figures import Candidate, combinations, combined
from coopatlas.intake.gazetteer import Gazetteer
from coopatlas.intake.text import Article, read_article

L2 = 1.0
L2_GRID = (0.3, 1.0, 3.0, 10.0)
MIN_COUNT = 2
TIE = 0.005
"""Cross-validated F1 within this of the best counts as a tie; of tied settings the highest
threshold (then the strongest penalty) is taken: the surface is flat and the target asks for
precision as much as for recall."""
FOLDS = 5
THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(2, 19))


@dataclass
class Example:
    doc: str
    amount: int
    feats: dict[str, float]
    label: bool
    key: tuple[Any, ...]
    """(partner, indicator, first, last, value, currency): the figure this reading gives."""


def _matches(gold: dict[str, Any], key: tuple[Any, ...]) -> bool:
    partner, indicator, first, last, value, currency = key
    if (gold.get("partner"), gold.get("indicator")) != (partner, indicator):
        return False
    if (gold.get("period_start"), gold.get("period_end")) != (first, last):
        return False
    g = gold.get("value_usd")
    if currency == "USD":
        return g is not None and abs(value - float(g)) <= VALUE_TOLERANCE * abs(float(g))
    other = gold.get("value")
    return (
        g is None
        and other is not None
        and gold.get("currency", currency) == currency
        and abs(value - float(other)) <= VALUE_TOLERANCE * abs(float(other))
    )


def key_of(c: Candidate, reading: tuple[Any, Any, Any]) -> tuple[Any, ...]:
    ind, per, par = reading
    m = c.amount.money
    return (par.value, ind.value, per.value.first.isoformat(), per.value.last.isoformat(),
            m.value, m.currency)  # fmt: skip


def examples(
    docs: Iterable[tuple[str, Path | Article, list[dict[str, Any]]]], gaz: Gazetteer
) -> list[Example]:
    """Every reading of every amount of the articles (id, text file or text, gold figures)."""
    out: list[Example] = []
    for doc_id, source, gold in docs:
        article = source if isinstance(source, Article) else read_article(source)
        doc = read_doc(article, gaz)
        for n, c in enumerate(Reader(doc).candidates()):
            for reading in combinations(c):
                key = key_of(c, reading)
                label = any(_matches(g, key) for g in gold)
                out.append(Example(doc_id, n, combined(c, *reading), label, key))
    return out


def vocabulary(rows: list[Example]) -> list[str]:
    counts: dict[str, int] = {}
    for r in rows:
        for k in r.feats:
            counts[k] = counts.get(k, 0) + 1
    return sorted(k for k, n in counts.items() if n >= MIN_COUNT)


def matrix(rows: list[Example], vocab: list[str]) -> np.ndarray:
    index = {k: i for i, k in enumerate(vocab)}
    x = np.zeros((len(rows), len(vocab)), dtype=np.float64)
    for r, row in enumerate(rows):
        for k, v in row.feats.items():
            i = index.get(k)
            if i is not None:
                x[r, i] = v
    return x


def fit(
    x: np.ndarray,
    y: np.ndarray,
    groups: np.ndarray,
    l2: float = L2,
    weights: np.ndarray | None = None,
) -> np.ndarray:
    """A choice model: per amount (rows of one *groups* value, contiguous), the probability of
    reading ``c`` is exp(s_c) / (1 + sum exp(s)), of "no figure" 1 / (1 + sum exp(s)), with
    s = x @ w; the log-likelihood of the gold reading (any of the rows labelled true, or
    "no figure") with an L2 penalty is maximised. It is a multinomial logistic regression.
    *weights* (per row, the same within an amount) weigh the amounts' log-likelihoods."""
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    sizes = np.diff(np.r_[starts, len(groups)])
    has_pos = np.add.reduceat(y, starts) > 0
    row_w = np.ones(len(groups)) if weights is None else weights
    amount_w = row_w[starts]

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        s = np.clip(x @ w, -50, 50)
        top = np.maximum(np.maximum.reduceat(s, starts), 0.0)
        e = np.exp(s - np.repeat(top, sizes))
        z = np.add.reduceat(e, starts) + np.exp(-top)
        ep = e * y
        zp = np.add.reduceat(ep, starts)
        ll = np.where(has_pos, np.log(np.maximum(zp, 1e-300)), -top) - np.log(z)
        p = e / np.repeat(z, sizes)
        q = np.where(np.repeat(has_pos, sizes), ep / np.repeat(np.maximum(zp, 1e-300), sizes), 0)
        grad = x.T @ ((p - q) * row_w) + l2 * w
        return float(-(amount_w * ll).sum() + 0.5 * l2 * w @ w), grad

    res = minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B",
                   options={"maxiter": 2000})  # fmt: skip
    return np.asarray(res.x)


def decode(rows: list[Example], scores: np.ndarray, threshold: float) -> list[tuple[Any, ...]]:
    """The figures kept: per amount its best reading, when the probability that the amount
    is a figure passes *threshold* (as ``figures.best_reading``)."""
    best: dict[tuple[str, int], tuple[float, tuple[Any, ...], float]] = {}
    for r, s in zip(rows, scores, strict=True):
        k = (r.doc, r.amount)
        b = best.get(k)
        if b is None:
            best[k] = (float(s), r.key, float(np.exp(min(s, 50))))
        else:
            total = b[2] + float(np.exp(min(s, 50)))
            best[k] = (float(s), r.key, total) if s > b[0] else (b[0], b[1], total)
    return [(doc, *key) for (doc, _), (s, key, t) in best.items() if t / (t + 1) >= threshold]


def f1(kept: list[tuple[Any, ...]], gold: dict[str, list[dict[str, Any]]]) -> tuple[int, int, int]:
    """(true positives, extracted, gold) of decoded figures against the gold lists."""
    tp = 0
    by_doc: dict[str, list[tuple[Any, ...]]] = {}
    for k in kept:
        by_doc.setdefault(k[0], []).append(k[1:])
    extracted = 0
    for doc, keys in by_doc.items():
        unique: list[tuple[Any, ...]] = []
        for key in keys:  # a value said twice counts once, as the reader dedupes it
            if not any(key[:4] == u[:4] and key[5] == u[5] for u in unique):
                unique.append(key)
        extracted += len(unique)
        used: set[int] = set()
        for key in unique:
            hit = next((i for i, g in enumerate(gold[doc]) if i not in used and _matches(g, key)),
                       None)  # fmt: skip
            if hit is not None:
                used.add(hit)
                tp += 1
    return tp, extracted, sum(len(g) for g in gold.values())


OWN_WEIGHT = 3.0
"""How much an amount of our own articles and forms (ids "own:", "form:") counts against one
of the corpus: they were written for forms the real articles show too rarely, one example
each, which the corpus's hundreds of ordinary amounts would otherwise outvote."""


def row_weights(rows: list[Example]) -> np.ndarray:
    return np.array([OWN_WEIGHT if r.doc.startswith(("own:", "form:")) else 1.0 for r in rows])


def fold_of(doc_id: str, folds: int = FOLDS) -> int:
    """The cross-validation fold of an article, by a hash of its id (no randomness)."""
    return hashlib.blake2b(doc_id.encode(), digest_size=2).digest()[1] % folds


def _language(row: Example) -> str:
    return next((k[5:] for k in row.feats if k.startswith("lang_")), "")


def _prf(kept: list[tuple[Any, ...]], gold: dict[str, list[dict[str, Any]]]) -> tuple[float, ...]:
    tp, extracted, total = f1(kept, gold)
    p, r = tp / max(extracted, 1), tp / max(total, 1)
    return (2 * p * r / (p + r) if p + r else 0.0, p, r)


def _highest_near_best(results: dict[Any, tuple[float, ...]]) -> Any:
    """Of the settings within TIE of the best F1, the highest (threshold first)."""
    best = max(v[0] for v in results.values())
    return max(k for k in results if results[k][0] >= best - TIE)


def train(rows: list[Example], gold: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Weights on all rows; the penalty, then a threshold per language, chosen by 5-fold
    cross-validation (F1 of the decoded figures of the articles each fold did not see)."""
    vocab = vocabulary(rows)
    x = matrix(rows, vocab)
    y = np.array([r.label for r in rows], dtype=np.float64)
    ids: dict[tuple[str, int], int] = {}
    groups = np.array([ids.setdefault((r.doc, r.amount), len(ids)) for r in rows])
    folds = np.array([fold_of(r.doc) for r in rows])
    rw = row_weights(rows)
    results: dict[tuple[float, float], tuple[float, ...]] = {}
    cv_scores: dict[float, np.ndarray] = {}
    for l2 in L2_GRID:
        scores = np.zeros(len(rows))
        for k in range(FOLDS):
            held = folds == k
            w = fit(x[~held], y[~held], groups[~held], l2, rw[~held])
            scores[held] = x[held] @ w
        cv_scores[l2] = scores
        for t in THRESHOLDS:
            results[(l2, t)] = _prf(decode(rows, scores, t), gold)
    threshold, l2 = _highest_near_best({(t, l2): v for (l2, t), v in results.items()})
    languages = sorted({_language(r) for r in rows} - {""})
    by_language: dict[str, dict[float, tuple[float, ...]]] = {}
    for lang in languages:
        pick = np.array([_language(r) == lang for r in rows])
        mine = [r for r, k in zip(rows, pick, strict=True) if k]
        docs = {r.doc for r in mine}
        gold_mine = {d: g for d, g in gold.items() if d in docs}
        by_language[lang] = {
            t: _prf(decode(mine, cv_scores[l2][pick], t), gold_mine) for t in THRESHOLDS
        }
    thresholds = {lang: _highest_near_best(res) for lang, res in by_language.items()}
    w = fit(x, y, groups, l2, rw)
    return {
        "about": "Trade-figure model (intake/figures.py): logistic-regression weights per "
        "feature and the decision thresholds (per language, and for any other); written by "
        "scripts/train_figure_model.py.",
        "threshold": threshold,
        "thresholds": thresholds,
        "l2": l2,
        "cross_validated": {
            f"l2={k[0]} t={k[1]}": [round(v, 4) for v in results[k]] for k in sorted(results)
        },
        "cross_validated_by_language": {
            f"{lang} t={t}": [round(v, 4) for v in res[t]]
            for lang, res in by_language.items()
            for t in sorted(res)
        },
        "examples": len(rows),
        "positives": int(y.sum()),
        "weights": {k: round(float(v), 5) for k, v in zip(vocab, w, strict=True) if abs(v) > 1e-6},
    }


def fold_weights(rows: list[Example], l2: float, fold: int) -> dict[str, float]:
    """Weights fitted on the rows of every fold but *fold*: the model that reads *fold*'s
    articles out of fold (``train_figure_model.py --oof``)."""
    vocab = vocabulary(rows)
    keep = [r for r in rows if fold_of(r.doc) != fold]
    x = matrix(keep, vocab)
    y = np.array([r.label for r in keep], dtype=np.float64)
    ids: dict[tuple[str, int], int] = {}
    groups = np.array([ids.setdefault((r.doc, r.amount), len(ids)) for r in keep])
    w = fit(x, y, groups, l2, row_weights(keep))
    return {k: float(v) for k, v in zip(vocab, w, strict=True) if abs(v) > 1e-6}


def dump(model: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(model, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
                    encoding="utf-8")  # fmt: skip
