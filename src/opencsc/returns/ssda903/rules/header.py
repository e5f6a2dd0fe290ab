"""SSDA903 rules on the Header table (the child's characteristics)."""

from __future__ import annotations

import polars as pl

from opencsc.returns.engine import RuleContext, bad_date, blank, not_in, rule


@rule("903", "101", "Gender code is not valid.", tables=["Header"], fields=["SEX"])
def _101(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"Header": blank("SEX") | not_in("SEX", ctx.column_codes("Header", "SEX"))}


@rule("903", "102", "Date of Birth is not a valid date.", tables=["Header"], fields=["DOB"])
def _102(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"Header": blank("DOB") | bad_date("DOB")}
