"""Rule cases: each validation rule is tested by a small return in which some rows fail and
some pass, with the failing rows named exactly. `tests/returns/test_rule_coverage.py` fails if any
rule version in any year's rule set has no case."""

from __future__ import annotations

from dataclasses import dataclass, field

from opencsc.returns import engine
from opencsc.returns.data import ReturnData, ReturnKind
from opencsc.returns.schema import YEARS

Rows = list[dict[str, str | None]]


@dataclass
class Case:
    code: str
    tables: dict[str, Rows]
    # Expected failing rows (0-based, per table). Every row not named here must pass.
    fails: dict[str, list[int]]
    year: str | None = None  # default: the latest year in which the rule applies
    note: str = ""
    kind: ReturnKind = field(default="903")

    @property
    def id(self) -> str:
        return f"{self.code}-{self.note}" if self.note else self.code


def schemas(kind: ReturnKind) -> dict[str, dict]:
    if kind == "cin":
        from opencsc.returns.cin.schema import SCHEMAS
    else:
        from opencsc.returns.ssda903.schema import SCHEMAS
    return SCHEMAS


def case_year(kind: ReturnKind, case: Case) -> str:
    if case.year:
        return case.year
    for year in reversed(YEARS):
        if any(r.code == case.code for r in engine.ruleset(kind, year)):
            return year
    raise AssertionError(f"{kind} rule {case.code} is in no year's rule set")


def run_case(kind: ReturnKind, case: Case) -> None:
    year = case_year(kind, case)
    rules = [r for r in engine.ruleset(kind, year) if r.code == case.code]
    assert rules, f"{kind} rule {case.code} does not apply in {year}"
    data = ReturnData.from_rows(kind, year, schemas(kind)[year], case.tables)
    report = engine.validate(data, rules=rules)
    assert not [o for o in report.outcomes if o.skipped], f"rule skipped: {report.outcomes}"
    got = report.rows_for(case.code)
    want = {t: sorted(rows) for t, rows in case.fails.items() if rows}
    assert want, "a case must name at least one failing row"
    total = sum(len(rows) for rows in case.tables.values())
    failing = sum(len(rows) for rows in want.values())
    assert total > failing, "a case must include at least one passing row"
    assert got == want, f"{case.code}: expected failing rows {want}, got {got}"
