"""Names the intake recognises: regions, cities, countries and enterprises, with their aliases.

The names come from the registry database when one is given (so enterprises a user imported
are recognised), else from the reference data shipped in the package, so that
``intake extract`` works without a database. Each list is compiled once into a
token dictionary (Aho-Corasick in spirit), longest alias first, which reads an article in one
pass whatever the number of aliases.
"""

from __future__ import annotations

import bisect
import csv
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from sqlalchemy import Engine, select

from coopatlas.intake.folding import Folded
from coopatlas.intake.known import KnownEnterprises
from coopatlas.intake.lemmas import LemmaIndex
from coopatlas.match.name_cache import registry_index
from coopatlas.match.names import NameIndex
from coopatlas.registry import models

CITY_KINDS = {"city", "federal_city"}

COUNTRIES: dict[str, tuple[str, ...]] = {
    "RU": (
        "Russia",
        "the Russian Federation",
        "Russian Federation",
        "Россия",
        "России",
        "Россией",
        "Россию",
        "Российской Федерации",
        "Российская Федерация",
    ),
    "UZ": ("Uzbekistan", "Узбекистан", "Узбекистана", "Узбекистаном", "Узбекистане"),
    "CN": ("China", "Китай", "Китая", "Китаем", "Китае", "КНР"),
    "KZ": ("Kazakhstan", "Казахстан", "Казахстана", "Казахстаном", "Казахстане"),
    "AM": ("Armenia", "Армения", "Армении", "Арменией"),
    "KG": ("Kyrgyzstan", "Кыргызстан", "Киргизия", "Кыргызстана", "Кыргызстаном"),
    "AZ": ("Azerbaijan", "Азербайджан", "Азербайджана", "Азербайджаном"),
    "TJ": ("Tajikistan", "Таджикистан", "Таджикистана", "Таджикистаном"),
    "TM": ("Turkmenistan", "Туркменистан", "Туркменистана", "Туркменистаном"),
    "VN": ("Vietnam", "Viet Nam", "Вьетнам", "Вьетнама", "Вьетнамом"),
    "IN": ("India", "Индия", "Индии", "Индией"),
    "IR": ("Iran", "Иран", "Ирана", "Ираном"),
    "TR": ("Turkey", "Türkiye", "Турция", "Турции", "Турцией"),
    "AE": ("the UAE", "United Arab Emirates", "ОАЭ"),
    "MN": ("Mongolia", "Монголия", "Монголии", "Монголией"),
    "VE": ("Venezuela", "Венесуэла", "Венесуэлы", "Венесуэлой"),
    "CU": ("Cuba", "Куба", "Кубы", "Кубой"),
    "ZW": ("Zimbabwe", "Зимбабве"),
    "KE": ("Kenya", "Кения", "Кении"),
    "EG": ("Egypt", "Египет", "Египта", "Египтом"),
}


@dataclass(frozen=True)
class Name:
    """What an alias refers to."""

    code: str
    canonical: str
    kind: str


_TOKEN = re.compile(r"\w+|[^\w\s]")


Span = tuple[int, int, str]


def tokens(text: str) -> tuple[str, ...]:
    return tuple(t.lower() for t in _TOKEN.findall(text))


def token_spans(text: str) -> list[Span]:
    """Word and punctuation tokens of *text*, lower-cased, with their offsets."""
    lowered = text.lower()
    if len(lowered) == len(text):  # lower() kept every offset (true for all but a few letters)
        return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(lowered)]
    return [(m.start(), m.end(), lowered[m.start() : m.end()]) for m in _TOKEN.finditer(text)]


@dataclass
class Index:
    """Aliases of one kind of thing, looked up token by token (longest alias first).

    One pass over the article's word tokens with a dictionary keyed by an alias's first
    token: the cost grows with the article, not with the number of aliases.
    """

    names: dict[str, Name]
    by_first: dict[str, list[tuple[tuple[str, ...], Name]]] = field(init=False)

    def __post_init__(self) -> None:
        self.by_first = {}
        for alias, name in self.names.items():
            toks = tokens(alias)
            if toks:
                self.by_first.setdefault(toks[0], []).append((toks, name))
        for candidates in self.by_first.values():
            candidates.sort(key=lambda c: -len(c[0]))

    def find(self, text: str, spans: list[Span] | None = None) -> list[tuple[int, int, Name]]:
        """Every mention as (start, end, name), left to right, longest alias first."""
        if spans is None:
            spans = token_spans(text)
        out = []
        i, n = 0, len(spans)
        while i < n:
            step = 1
            for toks, name in self.by_first.get(spans[i][2], ()):
                k = len(toks)
                if i + k <= n and all(spans[i + j][2] == toks[j] for j in range(1, k)):
                    out.append((spans[i][0], spans[i + k - 1][1], name))
                    step = k
                    break
            i += step
        return out


