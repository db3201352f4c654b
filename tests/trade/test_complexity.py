"""Economic complexity against an independent loop-by-loop computation of the Growth Lab's
Stata definitions, and against the PyPI `ecomplexity` package where the definitions agree.

Where they do not (see docs/trade.md): the package keeps a product's proximity to itself in
density and COG (Stata's proxdiscrete.ado subtracts the identity), and it standardises with
the population standard deviation over locations, where Stata's `sum eci` gives the sample
standard deviation over the location × product rows. With ``include_self=True`` and that
factor, our numbers equal the package's.
"""

from __future__ import annotations

import math
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from coopatlas.cli import run
from coopatlas.errors import UserError
from coopatlas.trade.complexity import complexity

MEASURES = ["rca", "mcp", "diversity", "ubiquity", "eci", "pci", "density", "coi", "cog"]


def nested_table(n_loc: int = 14, n_prod: int = 40, seed: int = 5) -> pd.DataFrame:
    """A nested exporter × product table (synthetic, seeded): diversified places export the
    ubiquitous goods and the rare ones, others only the ubiquitous ones, as in real trade."""
    rng = np.random.default_rng(seed)
    capability = np.sort(rng.uniform(0, 1, n_loc))[::-1]
    difficulty = np.sort(rng.uniform(0, 1, n_prod))
    p = 1 / (1 + np.exp(-(capability[:, None] - difficulty[None, :]) * 8))
    values = rng.lognormal(3, 1.5, (n_loc, n_prod)) * (rng.random((n_loc, n_prod)) < p)
    rows = [(2022, f"L{i:02d}", f"{100000 + j * 37}", float(values[i, j]))
            for i in range(n_loc) for j in range(n_prod) if values[i, j] > 0]  # fmt: skip
    return pd.DataFrame(rows, columns=["year", "exporter", "hs6", "export_value"])


def stata_by_loops(frame: pd.DataFrame) -> dict[tuple[str, str], dict[str, float]]:
    """The Stata ecomplexity definitions, one element at a time (independent of numpy)."""
    locs = sorted(set(frame["exporter"]))
    prods = sorted(set(frame["hs6"]))
    x = {(c, p): 0.0 for c in locs for p in prods}
    for c, p, v in zip(frame["exporter"], frame["hs6"], frame["export_value"], strict=True):
        x[c, p] += v
    xc = {c: sum(x[c, p] for p in prods) for c in locs}
    xp = {p: sum(x[c, p] for c in locs) for p in prods}
    total = sum(xc.values())
    rca = {k: (x[k] / xc[k[0]]) / (xp[k[1]] / total) for k in x}
    m = {k: 1.0 if rca[k] >= 1 else 0.0 for k in x}
    div = {c: sum(m[c, p] for p in prods) for c in locs}
    ubi = {p: sum(m[c, p] for c in locs) for p in prods}
    mpp = np.array([[sum(m[c, p] * m[c, q] / (ubi[p] * div[c]) for c in locs) for q in prods]
                    for p in prods])  # fmt: skip
    values, vectors = np.linalg.eig(mpp)
    kp_vec = np.real(vectors[:, np.argsort(np.real(values))[-2]])
    kp = dict(zip(prods, kp_vec, strict=True))
    kc = {c: sum(m[c, p] * kp[p] for p in prods) / div[c] for c in locs}
    if np.corrcoef([div[c] for c in locs], [kc[c] for c in locs])[0, 1] < 0:
        kp = {p: -v for p, v in kp.items()}
        kc = {c: -v for c, v in kc.items()}
    phi = {(p, q): 0.0 if p == q else sum(m[c, p] * m[c, q] for c in locs) / max(ubi[p], ubi[q])
           for p in prods for q in prods}  # fmt: skip
    col = {q: sum(phi[p, q] for p in prods) for q in prods}
    density = {(c, q): sum(m[c, p] * phi[p, q] for p in prods) / col[q] for c in locs
               for q in prods}  # fmt: skip
    coi = {c: sum(density[c, p] * (1 - m[c, p]) * kp[p] for p in prods) for c in locs}
    cog = {(c, q): (1 - m[c, q]) * sum((1 - m[c, p]) * phi[p, q] * kp[p] / col[p] for p in prods)
           for c in locs for q in prods}  # fmt: skip
    n = len(locs) * len(prods)
    mean = sum(kc.values()) / len(locs)
    sd = math.sqrt(sum((v - mean) ** 2 for v in kc.values()) * len(prods) / (n - 1))
    coi_mean = sum(coi.values()) / len(locs)
    coi_sd = math.sqrt(sum((v - coi_mean) ** 2 for v in coi.values()) * len(prods) / (n - 1))
    return {(c, p): {"rca": rca[c, p], "mcp": m[c, p], "diversity": div[c], "ubiquity": ubi[p],
                     "eci": (kc[c] - mean) / sd, "pci": (kp[p] - mean) / sd,
                     "density": density[c, p], "coi": (coi[c] - coi_mean) / coi_sd,
                     "cog": cog[c, p] / sd} for c in locs for p in prods}  # fmt: skip


