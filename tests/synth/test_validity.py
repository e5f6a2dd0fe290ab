"""The invariant checks must catch what they claim to catch."""

from datetime import date

import polars as pl
import pytest

from opencsc.synth import simulate
from opencsc.synth.validity import validate_tables


@pytest.fixture(scope="module")
def tables() -> dict[str, pl.DataFrame]:
    return simulate(6000, 3, 5, end_date=date(2026, 3, 31))


def _broken(
    tables: dict[str, pl.DataFrame], table: str, expr: pl.Expr, **values: object
) -> list[str]:
    changed = dict(tables)
    first = (
        tables[table]
        .head(1)
        .with_columns(**{k: pl.lit(v, dtype=tables[table].schema[k]) for k, v in values.items()})
    )
    changed[table] = pl.concat([first, tables[table].slice(1)])
    return validate_tables(changed)


def test_clean_tables_pass(tables: dict[str, pl.DataFrame]) -> None:
    assert validate_tables(tables) == []


@pytest.mark.parametrize(
    ("table", "values", "message"),
    [
        ("referrals", {"source": "99"}, "referral_source"),
        ("persons", {"nhs_number": "9434765918"}, "NHS"),
        ("persons", {"upn": "A201123424007"}, "UPN"),
        ("cla_episodes", {"legal_status": "Q1"}, "legal_status"),
        (
            "cla_episodes",
            {"placement_type": "T1", "placement_provider": "PR1"},
            "placement provider",
        ),
        ("cp_plans", {"end_date": date(1999, 1, 1)}, "cp_plans.start_date"),
        ("assessments", {"factors": ["21", "3A"]}, "21 stands alone"),
    ],
)
def test_each_kind_of_invalid_record_is_reported(
    tables: dict[str, pl.DataFrame], table: str, values: dict[str, object], message: str
) -> None:
    problems = _broken(tables, table, pl.lit(True), **values)
    assert any(message in p for p in problems), problems
