"""Rule cases that need more than the CSV tables: reference data (Ofsted's providers) or the
columns only an XML return has (the Header's UASC flag)."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from opencsc.returns import engine
from opencsc.returns.data import ReturnData
from tests.returns.rulecases import Case, case_year, schemas


@dataclass
class XCase(Case):
    # reference name → frame, as `opencsc returns validate --ofsted ...` attaches it
    reference: dict[str, pl.DataFrame] = field(default_factory=dict)
    # table → column → values (one per row): columns beyond the CSV ones, as the XML reader adds
    columns: dict[str, dict[str, list[str | None]]] = field(default_factory=dict)


def build(case: XCase, year: str) -> ReturnData:
    data = ReturnData.from_rows(case.kind, year, schemas(case.kind)[year], case.tables)
    for table, cols in case.columns.items():
        data.raw[table] = data.raw[table].with_columns(
            pl.Series(name, values, dtype=pl.Utf8) for name, values in cols.items()
        )
    data.reference.update(case.reference)
    return data


def run_xcase(case: XCase) -> None:
    year = case_year(case.kind, case)
    rules = [r for r in engine.ruleset(case.kind, year) if r.code == case.code]
    assert rules, f"rule {case.code} does not apply in {year}"
    report = engine.validate(build(case, year), rules=rules)
    assert not [o for o in report.outcomes if o.skipped], f"rule skipped: {report.outcomes}"
    want = {t: sorted(rows) for t, rows in case.fails.items() if rows}
    assert want, "a case must name at least one failing row"
    total = sum(len(rows) for rows in case.tables.values())
    assert total > sum(len(rows) for rows in want.values()), "a case needs a passing row"
    got = report.rows_for(case.code)
    assert got == want, f"{case.code}: expected failing rows {want}, got {got}"
