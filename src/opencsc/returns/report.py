"""Write a validation report: per-rule summary, and full findings as CSV, JSON or an Excel workbook.

The JSON is a stable contract for other tools:
`{"ruleset", "seconds", "findings": [{"rule", "severity", "table", "row", "child_id", "fields", "values"}]}`
with `row` 0-based in that table's input order. The workbook is for analysts: a summary sheet,
then one sheet per table showing each row that has findings, the failing cells highlighted and
the rule codes beside them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO

import polars as pl

from opencsc.returns.data import ROW
from opencsc.returns.engine import ValidationReport
from opencsc.returns.files import atomic_write

EXCEL_MAX_ROWS = 1_048_575


def summary(report: ValidationReport) -> pl.DataFrame:
    """One row per rule that found something: code, severity, count, tables, message."""
    rows = [
        {
            "rule": o.rule.code,
            "severity": o.rule.severity.value,
            "count": o.count,
            "tables": ", ".join(o.rule.tables),
            "message": o.rule.message,
        }
        for o in report.outcomes
        if o.count
    ]
    schema = {
        "rule": pl.Utf8,
        "severity": pl.Utf8,
        "count": pl.Int64,
        "tables": pl.Utf8,
        "message": pl.Utf8,
    }
    return pl.DataFrame(rows, schema=schema)


def skipped(report: ValidationReport) -> list[tuple[str, str]]:
    return [(o.rule.code, o.skipped) for o in report.outcomes if o.skipped]


def write_json(report: ValidationReport, fh: IO[str]) -> None:
    detailed = report.detailed()
    fh.write('{"ruleset": ' + json.dumps(report.ruleset))
    fh.write(', "seconds": ' + json.dumps(round(report.seconds, 3)))
    fh.write(', "findings": ')
    if detailed.height:
        fh.write(detailed.write_json())
    else:
        fh.write("[]")
    fh.write("}\n")


def write_csv(report: ValidationReport, fh: IO[str]) -> None:
    detailed = report.detailed().with_columns(
        pl.col("fields").list.join("|"), pl.col("values").list.join("|")
    )
    fh.write(detailed.write_csv())


def write_xlsx(report: ValidationReport, out: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill

    fill = PatternFill("solid", start_color="FFDD00", end_color="FFDD00")  # GOV.UK yellow
    bold = Font(bold=True)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Summary")
    ws.append(
        [
            f"Rule set {report.ruleset}",
            f"{report.error_count} errors",
            f"{report.query_count} queries",
        ]
    )
    ws.append([])
    header = [
        WriteOnlyCell(ws, value=v) for v in ("Rule", "Severity", "Count", "Tables", "Message")
    ]
    for c in header:
        c.font = bold
    ws.append(header)
    for row in summary(report).iter_rows():
        ws.append(list(row))

    detailed = report.detailed()
    rules = {o.rule.code: o.rule for o in report.outcomes}
    for (table,), group in detailed.group_by(["table"], maintain_order=True):
        tname = str(table)
        raw = report.data.raw[tname]
        columns = [c for c in raw.columns if c != ROW]
        by_row = (
            group.group_by("row")
            .agg(pl.col("rule"), pl.col("fields"))
            .sort("row")
            .head(EXCEL_MAX_ROWS)
        )
        rows = by_row.join(raw, left_on="row", right_on=ROW, how="left")
        sheet = wb.create_sheet(tname[:31])
        head = [WriteOnlyCell(sheet, value=v) for v in ("Row", "Rules", *columns)]
        for c in head:
            c.font = bold
        sheet.append(head)
        for rec in rows.iter_rows(named=True):
            failing = {f for fs in rec["fields"] for f in fs}
            codes = sorted(set(rec["rule"]))
            cells = [
                WriteOnlyCell(sheet, value=rec["row"]),
                WriteOnlyCell(
                    sheet, value=", ".join(f"{c} ({rules[c].severity.value})" for c in codes)
                ),
            ]
            for col in columns:
                cell = WriteOnlyCell(sheet, value=rec[col])
                if col in failing:
                    cell.fill = fill
                cells.append(cell)
            sheet.append(cells)
    with atomic_write(out, "wb") as fh:
        wb.save(fh)


def write_report(report: ValidationReport, fmt: str, out: Path | None, stdout: IO[str]) -> None:
    if fmt == "xlsx":
        if out is None:
            raise ValueError("--format xlsx needs --out FILE")
        write_xlsx(report, out)
        return
    writer = write_json if fmt == "json" else write_csv
    if out is None:
        writer(report, stdout)
        return
    with atomic_write(out) as fh:
        writer(report, fh)
