"""A small registry with real enterprise names, each held in one language only."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine

from coopatlas import registry
from coopatlas.registry.dataset import load_default_dataset


@pytest.fixture(scope="session")
def demo_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """The default dataset in a fresh SQLite database (what `coopatlas demo` matches on)."""
    path: Path = tmp_path_factory.mktemp("matchdb") / "coopatlas.db"
    engine = registry.connect(f"sqlite:///{path}")
    registry.init_db(engine)
    load_default_dataset(engine)
    yield engine
    engine.dispose()


def one_language_registry() -> pd.DataFrame:
    """Names as a registry holding each enterprise in one language would have them."""
    return pd.DataFrame(
        [
            ("enterprise", "bztda", "Bobruisk Plant of Tractor Parts and Units", "", ""),
            ("enterprise", "belkard", "", "ОАО «Белкард»", ""),
            ("enterprise", "ozaa", "", "Осиповичский завод автомобильных агрегатов", ""),
            ("enterprise", "bate", "BATE", "", "Borisov Plant of Autotractor Electrical Equipment"),
            ("enterprise", "mzsh", "", "Минский завод шестерён", ""),
            ("enterprise", "mtz", "Minsk Tractor Works", "", "MTZ"),
            ("enterprise", "maz", "", "Минский автомобильный завод", "МАЗ"),
            ("enterprise", "gomselmash", "Gomselmash", "", ""),
            ("enterprise", "nlmk", "Novolipetsk Steel", "", "NLMK"),
        ],
        columns=["kind", "id", "name_en", "name_ru", "aliases"],
    )
