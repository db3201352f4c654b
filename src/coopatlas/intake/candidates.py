"""Candidate trade figures: every amount of an article with its possible readings.

One scan finds the amounts (``money.find_amounts``) and one the indicator words; periods are
read only in the sentences around an amount. The features are generic marks of the genre (a
target word before the amount, "increased by", a share, the distance to a period and whether
a comma or another amount lies between), never words of a particular article. What they are
worth is learned (``figures.py``, ``scripts/train_figure_model.py``).
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import re
from functools import cached_property

from coopatlas.intake.document import Doc, main_region
from coopatlas.intake.figures import Candidate, Feats, Part, _bucket, _distance
from coopatlas.intake.folding import Folded, lower_case, lowered
from coopatlas.intake.gazetteer import BELARUS_AS_OTHER_SIDE
from coopatlas.intake.money import Amount, Hits, find_amounts
from coopatlas.intake.periods import Period, find_periods
from coopatlas.intake.starts import Started
from coopatlas.intake.text import Sentence
from coopatlas.intake.trade import (
    BELARUS_F,
    CHANGE_BY,
    INDICATOR,
    NOT_TRADE,
    OUR_COUNTRIES,
    REGION_WITH_BELARUS,
    REPORTED,
    TARGET,
    UNRESOLVED,
    WORTH_OF,
    _belarusian_oblast_nearest,
    _bracketed_year,
    _indicator_name,
    _is_target,
    _qualifier,
    belarus_only_among_others,
    indicator_direction,
    inferred_date,
    russia_speaks,
    third_country_trade,
)

SHARE = re.compile(
    r"\b(?:share|accounted|account\w*\s+for|of\s+which|including|in\s+particular|доля|доли|"
    r"из\s+них|в\s+том\s+числе|приходит\w*|пришл\w*|занима\w*)\b",
    re.I,
)
FUTURE = re.compile(
    r"\b(?:will|would|may|might|could|can|should|будет|будут|может|могут|мог\w*|должн\w*|"
    r"составит|превысит|достигнет|планир\w*|plan\w*|expect\w*|ожида\w*|прогноз\w*)\b",
    re.I,
)
FROM_BEFORE = re.compile(r"(?:\bfrom|(?<![а-яё])с)\s*(?:почти|около|более|almost|about)?\s*$", re.I)
TO_BEFORE = re.compile(r"(?:\bto|(?<![а-яё])до)\s*(?:почти|около|более|almost|about)?\s*$", re.I)
SELF_SIDE = Hits(
    r"нашего\s+региона|нашей\s+области|нашего\s+края|нашей\s+республики\s+с\s+беларус|"
    r"\bour\s+region|экспорт\w*\s+(?:из\s+)?(?:\w+\s+){0,2}в\s+(?:беларусь|белоруссию|республику\s+беларусь)|"
    r"импорт\w*\s+из\s+(?:беларуси|белоруссии|республики\s+беларусь)|\bexports?\s+to\s+belarus|"
    r"\bimports?\s+from\s+belarus"
)
"""An article written from the Russian region's side: its exports are Belarus's imports."""
BY_SIDE = re.compile(
    r"белорусск\w*|\bBelarus(?:ian|['’]s?)?(?=\s+(?:\w+\s+)?(?:exports?|imports?|supplie|shipment))|"
    r"\bBelarus(?:ian|['’]s?)?(?!\w)|(?:Беларусь|Белоруссия|республика)\s+(?:поставил|экспортировал|отгрузил)\w*",
    re.I,
)
RU_SIDE = re.compile(
    r"(?<![а-яё])(?!белорус)[а-яё]+(?:ск|цк)(?:ий|ого|ому|им|ом|ие|их)\b|\bRussian\b|"
    r"\b(?:Oblast|Region|Krai|Territory|Republic|region|Russia)['’]s?\b|"
    r"(?:Россия|регион|область|край)\s+(?:поставил|экспортировал|отгрузил)\w*",
    re.I,
)
BY_FRAME = re.compile(
    r"(?:товарооборот\w*|торговл\w*|оборот\w*)\s+(?:(?:Беларуси|Белоруссии|Республики\s+Беларусь)"
    r"\s+)?(?:с|со)\s+(?!беларус|белорус|республик|стран|рб\b|минск)|"
    r"(?<![а-яё])белорусск\w+\s+(?:экспорт|импорт)|"
    r"\bBelarus(?:ian|['’]s?)?\s+(?:trade(?:\s+turnover)?\s+with\b|exports|imports)|"
    r"\btrade(?:\s+turnover)?\s+with\s+(?!Belarus|the\s+(?:republic|country)|Minsk)|"
    r"\btrade\s+between\s+Belarus\s+and\b",
    re.I,
)
"""A sentence that tells Belarus's trade with its partner ("Товарооборот Беларуси с
Нижегородской областью … составил …, экспорт — …, импорт — …", "товарооборот с Москвой …:
белорусский экспорт — …, импорт — …"): its exports and imports are Belarus's, whatever side
the article speaks from elsewhere. Trade "with the republic", "с республикой", "со страной"
is a region's with Belarus, and is no such sentence."""
BY_SUBJECT = re.compile(r"(?:Беларусь|Белоруссия|Республика\s+Беларусь|\bBelarus)\s+$")
"""Belarus as the subject right before a verb of supply ("Беларусь поставила в область
товаров на …", "Belarus exported"): Belarus's side, said in so many words (``BY_SIDE`` finds
the same with the verb, which is the indicator itself here)."""
INTO_BELARUS = re.compile(
    r"(?<![а-яё])в\s+(?:Беларусь|Белоруссию|РБ|Республику\s+Беларусь|республику)|\bto\s+Belarus|"
    r"(?<![а-яё])из\s+(?:России|РФ|област\w+|регион\w+|края)|\bfrom\s+(?:Russia|the\s+region)",
    re.I,
)
OUT_OF_BELARUS = re.compile(
    r"(?<![а-яё])из\s+(?:Беларуси|Белоруссии|РБ|Республики\s+Беларусь|республики)|\bfrom\s+Belarus|"
    r"(?<![а-яё])в\s+(?:Россию|РФ|Российскую|област\w+|регион\w*|край|столицу)|\bto\s+(?:Russia|the\s+(?:Russian\s+)?region)",
    re.I,
)
"""Which way goods go, said next to "export"/"import": into Belarus or out of it."""
BY_SIDE_F, RU_SIDE_F, INTO_BELARUS_F, OUT_OF_BELARUS_F = (
    Folded(lower_case(rx)) for rx in (BY_SIDE, RU_SIDE, INTO_BELARUS, OUT_OF_BELARUS)
)
RU_PAIR = re.compile(
    r"Беларус\w+\s+и\s+Росси\w+|Белорусси\w+\s+и\s+Росси\w+|Росси\w+\s+и\s+Белорусси\w+|"
    r"Росси\w+\s+и\s+Беларус\w+|российско-белорусск\w+|белорусско-российск\w+|"
    r"(?:Беларус|Белорусс)\w+\s+и\s+(?:РФ|Российской\s+Федераци\w+)\b|"
    r"\bBelarus\s+and\s+Russia|\bRussia\s+and\s+Belarus|Belarusian-Russian|Russian-Belarusian|"
    r"Belarus-Russia|Russia-Belarus|Союзного\s+государства|Union\s+State",
    re.I,
)
RUSSIA_NAMED = re.compile(r"\bRussia\b|\bRussian\s+Federation|Росси[яиюей]|\bРФ\b", re.I)
OUR_COUNTRIES_F, RUSSIA_NAMED_F, RU_PAIR_F, INDICATOR_F = (
    Folded(lower_case(rx), starts=True) for rx in (OUR_COUNTRIES, RUSSIA_NAMED, RU_PAIR, INDICATOR)
)
UNRESOLVED_F = Folded(lower_case(UNRESOLVED))
"""The sentence-wide patterns, folded: run once a sentence on its lower-cased text (from
the words their matches start with, when the sentence is long enough for that to pay)."""
FEDERAL_CITIES = frozenset({"RU-MOW", "RU-SPE", "RU-SEV"})
"""Cities that are regions of Russia of their own: a figure "с Санкт-Петербургом" is the
region's, though the gazetteer lists the name as a city."""
CITY_ALIASES = (
    (re.compile(r"столиц[аеуыой]{1,2}\s+(?:России|Российской\s+Федерации|РФ)\b|"
                r"(?<![а-яё])российск\w+\s+столиц\w+|\bRussian\s+capital\b|"
                r"\bcapital\s+of\s+Russia\b", re.I), "RU-MOW"),
    (re.compile(r"(?<![а-яё])[Сс]еверн\w+\s+столиц\w+|\b[Nn]orthern\s+[Cc]apital\b"), "RU-SPE"),
)  # fmt: skip
"""A federal city named by what it is ("столица России", "Северная столица")."""
MINSK_AFTER = re.compile(r"\s+(?:и|and)\s+(?:Минск|Minsk)", re.I)
MINSK_BEFORE = re.compile(r"(?:Минск\w*|Minsk)\s+(?:и|and)\s+$", re.I)
"""The two capitals side by side ("Москва и Минск") stand for the two states."""
CITY_SIDE_LEAD = re.compile(
    r"(?:\b(?:with|and|between|from)|(?<![а-яё])(?:с|со|и|между|из))\s+$", re.I
)
CITY_INTO_LEAD = re.compile(r"(?:\bto|(?<![а-яё])в)\s+$", re.I)
PERCENT_AFTER = re.compile(
    r"\s*(?:\(|,)?\s*(?:или|or)?\s*\d+(?:[.,]\d+)?\s*(?:%|процент|percent)", re.I
)


