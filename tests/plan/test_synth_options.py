"""Synthetic expansion and plant options: import formats, determinism, plausible values."""

from __future__ import annotations

import pandas as pd

from coopatlas.registry.formats import Table
from coopatlas.registry.kinds import kind
from coopatlas.registry.reference import products_frame
from coopatlas.registry.synth import SynthSpec, regions, synth_frames
from coopatlas.registry.synth_options import synth_options
from coopatlas.registry.validate import Context, validate


def _validated(kind_name: str, frame: pd.DataFrame, enterprises: pd.DataFrame) -> list[str]:
    text = (
        frame.astype(object).where(frame.notna(), None).map(lambda v: None if v is None else str(v))
    )
    table = Table(text, pd.Series(range(2, len(frame) + 2)))
    context = Context(
        regions=set(regions()["code"]),
        products=set(products_frame()["code"]),
        enterprise_regions=dict(zip(enterprises["id"], enterprises["region"], strict=True)),
    )
    return [p.describe() for p in validate(kind_name, table, context).problems]


def test_options_are_valid_deterministic_and_plausible() -> None:
    frames = synth_frames(SynthSpec(enterprises=300, demands=400, seed=7))
    options = synth_options(frames, seed=7)
    again = synth_options(frames, seed=7)
    for name in ("expansions", "plants"):
        frame = options[name]
        pd.testing.assert_frame_equal(frame, again[name])
        assert list(frame.columns) == list(kind(name).names)
        assert len(frame) > 0 and frame["synthetic"].all() and frame["id"].is_unique
        assert _validated(name, frame, frames["enterprises"]) == []
    exp, plants = options["expansions"], options["plants"]
    assert exp["lead_time_years"].between(1, 2).all()
    assert plants["lead_time_years"].between(2, 4).all()
    assert (exp["capital_cost"] > 0).all() and (plants["capital_cost"] > 0).all()
    # expansions go mostly to fully used plants
    caps = frames["capabilities"]
    use = (caps["output"] / caps["capacity"]).groupby([caps["enterprise"], caps["hs"]]).first()
    chosen = use.reindex(pd.MultiIndex.from_frame(exp[["enterprise", "hs"]]))
    assert chosen.mean() > use.mean()
    # plant options only for products somebody demands
    assert set(plants["hs"]) <= set(frames["demands"]["hs"].astype(str))
    assert synth_options(frames, seed=8)["plants"]["id"].size > 0
