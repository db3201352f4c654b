"""`coopatlas plan ...` end to end: OR-Library optima, CSV folders, the database, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from coopatlas import registry
from coopatlas.cli import run
from tests.conftest import SHARED, write

ORLIB = SHARED / "benchmarks" / "orlib-cap"

ENTERPRISES = """id,name_en,region
maz,Minsk Automobile Plant,BY-HM
kamaz,KAMAZ,RU-TA
severstal,Severstal,RU-VLG
lmz,Lipetsk Metal Works,RU-LIP
"""
CAPABILITIES = """enterprise,hs,capacity,output,unit_cost,backlog_months
kamaz,870840,1000,700,100,2
severstal,730890,5000,5000,20,9
lmz,730890,100,40,25,1
"""
DEMANDS = """id,buyer_enterprise,hs,quantity,first_year,foreign_source,must_localize_from
maz-gearbox,maz,870840,400,2024,DE,
maz-frames,maz,730890,500,2025,CN,2027
kamaz-casting,kamaz,732510,300,2024,DE,
"""
EXPANSIONS = """id,enterprise,hs,added_capacity,capital_cost,lead_time_years,unit_cost
severstal-x,severstal,730890,1000,20000,1,19
"""
PLANTS = """id,region,hs,capacity,capital_cost,lead_time_years,unit_cost
cherepovets-foundry,RU-VLG,732510,2000,30000,2,30
minsk-gearbox,BY-MI,870840,1000,50000,3,60
"""


def plan_dir(tmp_path: Path, **override: str) -> Path:
    folder = tmp_path / "plan-in"
    folder.mkdir(exist_ok=True)
    files = {"enterprises": ENTERPRISES, "capabilities": CAPABILITIES, "demands": DEMANDS,
             "expansions": EXPANSIONS, "plants": PLANTS, **override}  # fmt: skip
    for name, text in files.items():
        write(folder / f"{name}.csv", text)
    return folder


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(("name", "optimum"), [("cap41", 1040444.375), ("cap72", 977799.400)])
def test_orlib_published_optima(
    capsys: pytest.CaptureFixture[str], name: str, optimum: float
) -> None:
    path = ORLIB / f"{name}.txt"
    if not path.exists():
        pytest.skip(f"{path} not available (../shared is absent)")
    code, out, _ = cli(capsys, "plan", "orlib", str(path), "--format", "json")
    assert code == 0
    result = json.loads(out)
    assert result["status"] == "optimal"
    assert result["objective"] == pytest.approx(optimum, abs=1e-3)
    assert result["open"] and all(isinstance(i, int) for i in result["open"])


def test_orlib_bad_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = cli(capsys, "plan", "orlib", str(write(tmp_path / "x.txt", "2 3\n1 x\n")))
    assert code == 1 and "OR-Library" in err


def test_solve_from_folder_writes_report(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    code, stdout, err = cli(capsys, "plan", "solve", "--dir", str(plan_dir(tmp_path)),
                            "--out", str(out), "--format", "json")  # fmt: skip
    assert code == 0, err
    result = json.loads(stdout)
    assert result["status"] == "optimal" and result["gap"] <= 0.01
    for name in ("roadmap.csv", "investments.csv", "flows.csv", "localization.csv",
                 "trade.csv", "costs.csv", "plan.json", "report.html"):  # fmt: skip
        assert (out / name).exists(), name
    roadmap = pd.read_csv(out / "roadmap.csv")
    assert set(roadmap["demand"]) == {"maz-gearbox", "maz-frames", "kamaz-casting"}
    assert {"stage", "suppliers", "local_2024", "import_2030"} <= set(roadmap.columns)
    # must-localize frames: no imports from 2027
    frames = roadmap.set_index("demand").loc["maz-frames"]
    assert frames["import_2027"] == 0 and frames["import_2030"] == 0
    page = (out / "report.html").read_text()
    assert page.count("<svg") == 3 and "<script" not in page
    assert "src=" not in page and "<link" not in page and "href=" not in page
    trade = pd.read_csv(out / "trade.csv")
    assert set(trade.columns) >= {"region", "year", "by_exports_usd", "by_imports_usd"}
    assert "RU-TA" in set(trade["region"])  # KAMAZ supplies MAZ across the border


def test_solve_from_database(
    capsys: pytest.CaptureFixture[str], db_url: str, tmp_path: Path
) -> None:
    """The same plan from SQLite and from PostgreSQL."""
    folder = plan_dir(tmp_path)
    engine = registry.connect(db_url)
    for kind in ("enterprises", "capabilities", "demands", "expansions", "plants"):
        registry.import_file(engine, kind, folder / f"{kind}.csv")
    engine.dispose()
    code, out, err = cli(capsys, "--db", db_url, "plan", "solve", "--years", "2024-2028",
                         "--out", str(tmp_path / "o"))  # fmt: skip
    assert code == 0, err
    assert "status optimal" in out and "localization" in out
    report = (tmp_path / "o" / "report.html").read_text("utf-8")
    assert "No input row is marked synthetic." in report  # the test's own data


def test_budget_infeasible_exit_1_with_explanation(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    demands = DEMANDS.replace("kamaz-casting,kamaz,732510,300,2024,DE,",
                              "kamaz-casting,kamaz,732510,300,2024,DE,2026")  # fmt: skip
    folder = plan_dir(tmp_path, demands=demands)
    code, out, _ = cli(capsys, "plan", "solve", "--dir", str(folder), "--budget", "1000",
                       "--strict", "--out", str(tmp_path / "o"))  # fmt: skip
    assert code == 1
    assert "infeasible" in out and "Budget-year" in out and "kamaz-casting" in out
    assert (tmp_path / "o" / "infeasibility.csv").exists()
    # without --strict the same plan leaves the castings unmet from 2026, and says so
    code, out, _ = cli(capsys, "plan", "solve", "--dir", str(folder), "--budget", "1000",
                       "--out", str(tmp_path / "o2"), "--format", "json")  # fmt: skip
    assert code == 0
    roadmap = pd.read_csv(tmp_path / "o2" / "roadmap.csv").set_index("demand")
    assert roadmap.loc["kamaz-casting", "stage_name"] == "unmet"
    assert roadmap.loc["kamaz-casting", "unmet_2026"] == 300


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        ({"capabilities": CAPABILITIES + "maz,870840,-5,0,10,0\n"}, ["row 5", "capacity"]),
        ({"demands": DEMANDS + "x,maz,870840,10,2024,DE,\n".replace("maz,8", "zz,8")},
         ["row 5", "buyer_enterprise", "zz"]),
        ({"plants": PLANTS + "p3,RU-XXX,870840,10,10,1,10\n"}, ["row 4", "RU-XXX"]),
    ],
)  # fmt: skip
def test_bad_input_named_before_solving(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, override: dict[str, str],
    expected: list[str],
) -> None:  # fmt: skip
    code, _, err = cli(capsys, "plan", "solve", "--dir", str(plan_dir(tmp_path, **override)),
                       "--out", str(tmp_path / "o"))  # fmt: skip
    assert code == 1
    for text in expected:
        assert text in err, (text, err)
    assert not (tmp_path / "o").exists()


def test_check_parallel(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = str(plan_dir(tmp_path))
    code, out, _ = cli(capsys, "plan", "check-parallel", "--hs", "870840", "--region", "BY-MI",
                       "--capacity", "1000", "--dir", folder, "--format", "json")  # fmt: skip
    assert code == 0
    check = json.loads(out)
    # demand 400; spare 300, of which 700 * 2 / 12 = 116.7 is owed to the backlog: 183.3 free,
    # nothing expandable: 216.7 remains, a 1000/yr plant runs at 22%
    assert check["demand"] == 400 and check["spare"] == pytest.approx(300 - 700 * 2 / 12)
    assert check["backlog_committed"] == pytest.approx(700 * 2 / 12)
    assert check["remaining"] == pytest.approx(400 - 300 + 700 * 2 / 12)
    assert check["verdict"] == "not parallel" and check["reach"] == 400
    code, out, _ = cli(capsys, "plan", "check-parallel", "--hs", "730890", "--region", "RU-VLG",
                       "--capacity", "500", "--dir", folder)  # fmt: skip
    assert code == 0
    # 2030: 56.7 free at Lipetsk and Severstal's 1000 expansion cover the 500 of maz-frames
    assert "verdict: parallel: in 2030 the Union State needs 500/yr of HS 730890" in out
    assert "Lipetsk Metal Works" in out
    # in 2024 there is no demand yet (maz-frames starts in 2025)
    code, out, _ = cli(capsys, "plan", "check-parallel", "--hs", "730890", "--region", "RU-VLG",
                       "--capacity", "500", "--year", "2024", "--dir", folder)  # fmt: skip
    assert "verdict: no demand within reach" in out
    code, _, err = cli(capsys, "plan", "check-parallel", "--hs", "730890", "--region", "RU-XX",
                       "--capacity", "5", "--dir", folder)  # fmt: skip
    assert code == 1 and "unknown region" in err


def test_a_product_nobody_makes_is_refused_only_with_strict(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = plan_dir(tmp_path, demands=DEMANDS + "nobody,maz,940360,10,2024,DE,2026\n")
    code, _, err = cli(capsys, "plan", "solve", "--dir", str(folder), "--strict",
                       "--out", str(tmp_path / "o"))  # fmt: skip
    assert code == 1 and "nobody" in err and "940360" in err and "forbidden from 2026" in err
    code, _, _ = cli(capsys, "plan", "solve", "--dir", str(folder), "--out", str(tmp_path / "o2"))
    assert code == 0
    roadmap = pd.read_csv(tmp_path / "o2" / "roadmap.csv").set_index("demand")
    assert roadmap.loc["nobody", "stage_name"] == "unmet"
    assert "nobody in the Union State can make HS 940360" in roadmap.loc["nobody", "note"]


def test_focus_options_plan_a_part(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = str(plan_dir(tmp_path))
    code, _, _ = cli(capsys, "plan", "solve", "--dir", folder, "--hs", "8708", "--hs", "7308",
                     "--out", str(tmp_path / "a"))  # fmt: skip
    assert code == 0
    road = pd.read_csv(tmp_path / "a" / "roadmap.csv")
    assert set(road["demand"]) == {"maz-gearbox", "maz-frames"}
    assert set(road["buyer"]) == {"Minsk Automobile Plant"}
    code, _, _ = cli(capsys, "plan", "solve", "--dir", folder, "--buyer-region", "RU-TA",
                     "--out", str(tmp_path / "b"))  # fmt: skip
    assert code == 0
    assert set(pd.read_csv(tmp_path / "b" / "roadmap.csv")["demand"]) == {"kamaz-casting"}
    code, _, err = cli(capsys, "plan", "solve", "--dir", folder, "--hs", "99",
                       "--out", str(tmp_path / "c"))  # fmt: skip
    assert code == 1 and "no demand matches --hs 99" in err
