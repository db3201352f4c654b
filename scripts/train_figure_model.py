"""Train the trade-figure model and write src/coopatlas/intake/figure_weights.json.

    python scripts/train_figure_model.py [--check | --oof [--misses FILE]] [--dev-only]

Training articles: every labelled article of the corpus (tests/intake/corpus/articles.json,
texts in the ignored tests/intake/corpus/texts) whose text is present, both halves, and
coopatlas's own test articles and forms (tests/intake/articles, forms.json) and the five seeds
(../shared/corpus, when present); the weights file lists the corpus ids it was trained on, and
`intake eval` says how many of the documents it scores are among them. Why both halves: the
model is small and the genre wide; trained on the dev half alone it read the check half's
figures worse than one trained on four fifths of all articles reads the fifth it did not see.
The rules and features are still written from the dev half's errors only. No randomness
(L-BFGS from zero weights, folds by a hash of the article id), so a second run writes the same
file; `--check` only reports whether the shipped file is what this run makes.
`--oof` writes nothing: it reads each fifth of the articles with a model trained on the other
four fifths (the shipped penalty and threshold) and prints precision, recall and the errors by
kind per language, for each half apart: the check half's line is the estimate for unseen
articles (articles whose errors were never read, scored by weights that never saw them); the
errors to read while improving the reader are the dev half's (`--misses`). `--dev-only`
trains on the dev half alone, as sessions before did (for comparison).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from coopatlas.intake import reading
from coopatlas.intake.evaluate import FIELDS, Report, Score, belarus_figures, evaluate, half
from coopatlas.intake.figure_train import FOLDS, dump, examples, fold_of, fold_weights, train
from coopatlas.intake.gazetteer import reference_gazetteer
from coopatlas.intake.text import Article

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "intake" / "corpus"
OWN = ROOT / "tests" / "intake" / "articles"
WEIGHTS = ROOT / "src" / "coopatlas" / "intake" / "figure_weights.json"


SEEDS_GOLD = ROOT.parent / "shared" / "corpus" / "seeds-expected.json"  # beside the checkout
SEEDS = SEEDS_GOLD.parent / "seeds"


HALVES = ("dev", "check")


def training_docs(halves: tuple[str, ...] = HALVES) -> list[tuple[str, Path | Article, list[dict]]]:
    docs = []
    corpus = json.loads((CORPUS / "articles.json").read_text(encoding="utf-8"))["documents"]
    for d in corpus:
        path = CORPUS / "texts" / d["file"]
        labelled = d.get("labelled")
        if labelled is not None and "trade_figures" not in labelled:
            continue
        if half(d.get("id", d["file"])) in halves and path.exists():
            docs.append((d.get("id", d["file"]), path, belarus_figures(d.get("trade_figures", []))))
    own = json.loads((OWN / "expected.json").read_text(encoding="utf-8"))["documents"]
    for d in own:
        docs.append(
            ("own:" + d["file"], OWN / d["file"], belarus_figures(d.get("trade_figures", [])))
        )
    forms = json.loads((OWN / "forms.json").read_text(encoding="utf-8"))["documents"]
    for d in forms:
        article = Article(f"{d['id']}.txt", d["text"])
        docs.append(("form:" + d["id"], article, belarus_figures(d["trade_figures"])))
    if SEEDS_GOLD.exists():  # the five seeds of ../shared, when the checkout has them
        seeds = json.loads(SEEDS_GOLD.read_text(encoding="utf-8"))["documents"]
        for d in seeds:
            docs.append(
                (
                    "seed:" + d["file"],
                    SEEDS / d["file"],
                    belarus_figures(d.get("trade_figures", [])),
                )
            )
    return docs


def build(halves: tuple[str, ...], rows: list | None = None) -> dict:
    docs = training_docs(halves)
    if rows is None:
        rows = examples(docs, reference_gazetteer())
    model = train(rows, {doc_id: gold for doc_id, _, gold in docs})
    model["trained_on"] = sorted(doc_id for doc_id, _, _ in docs if ":" not in doc_id)
    return model


def out_of_fold(model: dict, rows: list, part: str, one_threshold: bool = False) -> Report:
    """One half of the corpus, each fold read by the weights of the other folds (with
    *one_threshold*, the threshold for all languages alone)."""
    gaz = reference_gazetteer()
    total = Report({f: Score() for f in FIELDS}, 0, [], {}, [], {})
    shipped = reading.load_model
    try:
        for k in range(FOLDS):
            weights = fold_weights(rows, model["l2"], k)
            thresholds = {"": model["threshold"]}
            if not one_threshold:
                thresholds |= model.get("thresholds", {})
            reading.load_model = lambda w=weights, t=thresholds: (w, t)  # type: ignore[misc]
            scored = evaluate(CORPUS / "articles.json", CORPUS / "texts", gaz, part,
                              lambda doc_id, k=k: fold_of(doc_id) == k)  # fmt: skip
            _merge(total, scored)
    finally:
        reading.load_model = shipped  # type: ignore[misc]
    return total


def _merge(total: Report, part: Report) -> None:
    total.documents += part.documents
    total.misses += part.misses
    for lang, scores in part.by_language.items():
        mine = total.by_language.setdefault(lang, {f: Score() for f in FIELDS})
        for f, sc in scores.items():
            for into in (mine[f], total.scores[f]):
                into.true_positives += sc.true_positives
                into.extracted += sc.extracted
                into.gold += sc.gold
    for key, kinds in part.errors.items():
        mine_kinds = total.errors.setdefault(key, {})
        for kind, n in kinds.items():
            mine_kinds[kind] = mine_kinds.get(kind, 0) + n


def report_oof(
    model: dict, rows: list, halves: tuple[str, ...], misses: Path | None, one_threshold: bool
) -> None:
    for part in halves:
        rep = out_of_fold(model, rows, part, one_threshold)
        print(f"{part} out of fold: {rep.documents} articles")
        for lang in sorted(rep.by_language):
            sc = rep.by_language[lang]["trade_figures"]
            kinds = rep.errors.get(f"trade_figures {lang}", {})
            shown = ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
            read = f"{sc.true_positives} of {sc.extracted} read, {sc.gold} gold"
            print(f"  {lang}: P {sc.precision:.3f} R {sc.recall:.3f} ({read}); {shown}")
        if misses is not None and part == "dev":
            lines = [m for m in rep.misses if "trade_figure" in m]
            misses.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the shipped file")
    parser.add_argument("--oof", action="store_true", help="score out of fold, write nothing")
    parser.add_argument("--dev-only", action="store_true", help="train on the dev half alone")
    parser.add_argument("--misses", type=Path, help="with --oof: write the figure errors here")
    parser.add_argument("--one-threshold", action="store_true",
                        help="with --oof: one threshold for every language")  # fmt: skip
    args = parser.parse_args()
    halves = ("dev",) if args.dev_only else HALVES
    if args.oof:
        rows = examples(training_docs(halves), reference_gazetteer())
        report_oof(build(halves, rows), rows, halves, args.misses, args.one_threshold)
        return
    model = build(halves)
    if args.check:
        shipped = json.loads(WEIGHTS.read_text(encoding="utf-8"))
        same = shipped == json.loads(json.dumps(model, sort_keys=True, ensure_ascii=False))
        print("the shipped weights are reproduced" if same else "the shipped weights differ")
        sys.exit(0 if same else 1)
    dump(model, WEIGHTS)
    cv = model["cross_validated"][f"l2={model['l2']} t={model['threshold']}"]
    print(
        f"{model['examples']} readings, {model['positives']} positive; L2 {model['l2']}, "
        f"threshold {model['threshold']} (cross-validated F1 {cv[0]:.3f}, P {cv[1]:.3f}, "
        f"R {cv[2]:.3f}); by language {model['thresholds']}"
    )


if __name__ == "__main__":
    main()
