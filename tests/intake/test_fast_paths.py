"""The intake's fast paths find exactly what the plain forms they replace find.

Folded patterns (case-insensitive patterns run on the lower-cased text), titles tried only
where a title's first word is, and capitalised runs found from a scan for capitals are
compared with the straightforward forms on our test articles, on case-changed copies of
them and on random text with the letters where case folding has exceptions.
"""

from __future__ import annotations

import itertools
import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coopatlas.intake import (
    candidates,
    dates,
    extract,
    figures,
    known,
    money,
    names,
    periods,
    projects,
    trade,
)
from coopatlas.intake import text as text_module
from coopatlas.intake.document import read_doc
from coopatlas.intake.entities import (
    TITLE_CUE_EN,
    TITLE_CUE_RU,
    TITLE_EN,
    TITLE_RU,
    find_titles,
)
from coopatlas.intake.figures import Candidate
from coopatlas.intake.folding import Folded, lower_case, lowered
from coopatlas.intake.gazetteer import reference_gazetteer
from coopatlas.intake.starts import Started, literal_starts
from coopatlas.intake.text import read_article
from tests.intake.helpers import ARTICLES

CORPUS_TEXTS = ARTICLES.parent / "corpus" / "texts"  # git-ignored: whatever it holds
TEXTS = [
    p.read_text(encoding="utf-8", errors="replace")
    for p in [*sorted(ARTICLES.glob("*.txt")), *sorted(CORPUS_TEXTS.glob("*.txt"))[:120]]
]
VARIANTS = [v for t in TEXTS for v in (t, t.upper(), t.lower(), t.title())]

FOLDED = [
    *(v for v in vars(projects).values() if isinstance(v, Folded)),
    *(rx for _, rx in projects.KIND),
    *(v for v in vars(extract).values() if isinstance(v, Folded)),
    *(v for v in vars(dates).values() if isinstance(v, Folded)),
    *(
        v
        for m in (candidates, trade, money, periods)
        for v in vars(m).values()
        if isinstance(v, Folded)
    ),
]
LOWER_CASED = [
    (candidates.OUR_COUNTRIES_F, trade.OUR_COUNTRIES),
    (candidates.RUSSIA_NAMED_F, candidates.RUSSIA_NAMED),
    (candidates.RU_PAIR_F, candidates.RU_PAIR),
    (candidates.INDICATOR_F, trade.INDICATOR),
    (candidates.UNRESOLVED_F, trade.UNRESOLVED),
    (candidates.BY_SIDE_F, candidates.BY_SIDE),
    (candidates.RU_SIDE_F, candidates.RU_SIDE),
    (candidates.INTO_BELARUS_F, candidates.INTO_BELARUS),
    (candidates.OUT_OF_BELARUS_F, candidates.OUT_OF_BELARUS),
    (trade.BELARUS_F, trade.BELARUS),
    (trade.THIRD_COUNTRY_GROUP_F, trade.THIRD_COUNTRY_GROUP),
    (money.MONEY_FOLDED, money.MONEY),
    (money.AMOUNT_FOLDED, money.AMOUNT),
    (periods.PERIOD_FOLDED, periods.PERIOD),
    (periods.BASE_BEFORE_F, periods.BASE_BEFORE),
    (periods.CHANGE_BEFORE_F, periods.CHANGE_BEFORE),
    (periods.DATE_BEFORE_F, periods.DATE_BEFORE),
    (trade.MARK_CUE_F, trade.MARK_CUE),
    (trade.PASSED_MARK_F, trade.PASSED_MARK),
    (trade.CHANGE_TO_F, trade.CHANGE_TO),
    *((f, rx) for (f, _), (rx, _) in zip(trade.QUALIFIER_F, trade.QUALIFIER, strict=True)),
]


def _spans(matches: object) -> list[tuple[int, int]]:
    return [m.span() for m in matches]  # type: ignore[attr-defined]


