"""Trade figures of an article: the best reading of each amount, kept when the model says so.

``candidates`` lists the amounts and their readings, ``figures`` scores them with the shipped
weights; here the kept readings become :class:`~coopatlas.intake.trade.Figure` objects with
their qualifier and growth (read from the words around the amount, and from the next sentence
when it goes on about the figure), and a figure said twice is reported once.
"""

from __future__ import annotations

import re
from dataclasses import replace

from coopatlas.intake.candidates import Reader
from coopatlas.intake.document import Doc
from coopatlas.intake.figures import best_reading, load_model
from coopatlas.intake.money import PERCENT
from coopatlas.intake.periods import Period
from coopatlas.intake.trade import (
    CHANGE_VERB,
    PERCENT_OR_TIMES,
    Figure,
    _attach_growth,
    _dedupe,
    _growth,
    _qualifier,
)

SAME_VALUE = 0.005


def extract_figures(doc: Doc, reader: Reader | None = None) -> list[Figure]:
    """The trade figures of *doc* (the issue's rules of reading, learned: see ``figures``);
    *reader* is the article's :class:`Reader` when the caller made it (to ask it about the
    article's date)."""
    weights, thresholds = load_model()
    threshold = thresholds.get(doc.language, thresholds[""])
    reader = reader or Reader(doc)
    scored: list[tuple[float, Figure]] = []
    for c in reader.candidates():
        p, reading = best_reading(c, weights)
        if reading is None or p < threshold:
            continue
        ind, per, par = reading
        s = doc.sentences[c.sentence]
        money = c.amount.money
        local, local_end = money.start - s.start, money.end - s.start
        amounts = reader.by_sentence[c.sentence]
        k = amounts.index(c.amount)
        next_start = amounts[k + 1].money.start - s.start if k + 1 < len(amounts) else len(s.text)
        prev_end = amounts[k - 1].money.end - s.start if k else 0
        growth, same = _growth(s.text[local_end:next_start])
        if growth is None:
            growth, same = _growth(s.text[prev_end:local])
        period = per.value
        basis = None
        if growth is not None:
            basis = "same_period_last_year" if same or not period.annual else "previous_period"
        figure = Figure(
            par.value, ind.value, period, money, _qualifier(s.text, local), growth, basis, s,
            doc.published is None and period.relative,
        )  # fmt: skip
        scored.append((p, figure))
    figures = _from_is_the_base([f for _, f in scored])
    figures = _one_reading_per_value(figures, [p for p, _ in scored])
    _growth_after(doc, reader, figures)
    return _dedupe(figures)


FROM_BEFORE = re.compile(r"(?:(?<![\w])(?:с|со|от)|\bfrom)\s*$", re.IGNORECASE)
TO_BETWEEN = re.compile(
    r"\s*(?:долл\w*\.?|dollars|USD|рубл\w*|\$)?\s*(?:[-–—]\s*)?(?:до|to)\s*$", re.IGNORECASE
)


def _from_is_the_base(figures: list[Figure]) -> list[Figure]:
    """ "сократился с 5,4 млрд долларов до 3 млрд", "grew from $1.2bn to $1.5bn": the first
    amount is the level the change starts from, the period before the one the sentence gives
    (the same months a year earlier). Read with the sentence's period, the two would be two
    values of one figure."""
    out = list(figures)
    for i, a in enumerate(out):
        for b in out[i + 1 :]:
            if b.sentence is not a.sentence or (a.partner, a.indicator, a.period) != (
                b.partner, b.indicator, b.period,
            ):  # fmt: skip
                continue
            text, start = a.sentence.text, a.sentence.start
            between = text[a.money.end - start : b.money.start - start]
            if (
                TO_BETWEEN.fullmatch(between)
                and FROM_BEFORE.search(text[: a.money.start - start])
                and CHANGE_VERB.search(text)
            ):
                out[i] = replace(a, period=_year_before(a.period), qualifier="exact")
            break
    return out


def _year_before(p: Period) -> Period:
    first, last = p.first, p.last
    last_day = 28 if (last.month, last.day) == (2, 29) else last.day
    before = last.replace(year=last.year - 1, day=last_day)
    return replace(p, first=first.replace(year=first.year - 1), last=before)


def _one_reading_per_value(figures: list[Figure], probs: list[float]) -> list[Figure]:
    """One value of one partner and indicator read for two periods is one figure. Where one
    period lies within the other (a headline's "in 2024" and the text's "in 11 months of
    2024") the narrower is kept: a writer rounds months up to their year, never a year down
    to some of its months. Otherwise the likelier reading is kept."""
    keep = [True] * len(figures)
    for i, f in enumerate(figures):
        for j in range(i):
            g = figures[j]
            if not keep[j] or (f.partner, f.indicator, f.money.currency) != (
                g.partner,
                g.indicator,
                g.money.currency,
            ):
                continue
            if (f.period.first, f.period.last) == (g.period.first, g.period.last):
                continue
            if abs(f.money.value - g.money.value) <= SAME_VALUE * max(f.money.value, 1.0):
                narrower = _narrower(f.period, g.period)
                if narrower is f.period or (narrower is None and probs[i] > probs[j]):
                    keep[j] = False
                else:
                    keep[i] = False
                    break
    return [f for f, k in zip(figures, keep, strict=True) if k]


def _narrower(a: Period, b: Period) -> Period | None:
    """The one of two periods that lies within the other, if one does."""
    if b.first <= a.first and a.last <= b.last:
        return a
    if a.first <= b.first and b.last <= a.last:
        return b
    return None


def _growth_after(doc: Doc, reader: Reader, figures: list[Figure]) -> None:
    """Growth stated in the sentence after a figure, without an amount of its own."""
    index = {id(s): i for i, s in enumerate(doc.sentences)}
    for f in figures:
        i = index.get(id(f.sentence))
        if i is None or i + 1 >= len(doc.sentences) or (i + 1) in reader.by_sentence:
            continue
        nxt = doc.sentences[i + 1]
        if not (PERCENT_OR_TIMES.search(nxt.text) or PERCENT.search(nxt.text)):
            continue
        later = [g for g in figures if g.sentence is f.sentence and g.money.start > f.money.start]
        if later:
            continue  # the growth goes with the sentence's last figure
        _attach_growth(f, nxt.text, reader.sentence_indicators_local(i + 1), reader.periods(i + 1))
