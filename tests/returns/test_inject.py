from __future__ import annotations

import polars as pl
import pytest

from opencsc.returns import derive
from opencsc.returns.inject import inject_errors


def test_injection_changes_cells_and_rows_deterministically(record: dict) -> None:
    clean = derive.ssda903(record, "2025-26")
    a = inject_errors(clean, 0.2, seed=3)
    b = inject_errors(clean, 0.2, seed=3)
    assert all(a.raw[t].equals(b.raw[t]) for t in a.raw)
    eps_clean, eps_bad = clean.raw["Episodes"], a.raw["Episodes"]
    assert eps_bad.height != eps_clean.height or not eps_bad.equals(eps_clean)
    # impossible dates, unknown codes and blanks all appear
    assert (a.raw["Episodes"]["DECOM"] == "31/02/2025").any()
    assert (a.raw["Episodes"]["PLACE"] == "ZZ9").any()
    assert a.raw["Episodes"]["LS"].null_count() > 0
    # row numbers are renumbered in the new input order
    assert a.raw["Episodes"]["_row"].to_list() == list(range(eps_bad.height))


def test_rate_zero_changes_nothing(record: dict) -> None:
    clean = derive.cin_census(record, "2025-26", la_code="999")
    same = inject_errors(clean, 0.0)
    assert all(same.raw[t].equals(clean.raw[t]) for t in clean.raw)


def test_child_ids_are_never_corrupted(record: dict) -> None:
    clean = derive.cin_census(record, "2025-26", la_code="999")
    bad = inject_errors(clean, 0.5, seed=1)
    assert set(bad.raw["CINdetails"]["LAchildID"].to_list()) <= set(
        clean.raw["CINdetails"]["LAchildID"].to_list()
    )
    assert bad.raw["CINdetails"].filter(pl.col("LAchildID").is_null()).height == 0


def test_rate_must_be_a_share() -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        inject_errors(None, 2)  # type: ignore[arg-type]