def test_reproduces_the_stata_definitions_element_by_element() -> None:
    frame = nested_table()
    ours = complexity(frame, time="year", loc="exporter", prod="hs6", value="export_value")
    want = stata_by_loops(frame)
    assert len(ours) == len(want)  # one row per (time, loc, prod): the rectangle
    for row in ours.itertuples():
        expected = want[row.exporter, row.hs6]
        for measure in MEASURES:
            assert getattr(row, measure) == pytest.approx(expected[measure], rel=1e-7, abs=1e-9)
    # the most diversified place has the highest ECI; ECI is the mean PCI of what it makes
    by_loc = ours.groupby("exporter")[["diversity", "eci"]].first()
    assert by_loc["eci"].idxmax() == by_loc["diversity"].idxmax()


def test_agrees_with_the_pypi_package_where_the_definitions_agree() -> None:
    from ecomplexity import ecomplexity

    frame = nested_table(20, 60, seed=11)
    cols = {"time": "year", "loc": "exporter", "prod": "hs6", "val": "export_value"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = ecomplexity(frame, cols, verbose=False, check_logsupermodularity=False)
    ref["hs6"] = ref["hs6"].astype(str)
    kwargs = {"time": "year", "loc": "exporter", "prod": "hs6", "value": "export_value"}
    stata = complexity(frame, **kwargs)
    with_self = complexity(frame, include_self=True, **kwargs)
    both = ref.merge(with_self, on=["year", "exporter", "hs6"], suffixes=("_pkg", ""))
    n = both["exporter"].nunique() * both["hs6"].nunique()
    factor = math.sqrt((n - 1) / n)  # sample sd over the C·P rows vs population sd over C
    for measure in ["rca", "mcp", "diversity", "ubiquity"]:
        np.testing.assert_allclose(both[measure], both[f"{measure}_pkg"], rtol=1e-12)
    for measure in ["eci", "pci", "cog", "coi"]:
        np.testing.assert_allclose(both[measure], both[f"{measure}_pkg"] * factor, rtol=1e-7,
                                   atol=1e-9)  # fmt: skip
    np.testing.assert_allclose(both["density"], both["density_pkg"], rtol=1e-9)
    # Stata's density leaves the product's own proximity out: lower where M = 1, and differs
    merged = both.merge(stata, on=["year", "exporter", "hs6"], suffixes=("_self", "_stata"))
    present = merged["mcp_stata"] == 1
    lower = merged.loc[present, "density_stata"] <= merged.loc[present, "density_self"] + 1e-12
    assert lower[merged.loc[present, "density_stata"].notna()].all()
    assert (merged.loc[present, "density_stata"] < merged.loc[present, "density_self"]).any()
    assert not np.allclose(merged["cog_stata"], merged["cog_self"])


def test_bad_tables_say_what_is_wrong(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    frame = nested_table(4, 5)
    with pytest.raises(UserError, match="no column 'value'"):
        complexity(frame, time="year", loc="exporter", prod="hs6", value="value")
    frame.loc[3, "export_value"] = -1
    with pytest.raises(UserError, match="row 5, column 'export_value'"):
        complexity(frame, time="year", loc="exporter", prod="hs6", value="export_value")
    one = pd.DataFrame({"t": [1], "c": ["A"], "p": ["x"], "v": [1.0]})
    with pytest.raises(UserError, match="at least two locations"):
        complexity(one, time="t", loc="c", prod="p", value="v")


def test_complexity_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "table.csv"
    frame = nested_table()
    frame.to_csv(path, index=False)
    args = ["trade", "complexity", str(path), "--time", "year", "--loc", "exporter",
            "--prod", "hs6", "--value", "export_value"]  # fmt: skip
    assert run([*args, "--format", "json"]) == 0
    import json

    rows = json.loads(capsys.readouterr().out)
    assert (
        set(MEASURES) <= set(rows[0])
        and len(rows) == frame["exporter"].nunique() * frame["hs6"].nunique()
    )
    assert run([*args[:-1], "nope"]) == 1
    assert "no column 'nope'" in capsys.readouterr().err