@dataclass
class Gazetteer:
    regions: Index
    cities: Index
    countries: Index
    enterprises: Index
    region_names: dict[str, str]
    enterprise_aliases: dict[str, list[str]] = field(default_factory=dict)
    """Every name of each enterprise as the registry writes it (for :attr:`known`)."""
    region_lemmas: LemmaIndex | None = None
    """Russian region names in any case, and regions' adjectives (by morphology)."""
    city_lemmas: LemmaIndex | None = None
    """Russian city names in any case ("в Самару", "из Казани")."""
    centres_name_regions: bool = True
    """A region's centre in the headline or lead names the region too ("В Самару прибыла
    делегация из Белоруссии"); further on, a centre is where something happens (a meeting in
    Ufa, an embassy office in Yekaterinburg), not a party."""
    enterprise_index: Callable[[], NameIndex] | None = None
    """Where the registry's enterprise index comes from when the enterprises are the
    registry's (``database_gazetteer``); None builds one from :attr:`enterprise_aliases`."""
    lookup: dict[str, tuple[str, Name]] = field(init=False)
    pattern: re.Pattern[str] = field(init=False)
    folded: Folded = field(init=False)
    """:attr:`pattern` for the lower-cased text."""
    _known: KnownEnterprises | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.lookup = {}
        for kind in KINDS:
            index: Index = getattr(self, kind)
            for alias, name in index.names.items():
                self.lookup.setdefault(_normal(alias), (kind, name))
        self.pattern = re.compile(
            rf"(?<!\w)(?:{trie_pattern(list(self.lookup))})(?!\w)", re.IGNORECASE
        )
        # a registry alias in Greek, say, cannot be folded: the pattern is then run as it is
        self.folded = Folded(self.pattern, strict=False)

    @property
    def known(self) -> KnownEnterprises:
        """The registry's enterprises as the matching engine's index (built on first use)."""
        if self._known is None:
            names = {n.code: n for n in self.enterprises.names.values()}
            prebuilt = self.enterprise_index() if self.enterprise_index else None
            self._known = KnownEnterprises(names, self.enterprise_aliases, prebuilt)
        return self._known

    def find_all(self, text: str, low: str | None = None) -> dict[str, list[tuple[int, int, Name]]]:
        """Mentions of every kind in one pass; where aliases overlap the longest wins. *low*
        is ``folding.lowered(text)`` when the caller has it (the scan is then much faster)."""
        out: dict[str, list[tuple[int, int, Name]]] = {kind: [] for kind in KINDS}
        for m in self.folded.finditer(text, low):
            hit = self.lookup.get(_normal(m.group()))
            if hit is not None:
                out[hit[0]].append((m.start(), m.end(), hit[1]))
        lowered = text.lower() if _CYRILLIC.search(text) else ""
        for kind, lemma_index in (("regions", self.region_lemmas), ("cities", self.city_lemmas)):
            if not lowered:
                break  # no Russian word to decline
            if lemma_index is None:
                continue
            taken = sorted((a, b) for hits in out.values() for a, b, _ in hits)
            found = lemma_index.find(text, lowered)
            extra = [h for h in found if not _overlaps(taken, h[0], h[1])]
            if extra:
                out[kind] = sorted(out[kind] + extra, key=lambda h: h[0])
        if self.centres_name_regions:
            centres = [
                h for h in out["cities"]
                if h[0] < LEAD_CHARS and h[2].kind not in CITY_KINDS
                and centre_names_region(text[h[0] : h[1]])
            ]  # fmt: skip
            out["regions"] = sorted(
                out["regions"]
                + centres
                + _cities_as_regions(text, out["cities"], out["regions"] + centres),
                key=lambda h: h[0],
            )
        return out


CITY_LIST_GAP = re.compile(r"\s*,\s*|\s+(?:and|и)\s+|\s*,\s+(?:and|и)\s+")
CITY_LIST_END = re.compile(r"\s+(?:regions|oblasts|областей|областях|областями)\b")
FEDERAL_CITY_PARTY = re.compile(
    r"(?:губернатор\w*|правительств\w*|мэр\w*|администраци\w*|между|"
    r"(?:Беларус|Белорусси|Республик)\w*\s+и|governor\s+of|government\s+of|mayor\s+of|"
    r"between|Belarus\s+and|Belarus\s+with|с)\s+(?:г\.\s*|город\w*\s+)?$",
    re.IGNORECASE,
)