VETO = frozenset(
    {
        "change_by", "worth_of", "by_oblast_nearest", "not_trade_nearest", "per_year",
        "converted", "several_years",
    }
)  # fmt: skip
"""Marks that by definition make an amount no trade figure (the size of a change, "increased
by $X"; one product's worth; a Belarusian oblast's share; an investment, contract or balance
word nearest before it with no indicator between, "the trade deficit was $60 million"; a
rate, "$450 million a year", of no stated period; the same figure converted into another
currency in brackets after it; a span of years nearest before it, "в 2020–2021 годах"): such
amounts are not offered to the model. Vetoing targets, investments anywhere near and other
countries' trade as well scored no better on the development half (cross-validated F1 0.854
and 0.833 against 0.859): the model weighs those marks itself."""


INDICATOR_EXACT = Started(re.compile(INDICATOR.pattern))
TARGET_EXACT, REPORTED_EXACT, NOT_TRADE_EXACT, CHANGE_BY_EXACT, FUTURE_EXACT, SHARE_EXACT = (
    Started(re.compile(p.pattern)) for p in (TARGET, REPORTED, NOT_TRADE, CHANGE_BY, FUTURE, SHARE)
)
""":data:`trade.INDICATOR` and the marks' patterns (written in lower case) for the lower-cased
text, searched from the words their matches start with."""


def _sentence_of(starts: list[int], pos: int) -> int:
    return bisect.bisect_right(starts, pos) - 1


YEAR_SPAN = re.compile(r"(?<![\d.])((?:19|20)\d\d)\s?[-–—]\s?((?:19|20)?\d\d)(?![\d.%,-])")
YEARS_BEFORE = re.compile(
    r"\b(?:до|before|until|prior\s+to)\s+(?:19|20)\d\d(?:\s*(?:года|г\.|г\b|-го))?(?![\d.%,-])",
    re.IGNORECASE,
)
"""The years up to one ("до 2020 года экспорт составлял около 12,5 млрд", "before 2020"):
as open a span as "2016–2019"."""


