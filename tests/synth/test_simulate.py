from datetime import date

import polars as pl
import pytest

from opencsc.synth import simulate
from opencsc.synth.tables import SCHEMAS, check_tables
from opencsc.synth.validity import validate_tables

END = date(2026, 11, 22)


@pytest.fixture(scope="module")
def small() -> dict[str, pl.DataFrame]:
    return simulate(8000, 3, 11, end_date=END)


def test_output_matches_the_table_contract(small: dict[str, pl.DataFrame]) -> None:
    check_tables(small)
    assert set(small) == set(SCHEMAS)
    assert all(small[name].height > 0 for name in SCHEMAS), [
        n for n in SCHEMAS if small[n].height == 0
    ]


def test_same_seed_gives_identical_tables_and_another_seed_differs(
    small: dict[str, pl.DataFrame],
) -> None:
    again = simulate(8000, 3, 11, end_date=END)
    for name in SCHEMAS:
        assert small[name].equals(again[name]), name
    other = simulate(8000, 3, 12, end_date=END)
    assert not small["referrals"].equals(other["referrals"])


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_generated_record_is_valid(seed: int) -> None:
    tables = simulate(15000, 5, seed, end_date=END)
    assert validate_tables(tables) == []


def test_nothing_happens_after_the_end_date(small: dict[str, pl.DataFrame]) -> None:
    for name, schema in SCHEMAS.items():
        for col, dtype in schema.items():
            if dtype == pl.Date and col not in {"date_of_birth", "icpc_target_date"}:
                late = small[name].filter(pl.col(col) > END)
                assert late.height == 0, f"{name}.{col}"


def test_siblings_share_a_family_and_history(small: dict[str, pl.DataFrame]) -> None:
    rel = small["relationships"].filter(pl.col("relationship") == "sibling")
    assert rel.height > 0
    fam = small["persons"].select("person_id", "family_id")
    pairs = rel.join(fam, on="person_id").join(
        fam, left_on="other_person_id", right_on="person_id", suffix="_other"
    )
    assert (pairs["family_id"] == pairs["family_id_other"]).all()


def test_uasc_children_are_mostly_older_boys(small: dict[str, pl.DataFrame]) -> None:
    uasc = small["persons"].filter(pl.col("uasc"))
    assert uasc.height > 0
    assert uasc.filter(pl.col("sex") == "M").height / uasc.height > 0.8


def test_bad_parameters_are_refused() -> None:
    with pytest.raises(ValueError, match="population"):
        simulate(10, 3, 1, end_date=END)
    with pytest.raises(ValueError, match="years"):
        simulate(5000, 0, 1, end_date=END)
