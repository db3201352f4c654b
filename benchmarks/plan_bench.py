"""Planner benchmark: build and solve a ministry-scale localization plan.

    python benchmarks/plan_bench.py                 # 10,000 demands, 2,000 enterprises, 7 years
    python benchmarks/plan_bench.py --small         # 1,000 demands, 300 enterprises
    python benchmarks/plan_bench.py --pulp 300      # also the PuLP/CBC baseline on 300 demands
    python benchmarks/plan_bench.py --whole         # one HiGHS run on the whole model
    python benchmarks/plan_bench.py --budget 2.7e9  # a capital budget per year (USD)

Prints the instance size, candidate arcs per demand, model build time, solve time to a 1%
gap, and peak memory; with --pulp, the same model built through PuLP and solved with CBC on a
smaller instance, and the ratio to highspy. Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import platform
import resource
import time
from datetime import date

import numpy as np

from coopatlas.plan.data import check_instance, make_instance, to_problem
from coopatlas.plan.highs import SolveOptions, solve_model
from coopatlas.plan.model import ModelOptions, Problem, build_model
from coopatlas.plan.start import greedy_start, repair_budget
from coopatlas.registry.synth import SynthSpec, synth_frames
from coopatlas.registry.synth_options import synth_options


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def instance(enterprises: int, demands: int, seed: int = 1):  # type: ignore[no-untyped-def]
    frames = synth_frames(SynthSpec(enterprises=enterprises, demands=demands, seed=seed))
    frames.update(synth_options(frames, seed=seed))
    return make_instance(frames)


def pulp_solve(problem: Problem, gap: float, time_limit: float) -> tuple[float, float, float]:
    """The same model through PuLP's modelling layer (expressions, one row at a time) + CBC."""
    import pulp

    built = build_model(problem, ModelOptions(unmet_penalty=10.0, link=False))
    m = built.model
    start = time.perf_counter()
    lp = pulp.LpProblem("plan", pulp.LpMinimize)
    integ = m.integrality
    lo, hi, cost = m.col_lower, m.col_upper, m.cost
    xs = [
        pulp.LpVariable(f"x{j}", lowBound=lo[j], upBound=None if np.isinf(hi[j]) else hi[j],
                        cat="Integer" if integ[j] else "Continuous")
        for j in range(m.n_cols)
    ]  # fmt: skip
    lp += pulp.lpSum(cost[j] * xs[j] for j in range(m.n_cols) if cost[j])
    a = m.matrix
    rlo, rhi = m.row_lower, m.row_upper
    for i in range(m.n_rows):
        cols = a.indices[a.indptr[i] : a.indptr[i + 1]]
        vals = a.data[a.indptr[i] : a.indptr[i + 1]]
        expr = pulp.lpSum(v * xs[c] for c, v in zip(cols, vals, strict=True))
        if rlo[i] == rhi[i]:
            lp += expr == rlo[i]
        else:
            if np.isfinite(rhi[i]):
                lp += expr <= rhi[i]
            if np.isfinite(rlo[i]):
                lp += expr >= rlo[i]
    build = time.perf_counter() - start
    start = time.perf_counter()
    lp.solve(pulp.PULP_CBC_CMD(msg=False, gapRel=gap, timeLimit=time_limit))
    return build, time.perf_counter() - start, float(pulp.value(lp.objective) or 0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", action="store_true")
    parser.add_argument("--demands", type=int, default=10_000)
    parser.add_argument("--enterprises", type=int, default=2_000)
    parser.add_argument("--gap", type=float, default=0.01)
    parser.add_argument("--time-limit", type=float, default=300.0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--pulp", type=int, default=0, help="demands in the PuLP baseline")
    parser.add_argument("--link", action="store_true", help="with the link rows")
    parser.add_argument("--whole", action="store_true", help="one HiGHS run, not split in parts")
    parser.add_argument("--budget", type=float, default=None, help="capital budget per year")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.small:
        args.demands, args.enterprises = 1_000, 300
    print(f"coopatlas planner benchmark, {date.today()}, {platform.machine()}, "
          f"Python {platform.python_version()}")  # fmt: skip
    start = time.perf_counter()
    inst = instance(args.enterprises, args.demands, args.seed)
    print(f"synth {args.enterprises:,} enterprises, {args.demands:,} demands, "
          f"{len(inst.capabilities):,} capabilities, {len(inst.expansions):,} expansions, "
          f"{len(inst.plants):,} plants: {time.perf_counter() - start:.1f} s")  # fmt: skip
    years = np.arange(2024, 2031)
    start = time.perf_counter()
    check_instance(inst, 2024, 2030, strict=False)  # unmet allowed: nothing is refused
    problem, cand = to_problem(inst, years, k=20, budget=args.budget)
    arcs = time.perf_counter() - start
    start = time.perf_counter()
    built = build_model(problem, ModelOptions(unmet_penalty=10.0, link=args.link))
    summary = built.model.summary()
    build = time.perf_counter() - start
    print(f"candidates: {len(cand.arcs):,} arcs ({len(cand.arcs) / args.demands:.1f} per "
          f"demand) in {arcs:.1f} s")  # fmt: skip
    print(f"model build: {build:.1f} s; {summary['columns']:,} columns "
          f"({summary['integer']:,} binary), {summary['rows']:,} rows, "
          f"{summary['nonzeros']:,} nonzeros")  # fmt: skip
    print("blocks:", summary["constraints"])
    start = time.perf_counter()
    warm = greedy_start(built)
    print(f"greedy start: {time.perf_counter() - start:.1f} s, objective "
          f"{built.model.cost @ warm if warm is not None else float('nan'):.6g}")  # fmt: skip
    progress: list[tuple[float, dict[str, float]]] = []
    t0 = time.perf_counter()

    def seen(info: dict[str, float]) -> None:
        progress.append((time.perf_counter() - t0, info))

    sol = solve_model(
        built.model,
        SolveOptions(gap=args.gap, time_limit=args.time_limit, threads=args.threads,
                     progress=seen, start=warm, split=not args.whole,
                     linking=("Budget-year",), repair=lambda x: repair_budget(built, x)),
    )  # fmt: skip
    if sol.parts > 1:
        print(f"solved as {sol.parts:,} independent parts, {args.threads} at a time")
        quarter = 1
        for seconds, info in progress:
            if quarter < 4 and info["parts_done"] >= sol.parts * quarter / 4:
                print(f"  {info['parts_done']:,.0f} parts solved at {seconds:.0f} s")
                quarter += 1
    else:
        shown = -1.0
        for seconds, info in progress:
            if info["gap"] < 0.05 and info["gap"] != shown:
                print(f"  incumbent within {info['gap']:.2%} at {seconds:.0f} s")
                shown = info["gap"]
    print(f"solve: {sol.status}, {sol.seconds:.1f} s, objective {sol.objective}, bound "
          f"{sol.bound}, gap {sol.gap}")  # fmt: skip
    print(f"peak memory: {_peak_mb():,.0f} MB")
    if args.pulp:
        small = instance(max(100, args.pulp // 5), args.pulp, seed=2)
        problem, _ = to_problem(small, years, k=20)
        start = time.perf_counter()
        built = build_model(problem, ModelOptions(unmet_penalty=10.0, link=args.link))
        hb = time.perf_counter() - start
        hs = solve_model(built.model, SolveOptions(gap=args.gap, threads=1))
        pb, ps, pobj = pulp_solve(problem, args.gap, args.time_limit)
        print(f"baseline on {args.pulp} demands: highspy build {hb:.2f} s solve {hs.seconds:.2f} s "
              f"obj {hs.objective:.6g}; PuLP build {pb:.2f} s, CBC solve {ps:.2f} s obj "
              f"{pobj:.6g}; ratio build {pb / max(hb, 1e-9):.0f}x, "
              f"solve {ps / max(hs.seconds, 1e-9):.1f}x")  # fmt: skip


if __name__ == "__main__":
    main()
