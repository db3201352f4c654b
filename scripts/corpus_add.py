"""Add hand-read articles to the labelled corpus (run by hand while reading with `search`).

Why: writing the full gold JSON by hand for 150 articles is slow and error-prone; this reads a
terse block per article on stdin, expands it to the seeds-expected.json format, merges it into
tests/intake/corpus/articles.json (replacing a record of the same id) and saves the text the
search tool returned into the ignored texts/ folder. Block format (one article per block):

    @ id | url | language | date (YYYY-MM-DD, YYYY-MM, YYYY or ?MM-DD) | full|partial
    q: the search query (corpus pages) that brings the article back
    t: title in our own words
    r: RU-LIP RU-VLG                       regions (ISO 3166-2)
    f: [BY-HO>]RU-LIP turnover 2017-01..2017-05 115m exact 53.1[p] [RUB]
    p: name | role                         people, names in the nominative
    e: name | alias | alias                enterprises
    j: status | summary [| stage | horizon]
    w: partner indicator direction | period    trends
    ---
    text exactly as the search tool returned it
    ===
Periods: 2017, 2017-01..2017-05, 2017-01-01..2017-03-31. Values: 115m, 1.3bn, 230k, 5e6.
Growth: a percent (same period last year) or with suffix p (previous period); '-' for none.
"""

from __future__ import annotations

import calendar
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "tests" / "intake" / "corpus"
GOLD = ROOT / "articles.json"
TEXTS = ROOT / "texts"
MULT = {"k": 1e3, "m": 1e6, "bn": 1e9}


def _value(tok: str) -> float:
    m = re.fullmatch(r"([\d.]+(?:e\d+)?)(k|m|bn)?", tok)
    if not m:
        raise SystemExit(f"bad value {tok!r}")
    return round(float(m.group(1)) * MULT.get(m.group(2) or "", 1.0), 2)


def _period(tok: str) -> tuple[str, str]:
    a, _, b = tok.partition("..")
    b = b or a

    def start(x: str) -> str:
        return x if len(x) == 10 else (x + "-01-01")[:10] if len(x) == 4 else x + "-01"

    def end(x: str) -> str:
        if len(x) == 10:
            return x
        if len(x) == 4:
            return x + "-12-31"
        y, mo = int(x[:4]), int(x[5:7])
        return f"{x}-{calendar.monthrange(y, mo)[1]:02d}"

    return start(a), end(b)


def _figure(line: str) -> dict[str, object]:
    toks = line.split()
    partner, indicator, period, value, qual = toks[:5]
    growth = toks[5] if len(toks) > 5 else "-"
    currency = toks[6] if len(toks) > 6 else "USD"
    reporter = "BY"
    if ">" in partner:
        reporter, partner = partner.split(">")
    ps, pe = _period(period)
    fig: dict[str, object] = {"partner": partner, "indicator": indicator,
                              "period_start": ps, "period_end": pe}  # fmt: skip
    v = None if value == "-" else _value(value)
    if currency == "USD":
        fig["value_usd"] = v
    else:
        fig.update(value_usd=None, value=v, currency=currency)
    fig["qualifier"] = qual
    fig["growth_pct"] = None if growth == "-" else float(growth.rstrip("p"))
    if growth.endswith("p"):
        fig["growth_basis"] = "previous_period"
    if reporter != "BY":
        fig["reporter"] = reporter
    return fig


def parse(block: str) -> tuple[dict[str, object], str]:
    head, _, text = block.partition("\n---\n")
    lines = [x for x in head.strip().splitlines() if x.strip()]
    aid, url, lang, date, compl = (x.strip() for x in lines[0].lstrip("@ ").split("|"))
    rec: dict[str, object] = {"id": aid, "file": f"{aid}.txt", "url": url, "language": lang}
    full = re.fullmatch(r"\d{4}-\d{2}-\d{2}", date)
    rec["published"] = date if full else None
    partial = date[1:] or None if date.startswith("?") else None
    rec["published_partial"] = date[5:] if full else partial
    if not full and not date.startswith("?"):
        rec["published_approx"] = date
    rec["completeness"] = compl
    out: dict[str, list[object]] = {k: [] for k in "rfpejw"}
    for line in lines[1:]:
        key, _, val = line.partition(":")
        val = val.strip()
        if key in ("q", "t"):
            rec["query" if key == "q" else "title"] = val
        elif key == "r":
            out["r"].extend({"code": c} for c in val.split())
        elif key == "f":
            out["f"].append(_figure(val))
        elif key == "p":
            name, role = (x.strip() for x in val.split("|"))
            out["p"].append({"name": name, "role": role})
        elif key == "e":
            names = [x.strip() for x in val.split("|")]
            out["e"].append({"name": names[0], "aliases": names[1:]})
        elif key == "j":
            parts = [x.strip() for x in val.split("|")]
            proj: dict[str, object] = {"summary": parts[1], "status": parts[0]}
            if len(parts) > 2 and parts[2]:
                proj["stage"] = int(parts[2])
            if len(parts) > 3 and parts[3]:
                proj["horizon"] = int(parts[3])
            out["j"].append(proj)
        elif key == "w":
            left, _, per = val.partition("|")
            partner, ind, direction = left.split()
            out["w"].append({"partner": partner, "indicator": ind,
                             "direction": direction, "period": per.strip()})  # fmt: skip
        else:
            raise SystemExit(f"{aid}: unknown line {line!r}")
    rec.update(regions=out["r"], people=out["p"], enterprises=out["e"],
               trade_figures=out["f"], trends=out["w"], projects=out["j"])  # fmt: skip
    return rec, text.strip("\n")


def main() -> None:
    data = json.loads(GOLD.read_text(encoding="utf-8")) if GOLD.exists() else {
        "about": "", "documents": []}  # fmt: skip
    docs = {d["id"]: d for d in data["documents"]}
    for block in sys.stdin.read().split("\n==="):
        if not block.strip():
            continue
        rec, text = parse(block)
        docs[str(rec["id"])] = rec
        if text.strip():
            TEXTS.mkdir(exist_ok=True)
            (TEXTS / f"{rec['id']}.txt").write_text(
                f"url: {rec['url']}\n{text}\n", encoding="utf-8"
            )
        print(rec["id"], len(rec["trade_figures"]), "figures")  # type: ignore[arg-type]
    data["documents"] = list(docs.values())
    GOLD.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(len(docs), "documents")


if __name__ == "__main__":
    main()
