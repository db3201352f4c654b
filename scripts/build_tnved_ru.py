"""Build ``data/reference/tnved_ru.csv.gz``: Russian names of HS headings and subheadings.

The names are the official text of the EAEU Commodity Nomenclature of Foreign Economic
Activity (ТН ВЭД ЕАЭС), public facts. They are read from two public copies of the Russian
customs service's classifier files:

* the classifier files TNVED2/TNVED3 (cp866, edition in force from 2022-01-01) for the
  2022 heading names, and their 10-digit lines as converted to JSON, as published in the
  repository existanz/go-tnved (``import/TNVED3.TXT``, ``output/tnved.json``);
* the Federal Customs Service's open-data table (stat.customs.ru) of 4-, 6- and 10-digit
  names (2016 edition) as published in infoculture/opencustoms (``data/tnved.csv.zip``),
  which also names the headings that the 2022 files list only as full 10-digit codes.

The 2022 name wins where both have one. Lines that say nothing on their own ("прочие",
"прочая") are dropped; the dashes that show the depth of a line are removed. Run once by
a developer; the product reads only the written file:

    python scripts/build_tnved_ru.py TNVED3.TXT tnved.json opencustoms-tnved.csv OUT.csv.gz
"""

from __future__ import annotations

import csv
import gzip
import json
import re
import sys
from pathlib import Path

_EMPTY = re.compile(r"^(прочие|прочий|прочая|прочее|другие|иные)\W*$", re.IGNORECASE)


def _clean(name: str) -> str:
    name = re.sub(r"^[\s\-–—:]+", "", name)
    return re.sub(r"\s+", " ", name).strip().rstrip(":").strip()


def main(tnved3: Path, tree: Path, open_data: Path, out: Path) -> None:
    names: dict[str, str] = {}
    with open_data.open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle):
            if len(row) >= 2 and row[0].isdigit() and len(row[0]) in (4, 6, 10):
                names[row[0]] = _clean(row[1])
    text = tnved3.read_bytes().decode("cp866")
    for line in text.splitlines():
        parts = line.split("|")
        if len(parts) >= 5 and parts[4] == "" and parts[0].isdigit():
            names[parts[0] + parts[1]] = _clean(parts[2])
    for section in json.loads(tree.read_text(encoding="utf-8")):
        for chapter in section.get("groups") or []:
            for heading in chapter.get("goods") or []:
                for sub in heading.get("subs") or []:
                    code = str(sub.get("code", ""))
                    if len(code) == 10:
                        names[code] = _clean(sub["naim"])
    rows = sorted(
        (code, name)
        for code, name in names.items()
        if name and not _EMPTY.match(name) and not code.startswith("99")
    )
    with gzip.open(out, "wt", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["code", "name_ru"])
        writer.writerows(rows)
    print(f"{len(rows)} names -> {out}")


if __name__ == "__main__":
    main(*(Path(a) for a in sys.argv[1:5]))