def _is_year_span(m: re.Match[str]) -> bool:
    """ "2020–2021", "2016-20": the second a later year (not "2026-02", a date's month)."""
    first, second = int(m.group(1)), m.group(2)
    last = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
    return first < last <= first + 30 and (len(second) == 4 or int(second) > 12)


_PUNCTUATION = re.compile(r"[,;:]")
_CONVERTED = re.compile(
    r"\s*[\[(]\s*(?:(?:около|примерно|почти|about|around|approximately|roughly|nearly|~|≈)\s*)?",
    re.I,
)
"""An amount in brackets right after another ("4 трлн рублей (около $52 млрд по текущему
курсу)", "22,5 млрд российских рублей (265 млн долларов)"): the same figure converted."""
_PER_YEAR = re.compile(r"\s*(?:per|a|в)\s+(?:year|annum|год)\b", re.I)
_CITY_LEAD = re.compile(r"\b(?:with|and|to|from|between|с|и|в|между)\s+$", re.I)
PAIRED_WITH_BELARUS = re.compile(
    r"(?:\bbetween\s+Belarus\s+and|\btrade(?:\s+turnover)?\s+with|"
    r"(?<![а-яё])между\s+(?:Республикой\s+)?(?:Беларусью|Белоруссией)\s+и|"
    r"товарооборот\w*\s+(?:Беларуси|Белоруссии|Республики\s+Беларусь)\s+(?:с|со)|"
    r"\bexports?\s+to|\bimports?\s+from|(?<![а-яё])(?:экспорт\w*|поставк\w*)\s+в|"
    r"(?<![а-яё])импорт\w*\s+из)"
    r"\s+(?:the\s+)?(?:Russian\s+|российск\w+\s+)?$",
    re.I,
)
"""Words that make the region after them Belarus's other side in so many words ("trade
between Belarus and Pskov Oblast", "товарооборот Беларуси с Псковской областью", "exports
to Pskov Oblast", "импорт из Псковской области")."""
_DIGITS = re.compile(r"\d[\d.,\s\u00a0]*")
_NOT_DIGIT = re.compile(r"\D")


def _between_marks(text: str) -> Feats:
    out: Feats = {}
    if _PUNCTUATION.search(text):
        out["comma"] = 1.0
    if text.count("(") + text.count("[") != text.count(")") + text.count("]"):
        out["bracket"] = 1.0
    return out


def _prefixed(prefix: str, feats: Feats) -> Feats:
    return {f"{prefix}_{k}": v for k, v in feats.items()}


PAST_STATEMENT = re.compile(
    r"\b(?:amounted|totall?ed|made\s+up|increased|grew|rose|decreased|declined|fell|exceeded)\b"
    r"|(?<![а-яё])(?:составил\w*|увеличил\w*|сократил\w*|снизил\w*|превысил\w*|"
    r"вырос(?:ла|ло|ли)?|достиг(?:ла|ло|ли)?)(?![а-яё])",
    re.IGNORECASE,
)
"""A figure told as done: "amounted to", "составил" (not "will reach", "составит")."""
PAST_STATEMENT_F = Folded(lower_case(PAST_STATEMENT))
RESULTS_OF_YEAR = re.compile(
    r"(?:\bby\s+the\s+end\s+of|\bat\s+the\s+end\s+of|\bresults\s+of|\bin\s+the\s+whole\s+of|"
    r"(?<![а-яё])по\s+(?:итогам|результатам)|(?<![а-яё])в\s+целом\s+за)\s+(?:the\s+)?"
    r"(?:year\s+)?(?P<y>(?:19|20)\d\d)(?![\d-])",
    re.IGNORECASE,
)
"""A year's results ("by the end of 2023", "по итогам 2023 года")."""
ANY_YEAR = Started(re.compile(r"(?:19|20)\d\d"))
"""Every year ``RESULTS_OF_YEAR`` reads, and more (found from "19" and "20")."""


