"""`coopatlas intake ...` end to end: output shape, exit codes, per-file errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coopatlas.cli import run
from tests.conftest import write
from tests.intake.helpers import ARTICLES, SEEDS, SEEDS_GOLD, need_seeds


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_extract_jsonl_in_input_order(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    files = [str(ARTICLES / "ru_02_kursk.txt"), str(ARTICLES / "en_01_smolensk.txt")]
    code, out, _ = cli(capsys, "--db", str(tmp_path / "none.db"), "intake", "extract", *files)
    assert code == 0
    docs = [json.loads(line) for line in out.splitlines()]
    assert [d["document"] for d in docs] == files
    assert docs[0]["language"] == "ru" and docs[1]["trade_figures"][0]["partner"] == "RU-SMO"
    assert not (tmp_path / "none.db").exists()


def test_extract_json_and_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "intake", "extract", str(ARTICLES / "en_02_kaluga.txt"),
                       "--format", "json")  # fmt: skip
    assert code == 0 and json.loads(out)[0]["regions"] == [
        {"code": "RU-KLU", "name": "Kaluga Oblast"}
    ]
    code, out, _ = cli(capsys, "intake", "extract", str(ARTICLES / "en_02_kaluga.txt"),
                       "--format", "table")  # fmt: skip
    assert code == 0 and "trade figures" in out and "RU-KLU" in out


def test_bad_files_exit_1_and_others_are_processed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = write(tmp_path / "cp.txt", "Товарооборот составил 68 млн долларов.", encoding="cp1251")
    binary = tmp_path / "x.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    good = ARTICLES / "en_01_smolensk.txt"
    code, out, err = cli(capsys, "intake", "extract", str(bad), str(good), str(binary))
    assert code == 1
    assert len(out.splitlines()) == 1 and "RU-SMO" in out
    assert f"{bad}: the file is encoded in cp1251" in err and f"{binary}: binary" in err


def test_add_conflicts_and_export(
    capsys: pytest.CaptureFixture[str], sqlite_url: str, tmp_path: Path
) -> None:
    n = len(list(ARTICLES.glob("*.txt")))
    code, out, _ = cli(capsys, "--db", sqlite_url, "intake", "add", str(ARTICLES))
    assert code == 0 and out.count("stored as") == n
    code, out, _ = cli(capsys, "--db", sqlite_url, "intake", "add", str(ARTICLES))
    assert code == 0 and out.count("nothing new") == n
    code, out, _ = cli(capsys, "--db", sqlite_url, "intake", "conflicts")
    assert code == 0 and "0 conflicting" in out
    code, out, _ = cli(capsys, "--db", sqlite_url, "export", "trade", "-")
    assert code == 0 and "RU-YAR" in out and "doc:doc-" in out
    source = next(line for line in out.splitlines() if "RU-SMO" in line).split(",")[-2]
    code, out, _ = cli(capsys, "--db", sqlite_url, "intake", "sentences", source)
    assert code == 0 and "$176.5 million" in out
    assert cli(capsys, "--db", sqlite_url, "intake", "sentences", "doc:nope")[0] == 1
    other = write(
        tmp_path / "other.txt",
        "20 June 2024\n\nIn 2023 Belarus' trade with Kursk Oblast totaled $260 million.\n",
    )
    code, _, err = cli(capsys, "--db", sqlite_url, "intake", "add", str(other))
    assert code == 0 and "conflict: RU-KRS turnover 2023-01-01..2023-12-31" in err
    code, out, _ = cli(capsys, "--db", sqlite_url, "intake", "conflicts")
    assert out.startswith("1 conflicting") and "260,000,000 USD" in out


def test_add_needs_an_initialised_database(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = cli(capsys, "--db", str(tmp_path / "x.db"), "intake", "add", str(ARTICLES))
    assert code == 1 and "db init" in err


def test_eval_prints_scores(capsys: pytest.CaptureFixture[str]) -> None:
    """Our own articles, read by the model trained on them and the whole corpus: the corpus
    outweighs a form or two of ours ("back to $400 million (as in 2019)" is read with the
    sentence's other period), so not every figure is read, but nearly all."""
    code, out, _ = cli(capsys, "intake", "eval", str(ARTICLES / "expected.json"), str(ARTICLES))
    assert code == 0
    row = next(line for line in out.splitlines() if "trade_figures" in line)
    precision, recall = (float(x) for x in row.split("│")[3:5])
    assert precision >= 0.95 and recall >= 0.95


def test_eval_on_seeds(capsys: pytest.CaptureFixture[str]) -> None:
    need_seeds()
    code, out, _ = cli(capsys, "intake", "eval", str(SEEDS_GOLD), str(SEEDS))
    row = next(line for line in out.splitlines() if "trade_figures" in line)
    assert code == 0 and row.count("1.00") == 3


def test_projects_and_trends_commands(
    capsys: pytest.CaptureFixture[str], sqlite_url: str, tmp_path: Path
) -> None:
    """`coopatlas demo`'s dataset, then the seeds: the Lipetsk tractor plant project with its
    status, and the trends with their sentences."""
    need_seeds()
    from coopatlas.registry import connect
    from coopatlas.registry.dataset import load_default_dataset

    load_default_dataset(connect(sqlite_url))
    code, out, _ = cli(capsys, "--db", sqlite_url, "intake", "add", str(SEEDS))
    assert code == 0 and "figures already held, merged" in out
    code, out, _ = cli(capsys, "--db", sqlite_url, "intake", "projects", "--region", "RU-LIP")
    assert code == 0
    block = out.split("lip-ltz-assembly:")[1].split("\n\n")[0]
    assert "[development]" in block.splitlines()[0] and "Lipetsk tractor plant" in block
    code, out, _ = cli(capsys, "--db", sqlite_url, "intake", "trends", "--partner", "RU-CHE")
    assert code == 0 and out.startswith("1 trend with RU-CHE\n") and "falling" in out
    code, _, err = cli(capsys, "--db", sqlite_url, "intake", "add", "--url", "x", str(SEEDS))
    assert code == 1 and "error: --url names the address of one article" in err
