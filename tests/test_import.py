"""Imports are validated whole and stored all or nothing, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from coopatlas import registry
from coopatlas.errors import ImportRejected, UserError
from tests.conftest import write

HEADER = "id,name_en,name_ru,region,city,sector,aliases_en,aliases_ru\n"
MAZ = "maz,Minsk Automobile Plant,Минский автомобильный завод,BY-HM,Minsk,automotive,MAZ,МАЗ\n"
KAMAZ = "kamaz,KAMAZ,КАМАЗ,RU-TA,Naberezhnye Chelny,automotive,,\n"


def count(engine: sa.Engine, table: str) -> int:
    with engine.connect() as c:
        return int(c.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one())


def rejected(engine: sa.Engine, kind: str, path: Path, upsert: bool = False) -> ImportRejected:
    with pytest.raises(ImportRejected) as info:
        registry.import_file(engine, kind, path, upsert=upsert)
    return info.value


pytestmark = pytest.mark.store


def test_good_file_is_stored_with_aliases(engine: sa.Engine, tmp_path: Path) -> None:
    result = registry.import_file(
        engine, "enterprises", write(tmp_path / "e.csv", HEADER + MAZ + KAMAZ)
    )
    assert (result.rows, result.inserted, result.updated) == (2, 2, 0)
    frame = registry.export_frame(engine, "enterprises")
    assert list(frame["id"]) == ["kamaz", "maz"]
    assert frame.set_index("id").loc["maz", "aliases_ru"] == "МАЗ"
    assert count(engine, "enterprise_aliases") == 2


def test_unknown_region_on_row_3_stores_nothing(engine: sa.Engine, tmp_path: Path) -> None:
    bad = "lmz,Lipetsk Metal Works,,RU-LIPP,Lipetsk,metallurgy,,\n"
    error = rejected(engine, "enterprises", write(tmp_path / "e.csv", HEADER + MAZ + bad))
    assert [(p.row, p.column) for p in error.problems] == [(3, "region")]
    assert "RU-LIPP" in error.problems[0].message
    assert "did you mean RU-LIP" in error.problems[0].message
    assert count(engine, "enterprises") == 0
    assert count(engine, "enterprise_aliases") == 0


def test_region_name_instead_of_code_suggests_the_code(engine: sa.Engine, tmp_path: Path) -> None:
    bad = "lmz,Lipetsk Metal Works,,Lipetsk Oblast,Lipetsk,metallurgy,,\n"
    error = rejected(engine, "enterprises", write(tmp_path / "e.csv", HEADER + bad))
    assert "did you mean RU-LIP" in error.render()


def test_missing_required_column(engine: sa.Engine, tmp_path: Path) -> None:
    error = rejected(engine, "enterprises", write(tmp_path / "e.csv", "id,name_en\nmaz,MAZ\n"))
    assert [(p.row, p.column, p.message) for p in error.problems] == [
        (1, "region", "required column is missing")
    ]


def test_unknown_column_is_named_with_a_suggestion(engine: sa.Engine, tmp_path: Path) -> None:
    error = rejected(
        engine, "enterprises", write(tmp_path / "e.csv", "id,name_en,regoin\nmaz,MAZ,BY-HM\n")
    )
    messages = error.render()
    assert "column 'regoin': unknown column (did you mean 'region'?)" in messages


def test_wrong_type_and_negative_value(engine: sa.Engine, tmp_path: Path) -> None:
    registry.import_file(engine, "enterprises", write(tmp_path / "e.csv", HEADER + MAZ))
    caps = write(
        tmp_path / "c.csv",
        "enterprise,hs,capacity,output,backlog_months\n"
        "maz,870410,1200,1000,3\n"
        "maz,870421,lots,,1\n"
        "maz,870899,-5,,2\n"
        "maz,870829,100,150,0\n",
    )
    error = rejected(engine, "capabilities", caps)
    found = [(p.row, p.column) for p in error.problems]
    assert found == [(3, "capacity"), (4, "capacity"), (5, "output")]
    assert "'lots' is not a number" in error.problems[0].message
    assert "is negative" in error.problems[1].message
    assert "exceeds the capacity" in error.problems[2].message
    assert count(engine, "capabilities") == 0


def test_unknown_hs_code_and_enterprise(engine: sa.Engine, tmp_path: Path) -> None:
    registry.import_file(engine, "enterprises", write(tmp_path / "e.csv", HEADER + MAZ))
    caps = write(tmp_path / "c.csv", "enterprise,hs,capacity\nmza,870410,10\nmaz,879999,10\n")
    error = rejected(engine, "capabilities", caps)
    assert [(p.row, p.column) for p in error.problems] == [(2, "enterprise"), (3, "hs")]
    assert "did you mean maz?" in error.problems[0].message


def test_duplicate_in_file_and_against_database(engine: sa.Engine, tmp_path: Path) -> None:
    error = rejected(engine, "enterprises", write(tmp_path / "e.csv", HEADER + MAZ + KAMAZ + MAZ))
    assert [(p.row, p.column) for p in error.problems] == [(4, "id")]
    assert "duplicate of row 2" in error.problems[0].message

    registry.import_file(engine, "enterprises", write(tmp_path / "e1.csv", HEADER + MAZ))
    error = rejected(engine, "enterprises", write(tmp_path / "e2.csv", HEADER + KAMAZ + MAZ))
    assert [(p.row, p.column) for p in error.problems] == [(3, "id")]
    assert "--upsert" in error.problems[0].message
    assert count(engine, "enterprises") == 1


def test_upsert_replaces_row_and_its_aliases(engine: sa.Engine, tmp_path: Path) -> None:
    registry.import_file(engine, "enterprises", write(tmp_path / "e1.csv", HEADER + MAZ))
    renamed = MAZ.replace("Minsk Automobile Plant", "MAZ OJSC").replace(",MAZ,", ",MAZ|BELAVTOMAZ,")
    result = registry.import_file(
        engine, "enterprises", write(tmp_path / "e2.csv", HEADER + renamed + KAMAZ), upsert=True
    )
    assert (result.inserted, result.updated) == (1, 1)
    frame = registry.export_frame(engine, "enterprises").set_index("id")
    assert frame.loc["maz", "name_en"] == "MAZ OJSC"
    assert frame.loc["maz", "aliases_en"] == "BELAVTOMAZ|MAZ"
    assert frame.loc["maz", "aliases_ru"] == "МАЗ"


def test_upsert_of_capabilities_keeps_one_row_per_enterprise_and_product(
    engine: sa.Engine, tmp_path: Path
) -> None:
    registry.import_file(engine, "enterprises", write(tmp_path / "e.csv", HEADER + MAZ))
    first = write(tmp_path / "c1.csv", "enterprise,hs,capacity\nmaz,870410,10\n")
    second = write(tmp_path / "c2.csv", "enterprise,hs,capacity\nmaz,870410,25\nmaz,8704,5\n")
    registry.import_file(engine, "capabilities", first)
    registry.import_file(engine, "capabilities", second, upsert=True)
    frame = registry.export_frame(engine, "capabilities")
    assert frame[["hs", "capacity"]].values.tolist() == [["8704", 5.0], ["870410", 25.0]]


def test_empty_file_and_header_only(engine: sa.Engine, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="file is empty"):
        registry.import_file(engine, "enterprises", write(tmp_path / "empty.csv", ""))
    error = rejected(engine, "enterprises", write(tmp_path / "header.csv", HEADER))
    assert "header but no data rows" in error.render()


def test_russian_excel_csv(engine: sa.Engine, tmp_path: Path) -> None:
    """cp1251, semicolons and a decimal comma, as Russian Excel saves CSV."""
    registry.import_file(engine, "enterprises", write(tmp_path / "e.csv", HEADER + MAZ))
    text = (
        "enterprise;hs;capacity;output;unit_cost;currency;backlog_months\r\n"
        "maz;8704.10;1 200,5;1000;45 000,75;usd;2,5\r\n"
    )
    registry.import_file(engine, "capabilities", write(tmp_path / "c.csv", text, "cp1251"))
    row = registry.export_frame(engine, "capabilities").iloc[0]
    assert (row["hs"], row["capacity"], row["unit_cost"], row["backlog_months"]) == (
        "870410",
        1200.5,
        45000.75,
        2.5,
    )
    assert row["currency"] == "USD"


def test_russian_names_in_cp1251_and_utf8_bom(engine: sa.Engine, tmp_path: Path) -> None:
    text = "id;name_en;name_ru;region\nmaz;MAZ;Минский автомобильный завод;BY-HM\n"
    registry.import_file(engine, "enterprises", write(tmp_path / "a.csv", text, "cp1251"))
    bom = "\ufeff" + text.replace("maz;", "mtz;").replace(
        "Минский автомобильный", "Минский тракторный"
    )
    registry.import_file(engine, "enterprises", write(tmp_path / "b.csv", bom))
    names = registry.export_frame(engine, "enterprises").set_index("id")["name_ru"]
    assert names["maz"] == "Минский автомобильный завод"
    assert names["mtz"] == "Минский тракторный завод"


def test_ragged_csv_row_is_named(engine: sa.Engine, tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"row 3: has 3 fields, the header has 4"):
        registry.import_file(
            engine,
            "enterprises",
            write(tmp_path / "e.csv", "id,name_en,region,city\nmaz,MAZ,BY-HM,Minsk\nx,y,z\n"),
        )


def test_trade_period_and_value_rules(engine: sa.Engine, tmp_path: Path) -> None:
    text = (
        "reporter,partner,period_start,period_end,flow,value_usd,value,currency,source\n"
        "BY,RU-LIP,2022-01-01,2022-12-31,turnover,334000000,,,doc-a\n"
        "BY,RU-LIP,2023-03-31,2023-01-01,turnover,68000000,,,doc-b\n"
        "BY,RU-LIP,2023-01-01,2023-03-31,export,,,,doc-c\n"
        "BY,RU-LIP,2023-01-01,2023-03-31,import,,5000,,doc-d\n"
        "BY,RU-LIP,2023-02-30,2023-03-31,import,5,,,doc-e\n"
    )
    error = rejected(engine, "trade", write(tmp_path / "t.csv", text))
    assert [(p.row, p.column) for p in error.problems] == [
        (3, "period_end"),
        (4, "value_usd"),
        (5, "currency"),
        (6, "period_start"),
    ]


def test_trade_in_rubles_keeps_currency(engine: sa.Engine, tmp_path: Path) -> None:
    text = (
        "reporter,partner,period_start,period_end,flow,value,currency,qualifier,source\n"
        "BY,RU-VOR,2023-01-01,2023-12-31,turnover,8500000000,RUB,approx,doc-a\n"
        "BY,RU-LIP,2023-01-01,2023-03-31,turnover,68000000,USD,exact,doc-b\n"
    )
    registry.import_file(engine, "trade", write(tmp_path / "t.csv", text))
    frame = registry.export_frame(engine, "trade").set_index("partner")
    assert pd.isna(frame.loc["RU-VOR", "value_usd"])
    assert frame.loc["RU-LIP", "value_usd"] == 68_000_000


def test_demand_takes_region_from_buyer(engine: sa.Engine, tmp_path: Path) -> None:
    registry.import_file(engine, "enterprises", write(tmp_path / "e.csv", HEADER + MAZ))
    text = (
        "id,buyer_enterprise,hs,quantity,first_year,foreign_source\nd1,maz,848210,40000,2025,DE\n"
    )
    registry.import_file(engine, "demands", write(tmp_path / "d.csv", text))
    row = registry.export_frame(engine, "demands").iloc[0]
    assert (row["buyer_region"], row["foreign_source"], row["priority"]) == ("BY-HM", "DE", 3)


def test_json_and_parquet_round_trip(engine: sa.Engine, tmp_path: Path) -> None:
    records = [
        {
            "id": "maz",
            "name_en": "MAZ",
            "region": "BY-HM",
            "aliases_en": ["Minsk Automobile Plant"],
        },
        {"id": "kamaz", "name_en": "KAMAZ", "region": "ru-ta"},
    ]
    path = tmp_path / "e.json"
    path.write_text(json.dumps(records), "utf-8")
    registry.import_file(engine, "enterprises", path)
    exported = registry.export_frame(engine, "enterprises")
    parquet = tmp_path / "e.parquet"
    exported.to_parquet(parquet, index=False)
    result = registry.import_file(engine, "enterprises", parquet, upsert=True)
    assert (result.rows, result.updated) == (2, 2)
    again = registry.export_frame(engine, "enterprises")
    pd.testing.assert_frame_equal(exported, again)
    assert again.set_index("id").loc["kamaz", "region"] == "RU-TA"


def test_json_errors_name_the_record(engine: sa.Engine, tmp_path: Path) -> None:
    path = tmp_path / "e.json"
    path.write_text(json.dumps([{"id": "maz", "name_en": "MAZ", "region": "BY-XX"}]), "utf-8")
    error = rejected(engine, "enterprises", path)
    assert [(p.row, p.column) for p in error.problems] == [(1, "region")]


def test_many_bad_rows_are_listed_up_to_fifty(engine: sa.Engine, tmp_path: Path) -> None:
    rows = "".join(f"e{i},Plant {i},,RU-XX{i % 10},,,,\n" for i in range(120))
    error = rejected(engine, "enterprises", write(tmp_path / "e.csv", HEADER + rows))
    assert error.total_bad_rows == 120
    assert len(error.problems) == 50
    assert "70 more" in error.render() or "120 bad row" in error.render()


def test_demand_region_must_agree_with_its_buyer(engine: sa.Engine, tmp_path: Path) -> None:
    registry.import_file(engine, "enterprises", write(tmp_path / "e.csv", HEADER + MAZ))
    text = "id,buyer_enterprise,buyer_region,hs,quantity,first_year\nd1,maz,RU-LIP,848210,10,2025\n"
    error = rejected(engine, "demands", write(tmp_path / "d.csv", text))
    assert [(p.row, p.column) for p in error.problems] == [(2, "buyer_region")]
    assert "BY-HM" in error.problems[0].message