class Reader:
    """The per-article state candidate generation needs, computed once."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text
        self.sentences = doc.sentences
        self.starts = [s.start for s in doc.sentences]
        self.amounts = find_amounts(doc.text, doc.language)
        low = doc.text.lower()  # the same pattern without IGNORECASE is far faster
        self.indicators = (
            INDICATOR_EXACT.finditer(low)
            if len(low) == len(doc.text)
            else list(INDICATOR.finditer(doc.text))
        )
        self.ind_starts = [m.start() for m in self.indicators]
        self.reference = doc.published or inferred_date(doc)
        if doc.published is not None and _update_stamp(doc.text[:400], doc.published):
            self.reference = inferred_date(doc) or doc.published
        self.partial_month = int(doc.partial[:2]) if doc.partial else None
        self.region_mentions, self.city_regions = _region_mentions(doc)
        self.main = main_region(doc)
        self.has_regions = bool(self.region_mentions)
        self._regions: dict[int, list[tuple[int, int, str]]] = {}
        self._states: dict[int, list[tuple[int, int]]] = {}
        self._periods: dict[int, list[Period]] = {}
        self._local: dict[int, list[re.Match[str]]] = {}
        self._marks: dict[int, dict[str, bool]] = {}
        self._flips: dict[tuple[int, int, int], bool] = {}
        self.by_sentence: dict[int, list[Amount]] = {}
        for a in self.amounts:
            self.by_sentence.setdefault(_sentence_of(self.starts, a.money.start), []).append(a)
        if doc.published is not None and self.reference == doc.published and self._outdated():
            self.reference = inferred_date(doc)
            self._periods.clear()  # dated from the stamp: read them again
        self.date_set_aside = doc.published is not None and self.reference != doc.published
        """The date the document reader found is a stamp, not the article's (a page's update
        stamp, or one the text contradicts): the article is reported undated."""

    @cached_property
    def self_side(self) -> bool:
        """The article is written from the Russian region's side (``SELF_SIDE``); asked only
        of an export or import, so read on the first one."""
        return next(iter(SELF_SIDE.finditer(self.text, self.doc.lower)), None) is not None

    @cached_property
    def belarus_among_others(self) -> bool:
        """Belarus is named only beside other countries (``trade.belarus_only_among_others``)."""
        return belarus_only_among_others(self.doc)

    @cached_property
    def region_frame(self) -> bool:
        """A region's trade is framed from its side somewhere (``REGION_WITH_BELARUS``)."""
        return bool(REGION_WITH_BELARUS.search(self.text))

    def _outdated(self) -> bool:
        """Whether the article's date is a stored page's stamp its own text contradicts: a
        sentence with an amount and a trade word tells in the past tense of a period that
        began after it ("at the end of 2022 … the figure amounted to $837 million" under a
        " date 2019-12-13" line), or any sentence without a word of the future gives the
        results of a later year ("takes second place … by the end of 2023"). Periods are then
        dated as for an undated article."""
        published = self.doc.published
        assert published is not None
        for idx in self.by_sentence:
            if idx < 0 or not self.sentence_indicators(idx):
                continue
            text = self.sentences[idx].text
            if any(not p.base and p.first > published for p in self.periods(idx)) and (
                PAST_STATEMENT_F.search(text, lowered(text))
            ):
                return True
        if not any(int(y.group()) > published.year for y in ANY_YEAR.finditer(self.text)):
            return False  # no later year named: no results of one (the scan below is slow)
        for m in RESULTS_OF_YEAR.finditer(self.text):
            if int(m.group("y")) > published.year:
                s = self.sentences[_sentence_of(self.starts, m.start())]
                if not FUTURE.search(s.text) and not TARGET.search(s.text):
                    return True
        return False

    def periods(self, idx: int) -> list[Period]:
        """The periods of sentence *idx*, offsets within the sentence (cached)."""
        if idx not in self._periods:
            s = self.sentences[idx]
            self._periods[idx] = find_periods(s.text, self.reference, self.partial_month)
        return self._periods[idx]

    def sentence_indicators(self, idx: int) -> list[re.Match[str]]:
        s = self.sentences[idx]
        lo = bisect.bisect_left(self.ind_starts, s.start)
        hi = bisect.bisect_left(self.ind_starts, s.end)
        return self.indicators[lo:hi]

    def sentence_indicators_local(self, idx: int) -> list[re.Match[str]]:
        """The indicators of sentence *idx*, offsets within the sentence (cached)."""
        if idx not in self._local:
            text = self.sentences[idx].text
            self._local[idx] = list(INDICATOR_F.finditer(text, lowered(text)))
        return self._local[idx]

    def sentence_marks(self, idx: int) -> dict[str, bool]:
        """What sentence *idx* says whatever its amount (cached): another country's trade, a
        period it cannot date, Belarus and Russia named as the sides, Russia speaking."""
        if idx not in self._marks:
            s = self.sentences[idx]
            low = lowered(s.text)
            self._marks[idx] = {
                "third_country": third_country_trade(self.doc, s, low)
                or (self.belarus_among_others and not BELARUS_F.search(s.text, low)),
                "unresolved": UNRESOLVED_F.search(s.text, low) is not None,
                "our_countries": OUR_COUNTRIES_F.search(s.text, low) is not None,
                "russia_named": RUSSIA_NAMED_F.search(s.text, low) is not None,
                "ru_pair": RU_PAIR_F.search(s.text, low) is not None,
                "russia_speaks": any(
                    russia_speaks(m, s.text) for m in self.sentence_indicators_local(idx)
                ),
            }
        return self._marks[idx]

    def regions(self, idx: int) -> list[tuple[int, int, str]]:
        """The Russian regions named in sentence *idx* (federal cities among them), cached."""
        if idx not in self._regions:
            s = self.sentences[idx]
            self._regions[idx] = [r for r in self.region_mentions if s.start <= r[0] < s.end]
        return self._regions[idx]

    def candidates(self) -> list[Candidate]:
        out = []
        for idx, amounts in sorted(self.by_sentence.items()):
            if idx < 0:
                continue
            for k, a in enumerate(amounts):
                c = self.candidate(idx, amounts, k, a)
                if not VETO.intersection(c.feats):
                    out.append(c)
        return out

    # --- the amount ---------------------------------------------------------------------

    def candidate(self, idx: int, amounts: list[Amount], k: int, a: Amount) -> Candidate:
        s = self.sentences[idx]
        text = s.text
        lo, hi = a.money.start - s.start, a.money.end - s.start
        prev_end = amounts[k - 1].money.end - s.start if k else 0
        prefix = text[prev_end:lo]
        low = text.lower()
        rx: tuple[re.Pattern[str] | Started, ...]
        if len(low) == len(text):  # the patterns (lower case) without IGNORECASE: faster
            rx, t = (TARGET_EXACT, REPORTED_EXACT, NOT_TRADE_EXACT, CHANGE_BY_EXACT,
                     FUTURE_EXACT, SHARE_EXACT), low  # fmt: skip
        else:
            rx, t = (TARGET, REPORTED, NOT_TRADE, CHANGE_BY, FUTURE, SHARE), text
        target, reported, not_trade, change_by, future, share = rx
        f: Feats = {"bias": 1.0, f"lang_{self.doc.language}": 1.0, f"cur_{a.money.currency}": 1.0}
        f[f"kind_{a.kind}"] = 1.0
        f |= _bucket("log_value", math.log10(max(a.money.value, 1.0)), (5, 6, 7, 8, 9, 10, 11))
        f |= _bucket("sentence_index", idx, (0.5, 2.5, 6.5))
        f |= _bucket("amounts_in_sentence", len(amounts), (1.5, 2.5, 4.5))
        f[f"qualifier_{_qualifier(text, lo)}"] = 1.0
        marks = {
            "target_before": _is_target(prefix),
            "future_before": bool(future.search(t, prev_end, lo)),
            "target_in_sentence": bool(target.search(t)),
            "future_in_sentence": bool(future.search(t)),
            "target_after": bool(target.search(t, hi, hi + 40)),
            "reported_before": bool(reported.search(t, 0, lo)),
            "reported_near_before": bool(reported.search(t, max(prev_end, lo - 40), lo)),
            "not_trade_before": bool(not_trade.search(t, max(0, lo - 60), lo)),
            "not_trade_after": bool(not_trade.search(t, hi, hi + 25)),
            "not_trade_nearest": _not_trade_nearest(not_trade, t, _antecedent(t, prev_end, lo), lo),
            "change_by": bool(change_by.search(t, max(0, lo - 50), lo)),
            "worth_of": bool(WORTH_OF.match(text[hi : hi + 40])),
            "in_brackets": text[:lo].count("(") > text[:lo].count(")"),
            "converted": _CONVERTED.fullmatch(prefix) is not None and k > 0,
            "per_year": bool(_PER_YEAR.match(text[hi:])),
            "share_before": bool(share.search(t, max(0, lo - 50), lo)),
            "third_country": self.sentence_marks(idx)["third_country"],
            "by_oblast_nearest": _belarusian_oblast_nearest(
                self.doc, s, a.money, [b.money for b in amounts]
            ),
            "by_oblast_before": idx > 0 and not self.regions(idx) and self._by_oblast_last(idx - 1),
            "from_before": bool(FROM_BEFORE.search(prefix[-12:])),
            "to_before": bool(TO_BEFORE.search(prefix[-12:])),
            "percent_after": bool(PERCENT_AFTER.match(text[hi : hi + 20])),
            "bracket_year": _bracketed_year(text, hi) is not None,
            "headline_like": idx == 0 and not text.rstrip().endswith((".", "!", "?")),
            "question": text.rstrip().endswith("?"),
            "round": _significant(a.money.text) <= 1,
            "several_years": self._several_years_before(idx, text[prev_end:lo], prev_end, lo),
        }
        f |= {k2: 1.0 for k2, v in marks.items() if v}
        c = Candidate(a, idx, f)
        c.indicators = self.indicator_parts(idx, amounts, k, a)
        c.periods = self.period_parts(idx, amounts, k, a)
        c.partners = self.partner_parts(idx, a)
        return c

    def _several_years_before(self, idx: int, prefix: str, offset: int, lo: int) -> bool:
        """Whether the time nearest before the amount is a span of years ("в 2020–2021 годах
        объем составлял около $700 млн", "during 2020-2021, … approximately $700 million",
        "до 2020 года … около 12,5 млрд"):
        a total or an average of several years, no figure of one period."""
        spans = [m.end() for m in YEAR_SPAN.finditer(prefix) if _is_year_span(m)]
        spans += [m.end() for m in YEARS_BEFORE.finditer(prefix)]
        if not spans:
            return False
        end = offset + max(spans)
        return not any(end <= p.start < lo for p in self.periods(idx))

    # --- indicators ---------------------------------------------------------------------

    def indicator_parts(self, idx: int, amounts: list[Amount], k: int, a: Amount) -> list[Part]:
        s = self.sentences[idx]
        parts: list[Part] = []
        mine = self.sentence_indicators(idx)
        starts = [b.money.start for b in amounts]
        before = [m for m in mine if m.end() <= a.money.start]
        after = [m for m in mine if m.start() >= a.money.end]
        for rank, m in enumerate(reversed(before[-2:])):
            between = self.text[m.end() : a.money.start]
            n_between = sum(1 for x in starts if m.end() <= x < a.money.start)
            f = {f"ind_src_before{rank}": 1.0} | _distance("ind_dist", len(between))
            f |= _prefixed("ind", _between_marks(between))
            f |= _bucket("ind_amounts_between", n_between, (0.5, 1.5))
            parts += self._directions(m, s, f, idx)
        for m in after[:1]:
            between = self.text[a.money.end : m.start()]
            n_between = sum(1 for x in starts if a.money.end <= x < m.start())
            f = {"ind_src_after": 1.0} | _distance("ind_dist_after", len(between))
            f |= _prefixed("ind_after", _between_marks(between))
            f |= _bucket("ind_after_amounts_between", n_between, (0.5, 1.5))
            parts += self._directions(m, s, f, idx)
        for back in (1, 2):
            j = idx - back
            if j < 0:
                break
            ctx = self.sentence_indicators(j)
            if ctx:
                f = {f"ind_src_prev{back}": 1.0}
                if not mine:
                    f[f"ind_src_prev{back}_only"] = 1.0
                parts += self._directions(ctx[-1], self.sentences[j], f, j)
                break
        if idx > 0 and not parts:
            head = self.sentence_indicators(0)
            if head:
                parts += self._directions(head[0], self.sentences[0], {"ind_src_head": 1.0}, 0)
        if not parts:
            parts.append(Part("turnover", {"ind_src_none": 1.0}, idx))
        return parts

    def _directions(self, m: re.Match[str], s: Sentence, f: Feats, idx: int) -> list[Part]:
        surface = _indicator_name(m)
        shifted = INDICATOR.match(s.text, m.start() - s.start)
        ruled = indicator_direction(shifted, s.text) if shifted is not None else surface
        base = dict(f)
        base[f"ind_{surface}"] = 1.0
        lo, hi = m.start() - s.start, m.end() - s.start
        before, after = s.text[max(0, lo - 35) : lo], s.text[hi : hi + 45]
        if NOT_TRADE.match(self.text[m.end() : m.end() + 20].lstrip()):
            base["ind_not_trade_after"] = 1.0
        if surface == "turnover":
            return [Part("turnover", base, idx)]
        prior = [
            x
            for x in self.sentence_indicators_local(idx)
            if x.end() <= lo and _indicator_name(x) != "turnover"
        ]
        frame_here = any(
            REGION_WITH_BELARUS.match(self.text, e) for _, e, _ in self.regions(idx)
        ) or (
            idx > 0
            and any(REGION_WITH_BELARUS.match(self.text, e) for _, e, _ in self.regions(idx - 1))
        )
        by_before, ru_before, by_after = before[-20:], before[-25:], after.lstrip()[:25]
        sides = {
            "prior_flip": any(self._flipped(idx, x) for x in prior),
            "frame_here": frame_here,
            "by_before": BY_SIDE_F.search(by_before, lowered(by_before)) is not None
            or BY_SUBJECT.search(by_before) is not None,
            "ru_before": RU_SIDE_F.search(ru_before, lowered(ru_before)) is not None,
            "by_after": BY_SIDE_F.match(by_after, lowered(by_after)) is not None,
            "into": INTO_BELARUS_F.search(after, lowered(after)) is not None,
            "out_of": OUT_OF_BELARUS_F.search(after, lowered(after)) is not None,
        }
        flipped = ruled != surface
        out = []
        for value in (surface, "import" if surface == "export" else "export"):
            g = dict(base)
            opposite = value != surface
            if opposite:
                g["ind_opposite"] = 1.0
                # Belarus's side told by the owner's word, or by the way the goods go when it
                # agrees with the word ("импорт в Беларусь", "exports from Belarus"): a frame
                # of the article does not turn it round
                explicit = (
                    sides["by_before"] or sides["by_after"]
                    or (surface == "import" and sides["into"])
                    or (surface == "export" and sides["out_of"])
                    or BY_FRAME.search(s.text, 0, lo) is not None
                )  # fmt: skip
                if self.self_side and not explicit:
                    g["ind_opposite_self_side"] = 1.0
                if self.region_frame and not explicit:
                    g["ind_opposite_region_frame"] = 1.0
            if flipped == opposite:
                g["ind_as_rule"] = 1.0
            tag = "opp" if opposite else "same"
            for name, on in sides.items():
                if on:
                    g[f"ind_{surface}_{tag}_{name}"] = 1.0
            out.append(Part(value, g, idx))
        return out

    def _flipped(self, idx: int, x: re.Match[str]) -> bool:
        """Whether indicator *x* of sentence *idx* reads the other way from Belarus's side
        (cached: every amount of the sentence asks about the indicators before it)."""
        key = (idx, x.start(), x.end())
        if key not in self._flips:
            self._flips[key] = indicator_direction(x, self.sentences[idx].text) != (
                _indicator_name(x)
            )
        return self._flips[key]

    # --- periods ------------------------------------------------------------------------

    def period_parts(self, idx: int, amounts: list[Amount], k: int, a: Amount) -> list[Part]:
        s = self.sentences[idx]
        text = s.text
        lo, hi = a.money.start - s.start, a.money.end - s.start
        parts: list[Part] = []
        own_all = self.periods(idx)
        own = [p for p in own_all if not p.base]
        local_starts = [b.money.start - s.start for b in amounts]
        paired = len(amounts) >= 2 and len(own) == len(amounts)
        nearest = None
        if own:
            nearest = min(own, key=lambda p: p.start - hi if p.start >= hi else lo - p.end + 3)
        quoted = _bracketed_year(text, hi)
        if quoted is not None:
            parts.append(Part(quoted, {"per_src_bracket": 1.0} | self._year_feats(quoted), idx))
        for p in own_all:
            f: Feats = {"per_src_same": 1.0}
            if p.start >= hi:
                between = text[hi : p.start]
                f |= {"per_after": 1.0} | _distance("per_dist_after", len(between))
            else:
                between = text[p.end : lo]
                f |= _distance("per_dist", len(between))
            f |= _prefixed("per", _between_marks(between))
            n_between = sum(1 for x in local_starts if min(p.end, hi) <= x < max(p.start, lo))
            f |= _bucket("per_amounts_between", n_between, (0.5, 1.5))
            if p.base:
                f["per_base"] = 1.0
            if p is nearest:
                f["per_nearest"] = 1.0
            if paired and not p.base and own.index(p) == k:
                f["per_paired"] = 1.0
            parts.append(Part(p, f | self._year_feats(p), idx))
        after_base = _year_after_base(own_all) if not own else None
        if after_base is not None:
            f = {"per_src_after_base": 1.0} | self._year_feats(after_base)
            parts.append(Part(after_base, f, idx))
        unresolved = self.sentence_marks(idx)["unresolved"]
        for back in (1, 2, 3):
            j = idx - back
            if j < 0:
                break
            ctx = [p for p in self.periods(j) if not p.base]
            for rank, p in enumerate(reversed(ctx[-3:])):
                f = {f"per_src_prev{back}": 1.0, f"per_prev_rank{min(rank, 1)}": 1.0}
                if not own:
                    f[f"per_src_prev{back}_only"] = 1.0
                if unresolved:
                    f["per_borrow_unresolved"] = 1.0
                if self.sentence_indicators(j):
                    f["per_prev_trade"] = 1.0
                if j in self.by_sentence:
                    f["per_prev_has_amount"] = 1.0
                parts.append(Part(p, f | self._year_feats(p), j))
            if ctx:
                break
        if idx > 0:
            head = [p for p in self.periods(0) if not p.base]
            if head:
                f = {"per_src_head": 1.0}
                if not own:
                    f["per_src_head_only"] = 1.0
                parts.append(Part(head[0], f | self._year_feats(head[0]), 0))
        return [part for part in parts if not self._not_begun(part.value)]

    def _not_begun(self, p: Period) -> bool:
        """A period that begins after the article's own date ("В сентябре 2016 года исполнится
        десять лет" in June 2016) is no period of a figure it reports (none of the corpus's
        gold figures is); an inferred date is not trusted this far."""
        published = self.doc.published
        return published is not None and not self.date_set_aside and p.first > published

    def _year_feats(self, p: Period) -> Feats:
        f: Feats = {"per_annual" if p.annual else "per_partial": 1.0}
        if p.relative:
            f["per_relative"] = 1.0
        ref = self.reference
        if ref is None:
            f["per_no_reference"] = 1.0
            return f
        if self.doc.published is None:
            f["per_inferred_reference"] = 1.0  # the file name's date or the latest year named
        elif p.last > ref:
            f["per_not_over"] = 1.0
        f |= _bucket("per_age", ref.year - p.last.year, (-0.5, 0.5, 1.5, 3.5))
        return f

    # --- partners -----------------------------------------------------------------------

    def partner_parts(self, idx: int, a: Amount) -> list[Part]:
        s = self.sentences[idx]
        if self.sentence_marks(idx)["third_country"]:  # a region's trade with another country (no
            # reading), or that country's with Belarus
            return [] if self.regions(idx) else self._country_parts(idx, a, set(), [])
        parts: list[Part] = []
        regions = self.regions(idx)
        before = [r for r in regions if r[1] <= a.money.start]
        after = [r for r in regions if r[0] >= a.money.end]
        seen: set[str] = set()
        for rank, r in enumerate(reversed(before)):
            if r[2] in seen:
                continue
            seen.add(r[2])
            f = {f"par_src_before{min(rank, 1)}": 1.0} | _distance("par_dist", a.money.start - r[1])
            parts.append(Part(r[2], f | self._main(r[2]) | self._city(r), idx))
        for rank, r in enumerate(after):
            if r[2] in seen:
                continue
            seen.add(r[2])
            f = {f"par_src_after{min(rank, 1)}": 1.0} | _distance(
                "par_dist_after", r[0] - a.money.end
            )
            parts.append(Part(r[2], f | self._main(r[2]) | self._city(r), idx))
        for m in self.doc.in_sentence(self.doc.cities, s):
            lead = self.text[max(0, m.start - 9) : m.start]
            code = m.name.code
            if code.startswith("RU-") and code not in seen and _CITY_LEAD.search(lead):
                seen.add(code)
                parts.append(Part(code, {"par_src_city": 1.0} | self._main(code), idx))
        if not regions:
            for back in (1, 2, 3, 4, 5):
                j = idx - back
                if j < 0:
                    break
                ctx = self.regions(j)
                if ctx and ctx[-1][2] not in seen:
                    seen.add(ctx[-1][2])
                    f = {f"par_src_prev{min(back, 3)}": 1.0} | self._main(ctx[-1][2])
                    parts.append(Part(ctx[-1][2], f, j))
                    break
        head = self.regions(0) if idx > 0 else []
        if head and head[0][2] not in seen:
            seen.add(head[0][2])
            parts.append(Part(head[0][2], {"par_src_head": 1.0} | self._main(head[0][2]), 0))
        if self.main and self.main not in seen:
            f = {"par_src_main": 1.0}
            if regions:
                f["par_main_other_in_sentence"] = 1.0
            parts.append(Part(self.main, f, -1))
        parts += self._country_parts(idx, a, seen, regions)
        paired = self._paired_region(idx, before)
        if paired is not None:  # the sentence names the side: no other region's reading
            parts = [p for p in parts if p.value == paired or not p.value.startswith("RU-")]
        size = _size(a)
        for part in parts:
            if part.value.startswith("RU-"):
                part.feats |= _bucket("par_region_size", size, (8, 9, 10))
        ru = self._russia_feats(idx, regions, a)
        if _states_named(s, self._state_spans(idx), regions, a):  # the sentence says so
            ru["par_ru_stated"] = 1.0
            for part in parts:
                part.feats["par_not_stated"] = 1.0
        parts.append(Part("RU", ru, idx))
        return parts

    def _paired_region(self, idx: int, before: list[tuple[int, int, str]]) -> str | None:
        """The region the sentence names as Belarus's other side (``PAIRED_WITH_BELARUS``
        right before it, or Belarus right after it), when it is the last region named before
        the amount."""
        if not before:
            return None
        start, end, code = before[-1]
        s = self.sentences[idx]
        lead = s.text[max(0, start - s.start - 60) : start - s.start]
        after = REGION_WITH_BELARUS.match(self.text, end) or BELARUS_AS_OTHER_SIDE.match(
            self.text, end
        )  # "Pskov Oblast's trade with Belarus", "торговли Амурской области и Беларуси"
        return code if after or PAIRED_WITH_BELARUS.search(lead) else None

    def _russia_feats(self, idx: int, regions: list[tuple[int, int, str]], a: Amount) -> Feats:
        ru: Feats = {"par_ru": 1.0} | _bucket("par_ru_size", _size(a), (8, 9, 10))
        marks = self.sentence_marks(idx)
        if marks["our_countries"]:
            ru["par_ru_our_countries"] = 1.0
        if marks["russia_named"]:
            ru["par_ru_named"] = 1.0
        if marks["ru_pair"]:
            ru["par_ru_pair"] = 1.0
        if not self.has_regions:
            ru["par_ru_no_regions"] = 1.0
        if regions:
            ru["par_ru_region_in_sentence"] = 1.0
        if marks["russia_speaks"]:
            ru["par_ru_speaks"] = 1.0
        return ru

    def _country_parts(
        self, idx: int, a: Amount, seen: set[str], regions: list[tuple[int, int, str]]
    ) -> list[Part]:
        parts = []
        for m in self.doc.in_sentence(self.doc.countries, self.sentences[idx]):
            code = m.name.code
            if code in ("BY", "RU") or code in seen:
                continue
            seen.add(code)
            f = {"par_country": 1.0} | _distance("par_country_dist", abs(a.money.start - m.end))
            if not regions:
                f["par_country_no_region"] = 1.0
            parts.append(Part(code, f, idx))
        return parts

    def _by_oblast_last(self, idx: int) -> bool:
        """Whether the last region sentence *idx* names is a Belarusian oblast ("…, из
        которых 300 млн — с Гомельской областью."): a next sentence naming no region ("За 5
        месяцев показатель составил 150,5 млн") may go on about that oblast's trade."""
        named = self.doc.in_sentence(self.doc.regions, self.sentences[idx])
        return bool(named) and named[-1].name.code.startswith("BY-")

    def _state_spans(self, idx: int) -> list[tuple[int, int]]:
        """Where sentence *idx* names Belarus and Russia as two sides (cached)."""
        if idx not in self._states:
            text = self.sentences[idx].text
            self._states[idx] = [
                (m.start(), m.end()) for rx in (RU_PAIR, OUR_COUNTRIES) for m in rx.finditer(text)
            ]
        return self._states[idx]

    def _main(self, code: str) -> Feats:
        return {"par_is_main": 1.0} if code == self.main else {}

    def _city(self, r: tuple[int, int, str]) -> Feats:
        return {"par_federal_city": 1.0} if r[0] in self.city_regions else {}


