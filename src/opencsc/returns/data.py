"""A return in memory: each table as text exactly as read, and typed for rules.

Readers keep every cell as text (stripped, blank → null) with its 0-based row in that table's
input order (`_row`), so a finding can always show the value the analyst typed. Rules see typed
frames: dates as dates and counts as integers, with the text beside them in `<column>:raw`, so a
rule can tell "blank" from "not a date".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Literal

import polars as pl

from opencsc.returns.schema import Table, check_year, year_bounds

ReturnKind = Literal["cin", "903"]
ROW = "_row"
LAST = "_last"  # suffix of a previous year's SSDA903 table
DATE_FORMAT = {"903": "%d/%m/%Y", "cin": "%Y-%m-%d"}
# The shape a date must have before it is parsed: strptime alone takes "01/06/26" as year 26.
DATE_SHAPE = {"903": r"^\d{1,2}/\d{1,2}/\d{4}$", "cin": r"^\d{4}-\d{2}-\d{2}$"}


# Reference data by name, with the option that supplies it to `opencsc returns validate`.
REFERENCE = {"postcodes": "--postcodes", "providers": "--ofsted"}


def raw_name(column: str) -> str:
    return f"{column}:raw"


def tidy_text(frame: pl.DataFrame) -> pl.DataFrame:
    """All columns as stripped text, blank → null, with `_row` numbering the rows."""
    cols = [c for c in frame.columns if c != ROW]
    tidied = frame.with_columns(
        [pl.col(c).cast(pl.Utf8).str.strip_chars().replace("", None).alias(c) for c in cols]
    )
    if ROW not in tidied.columns:
        tidied = tidied.with_row_index(ROW)
    return tidied


def empty_table(table: Table) -> pl.DataFrame:
    schema = {ROW: pl.UInt32, **{c: pl.Utf8 for c in table.names}}
    return pl.DataFrame(schema=schema)


def typed_frame(raw: pl.DataFrame, table: Table, kind: ReturnKind) -> pl.DataFrame:
    fmt = DATE_FORMAT[kind]
    exprs: list[pl.Expr] = []
    for col in table.columns:
        if col.name not in raw.columns:
            exprs.append(pl.lit(None, dtype=pl.Utf8).alias(col.name))
            continue
        if col.kind == "date":
            exprs.append(pl.col(col.name).alias(raw_name(col.name)))
            text = pl.col(col.name)
            parsed = text.str.strptime(pl.Date, fmt, strict=False)
            shaped = text.str.contains(DATE_SHAPE[kind])
            exprs.append(pl.when(shaped).then(parsed).alias(col.name))
        elif col.kind == "int":
            exprs.append(pl.col(col.name).alias(raw_name(col.name)))
            exprs.append(pl.col(col.name).cast(pl.Int64, strict=False).alias(col.name))
    typed = raw.with_columns(exprs) if exprs else raw
    return typed


@dataclass
class ReturnData:
    kind: ReturnKind
    year: str
    schema: dict[str, Table]
    raw: dict[str, pl.DataFrame]
    # Where each table came from (file name), for messages and reports.
    sources: dict[str, str] = field(default_factory=dict)
    la_code: str | None = None
    # Reference data some rules need beyond the return (see REFERENCE): ONS postcodes, Ofsted's
    # register of providers. A rule that names one in `needs` is not run without it.
    reference: dict[str, pl.DataFrame] = field(default_factory=dict)

    def __post_init__(self) -> None:
        check_year(self.year)

    @property
    def collection_start(self) -> date:
        return year_bounds(self.year)[0]

    @property
    def collection_end(self) -> date:
        return year_bounds(self.year)[1]

    def table_schema(self, name: str) -> Table:
        return self.schema[name.removesuffix(LAST)]

    def has(self, name: str) -> bool:
        return name in self.raw or name in self.reference

    @cached_property
    def _typed(self) -> dict[str, pl.DataFrame]:
        return {}

    @cached_property
    def derived(self) -> dict[str, pl.DataFrame]:
        """Frames derived once per return for the rules, by name (placement locations)."""
        return {}

    def typed(self, name: str) -> pl.DataFrame:
        if name not in self._typed:
            self._typed[name] = typed_frame(self.raw[name], self.table_schema(name), self.kind)
        return self._typed[name]

    def row_count(self) -> int:
        return sum(f.height for f in self.raw.values())

    @classmethod
    def from_rows(
        cls,
        kind: ReturnKind,
        year: str,
        schema: dict[str, Table],
        tables: dict[str, list[dict[str, str | None]]],
    ) -> ReturnData:
        """Build a return from lists of row dicts (text values), as tests and adapters do."""
        raw: dict[str, pl.DataFrame] = {}
        for name, rows in tables.items():
            table = schema[name.removesuffix(LAST)]
            names = list(table.names)
            extra = [k for r in rows for k in r if k not in names]
            if extra:
                raise KeyError(f"{name} has no column {extra[0]}")
            data = {c: [None if r.get(c) is None else str(r.get(c)) for r in rows] for c in names}
            frame = pl.DataFrame(data, schema={c: pl.Utf8 for c in names})
            raw[name] = tidy_text(frame)
        return cls(kind=kind, year=year, schema=schema, raw=raw)
