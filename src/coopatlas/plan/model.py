"""The localization MIP in one place: named variable and constraint blocks, built vectorised.

A :class:`Problem` holds the planning data as flat numpy arrays (demands, supply sources,
candidate arcs, years); :func:`build_model` turns it into a :class:`Model`, the sparse
matrix with its named blocks, by calling small ``define_*`` functions in a fixed order
(PyPSA style). Solving is in ``plan/highs.py`` (whole, or as independent parts), starting
points in ``plan/start.py``.

Variables (``name[coordinates]``)::

    Flow[arc, year]        >= 0   units from a source to a demand in a year
    Import[demand, year]   >= 0   units still imported
    Unmet[demand, year]    >= 0   units not supplied (only with an unmet penalty: sweeps)
    Build[option, year]    binary the expansion or plant is decided in that year
    Saturated[product, year] binary existing + expanded capacity of the product is fully used

Constraints::

    Demand-balance[d, t]       sum_a Flow[a, t] + Import[d, t] (+ Unmet[d, t]) = q_d
    Capability-capacity[s, t]  sum_a Flow[a, t] <= spare_s; for a pooled source, its own
                               flows and its members' flows <= the members' total spare
    Expansion-capacity[o, t]   sum_a Flow[a, t] - cap_o * sum_{tau <= t - L_o} Build[o, tau] <= 0
    Plant-capacity[o, t]       the same for new plants
    Expansion-link[a, t]       Flow[a, t] <= q_d * sum_{tau <= t - L_o} Build[o, tau]  (optional)
    Plant-link[a, t]           the same for plants (the strong facility-location cut)
    Expansion-build-once[o]    sum_t Build[o, t] <= 1
    Plant-build-once[o]        sum_t Build[o, t] <= 1
    Budget-year[t]             sum_o capex_o * Build[o, t] <= B_t
    Import-cutoff[d, t]        Import[d, t] <= 0 from the year imports stop
    Plant-no-parallel[p, t]    sum_{plant arcs of p} Flow[a, t] <= M_p * Saturated[p, t]
    Plant-demand-no-parallel[q, t]  sum_{plant arcs into demands of q, plant product != q}
                               Flow[a, t] <= M_q * Saturated[q, t]
    Plant-saturation[p, t]     S_p + sum_e add_e * built_e(t) - sum_{existing/expansion arcs of p}
                               Flow[a, t] <= N_p * (1 - Saturated[p, t])

Under the no-parallel rule a plant's Flow columns also have upper bound 0 in the years its
parallel-production verdict (``plan/parallel.py``, the one ``check-parallel`` gives) is
"parallel" (``Problem.source_parallel``).

The objective is the discounted cost: flows at unit + transport cost, imports at their price plus
the dependence penalty, and capital spent in the year a build is decided.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
ObjArray = npt.NDArray[np.object_]
BoolArray = npt.NDArray[np.bool_]

EXISTING, EXPANSION, PLANT = 0, 1, 2
KIND_NAMES = ("existing", "expansion", "plant")
NEVER = 10_000  # a year after every horizon: imports are never cut off


@dataclass
class Problem:
    """Planning data as flat arrays: what :func:`build_model` needs and nothing else.

    Sources are existing capabilities (spare capacity), expansion options and new-plant
    options in one array set, told apart by ``source_kind``; an arc is a candidate
    (source, demand) pair with its unit cost (production + transport).
    """

    years: IntArray
    demand_label: ObjArray
    demand_qty: FloatArray
    demand_first: IntArray  # first year the quantity is needed
    demand_import_cost: FloatArray  # per unit, dependence penalty included
    demand_import_from: IntArray  # first year imports are forbidden (NEVER: allowed)
    source_label: ObjArray
    source_kind: IntArray
    source_product: ObjArray
    source_capacity: FloatArray  # spare capacity (existing) or capacity added (options)
    source_capex: FloatArray
    source_lead: IntArray
    arc_source: IntArray
    arc_demand: IntArray
    arc_cost: FloatArray
    discount_rate: float = 0.0
    budget: FloatArray | None = None  # per year, or None
    allow_import: bool = True
    demand_product: ObjArray | None = None  # HS6 of each demand (the demand-side rule)
    source_parallel: BoolArray | None = None  # (source, year): a plant's verdict is parallel
    source_pool: IntArray | None = None  # the pooled source sharing a maker's capacity, or -1

    @property
    def n_demands(self) -> int:
        return len(self.demand_label)

    @property
    def n_sources(self) -> int:
        return len(self.source_label)


@dataclass
class ModelOptions:
    no_parallel: bool = True
    link: bool = False  # Expansion-link / Plant-link rows (the strong facility-location cut)
    # cost of a unit not supplied, as a multiple of the demand's import price; None: demand
    # must be met (imports where allowed)
    unmet_penalty: float | None = None


@dataclass
class Block:
    """A named range of columns or rows and the coordinates that label each element."""

    name: str
    start: int
    stop: int
    coords: dict[str, npt.NDArray[Any]] = field(default_factory=dict)

    def __len__(self) -> int:
        return self.stop - self.start

    def label(self, position: int) -> str:
        """``Block-name[coord, coord]`` of the element at global *position*."""
        i = position - self.start
        inside = ", ".join(str(values[i]) for values in self.coords.values())
        return f"{self.name}[{inside}]"

    def element(self, position: int) -> dict[str, Any]:
        i = position - self.start
        return {
            key: values[i].item() if hasattr(values[i], "item") else values[i]
            for key, values in self.coords.items()
        }


class Model:
    """A MIP as arrays (cost, bounds, integrality, CSR matrix) with named blocks."""

    def __init__(self) -> None:
        self.variables: dict[str, Block] = {}
        self.constraints: dict[str, Block] = {}
        self._cost: list[FloatArray] = []
        self._lb: list[FloatArray] = []
        self._ub: list[FloatArray] = []
        self._int: list[BoolArray] = []
        self._rows: list[IntArray] = []
        self._cols: list[IntArray] = []
        self._vals: list[FloatArray] = []
        self._lo: list[FloatArray] = []
        self._hi: list[FloatArray] = []
        self.n_cols = 0
        self.n_rows = 0
        self._matrix: sp.csr_matrix | None = None

    # -- building -------------------------------------------------------------------------
    def add_variables(
        self,
        name: str,
        cost: FloatArray,
        lower: float | FloatArray = 0.0,
        upper: float | FloatArray = math.inf,
        integer: bool = False,
        **coords: npt.NDArray[Any],
    ) -> IntArray:
        """Add a block of ``len(cost)`` columns; return their global indices."""
        n = len(cost)
        self._cost.append(np.asarray(cost, dtype=np.float64))
        self._lb.append(np.broadcast_to(np.asarray(lower, dtype=np.float64), (n,)).copy())
        self._ub.append(np.broadcast_to(np.asarray(upper, dtype=np.float64), (n,)).copy())
        self._int.append(np.full(n, integer))
        self.variables[name] = Block(name, self.n_cols, self.n_cols + n, coords)
        index = np.arange(self.n_cols, self.n_cols + n, dtype=np.int64)
        self.n_cols += n
        self._matrix = None
        return index

    def add_constraints(
        self,
        name: str,
        n: int,
        rows: IntArray,
        cols: IntArray,
        vals: FloatArray,
        lower: float | FloatArray,
        upper: float | FloatArray,
        **coords: npt.NDArray[Any],
    ) -> IntArray:
        """Add *n* rows; *rows* are block-local (0..n-1), *cols* global column indices."""
        self._rows.append(np.asarray(rows, dtype=np.int64) + self.n_rows)
        self._cols.append(np.asarray(cols, dtype=np.int64))
        self._vals.append(np.asarray(vals, dtype=np.float64))
        self._lo.append(np.broadcast_to(np.asarray(lower, dtype=np.float64), (n,)).copy())
        self._hi.append(np.broadcast_to(np.asarray(upper, dtype=np.float64), (n,)).copy())
        self.constraints[name] = Block(name, self.n_rows, self.n_rows + n, coords)
        index = np.arange(self.n_rows, self.n_rows + n, dtype=np.int64)
        self.n_rows += n
        self._matrix = None
        return index

    # -- arrays ---------------------------------------------------------------------------
    def _cat(self, parts: list[Any], dtype: Any) -> Any:
        return np.concatenate(parts).astype(dtype) if parts else np.zeros(0, dtype=dtype)

    @property
    def cost(self) -> FloatArray:
        return self._cat(self._cost, np.float64)  # type: ignore[no-any-return]

    @property
    def col_lower(self) -> FloatArray:
        return self._cat(self._lb, np.float64)  # type: ignore[no-any-return]

    @property
    def col_upper(self) -> FloatArray:
        return self._cat(self._ub, np.float64)  # type: ignore[no-any-return]

    @property
    def integrality(self) -> BoolArray:
        return self._cat(self._int, np.bool_)  # type: ignore[no-any-return]

    @property
    def row_lower(self) -> FloatArray:
        return self._cat(self._lo, np.float64)  # type: ignore[no-any-return]

    @property
    def row_upper(self) -> FloatArray:
        return self._cat(self._hi, np.float64)  # type: ignore[no-any-return]

    @property
    def matrix(self) -> sp.csr_matrix:
        if self._matrix is None:
            coo = sp.coo_matrix(
                (
                    self._cat(self._vals, np.float64),
                    (self._cat(self._rows, np.int64), self._cat(self._cols, np.int64)),
                ),
                shape=(self.n_rows, self.n_cols),
            )
            self._matrix = sp.csr_matrix(coo)
            self._matrix.sum_duplicates()
        return self._matrix

    def block_of(self, position: int, rows: bool = True) -> Block:
        blocks = self.constraints if rows else self.variables
        for block in blocks.values():
            if block.start <= position < block.stop:
                return block
        raise IndexError(position)

    def row_label(self, row: int) -> str:
        return self.block_of(row).label(row)

    def col_label(self, col: int) -> str:
        return self.block_of(col, rows=False).label(col)

    def summary(self) -> dict[str, Any]:
        return {
            "columns": self.n_cols,
            "rows": self.n_rows,
            "nonzeros": int(self.matrix.nnz),
            "integer": int(self.integrality.sum()),
            "variables": {k: len(b) for k, b in self.variables.items()},
            "constraints": {k: len(b) for k, b in self.constraints.items()},
        }


# -- builders -----------------------------------------------------------------------------


@dataclass
class Built:
    """A model with the index arrays that map its blocks back to the problem."""

    problem: Problem
    model: Model
    options: ModelOptions
    flow_arc: IntArray
    flow_year: IntArray  # index into problem.years
    import_demand: IntArray
    import_year: IntArray
    build_option: IntArray  # source index
    build_year: IntArray
    unmet_demand: IntArray
    unmet_year: IntArray
    sat_product: ObjArray
    sat_year: IntArray
    discount: FloatArray


def _discount(problem: Problem) -> FloatArray:
    offset = problem.years - problem.years[0]
    return np.asarray((1.0 + problem.discount_rate) ** (-offset.astype(np.float64)))


def _ready_year(problem: Problem) -> IntArray:
    """First year index each source can produce (options: after their lead time)."""
    years = problem.years
    first = np.searchsorted(years, years[0] + problem.source_lead)
    return np.where(problem.source_kind == EXISTING, 0, first).astype(np.int64)


def define_variables(problem: Problem, options: ModelOptions, m: Model) -> Built:
    years, nt = problem.years, len(problem.years)
    disc = _discount(problem)
    # Flow[arc, year]: from the demand's first year and the source's earliest production
    demand_start = np.searchsorted(years, problem.demand_first)
    arc_start = np.maximum(
        demand_start[problem.arc_demand], _ready_year(problem)[problem.arc_source]
    )
    count = np.maximum(nt - arc_start, 0)
    flow_arc = np.repeat(np.arange(len(problem.arc_source)), count)
    flow_year = _ranges(arc_start, count)
    flow_upper = np.full(len(flow_arc), math.inf)
    if options.no_parallel and problem.source_parallel is not None:
        blocked = problem.source_parallel[problem.arc_source[flow_arc], flow_year]
        flow_upper[blocked] = 0.0
    m.add_variables(
        "Flow",
        problem.arc_cost[flow_arc] * disc[flow_year],
        0.0,
        flow_upper,
        arc=flow_arc,
        source=problem.source_label[problem.arc_source[flow_arc]],
        demand=problem.demand_label[problem.arc_demand[flow_arc]],
        year=years[flow_year],
    )
    # Import[demand, year] and Unmet[demand, year]
    dcount = np.maximum(nt - demand_start, 0)
    dem = np.repeat(np.arange(problem.n_demands), dcount)
    dyear = _ranges(demand_start, dcount)
    if problem.allow_import:
        imp_d, imp_t = dem, dyear
        m.add_variables(
            "Import",
            problem.demand_import_cost[imp_d] * disc[imp_t],
            demand=problem.demand_label[imp_d],
            year=years[imp_t],
        )
    else:
        imp_d = imp_t = np.zeros(0, dtype=np.int64)
    if options.unmet_penalty is not None:
        un_d, un_t = dem, dyear
        m.add_variables(
            "Unmet",
            problem.demand_import_cost[un_d] * options.unmet_penalty * disc[un_t],
            demand=problem.demand_label[un_d],
            year=years[un_t],
        )
    else:
        un_d = un_t = np.zeros(0, dtype=np.int64)
    # Build[option, year]: decisions whose capacity arrives within the horizon
    opts = np.flatnonzero(problem.source_kind != EXISTING)
    last = np.searchsorted(years, years[-1] - problem.source_lead[opts], side="right")
    b_opt = np.repeat(opts, last)
    b_year = _ranges(np.zeros(len(opts), dtype=np.int64), last)
    m.add_variables(
        "Build",
        problem.source_capex[b_opt] * disc[b_year],
        0.0,
        1.0,
        integer=True,
        option=problem.source_label[b_opt],
        year=years[b_year],
    )
    # Saturated[product, year]: products with plant options and existing/expandable capacity
    sat_p: ObjArray = np.zeros(0, dtype=object)
    sat_t = np.zeros(0, dtype=np.int64)
    if options.no_parallel:
        products = parallel_products(problem)
        sat_p = np.repeat(products, nt)
        sat_t = np.tile(np.arange(nt), len(products))
        m.add_variables(
            "Saturated",
            np.zeros(len(sat_p)),
            0.0,
            _sat_upper(problem, products, flow_arc, flow_year, flow_upper),
            integer=True,
            product=sat_p,
            year=years[sat_t],
        )
    return Built(
        problem,
        m,
        options,
        flow_arc,
        flow_year,
        imp_d,
        imp_t,
        b_opt,
        b_year,
        un_d,
        un_t,
        sat_p,
        sat_t,
        disc,
    )


def _sat_upper(
    problem: Problem,
    products: ObjArray,
    flow_arc: IntArray,
    flow_year: IntArray,
    flow_upper: FloatArray,
) -> FloatArray:
    """1 where some plant can deliver in the year for or into the product, else 0.

    A product-year no plant flow can reach (lead times, a "parallel" verdict) needs no
    saturation decision: fixing it at 0 lets HiGHS's presolve drop it and its rows.
    """
    nt = len(problem.years)
    index = {name: i for i, name in enumerate(products.tolist())}
    active = np.zeros(len(products) * nt)
    src = problem.arc_source[flow_arc]
    live = (problem.source_kind[src] == PLANT) & (flow_upper > 0)
    own = np.array(
        [index.get(x, -1) for x in problem.source_product[src[live]].tolist()], dtype=np.int64
    )
    ok = own >= 0
    active[own[ok] * nt + flow_year[live][ok]] = 1.0
    if problem.demand_product is not None:
        dem = problem.arc_demand[flow_arc[live]]
        theirs = np.array(
            [index.get(x, -1) for x in problem.demand_product[dem].tolist()], dtype=np.int64
        )
        ok = theirs >= 0
        active[theirs[ok] * nt + flow_year[live][ok]] = 1.0
    return active


def _ranges(start: IntArray, count: IntArray) -> IntArray:
    """Concatenation of ``arange(start[i], start[i] + count[i])`` without a Python loop."""
    total = int(count.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    offsets = np.repeat(np.cumsum(count) - count, count)
    return (np.arange(total) - offsets + np.repeat(start, count)).astype(np.int64)


def used_sources(problem: Problem) -> BoolArray:
    used = np.zeros(problem.n_sources, dtype=bool)
    used[problem.arc_source] = True
    return used


def cross_plant_arcs(problem: Problem) -> BoolArray:
    """Plant arcs into a demand of another product of the heading (substitution)."""
    if problem.demand_product is None:
        return np.zeros(len(problem.arc_source), dtype=bool)
    plant = problem.source_kind[problem.arc_source] == PLANT
    other = problem.source_product[problem.arc_source] != problem.demand_product[problem.arc_demand]
    return np.asarray(plant & other)


def parallel_products(problem: Problem) -> ObjArray:
    """Products the rule watches: a plant makes it or delivers to a demand of it, and some
    existing or expandable capacity of it is on an arc."""
    used = used_sources(problem)
    kind, product = problem.source_kind, problem.source_product
    if problem.source_parallel is not None:  # a plant parallel in every year delivers nothing
        used = used & ~((kind == PLANT) & problem.source_parallel.all(axis=1))
    plant = set(product[(kind == PLANT) & used].tolist())
    if problem.demand_product is not None:
        cross = cross_plant_arcs(problem) & used[problem.arc_source]
        plant |= set(problem.demand_product[problem.arc_demand[cross]].tolist())
    other = set(product[(kind != PLANT) & used & (problem.source_capacity > 0)].tolist())
    return np.array(sorted(plant & other), dtype=object)


def plant_arcs_under_rule(problem: Problem) -> BoolArray:
    """Plant arcs that may carry flow only when a watched product is saturated."""
    watched = parallel_products(problem)
    plant = problem.source_kind[problem.arc_source] == PLANT
    own = np.isin(problem.source_product[problem.arc_source], watched)
    mask = plant & own
    if problem.demand_product is not None:
        into = np.isin(problem.demand_product[problem.arc_demand], watched)
        mask |= cross_plant_arcs(problem) & into
    return np.asarray(mask)


def _built_by(built: Built, sources: IntArray, years: IntArray) -> tuple[IntArray, IntArray]:
    """Pairs (k, build column) with Build[sources[k], tau] and tau + lead <= years[k].

    That is, the capacity of option ``sources[k]`` is available in year index ``years[k]``.
    """
    p = built.problem
    nt = len(p.years)
    b0 = built.model.variables["Build"].start
    # Build columns are grouped by option in ascending order, decision years 0, 1, ...
    n_build = np.zeros(p.n_sources, dtype=np.int64)
    np.add.at(n_build, built.build_option, 1)
    first_col = np.searchsorted(built.build_option, np.arange(p.n_sources))
    # decisions tau with years[tau] + lead <= years[t]
    limit = np.searchsorted(p.years, p.years[years] - p.source_lead[sources], side="right")
    count = np.minimum(limit, n_build[sources])
    count = np.clip(count, 0, nt)
    k = np.repeat(np.arange(len(sources)), count)
    tau = _ranges(np.zeros(len(sources), dtype=np.int64), count)
    return k, b0 + first_col[sources[k]] + tau


def define_demand_balance(built: Built) -> None:
    p, m = built.problem, built.model
    nt = len(p.years)
    key_all = p.arc_demand[built.flow_arc] * nt + built.flow_year
    rows_d, rows_t = demand_rows(p)
    row_of = np.full(p.n_demands * nt, -1, dtype=np.int64)
    row_of[rows_d * nt + rows_t] = np.arange(len(rows_d))
    parts_r = [row_of[key_all]]
    parts_c = [np.arange(len(built.flow_arc)) + m.variables["Flow"].start]
    if "Import" in m.variables:
        parts_r.append(row_of[built.import_demand * nt + built.import_year])
        parts_c.append(np.arange(len(built.import_demand)) + m.variables["Import"].start)
    if "Unmet" in m.variables:
        parts_r.append(row_of[built.unmet_demand * nt + built.unmet_year])
        parts_c.append(np.arange(len(built.unmet_demand)) + m.variables["Unmet"].start)
    rows = np.concatenate(parts_r)
    cols = np.concatenate(parts_c)
    q = p.demand_qty[rows_d]
    m.add_constraints(
        "Demand-balance",
        len(rows_d),
        rows,
        cols,
        np.ones(len(rows)),
        q,
        q,
        demand=p.demand_label[rows_d],
        year=p.years[rows_t],
    )


def demand_rows(p: Problem) -> tuple[IntArray, IntArray]:
    nt = len(p.years)
    start = np.searchsorted(p.years, p.demand_first)
    count = np.maximum(nt - start, 0)
    return np.repeat(np.arange(p.n_demands), count), _ranges(start, count)


def define_capacity(built: Built) -> None:
    """Capability-capacity, Expansion-capacity and Plant-capacity rows per (source, year).

    Only for the (source, year) pairs that have a Flow column: any other such row would be
    empty, or say no more than Build >= 0.
    """
    p, m = built.problem, built.model
    nt = len(p.years)
    f_src = p.arc_source[built.flow_arc]
    f_col = np.arange(len(built.flow_arc)) + m.variables["Flow"].start
    for kind, name in (
        (EXISTING, "Capability-capacity"),
        (EXPANSION, "Expansion-capacity"),
        (PLANT, "Plant-capacity"),
    ):
        mine = p.source_kind[f_src] == kind
        keys = np.unique(f_src[mine] * nt + built.flow_year[mine])
        s_rows, t_rows = keys // nt, keys % nt
        row_of = np.full(p.n_sources * nt, -1, dtype=np.int64)
        row_of[keys] = np.arange(len(keys))
        rows = [row_of[f_src[mine] * nt + built.flow_year[mine]]]
        cols = [f_col[mine]]
        vals = [np.ones(int(mine.sum()))]
        if kind == EXISTING:
            upper = p.source_capacity[s_rows]
            if p.source_pool is not None:  # members' flows also draw on their pool's total
                pool = p.source_pool[f_src]
                member = np.flatnonzero(mine & (pool >= 0))
                at = row_of[pool[member] * nt + built.flow_year[member]]
                ok = at >= 0
                rows.append(at[ok])
                cols.append(f_col[member[ok]])
                vals.append(np.ones(int(ok.sum())))
        else:
            k, bcol = _built_by(built, s_rows, t_rows)
            rows.append(k)
            cols.append(bcol)
            vals.append(-p.source_capacity[s_rows[k]])
            upper = np.zeros(len(s_rows))
        m.add_constraints(
            name,
            len(s_rows),
            np.concatenate(rows),
            np.concatenate(cols),
            np.concatenate(vals),
            -math.inf,
            upper,
            source=p.source_label[s_rows],
            year=p.years[t_rows],
        )


def define_links(built: Built) -> None:
    """Expansion-link and Plant-link: an option's arc carries nothing until it is built."""
    p, m = built.problem, built.model
    f_src = p.arc_source[built.flow_arc]
    f0 = m.variables["Flow"].start
    for kind, name in ((EXPANSION, "Expansion-link"), (PLANT, "Plant-link")):
        flows = np.flatnonzero(p.source_kind[f_src] == kind)
        k, bcol = _built_by(built, f_src[flows], built.flow_year[flows])
        q = np.minimum(
            p.demand_qty[p.arc_demand[built.flow_arc[flows]]], p.source_capacity[f_src[flows]]
        )
        rows = np.concatenate([np.arange(len(flows)), k])
        cols = np.concatenate([flows + f0, bcol])
        vals = np.concatenate([np.ones(len(flows)), -q[k]])
        m.add_constraints(
            name,
            len(flows),
            rows,
            cols,
            vals,
            -math.inf,
            0.0,
            source=p.source_label[f_src[flows]],
            demand=p.demand_label[p.arc_demand[built.flow_arc[flows]]],
            year=p.years[built.flow_year[flows]],
        )


