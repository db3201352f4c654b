"""Measure `hs suggest` with each mechanism switched on or off, on every labelled set.

Prints one line per configuration: top-1/top-5 accuracy on the dev and check halves of the
blind sets, on the EEC rulings set (never tuned on) and on the older sets. Decisions are
taken on the dev halves only; docs/matching.md records the table. Each configuration
builds its own index (10-30 s each on this machine):

    .venv/bin/python scripts/hs_mechanisms.py
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

from coopatlas.match.evaluate import hs_scores
from coopatlas.match.hs import HsIndex, HsOptions

DEV = Path(__file__).resolve().parent.parent / "tests" / "match" / "dev"
BEFORE = HsOptions(tnved=False, lemmas=False, synonyms_en=True, e5_weight=0)
LEXICAL = HsOptions(e5_weight=0)
CONFIGS = {
    "session 2 (before)": BEFORE,
    "+ ТН ВЭД names, Snowball": replace(BEFORE, tnved=True),
    "+ lemmas": replace(BEFORE, tnved=True, lemmas=True),
    "+ no English synonyms": LEXICAL,
    "+ e5 (default)": HsOptions(),
    "session 2 + e5": replace(BEFORE, e5_weight=HsOptions().e5_weight),
    "lexical + Snowball stems too": replace(LEXICAL, stems_too=True),
    "lexical + English chapter titles": replace(LEXICAL, chapters_en=True),
    "default - product index": replace(HsOptions(), product_index=False),
    "default - Russian lexicon": replace(HsOptions(), lexicon=False),
    "default - loanwords, compounds": replace(HsOptions(), loanwords=False, compounds=False),
}


def main() -> None:
    for name, options in CONFIGS.items():
        started = time.perf_counter()
        index = HsIndex(options)
        cells = []
        for stem in ("hs_en_blind", "hs_ru_blind"):
            for part in ("dev", "check"):
                scores, _ = hs_scores(DEV / f"{stem}.csv", part=part, index=index)
                cells.append(f"{stem[3:5]} {part} {scores[1]:.3f}/{scores[5]:.3f}")
        for stem in ("hs_ru_rulings", "hs_en", "hs_ru", "hs_en_fresh", "hs_ru_fresh"):
            scores, _ = hs_scores(DEV / f"{stem}.csv", index=index)
            cells.append(f"{stem[3:]} {scores[1]:.3f}/{scores[5]:.3f}")
        took = time.perf_counter() - started
        print(f"{name:34s} ({took:3.0f} s)  " + "  ".join(cells), flush=True)


if __name__ == "__main__":
    main()
