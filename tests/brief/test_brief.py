"""The briefing from the default dataset: figures with sources, charts, languages, bad input."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sqlalchemy import Engine

from coopatlas import registry
from coopatlas.brief import write_brief
from coopatlas.brief.data import gather
from coopatlas.brief.page import render
from coopatlas.cli import run
from coopatlas.errors import UserError
from coopatlas.registry.dataset import load_default_dataset
from coopatlas.trade import indicators, store
from coopatlas.trade.synth import write_statistics

LIPETSK_ARTICLE = "https://eng.belta.by/economics/view/key-avenues-of-cooperation-between-belarus"


@pytest.fixture
def engine(dataset_url: str) -> Engine:
    return registry.connect(dataset_url)


class _References(HTMLParser):
    """Every address an element or a style of the page names (scripts are code, not markup:
    the browser test watches their requests)."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self._style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and name in {"src", "href", "xlink:href", "action", "poster", "data"}:
                self.refs.append(value)
            if value and name == "style":
                self.refs += re.findall(r"url\(\s*['\"]?([^)'\"]+)", value)
        self._style = tag == "style"

    def handle_data(self, data: str) -> None:
        if self._style:
            self.refs += re.findall(r"url\(\s*['\"]?([^)'\"]+)", data)
            self.refs += re.findall(r"@import\s+['\"]?([^'\";]+)", data)


def _other_hosts(html: str) -> list[str]:
    """Every src/href/url() that would load from, or lead to, another host."""
    parser = _References()
    parser.feed(html)
    return [r for r in parser.refs if not r.startswith(("#", "data:"))]


def test_english_briefing_has_the_lipetsk_figures_with_their_sources(
    engine: Engine, tmp_path: Path
) -> None:
    out = tmp_path / "x.html"
    files = write_brief(engine, "RU-LIP", "en", html=out)
    html = out.read_text("utf-8")
    assert files.charts >= 2 and html.count("<svg") >= 3
    assert "Briefing: Lipetsk Oblast" in html
    for figure in ("315.0", "about 334.0", "over 91.0", "70.0", "68.0", "about 66.3"):
        assert figure in html, figure
    assert "+6.0%" in html and "+31.0% as stated" in html and "+2.5%" in html
    assert LIPETSK_ARTICLE in html and "Golovchenko meets Lipetsk Oblast governor" in html
    assert "June 1, 2023" in html
    assert 'href="#fn-1"' in html and 'id="fn-1"' in html
    assert "NLMK" in html and "Lipetsk Tractor Plant" in html
    assert "Assembly plant for Belarusian machinery" in html  # a project, under its status
    assert "RU-LIP" not in re.sub(r"<script.*?</script>", "", html, flags=re.S)  # names
    assert _other_hosts(html) == []
    assert _other_hosts('<img src="https://cdn.example/a.png"><style>a{b:url(//x/f)}</style>') == [
        "https://cdn.example/a.png",
        "//x/f",
    ]


def test_russian_briefing_is_in_russian(engine: Engine, tmp_path: Path) -> None:
    out = tmp_path / "x.html"
    write_brief(engine, "RU-LIP", "ru", html=out)
    html = out.read_text("utf-8")
    assert '<html lang="ru">' in html and "Справка: Липецкая область" in html
    for text in ("315,0", "около 334,0", "более 91,0", "1 кв. 2023 г.", "+6,0%", "Сальдо"):
        assert text in html, text
    assert "Новолипецкий металлургический комбинат" in html
    assert "<td>Липецк</td><td>сельскохозяйственная техника (тракторы)</td>" in html
    assert "agricultural machinery" not in html
    assert "Сборочное производство белорусской техники и автомобилей на площадке" in html
    assert "Головченко встретился с губернатором Липецкой области" in html  # the seed's title
    assert "Golovchenko meets" not in html
    assert "1 июня 2023" in html and "Headline figures" not in html
    assert _other_hosts(html) == []


def test_static_page_has_no_script_and_the_same_charts(engine: Engine) -> None:
    data = gather(engine, "RU-LIP", "en")
    static, live = render(data, "en", interactive=False), render(data, "en")
    assert "<script" not in static and "vegaEmbed" in live
    assert static.count('<figure class="chart') == live.count('<figure class="chart') >= 3


def test_cli_writes_html_and_reports_bad_input(
    dataset_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "b.html"
    assert run(["--db", dataset_url, "brief", "ru-lip", "--lang", "ru", "--out", str(out)]) == 0
    assert "Липецкая" in out.read_text("utf-8")
    assert run(["--db", dataset_url, "brief", "RU-LIQ", "--out", str(out)]) == 1
    assert "unknown region 'RU-LIQ'" in capsys.readouterr().err
    assert run(["--db", dataset_url, "brief", "RU-LIP", "--lang", "de", "--out", str(out)]) == 1
    assert "en or ru" in capsys.readouterr().err
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    assert run(["--db", empty, "brief", "RU-LIP", "--out", str(out)]) == 1
    assert "db init" in capsys.readouterr().err


def test_region_without_figures_says_so_and_draws_no_empty_chart(engine: Engine) -> None:
    data = gather(engine, "RU-ALT", "en")  # Altai Krai: no figure in the dataset
    html = render(data, "en", interactive=False)
    assert "No trade figures for this region in the registry." in html
    assert 'id="chart-flows"' not in html and 'id="chart-balance"' not in html
    assert 'id="chart-map"' in html  # the map still shows the other regions


def test_pdf_without_chromium_is_a_clear_error(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COOPATLAS_CHROMIUM", str(tmp_path / "no-such-browser"))
    with pytest.raises(UserError, match="no Chromium at"):
        write_brief(engine, "RU-LIP", "en", pdf=tmp_path / "x.pdf")


def test_map_values_are_the_trade_monitors(engine: Engine, tmp_path: Path) -> None:
    """The map shows turnover_by_partner's figures, with statistics loaded: one answer."""
    stats = write_statistics(tmp_path / "stats.csv", rows=4000, seed=3)
    store.load_files(engine, [stats])
    mine = gather(engine, "RU-LIP").map_values
    theirs = indicators.turnover_by_partner(engine)
    assert len(theirs) > 20
    assert mine == dict(zip(theirs["partner"], theirs["turnover_usd"], strict=True))


@pytest.mark.store
def test_briefing_on_sqlite_and_postgresql(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COOPATLAS_TRADE_STORE", str(tmp_path / "statistics"))
    engine = registry.connect(db_url)
    load_default_dataset(engine)
    html = render(gather(engine, "RU-LIP", "ru"), "ru", interactive=False)
    engine.dispose()
    assert "около 334,0" in html and "Новолипецкий металлургический комбинат" in html
    assert html.count('<figure class="chart') >= 3


def test_with_statistics_the_structure_and_opportunities_come_from_them(
    engine: Engine, tmp_path: Path
) -> None:
    stats = write_statistics(tmp_path / "stats.csv", rows=20000, seed=5)
    store.load_files(engine, [stats], synthetic=True)
    top = store.query(engine, "SELECT partner, count(*) AS n FROM stats GROUP BY 1 ORDER BY 2 DESC")
    data = gather(engine, str(top["partner"].iloc[0]), "en")
    html = render(data, "en", interactive=False)
    assert 'id="chart-structure"' in html and "goods the sources name" not in html
    assert "synthetic statistics" in html  # the warning at the top
    if len(data.opportunities):
        assert 'id="chart-complexity"' in html
    else:
        assert data.notes["opportunities"]