def define_build_once(built: Built) -> None:
    p, m = built.problem, built.model
    for kind, name in ((EXPANSION, "Expansion-build-once"), (PLANT, "Plant-build-once")):
        opts = np.flatnonzero(p.source_kind == kind)
        row_of = np.full(p.n_sources, -1, dtype=np.int64)
        row_of[opts] = np.arange(len(opts))
        mine = np.flatnonzero(p.source_kind[built.build_option] == kind)
        m.add_constraints(
            name,
            len(opts),
            row_of[built.build_option[mine]],
            mine + m.variables["Build"].start,
            np.ones(len(mine)),
            -math.inf,
            1.0,
            option=p.source_label[opts],
        )


def define_budget(built: Built) -> None:
    p, m = built.problem, built.model
    if p.budget is None:
        return
    m.add_constraints(
        "Budget-year",
        len(p.years),
        built.build_year,
        np.arange(len(built.build_option)) + m.variables["Build"].start,
        p.source_capex[built.build_option],
        -math.inf,
        p.budget,
        year=p.years,
    )


def define_import_cutoff(built: Built) -> None:
    p, m = built.problem, built.model
    if "Import" not in m.variables:
        return
    forbidden = np.flatnonzero(
        p.years[built.import_year] >= p.demand_import_from[built.import_demand]
    )
    m.add_constraints(
        "Import-cutoff",
        len(forbidden),
        np.arange(len(forbidden)),
        forbidden + m.variables["Import"].start,
        np.ones(len(forbidden)),
        -math.inf,
        0.0,
        demand=p.demand_label[built.import_demand[forbidden]],
        year=p.years[built.import_year[forbidden]],
    )