def test_articles_are_there() -> None:
    assert len(TEXTS) >= 5 and len(FOLDED) >= 20


@pytest.mark.parametrize("rx", FOLDED, ids=lambda f: f.pattern.pattern[:40])
def test_folded_patterns_match_as_the_case_insensitive_ones(rx: Folded) -> None:
    assert rx.plain is not None  # every pattern the intake folds can be folded
    for text in VARIANTS:
        assert _spans(rx.finditer(text, lowered(text))) == _spans(rx.pattern.finditer(text))


@pytest.mark.parametrize("rx, written", LOWER_CASED, ids=lambda x: str(x)[:30])
def test_lower_cased_patterns_read_as_written(rx: Folded, written: re.Pattern[str]) -> None:
    """``lower_case`` changes only the letters' case, which IGNORECASE does not read."""
    for text in VARIANTS:
        low = lowered(text)
        assert _spans(rx.finditer(text, low)) == _spans(written.finditer(text))
        found, plain = rx.match(text[9:], lowered(text[9:])), written.match(text[9:])
        assert (found and found.span()) == (plain and plain.span())


def test_gazetteer_scan_folded() -> None:
    gaz = reference_gazetteer()
    assert gaz.folded.plain is not None
    for text in VARIANTS:
        assert gaz.find_all(text, lowered(text)) == gaz.find_all(text)


CASE_TRAPS = "aAiIıİsSſkKKвВᲀдДоОсСтТъЪёЁ —-,.\n«»ßẞΣσς"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=CASE_TRAPS, max_size=40))
def test_folding_keeps_matches_on_case_traps(text: str) -> None:
    rx = Folded(re.compile(r"(?<!\w)(?:ski|вот|кость|as)\w*|[a-zа-яё]{3}", re.I))
    assert _spans(rx.finditer(text, lowered(text))) == _spans(rx.pattern.finditer(text))


def test_lowered_refuses_texts_that_would_read_differently() -> None:
    assert lowered("Минск, MINSK") == "минск, minsk"
    assert lowered("İzmir") is None  # lower() gives two characters for İ
    assert lowered("Kırgızistan") is None  # IGNORECASE reads ı as i, lower() does not
    rx = Folded(re.compile(r"kirg\w+", re.I))
    assert rx.search("Kırgızistan", lowered("Kırgızistan")) is not None  # the pattern as is


def test_folded_refuses_what_it_cannot_fold() -> None:
    for source, flags in (("Minsk", re.I), (r"\u0410", re.I), ("σ", re.I), ("minsk", 0)):
        with pytest.raises(ValueError):
            Folded(re.compile(source, flags))
        lenient = Folded(re.compile(source, flags), strict=False)
        assert lenient.plain is None
        found, plain = lenient.search("Minsk", "minsk"), lenient.pattern.search("Minsk")
        assert (found and found.span()) == (plain and plain.span())


def test_titles_where_their_first_word_is() -> None:
    extra = [
        "the region's governor Georgy Filimonov met the Ambassador Extraordinary and "
        "Plenipotentiary of Belarus, Director General Ivanov and Russia's Prime Minister.",
        "Первый заместитель премьер-министра и посла, Врио губернатора, главой и министром.",
    ]
    for text in [*TEXTS, *extra]:
        for rx, cue in ((TITLE_EN, TITLE_CUE_EN), (TITLE_RU, TITLE_CUE_RU)):
            assert _spans(find_titles(rx, cue, text)) == _spans(rx.finditer(text))


