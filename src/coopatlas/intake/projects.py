"""Projects an article reports: one per sentence about a project, and staged programmes.

A sentence about a project (a joint venture, assembly, localisation, a cluster) gives its
parties (the enterprises it names), a status (operating / development / proposed), a stage
and a horizon year. A *programme* announced in stages ("will advance in three phases", "в три
этапа") gathers the sentences that follow it: each stage marker ("Initially", "the next
stage", "the 3rd stage") adds a stage, and "this programme … until 2030" gives the horizon.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from coopatlas.intake.document import Doc, main_region
from coopatlas.intake.folding import Folded, lowered
from coopatlas.intake.gazetteer import Gazetteer
from coopatlas.intake.text import Sentence

Json = dict[str, Any]

PROJECT = Folded(
    re.compile(
        r"(?<!\w)(?:project\w*|joint\s+(?:venture|enterprise|production)\w*|assembl\w*|locali[sz]\w*|"
        r"cluster|production\s+facilit\w*|new\s+plant|проект\w*|совместн\w+\s+(?:предприят|производств)\w*|"
        r"сборк\w*|сборочн\w*|локализ\w*|кластер\w*)\b",
        re.I,
    )
)
OPERATING = Folded(
    re.compile(
        r"\b(?:is\s+functioning|functions|operat\w+|already|are\s+assembled|has\s+been\s+progressing|"
        r"produce[sd]?|supply|supplies|ships?|работает|действует|уже|выпускает|производит|поставляет)\b",
        re.I,
    )
)
DEVELOPMENT = Folded(
    re.compile(
        r"\b(?:underway|under\s+way|in\s+development|development\s+stage|being\s+(?:realized|implemented|"
        r"built|developed)|in\s+progress|under\s+construction|реализуется|ведется|ведётся|строится|"
        r"в\s+стадии)\b",
        re.I,
    )
)
PROPOSED = Folded(
    re.compile(
        r"\b(?:plan(?:s|ned|ning)?\b|may|might|could|would|ready\s+to|promising|prospect\w*|interested|invite\w*|"
        r"should|propos\w*|consider\w*|feasibility|will|планир\w*|может|готов\w*|перспектив\w*|"
        r"предлага\w*|намерен\w*)\b",
        re.I,
    )
)
_ORDINAL = (
    r"first|second|third|fourth|1st|2nd|3rd|4th|next|final|last|"
    r"перв\w*|втор\w*|трет\w*|четв[её]рт\w*|следующ\w*|последн\w*|заключительн\w*"
)
STAGE = Folded(
    re.compile(
        rf"\b(?:(?P<o>{_ORDINAL})\s+(?:stage|phase|этап\w*)|(?:stage|phase|этап)\s+(?P<n>[1-4])|"
        r"(?P<i>initially|first\s+of\s+all|at\s+first|to\s+begin\s+with|сначала|прежде\s+всего|"
        r"в\s+первую\s+очередь))\b",
        re.I,
    )
)
_COUNT_WORDS = {"two": 2, "three": 3, "four": 4, "два": 2, "две": 2, "три": 3, "четыре": 4}
STAGED = Folded(
    re.compile(
        r"\b(?:in|into|through)\s+(?P<en>[2-4]|two|three|four)\s+(?:stages|phases|steps)\b|"
        r"\b(?P<en2>[2-4]|two|three|four)-(?:stage|phase|step)\b|"
        r"\bв\s+(?P<ru>[2-4]|два|две|три|четыре)\s+(?:этапа|стадии|шага)\b|"
        r"\b(?P<ru2>[2-4]|двух|трех|трёх|четырех|четырёх)(?:-х)?\s*этапн\w*",
        re.I,
    )
)
_RU_GENITIVE = {"двух": 2, "трех": 3, "трёх": 3, "четырех": 4, "четырёх": 4}
PROGRAMME_REF = Folded(
    re.compile(
        r"\b(?:this|the)\s+(?:program(?:me)?|plan|cooperation|work)\b|"
        r"\b(?:эта|данная|эту|данную)\s+(?:программ\w*|работ\w*)\b",
        re.I,
    )
)
HORIZON = Folded(re.compile(r"\b(?:until|by|to|till|through|до|к)\s+(?P<y>20[2-5]\d)\b", re.I))


def _status(text: str, low: str | None) -> str:
    """*low*: ``lowered(text)``, for the folded patterns."""
    if DEVELOPMENT.search(text, low):
        return "development"
    if OPERATING.search(text, low) and not PROPOSED.search(text, low):
        return "operating"
    return "proposed"


def _stage_number(m: re.Match[str], previous: int) -> int:
    if m.group("n"):
        return int(m.group("n"))
    if m.group("i"):
        return 1
    word = m.group("o").lower()
    for n, prefixes in enumerate(
        (
            ("first", "1st", "перв"),
            ("second", "2nd", "втор"),
            ("third", "3rd", "трет"),
            ("fourth", "4th", "четв"),
        ),
        start=1,
    ):
        if word.startswith(prefixes):
            return n
    return previous + 1  # "the next stage", "the final stage"


def _stage_count(m: re.Match[str]) -> int:
    word = next(g for g in (m.group("en"), m.group("en2"), m.group("ru"), m.group("ru2")) if g)
    word = word.lower()
    return int(word) if word.isdigit() else _COUNT_WORDS.get(word) or _RU_GENITIVE[word]


def _short(text: str) -> str:
    return text if len(text) <= 300 else text[:297] + "..."


def _programme(doc: Doc, parties_of: Any) -> tuple[Json | None, set[int]]:
    """The first programme announced in stages, and the sentences it took up."""
    if not STAGED.search(doc.text, doc.lower):
        return None, set()
    opener: Sentence | None = None
    count = 0
    used: set[int] = set()
    stages: list[Json] = []
    horizon: int | None = None
    summary: Sentence | None = None
    for i, s in enumerate(doc.sentences):
        low = doc.sentence_lower(s)
        m = STAGED.search(s.text, low)
        if opener is None:
            if m:
                opener, count = s, _stage_count(m)
                summary = summary or s
                used.add(i)
            continue
        if m and len(stages) == 0:  # the headline announced it; the body says it again
            opener = s
            used.add(i)
            continue
        stage = STAGE.search(s.text, low)
        if stage and len(stages) < count:
            number = _stage_number(stage, stages[-1]["stage"] if stages else 0)
            if number > len(stages) and number <= count:
                stages.append(
                    {"stage": number, "summary": _short(s.text), "span": [s.start, s.end]}
                )
                used.add(i)
        year = HORIZON.search(s.text, low)
        if year and horizon is None and (PROGRAMME_REF.search(s.text, low) or stages):
            horizon = int(year.group("y"))
            used.add(i)
    if opener is None or summary is None:
        return None, set()
    opener_low = doc.sentence_lower(opener)
    year = HORIZON.search(opener.text, opener_low)
    if year and horizon is None:
        horizon = int(year.group("y"))
    title = summary.text
    return {
        "summary": _short(title),
        "parties": parties_of(opener.text),
        "status": _status(opener.text, opener_low),
        "stage": None,
        "stages": count,
        "stage_list": stages,
        "horizon": horizon,
        "span": [opener.start, opener.end],
    }, used


KIND = [
    (kind, Folded(re.compile(cue, re.I)))
    for kind, cue in (
        ("joint_venture", r"joint\s+(?:venture|enterprise)|совместн\w+\s+предприят"),
        ("assembly", r"assembl|сборк|сборочн"),
        ("supply", r"\bsuppl|\bships?\b|shipped|поставк|поставля"),
        ("investment", r"invest|инвест"),
        ("technology", r"technolog|import\s+substitution|технолог|импортозамещ"),
    )
]


def project_kind(text: str, low: str | None = None) -> str:
    """The registry's kind of cooperation, from the first cue the sentence has (*low*: the
    sentence's ``lowered`` text, when the caller has it)."""
    if low is None:
        low = lowered(text)
    return next((kind for kind, rx in KIND if rx.search(text, low)), "other")


