"""SSDA903 rules on the child's UASC flag: 105, 205C, 303.

The DfE's XML return gives each child a UASC status (HEADER/UASC, 0 or 1) beside the date UASC
status ceased (DUC); the reader keeps it as a `UASC` column of Header. The CSV tables have no
such column: there a child is UASC if the UASC table lists them with any detail, so the flag is
derived from that table. Derived that way the flag always agrees with DUC, and these rules find
nothing on CSV returns; they judge what an XML return says.
"""

from __future__ import annotations

import polars as pl

from opencsc.returns.data import LAST, ROW
from opencsc.returns.engine import RuleContext, present, rule
from opencsc.returns.ssda903.read import XML_UASC

FLAG = "_UASC"


def uasc_flags(ctx: RuleContext, suffix: str = "") -> pl.DataFrame:
    """CHILD → the UASC flag ("0"/"1" or as given), one row per child, for this year or last
    (`suffix` LAST): as the Header gives it, else derived from the UASC table."""
    header, uasc = f"Header{suffix}", f"UASC{suffix}"
    if ctx.has(header) and XML_UASC in ctx.frame(header).columns:
        return (
            ctx.frame(header)
            .select("CHILD", pl.col(XML_UASC).alias(FLAG))
            .unique("CHILD", keep="first")
        )
    listed = (
        ctx.frame(uasc).filter(present("SEX") | present("DUC:raw")).select("CHILD").unique()
        if ctx.has(uasc)
        else pl.DataFrame(schema={"CHILD": pl.Utf8})
    )
    children = [listed] + ([ctx.frame(header).select("CHILD")] if ctx.has(header) else [])
    return (
        pl.concat(children)
        .unique()
        .with_columns(
            pl.when(pl.col("CHILD").is_in(listed["CHILD"].implode()))
            .then(pl.lit("1"))
            .otherwise(pl.lit("0"))
            .alias(FLAG)
        )
    )


def _rows_of(ctx: RuleContext, table: str, children: pl.DataFrame) -> pl.DataFrame:
    return ctx.frame(table).join(children, on="CHILD", how="semi").select(ROW)


@rule(
    "903",
    "105",
    "Data entry for Unaccompanied Asylum-Seeking Children (UASC) status of child is invalid or "
    "has not been completed.",
    tables=["Header"],
    fields=["UASC"],
)
def _105(ctx: RuleContext) -> dict[str, pl.Expr]:
    if XML_UASC not in ctx.frame("Header").columns:
        return {}  # CSV: the flag is derived, so always valid
    return {"Header": ~pl.col(XML_UASC).is_in(["0", "1"]).fill_null(False)}


@rule(
    "903",
    "303",
    "If date Unaccompanied Asylum-Seeking Child (UASC) status ceased is not null, UASC status "
    "must be coded 1.",
    tables=["UASC", "Header"],
    fields=["DUC", "UASC"],
)
def _303(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    ceased = ctx.frame("UASC").filter(present("DUC:raw"))
    flags = uasc_flags(ctx).filter(pl.col(FLAG).fill_null("") != "1")
    bad = ceased.join(flags, on="CHILD", how="inner")
    children = ctx.frame("Header").join(bad.select("CHILD"), on="CHILD", how="semi")
    return {"UASC": bad.select(ROW), "Header": children.select(ROW)}


@rule(
    "903",
    "205C",
    "Child not identified as UASC either this year or last year but date UASC ceased has been "
    "provided.",
    tables=["UASC", "Header"],
    needs=["UASC", "UASC_last"],
    fields=["DUC", "UASC"],
)
def _205c(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    def ceased(table: str) -> pl.Series:
        return ctx.frame(table).filter(present("DUC:raw"))["CHILD"].unique()

    with_duc = pl.concat([ceased("UASC"), ceased(f"UASC{LAST}")]).unique()
    this = uasc_flags(ctx)
    last = uasc_flags(ctx, LAST).rename({FLAG: "_last"})
    flagged = this.join(last, on="CHILD", how="full", coalesce=True)
    never = (pl.col(FLAG).fill_null("") != "1") & (pl.col("_last").fill_null("") != "1")
    bad = flagged.filter(never & pl.col("CHILD").is_in(with_duc.implode())).select("CHILD")
    out = {"UASC": _rows_of(ctx, "UASC", bad)}
    if ctx.has("Header"):
        out["Header"] = _rows_of(ctx, "Header", bad)
    return out
