"""Copy the corpus's checked trade figures into the default dataset (run by hand, idempotent).

Why: the labelled corpus (tests/intake/corpus/articles.json) states hundreds of real figures,
each read by hand from its article; the dataset `union-state-2023` should hold them with the
article as source, beside the rows that are already there. Existing rows are never changed:
a figure is appended only when no row has the same key (reporter, partner, period, flow, hs,
source), and a document row only when no document has the article's address.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "intake" / "corpus" / "articles.json"
DATA = ROOT / "src" / "coopatlas" / "data" / "union-state-2023"

# Figures a careful reader takes from the text but that the dataset should not carry as a
# Belarus–region flow: (article id, partner, indicator, period_start) -> why.
EXCLUDED = {
    ("en_buryatia_2024-09-23", "RU-PSK", "turnover", "2024-01-01"):
        "implausibly small for Pskov Oblast (about $190m a year); likely misattributed",
    ("en_buryatia_2024-09-23", "RU-PSK", "export", "2024-01-01"):
        "implausibly small for Pskov Oblast (about $190m a year); likely misattributed",
    ("ru_nizhny_2017-08-18_tass", "RU-NIZ", "turnover", "2017-01-01"):
        "the text says 429 million roubles, but export plus import make $429 million",
    ("en_russia_2018-10_newsby_babich", "RU", "turnover", "2017-01-01"):
        "the text says $32 million; Belarus–Russia trade in 2017 was about $32 billion",
    ("ru_samara_2014-05-28", "RU-SAM", "turnover", "2013-01-01"):
        "the text says over 500 million roubles; 2013 trade was about $537 million",
}  # fmt: skip


def _num(x: object) -> str:
    if x is None:
        return ""
    v = float(x)  # type: ignore[arg-type]
    return str(int(v)) if v.is_integer() else repr(v)


def trade_rows(doc: dict[str, object]) -> list[dict[str, str]]:
    rows = []
    for f in doc["trade_figures"]:  # type: ignore[attr-defined]
        key = (doc["id"], f["partner"], f["indicator"], f["period_start"])
        if key in EXCLUDED or f["indicator"] not in ("export", "import", "turnover"):
            continue
        if f.get("value_usd") is None and f.get("value") is None:
            continue
        growth = f.get("growth_pct")
        basis = f.get("growth_basis") or ("same_period_last_year" if growth is not None else "")
        rows.append({
            "reporter": f.get("reporter", "BY"), "partner": f["partner"],
            "period_start": f["period_start"], "period_end": f["period_end"],
            "flow": f["indicator"], "hs": "TOTAL", "value_usd": _num(f.get("value_usd")),
            "value": _num(f.get("value")) if f.get("value_usd") is None else "",
            "currency": f.get("currency", "") if f.get("value_usd") is None else "",
            "qualifier": f.get("qualifier", "exact"), "growth_pct": _num(growth),
            "growth_basis": basis, "source": str(doc["url"]), "synthetic": "false",
        })  # fmt: skip
    return rows


def document_row(doc: dict[str, object]) -> dict[str, str]:
    slug = "corpus-" + str(doc["id"]).lower().replace("_", "-")
    return {
        "id": slug[:64], "kind": "article", "title": str(doc.get("title", "")),
        "title_ru": "",  # written by hand: our own Russian of our own title
        "url": str(doc["url"]), "published": str(doc.get("published") or ""),
        "published_partial": str(doc.get("published_partial") or ""),
        "language": str(doc["language"]), "source_site": urlparse(str(doc["url"])).netloc,
        "sha256": "",
    }  # fmt: skip


def _merge(path: Path, new: list[dict[str, str]], key: tuple[str, ...]) -> int:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = list(reader.fieldnames or [])
        old = list(reader)
    seen = {tuple(r[k] for k in key) for r in old}
    added = [r for r in new if tuple(r[k] for k in key) not in seen]
    for r in added:
        seen.add(tuple(r[k] for k in key))
    uniq: list[dict[str, str]] = []
    keys: set[tuple[str, ...]] = set()
    for r in added:
        k = tuple(r[c] for c in key)
        if k not in keys:
            keys.add(k)
            uniq.append(r)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(old + uniq)
    return len(uniq)


BEGIN, END = "<!-- corpus figures: begin -->", "<!-- corpus figures: end -->"


def readme_table(docs: list[dict[str, object]]) -> str:
    """Per partner and per site: the years, figures and articles the corpus gives (README)."""
    per: dict[str, tuple[set[str], int, set[str]]] = {}
    sites: dict[str, tuple[set[str], int, set[str]]] = {}
    for d in docs:
        site = urlparse(str(d["url"])).netloc.removeprefix("www.")
        for r in trade_rows(d):
            for table, key in ((per, r["partner"]), (sites, site)):
                years, n, ids = table.setdefault(key, (set(), 0, set()))
                years.add(r["period_start"][:4])
                ids.add(str(d["id"]))
                table[key] = (years, n + 1, ids)
    lines = ["| partner | years | figures | articles (corpus ids) |", "|---|---|---:|---|"]
    for code in sorted(per):
        years, n, ids = per[code]
        lines.append(f"| {code} | {', '.join(sorted(years))} | {n} | {', '.join(sorted(ids))} |")
    lines += ["", "| site | articles | figures | years |", "|---|---:|---:|---|"]
    for site in sorted(sites, key=lambda s: (-sites[s][1], s)):
        years, n, ids = sites[site]
        span = min(years) if len(years) == 1 else f"{min(years)}–{max(years)}"
        lines.append(f"| {site} | {len(ids)} | {n} | {span} |")
    return "\n".join(lines)


def _update_readme(docs: list[dict[str, object]]) -> None:
    """The generated tables, and the row counts of the files table (tests/test_dataset.py)."""
    path = DATA / "README.md"
    text = path.read_text(encoding="utf-8")
    for name in ("documents.csv", "trade.csv"):
        with (DATA / name).open(encoding="utf-8", newline="") as fh:
            rows = sum(1 for _ in csv.DictReader(fh))
        text = re.sub(rf"\| `{re.escape(name)}` \| \d+ \|", f"| `{name}` | {rows} |", text)
    path.write_text(text, encoding="utf-8")
    if BEGIN in text:
        head, rest = text.split(BEGIN, 1)
        text = head + BEGIN + "\n" + readme_table(docs) + "\n" + END + rest.split(END, 1)[1]
        path.write_text(text, encoding="utf-8")


def main() -> None:
    docs = json.loads(GOLD.read_text(encoding="utf-8"))["documents"]
    trade = [r for d in docs for r in trade_rows(d)]
    sources = {r["source"] for r in trade}
    documents = [document_row(d) for d in docs if d["url"] in sources]
    n_docs = _merge(DATA / "documents.csv", documents, ("url",))
    key = ("reporter", "partner", "period_start", "period_end", "flow", "hs", "source")
    n_trade = _merge(DATA / "trade.csv", trade, key)
    _update_readme(docs)
    print(f"documents.csv: +{n_docs}; trade.csv: +{n_trade}")


if __name__ == "__main__":
    main()
