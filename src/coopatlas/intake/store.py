"""Storing what was read: documents, facts with spans, trade flows, duplicates, conflicts.

- Re-adding the same text is a no-op: the document's ``sha256`` is unique.
- A near-duplicate (the same story from another outlet, or a machine-reworded copy) is
  stored as a document with ``duplicate_of`` set and its facts, but its trade figures do not
  become trade flows: one story is one piece of evidence.
- Near-duplicates are found with MinHash signatures of word 3-gram shingles, stored as a
  ``fingerprint`` fact so no schema change is needed; all signatures are compared at once
  with numpy.
- A conflict is two trade flows for the same partner, flow, period and HS code from
  different sources whose values differ by more than 1%.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np
from sqlalchemy import Connection, Engine, select
from sqlalchemy.dialects import postgresql, sqlite

from coopatlas.errors import UserError
from coopatlas.intake.extract import extract
from coopatlas.intake.gazetteer import Gazetteer, database_gazetteer
from coopatlas.intake.records import store_projects, store_trends
from coopatlas.intake.text import Article, ArticleError, read_article, sentences
from coopatlas.registry import models
from coopatlas.registry.store import require_schema, write

NUM_HASHES = 128
DUPLICATE_JACCARD = 0.2
"""A copy with a fifth of its words reworded keeps about 0.45 of its 3-grams, with 30% about
0.26; different articles of the genre we tried (seeds, test and real articles) share under 0.06."""
CONFLICT_TOLERANCE = 0.01

_MASK = (1 << 61) - 1
_rng = np.random.default_rng(20230601)
_A = _rng.integers(1, _MASK, NUM_HASHES, dtype=np.uint64)
_B = _rng.integers(0, _MASK, NUM_HASHES, dtype=np.uint64)


def normalise_words(text: str) -> list[str]:
    return re.findall(r"[0-9a-zа-яё]+", text.lower().replace("ё", "е"))


def shingles(text: str, n: int = 3) -> set[str]:
    words = normalise_words(text)
    return {" ".join(words[i : i + n]) for i in range(max(1, len(words) - n + 1))}


def minhash(text: str) -> np.ndarray:
    """A MinHash signature: for each of NUM_HASHES hash functions, the minimum over shingles."""
    grams = shingles(text)
    hashes = np.fromiter(
        (
            int.from_bytes(hashlib.blake2b(g.encode(), digest_size=8).digest(), "little")
            for g in grams
        ),
        dtype=np.uint64,
        count=len(grams),
    )
    with np.errstate(over="ignore"):
        mixed = (hashes[:, None] * _A[None, :] + _B[None, :]) & np.uint64(_MASK)
    signature: np.ndarray = mixed.min(axis=0)
    return signature


def similarity(signature: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Estimated Jaccard similarity of one signature with each row of *others*."""
    result: np.ndarray = (others == signature[None, :]).mean(axis=1)
    return result


@dataclass
class AddResult:
    path: str
    document: str | None = None
    status: str = "added"  # added | unchanged | duplicate | failed
    duplicate_of: str | None = None
    facts: int = 0
    trade_flows: int = 0
    merged: int = 0
    projects: int = 0
    trends: int = 0
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None


def _document_id(sha: str) -> str:
    return f"doc-{sha[:16]}"


def _site(url: str | None, text: str) -> str | None:
    if url:
        return urlparse(url).netloc or None
    m = re.search(r"\((BelTA|БЕЛТА)\)|BelTA has learned|belta\.by", text[:4000])
    if m:
        return "belta.by"
    if "president.gov.by" in text:
        return "president.gov.by"
    return None


def _title(article: Article) -> str | None:
    if article.title:
        return article.title
    for line in article.text.splitlines():
        line = line.strip()
        if 25 <= len(line) <= 200 and not re.search(r"\d{1,2}:\d\d|posted|©", line, re.I):
            return line
    return None


