"""The schema itself enforces the registry's rules, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from coopatlas import registry
from coopatlas.errors import UserError
from coopatlas.registry import models, store

pytestmark = pytest.mark.store

ENTERPRISE = {"id": "maz", "name_en": "MAZ", "region": "BY-HM", "synthetic": False}
CAPABILITY = {
    "enterprise": "maz",
    "hs": "870410",
    "capacity": 10.0,
    "unit": "pcs",
    "currency": "USD",
    "backlog_months": 0.0,
    "synthetic": False,
}


def insert(engine: sa.Engine, table: sa.Table, **values: object) -> None:
    with engine.begin() as c:
        c.execute(table.insert().values(**values))


def test_init_is_at_head_and_idempotent(engine: sa.Engine) -> None:
    assert registry.upgrade(engine) == store.head_revision()
    results = registry.init_db(engine)
    assert [(r.kind, r.inserted) for r in results] == [("regions", 0), ("products", 0)]


def test_foreign_keys_are_enforced(engine: sa.Engine) -> None:
    with pytest.raises(IntegrityError):
        insert(engine, models.Enterprise.__table__, **{**ENTERPRISE, "region": "RU-XXX"})


@pytest.mark.parametrize(
    ("column", "value"),
    [("capacity", -1.0), ("output", 20.0), ("backlog_months", -0.5), ("unit_cost", -3.0)],
)
def test_capability_quantities_are_checked(engine: sa.Engine, column: str, value: float) -> None:
    insert(engine, models.Enterprise.__table__, **ENTERPRISE)
    row = {**CAPABILITY, column: value}
    with pytest.raises(IntegrityError):
        insert(engine, models.Capability.__table__, **row)


def test_unique_capability_per_enterprise_and_product(engine: sa.Engine) -> None:
    insert(engine, models.Enterprise.__table__, **ENTERPRISE)
    row = CAPABILITY
    insert(engine, models.Capability.__table__, **row)
    with pytest.raises(IntegrityError):
        insert(engine, models.Capability.__table__, **row)


def test_trade_period_must_be_ordered(engine: sa.Engine) -> None:
    import datetime as dt

    row = {
        "reporter": "BY",
        "partner": "RU-LIP",
        "flow": "turnover",
        "hs": "TOTAL",
        "value_usd": 1.0,
        "qualifier": "exact",
        "source": "x",
        "synthetic": False,
        "period_start": dt.date(2023, 3, 31),
        "period_end": dt.date(2023, 1, 1),
    }
    with pytest.raises(IntegrityError):
        insert(engine, models.TradeFlow.__table__, **row)


def test_region_codes_are_unique(engine: sa.Engine) -> None:
    with pytest.raises(IntegrityError):
        insert(
            engine,
            models.Region.__table__,
            code="RU-LIP",
            country="RU",
            kind="oblast",
            name_en="Lipetsk Oblast",
            name_ru="Липецкая область",
        )


def test_uninitialised_database_gives_a_clear_error(tmp_path: Path) -> None:
    engine = registry.connect(f"sqlite:///{tmp_path}/empty.db")
    with pytest.raises(UserError, match="coopatlas db init"):
        registry.export_frame(engine, "enterprises")


def test_upgrade_keeps_data_from_an_older_schema(db_url: str) -> None:
    from alembic import command

    engine = registry.connect(db_url)
    with engine.begin() as c:
        command.downgrade(store.alembic_config(c), "0001")
    assert "plant_options" not in sa.inspect(engine).get_table_names()
    insert(engine, models.Enterprise.__table__, **ENTERPRISE)
    assert registry.upgrade(engine) == store.head_revision()
    assert "plant_options" in sa.inspect(engine).get_table_names()
    assert registry.export_frame(engine, "enterprises")["id"].tolist() == ["maz"]
    engine.dispose()
