"""Inject errors into a clean return, so benchmarks and parity checks exercise every rule.

Each cell is corrupted with probability `rate`, in a way that suits its column: a date is
blanked, made impossible (31/02), moved a few weeks or past the year end; a code is blanked,
made unknown or swapped for another valid code (which breaks cross-field rules); counts go
negative. Whole rows are also duplicated and dropped at `rate`, which breaks cross-table rules.
Deterministic for a seed.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from opencsc.returns.data import DATE_FORMAT, ROW, ReturnData, tidy_text
from opencsc.returns.schema import Column, Table


def _corrupt_column(
    frame: pl.DataFrame, col: Column, rng: np.random.Generator, rate: float, fmt: str, year: str
) -> pl.Expr:
    n = frame.height
    hit = rng.random(n) < rate
    if not hit.any():
        return pl.col(col.name)
    how = rng.integers(0, 4, n)
    current = pl.col(col.name)
    mask = pl.Series(hit)
    kind = pl.Series(how)
    if col.kind == "date":
        shift = pl.Series(rng.integers(-60, 60, n)).cast(pl.Int64)
        parsed = current.str.strptime(pl.Date, fmt, strict=False)
        moved = (parsed + pl.duration(days=pl.lit(shift))).dt.strftime(fmt)
        late = (parsed + pl.duration(days=400)).dt.strftime(fmt)
        bad = pl.lit("31/02/2025" if fmt.startswith("%d") else "2025-02-31")
        replaced = (
            pl.when(pl.lit(kind) == 0)
            .then(pl.lit(None, pl.Utf8))
            .when(pl.lit(kind) == 1)
            .then(bad)
            .when(pl.lit(kind) == 2)
            .then(moved)
            .otherwise(late)
        )
    elif col.kind == "code":
        valid = sorted(col.code_set(year)) or ["X"]
        other = pl.Series([valid[i] for i in rng.integers(0, len(valid), n)])
        replaced = (
            pl.when(pl.lit(kind) == 0)
            .then(pl.lit(None, pl.Utf8))
            .when(pl.lit(kind) == 1)
            .then(pl.lit("ZZ9"))
            .otherwise(pl.lit(other))
        )
    elif col.kind == "int":
        replaced = pl.when(pl.lit(kind) == 0).then(pl.lit(None, pl.Utf8)).otherwise(pl.lit("-1"))
    else:
        replaced = pl.when(pl.lit(kind) == 0).then(pl.lit(None, pl.Utf8)).otherwise(pl.lit("?"))
    return pl.when(pl.lit(mask)).then(replaced).otherwise(current).alias(col.name)


def inject_errors(data: ReturnData, rate: float, seed: int = 0) -> ReturnData:
    if not 0 <= rate <= 1:
        raise ValueError("the error rate must be between 0 and 1")
    rng = np.random.default_rng(seed)
    fmt = DATE_FORMAT[data.kind]
    raw: dict[str, pl.DataFrame] = {}
    for name, frame in data.raw.items():
        table: Table = data.table_schema(name)
        body = frame.drop(ROW)
        if body.height:
            keep = rng.random(body.height) >= rate / 2
            dup = rng.random(body.height) < rate / 2
            body = pl.concat([body.filter(pl.Series(keep)), body.filter(pl.Series(dup))])
            # keep the order a case system would export: grouped by child
            if table.child_id and table.child_id in body.columns:
                body = body.sort(table.child_id, maintain_order=True)
            exprs = [
                _corrupt_column(body, col, rng, rate, fmt, data.year)
                for col in table.columns
                if col.name in body.columns
                and col.name not in table.derived
                and col.name != table.child_id
            ]
            body = body.with_columns(exprs)
        raw[name] = tidy_text(body)
    return ReturnData(
        kind=data.kind, year=data.year, schema=data.schema, raw=raw, la_code=data.la_code
    )