def _candidates_word_by_word(text: str) -> list[tuple[int, int]]:
    """The plain form of ``known._candidates``: every word in turn."""
    spans = [(m.start(g), m.end(g)) for m in known._QUOTED.finditer(text) for g in (1, 2, 3)
             if m.group(g)]  # fmt: skip
    run: list[tuple[int, int, str]] = []
    for m in known._WORD.finditer(text):
        word = m.group()
        gap = text[run[-1][1] : m.start()] if run else ""
        if run and (gap.strip() or "\n" in gap):
            spans.append(known._close(run))
            run = []
        if any(ch.isupper() for ch in word) or (
            run and (word.lower() in known.CONNECT or known._is_name_word(word.lower()))
        ):
            run.append((m.start(), m.end(), word))
        elif run:
            spans.append(known._close(run))
            run = []
        if len(run) >= known.MAX_WORDS:
            spans.append(known._close(run))
            run = []
    if run:
        spans.append(known._close(run))
    return [s for s in spans if s[1] > s[0]]


def test_capitalised_runs_as_word_by_word() -> None:
    extra = [
        "iPhone maker-Apple, _Minsk -Tractor Works of Belarus and the Bobruisk Plant of "
        "Tractor Parts and Units named after Lenin; Ⓐbc Санкт-Петербург «Белкард» 𝐀bc Minsk",
    ]
    for text in [*VARIANTS, *extra]:
        assert known._candidates(text) == _candidates_word_by_word(text)


def test_sentence_boundaries_where_they_can_start() -> None:
    extra = [
        'A.B "x." Yes.\n\n\nNo млн.В январе Mr. Smith  said!  "Quoted."  (Next) …Then\n• b\n1',
        "",
        ".\n",
        "...",
        'abc.Def ghi."Jkl',
    ]
    for text in [*VARIANTS, *extra]:
        assert _spans(text_module._boundaries(text)) == _spans(text_module._BOUNDARY.finditer(text))


def test_english_pairs_of_capitalised_words() -> None:
    capitalised = re.compile(r"(?<![\w’'.\-])[A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?(?![\w’'\-])")
    extra = ["Mr. Ivan Petrov met Anna-Maria Lee-Smith, O'Neil Brown and .Foo Bar Baz Qux"]
    for text in [*VARIANTS, *extra]:
        words = list(capitalised.finditer(text))
        pairs = [
            (a.start(), b.end())
            for a, b in itertools.pairwise(words)
            if text[a.end() : b.start()] == " "
        ]
        assert [(m.start(), m.end(2)) for m in names._PAIR_EN.finditer(text)] == pairs


WINDOWED = [
    (money.MONEY, money.MONEY_FOLDED, money.CURRENCY_HIT, 60, 60),
    (money.AMOUNT, money.AMOUNT_FOLDED, money.SCALE_HIT, 90, 70),
    (periods.PERIOD, periods.PERIOD_FOLDED, periods.PERIOD_HIT, 60, 50),
]


# ids by name: the patterns' text is built from sets, so it differs between processes (and
# pytest-xdist's workers must collect the same ids)
@pytest.mark.parametrize(
    "plain, folded, hits, before, after", WINDOWED, ids=["money", "amounts", "periods"]
)
def test_amounts_and_periods_in_windows_on_the_lower_cased_text(
    plain: re.Pattern[str], folded: Folded, hits: money.Hits, before: int, after: int
) -> None:
    assert folded.plain is not None and folded.pattern.flags == plain.flags
    for text in VARIANTS:
        low = lowered(text)
        assert _spans(folded.finditer(text, low)) == _spans(plain.finditer(text))
        found, whole = money.windowed(folded, hits, text, before, after, low), plain.finditer(text)
        assert [_lower_groups(m) for m in found] == [_lower_groups(m) for m in whole]


def _lower_groups(m: re.Match[str]) -> tuple[tuple[int, int], dict[str, str | None]]:
    return m.span(), {k: v and v.lower() for k, v in m.groupdict().items()}


def test_lower_case_keeps_escapes_and_group_names() -> None:
    rx = lower_case(re.compile(r"(?P<Cur>USD|США)\s\S\u00a0(?P=Cur)", re.I))
    assert rx.pattern == r"(?P<Cur>usd|сша)\s\S\u00a0(?P=Cur)"
    assert Folded(rx).plain is not None
    with pytest.raises(ValueError):
        lower_case(re.compile("USD"))