def define_no_parallel(built: Built) -> None:
    """Plant-no-parallel, Plant-demand-no-parallel and Plant-saturation (docs/planner.md).

    For a product p and year t, Saturated = 1 forces every existing and built expansion
    source of p to deliver its whole capacity (the pooled makers outside the cheapest
    candidates included); only then may p's plants deliver anything, and only then may any
    plant deliver to a demand of p.
    """
    p, m = built.problem, built.model
    if "Saturated" not in m.variables or len(built.sat_product) == 0:
        return
    nt = len(p.years)
    products = built.sat_product[::nt]
    index = {name: i for i, name in enumerate(products.tolist())}
    src_prod = np.array([index.get(x, -1) for x in p.source_product.tolist()], dtype=np.int64)
    used = used_sources(p)
    f_src = p.arc_source[built.flow_arc]
    f_prod = src_prod[f_src]
    f_col = np.arange(len(built.flow_arc)) + m.variables["Flow"].start
    z_col = np.arange(len(built.sat_product)) + m.variables["Saturated"].start
    n = len(products) * nt
    # Plant-no-parallel: plant flows of p in t <= M_p * Saturated[p, t]
    big_m = np.zeros(len(products))
    is_plant = (p.source_kind == PLANT) & used & (src_prod >= 0)
    np.add.at(big_m, src_prod[is_plant], p.source_capacity[is_plant])
    plant_f = np.flatnonzero((p.source_kind[f_src] == PLANT) & (f_prod >= 0))
    rows = np.concatenate([f_prod[plant_f] * nt + built.flow_year[plant_f], np.arange(n)])
    cols = np.concatenate([f_col[plant_f], z_col])
    vals = np.concatenate([np.ones(len(plant_f)), -np.repeat(big_m, nt)])
    m.add_constraints(
        "Plant-no-parallel",
        n,
        rows,
        cols,
        vals,
        -math.inf,
        0.0,
        product=built.sat_product,
        year=p.years[built.sat_year],
    )
    if p.demand_product is not None:
        d_prod = np.array([index.get(x, -1) for x in p.demand_product.tolist()], dtype=np.int64)
        f_dem = p.arc_demand[built.flow_arc]
        cross = cross_plant_arcs(p)[built.flow_arc] & (d_prod[f_dem] >= 0)
        cf = np.flatnonzero(cross)
        dm = np.zeros(len(products))
        mine = d_prod >= 0
        np.add.at(dm, d_prod[mine], p.demand_qty[mine])
        rows = np.concatenate([d_prod[f_dem[cf]] * nt + built.flow_year[cf], np.arange(n)])
        cols = np.concatenate([f_col[cf], z_col])
        vals = np.concatenate([np.ones(len(cf)), -np.repeat(dm, nt)])
        m.add_constraints(
            "Plant-demand-no-parallel",
            n,
            rows,
            cols,
            vals,
            -math.inf,
            0.0,
            product=built.sat_product,
            year=p.years[built.sat_year],
        )
    # Plant-saturation: S_p + sum_e add_e built_e(t) - flows(p, t) + N_p z <= N_p
    spare = np.zeros(len(products))
    added = np.zeros(len(products))
    is_old = (p.source_kind == EXISTING) & used & (src_prod >= 0)
    if p.source_pool is not None:  # a pool's capacity already counts its members'
        is_old &= p.source_pool < 0
    is_exp = (p.source_kind == EXPANSION) & used & (src_prod >= 0)
    np.add.at(spare, src_prod[is_old], p.source_capacity[is_old])
    np.add.at(added, src_prod[is_exp], p.source_capacity[is_exp])
    n_big = spare + added
    other_f = np.flatnonzero((p.source_kind[f_src] != PLANT) & (f_prod >= 0))
    exp_src = np.flatnonzero(is_exp)
    e_s = np.repeat(exp_src, nt)
    e_t = np.tile(np.arange(nt), len(exp_src))
    k, bcol = _built_by(built, e_s, e_t)
    rows = np.concatenate(
        [
            f_prod[other_f] * nt + built.flow_year[other_f],
            src_prod[e_s[k]] * nt + e_t[k],
            np.arange(n),
        ]
    )
    cols = np.concatenate([f_col[other_f], bcol, z_col])
    vals = np.concatenate([-np.ones(len(other_f)), p.source_capacity[e_s[k]], np.repeat(n_big, nt)])
    m.add_constraints(
        "Plant-saturation",
        n,
        rows,
        cols,
        vals,
        -math.inf,
        np.repeat(n_big - spare, nt),
        product=built.sat_product,
        year=p.years[built.sat_year],
    )


