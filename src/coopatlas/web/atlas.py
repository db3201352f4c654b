"""What the trade monitor and the briefings add to the pages: the map, alerts, briefings.

Thin over ``coopatlas.trade``, ``coopatlas.charts`` and ``coopatlas.brief``; the map and the
alerts are kept per worker until the web changes something (the newest audit id) or for
five minutes, since drawing the map (Vega-Lite to SVG) costs far more than serving it.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from coopatlas.errors import UserError
from coopatlas.web.queries import audit_version

_KEPT: dict[tuple[str, str, str], tuple[float, int, Any]] = {}


def _kept(engine: Engine, what: str, lang: str, make: Any) -> Any:
    key, version = (str(engine.url), what, lang), audit_version(engine)
    hit = _KEPT.get(key)
    if hit and hit[1] == version and time.monotonic() - hit[0] < 300:
        return hit[2]
    value = make()
    _KEPT[key] = (time.monotonic(), version, value)
    return value


def map_svg(engine: Engine, lang: str) -> str:
    """The tile-grid map of Belarus's turnover with each region (SVG, drawn offline)."""

    def make() -> str:
        from coopatlas.brief.data import _names, map_values
        from coopatlas.brief.i18n import Formats
        from coopatlas.brief.page import chart_text
        from coopatlas.charts import tilemap
        from coopatlas.charts.render import to_svg

        text = chart_text(Formats(lang))
        chart = tilemap.tile_map(map_values(engine), _names(engine, lang), text, lang)
        return to_svg(chart, lang)

    return str(_kept(engine, "map", lang, make))


def alerts(engine: Engine, partner: str | None = None) -> list[dict[str, Any]]:
    """The trade monitor's alerts (falling turnover, widening deficit, ...), with sources."""

    def make() -> list[dict[str, Any]]:
        from coopatlas.trade.alerts import alerts as trade_alerts

        try:
            return [a.as_dict() for a in trade_alerts(engine, partner)]
        except UserError:
            return []

    return list(_kept(engine, f"alerts:{partner}", "", make))


def alert_messages(found: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """The alerts with their message in *lang* (Russian: written from the alert's numbers
    by ``brief.texts.alert_sentence``, as the briefing does) and a translated title."""
    if lang == "en":
        return found
    from coopatlas.brief.i18n import Formats
    from coopatlas.brief.page import ALERT_TITLES
    from coopatlas.brief.texts import alert_sentence

    f = Formats(lang)
    return [
        {**a, "title": f._(ALERT_TITLES.get(a["kind"], a["kind"])), "message": alert_sentence(a, f)}
        for a in found
    ]


def briefing_html(engine: Engine, region: str, lang: str) -> str:
    """The region's briefing as a self-contained page (footnoted figures, charts, map)."""
    from coopatlas.brief.data import gather
    from coopatlas.brief.page import render

    return render(gather(engine, region, lang), lang)


def briefing_pdf(engine: Engine, region: str, lang: str) -> bytes:
    """The same briefing printed to PDF by Debian's Chromium."""
    from coopatlas.brief.data import gather
    from coopatlas.brief.page import render_both
    from coopatlas.brief.pdf import write_pdf

    _page, printable = render_both(gather(engine, region, lang), lang)
    with tempfile.TemporaryDirectory() as tmp:
        return write_pdf(printable, Path(tmp) / "brief.pdf").read_bytes()
