"""The briefing's matching side: the matcher's candidates for the region's demands and the
partner country's, with reasons in the page's language and synthetic quantities marked."""

from __future__ import annotations

import html as html_lib
import re

import pandas as pd
import pytest
from sqlalchemy import Engine

from coopatlas import registry
from coopatlas.brief.data import gather
from coopatlas.brief.page import render
from coopatlas.match.rank import load_world, match_all


@pytest.fixture
def engine(dataset_url: str) -> Engine:
    return registry.connect(dataset_url)


def _text(cell: str) -> str:
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", cell)).split())


def _rows(page: str, title: str) -> list[list[str]]:
    """The cells (as text) of the matching table under the heading *title*."""
    headings = re.split(r"<h3>(.*?)</h3>", page)
    at = [html_lib.unescape(h) for h in headings].index(title)
    part = headings[at + 1].split("</table>", 1)[0].split("</thead>", 1)[-1]
    rows = re.findall(r"<tr>(.*?)</tr>", part, re.S)
    return [[_text(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)] for r in rows]


def _candidates(engine: Engine) -> pd.DataFrame:
    """Every demand's candidates by the planner's rule (`coopatlas match all`)."""
    return match_all(load_world(engine))


def test_belarusian_suppliers_for_the_region_are_match_alls_best(engine: Engine) -> None:
    data = gather(engine, "RU-TA", "en")
    assert data.matches is not None and data.matches.partner == "BY"
    every = _candidates(engine)
    demands = load_world(engine).instance.demands.set_index("id")
    mine = every[every["demand"].map(demands["buyer_region"]) == "RU-TA"]
    belarusian = mine[(mine["country"] == "BY") & (mine["supplier"] != "")]
    best = belarusian.sort_values(["rank", "score"], kind="stable").drop_duplicates("demand")
    assert (
        data.matches.region_demands == mine["demand"].nunique()
        or data.matches.region_demands >= mine["demand"].nunique()
    )
    assert data.matches.served_demands == len(best) > 0
    shown = data.matches.suppliers
    assert len(shown) == min(8, len(best))
    for row in shown.itertuples():
        expected = best[best["demand"] == row.demand].iloc[0]
        assert (row.supplier, row.rank) == (expected["supplier"], expected["rank"])
        assert row.region.startswith("BY-")
    page = render(data, "en", interactive=False)
    rows = _rows(page, "Suppliers in Belarus for the region's open demands")
    assert len(rows) == len(shown)
    for cells, row in zip(rows, shown.itertuples(), strict=True):
        assert cells[0].startswith(str(row.hs))
        assert "KAMAZ" in cells[1] or "Tatarstan" in cells[1]
        assert "free capacity" in cells[3] and "km by road" in cells[3]
        assert ("synthetic" in cells[3]) == bool(row.synthetic)
        assert cells[4] == str(row.rank)


def test_the_regions_enterprises_for_belarusian_demands(engine: Engine) -> None:
    data = gather(engine, "RU-TA", "en")
    assert data.matches is not None
    buyers = data.matches.buyers
    assert len(buyers) > 0
    every = _candidates(engine)
    for row in buyers.itertuples():
        assert row.buyer_region.startswith("BY-") and row.region == "RU-TA"
        theirs = every[(every["demand"] == row.demand) & (every["region"] == "RU-TA")]
        assert row.rank == theirs["rank"].min()


def test_russian_page_gives_the_reasons_in_russian(engine: Engine) -> None:
    data = gather(engine, "RU-TA", "ru")
    page = render(data, "ru", interactive=False)
    rows = _rows(page, "Поставщики в Беларуси для открытых потребностей региона")
    assert rows
    for cells in rows:
        reasons = cells[3]
        assert "свободная мощность" in reasons and "км по дорогам" in reasons
        assert not re.search(r"free capacity|by road|delivered|backlog|makes", reasons)
        assert "синтетические данные" in reasons
    assert "Белорусские потребности, которые могут закрыть предприятия региона" in page
    lipetsk = render(gather(engine, "RU-LIP", "ru"), "ru", interactive=False)
    assert "В реестре нет открытых потребностей покупателей этого региона." in lipetsk


def test_a_region_without_demands_or_matching_products_says_so(engine: Engine) -> None:
    """Lipetsk Oblast: no demands of its buyers and no Belarusian demand for its steel."""
    page = html_lib.unescape(render(gather(engine, "RU-LIP", "en"), "en", interactive=False))
    assert "The registry holds no open demands of buyers in this region." in page
    assert "No Belarusian demand has a candidate supplier in this region." in page


def test_a_belarusian_region_gets_russian_partners(engine: Engine) -> None:
    """For Minsk the partner country is Russia, both ways; every row renders (names or
    product names the registry lacks included)."""
    data = gather(engine, "BY-HM", "ru")
    assert data.matches is not None and data.matches.partner == "RU"
    assert all(r.startswith("RU-") for r in data.matches.suppliers["region"])
    assert all(r.startswith("RU-") for r in data.matches.buyers["buyer_region"])
    assert (data.matches.buyers["region"] == "BY-HM").all()
    page = render(data, "ru", interactive=False)
    rows = _rows(page, "Поставщики в России для открытых потребностей региона")
    assert len(rows) == len(data.matches.suppliers) > 0
    assert all("(Россия, " in cells[3] for cells in rows)
    assert _rows(page, "Российские потребности, которые могут закрыть предприятия региона")
