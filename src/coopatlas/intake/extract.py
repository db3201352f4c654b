"""Everything read from one article, in the JSON shape of issue 4; trends and projects.

The other extractors live in their own modules: ``dates`` (the article's date), ``document``
(sentences, language, names), ``entities`` (people, enterprises) and ``reading`` (trade
figures: every amount a candidate, its reading chosen by a small trained model, because rules
written while reading some articles did not carry over to others). Trends, people and
projects are read by rules. Each fact keeps its span and its sentence.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from coopatlas.intake.candidates import Reader
from coopatlas.intake.document import Doc, main_region, read_doc
from coopatlas.intake.entities import extract_enterprises, extract_people
from coopatlas.intake.folding import Folded
from coopatlas.intake.gazetteer import Gazetteer
from coopatlas.intake.money import find_money
from coopatlas.intake.projects import extract_projects
from coopatlas.intake.reading import extract_figures
from coopatlas.intake.text import Article, Sentence
from coopatlas.intake.trade import (
    DIGIT,
    INDICATOR,
    TARGET,
    TREND_CUE,
    figure_json,
    indicator_direction,
)

Json = dict[str, Any]

FALLING = Folded(
    re.compile(
        r"\b(?:falling|declin\w*|decreas\w*|downward|fell|dropp\w*|shrink\w*|reduc\w*|"
        r"снижа\w*|снизил\w*|снижени\w*|сокращ\w*|пада\w*|уменьш\w*)\b",
        re.I,
    )
)
RISING = Folded(
    re.compile(
        r"\b(?:rising|grow\w*|on\s+the\s+rise|upward|increas\w*|rose|growth\s+track|"
        r"раст\w*|рост\w*|увеличива\w*|вырос\w*)\b",
        re.I,
    )
)
BALANCE_CUE = Folded(re.compile(r"exceed|balance|deficit|surplus|превыша|сальдо", re.I))
BALANCE_NEG = Folded(
    re.compile(
        r"import\w*[^.]{0,60}exceed\w*[^.]{0,30}export|negative\s+(?:trade\s+)?balance|trade\s+deficit|"
        r"импорт\w*[^.]{0,60}превыша\w*[^.]{0,30}экспорт|отрицательн\w+\s+сальдо",
        re.I,
    )
)
BALANCE_POS = Folded(
    re.compile(
        r"export\w*[^.]{0,60}exceed\w*[^.]{0,30}import|positive\s+(?:trade\s+)?balance|trade\s+surplus|"
        r"экспорт\w*[^.]{0,60}превыша\w*[^.]{0,30}импорт|положительн\w+\s+сальдо",
        re.I,
    )
)


TREND_PERIOD = Folded(
    re.compile(
        r"\b(?:since|from)\s+(?:19|20)\d\d\b|\b(?:over|in|during|for)\s+the\s+(?:last|past)\s+"
        r"(?:\w+\s+)?(?:years?|months?|quarters?)\b|\bin\s+(?:19|20)\d\d\b|"
        r"\bс\s+(?:19|20)\d\d\s+года\b|\b(?:за|в\s+течение)\s+последни[ехй]\s+(?:\w+\s+)?"
        r"(?:лет|года?|месяц\w*|квартал\w*)|\bв\s+(?:19|20)\d\d\s+году\b",
        re.I,
    )
)


TREND_CUES = Folded(TREND_CUE, strict=False)


def _trend(partner: str, indicator: str, direction: str, s: Sentence, low: str | None) -> Json:
    period = TREND_PERIOD.search(s.text, low)
    return {
        "partner": partner,
        "indicator": indicator,
        "direction": direction,
        "period": s.text[period.start() : period.end()] if period else None,
        "text": s.text,
        "span": [s.start, s.end],
    }


def extract_trends(doc: Doc, gaz: Gazetteer) -> list[Json]:
    """Directions of trade stated without a figure, with the period phrase when there is one."""
    out: list[Json] = []
    main = main_region(doc)
    cues = [m.start() for m in TREND_CUES.finditer(doc.text, doc.lower)]  # in order
    for s in doc.sentences:
        i = bisect.bisect_left(cues, s.start)
        if i == len(cues) or cues[i] >= s.end:
            continue
        if DIGIT.search(s.text) and find_money(s.text, doc.language):
            continue
        regions = [
            m.name.code for m in doc.in_sentence(doc.regions, s) if m.name.code.startswith("RU-")
        ]
        partner = regions[0] if regions else main
        if partner is None:
            continue
        low = doc.sentence_lower(s)
        balance = BALANCE_CUE.search(s.text, low)
        if balance and BALANCE_NEG.search(s.text, low):
            out.append(_trend(partner, "balance", "negative", s, low))
            continue
        if balance and BALANCE_POS.search(s.text, low):
            out.append(_trend(partner, "balance", "positive", s, low))
            continue
        ind = INDICATOR.search(s.text)
        if not ind or TARGET.search(s.text[: ind.start()]):
            continue
        lo, hi = max(0, ind.start() - 60), ind.end() + 80
        window, window_low = s.text[lo:hi], None if low is None else low[lo:hi]
        direction = (
            "falling"
            if FALLING.search(window, window_low)
            else "rising"
            if RISING.search(window, window_low)
            else None
        )
        if direction:
            out.append(_trend(partner, indicator_direction(ind, s.text), direction, s, low))
    return out


def extract(article: Article, gaz: Gazetteer, provenance: bool = False) -> Json:
    """All facts of one article, in the issue's JSON shape (keys in the issue's order); with
    *provenance*, trade figures also say whether their period was inferred."""
    doc = read_doc(article, gaz)
    regions: dict[str, Json] = {}
    for m in doc.regions:
        regions.setdefault(m.name.code, {"code": m.name.code, "name": m.name.canonical})
        if provenance:
            regions[m.name.code].setdefault("span", [m.start, m.end])
    enterprises = extract_enterprises(doc, gaz)
    reader = Reader(doc)
    figures = [figure_json(f, provenance) for f in extract_figures(doc, reader)]
    dated = not reader.date_set_aside  # a stamp the figure reader set aside dates nothing
    for f in figures:  # a city the text makes the partner ("trade with Moscow") names its region
        if f["partner"].startswith("RU-") and f["partner"] not in regions:
            name = gaz.region_names.get(f["partner"], f["partner"])
            regions[f["partner"]] = {"code": f["partner"], "name": name}
    return {
        "document": article.path,
        "published": doc.published.isoformat() if doc.published and dated else None,
        "published_partial": doc.partial if dated else None,
        "language": doc.language,
        "regions": list(regions.values()),
        "people": extract_people(doc, gaz),
        "enterprises": enterprises,
        "trade_figures": figures,
        "trends": extract_trends(doc, gaz),
        "projects": extract_projects(doc, gaz, enterprises),
    }
