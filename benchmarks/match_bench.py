"""Matching benchmark: 100,000 enterprises and about 1,000,000 capabilities from `synth`.

    python benchmarks/match_bench.py             # 100,000 enterprises, 10,000 demands
    python benchmarks/match_bench.py --small     # 10,000 enterprises, 1,000 demands

Prints, each beside a brute-force baseline as a ratio: index build (supply index by HS
heading, and the name index), one `match` (p50/p95 over random demands), one `find` (p50/p95
over names typed in the other script or with a typo), `match all` for every demand, and
peak memory. The baselines: a match that scans all sources with the same rule
(`serving_arcs` on the full frame), and a find that runs rapidfuzz WRatio over every name
variant. Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import platform
import resource
import time
from datetime import date

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from coopatlas.match.names import NameIndex
from coopatlas.match.rank import World, match_all, rank_arcs
from coopatlas.match.serve import serving_arcs
from coopatlas.match.translit import to_cyrillic
from coopatlas.plan.data import make_instance
from coopatlas.registry.synth import SynthSpec, synth_frames


def _peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def _typo(name: str, rng: np.random.Generator) -> str:
    if len(name) < 6:
        return name
    i = int(rng.integers(1, len(name) - 1))
    return name[:i] + name[i + 1 :]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", action="store_true")
    parser.add_argument("--samples", type=int, default=200)
    args = parser.parse_args()
    n_ent, n_dem = (10_000, 1_000) if args.small else (100_000, 10_000)
    rng = np.random.default_rng(7)
    print(f"# match_bench {date.today()} on {platform.processor() or platform.machine()}")
    t = time.perf_counter()
    frames = synth_frames(SynthSpec(enterprises=n_ent, demands=n_dem, seed=1))
    inst = make_instance(frames)
    took = time.perf_counter() - t
    print(f"synth: {len(inst.enterprises):,} enterprises, {len(inst.capabilities):,} "
          f"capabilities, {len(inst.demands):,} demands ({took:.1f} s)")  # fmt: skip

    t = time.perf_counter()
    world = World.from_instance(inst)
    supply_s = time.perf_counter() - t
    ent = frames["enterprises"]
    names = pd.DataFrame(
        {
            "kind": "enterprise",
            "id": ent["id"],
            "name_en": ent["name_en"],
            "name_ru": ent["name_ru"],
            "aliases": ent["aliases_en"].astype(object).fillna("").astype(str)
            + "|"
            + ent["aliases_ru"].astype(object).fillna("").astype(str),
        }
    )
    t = time.perf_counter()
    index = NameIndex(names)
    names_s = time.perf_counter() - t
    print(f"index build: supply {supply_s:.1f} s, names {names_s:.1f} s "
          f"(total {supply_s + names_s:.1f} s; target 60 s)")  # fmt: skip

    dem = world.instance.demands
    pick = rng.choice(len(dem), size=min(args.samples, len(dem)), replace=False)
    times = []
    for i in pick:
        t = time.perf_counter()
        rank_arcs(world, dem.iloc[[i]], k=20, per_kind=0)
        times.append(time.perf_counter() - t)
    brute = []
    for i in pick[:20]:
        t = time.perf_counter()
        serving_arcs(world.sources, dem.iloc[[i]], world.instance.regions, k=20, per_kind=0)
        brute.append(time.perf_counter() - t)
    p50, p95 = np.percentile(times, [50, 95]) * 1000
    b95 = np.percentile(brute, 95) * 1000
    print(f"match: p50 {p50:.1f} ms, p95 {p95:.1f} ms (target 20 ms); brute-force scan p95 "
          f"{b95:.0f} ms, {b95 / p95:.0f}x slower")  # fmt: skip

    rows = names.sample(n=args.samples, random_state=3)
    queries = [
        (r or to_cyrillic(n)) if k % 3 == 0 else (_typo(n, rng) if k % 3 == 1 else n)
        for k, (n, r) in enumerate(zip(rows["name_en"], rows["name_ru"], strict=True))
    ]
    name_of = dict(zip(names["id"], names["name_en"], strict=True))
    times, right = [], 0
    for q, want in zip(queries, rows["id"], strict=True):
        t = time.perf_counter()
        hits = index.search(q, top=3)
        times.append(time.perf_counter() - t)
        right += bool(hits) and (hits[0].id == want or hits[0].name_en == name_of[want])
    variants = pd.concat([names["name_en"], names["name_ru"]]).fillna("").tolist()
    brute = []
    for q in queries[:10]:
        t = time.perf_counter()
        process.extractOne(q, variants, scorer=fuzz.WRatio)
        brute.append(time.perf_counter() - t)
    p50, p95 = np.percentile(times, [50, 95]) * 1000
    b95 = np.percentile(brute, 95) * 1000
    print(f"find: p50 {p50:.1f} ms, p95 {p95:.1f} ms over {len(names):,} names (target 20 ms); "
          f"top-1 right {right / len(queries):.0%} (the Russian name, a typo or the English "
          f"name; an identical name counts as right); brute-force WRatio p95 {b95:.0f} ms, "
          f"{b95 / p95:.0f}x slower")  # fmt: skip

    t = time.perf_counter()
    stored = match_all(world)
    all_s = time.perf_counter() - t
    t = time.perf_counter()
    for i in pick[:20]:
        serving_arcs(world.sources, dem.iloc[[i]], world.instance.regions)
    brute_all = (time.perf_counter() - t) / 20 * len(dem)
    print(f"match all: {len(dem):,} demands in {all_s:.1f} s ({len(stored):,} candidates; "
          f"target 30 s); brute force per demand, extrapolated {brute_all:.0f} s, "
          f"{brute_all / all_s:.0f}x slower")  # fmt: skip
    print(f"peak memory {_peak_gb():.2f} GB (target 4 GB)")


if __name__ == "__main__":
    main()