def _region_mentions(doc: Doc) -> tuple[list[tuple[int, int, str]], set[int]]:
    """(start, end, code) of the Russian regions the article names, federal cities named as
    cities or by an alias included (sorted); and the starts of those named as cities."""
    out = [(m.start, m.end, m.name.code) for m in doc.regions if m.name.code.startswith("RU-")]
    cities = [(m.start, m.end, m.name.code) for m in doc.cities if m.name.code in FEDERAL_CITIES]
    low = doc.text.lower()
    if "столиц" in low or "capital" in low:  # the alias patterns only where they can match
        for rx, code in CITY_ALIASES:
            cities += [(m.start(), m.end(), code) for m in rx.finditer(doc.text)]
    taken = {r[0] for r in out}
    cities = [c for c in cities if c[0] not in taken and _trade_partner_city(doc.text, c)]
    return sorted(out + cities), {c[0] for c in cities}


def _trade_partner_city(text: str, c: tuple[int, int, str]) -> bool:
    """Whether a federal city is named as a side of trade ("с Санкт-Петербургом", "между
    Петербургом и", "экспорт в столицу России"), not as a venue ("визит в Москву",
    "посольство в Москве") nor with Minsk for the two states ("Москва и Минск")."""
    if MINSK_AFTER.match(text, c[1]) or MINSK_BEFORE.search(text, max(0, c[0] - 12), c[0]):
        return False
    lead = text[max(0, c[0] - 40) : c[0]]
    if CITY_SIDE_LEAD.search(lead):
        return True
    into = CITY_INTO_LEAD.search(lead)
    return into is not None and INDICATOR.search(lead[: into.start()][-30:]) is not None


