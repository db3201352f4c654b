"""Ranked suppliers with reasons, on the default dataset; the planner and match agree."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from sqlalchemy import Engine

from coopatlas.cli import run
from coopatlas.match.rank import load_world, match_all, match_product, match_supplier
from coopatlas.plan.data import candidates, load_from_db


def test_product_suppliers_have_reasons(demo_engine: Engine) -> None:
    world = load_world(demo_engine)
    frame = match_product(world, "7210", "RU-LIP", quantity=100.0, top=5)
    assert not frame.empty and list(frame["rank"]) == list(range(1, len(frame) + 1))
    assert frame["score"].is_monotonic_increasing
    assert set(frame["country"]) <= {"BY", "RU"}
    assert (frame["road_km"] >= frame["km"]).all() and (frame["match"].isin([4, 6])).all()
    assert frame["explanation"].str.contains("km by road, delivered cost").all()


def test_match_all_is_the_planner_candidate_set(demo_engine: Engine) -> None:
    world = load_world(demo_engine)
    stored = match_all(world, chunk=50)
    cand = candidates(load_from_db(demo_engine))
    planner = pd.DataFrame(
        {
            "demand": cand.demands["id"].to_numpy()[cand.arcs["demand"]],
            "source": cand.sources["label"].to_numpy()[cand.arcs["source"]],
        }
    )
    pooled = planner["source"].str.startswith("pool/")
    assert set(map(tuple, planner[~pooled].to_numpy())) == set(
        map(tuple, stored[["demand", "source"]].to_numpy())
    )
    # a pooled source stands for the makers of one product outside a demand's cheapest few
    # (the no-parallel rule needs them); each is an existing maker of the demand's heading
    src = cand.sources
    for label in set(planner.loc[pooled, "source"]):
        members = src[src["pool"] == label]
        assert len(members) and (members["product"] == label.removeprefix("pool/")).all()


def test_supplier_view_lists_demands_it_serves(demo_engine: Engine) -> None:
    world = load_world(demo_engine)
    frame = match_supplier(world, "kamaz", top=50)
    assert not frame.empty and (frame["supplier"] == "kamaz").all()
    heads = set(world.sources.loc[world.sources["enterprise"] == "kamaz", "hs4"])
    dem = world.instance.demands.set_index("id")
    assert {str(dem.loc[d, "hs"])[:4] for d in frame["demand"]} <= heads


def _cli(
    engine: Engine, args: list[str], capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    code = run(["--db", engine.url.render_as_string(hide_password=False), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_match_product_text(demo_engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["match", "product", "non-alloy steel rods", "--region", "RU-LIP", "--format", "json"]
    code, out, err = _cli(demo_engine, args, capsys)
    assert code == 0, err
    rows = json.loads(out)
    assert rows and {"free_capacity", "backlog_months", "road_km", "ties", "explanation"} <= set(
        rows[0]
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["match", "demand", "nope"], "unknown demand"),
        (["match", "product", "--hs", "7213", "--region", "XX-YY"], "unknown region"),
        (["match", "product", "--hs", "0099", "--region", "RU-LIP"], "unknown HS code"),
        (["match", "supplier", "Qwzx Nonexistent Xyzzy"], "unknown enterprise"),
        (["find", ""], "empty query"),
        (["find", "   "], "empty query"),
        (["find", "Belkard " * 1_250], "too long"),
        (["find", "\x00\x01\x02\x03"], "no letters or digits"),
        (["find", "\x01\x02Belkard\x03\x04\x05\x06\x07\x08\x0b\x0c"], "binary data"),
        (["find", "«»—"], "no letters or digits"),
        (["find", "ОАО ЗАО"], "only legal forms"),
        (["match", "product", "", "--region", "RU-LIP"], "empty query"),
        (["match", "product", "x" * 10_000, "--region", "RU-LIP"], "too long"),
        (["match", "product", "--hs", "72x3", "--region", "RU-LIP"], "unknown HS code"),
        (["match", "product", "--hs", "7213", "--region", "Lipetsk"], "unknown region"),
        (["match", "supplier", ""], "empty query"),
        (["hs", "suggest", "a" * 10_000], "too long"),
    ],
)
def test_cli_bad_input(
    demo_engine: Engine, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, _, err = _cli(demo_engine, args, capsys)
    assert code == 1 and message in err and "Traceback" not in err


def test_cli_hs_file_jsonl(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    queries = tmp_path / "q.txt"
    queries.write_text("refrigerators and freezers\nтокарные станки по металлу\n", "utf-8")
    assert run(["hs", "suggest", "--file", str(queries), "--top", "5", "--format", "jsonl"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [x["query"] for x in lines] == queries.read_text("utf-8").splitlines()
    assert lines[0]["suggestions"][0]["hs"] == "8418"


def test_cli_find_json(demo_engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _cli(demo_engine, ["find", "Минский автомобильный завод", "--kind",
                                      "enterprise", "--format", "json"], capsys)  # fmt: skip
    hits = json.loads(out)
    assert code == 0 and hits[0]["id"] == "maz"
    assert set(hits[0]) == {"kind", "id", "name_en", "name_ru", "score"}


def test_synthetic_sources_say_so(demo_engine: Engine) -> None:
    """Generated capacities and costs are marked in the columns and in the sentence."""
    ranked = match_product(load_world(demo_engine), "7215", "RU-LIP", top=5)
    assert len(ranked)
    marked = ranked["explanation"].str.endswith("[synthetic data]")
    assert (marked == ranked["synthetic"].astype(bool)).all()
    assert ranked["synthetic"].any()


def test_cli_on_a_registry_without_enterprises(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A new registry (regions only) answers find and match plainly, with no internal error."""

    def cli(*args: str) -> tuple[int, str, str]:
        code = run(["--db", sqlite_url, *args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    code, out, err = cli("find", "Белкард", "--kind", "enterprise", "--format", "json")
    assert (code, json.loads(out), err) == (0, [], "")
    code, out, _ = cli("find", "Липецк", "--format", "json")
    assert code == 0 and json.loads(out)[0]["id"] == "RU-LIP"
    code, _, err = cli("match", "supplier", "Белкард")
    assert code == 1 and "unknown enterprise" in err and "internal" not in err
    code, out, err = cli("match", "product", "steel rods", "--region", "RU-LIP")
    assert code == 0 and "no Union State source" in out + err