def _facts(doc_id: str, result: dict[str, Any], text: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []

    def add(
        kind: str, payload: dict[str, Any], span: tuple[int, int] | None, sentence: str | None
    ) -> None:
        rows.append(
            {
                "document": doc_id,
                "kind": kind,
                "payload": json.dumps(payload, ensure_ascii=False),
                "span_start": span[0] if span else None,
                "span_end": span[1] if span else None,
                "sentence": sentence,
            }
        )

    def locate(needle: str) -> tuple[int, int] | None:
        i = text.find(needle)
        if needle and i >= 0:
            return (i, i + len(needle))
        # a name put back in the nominative: find its last word's stem ("Евраев" in "Евраевым")
        last = needle.split()[-1] if needle.split() else ""
        stem = last[: max(4, len(last) - 2)]
        i = text.find(stem) if len(stem) >= 4 else -1
        return (i, i + len(stem)) if i >= 0 else None

    parts = sentences(text)
    starts = [s.start for s in parts]

    def sentence_at(span: tuple[int, int] | None) -> str | None:
        if span is None or not parts:
            return None
        return parts[max(0, bisect.bisect_right(starts, span[0]) - 1)].text

    def add_located(kind: str, payload: dict[str, Any], span: tuple[int, int] | None) -> None:
        add(kind, payload, span, sentence_at(span))

    for r in result["regions"]:
        span = tuple(r["span"]) if r.get("span") else locate(r["name"])
        add_located("region", {k: v for k, v in r.items() if k != "span"}, span)  # type: ignore[arg-type]
    for p in result["people"]:
        add_located("person", p, locate(p["name"]))
    for e in result["enterprises"]:
        add_located("enterprise", e, locate(e["mention"]))
    for f in result["trade_figures"]:
        add("trade_figure", f, (f["span"][0], f["span"][1]), f["sentence"])
    for t in result["trends"]:
        add("trend", t, locate(t["text"]), t["text"])
    for p in result["projects"]:
        add("project", p, (p["span"][0], p["span"][1]), text[p["span"][0] : p["span"][1]])
    return rows


def _flow_rows(result: dict[str, Any], source: str) -> list[dict[str, Any]]:
    import datetime as dt

    # one flow per key and source: the same figure given in dollars and in another currency
    # becomes one row with both (value_usd from the dollar figure, value and currency from
    # the other), as the trade_flows format keeps them
    figures = sorted(result["trade_figures"], key=lambda f: f["value_usd"] is None)
    merged: dict[tuple[str, str, str, str], dict[str, Any]] = {}
    for f in figures:
        key = (f["partner"], f["indicator"], f["period_start"], f["period_end"])
        row = merged.get(key)
        if row is None:
            merged[key] = {
                "reporter": "BY",
                "partner": f["partner"],
                "period_start": dt.date.fromisoformat(f["period_start"]),
                "period_end": dt.date.fromisoformat(f["period_end"]),
                "flow": f["indicator"],
                "hs": "TOTAL",
                "value_usd": f["value_usd"],
                "value": f["value"],
                "currency": f["currency"],
                "qualifier": f["qualifier"],
                "growth_pct": f["growth_pct"],
                "growth_basis": f["growth_basis"],
                "source": source,
                "synthetic": False,
            }
            continue
        other_currency = f["currency"] not in (None, "USD") and f["value"] is not None
        if other_currency and row["currency"] in (None, "USD"):
            row["value"], row["currency"] = f["value"], f["currency"]
        if row["growth_pct"] is None and f["growth_pct"] is not None:
            row["growth_pct"], row["growth_basis"] = f["growth_pct"], f["growth_basis"]
    rows = list(merged.values())
    return rows


def _insert_ignore(
    connection: Connection, model: type[models.Base], rows: list[dict[str, Any]]
) -> int:
    if not rows:
        return 0
    table = models.table(model)
    dialect = {"sqlite": sqlite, "postgresql": postgresql}[connection.dialect.name]
    statement = dialect.insert(table).on_conflict_do_nothing()
    count = connection.execute(statement, rows).rowcount
    return int(count) if count is not None and count >= 0 else len(rows)


@dataclass
class Fingerprints:
    """MinHash signatures of the stored originals (not of documents marked as duplicates)."""

    ids: list[str]
    matrix: np.ndarray

    @classmethod
    def load(cls, connection: Connection) -> Fingerprints:
        f, d = models.Fact, models.Document
        rows = connection.execute(
            select(f.document, f.payload)
            .join(d, d.id == f.document)
            .where(f.kind == "fingerprint", d.duplicate_of.is_(None))
        ).all()
        matrix = np.array([json.loads(r[1])["minhash"] for r in rows], dtype=np.uint64).reshape(
            len(rows), NUM_HASHES
        )
        return cls([r[0] for r in rows], matrix)

    def nearest(self, signature: np.ndarray) -> tuple[str | None, float]:
        if not self.ids:
            return None, 0.0
        scores = similarity(signature, self.matrix)
        best = int(scores.argmax())
        return self.ids[best], float(scores[best])

    def add(self, doc_id: str, signature: np.ndarray) -> None:
        self.ids.append(doc_id)
        self.matrix = np.vstack([self.matrix, signature[None, :]])


def add_article(
    connection: Connection,
    article: Article,
    gaz: Gazetteer,
    fingerprints: Fingerprints | None = None,
) -> AddResult:
    """Store one article (in the caller's transaction)."""
    result = AddResult(article.path)
    sha = hashlib.sha256(article.text.encode("utf-8")).hexdigest()
    doc_id = _document_id(sha)
    result.document = doc_id
    d = models.Document
    stored = connection.execute(select(d.id).where(d.sha256 == sha)).scalar()
    if stored is not None:  # the id it was stored under (a dataset's document keeps its own)
        result.status = "unchanged"
        result.document = stored
        return result
    extracted = extract(article, gaz, provenance=True)
    signature = minhash(article.text)
    if fingerprints is None:
        fingerprints = Fingerprints.load(connection)
    nearest, score = fingerprints.nearest(signature)
    duplicate_of = nearest if score >= DUPLICATE_JACCARD else None
    flows = _flow_rows(extracted, "")
    held = _held_flows(connection, flows)
    listed = (
        _listed_document(connection, article.url)
        if article.url
        else _listed_by_figures(connection, held, extracted)
    )
    if listed is not None:
        doc_id = result.document = listed
    published = dt.date.fromisoformat(extracted["published"]) if extracted["published"] else None
    values = {
        "id": doc_id,
        "kind": "article",
        "title": _title(article),
        "url": article.url,
        "published": published,
        "published_partial": extracted["published_partial"],
        "language": extracted["language"],
        "source_site": _site(article.url, article.text),
        "sha256": sha,
        "duplicate_of": duplicate_of,
    }
    table = models.table(models.Document)
    if listed is None:
        connection.execute(table.insert(), values)
    else:  # the registry lists the article already (a dataset row): give it its text's facts
        keep = {"id", "kind", "title", "url", "published", "published_partial"}
        connection.execute(
            table.update()
            .where(table.c.id == listed)
            .values({k: v for k, v in values.items() if k not in keep})
        )
        url = connection.execute(select(models.Document.url).where(table.c.id == listed)).scalar()
        article = replace(article, url=url or article.url)
    source = article.url or f"doc:{doc_id}"
    for f in extracted["trade_figures"]:  # each figure says which trade row holds it
        key = (f["partner"], f["indicator"], f["period_start"], f["period_end"])
        f["trade_flow_source"] = held[key]["source"] if key in held else source
    facts = _facts(doc_id, extracted, article.text)
    facts.append(
        {
            "document": doc_id,
            "kind": "fingerprint",
            "payload": json.dumps({"minhash": [int(x) for x in signature]}),
            "span_start": None,
            "span_end": None,
            "sentence": None,
        }
    )
    connection.execute(models.table(models.Fact).insert(), facts)
    result.facts = len(facts) - 1
    if duplicate_of:
        result.status = "duplicate"
        result.duplicate_of = duplicate_of
        return result
    fingerprints.add(doc_id, signature)
    result.projects = len(
        store_projects(connection, doc_id, source, published, extracted["projects"])
    )
    result.trends = store_trends(connection, doc_id, published, extracted["trends"])
    new_flows = []
    for r in flows:
        r["source"] = source
        key = (r["partner"], r["flow"], r["period_start"].isoformat(), r["period_end"].isoformat())
        if key in held:
            _fill_in(connection, held[key], r)
            result.merged += 1
        else:
            new_flows.append(r)
    flows = new_flows
    result.trade_flows = _insert_ignore(connection, models.TradeFlow, flows)
    if flows:
        result.conflicts = _new_conflicts(connection, flows, source)
    return result


def _new_conflicts(
    connection: Connection, flows: list[dict[str, Any]], source: str
) -> list[dict[str, Any]]:
    """The conflicts the article's new flows cause: only the rows of their keys are read (the
    whole-table comparison is for ``intake conflicts``)."""
    t = models.TradeFlow
    rows = connection.execute(
        select(
            t.partner,
            t.flow,
            t.period_start,
            t.period_end,
            t.hs,
            t.value_usd,
            t.value,
            t.currency,
            t.source,
        ).where(t.partner.in_({f["partner"] for f in flows}), t.source != source)
    ).all()
    out = []
    for f in flows:
        for row in rows:
            if (row.partner, row.flow, row.period_start, row.period_end, row.hs) != (
                f["partner"], f["flow"], f["period_start"], f["period_end"], f["hs"]
            ):  # fmt: skip
                continue
            if row.value_usd is not None and f["value_usd"] is not None:
                unit, old, new = "USD", float(row.value_usd), float(f["value_usd"])
            elif row.value_usd is None and f["value_usd"] is None and row.currency == f["currency"]:
                unit, old, new = str(row.currency), float(row.value), float(f["value"])
            else:
                continue
            if abs(old - new) <= CONFLICT_TOLERANCE * max(old, new):
                continue
            (va, sa), (vb, sb) = sorted([(old, str(row.source)), (new, source)], key=lambda x: x[1])
            out.append(
                {
                    "partner": f["partner"], "flow": f["flow"], "period_start": f["period_start"],
                    "period_end": f["period_end"], "unit": unit, "value_a": va, "source_a": sa,
                    "value_b": vb, "source_b": sb,
                }
            )  # fmt: skip
    return out


def _same_value(row: Any, flow: dict[str, Any]) -> bool:
    """One figure: USD within 1% of USD, else the same currency within 1%."""
    if row.value_usd is not None and flow["value_usd"] is not None:
        a, b = float(row.value_usd), float(flow["value_usd"])
    elif row.value is not None and flow["value"] is not None and row.currency == flow["currency"]:
        a, b = float(row.value), float(flow["value"])
    else:
        return False
    return abs(a - b) <= CONFLICT_TOLERANCE * max(abs(a), abs(b))


def _held_flows(
    connection: Connection, flows: list[dict[str, Any]]
) -> dict[tuple[str, str, str, str], dict[str, Any]]:
    """The registry's trade rows that already hold a figure of the article (same partner, flow,
    period and value within 1%), by the figure's key: these figures merge, not add a row."""
    if not flows:
        return {}
    t = models.TradeFlow
    rows = connection.execute(
        select(
            t.id,
            t.partner,
            t.flow,
            t.period_start,
            t.period_end,
            t.value_usd,
            t.value,
            t.currency,
            t.growth_pct,
            t.source,
        ).where(t.reporter == "BY", t.hs == "TOTAL", t.partner.in_({f["partner"] for f in flows}))
    ).all()
    held: dict[tuple[str, str, str, str], dict[str, Any]] = {}
    for f in flows:
        for row in rows:
            same_key = (row.partner, row.flow, row.period_start, row.period_end) == (
                f["partner"], f["flow"], f["period_start"], f["period_end"]
            )  # fmt: skip
            if same_key and _same_value(row, f):
                key = (f["partner"], f["flow"], f["period_start"].isoformat(),
                       f["period_end"].isoformat())  # fmt: skip
                held[key] = {"id": row.id, "source": row.source, "growth_pct": row.growth_pct}
                break
    return held


def _listed_by_figures(
    connection: Connection,
    held: dict[tuple[str, str, str, str], dict[str, Any]],
    extracted: dict[str, Any],
) -> str | None:
    """A listed document (no text yet) whose trade rows hold every figure of the article that
    the registry holds, at least two of them, with the same date when both have one: the
    article is that document (a saved page without its address)."""
    sources = {h["source"] for h in held.values()}
    if len(held) < 2 or len(sources) != 1:
        return None
    (url,) = sources
    d = models.Document
    row = connection.execute(
        select(d.id, d.published, d.published_partial).where(d.url == url, d.sha256.is_(None))
    ).first()
    if row is None:
        return None
    if (
        row.published
        and extracted["published"]
        and row.published.isoformat() != extracted["published"]
    ):
        return None
    if (
        row.published_partial
        and extracted["published_partial"]
        and (row.published_partial != extracted["published_partial"])
    ):
        return None
    return str(row.id)


def _fill_in(connection: Connection, held: dict[str, Any], flow: dict[str, Any]) -> None:
    """A merged figure gives the stored row the growth it lacks; the row keeps its source."""
    if held["growth_pct"] is None and flow["growth_pct"] is not None:
        table = models.table(models.TradeFlow)
        connection.execute(
            table.update()
            .where(table.c.id == held["id"])
            .values(growth_pct=flow["growth_pct"], growth_basis=flow["growth_basis"])
        )


def _listed_document(connection: Connection, url: str | None) -> str | None:
    """The registry's row for this address when it has no text yet (a dataset's document)."""
    if not url:
        return None
    d = models.Document
    row = connection.execute(select(d.id).where(d.url == url, d.sha256.is_(None))).first()
    return str(row[0]) if row else None


def iter_files(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and the .txt/.html files of directories, in name order."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(
                sorted(
                    q for q in p.rglob("*")
                    if q.is_file() and q.suffix.lower() in {".txt", ".html", ".htm"}
                )
            )  # fmt: skip
        else:
            out.append(p)
    return out


# Articles stored per transaction. Each article is still all-or-nothing (an error in one
# stops the run before its batch commits), but one commit per article made the fsyncs about a
# third of `intake add` of the whole corpus (issue 13: at most 10 s for it).
BATCH = 64


def add_files(engine: Engine, paths: Iterable[Path], url: str | None = None) -> list[AddResult]:
    """Read and store each file; a file that cannot be read does not stop the others.
    Articles are written in transactions of up to ``BATCH`` (one retry after a lock repeats
    its batch). *url* is the page's address of the one file given (it wins over the file's
    own)."""
    files = iter_files(paths)
    if url is not None:
        if len(files) != 1:
            raise UserError(f"--url names the address of one article; {len(files)} files given")
        if not re.match(r"https?://[^\s/]+", url):
            raise UserError(f"--url {url!r}: not an http(s) address")
    require_schema(engine)
    gaz = database_gazetteer(engine)
    with engine.connect() as connection:
        fingerprints = Fingerprints.load(connection)
    results: list[AddResult | None] = []
    batch: list[tuple[int, Article]] = []

    def flush() -> None:
        saved = (list(fingerprints.ids), fingerprints.matrix)

        def work(connection: Connection) -> list[AddResult]:
            # a retry (another writer held the lock) starts from the fingerprints as they were
            fingerprints.ids, fingerprints.matrix = list(saved[0]), saved[1]
            return [add_article(connection, article, gaz, fingerprints) for _, article in batch]

        try:
            done = write(engine, work, logging.getLogger("coopatlas.intake").warning)
        except Exception:
            fingerprints.ids, fingerprints.matrix = saved  # the transaction was rolled back
            raise
        for (index, _), result in zip(batch, done, strict=True):
            results[index] = result
        batch.clear()

    for path in files:
        try:
            article = read_article(path)
            if url is not None:
                article = replace(article, url=url)
        except ArticleError as exc:
            results.append(AddResult(str(path), status="failed", error=str(exc)))
            continue
        results.append(None)
        batch.append((len(results) - 1, article))
        if len(batch) == BATCH:
            flush()
    if batch:
        flush()
    return [r for r in results if r is not None]


def find_conflicts(
    connection: Connection, partners: set[str] | None = None
) -> list[dict[str, Any]]:
    """Pairs of trade flows that disagree by more than 1% on the same key (for *partners*)."""
    t = models.TradeFlow
    columns = ["partner", "flow", "period_start", "period_end", "hs", "value_usd", "value",
               "currency", "source"]  # fmt: skip
    import pandas as pd  # here: `intake add` never needs it, and it takes most of a second to load

    query = select(*[models.table(t).c[c] for c in columns])
    if partners is not None:
        query = query.where(t.partner.in_(sorted(partners)))
    frame = pd.DataFrame(connection.execute(query).all(), columns=columns)
    if frame.empty:
        return []
    frame["amount"] = frame["value_usd"].where(frame["value_usd"].notna(), frame["value"])
    frame["unit"] = np.where(frame["value_usd"].notna(), "USD", frame["currency"].fillna("?"))
    key = ["partner", "flow", "period_start", "period_end", "hs", "unit"]
    pairs = frame.merge(frame, on=key, suffixes=("_a", "_b"))
    pairs = pairs[pairs["source_a"] < pairs["source_b"]]
    high = np.maximum(pairs["amount_a"], pairs["amount_b"])
    low = np.minimum(pairs["amount_a"], pairs["amount_b"])
    pairs = pairs[(high - low) > CONFLICT_TOLERANCE * high]
    out = []
    for row in pairs.itertuples(index=False):
        out.append(
            {
                "partner": row.partner,
                "flow": row.flow,
                "period_start": row.period_start,
                "period_end": row.period_end,
                "unit": row.unit,
                "value_a": float(row.amount_a),
                "source_a": row.source_a,
                "value_b": float(row.amount_b),
                "source_b": row.source_b,
            }
        )
    return out


def conflicts(engine: Engine) -> list[dict[str, Any]]:
    require_schema(engine)
    with engine.connect() as connection:
        return find_conflicts(connection)


def _label(kind: str, p: dict[str, Any]) -> str:
    """What a sentence supports, in a few words."""
    if kind == "trade_figure":
        amount = p["value_usd"] if p.get("value_usd") is not None else p["value"]
        unit = "USD" if p.get("value_usd") is not None else p.get("currency") or ""
        return (
            f"trade figure {p['partner']} {p['indicator']} {p['period_start']}..{p['period_end']}"
            f" {amount:,.0f} {unit}"
        )
    if kind == "trend":
        return f"trend {p['partner']} {p['indicator']} {p['direction']}"
    if kind == "project":
        return f"project ({p['status']})"
    if kind == "person":
        return f"person {p['name']}" + (f", {p['role']}" if p.get("role") else "")
    if kind == "region":
        return f"region {p['code']}"
    return f"{kind} {p.get('name', '')}".strip()


KIND_ORDER = ("trade_figure", "trend", "project", "region", "person", "enterprise")


def resolve_documents(connection: Connection, source: str) -> list[str]:
    """Document ids for any form ``intake add`` prints or a trade row holds: ``doc:<id>``, the
    bare id, or the page's address."""
    d = models.Document
    ident = source[4:] if source.startswith("doc:") else source
    found = list(connection.execute(select(d.id).where(d.id == ident)).scalars())
    if not found:
        found = list(connection.execute(select(d.id).where(d.url == source)).scalars())
    return found


def document_sentences(engine: Engine, source: str) -> list[str]:
    """Each fact of a source (``doc:<id>``, the id, or a URL), labelled, with its sentence:
    trade figures first, then trends, projects, regions, people and enterprises."""
    f = models.Fact
    with engine.connect() as c:
        doc_ids = resolve_documents(c, source)
        rows = c.execute(
            select(f.kind, f.payload, f.sentence)
            .where(f.document.in_(doc_ids), f.kind.in_(KIND_ORDER))
            .order_by(f.document, f.span_start, f.id)
        ).all()
    rows = sorted(rows, key=lambda r: KIND_ORDER.index(r.kind))
    return [f"[{_label(r.kind, json.loads(r.payload))}] {r.sentence}" for r in rows if r.sentence]