FEDERAL_CITY_POST = re.compile(
    r"\s*(?:['’]s\s+)?(?:governor|mayor|government|administration|city\s+hall)\b", re.IGNORECASE
)
"""A post right after a federal city's name: the city is a party ("St Petersburg Governor
Alexander Beglov", "Moscow's mayor")."""
FEDERAL_CITY_PAIR = re.compile(r"(?:Belarus|Беларусь|Белоруссия)\s?[-–—]\s?$", re.IGNORECASE)
"""A federal city paired with Belarus by a dash ("the Belarus-Moscow turnover")."""
BELARUS_AS_OTHER_SIDE = re.compile(
    r"\s+(?:и|с|со|and|with)\s+(?:(?:Республик\w*|the\s+Republic\s+of)\s+)?"
    r"(?:Беларус|Белорусси|Belarus)"
)
"""Belarus right after a place, as the other side ("товарооборот Москвы и Беларуси",
"сотрудничество Санкт-Петербурга с Беларусью", "Pskov Oblast and Belarus"): a federal city
before it is a party, so a region (``_cities_as_regions``), and a region before it is the
only region an amount of the sentence is read for (``candidates.Reader._paired_region``)."""

CAPITALS_PAIRED_AFTER = re.compile(r"\s+(?:and|и)\s+Минск\w*|\s+and\s+Minsk\b")
CAPITALS_PAIRED_BEFORE = re.compile(r"(?:Minsk|Минск\w*)\s+(?:and|и)\s+$")
"""Moscow beside Minsk ("between Moscow and Minsk", "Минск и Москва") stands for the two
states, not for the city as a region."""

CENTRE_GOVERNOR = re.compile(r"(?:['’]s)?\s+[Gg]overnor\b")
"""A region's centre right before "Governor": a region has a governor, a city a mayor
("Lipetsk Governor Igor Artamonov")."""
CENTRE_AS_PARTNER = re.compile(
    r"(?:trade(?:\s+turnover)?|turnover|exports?|imports?|supplies|товарооборот\w*|"
    r"торгов\w+|экспорт\w*|импорт\w*|поставк\w*)\s+(?:with|to|from|с|со|в|во|из)\s+$",
    re.IGNORECASE,
)
"""A trade word right before a region's centre: the centre is the trading side ("trade
turnover with Astrakhan", "товарооборот с Самарой"), wherever in the article it stands."""


def _cities_as_regions(
    text: str, cities: list[tuple[int, int, Name]], regions: list[tuple[int, int, Name]]
) -> list[tuple[int, int, Name]]:
    """Cities that name their regions by the phrase they stand in: a list of centres that
    ends with "regions" ("Smolensk, Bryansk and Orenburg regions") or continues a list of
    regions ("регионы: Ленинградская область, Смоленск и Псков"), a centre as the side of a
    trade ("trade turnover with Astrakhan"), a centre before "Governor" ("Lipetsk Governor
    Igor Artamonov"), and a federal city as a
    party ("губернатор Санкт-Петербурга", "Беларуси и Санкт-Петербурга", "between Belarus and
    Moscow", "Москвы и Беларуси") or listed beside regions, where a federal city is a region of
    its own."""
    out: list[tuple[int, int, Name]] = []
    k = 0
    while k < len(cities):
        j = k  # the longest run of cities from k joined by commas and "and"
        while j + 1 < len(cities) and CITY_LIST_GAP.fullmatch(
            text[cities[j][1] : cities[j + 1][0]]
        ):
            j += 1
        if (
            CITY_LIST_END.match(text, cities[j][1])
            or _listed_with_regions(text, cities[k][0], cities[k][1], regions)
            or _listed_with_regions(text, cities[j][0], cities[j][1], regions)
        ):
            out += [c for c in cities[k : j + 1] if c[2].kind not in CITY_KINDS]
        k = j + 1
    for start, end, name in cities:
        if name.kind not in CITY_KINDS and (
            CENTRE_AS_PARTNER.search(text[max(0, start - 40) : start])
            or CENTRE_GOVERNOR.match(text, end)
        ):
            if centre_names_region(text[start:end], latin=True):
                out.append((start, end, name))
            continue
        if name.kind != "federal_city":
            continue
        before = text[max(0, start - 40) : start]
        if CAPITALS_PAIRED_AFTER.match(text, end) or CAPITALS_PAIRED_BEFORE.search(before):
            continue
        if (
            FEDERAL_CITY_PARTY.search(before)
            or FEDERAL_CITY_PAIR.search(before)
            or FEDERAL_CITY_POST.match(text, end)
            or BELARUS_AS_OTHER_SIDE.match(text, end)
            or _listed_with_regions(text, start, end, regions)
        ):
            out.append((start, end, name))
    return out


