"""Economic complexity (Hidalgo–Hausmann) as the Growth Lab's Stata ``ecomplexity`` computes it.

Why our own: the PyPI ``ecomplexity`` 0.5.3 package keeps a product's proximity to itself
when it computes density and complexity outlook gain, where the Stata reference
(``proxdiscrete.ado``: ``proximity = min(P1, P2) - I``) leaves it out; and it takes the
eigenvectors of the products × products matrix, which at 5,000 products is the slow part.
Here, per period, with numpy only:

* ``rca`` = (x_cp / x_c) / (x_p / x); ``mcp`` = 1 where RCA ≥ 1 (Stata writes ``RCA > 1``;
  the two differ only on ties at exactly 1);
* ``diversity`` = Σ_p M, ``ubiquity`` = Σ_c M;
* ECI and PCI from the eigenvector of the second-largest eigenvalue of
  M̃ = D_c⁻¹ M D_p⁻¹ Mᵀ, computed on whichever side is smaller through its symmetric form
  (the two sides share their eigenvalues, and kc = D_c⁻¹ M kp); the sign makes ECI correlate
  positively with diversity; ECI is standardised, PCI with ECI's mean and standard deviation
  (Stata's ``sum eci`` over the location × product rows: the sample standard deviation of
  those rows);
* proximity φ_pp' = Σ_c M_cp M_cp' / max(k_p, k_p'), its diagonal set to zero;
* ``density`` = Σ_p' M_cp' φ_p'p / Σ_p' φ_p'p; ``coi`` = Σ_p density (1 − M) kp, standardised;
  ``cog`` = (1 − M_cp) Σ_p' (1 − M_cp') φ_p'p kp_p' / Σ_p'' φ_p'p'', divided by ECI's standard
  deviation (kp before standardisation, as in ``coicog.ado``).

Locations and products whose total is zero in a period are left out of that period, as in
Stata. ``include_self=True`` keeps the diagonal of φ, which reproduces the PyPI package.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd
from sqlalchemy import Engine, select

from coopatlas.errors import UserError

Array = npt.NDArray[np.float64]
OUTPUT = ["rca", "mcp", "diversity", "ubiquity", "eci", "pci", "density", "coi", "cog"]


@dataclass
class Period:
    """One period's matrices (locations × products)."""

    rca: Array
    mcp: Array
    diversity: Array
    ubiquity: Array
    eci: Array
    pci: Array
    density: Array
    coi: Array
    cog: Array


def _second_eigenvector(m: Array, div: Array, ubi: Array) -> tuple[Array, Array]:
    """kc, kp: the second eigenvectors of the location and product matrices, consistently
    scaled (kc = D_c⁻¹ M kp)."""
    c, p = m.shape
    if c <= p:
        # S = D_c^-1/2 M D_p^-1 M^T D_c^-1/2 is symmetric and similar to M̃_cc
        left = m / np.sqrt(div)[:, None]
        s = (left / ubi[None, :]) @ left.T
        values, vectors = np.linalg.eigh(s)
        kc = vectors[:, -2] / np.sqrt(div)
        kp = (m / ubi[None, :]).T @ kc / values[-2]
    else:
        right = m / np.sqrt(ubi)[None, :]
        s = (right.T / div[None, :]) @ right
        values, vectors = np.linalg.eigh(s)
        kp = vectors[:, -2] / np.sqrt(ubi)
        kc = (m / div[:, None]) @ kp
    return kc, kp


def period_complexity(values: Array, *, include_self: bool = False) -> Period:
    """The complexity measures of one locations × products matrix of values (all totals > 0)."""
    x = np.nan_to_num(values.astype(np.float64))
    loc_total = x.sum(axis=1)
    prod_total = x.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        rca = (x / loc_total[:, None]) / (prod_total / prod_total.sum())[None, :]
    m = (np.nan_to_num(rca) >= 1).astype(np.float64)
    div, ubi = m.sum(axis=1), m.sum(axis=0)
    kc, kp = _second_eigenvector(m, div, ubi)
    sign = 1.0 if np.corrcoef(div, kc)[0, 1] > 0 else -1.0
    kc, kp = kc * sign, kp * sign
    # one products × products matrix, built in place (at 5,000 products each extra temporary
    # costs 200 MB and more time than the arithmetic)
    phi = m.T @ m
    for i in range(0, len(ubi), 512):
        phi[i : i + 512] /= np.maximum(ubi[i : i + 512, None], ubi[None, :])
    if not include_self:
        np.fill_diagonal(phi, 0.0)
    col = phi.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        weight = np.where(col > 0, kp / col, 0.0)  # φ is symmetric: row sums = column sums
    absent = 1.0 - m
    # density's numerator M·φ and COG's (1 − M)·diag(kp / Σφ)·φ in one pass over φ
    both = np.vstack([m, absent * weight[None, :]]) @ phi
    with np.errstate(divide="ignore", invalid="ignore"):
        density = both[: len(m)] / col[None, :]
    coi_raw = (np.nan_to_num(density) * absent * kp[None, :]).sum(axis=1)
    cog_raw = absent * both[len(m) :]
    n_rows = m.size  # Stata's `sum eci` runs over the location × product rows
    mean = kc.mean()
    sd = np.sqrt(((kc - mean) ** 2).sum() * m.shape[1] / (n_rows - 1))
    coi_sd = np.sqrt(((coi_raw - coi_raw.mean()) ** 2).sum() * m.shape[1] / (n_rows - 1))
    return Period(
        rca=rca,
        mcp=m,
        diversity=div,
        ubiquity=ubi,
        eci=(kc - mean) / sd,
        pci=(kp - mean) / sd,
        density=density,
        coi=(coi_raw - coi_raw.mean()) / coi_sd if coi_sd > 0 else coi_raw * 0.0,
        cog=cog_raw / sd,
    )


