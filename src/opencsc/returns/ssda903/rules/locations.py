"""SSDA903 rules on the placement's distance, local authority and location: 164, 169, 179, 392a,
392c, 406, 411, 420, 452, 453, 454, 503G, 503H, 503J, 1015.

The return does not hold these fields: they are derived from the home and placement postcodes
with the postcode reference (`opencsc returns validate --postcodes FILE`), see
`opencsc.returns.ssda903.postcodes`. Without it the rules are not run. PL_LOCATION is IN exactly
when PL_LA is the returning authority, so 411 cannot fail on derived values; it is kept because
the DfE's rule set has it.
"""

from __future__ import annotations

import polars as pl

from opencsc.returns.data import ROW
from opencsc.returns.engine import RuleContext, blank, present, rule
from opencsc.returns.ssda903.postcodes import (
    HOME_FOUND,
    PL_DISTANCE,
    PL_FOUND,
    PL_LA,
    PL_LOCATION,
    authority,
    located,
)

_NEEDS = ("Episodes", "postcodes")
_NEEDS_LAST = ("Episodes", "Episodes_last", "postcodes")
_POSTS = ["HOME_POST", "PL_POST"]
_RESPITE = pl.col("LS").is_in(["V3", "V4"]).fill_null(False)
# Placement types where PR1 does not mean the authority's own provision (1015).
_FOSTERING_ADOPTION = ["A3", "A4", "A5", "A6", "U1", "U2", "U3", "U4", "U5", "U6"]
_UASC_NOTE = (
    " [NOTE: This check will result in false positives for children formerly UASC not "
    "identified as such in loaded data]"
)


def _uasc(ctx: RuleContext) -> pl.DataFrame:
    """Children recorded as UASC this year or last: a UASC row giving any detail."""
    frames = [
        ctx.frame(t).filter(present("SEX") | present("DUC:raw")).select("CHILD")
        for t in ("UASC", "UASC_last")
        if ctx.has(t)
    ]
    if not frames:
        return pl.DataFrame(schema={"CHILD": pl.Utf8})
    return pl.concat(frames).unique()


def _episodes(ctx: RuleContext, *, uasc: bool | None = None) -> pl.DataFrame:
    """This year's episodes with their placement locations; only UASC children's (True), only
    other children's (False) or all (None)."""
    eps = located(ctx.data)
    if uasc is None:
        return eps
    return eps.join(_uasc(ctx), on="CHILD", how="semi" if uasc else "anti")


def _first_against_last_open(ctx: RuleContext, *fields: str) -> pl.DataFrame:
    """Each child's first episode this year (earliest DECOM; ties: the first row) joined to
    their latest episode last year (latest DECOM), kept only where that one is still open; last
    year's values as `_<field>_last`."""
    first = (
        located(ctx.data)
        .filter(present("DECOM"))
        .sort(["DECOM", ROW])
        .unique("CHILD", keep="first", maintain_order=True)
    )
    last = (
        located(ctx.data, "Episodes_last")
        .filter(present("DECOM"))
        .sort(["DECOM", ROW], descending=[True, False])
        .unique("CHILD", keep="first", maintain_order=True)
        .filter(blank("DEC"))
        .select("CHILD", *(pl.col(f).alias(f"_{f}_last") for f in fields))
    )
    return first.join(last, on="CHILD", how="inner")


def _differs(field: str) -> pl.Expr:
    return pl.col(field).ne_missing(pl.col(f"_{field}_last"))


def _distance_contradicts() -> pl.Expr:
    """The distance moved by 0.2 miles or more, or is given in one year only. Compared in
    tenths of a mile, so 10.2 against 10.0 counts as 0.2 whatever the floating point says."""
    now = (pl.col(PL_DISTANCE) * 10).round(0)
    before = (pl.col(f"_{PL_DISTANCE}_last") * 10).round(0)
    return ((now - before).abs() >= 2).fill_null(False) | (now.is_null() != before.is_null())