def _listed_with_regions(
    text: str, start: int, end: int, regions: list[tuple[int, int, Name]]
) -> bool:
    """Whether a federal city stands in a list beside a region ("Московская область и
    Москва, Смоленская область, Санкт-Петербург"; "Moscow and the Moscow Region")."""
    for a, b, _ in regions:
        if 0 <= start - b <= 12 and CITY_LIST_GAP.fullmatch(text[b:start]):
            return True
        if 0 <= a - end <= 16 and CITY_LIST_GAP.fullmatch(re.sub(r"\s+the$", "", text[end:a])):
            return True
    return False


_CYRILLIC = re.compile("[А-Яа-яЁё]")
LEAD_CHARS = 400
"""The headline and lead of an article, where a region may be named by its centre."""


def centre_names_region(mention: str, *, latin: bool = False) -> bool:
    """Whether a centre's name may stand for its region: a Russian one when it is not also a
    person's ("Владимир" the first name, "Иванова" the surname: those name the region only as
    "Владимирская область"); a Latin one only where the caller says (*latin*), since an
    English centre in the lead is as often the city itself."""
    if not _CYRILLIC.search(mention):
        return latin
    from coopatlas.intake.names import _vocab

    return not any(
        {"Name", "Surn", "Patr"} & set(str(f.tag).replace(" ", ",").split(","))
        for f in _vocab().parse(mention.split()[0].lower())
    )


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of *spans* (sorted by start)."""
    i = bisect.bisect_left(spans, (end, end))
    return any(a < end and start < b for a, b in spans[max(0, i - 8) : i])


def _normal(alias: str) -> str:
    return " ".join(alias.lower().split())


def trie_pattern(words: list[str]) -> str:
    """One regular expression for many words, factored by common prefixes (a trie).

    The regex engine then decides at each position from the next character only, so the
    cost of a scan does not grow with the number of aliases; longer aliases win.
    """
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict[str, Any]) -> str:
        branches = [
            (r"\s+" if ch == " " else re.escape(ch)) + build(child)
            for ch, child in sorted(node.items())
            if ch
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie) or r"(?!x)x"


KINDS = ("regions", "cities", "countries", "enterprises")


def _split(cell: str | None) -> list[str]:
    return [a.strip() for a in (cell or "").split("|") if a.strip()]


def _usable(alias: str) -> bool:
    """Aliases too short or too common to mark a mention by themselves are left out."""
    return len(alias) >= 3 and alias.lower() not in {"the region", "region"}


_OBLAST_RU = re.compile(r"(?P<stem>[А-ЯЁ][а-яё]+?)(?P<suffix>цкая|ская) область")
_LAND_ENDINGS = ("а", "ы", "е", "у", "ой")


def land_names(name_ru: str | None) -> list[str]:
    """The name of an oblast as a land, in its cases ("Калужская область" → "Калужчина",
    "Калужчины", …; "Смоленская" → "Смоленщина"; "Липецкая" → "Липетчина"): "-чина" after
    д, т, ж, з, с, ш, "-щина" after the rest. Moscow Oblast is "Подмосковье", not one of these
    (its aliases say so)."""
    m = _OBLAST_RU.fullmatch(name_ru or "")
    if m is None or m["stem"] == "Москов":
        return []
    stem = m["stem"] + ("т" if m["suffix"] == "цкая" else "")
    base = stem + ("чин" if stem[-1] in "дтжзсш" else "щин")
    return [base + ending for ending in _LAND_ENDINGS]


def build(regions: list[dict[str, str]], enterprises: list[dict[str, str]]) -> Gazetteer:
    """Compile the indexes from region and enterprise rows (with ``aliases`` lists)."""
    region_names: dict[str, Name] = {}
    city_names: dict[str, Name] = {}
    centres: dict[str, Name] = {}
    canonical: dict[str, str] = {}
    canonical_name: dict[str, Name] = {}
    for r in regions:
        code, kind, name_en = r["code"], r["kind"], r["name_en"]
        canonical[code] = name_en
        name = Name(code, name_en, kind)
        canonical_name[code] = name
        aliases = [name_en, r["name_ru"], *_split(r.get("aliases")), *land_names(r["name_ru"])]
        for centre in (r.get("centre_en"), r.get("centre_ru")):
            if centre and kind not in CITY_KINDS:
                centres.setdefault(centre.lower(), name)
        for alias in aliases:
            if not _usable(alias):
                continue
            bare_city = kind in CITY_KINDS and not re.search(r"city|город|г\.", alias, re.I)
            if bare_city:
                city_names[alias.lower()] = name  # Moscow the city, not Moscow Oblast's centre
            else:  # "the Republic of Tatarstan" is found as "Republic of Tatarstan"
                region_names.setdefault(re.sub(r"^the\s+", "", alias.lower()), name)
    for centre, name in centres.items():
        city_names.setdefault(centre, name)
    country_names = {
        alias.lower(): Name(code, code, "country")
        for code, aliases in COUNTRIES.items()
        for alias in aliases
    }
    cyrillic = re.compile("[А-Яа-яЁё]")
    region_lemmas = LemmaIndex(
        {a: n for a, n in region_names.items() if cyrillic.search(a)},
        [(r["name_ru"], canonical_name[r["code"]]) for r in regions if r.get("name_ru")],
    )
    city_lemmas = LemmaIndex({a: n for a, n in city_names.items() if cyrillic.search(a)})
    enterprise_names: dict[str, Name] = {}
    written: dict[str, list[str]] = {}
    for e in enterprises:
        name = Name(e["id"], e["name_en"], "enterprise")
        for alias in [e["name_en"], e.get("name_ru") or "", *_split(e.get("aliases"))]:
            if len(alias) >= 2:
                enterprise_names.setdefault(alias.lower(), name)
                written.setdefault(e["id"], []).append(alias)
    return Gazetteer(
        Index(region_names),
        Index(city_names),
        Index(country_names),
        Index(enterprise_names),
        canonical,
        written,
        region_lemmas,
        city_lemmas,
    )


def _package_csv(*parts: str) -> list[dict[str, str]]:
    path = resources.files("coopatlas").joinpath("data", *parts)
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


@lru_cache(maxsize=1)
def reference_gazetteer() -> Gazetteer:
    """From the package's reference regions and the default dataset's enterprises."""
    regions = [
        {**r, "aliases": "|".join(filter(None, [r["aliases_en"], r["aliases_ru"]]))}
        for r in _package_csv("reference", "regions.csv")
    ]
    enterprises = [
        {**e, "aliases": "|".join(filter(None, [e["aliases_en"], e["aliases_ru"]]))}
        for e in _package_csv("union-state-2023", "enterprises.csv")
    ]
    return build(regions, enterprises)


def database_gazetteer(engine: Engine) -> Gazetteer:
    """From the registry's regions, enterprises and their aliases."""
    r, ra, e, ea = models.Region, models.RegionAlias, models.Enterprise, models.EnterpriseAlias
    with engine.connect() as c:
        region_aliases: dict[str, list[str]] = {}
        for code, alias in c.execute(select(ra.region, ra.alias)):
            region_aliases.setdefault(code, []).append(alias)
        regions = [
            {
                "code": row.code,
                "kind": row.kind,
                "name_en": row.name_en,
                "name_ru": row.name_ru,
                "centre_en": row.centre_en or "",
                "centre_ru": row.centre_ru or "",
                "aliases": "|".join(region_aliases.get(row.code, [])),
            }
            for row in c.execute(
                select(r.code, r.kind, r.name_en, r.name_ru, r.centre_en, r.centre_ru)
            )
        ]
        enterprise_aliases: dict[str, list[str]] = {}
        for eid, alias in c.execute(select(ea.enterprise, ea.alias)):
            enterprise_aliases.setdefault(eid, []).append(alias)
        enterprises = [
            {
                "id": row.id,
                "name_en": row.name_en,
                "name_ru": row.name_ru or "",
                "aliases": "|".join(enterprise_aliases.get(row.id, [])),
            }
            for row in c.execute(select(e.id, e.name_en, e.name_ru))
        ]
    if not regions:
        return reference_gazetteer()
    if not enterprises:
        enterprises = [
            {**x, "aliases": "|".join(filter(None, [x["aliases_en"], x["aliases_ru"]]))}
            for x in _package_csv("union-state-2023", "enterprises.csv")
        ]
        return build(regions, enterprises)
    gaz = build(regions, enterprises)
    url = engine.url.render_as_string(hide_password=False)
    gaz.enterprise_index = lambda: registry_index(url, ("enterprise",))
    return gaz
