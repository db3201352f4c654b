"""Drawing Vega-Lite specs: static SVG through vl-convert, or interactive through vega-embed.

vl-convert runs Vega in an embedded JavaScript engine, so SVG comes out without a browser;
``allowed_base_urls=[]`` forbids any data request, so a chart can never reach the network.
Numbers on axes follow the language (d3 format locales that vl-convert ships).
"""

from __future__ import annotations

import html
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import vl_convert as vlc

# altair's chart operators (+, |) are typed as returning Any, so charts travel as Any.
Chart = Any

LOCALES = {"en": "en-US", "ru": "ru-RU"}
FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
CONFIG: dict[str, Any] = {
    "font": FONT,
    "view": {"stroke": None},
    "axis": {"labelFontSize": 11, "titleFontSize": 11, "labelColor": "#333"},
    "legend": {"labelFontSize": 11, "titleFontSize": 11, "orient": "bottom"},
    "title": {"fontSize": 13, "anchor": "start"},
}


def _locale(lang: str) -> Any:
    return LOCALES.get(lang, "en-US")


def _spec(chart: Any) -> dict[str, Any]:
    """The Vega-Lite dict (altair's schema validation skipped: our builders are tested)."""
    spec: dict[str, Any] = chart if isinstance(chart, dict) else chart.to_dict(validate=False)
    return spec


def spec(chart: Any) -> dict[str, Any]:
    """A chart as its Vega-Lite dict, to build once and draw both ways."""
    return _spec(chart)


def to_svg(chart: Any, lang: str = "en") -> str:
    """The chart as a standalone ``<svg>`` element (the first call starts Vega: ~0.5 s)."""
    svg: str = vlc.vegalite_to_svg(
        _spec(chart),
        config=CONFIG,
        allowed_base_urls=[],
        format_locale=_locale(lang),
    )
    return svg


def _cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "coopatlas"


@lru_cache(maxsize=1)
def vega_bundle() -> str:
    """Vega, Vega-Lite and vega-embed as one script (about 0.9 MB), from vl-convert itself.

    Bundling takes 1–3 s, so the result is kept in the user's cache folder, one file per
    vl-convert version (never in the repository).
    """
    versions = f"{vlc.get_vega_version()}-{vlc.get_vega_embed_version()}"
    cached = _cache_dir() / f"vega-bundle-{versions}.js"
    if cached.exists():
        return cached.read_text("utf-8")
    bundle: str = vlc.javascript_bundle(None)  # type: ignore[arg-type]
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(bundle, "utf-8")
        tmp.replace(cached)
    except OSError:
        pass  # a read-only home: bundle again next time
    return bundle


def embed_script(charts: dict[str, Any], lang: str = "en") -> str:
    """A ``<script>`` that draws each chart into the element with its id (SVG renderer).

    The elements hold the static SVG until vega-embed replaces it, so a page whose script
    does not run still shows every chart.
    """
    specs = {key: {**_spec(chart), "config": CONFIG} for key, chart in charts.items()}
    locale = vlc.get_format_locale(_locale(lang))
    payload = json.dumps({"specs": specs, "locale": locale}, ensure_ascii=False)
    payload = payload.replace("</", "<\\/")
    return (
        "<script>(function(){var d=" + payload + ";"
        "Object.keys(d.specs).forEach(function(k){var el=document.getElementById(k);"
        "if(!el||!window.vegaEmbed)return;"
        "vegaEmbed(el,d.specs[k],{renderer:'svg',actions:false,formatLocale:d.locale})"
        ".then(function(){el.setAttribute('data-drawn','1');})"
        ".catch(function(e){el.setAttribute('data-error',String(e));});});})();</script>"
    )


def bundle_script() -> str:
    """The Vega bundle as an inline ``<script>`` element."""
    return "<script>" + vega_bundle().replace("</script", "<\\/script") + "</script>"


def escape(text: str) -> str:
    return html.escape(text, quote=True)