STARTED = {
    "currency": money.CURRENCY_HIT.folded.plain,
    "scale": money.SCALE_HIT.folded.plain,
    "period": periods.PERIOD_HIT.folded.plain,
    "self_side": candidates.SELF_SIDE.folded.plain,
    "indicator": candidates.INDICATOR_EXACT,
    "target": candidates.TARGET_EXACT,
    "reported": candidates.REPORTED_EXACT,
    "not_trade": candidates.NOT_TRADE_EXACT,
    "change_by": candidates.CHANGE_BY_EXACT,
    "future": candidates.FUTURE_EXACT,
    "share": candidates.SHARE_EXACT,
}


@pytest.mark.parametrize("rx", list(STARTED.values()), ids=list(STARTED))
def test_patterns_found_from_their_starts(rx: Started) -> None:
    assert rx.starts is not None
    for text in (t for v in VARIANTS for t in (v, v.lower())):
        assert _spans(rx.finditer(text)) == _spans(rx.pattern.finditer(text))
        for lo, hi in ((0, 40), (7, 300), (len(text) // 2, len(text))):
            found, plain = rx.search(text, lo, hi), rx.pattern.search(text, lo, hi)
            assert (found and found.span()) == (plain and plain.span())
            assert _spans(rx.finditer(text, lo, hi)) == _spans(rx.pattern.finditer(text, lo, hi))


TRICKY = [
    r"(?<![a-z])(?:ab|a(?:c|d)+e?|b[xy]z)\b",
    r"(?:x\s+|yy)?(?:z\s+)?zz|q[1-3]|(?<=\s)w{2,}",
    r"\bab(?!c)|ba(?=b)|a{2}b",
    r"(?:a|b)*c",  # may start with c: starts a, b, c
]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcdexyzqw123 \n", max_size=60))
def test_starts_on_tricky_patterns(text: str) -> None:
    for source in TRICKY:
        rx = Started(re.compile(source))
        assert rx.starts is not None
        assert _spans(rx.finditer(text)) == _spans(rx.pattern.finditer(text))


def test_patterns_without_literal_starts_run_as_they_are() -> None:
    for source in (r"\d+ млн", r"[a-z]+", r"(?:a|)b?", r"(?i:abc)", r"a|.b"):
        assert literal_starts(re.compile(source)) is None
    assert literal_starts(re.compile("abc", re.I)) is None
    assert literal_starts(re.compile(r"(?:19|20)\d\d|h[12]")) == ("19", "20", "h1", "h2")


def _best_reading_plainly(c: Candidate, w: dict[str, float]) -> tuple[float, object]:
    """``figures.best_reading`` with every combination's features built and scored."""
    scores = [
        (figures.dot(w, c.feats) + figures.dot(w, i.feats) + figures.dot(w, p.feats)
         + figures.dot(w, q.feats) + figures.dot(w, figures.pair_feats(i, p, q)), (i, p, q))
        for i, p, q in figures.combinations(c)
    ]  # fmt: skip
    if not scores:
        return 0.0, None
    best = max(scores, key=lambda sc: sc[0])  # the first of equals, as the loop keeps it
    top = max(best[0], 0.0)
    total = sum(math.exp(s - top) for s, _ in scores)
    return total / (total + math.exp(-top)), best[1]


def test_best_reading_as_every_combination_scored() -> None:
    gaz = reference_gazetteer()
    weights, _ = figures.load_model()
    for path in [*sorted(ARTICLES.glob("*.txt")), *sorted(CORPUS_TEXTS.glob("*.txt"))[:120]]:
        for c in candidates.candidates(read_doc(read_article(path), gaz)):
            assert figures.best_reading(c, weights) == _best_reading_plainly(c, weights)
