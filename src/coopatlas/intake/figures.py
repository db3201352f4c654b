"""Trade figures by candidates and a model: every amount, every reading, one learned score.

Why: rules written while reading some articles fit those articles (issue 13: the Russian
rules scored 0.98 precision on the articles they were written on and 0.64 on the others).
Here a single scan lists every money amount of the article (``money.find_amounts``); for each
amount the candidate *readings* are the indicators, periods and partners of its sentence and
of the sentences just before it (and the headline's, and the article's main region). Each
reading part carries a few generic features (where it was found, how far, what lies between);
the amount carries its own (a target or forecast word before it, "increased by", a share, an
investment word, its size, currency, how it was written). A logistic regression trained on
the labelled development half (``scripts/train_figure_model.py``; weights shipped in
``figure_weights.json``) scores each combination; an amount's best reading becomes a figure
when its probability passes the threshold trained with it.

The score is linear, so a combination's score is the sum of its parts' scores (plus a few
pair features): the best reading is found without listing every combination.
"""

from __future__ import annotations

import bisect
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from coopatlas.intake.money import Amount

Feats = dict[str, float]

WEIGHTS_FILE = "figure_weights.json"


@dataclass
class Part:
    """One reading of an indicator, a period or a partner, with its features."""

    value: Any
    feats: Feats
    sentence: int


@dataclass
class Candidate:
    """One amount and the readings of it the model chooses among."""

    amount: Amount
    sentence: int
    feats: Feats
    indicators: list[Part] = field(default_factory=list)
    periods: list[Part] = field(default_factory=list)
    partners: list[Part] = field(default_factory=list)


def _bucket(name: str, x: float, edges: tuple[float, ...]) -> Feats:
    """One-hot of *x* among the ranges that *edges* cut."""
    i = bisect.bisect_right(edges, x)
    return {f"{name}_{i}": 1.0}


def _distance(name: str, chars: int) -> Feats:
    return {f"{name}_log": math.log1p(max(chars, 0)) / 5} | _bucket(name, chars, (3, 12, 30, 80))


PAIR_IND, PAIR_PAR = "pair_ind_per_same_sentence", "pair_par_per_same_sentence"


def pair_feats(ind: Part, per: Part, par: Part) -> Feats:
    """Features of a combination that no single part has (``best_reading`` scores them
    without building the dictionary)."""
    out: Feats = {}
    if ind.sentence == per.sentence:
        out[PAIR_IND] = 1.0
    if par.sentence == per.sentence:
        out[PAIR_PAR] = 1.0
    return out


@cache
def _weights_data() -> dict[str, Any]:
    """The shipped weights file as written by ``scripts/train_figure_model.py``: read once."""
    text = resources.files("coopatlas.intake").joinpath(WEIGHTS_FILE).read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def load_model() -> tuple[dict[str, float], dict[str, float]]:
    """The shipped weights and thresholds by language, "" for any other language."""
    data = _weights_data()
    thresholds = {k: float(v) for k, v in data.get("thresholds", {}).items()}
    thresholds[""] = float(data["threshold"])
    return {k: float(v) for k, v in data["weights"].items()}, thresholds


def model_trained_on() -> frozenset[str]:
    """The corpus articles the shipped model was trained on (the weights file lists them), so
    that a score on them is not taken for one on unseen articles."""
    return frozenset(_weights_data().get("trained_on", []))


def dot(w: dict[str, float], feats: Feats) -> float:
    return sum(w.get(k, 0.0) * v for k, v in feats.items())


def combinations(c: Candidate) -> Iterator[tuple[Part, Part, Part]]:
    for i in c.indicators:
        for p in c.periods:
            for q in c.partners:
                yield i, p, q


def combined(c: Candidate, ind: Part, per: Part, par: Part) -> Feats:
    """The features of one combination: the amount's, its parts' and the pair features."""
    out = dict(c.feats)
    for f in (ind.feats, per.feats, par.feats, pair_feats(ind, per, par)):
        for k, v in f.items():
            out[k] = out.get(k, 0.0) + v
    return out


def best_reading(c: Candidate, w: dict[str, float]) -> tuple[float, tuple[Part, Part, Part] | None]:
    """The highest-scoring combination of *c* and the probability that the amount is a trade
    figure at all (one minus that of "none of these readings": the model is a choice among
    the readings and "none", see ``figure_train``). Parts are scored once; only the pair
    features are computed per combination."""
    if not (c.indicators and c.periods and c.partners):
        return 0.0, None
    base = dot(w, c.feats)
    si = [dot(w, p.feats) for p in c.indicators]
    sp = [dot(w, p.feats) for p in c.periods]
    sq = [dot(w, p.feats) for p in c.partners]
    best, arg = -math.inf, None
    scores = []
    same_ind, same_par = w.get(PAIR_IND, 0.0) * 1.0, w.get(PAIR_PAR, 0.0) * 1.0
    for a, i in enumerate(c.indicators):
        for b, p in enumerate(c.periods):
            for d, q in enumerate(c.partners):
                pair = 0.0  # dot(w, pair_feats(i, p, q)), added in the same order
                if i.sentence == p.sentence:
                    pair += same_ind
                if q.sentence == p.sentence:
                    pair += same_par
                s = base + si[a] + sp[b] + sq[d] + pair
                scores.append(s)
                if s > best:
                    best, arg = s, (i, p, q)
    top = max(best, 0.0)
    total = sum(math.exp(s - top) for s in scores)
    return total / (total + math.exp(-top)), arg