UPDATE_STAMP = re.compile(
    r"(?:обновлен\w*|updated|modified|изменен\w*)\s*:?\s*(\d{1,2})[./](\d{1,2})[./]((?:19|20)\d\d)",
    re.I,
)


def _update_stamp(head: str, published: dt.date) -> bool:
    """Whether the article's date is a page's "Последнее обновление: 14.11.2024" (when the
    page was last touched, years after the news): periods are then dated from the file's
    name or the years the text names (``trade.inferred_date``)."""
    for m in UPDATE_STAMP.finditer(head):
        day, month, year = (int(x) for x in m.groups())
        if (year, month, day) == (published.year, published.month, published.day):
            return True
    return False


RELATIVE = re.compile(r"\b(?:котор(?:ых|ого|ой|ые|ый|ое)|which|whose)\b", re.IGNORECASE)


def _antecedent(text: str, prev_end: int, lo: int) -> int:
    """Where to look for what an amount measures: the 60 characters before it, or before the
    relative pronoun that introduces it ("по инвестициям в экономику области, объем которых
    в прошлом году составил 6,2 млрд рублей": the volume is the investments')."""
    start = max(prev_end, lo - 60)
    pronouns = list(RELATIVE.finditer(text, start, lo))
    return max(prev_end, pronouns[0].start() - 60) if pronouns else start


