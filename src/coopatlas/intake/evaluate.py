"""Precision, recall and F1 of the extractors against a gold file (seeds-expected.json format).

Matching rules (from the gold file's "about"): trade figures on partner, indicator,
period_start, period_end and value_usd within 0.5%, Belarus's own figures only
(:func:`belarus_figures`); Russian regions on ISO 3166-2 code (the
gold lists no Belarusian oblast); people on
name; enterprises on name or any listed alias, case-insensitive. Counts are summed over all
documents (micro-average); each gold item matches at most one extracted item.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coopatlas.intake.extract import extract
from coopatlas.intake.figures import model_trained_on
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


def belarus_figures(figures: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The gold figures of Belarus as a whole (no ``reporter``, or ``BY``): what the reader
    gives. An oblast's own trade ("Gomel Oblast and Bryansk Oblast traded $300 million") is
    a true fact of the article but not Belarus's trade with the partner; read as Belarus's it
    would put a wrong row in the dataset, so it is neither owed (recall) nor credited, and
    the figure model learns such readings as wrong."""
    return [f for f in figures if f.get("reporter", "BY") == "BY"]


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
    by_language: dict[str, dict[str, Score]] = field(default_factory=dict)
    missing_texts: list[str] = field(default_factory=list)
    errors: dict[str, dict[str, int]] = field(default_factory=dict)
    trained_on: int = 0
    """How many of the scored documents trained the shipped figure model: on them the
    figures' scores are not those of unseen articles."""


def half(doc_id: str) -> str:
    """A stable split of a corpus into two halves by a hash of the id: rules are written while
    reading the misses of "dev" and checked on "check", whose articles were not read."""
    digest = hashlib.blake2b(doc_id.encode(), digest_size=2).digest()
    return "dev" if digest[0] % 2 == 0 else "check"


def _error_kind(f: str, g: dict[str, Any], got: list[dict[str, Any]]) -> str:
    """Why a gold item was missed, for trade figures: what the nearest extracted item differs in."""
    if f != "trade_figures":
        return "missed"

    def same(x: dict[str, Any], keys: tuple[str, ...]) -> bool:
        return all(x.get(k) == g.get(k) for k in keys)

    same_key = [x for x in got if same(x, ("partner", "indicator"))]
    if any(same(x, ("period_start", "period_end")) for x in same_key):
        return "value"
    value = g.get("value_usd")

    def close(x: dict[str, Any]) -> bool:
        got_value = x.get("value_usd")
        if value is None or got_value is None:
            return False
        return abs(float(got_value) - float(value)) <= VALUE_TOLERANCE * float(value)

    same_value = [x for x in got if close(x)]
    if any(x.get("partner") != g.get("partner") for x in same_value):
        return "partner"
    if any(x.get("indicator") != g.get("indicator") for x in same_value):
        return "indicator"
    if same_value:
        return "period"
    return "not read"


def _add(total: Score, s: Score) -> None:
    total.true_positives += s.true_positives
    total.extracted += s.extracted
    total.gold += s.gold


def evaluate(
    gold_path: Path,
    folder: Path,
    gaz: Gazetteer,
    part: str | None = None,
    select: Callable[[str], bool] | None = None,
) -> Report:
    """Extract every gold document whose text *folder* holds and score it, overall and per
    language; with *part* ("dev" or "check"), only that half of the documents; with *select*,
    only the documents whose id it accepts (a fold of a cross-validation)."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    scores = {f: Score() for f in FIELDS}
    by_language: dict[str, dict[str, Score]] = {}
    errors: dict[str, dict[str, int]] = {}
    misses: list[str] = []
    missing: list[str] = []
    done = 0
    trained, trained_on = model_trained_on(), 0
    for doc in gold["documents"]:
        doc_id = doc.get("id", doc["file"])
        if (part is not None and half(doc_id) != part) or (select and not select(doc_id)):
            continue
        path = folder / doc["file"]
        if not path.exists():
            missing.append(doc["file"])
            continue
        done += 1
        trained_on += doc_id in trained
        got = extract(read_article(path), gaz)
        # the gold lists the Russian regions an article names; Belarusian oblasts the
        # intake also reports are not scored either way
        got = {**got, "regions": [r for r in got["regions"] if r["code"].startswith("RU-")]}
        language = doc.get("language") or got["language"]
        lang_scores = by_language.setdefault(language, {f: Score() for f in FIELDS})
        owed = {**doc, "trade_figures": belarus_figures(doc.get("trade_figures", []))}
        for f in FIELDS:
            s = score_field(f, owed.get(f, []), got[f])
            _add(scores[f], s)
            _add(lang_scores[f], s)
            kinds = errors.setdefault(f"{f} {language}", {})
            for g in owed.get(f, []):
                if not any(MATCHERS[f](g, x) for x in got[f]):
                    kind = _error_kind(f, g, got[f])
                    kinds[f"missed: {kind}"] = kinds.get(f"missed: {kind}", 0) + 1
                    item = f[:-1] if f != "people" else "person"
                    misses.append(f"{doc['file']}: missed {item} ({kind}) {g}")
            for x in got[f]:
                if not any(MATCHERS[f](g, x) for g in doc.get(f, [])):
                    kinds["extra"] = kinds.get("extra", 0) + 1
                    shown = {k: v for k, v in x.items() if k not in ("sentence", "span")}
                    misses.append(f"{doc['file']}: extra {f} {shown}")
    return Report(scores, done, misses, by_language, missing,
                  {k: v for k, v in errors.items() if v}, trained_on)  # fmt: skip
