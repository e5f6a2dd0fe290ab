"""Helpers the CIN census rules share: the census period, joins to the episode and the child."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import polars as pl

from opencsc.core.workingdays import bank_holiday_array
from opencsc.returns.data import ROW
from opencsc.returns.engine import RuleContext

KID = "LAchildID"
EP = [KID, "CINdetailsID"]
TRUE = ["true", "1"]
FALSE = ["false", "0"]


def reference_date(ctx: RuleContext) -> date:
    """The census reference date: the header's if it is a date, else 31 March of the year."""
    if ctx.has("Header"):
        ref = ctx.frame("Header")["ReferenceDate"].drop_nulls()
        if ref.len():
            value: date = ref[0]
            return value
    return ctx.collection_end


def period(ctx: RuleContext) -> tuple[date, date]:
    """First and last day of the census year ending on the reference date."""
    end = reference_date(ctx)
    try:
        start = end.replace(year=end.year - 1) + timedelta(days=1)
    except ValueError:  # 29 February
        start = date(end.year - 1, 3, 1)
    return start, end


def is_true(col: str) -> pl.Expr:
    return pl.col(col).str.to_lowercase().is_in(TRUE)


def is_false(col: str) -> pl.Expr:
    return pl.col(col).str.to_lowercase().is_in(FALSE)


def in_period(col: str, start: date, end: date) -> pl.Expr:
    return pl.col(col).is_between(pl.lit(start), pl.lit(end))


def with_episode(ctx: RuleContext, table: str, *cols: str) -> pl.DataFrame:
    """Rows of `table` with columns of their CINdetails episode."""
    cin = ctx.frame("CINdetails").select(*EP, *cols).unique(EP, keep="first")
    return ctx.frame(table).join(cin, on=EP, how="left", suffix="_cin")


def with_child(ctx: RuleContext, table: str, *cols: str) -> pl.DataFrame:
    """Rows of `table` with columns of the child's identifiers."""
    ids = ctx.frame("ChildIdentifiers").select(KID, *cols).unique(KID, keep="first")
    return ctx.frame(table).join(ids, on=KID, how="left", suffix="_child")


def rows(frame: pl.DataFrame, col: str = ROW) -> pl.Series:
    return frame[col].unique()


def episode_has(ctx: RuleContext, table: str, condition: pl.Expr | None = None) -> pl.DataFrame:
    """The (child, episode) keys that have at least one row in `table` (meeting `condition`)."""
    frame = ctx.frame(table)
    if condition is not None:
        frame = frame.filter(condition)
    return frame.select(EP).unique()


def overlapping_pairs(
    frame: pl.DataFrame, by: list[str], start: str, end: str, open_end: date
) -> pl.DataFrame:
    """Pairs of rows in the same group whose [start, end) periods overlap (open end = `open_end`).

    A self-join within each group; groups are a child's plans or episodes, so small.
    """
    f = frame.select(*by, ROW, start, pl.col(end).fill_null(pl.lit(open_end)).alias("_end")).filter(
        pl.col(start).is_not_null()
    )
    pairs = f.join(f, on=by, suffix="_b").filter(pl.col(ROW) != pl.col(f"{ROW}_b"))
    return pairs.filter(
        (pl.col(start) >= pl.col(f"{start}_b")) & (pl.col(start) < pl.col("_end_b"))
    )


def weekend(col: str) -> pl.Expr:
    return pl.col(col).dt.weekday() >= 6


def working_days_before(end: date, n: int) -> date:
    """The date `n` working days before `end` (England bank holidays)."""
    day = np.datetime64(end, "D")
    result = np.busday_offset(day, -n, roll="backward", holidays=bank_holiday_array())
    return date.fromisoformat(str(result))


def episode_rows(ctx: RuleContext, found: pl.DataFrame) -> pl.DataFrame:
    """The CINdetails rows of the episodes in `found` (any frame with the episode key).

    A finding about a child table's row against its episode names the episode's row as well,
    so both ends are highlighted (the DfE's and the peer's reports do the same).
    """
    keys = found.select(EP).unique()
    return ctx.frame("CINdetails").join(keys, on=EP, how="semi").select(ROW)
