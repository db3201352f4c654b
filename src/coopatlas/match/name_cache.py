"""The registry's :class:`~coopatlas.match.names.NameIndex`, built once and kept in the cache.

A cold ``coopatlas find`` used to spend over a second importing pandas, SQLAlchemy and
Alembic and building the index before it matched anything. For a SQLite registry the built
index is pickled beside the database (``coopatlas.db.names-enterprise-region.pickle``), so
it goes when the database goes, with two keys:

- a *stamp*: the database file's and its WAL file's size and modification time, and a
  digest of the code and data the index is built from. If it matches, the index is loaded
  with the standard library's ``sqlite3`` unused and nothing heavier than numpy imported.
- a *content digest*: a hash of the rows the index is made of (enterprises, their aliases,
  regions, their aliases and centres, HS products), read with ``sqlite3``. A file that
  changed elsewhere (a demand imported, a plan stored) keeps its index; a changed name,
  alias or region rebuilds it.

A PostgreSQL registry has no file to stamp: its index is kept in the user's cache folder
(``$XDG_CACHE_HOME/coopatlas``, else ``~/.cache/coopatlas``), one file per database address
(without its password) and kinds, and the content digest is read through the server each
time: reading the names costs a fraction of building the index from them (at 100,000
enterprises, seconds against a minute).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sqlite3
from importlib import resources
from pathlib import Path

from coopatlas.match.names import NameIndex
from coopatlas.registry.url import resolve_url, sqlite_path

# the rows each kind of name is made of, in a fixed order (the content digest)
_CONTENT_SQL = {
    "enterprise": [
        "SELECT id, name_en, name_ru FROM enterprises ORDER BY id",
        "SELECT enterprise, alias FROM enterprise_aliases ORDER BY enterprise, alias",
    ],
    "region": [
        "SELECT code, name_en, name_ru, centre_en, centre_ru FROM regions ORDER BY code",
        "SELECT region, alias FROM region_aliases ORDER BY region, alias",
    ],
    "product": ["SELECT code, name_en, name_ru, level FROM products ORDER BY code"],
}


def code_digest() -> str:
    """The code and data an index is built from: a change to any of them rebuilds it."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for name in ("names.py", "translit.py", "registry_names.py"):
        digest.update((here / name).read_bytes())
    base = resources.files("coopatlas") / "data" / "match"
    for name in ("name_lexicon.csv", "legal_forms.txt", "compound_parts.csv"):
        digest.update((base / name).read_bytes())
    return digest.hexdigest()[:16]


def _stamp(path: Path) -> tuple[object, ...]:
    parts: list[object] = [code_digest()]
    for p in (path, Path(f"{path}-wal")):
        try:
            st = p.stat()
            parts += [st.st_size, st.st_mtime_ns]
        except OSError:
            parts += [None, None]
    return tuple(parts)


def content_digest(path: Path, kinds: tuple[str, ...]) -> str | None:
    """A hash of the rows the index of *kinds* is made of; None if the file cannot say."""
    digest = hashlib.sha256(code_digest().encode())
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            for kind in kinds:
                for sql in _CONTENT_SQL[kind]:
                    for row in conn.execute(sql):
                        digest.update(repr(row).encode())
    except sqlite3.Error:
        return None  # not a registry (yet): the normal path says why
    return digest.hexdigest()


def cache_file(path: Path, kinds: tuple[str, ...]) -> Path:
    return path.with_name(f"{path.name}.names-{'-'.join(kinds)}.pickle")


def server_cache_file(url: str, kinds: tuple[str, ...]) -> Path:
    """Where the index of a database server's registry is kept: the user's cache folder, a
    file per address (the password left out of the name) and kinds."""
    from sqlalchemy.engine import make_url

    address = make_url(url).render_as_string(hide_password=True)
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "coopatlas"
    key = hashlib.sha256(address.encode()).hexdigest()[:16]
    return folder / f"names-{key}-{'-'.join(kinds)}.pickle"


def server_content_digest(url: str, kinds: tuple[str, ...]) -> str | None:
    """:func:`content_digest` read through a database server; None if it cannot say."""
    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError

    from coopatlas.registry.store import connect

    digest = hashlib.sha256(code_digest().encode())
    try:
        engine = connect(url, create=False)
        try:
            with engine.connect() as c:
                for kind in kinds:
                    for sql in _CONTENT_SQL[kind]:
                        for row in c.execute(text(sql)):
                            digest.update(repr(tuple(row)).encode())
        finally:
            engine.dispose()
    except SQLAlchemyError:
        return None  # not a registry (yet): the normal path says why
    return digest.hexdigest()


def _load(file: Path) -> dict[str, object] | None:
    try:
        with file.open("rb") as handle:
            entry = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None  # missing, broken or from other code: rebuilt
    return entry if isinstance(entry, dict) and isinstance(entry.get("index"), NameIndex) else None


def _store(file: Path, entry: dict[str, object]) -> None:
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        tmp = file.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as handle:
            pickle.dump(entry, handle, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(file)
    except OSError:
        pass  # a read-only folder still gets answers, just without the cache


def _build(db: str | None, kinds: tuple[str, ...]) -> NameIndex:
    from coopatlas.match.registry_names import names_frame
    from coopatlas.registry.store import connect

    return NameIndex(names_frame(connect(db, create=False), kinds))


def registry_index(db: str | None, kinds: tuple[str, ...]) -> NameIndex:
    """The index of the registry's names of *kinds*, from the cache when it is current."""
    url = resolve_url(db)
    path = sqlite_path(url)
    if path is None and not url.startswith("sqlite"):
        return _server_index(url, kinds)  # PostgreSQL
    if path is None or str(path) in ("", ":memory:") or not path.is_file():
        return _build(db, kinds)  # in memory, or a file that is not there (the error)
    file = cache_file(path, kinds)
    entry = _load(file)
    stamp = _stamp(path)
    if entry is not None and entry.get("stamp") == stamp:
        return entry["index"]  # type: ignore[return-value]
    content = content_digest(path, kinds)
    if entry is not None and content is not None and entry.get("content") == content:
        _store(file, {**entry, "stamp": stamp})  # the file changed, its names did not
        return entry["index"]  # type: ignore[return-value]
    index = _build(db, kinds)
    if content is not None:
        _store(file, {"stamp": stamp, "content": content, "index": index})
    return index


def _server_index(url: str, kinds: tuple[str, ...]) -> NameIndex:
    file = server_cache_file(url, kinds)
    content = server_content_digest(url, kinds)
    entry = _load(file)
    if entry is not None and content is not None and entry.get("content") == content:
        return entry["index"]  # type: ignore[return-value]
    index = _build(url, kinds)
    if content is not None:
        _store(file, {"content": content, "index": index})
    return index


def warm(db: str) -> None:
    """Build and cache what a cold ``find`` and ``hs suggest`` load, so that the first query a
    user types after ``demo`` answers as fast as the second (the HS index alone takes ~10 s to
    build once per machine)."""
    from coopatlas.match.hs import hs_index

    for kinds in (("enterprise", "region"), ("enterprise",)):
        registry_index(db, kinds)
    hs_index()
