"""The serving rule: same HS6 or HS4 heading, spare capacity, the K cheapest delivered."""

from __future__ import annotations

import numpy as np
import pandas as pd

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
