"""`intake sentences` takes every document id that `intake add` prints, as a new user copies it.

Why end to end: the ids come from the CLI's own lines ("stored as X", "already stored as X",
"near-duplicate of Y", the sources of a conflict), so a change of wording or of id scheme in
either command shows here. The database is the demo's (the default dataset loaded), so the
seed that is a dataset document prints the dataset's id, not a new one.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from coopatlas.cli import run
from coopatlas.registry.dataset import load_default_dataset
from tests.conftest import write
from tests.intake.helpers import ARTICLES, SEEDS, need_seeds

pytestmark = pytest.mark.store

IDS = re.compile(r"(?:stored as|near-duplicate of) ([^\s:;,]+)")
SOURCES = re.compile(r"\((https?://[^)\s]+|doc:[^)\s]+)\)")


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _sentences(capsys: pytest.CaptureFixture[str], db: str, source: str) -> list[str]:
    code, out, err = _cli(capsys, "--db", db, "intake", "sentences", source)
    assert code == 0, (source, err)
    lines = [line for line in out.splitlines() if line.startswith("[")]
    assert lines, source
    return lines


def test_every_id_intake_add_prints_gives_the_sentences(
    engine: sa.Engine, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    need_seeds()
    load_default_dataset(engine)
    db = engine.url.render_as_string(hide_password=False)
    folder = tmp_path / "articles"
    folder.mkdir()
    for path in sorted(SEEDS.glob("*.txt")) + sorted(ARTICLES.glob("*.txt"))[:3]:
        write(folder / path.name, path.read_text(encoding="utf-8"))
    # a machine-reworded copy of a seed: printed as a near-duplicate of the original
    seed = sorted(SEEDS.glob("003_*.txt"))[0].read_text(encoding="utf-8")
    write(folder / "zz_copy.txt", seed.replace("Lipetsk Oblast", "the Lipetsk region"))
    code, first, err = _cli(capsys, "--db", db, "intake", "add", str(folder))
    assert code == 0, err
    code, again, _ = _cli(capsys, "--db", db, "intake", "add", str(folder))
    assert code == 0 and "already stored as" in again
    printed = set(IDS.findall(first + again)) | set(SOURCES.findall(err))
    assert "seed-2023-06-01-lipetsk" in printed  # the dataset's document, filled in
    assert any(i.startswith("doc-") for i in printed) and "near-duplicate of" in first
    for document in sorted(printed):
        lines = _sentences(capsys, db, document)
        if not document.startswith(("http", "doc:")):
            assert _sentences(capsys, db, f"doc:{document}") == lines
    code, _, err = _cli(capsys, "--db", db, "intake", "sentences", "doc:no-such-document")
    assert code == 1 and err.startswith("error: ")