def complexity(
    frame: pd.DataFrame,
    *,
    time: str,
    loc: str,
    prod: str,
    value: str,
    include_self: bool = False,
) -> pd.DataFrame:
    """One row per (time, loc, prod) with the value and the measures of the module doc.

    The input may list each cell once or several times (values are summed); missing cells
    are zero exports."""
    for column in (time, loc, prod, value):
        if column not in frame.columns:
            raise UserError(f"no column {column!r} (columns: {', '.join(map(str, frame.columns))})")
    values = pd.to_numeric(frame[value], errors="coerce")
    bad = values.isna() | (values < 0)
    if bad.any():
        first = int(np.flatnonzero(bad.to_numpy())[0])
        raise UserError(
            f"row {first + 2}, column {value!r}: {frame[value].iloc[first]!r} is not a number ≥ 0"
        )
    data = pd.DataFrame(
        {
            "time": frame[time],
            "loc": frame[loc].astype(str),
            "prod": frame[prod].astype(str),
            "value": values,
        }
    )
    out = []
    for t, part in data.groupby("time", sort=True):
        cell = part.groupby(["loc", "prod"])["value"].sum()
        loc_sum = cell.groupby(level=0).sum()
        prod_sum = cell.groupby(level=1).sum()
        locs = loc_sum.index[loc_sum > 0]
        prods = prod_sum.index[prod_sum > 0]
        if len(locs) < 2 or len(prods) < 2:
            raise UserError(
                f"period {t}: complexity needs at least two locations and two products with exports"
            )
        li = pd.Index(locs).get_indexer(cell.index.get_level_values(0))
        pi = pd.Index(prods).get_indexer(cell.index.get_level_values(1))
        keep = (li >= 0) & (pi >= 0)
        matrix = np.zeros((len(locs), len(prods)))
        matrix[li[keep], pi[keep]] = cell.to_numpy()[keep]
        r = period_complexity(matrix, include_self=include_self)
        nl, np_ = matrix.shape
        block = pd.DataFrame(
            {
                time: t,
                loc: np.repeat(np.asarray(locs), np_),
                prod: np.tile(np.asarray(prods), nl),
                value: matrix.ravel(),
                "rca": r.rca.ravel(),
                "mcp": r.mcp.ravel().astype(np.int8),
                "diversity": np.repeat(r.diversity, np_),
                "ubiquity": np.tile(r.ubiquity, nl),
                "eci": np.repeat(r.eci, np_),
                "pci": np.tile(r.pci, nl),
                "density": r.density.ravel(),
                "coi": np.repeat(r.coi, np_),
                "cog": r.cog.ravel(),
            }
        )
        out.append(block)
    return pd.concat(out, ignore_index=True)


def export_table(engine: Engine, year: int | None = None) -> pd.DataFrame:
    """Exporter × HS6 × year from the statistics store: Belarus's (and its regions') exports
    to partners, and partners' exports to Belarus (Belarus's imports from them)."""
    from coopatlas.trade import store

    if not store.has_statistics(engine):
        raise UserError(
            "no statistics loaded: `trade next` needs customs statistics by HS "
            "code (load them with `coopatlas trade load FILE`); news figures give "
            "totals only"
        )
    where = "" if year is None else f"WHERE year = {int(year)}"
    return store.query(
        engine,
        "SELECT year, CASE WHEN flow = 'export' THEN reporter ELSE partner END AS exporter, "
        f"hs, sum(value_usd) AS value_usd FROM stats {where} GROUP BY ALL",
    )


def next_products(engine: Engine, region: str, top: int = 10) -> pd.DataFrame:
    """Products *region* does not yet export with comparative advantage, ranked by density
    (how close they are to what it already makes) and complexity outlook gain.

    The locations are every exporter in the statistics store (Belarus or its regions towards
    Russia, and Russian regions towards Belarus), in the latest year with data."""
    from coopatlas.registry import models
    from coopatlas.trade.indicators import check_partner

    code = check_partner(engine, region)
    table = export_table(engine)
    if table.empty:
        raise UserError("the statistics store holds no exports")
    from coopatlas.trade import store

    months = store.query(engine, "SELECT year, count(DISTINCT month) AS n FROM stats GROUP BY 1")
    full = months.loc[months["n"] == 12, "year"]
    year = int(full.max()) if not full.empty else int(table["year"].max())
    table = table[table["year"] == year]
    if code not in set(table["exporter"]):
        raise UserError(f"no exports of {code} in the statistics for {year}")
    result = complexity(table, time="year", loc="exporter", prod="hs", value="value_usd")
    mine = result[(result["exporter"] == code) & (result["mcp"] == 0)].copy()
    mine["rank_score"] = mine["density"].rank(pct=True) + mine["cog"].rank(pct=True)
    mine = mine.sort_values(["rank_score", "density"], ascending=False).head(top)
    with engine.connect() as c:
        names = dict(c.execute(select(models.Product.code, models.Product.name_en)).all())
    mine["name_en"] = mine["hs"].map(names)
    mine = mine.rename(columns={"value_usd": "exports_usd"})
    return mine[
        [
            "year",
            "exporter",
            "hs",
            "name_en",
            "exports_usd",
            "rca",
            "density",
            "pci",
            "cog",
            "eci",
            "rank_score",
        ]
    ].reset_index(drop=True)
