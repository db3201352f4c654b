"""Precision, recall and F1 of the extractors against a gold file (seeds-expected.json format).

Matching rules (from the gold file's "about"): trade figures on partner, indicator,
period_start, period_end and value_usd within 0.5%; regions on ISO 3166-2 code; people on
name; enterprises on name or any listed alias, case-insensitive. Counts are summed over all
documents (micro-average); each gold item matches at most one extracted item.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coopatlas.intake.extract import extract
from coopatlas.intake.gazetteer import Gazetteer
from coopatlas.intake.text import read_article

FIELDS = ("trade_figures", "regions", "people", "enterprises")
VALUE_TOLERANCE = 0.005


@dataclass
class Score:
    true_positives: int = 0
    extracted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.true_positives / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _figure_match(gold: dict[str, Any], got: dict[str, Any]) -> bool:
    keys = ("partner", "indicator", "period_start", "period_end")
    if any(gold.get(k) != got.get(k) for k in keys):
        return False
    g, x = gold.get("value_usd"), got.get("value_usd")
    if g is None or x is None:
        return g is None and x is None and gold.get("value") == got.get("value")
    return abs(float(x) - float(g)) <= VALUE_TOLERANCE * abs(float(g))


def _norm(name: str) -> str:
    return " ".join(name.lower().replace("ё", "е").split())


def _enterprise_match(gold: dict[str, Any], got: dict[str, Any]) -> bool:
    names = {_norm(gold["name"]), *(_norm(a) for a in gold.get("aliases", []))}
    return _norm(got["name"]) in names or _norm(got.get("mention", "")) in names


MATCHERS: dict[str, Callable[[dict[str, Any], dict[str, Any]], bool]] = {
    "trade_figures": _figure_match,
    "regions": lambda g, x: g["code"] == x["code"],
    "people": lambda g, x: _norm(g["name"]) == _norm(x["name"]),
    "enterprises": _enterprise_match,
}


def score_field(field: str, gold: list[dict[str, Any]], got: list[dict[str, Any]]) -> Score:
    match = MATCHERS[field]
    unused = list(range(len(got)))
    tp = 0
    for g in gold:
        hit = next((i for i in unused if match(g, got[i])), None)
        if hit is not None:
            unused.remove(hit)
            tp += 1
    return Score(tp, len(got), len(gold))


@dataclass
class Report:
    scores: dict[str, Score]
    documents: int
    misses: list[str]


def evaluate(gold_path: Path, folder: Path, gaz: Gazetteer) -> Report:
    """Extract every gold document from *folder* and score it."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    scores = {f: Score() for f in FIELDS}
    misses: list[str] = []
    for doc in gold["documents"]:
        got = extract(read_article(folder / doc["file"]), gaz)
        for f in FIELDS:
            s = score_field(f, doc.get(f, []), got[f])
            scores[f].true_positives += s.true_positives
            scores[f].extracted += s.extracted
            scores[f].gold += s.gold
            for g in doc.get(f, []):
                if not any(MATCHERS[f](g, x) for x in got[f]):
                    misses.append(
                        f"{doc['file']}: missed {f[:-1] if f != 'people' else 'person'} {g}"
                    )
            for x in got[f]:
                if not any(MATCHERS[f](g, x) for g in doc.get(f, [])):
                    shown = {k: v for k, v in x.items() if k not in ("sentence", "span")}
                    misses.append(f"{doc['file']}: extra {f} {shown}")
    return Report(scores, len(gold["documents"]), misses)