def build_model(problem: Problem, options: ModelOptions | None = None) -> Built:
    """Create the whole model: variables, then constraint blocks in a fixed order."""
    options = options or ModelOptions()
    built = define_variables(problem, options, Model())
    define_demand_balance(built)
    define_capacity(built)
    if options.link:
        define_links(built)
    define_build_once(built)
    define_budget(built)
    define_import_cutoff(built)
    if options.no_parallel:
        define_no_parallel(built)
    return built


# -- elastic copy (infeasibility) ---------------------------------------------------------


def relax(model: Model, weights: dict[str, FloatArray]) -> tuple[Model, dict[str, IntArray]]:
    """An elastic copy of *model*: zero cost, and a slack column per row of the named blocks.

    *weights* maps a constraint block to the cost of one unit of slack on each of its rows.
    A slack enters ``<=`` rows with -1 (the row may exceed its bound) and ``=`` rows with +1
    (the left side may fall short: demand unmet). Minimising the weighted slack finds the
    cheapest way to make the constraints consistent; the stretched rows explain the conflict.
    Returns the relaxed model and, per block, the slack columns (in the block's row order).
    """
    relaxed = copy.copy(model)
    relaxed.variables = dict(model.variables)
    relaxed.constraints = dict(model.constraints)
    for name in ("_lb", "_ub", "_int", "_rows", "_cols", "_vals", "_lo", "_hi"):
        setattr(relaxed, name, list(getattr(model, name)))
    relaxed._cost = [np.zeros(len(c)) for c in model._cost]
    relaxed._matrix = None
    slacks: dict[str, IntArray] = {}
    upper = model.row_upper
    lower = model.row_lower
    for block_name, weight in weights.items():
        block = model.constraints.get(block_name)
        if block is None or len(block) == 0:
            continue
        rows = np.arange(block.start, block.stop)
        equal = lower[rows] == upper[rows]
        cols = relaxed.add_variables(
            f"Slack-{block_name}",
            np.asarray(weight, dtype=np.float64),
            0.0,
            math.inf,
            False,
            **block.coords,
        )
        relaxed._rows.append(rows)
        relaxed._cols.append(cols)
        relaxed._vals.append(np.where(equal, 1.0, -1.0))
        slacks[block_name] = cols
    return relaxed, slacks