def _regions(doc: Doc, s: Sentence, fallback: str | None) -> list[str]:
    found = [m.name.code for m in doc.in_sentence(doc.regions, s) if m.name.code.startswith("RU-")]
    return list(dict.fromkeys(found)) or ([fallback] if fallback else [])


def extract_projects(doc: Doc, gaz: Gazetteer, enterprises: list[Json]) -> list[Json]:
    """Projects with parties (names and registry ids), regions (the sentence's Russian
    regions, else the article's), kind, status, stage and horizon; a staged programme first."""
    names = [e["name"] for e in enterprises]
    ids = {n.canonical: n.code for _, _, n in doc.enterprise_hits}
    main = main_region(doc)

    def parties_of(text: str) -> list[str]:
        low = text.lower()
        return [n for n in names if n.lower() in low]

    programme, used = _programme(doc, parties_of)
    out: list[Json] = []
    if programme:
        opener = next(s for s in doc.sentences if s.start == programme["span"][0])
        programme["regions"] = _regions(doc, opener, None)
        programme["kind"] = project_kind(opener.text, doc.sentence_lower(opener))
        out.append(programme)
    starts = [m.start() for m in PROJECT.finditer(doc.text, doc.lower)]  # in order
    for k, s in enumerate(doc.sentences):
        i = bisect.bisect_left(starts, s.start)
        if k in used or i == len(starts) or starts[i] >= s.end or len(s.text) < 30:
            continue
        low = doc.sentence_lower(s)
        stage_m = STAGE.search(s.text, low)
        horizon_m = HORIZON.search(s.text, low)
        out.append(
            {
                "summary": _short(s.text),
                "parties": parties_of(s.text),
                "status": _status(s.text, low),
                "stage": _stage_number(stage_m, 0) if stage_m and not stage_m.group("i") else None,
                "horizon": int(horizon_m.group("y")) if horizon_m else None,
                "span": [s.start, s.end],
                "regions": _regions(doc, s, main),
                "kind": project_kind(s.text, low),
            }
        )
    for p in out:
        p["party_ids"] = [ids[n] for n in p["parties"] if n in ids]
    return out
