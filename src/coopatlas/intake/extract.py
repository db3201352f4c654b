"""Everything read from one article, in the JSON shape of issue 4; trends and projects.

The other extractors live in their own modules: ``dates`` (the article's date), ``document``
(sentences, language, names), ``entities`` (people, enterprises) and ``trade`` (figures).

Rules, not a statistical model: the genre (BelTA, president.gov.by, regional governments)
is formulaic, the rules run at hundreds of articles per second on one core, and every
decision can be explained by the sentence it was read from. Each fact keeps its span.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from coopatlas.intake.document import Doc, main_region, read_doc
from coopatlas.intake.entities import extract_enterprises, extract_people
from coopatlas.intake.gazetteer import Gazetteer
from coopatlas.intake.money import find_money
from coopatlas.intake.text import Article
from coopatlas.intake.trade import (
    DIGIT,
    INDICATOR,
    TARGET,
    TREND_CUE,
    extract_trade,
    figure_json,
    indicator_direction,
)

Json = dict[str, Any]

FALLING = re.compile(
    r"\b(?:falling|declin\w*|decreas\w*|downward|fell|dropp\w*|shrink\w*|reduc\w*|"
    r"снижа\w*|снизил\w*|снижени\w*|сокращ\w*|пада\w*|уменьш\w*)\b",
    re.I,
)
RISING = re.compile(
    r"\b(?:rising|grow\w*|on\s+the\s+rise|upward|increas\w*|rose|growth\s+track|"
    r"раст\w*|рост\w*|увеличива\w*|вырос\w*)\b",
    re.I,
)
BALANCE_CUE = re.compile(r"exceed|balance|deficit|surplus|превыша|сальдо", re.I)
BALANCE_NEG = re.compile(
    r"import\w*[^.]{0,60}exceed\w*[^.]{0,30}export|negative\s+(?:trade\s+)?balance|trade\s+deficit|"
    r"импорт\w*[^.]{0,60}превыша\w*[^.]{0,30}экспорт|отрицательн\w+\s+сальдо",
    re.I,
)
BALANCE_POS = re.compile(
    r"export\w*[^.]{0,60}exceed\w*[^.]{0,30}import|positive\s+(?:trade\s+)?balance|trade\s+surplus|"
    r"экспорт\w*[^.]{0,60}превыша\w*[^.]{0,30}импорт|положительн\w+\s+сальдо",
    re.I,
)


def extract_trends(doc: Doc, gaz: Gazetteer) -> list[Json]:
    out: list[Json] = []
    main = main_region(doc)
    cues = sorted(m.start() for m in TREND_CUE.finditer(doc.text))
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
        balance = BALANCE_CUE.search(s.text)
        if balance and BALANCE_NEG.search(s.text):
            out.append(
                {
                    "partner": partner,
                    "indicator": "balance",
                    "direction": "negative",
                    "text": s.text,
                }
            )
            continue
        if balance and BALANCE_POS.search(s.text):
            out.append(
                {
                    "partner": partner,
                    "indicator": "balance",
                    "direction": "positive",
                    "text": s.text,
                }
            )
            continue
        ind = INDICATOR.search(s.text)
        if not ind or TARGET.search(s.text[: ind.start()]):
            continue
        window = s.text[max(0, ind.start() - 60) : ind.end() + 80]
        direction = (
            "falling" if FALLING.search(window) else "rising" if RISING.search(window) else None
        )
        if direction:
            out.append(
                {
                    "partner": partner,
                    "indicator": indicator_direction(ind, s.text),
                    "direction": direction,
                    "text": s.text,
                }
            )
    return out


PROJECT = re.compile(
    r"(?<!\w)(?:project\w*|joint\s+(?:venture|enterprise|production)\w*|assembl\w*|locali[sz]\w*|"
    r"cluster|production\s+facilit\w*|new\s+plant|проект\w*|совместн\w+\s+(?:предприят|производств)\w*|"
    r"сборк\w*|сборочн\w*|локализ\w*|кластер\w*)\b",
    re.I,
)
OPERATING = re.compile(
    r"\b(?:is\s+functioning|functions|operat\w+|already|are\s+assembled|has\s+been\s+progressing|"
    r"produce[sd]?|supply|supplies|ships?|работает|действует|уже|выпускает|производит|поставляет)\b",
    re.I,
)
DEVELOPMENT = re.compile(
    r"\b(?:underway|under\s+way|in\s+development|development\s+stage|being\s+(?:realized|implemented|"
    r"built|developed)|in\s+progress|under\s+construction|реализуется|ведется|ведётся|строится|"
    r"в\s+стадии)\b",
    re.I,
)
PROPOSED = re.compile(
    r"\b(?:plan\w*|may|might|could|would|ready\s+to|promising|prospect\w*|interested|invite\w*|"
    r"should|propos\w*|consider\w*|feasibility|will|планир\w*|может|готов\w*|перспектив\w*|"
    r"предлага\w*|намерен\w*)\b",
    re.I,
)
STAGE = re.compile(
    r"\b(?:(?P<o>first|second|third|1st|2nd|3rd)\s+(?:stage|phase)|(?:stage|phase)\s+(?P<n>[123])|"
    r"(?P<r>перв|втор|трет)\w*\s+этап)",
    re.I,
)
HORIZON = re.compile(r"\b(?:until|by|to|till|through|до|к)\s+(?P<y>20[2-5]\d)\b", re.I)


def extract_projects(doc: Doc, gaz: Gazetteer, enterprises: list[Json]) -> list[Json]:
    out: list[Json] = []
    names = [e["name"] for e in enterprises]
    hits = {m.start() for m in PROJECT.finditer(doc.text)}
    starts = sorted(hits)
    for s in doc.sentences:
        i = bisect.bisect_left(starts, s.start)
        if i == len(starts) or starts[i] >= s.end or len(s.text) < 30:
            continue
        low = s.text.lower()
        parties = [n for n in names if n.lower() in low]
        if DEVELOPMENT.search(s.text):
            status = "development"
        elif OPERATING.search(s.text) and not PROPOSED.search(s.text):
            status = "operating"
        else:
            status = "proposed"
        stage_m = STAGE.search(s.text)
        stage = None
        if stage_m:
            word = (stage_m.group("o") or stage_m.group("r") or "").lower()
            stage = (
                int(stage_m.group("n"))
                if stage_m.group("n")
                else (
                    1
                    if word.startswith(("first", "1", "перв"))
                    else 2
                    if word.startswith(("second", "2", "втор"))
                    else 3
                )
            )
        horizon_m = HORIZON.search(s.text)
        out.append(
            {
                "summary": s.text if len(s.text) <= 300 else s.text[:297] + "...",
                "parties": parties,
                "status": status,
                "stage": stage,
                "horizon": int(horizon_m.group("y")) if horizon_m else None,
                "span": [s.start, s.end],
            }
        )
    return out


def extract(article: Article, gaz: Gazetteer, provenance: bool = False) -> Json:
    """All facts of one article, in the issue's JSON shape (keys in the issue's order); with
    *provenance*, trade figures also say whether their period was inferred."""
    doc = read_doc(article, gaz)
    regions: dict[str, Json] = {}
    for m in doc.regions:
        regions.setdefault(m.name.code, {"code": m.name.code, "name": m.name.canonical})
    enterprises = extract_enterprises(doc, gaz)
    figures = [figure_json(f, provenance) for f in extract_trade(doc, gaz)]
    for f in figures:  # a city the text makes the partner ("trade with Moscow") names its region
        if f["partner"].startswith("RU-") and f["partner"] not in regions:
            name = gaz.region_names.get(f["partner"], f["partner"])
            regions[f["partner"]] = {"code": f["partner"], "name": name}
    return {
        "document": article.path,
        "published": doc.published.isoformat() if doc.published else None,
        "published_partial": doc.partial,
        "language": doc.language,
        "regions": list(regions.values()),
        "people": extract_people(doc, gaz),
        "enterprises": enterprises,
        "trade_figures": figures,
        "trends": extract_trends(doc, gaz),
        "projects": extract_projects(doc, gaz, enterprises),
    }
