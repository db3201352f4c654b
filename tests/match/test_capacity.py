"""Free capacity, defined once; demands matched earlier in a run commit capacity too."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import Engine

from coopatlas.match.capacity import committed, free_capacity, run_order, taken_in_order
from coopatlas.match.rank import load_world, match_all, rank_arcs
from coopatlas.plan.data import sources_frame


def test_free_is_capacity_less_output_less_backlog() -> None:
    caps = pd.DataFrame(
        {"capacity": [100.0, 100.0, 100.0, 50.0], "output": [40.0, None, 90.0, 50.0],
         "backlog_months": [6.0, 12.0, 12.0, 0.0]}
    )  # fmt: skip
    # 40 output + 20 owed to a six-month backlog; nothing made, nothing owed; the backlog
    # can owe no more than the spare 10; a plant working at capacity has nothing free
    assert list(free_capacity(caps)) == [40.0, 100.0, 0.0, 0.0]
    assert list(committed(caps) + free_capacity(caps)) == list(caps["capacity"])


def test_run_order_is_priority_then_year() -> None:
    dem = pd.DataFrame({"priority": [3, 1, 3, 1], "first_year": [2024, 2026, 2023, 2025]})
    assert list(run_order(dem)) == [3, 1, 2, 0]


def test_taken_counts_only_earlier_first_choices() -> None:
    source = np.array(["a", "a", "b", "a", "b"], dtype=object)
    place = np.array([0, 1, 1, 2, 2])
    first = np.array([True, True, False, True, True])
    qty = np.array([10.0, 5.0, 5.0, 7.0, 7.0])
    # demand 0 took 10 of a; demand 1 took 5 of a (its arc to b is a second choice)
    assert list(taken_in_order(source, place, first, qty)) == [0.0, 10.0, 0.0, 15.0, 0.0]


def test_match_all_shows_what_earlier_demands_took(demo_engine: Engine) -> None:
    world = load_world(demo_engine)
    frame = match_all(world, chunk=50)
    free = sources_frame(world.instance).set_index("label")["capacity"]
    start = free.reindex(frame["source"]).to_numpy()
    # what a row shows is the source's free capacity less what was taken before it
    assert np.allclose(frame["free_capacity"] + frame["taken_earlier"], start)
    assert (frame["taken_earlier"] > 0).any()  # the demo's demands do share suppliers
    # the demands whose first choice (before commitments) was a source, in run order, see
    # it shrink by their quantities
    dem = world.instance.demands
    before = rank_arcs(world, dem)
    place = pd.Series(run_order(dem), index=dem["id"])
    qty = dem.set_index("id")["quantity"]
    got = frame.set_index(["demand", "source"])["taken_earlier"]
    firsts = before[before["rank"] == 1].assign(place=lambda f: place[f["demand"]].to_numpy())
    for source, group in firsts.groupby("source"):
        group = group.sort_values("place")
        took = np.r_[0.0, np.cumsum(qty[group["demand"]].to_numpy(dtype=float))[:-1]]
        expected = np.minimum(took, free[source])
        assert np.allclose(got[list(zip(group["demand"], group["source"], strict=True))], expected)
    shown = frame[frame["taken_earlier"] > 0]["explanation"]
    assert shown.str.contains("taken by earlier demands of this run").all()
    assert (frame.groupby("demand")["rank"].min() == 1).all()
