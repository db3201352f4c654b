"""Train the trade-figure model and write src/coopatlas/intake/figure_weights.json.

    python scripts/train_figure_model.py [--check]

Training articles: the `dev` half of the labelled corpus (tests/intake/corpus/articles.json,
texts in the ignored tests/intake/corpus/texts), coopatlas's own test articles and forms
(tests/intake/articles, forms.json) and the five seeds (../shared/corpus, when present).
The `check` half is never used here: it measures the model. No
randomness (L-BFGS from zero weights, folds by a hash of the article id), so a second run
writes the same file; `--check` only reports whether the shipped file is what this run makes.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from coopatlas.intake.evaluate import half
from coopatlas.intake.figure_train import dump, examples, train
from coopatlas.intake.gazetteer import reference_gazetteer
from coopatlas.intake.text import Article

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "intake" / "corpus"
OWN = ROOT / "tests" / "intake" / "articles"
SEEDS_GOLD = ROOT.parent / "shared" / "corpus" / "seeds-expected.json"
SEEDS = SEEDS_GOLD.parent / "seeds"
WEIGHTS = ROOT / "src" / "coopatlas" / "intake" / "figure_weights.json"


def training_docs() -> list[tuple[str, Path | Article, list[dict]]]:
    docs = []
    corpus = json.loads((CORPUS / "articles.json").read_text(encoding="utf-8"))["documents"]
    for d in corpus:
        path = CORPUS / "texts" / d["file"]
        labelled = d.get("labelled")
        if labelled is not None and "trade_figures" not in labelled:
            continue
        if half(d.get("id", d["file"])) == "dev" and path.exists():
            docs.append((d.get("id", d["file"]), path, d.get("trade_figures", [])))
    own = json.loads((OWN / "expected.json").read_text(encoding="utf-8"))["documents"]
    for d in own:
        docs.append(("own:" + d["file"], OWN / d["file"], d.get("trade_figures", [])))
    forms = json.loads((OWN / "forms.json").read_text(encoding="utf-8"))["documents"]
    for d in forms:
        article = Article(f"{d['id']}.txt", d["text"])
        docs.append(("form:" + d["id"], article, d["trade_figures"]))
    if SEEDS_GOLD.exists():  # the five seeds of ../shared, when the checkout has them
        seeds = json.loads(SEEDS_GOLD.read_text(encoding="utf-8"))["documents"]
        for d in seeds:
            docs.append(("seed:" + d["file"], SEEDS / d["file"], d.get("trade_figures", [])))
    return docs


def build() -> dict:
    docs = training_docs()
    rows = examples(docs, reference_gazetteer())
    return train(rows, {doc_id: gold for doc_id, _, gold in docs})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the shipped file")
    args = parser.parse_args()
    model = build()
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
        f"R {cv[2]:.3f})"
    )


if __name__ == "__main__":
    main()
