"""The record, read back through the Django adapter, gives the same returns as the tables it was
loaded from: nothing is lost or reshaped between the case record and the DfE return."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from opencsc.adapters.returns_source import build_return, derive_return
from opencsc.adapters.synth_sink import write_tables
from opencsc.cli import main
from opencsc.returns import derive
from opencsc.synth import simulate

pytestmark = pytest.mark.django_db(transaction=True)
END = date(2026, 6, 30)


@pytest.fixture
def tables() -> dict:
    t = simulate(3000, 3, 5, end_date=END)
    write_tables(t, population=3000, years=3, seed=5, end_date=END, la_code="999", la_name="Test")
    return t


@pytest.mark.parametrize("kind", ["cin", "903"])
def test_the_record_gives_the_same_return_as_its_source_tables(tables: dict, kind: str) -> None:
    from_db = derive_return(kind, "2025-26")
    direct = (
        derive.cin_census(tables, "2025-26", la_code="999")
        if kind == "cin"
        else derive.ssda903(tables, "2025-26")
    )
    assert set(from_db.raw) == set(direct.raw)
    for name in direct.raw:
        assert from_db.raw[name].equals(direct.raw[name]), name
    assert from_db.row_count() > 50


def test_build_writes_the_files(tables: dict, tmp_path: Path) -> None:
    data, written = build_return("903", "2025-26", tmp_path / "903")
    assert {p.name for p in written} >= {"header.csv", "episodes.csv"}
    assert all(p.exists() for p in written)
    assert data.raw["Header"].height > 0


def test_returns_build_command(
    tables: dict, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "cin.xml"
    code = main(["returns", "build", "cin", "--year", "2025-26", "--out", str(out)])
    text = capsys.readouterr().out
    assert f"wrote {out}" in text and "cin-2025-26" in text
    assert code in (0, 1) and out.exists()