def _not_trade_nearest(rx: re.Pattern[str] | Started, text: str, lo: int, hi: int) -> bool:
    """Whether a not-trade word (investment, contract, deficit…) lies in ``text[lo:hi]`` with
    no indicator word after it: what the amount measures is that, not trade."""
    ends = [m.end() for m in rx.finditer(text, lo, hi)]
    return bool(ends) and INDICATOR.search(text, ends[-1], hi) is None


def _year_after_base(periods: list[Period]) -> Period | None:
    """The year after a sentence's only period, a comparison year ("по сравнению с 2014
    годом увеличился … до 250,7 млн долларов", "up 5% on 2014 to $100 million"): a reading
    the model weighs, as the figure may as well be of the comparison year itself."""
    bases = [p for p in periods if p.base and p.annual and not p.relative]
    if len(bases) != 1:
        return None
    y = bases[0].last.year + 1
    return Period(bases[0].start, bases[0].end, dt.date(y, 1, 1), dt.date(y, 12, 31), False,
                  True, False)  # fmt: skip


def _states_named(
    s: Sentence, spans: list[tuple[int, int]], regions: list[tuple[int, int, str]], a: Amount
) -> bool:
    """Whether the sentence names Belarus and Russia as the two sides of the amount's trade
    ("Товарооборот Беларуси и России … составил 53 млрд", "между нашими странами") with no
    region between: then Russia is the partner, whatever region the article is about."""
    hi = a.money.start - s.start
    if not spans:
        return False
    if not regions:
        return True
    before = [e for b, e in spans if e <= hi]
    if not before:
        return False
    last = max(before) + s.start
    return not any(last <= r[0] < a.money.start for r in regions)


def _size(a: Amount) -> float:
    """The amount's order of magnitude in dollars (other currencies taken as a hundredth)."""
    return math.log10(max(a.money.value, 1.0)) + (0 if a.money.currency == "USD" else -2)


def _significant(text: str) -> int:
    m = _DIGITS.search(text)
    digits = _NOT_DIGIT.sub("", m.group(0)) if m else ""
    return len(digits.strip("0")) if digits else 1


def candidates(doc: Doc) -> list[Candidate]:
    """Every amount of *doc* with its readings and features."""
    return Reader(doc).candidates()
