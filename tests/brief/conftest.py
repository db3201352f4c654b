"""A registry with the default dataset (the demo's), once per test session and worker."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coopatlas import registry
from coopatlas.registry.dataset import load_default_dataset

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def dataset_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dataset") / "dataset.db"
    engine = registry.connect(f"sqlite:///{path}")
    registry.init_db(engine)
    load_default_dataset(engine)
    with engine.connect() as c:
        c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture
def dataset_url(dataset_template: Path, tmp_path: Path) -> str:
    """A private copy of the default dataset on SQLite (its statistics store stays empty)."""
    target = tmp_path / "coopatlas.db"
    shutil.copy(dataset_template, target)
    return f"sqlite:///{target}"


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Screenshots and PDF pages for people to look at (gitignored)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
