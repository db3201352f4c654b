"""Synthetic data: determinism, the import formats, and the shape the benchmarks rely on."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from coopatlas.registry.kinds import kind
from coopatlas.registry.synth import (
    SECTORS,
    SynthSpec,
    regions,
    sector_of,
    synth_frames,
    write_synth,
)

SPEC = SynthSpec(enterprises=400, demands=200, capabilities_per_enterprise=6, seed=3)


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return synth_frames(SPEC)


def test_same_seed_same_frames_other_seed_other_frames(frames: dict[str, pd.DataFrame]) -> None:
    again = synth_frames(SPEC)
    for name, frame in frames.items():
        pd.testing.assert_frame_equal(frame, again[name])
    other = synth_frames(
        SynthSpec(enterprises=400, demands=200, capabilities_per_enterprise=6, seed=4)
    )
    assert not frames["capabilities"].equals(other["capabilities"])
    assert not frames["enterprises"]["region"].equals(other["enterprises"]["region"])


def test_files_are_byte_identical(tmp_path: Path) -> None:
    spec = SynthSpec(enterprises=50, demands=20)
    a, b = write_synth(spec, tmp_path / "a"), write_synth(spec, tmp_path / "b")
    names = ["enterprises", "capabilities", "demands", "expansions", "plants"]
    assert [p.name for p in a] == [f"{n}.csv" for n in names]
    for path, rows in a.items():
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes()
        assert len(pd.read_csv(path)) == rows == b[tmp_path / "b" / path.name]


def test_columns_follow_the_schema(frames: dict[str, pd.DataFrame]) -> None:
    for name, frame in frames.items():
        assert list(frame.columns) == list(kind(name).names)
        assert frame["synthetic"].all()
        assert (frame["source"] == "coopatlas synth seed=3").all()


def test_keys_unique_and_references_hold(frames: dict[str, pd.DataFrame]) -> None:
    e, c, d = frames["enterprises"], frames["capabilities"], frames["demands"]
    assert e["id"].is_unique and d["id"].is_unique
    assert e["id"].iloc[0] == "syn-e000001" and d["id"].iloc[-1] == "syn-d000200"
    assert not c.duplicated(["enterprise", "hs"]).any()
    assert c["enterprise"].isin(e["id"]).all()
    assert set(c["enterprise"]) == set(e["id"])  # every enterprise makes something
    assert d["buyer_enterprise"].isin(e["id"]).all()
    region_of = e.set_index("id")["region"]
    assert (d["buyer_region"].to_numpy() == region_of[d["buyer_enterprise"]].to_numpy()).all()
    assert e["name_en"].is_unique and e["name_ru"].is_unique
    assert e["region"].isin(regions()["code"]).all()


def test_quantities_are_plausible(frames: dict[str, pd.DataFrame]) -> None:
    c, d = frames["capabilities"], frames["demands"]
    assert (c["output"] <= c["capacity"]).all() and (c["output"] >= 0).all()
    assert c["backlog_months"].between(0, 12).all()
    assert (c["unit_cost"] > 0).all() and (c["hs"].str.len() == 6).all()
    assert 2_000 < c["capacity"].median() < 12_000
    assert (d["quantity"] > 0).all()
    assert d["first_year"].between(2024, 2028).all()
    assert d["first_year"].value_counts().idxmax() == 2024
    assert d["priority"].between(1, 5).all()
    localize = d["must_localize_from"].dropna()
    assert 0.03 < len(localize) / len(d) < 0.2
    assert localize.between(2026, 2030).all()


def test_unmet_share_has_no_maker_the_rest_has_one(frames: dict[str, pd.DataFrame]) -> None:
    c, d = frames["capabilities"], frames["demands"]
    made = d["hs"].isin(set(c["hs"]))
    assert (~made).sum() == round(len(d) * SPEC.unmet_share)
    makers = c.groupby("hs")["enterprise"].agg(set)
    met = d[made]
    other = [bool(makers[h] - {b}) for h, b in zip(met["hs"], met["buyer_enterprise"], strict=True)]
    assert np.mean(other) > 0.95  # a supplier other than the buyer, almost always
    spare = (c["capacity"] - c["output"]).groupby(c["hs"]).max()
    too_big = met["quantity"].to_numpy() > spare[met["hs"]].to_numpy()
    assert 0.02 < too_big.mean() < 0.5  # some need more than any one plant can add


def test_regions_and_sectors_follow_their_weights() -> None:
    e = synth_frames(SynthSpec(enterprises=20_000, demands=0, capabilities_per_enterprise=1))[
        "enterprises"
    ]
    reg = regions().set_index("code")
    share = e["region"].value_counts(normalize=True).reindex(reg.index, fill_value=0)
    expected = reg["weight"] / reg["weight"].sum()
    assert abs(share[share.index.str.startswith("BY")].sum() - 0.30) < 0.02
    assert abs(share["RU-MOW"] - expected["RU-MOW"]) < 0.01
    assert abs(share["BY-HM"] - expected["BY-HM"]) < 0.01
    sectors = e["sector"].value_counts(normalize=True)
    assert sectors.idxmax() == "machinery"
    weights = {s.name: s.weight / sum(t.weight for t in SECTORS) for s in SECTORS}
    assert all(abs(sectors[name] - w) < 0.02 for name, w in weights.items())


def test_population_table_covers_every_region() -> None:
    reg = regions()
    assert len(reg) == 90 and reg["population_thousands"].gt(0).all()
    assert reg["adjective"].notna().all()
    assert reg.loc[reg["code"] == "RU-MOW", "population_thousands"].item() == 13010
    assert reg.loc[reg["country"] == "BY", "population_thousands"].sum() == pytest.approx(
        9413, abs=5
    )


def test_base_enterprises_get_capabilities_and_buy() -> None:
    base = pd.DataFrame({
        "id": ["maz", "belaz", "nlmk"],
        "name_en": ["Minsk Automobile Plant", "BelAZ", "NLMK"],
        "region": ["BY-HM", "by-mi", "RU-LIP"],
        "sector": ["automotive", "mining trucks", "Metallurgy"],
    })  # fmt: skip
    f = synth_frames(SynthSpec(enterprises=30, demands=400), base_enterprises=base)
    assert len(f["enterprises"]) == 30 and not f["enterprises"]["id"].isin(base["id"]).any()
    caps = f["capabilities"]
    assert set(base["id"]) <= set(caps["enterprise"])
    assert caps.loc[caps["enterprise"] == "nlmk", "hs"].str[:2].isin(["72", "73"]).mean() > 0.5
    assert caps.loc[caps["enterprise"] == "maz", "hs"].str[:2].eq("87").mean() > 0.5
    bought = f["demands"].set_index("buyer_enterprise")["buyer_region"]
    assert bought.index.isin(base["id"]).any()
    assert set(bought[bought.index == "belaz"]) <= {"BY-MI"}


def test_sector_of_reads_names_and_keywords() -> None:
    names = [s.name for s in SECTORS]
    got = sector_of(pd.Series(["tools and hardware", "Steel pipes", "tractors", None, "banking"]))
    assert [names[i] for i in got] == [
        "tools and hardware", "metallurgy", "automotive", "machinery", "machinery"
    ]  # fmt: skip


def test_edge_sizes() -> None:
    f = synth_frames(SynthSpec(enterprises=1, demands=5, capabilities_per_enterprise=0.1))
    assert len(f["enterprises"]) == 1 and len(f["capabilities"]) >= 1 and len(f["demands"]) == 5
    none = synth_frames(SynthSpec(enterprises=5, demands=0, unmet_share=1.0))
    assert none["demands"].empty and list(none["demands"].columns) == list(kind("demands").names)
    all_unmet = synth_frames(SynthSpec(enterprises=5, demands=10, unmet_share=1.0))
    assert not all_unmet["demands"]["hs"].isin(set(all_unmet["capabilities"]["hs"])).any()


def test_generated_files_import_into_a_fresh_database(tmp_path: Path) -> None:
    from coopatlas import registry

    written = write_synth(SynthSpec(enterprises=120, demands=60, seed=5), tmp_path / "synth")
    engine = registry.connect(f"sqlite:///{tmp_path}/t.db")
    registry.init_db(engine)
    for path, rows in written.items():
        result = registry.import_file(engine, path.stem, path)
        assert (result.rows, result.inserted) == (rows, rows)
    for path, rows in written.items():
        assert len(registry.export_frame(engine, path.stem)) == rows
