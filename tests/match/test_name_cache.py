"""The cached name index: loaded while the names are unchanged, rebuilt when they change."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from coopatlas import registry
from coopatlas.match import name_cache
from coopatlas.match.name_cache import cache_file, registry_index

KINDS = ("enterprise", "region")
HEADER = "id,name_en,name_ru,region,aliases_en,aliases_ru\n"


def _import(url: str, tmp_path: Path, rows: str, kind: str = "enterprises") -> None:
    file = tmp_path / f"{kind}.csv"
    file.write_text(rows, "utf-8")
    engine = registry.connect(url)
    registry.import_file(engine, kind, file, upsert=True)
    engine.dispose()


def _refuse_build(*_: object) -> None:
    raise AssertionError("the index was rebuilt")


def test_cache_is_used_until_names_change(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _import(sqlite_url, tmp_path, HEADER + "belkard,Belkard,,BY-HR,,\n")
    first = registry_index(sqlite_url, KINDS)
    assert first.search("Белкард", top=1)[0].id == "belkard"
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    assert cache_file(path, KINDS).exists()

    # unchanged: loaded, not built
    monkeypatch.setattr(name_cache, "_build", _refuse_build)
    assert registry_index(sqlite_url, KINDS).search("Belkard", top=1)[0].id == "belkard"

    # the file changes but not its names (a capability imported): still not rebuilt
    _import(
        sqlite_url, tmp_path, "enterprise,hs,capacity,output\nbelkard,870850,100,50\n",
        "capabilities",
    )  # fmt: skip
    assert registry_index(sqlite_url, KINDS).search("Belkard", top=1)[0].id == "belkard"

    # a new alias: rebuilt, and the alias is found
    monkeypatch.undo()
    _import(sqlite_url, tmp_path, HEADER + "belkard,Belkard,,BY-HR,Grodno Cardan Works,\n")
    hits = registry_index(sqlite_url, KINDS).search("Grodno Cardan Works", top=1)
    assert hits[0].id == "belkard" and hits[0].score > 0.9


def test_a_new_enterprise_rebuilds(sqlite_url: str, tmp_path: Path) -> None:
    _import(sqlite_url, tmp_path, HEADER + "belkard,Belkard,,BY-HR,,\n")
    before = registry_index(sqlite_url, KINDS).search("Гомсельмаш")
    assert "gomselmash" not in {h.id for h in before}
    _import(sqlite_url, tmp_path, HEADER + "gomselmash,Gomselmash,,BY-HM,,\n")
    assert registry_index(sqlite_url, KINDS).search("Гомсельмаш", top=1)[0].id == "gomselmash"


def test_a_broken_cache_file_is_rebuilt(sqlite_url: str, tmp_path: Path) -> None:
    _import(sqlite_url, tmp_path, HEADER + "belkard,Belkard,,BY-HR,,\n")
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    cache_file(path, KINDS).write_bytes(b"not a pickle")
    assert registry_index(sqlite_url, KINDS).search("Белкард", top=1)[0].id == "belkard"


def test_cached_find_imports_neither_pandas_nor_sqlalchemy(sqlite_url: str, tmp_path: Path) -> None:
    """What makes a cold `coopatlas find` fast: the loaded index needs numpy only."""
    _import(sqlite_url, tmp_path, HEADER + "belkard,Belkard,,BY-HR,,\n")
    registry_index(sqlite_url, KINDS)  # builds and stores
    code = (
        "import sys\n"
        "from coopatlas.match.name_cache import registry_index\n"
        f"hits = registry_index({sqlite_url!r}, {KINDS!r}).search('Белкард', top=1)\n"
        "assert hits[0].id == 'belkard', hits\n"
        "heavy = [m for m in ('pandas', 'sqlalchemy', 'alembic', 'scipy') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", out.stdout


def test_a_server_registry_keeps_its_index_in_the_user_cache(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On PostgreSQL (no file to keep it beside) the index is kept in the user's cache folder:
    loaded while the names are unchanged, rebuilt when they change. SQLite, the same rule."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    _import(db_url, tmp_path, HEADER + "belkard,Belkard,,BY-HR,,\n")
    assert registry_index(db_url, KINDS).search("Белкард", top=1)[0].id == "belkard"
    if db_url.startswith("postgresql"):
        assert name_cache.server_cache_file(db_url, KINDS).exists()
    with monkeypatch.context() as m:
        m.setattr(name_cache, "_build", _refuse_build)
        assert registry_index(db_url, KINDS).search("Belkard", top=1)[0].id == "belkard"
    _import(db_url, tmp_path, HEADER + "belkard,Belkard,,BY-HR,Grodno Cardan Works,\n")
    assert registry_index(db_url, KINDS).search("Grodno Cardan Works", top=1)[0].id == "belkard"
