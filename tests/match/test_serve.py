"""The serving rule: same HS6 or HS4 heading, spare capacity, the K cheapest delivered."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from coopatlas.match.serve import haversine_km, serving_arcs
from coopatlas.plan.data import candidates, sources_frame
from tests.plan.conftest import demand, instance

REGIONS = pd.DataFrame(
    {"code": ["A", "B"], "country": ["BY", "RU"], "name_en": ["A", "B"],
     "lat": [53.9, 55.75], "lon": [27.56, 37.62]}
)  # fmt: skip


def _sources(rows: list[tuple[str, str, float, float, int]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["label", "hs", "capacity", "unit_cost", "kind"])
    frame["region"] = ["A", "B"] * (len(frame) // 2) + ["A"] * (len(frame) % 2)
    frame["product"] = frame["hs"].str[:6]
    return frame


def test_heading_mates_serve_with_match_4_and_no_capacity_never_serves() -> None:
    src = _sources(
        [("x", "841810", 5, 10.0, 0), ("y", "841821", 5, 9.0, 0), ("z", "841810", 0, 1.0, 0),
         ("w", "850110", 5, 1.0, 0)]
    )  # fmt: skip
    dem = pd.DataFrame({"id": ["d"], "buyer_region": ["A"], "hs": ["841810"]})
    arcs = serving_arcs(src, dem, REGIONS, transport_per_km=0.0)
    assert list(arcs["source"]) == [1, 0]  # cheapest first; z has no capacity; w other heading
    assert list(arcs["match"]) == [4, 6]


def test_distance_is_great_circle_between_region_centres_and_costs_transport() -> None:
    src = _sources([("x", "720839", 5, 10.0, 0), ("y", "720839", 5, 10.0, 0)])
    dem = pd.DataFrame({"id": ["d"], "buyer_region": ["A"], "hs": ["720839"]})
    arcs = serving_arcs(src, dem, REGIONS, transport_per_km=0.01)
    far = arcs[arcs["source"] == 1].iloc[0]
    expected = float(haversine_km(np.array([53.9]), np.array([27.56]),
                                  np.array([55.75]), np.array([37.62]))[0])  # fmt: skip
    assert 600 < expected < 750  # Minsk to Moscow
    assert far["km"] == expected and far["transport"] == expected * 0.01
    assert list(arcs["source"]) == [0, 1]  # the near one is cheaper delivered


def test_k_cheapest_plus_the_cheapest_of_each_kind() -> None:
    rows = [(f"e{i}", "840810", 1, float(i), 0) for i in range(5)] + [("p", "840810", 1, 99.0, 2)]
    arcs = serving_arcs(
        _sources(rows), pd.DataFrame({"id": ["d"], "buyer_region": ["A"], "hs": ["840810"]}),
        REGIONS, k=2, per_kind=1, transport_per_km=0.0,
    )  # fmt: skip
    assert list(arcs["source"]) == [0, 1, 5]


def test_the_planner_candidates_are_the_serving_arcs() -> None:
    inst = instance(
        capabilities=[
            {"enterprise": "maz", "hs": "870840", "capacity": 10, "output": 2, "unit_cost": 5},
            {"enterprise": "kamaz", "hs": "870899", "capacity": 10, "output": 0, "unit_cost": 4},
        ],
        demands=[demand("d1", "870840", 3)],
    )
    cand = candidates(inst)
    direct = serving_arcs(sources_frame(inst), inst.demands, inst.regions)
    pd.testing.assert_frame_equal(cand.arcs, direct[cand.arcs.columns])
    assert set(cand.arcs["match"]) == {4, 6}


def _reference_arcs(src: pd.DataFrame, dem: pd.DataFrame, regions: pd.DataFrame, k: int,
                    per_kind: int, rate: float) -> pd.DataFrame:  # fmt: skip
    """The rule written as a plain pandas join over all pairs (the original implementation)."""
    coords = regions.set_index("code")[["lat", "lon"]].astype(float)
    s = pd.DataFrame({"source": np.arange(len(src)), "hs4": src["hs"].str[:4],
                      "hs6": src["product"]})[src["capacity"].to_numpy() > 0]  # fmt: skip
    d = pd.DataFrame({"demand": np.arange(len(dem)), "hs4": dem["hs"].str[:4],
                      "hs6": dem["hs"].str[:6]})  # fmt: skip
    arcs = d.merge(s, on="hs4", suffixes=("_d", "_s"))
    arcs["match"] = np.where(arcs["hs6_d"] == arcs["hs6_s"], 6, 4)
    sr = src["region"].to_numpy()[arcs["source"]]
    dr = dem["buyer_region"].to_numpy()[arcs["demand"]]
    km = np.nan_to_num(haversine_km(
        coords["lat"].reindex(sr).to_numpy(), coords["lon"].reindex(sr).to_numpy(),
        coords["lat"].reindex(dr).to_numpy(), coords["lon"].reindex(dr).to_numpy()))  # fmt: skip
    arcs["cost"] = src["unit_cost"].to_numpy()[arcs["source"]] + km * rate
    arcs["kind"] = src["kind"].to_numpy()[arcs["source"]]
    arcs = arcs.sort_values(["demand", "cost", "match"], ascending=[True, True, False],
                            kind="stable", ignore_index=True)  # fmt: skip
    keep = (arcs.groupby("demand").cumcount() < k) | (
        arcs.groupby(["demand", "kind"]).cumcount() < per_kind
    )
    return arcs[keep].reset_index(drop=True)


@pytest.mark.parametrize(("k", "per_kind", "rate"), [(20, 2, 0.0005), (3, 1, 0.002), (1, 0, 0.01)])
def test_same_arcs_as_a_plain_join_on_a_synth_world(k: int, per_kind: int, rate: float) -> None:
    from coopatlas.plan.data import make_instance
    from coopatlas.registry.synth import SynthSpec, synth_frames
    from coopatlas.registry.synth_options import synth_options

    frames = synth_frames(SynthSpec(enterprises=600, demands=200, seed=11))
    frames.update(synth_options(frames, seed=11))
    inst = make_instance(frames)
    src, dem = sources_frame(inst), inst.demands.reset_index(drop=True)
    got = serving_arcs(src, dem, inst.regions, k=k, per_kind=per_kind, transport_per_km=rate)
    want = _reference_arcs(src, dem, inst.regions, k, per_kind, rate)
    assert len(got) >= len(dem)  # every synth demand has candidates
    assert list(got["source"]) == list(want["source"])
    assert list(got["demand"]) == list(want["demand"])
    assert np.allclose(got["cost"], want["cost"])