@rule(
    "903",
    "164",
    "Distance is not valid. Please check a valid postcode has been entered." + _UASC_NOTE,
    tables=["Episodes"],
    needs=_NEEDS,
    fields=[PL_DISTANCE, *_POSTS],
)
def _164(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    distance = pl.col(PL_DISTANCE)
    bad = _episodes(ctx, uasc=False).filter(
        ~_RESPITE & ((distance < 0) | (distance > 999.9)).fill_null(False)
    )
    return {"Episodes": bad.select(ROW)}


@rule(
    "903",
    "169",
    "Local Authority (LA) of placement is not valid or is missing. Please check a valid "
    "postcode has been entered.",
    tables=["Episodes"],
    needs=_NEEDS,
    fields=[PL_LA, "PL_POST"],
)
def _169(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    bad = _episodes(ctx).filter(~_RESPITE & blank(PL_LA))
    return {"Episodes": bad.select(ROW)}


@rule(
    "903",
    "179",
    "Placement location code is not a valid code.",
    tables=["Episodes"],
    needs=_NEEDS,
    fields=[PL_LOCATION, "PL_POST"],
)
def _179(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    bad = _episodes(ctx).filter(~_RESPITE & blank(PL_LOCATION))
    return {"Episodes": bad.select(ROW)}


@rule(
    "903",
    "392a",
    "Child is looked after but no distance is recorded. [NOTE: This check may result in false "
    "positives for children formerly UASC]",
    tables=["Episodes"],
    needs=_NEEDS,
    fields=[PL_DISTANCE, *_POSTS],
)
def _392a(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    bad = _episodes(ctx, uasc=False).filter(~_RESPITE & blank(PL_DISTANCE))
    return {"Episodes": bad.select(ROW)}


@rule(
    "903",
    "392c",
    "Postcode(s) provided are invalid.",
    tables=["Episodes"],
    needs=_NEEDS,
    fields=_POSTS,
)
def _392c(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    bad = _episodes(ctx).filter(
        (present("HOME_POST") & ~pl.col(HOME_FOUND)) | (present("PL_POST") & ~pl.col(PL_FOUND))
    )
    return {"Episodes": bad.select(ROW)}


@rule(
    "903",
    "406",
    "Child is Unaccompanied Asylum-Seeking Child (UASC) or was formerly UASC. Distance should be "
    "blank. [NOTE: This check will result in false negatives for children formerly UASC not "
    "identified as such in loaded data]",
    tables=["Episodes"],
    needs=_NEEDS,
    fields=[PL_DISTANCE, *_POSTS],
)
def _406(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    bad = _episodes(ctx, uasc=True).filter(present(PL_DISTANCE))
    return {"Episodes": bad.select(ROW)}


@rule(
    "903",
    "411",
    "Placement location code disagrees with LA of placement.",
    tables=["Episodes"],
    needs=_NEEDS,
    fields=[PL_LOCATION, PL_LA, "PL_POST"],
)
def _411(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    la = authority(ctx.data)
    if la is None:  # no authority to be IN
        return {}
    bad = _episodes(ctx).filter(
        (pl.col(PL_LOCATION) == "IN").fill_null(False) & pl.col(PL_LA).ne_missing(pl.lit(la))
    )
    return {"Episodes": bad.select(ROW)}


@rule(
    "903",
    "420",
    "LA of placement completed but child is looked after under legal status V3 or V4.",
    tables=["Episodes"],
    needs=_NEEDS,
    fields=[PL_LA, "LS", "PL_POST"],
)
def _420(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    bad = _episodes(ctx).filter(_RESPITE & present(PL_LA))
    return {"Episodes": bad.select(ROW)}


@rule(
    "903",
    "452",
    "Contradiction between local authority of placement code in the last episode of the "
    "previous year and in the first episode of the current year.",
    tables=["Episodes"],
    needs=_NEEDS_LAST,
    fields=[PL_LA, "PL_POST"],
)
def _452(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    joined = _first_against_last_open(ctx, PL_LA, "RNE")
    same_rne = (pl.col("RNE") == pl.col("_RNE_last")).fill_null(False)
    return {"Episodes": joined.filter(same_rne & _differs(PL_LA)).select(ROW)}


@rule(
    "903",
    "453",
    "Contradiction between placement distance in the last episode of the previous year and in "
    "the first episode of the current year.",
    tables=["Episodes"],
    needs=_NEEDS_LAST,
    fields=[PL_DISTANCE, *_POSTS],
)
def _453(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    joined = _first_against_last_open(ctx, PL_DISTANCE, "RNE")
    same_rne = (pl.col("RNE") == pl.col("_RNE_last")).fill_null(False)
    return {"Episodes": joined.filter(same_rne & _distance_contradicts()).select(ROW)}


@rule(
    "903",
    "454",
    "Placement distance from home is over 350 miles." + _UASC_NOTE,
    tables=["Episodes"],
    needs=_NEEDS,
    fields=[PL_DISTANCE, *_POSTS],
    since="2025-26",
)
def _454(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    distance = pl.col(PL_DISTANCE)
    bad = _episodes(ctx, uasc=False).filter(
        ((distance > 350) & (distance != 999.9)).fill_null(False)
    )
    return {"Episodes": bad.select(ROW)}


@rule(
    "903",
    "503G",
    "The distance in first episode does not match open episode at end of last year.",
    tables=["Episodes"],
    needs=_NEEDS_LAST,
    fields=[PL_DISTANCE, *_POSTS],
)
def _503g(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    joined = _first_against_last_open(ctx, PL_DISTANCE)
    return {"Episodes": joined.filter(_distance_contradicts()).select(ROW)}


@rule(
    "903",
    "503H",
    "The placement LA in first episode does not match open episode at end of last year.",
    tables=["Episodes"],
    needs=_NEEDS_LAST,
    fields=[PL_LA, "PL_POST"],
)
def _503h(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    joined = _first_against_last_open(ctx, PL_LA)
    return {"Episodes": joined.filter(_differs(PL_LA)).select(ROW)}


@rule(
    "903",
    "503J",
    "The placement location in first episode does not match open episode at end of last year.",
    tables=["Episodes"],
    needs=_NEEDS_LAST,
    fields=[PL_LOCATION, "PL_POST"],
)
def _503j(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    joined = _first_against_last_open(ctx, PL_LOCATION)
    return {"Episodes": joined.filter(_differs(PL_LOCATION)).select(ROW)}


def _1015_rule(since: str, not_own: list[str]) -> None:
    """1015 with the placement types where PR1 does not mean the authority's own provision:
    fostering and adoption, and from 2025-26 also K3."""

    @rule(
        "903",
        "1015",
        "Placement provider is own provision but child not placed in own LA.",
        tables=["Episodes"],
        needs=_NEEDS,
        fields=["PLACE_PROVIDER", PL_LA, "PLACE", "LS", "PL_POST"],
        since=since,
    )
    def check(ctx: RuleContext) -> dict[str, pl.DataFrame]:
        la = authority(ctx.data)
        if la is None:  # no authority to compare with
            return {}
        own_provision = (
            (pl.col("PLACE_PROVIDER") == "PR1")
            & ~pl.col("PLACE").is_in(not_own)
            & ~_RESPITE
            & present("LS")
            & present("PLACE")
        ).fill_null(False)
        in_own_la = (pl.col(PL_LA) == la).fill_null(False)
        bad = _episodes(ctx).filter(own_provision & ~in_own_la)
        return {"Episodes": bad.select(ROW)}


_1015_rule("2024-25", _FOSTERING_ADOPTION)
_1015_rule("2025-26", [*_FOSTERING_ADOPTION, "K3"])
