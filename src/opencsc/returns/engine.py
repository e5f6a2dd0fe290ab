"""Validation rules as registered units, and the engine that runs a year's rule set.

A rule is a function of a `RuleContext` returning, for each table it judges, the failing rows:
a boolean Polars expression over that table's typed frame, or a frame/series of `_row` numbers.
Rules are registered with their DfE code, message, severity, tables and fields. A rule set for a
year is the year before with changes: registering the same code again with `since=` replaces it
from that year, and `until=` retires it after a year. The engine runs every rule whose tables are
present and gathers all findings into one `ValidationReport`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

import polars as pl

from opencsc.core import codes as code_lists
from opencsc.returns.data import REFERENCE, ROW, ReturnData, ReturnKind, raw_name
from opencsc.returns.schema import YEARS


class Severity(StrEnum):
    ERROR = "error"
    QUERY = "query"


Failing = pl.Expr | pl.DataFrame | pl.Series
Check = Callable[["RuleContext"], Mapping[str, Failing]]


@dataclass(frozen=True)
class Rule:
    kind: ReturnKind
    code: str
    message: str
    severity: Severity
    tables: tuple[str, ...]
    fields: tuple[str, ...]
    check: Check
    since: str = YEARS[0]
    until: str | None = None
    # Tables whose absence means the rule cannot be judged (defaults to `tables`).
    needs: tuple[str, ...] = ()

    def applies_to(self, year: str) -> bool:
        return self.since <= year and (self.until is None or year <= self.until)

    @property
    def required_tables(self) -> tuple[str, ...]:
        return self.needs or self.tables


_REGISTRY: dict[ReturnKind, dict[str, list[Rule]]] = {"cin": {}, "903": {}}


def rule(
    kind: ReturnKind,
    code: str,
    message: str,
    *,
    tables: Iterable[str],
    fields: Iterable[str],
    severity: Severity = Severity.ERROR,
    since: str = YEARS[0],
    until: str | None = None,
    needs: Iterable[str] = (),
) -> Callable[[Check], Check]:
    """Register a rule. Re-registering a code with a later `since` makes a new version."""

    def register(check: Check) -> Check:
        versions = _REGISTRY[kind].setdefault(code, [])
        if any(v.since == since for v in versions):
            raise ValueError(f"{kind} rule {code} is registered twice from {since}")
        versions.append(
            Rule(
                kind=kind,
                code=code,
                message=message,
                severity=severity,
                tables=tuple(tables),
                fields=tuple(fields),
                check=check,
                since=since,
                until=until,
                needs=tuple(needs),
            )
        )
        versions.sort(key=lambda r: r.since)
        return check

    return register


def _load_rules(kind: ReturnKind) -> None:
    # Importing the rule packages registers their rules.
    if kind == "cin":
        import opencsc.returns.cin.rules
    else:
        import opencsc.returns.ssda903.rules  # noqa: F401


def ruleset(kind: ReturnKind, year: str) -> list[Rule]:
    """Every rule that applies in `year`, the latest version of each, in code order."""
    _load_rules(kind)
    chosen: list[Rule] = []
    for versions in _REGISTRY[kind].values():
        current = [v for v in versions if v.since <= year]
        if current and current[-1].applies_to(year):
            chosen.append(current[-1])
    return sorted(chosen, key=lambda r: _code_key(r.code))


def all_codes(kind: ReturnKind) -> set[str]:
    _load_rules(kind)
    return set(_REGISTRY[kind])


def _code_key(code: str) -> tuple[int, str]:
    digits = "".join(ch for ch in code if ch.isdigit())
    return (int(digits) if digits else 0, code)


def ruleset_name(kind: ReturnKind, year: str) -> str:
    return f"{'cin' if kind == 'cin' else 'ssda903'}-{year}"


class RuleContext:
    """What a rule sees: typed tables, the collection year and its code lists."""

    def __init__(self, data: ReturnData) -> None:
        self.data = data
        self.year = data.year
        self.collection_start: date = data.collection_start
        self.collection_end: date = data.collection_end

    def has(self, *tables: str) -> bool:
        return all(self.data.has(t) for t in tables)

    def frame(self, table: str) -> pl.DataFrame:
        return self.data.typed(table)

    def reference(self, name: str) -> pl.DataFrame:
        return self.data.reference[name]

    def codes(self, name: str) -> list[str]:
        return list(code_lists.code_list(name, self.year))

    def column_codes(self, table: str, column: str) -> list[str]:
        return sorted(self.data.table_schema(table).column(column).code_set(self.year))


# Expression helpers that rules share.


def blank(col: str) -> pl.Expr:
    return pl.col(col).is_null()


def present(col: str) -> pl.Expr:
    return pl.col(col).is_not_null()


def bad_date(col: str) -> pl.Expr:
    """Text given but not a valid date."""
    return pl.col(raw_name(col)).is_not_null() & pl.col(col).is_null()


def not_in(col: str, codes: Iterable[str]) -> pl.Expr:
    """Given, and not one of `codes`."""
    return pl.col(col).is_not_null() & ~pl.col(col).is_in(list(codes))


FINDING_SCHEMA = {
    "rule": pl.Utf8,
    "severity": pl.Utf8,
    "table": pl.Utf8,
    "row": pl.UInt32,
}


@dataclass
class RuleOutcome:
    rule: Rule
    count: int = 0
    skipped: str | None = None  # why the rule could not run (missing tables)
    seconds: float = 0.0


@dataclass
class ValidationReport:
    ruleset: str
    data: ReturnData
    findings: pl.DataFrame  # rule, severity, table, row
    outcomes: list[RuleOutcome] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def error_count(self) -> int:
        return int((self.findings["severity"] == Severity.ERROR.value).sum())

    @property
    def query_count(self) -> int:
        return int((self.findings["severity"] == Severity.QUERY.value).sum())

    def rows_for(self, code: str) -> dict[str, list[int]]:
        """Failing rows of one rule, by table (sorted)."""
        sub = self.findings.filter(pl.col("rule") == code)
        return {
            t: sorted(sub.filter(pl.col("table") == t)["row"].to_list())
            for t in sorted(set(sub["table"].to_list()))
        }

    def detailed(self) -> pl.DataFrame:
        """Findings with child id, fields and the values as written, for reports."""
        rules = {o.rule.code: o.rule for o in self.outcomes}
        parts: list[pl.DataFrame] = []
        for (table,), group in self.findings.group_by(["table"], maintain_order=True):
            tname = str(table)
            raw = self.data.raw[tname]
            tschema = self.data.table_schema(tname)
            cid = tschema.child_id
            joined = group.join(raw, left_on="row", right_on=ROW, how="left")
            child = pl.col(cid) if cid and cid in raw.columns else pl.lit(None, dtype=pl.Utf8)
            # fields and values per rule: only the rule's fields that this table has
            for (code,), sub in joined.group_by(["rule"], maintain_order=True):
                fields = [f for f in rules[str(code)].fields if f in raw.columns]
                values = (
                    pl.concat_list([pl.col(f).fill_null("") for f in fields])
                    if fields
                    else pl.lit([], dtype=pl.List(pl.Utf8))
                )
                parts.append(
                    sub.select(
                        "rule",
                        "severity",
                        "table",
                        "row",
                        child.alias("child_id"),
                        pl.lit(fields, dtype=pl.List(pl.Utf8)).alias("fields"),
                        values.alias("values"),
                    )
                )
        if not parts:
            return pl.DataFrame(
                schema={
                    **FINDING_SCHEMA,
                    "child_id": pl.Utf8,
                    "fields": pl.List(pl.Utf8),
                    "values": pl.List(pl.Utf8),
                }
            )
        order = {o.rule.code: i for i, o in enumerate(self.outcomes)}
        out = pl.concat(parts)
        return (
            out.with_columns(pl.col("rule").replace_strict(order, default=len(order)).alias("_o"))
            .sort(["_o", "table", "row"])
            .drop("_o")
        )


def _why_skipped(missing: list[str]) -> str:
    tables = [m for m in missing if m not in REFERENCE]
    refs = [f"needs {m} ({REFERENCE[m]})" for m in missing if m in REFERENCE]
    return "; ".join(([f"no {', '.join(tables)} table"] if tables else []) + refs)


def _rows(frame: pl.DataFrame, failing: Failing) -> pl.Series:
    if isinstance(failing, pl.Expr):
        return frame.filter(failing)[ROW]
    if isinstance(failing, pl.DataFrame):
        return failing[ROW]
    return failing


def validate(
    data: ReturnData,
    *,
    rules: Iterable[Rule] | None = None,
    progress: Callable[[Rule], None] | None = None,
) -> ValidationReport:
    """Run a year's rule set (or the rules given) over `data`; never stops at the first failure."""
    started = time.perf_counter()
    chosen = list(rules) if rules is not None else ruleset(data.kind, data.year)
    ctx = RuleContext(data)
    parts: list[pl.DataFrame] = []
    outcomes: list[RuleOutcome] = []
    for r in chosen:
        t0 = time.perf_counter()
        outcome = RuleOutcome(rule=r)
        missing = [t for t in r.required_tables if not data.has(t)]
        if missing:
            outcome.skipped = _why_skipped(missing)
        else:
            for table, failing in r.check(ctx).items():
                rows = _rows(ctx.frame(table), failing).cast(pl.UInt32).unique().sort()
                if rows.len():
                    outcome.count += rows.len()
                    parts.append(
                        pl.DataFrame(
                            {
                                "rule": pl.Series([r.code] * rows.len(), dtype=pl.Utf8),
                                "severity": pl.Series(
                                    [r.severity.value] * rows.len(), dtype=pl.Utf8
                                ),
                                "table": pl.Series([table] * rows.len(), dtype=pl.Utf8),
                                "row": rows,
                            }
                        )
                    )
        outcome.seconds = time.perf_counter() - t0
        outcomes.append(outcome)
        if progress:
            progress(r)
    findings = pl.concat(parts) if parts else pl.DataFrame(schema=FINDING_SCHEMA)
    return ValidationReport(
        ruleset=ruleset_name(data.kind, data.year),
        data=data,
        findings=findings,
        outcomes=outcomes,
        seconds=time.perf_counter() - started,
    )
