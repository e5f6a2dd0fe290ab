"""SSDA903 rules 1000-1016 (care leavers, missing, placements), 700-710 (deprivation of liberty
orders, from 2026-27) and the social worker episode rules (SW*)."""

from __future__ import annotations

from datetime import date

import polars as pl

from opencsc.returns.data import ROW, raw_name
from opencsc.returns.engine import RuleContext, bad_date, blank, not_in, present, rule

OC3_FIELDS = ["IN_TOUCH", "ACTIV", "ACCOM"]
SW_START = date(2023, 4, 1)  # social worker episodes reported from 1 April 2023

# Private helpers.


def _any_oc3() -> pl.Expr:
    """Any care leaver item given."""
    return pl.any_horizontal([present(c) for c in OC3_FIELDS])


def _children(frame: pl.DataFrame) -> pl.Series:
    return frame["CHILD"].drop_nulls().unique()


def _last_per_child(frame: pl.DataFrame, by: str) -> pl.DataFrame:
    """The row with the latest `by` of each child (first in input order on ties); nulls ignored."""
    return (
        frame.filter(present(by))
        .sort(["CHILD", by, ROW], descending=[False, True, False])
        .unique("CHILD", keep="first", maintain_order=True)
    )


def _with_prev(frame: pl.DataFrame, by: list[str]) -> pl.DataFrame:
    """Rows sorted by child then `by` (nulls last), with the previous row of the same child
    (`<col>_prev` columns, null for a child's first row)."""
    cols = [c for c in frame.columns if c != "CHILD"]
    ordered = frame.sort(["CHILD", *by, ROW], nulls_last=True)
    return ordered.with_columns(
        pl.col(c).shift(1).over("CHILD").alias(f"{c}_prev") for c in cols
    ).with_columns(pl.col(f"{ROW}_prev").is_not_null().alias("_has_prev"))


def _age_at_least(dob: str, years: int, when: pl.Expr) -> pl.Expr:
    return pl.col(dob).dt.offset_by(f"{years}y") <= when


# Care leavers, missing episodes and placements (1000-1016).


@rule(
    "903",
    "1000",
    "This child is recorded as having died in care and therefore should not have the care leaver "
    "information completed. [NOTE: This only tests the current and previous year data loaded into "
    "the tool]",
    tables=["Episodes", "OC3"],
    fields=OC3_FIELDS,
)
def _1000(ctx: RuleContext) -> dict[str, pl.Expr]:
    died = _children(ctx.frame("Episodes").filter(pl.col("REC").str.to_uppercase() == "E2"))
    if ctx.has("Episodes_last"):
        last = ctx.frame("Episodes_last").filter(pl.col("REC").str.to_uppercase() == "E2")
        died = pl.concat([died, _children(last)])
    return {"OC3": pl.col("CHILD").is_in(died.implode())}


@rule(
    "903",
    "1001",
    "The episodes recorded for this young person suggest they are not a relevant or a former "
    "relevant child and therefore should not have care leaver information completed. "
    "[NOTE: This tool can only test the current and previous year data loaded into the tool - this "
    "check may generate false positives if a child had episodes prior to last year's collection.]",
    tables=["Episodes", "OC3", "Header", "Episodes_last"],
    fields=OC3_FIELDS,
)
def _1001(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    end = pl.lit(ctx.collection_end)
    cols = ["CHILD", "DECOM", "DEC", "LS", "REC"]
    eps = (
        pl.concat([ctx.frame("Episodes").select(cols), ctx.frame("Episodes_last").select(cols)])
        .filter(present("DECOM") & present("CHILD"))
        .sort(["CHILD", "DECOM", "DEC"], nulls_last=True)
        # the same episode in both years: keep the one that has ended
        .unique(["CHILD", "DECOM"], keep="first", maintain_order=True)
        .with_columns(pl.int_range(pl.len()).alias(ROW))
    )
    latest = _last_per_child(eps, "DECOM")
    eps = eps.with_columns(
        pl.when(pl.col(ROW).is_in(latest[ROW].implode()) & blank("DEC"))
        .then(end)
        .otherwise(pl.col("DEC"))
        .alias("DEC")
    )
    header = (
        ctx.frame("Header")
        .filter(present("DOB") & present("CHILD"))
        .unique("CHILD", keep="first", maintain_order=True)
        .select("CHILD", "DOB")
    )
    # Young people over 20 at the year end are not judged: two years of episodes cannot show it.
    too_old = _children(header.filter(pl.col("DOB").dt.offset_by("20y") <= end))

    def days_since(years: int) -> pl.Expr:
        since = pl.max_horizontal("DECOM", pl.col("DOB").dt.offset_by(f"{years}y"))
        return (pl.col("DEC") - since).dt.total_days().clip(lower_bound=0).fill_null(0)

    totals = (
        eps.join(header, on="CHILD", how="inner")
        .filter(~pl.col("LS").is_in(["V3", "V4"]) | blank("LS"))
        .group_by("CHILD")
        .agg(days_since(14).sum().alias("_t14"), days_since(16).sum().alias("_t16"))
    )
    adopted = _children(latest.filter(pl.col("REC").str.to_uppercase().is_in(["E11", "E12"])))
    oc3 = ctx.frame("OC3").join(totals, on="CHILD", how="left")
    relevant = (pl.col("_t14") >= 91) & (pl.col("_t16") >= 1)
    bad = oc3.filter(
        pl.col("CHILD").is_in(adopted.implode())
        | (~relevant.fill_null(False) & ~pl.col("CHILD").is_in(too_old.implode()))
    )
    return {"OC3": bad.select(ROW)}


@rule(
    "903",
    "1002",
    "This child has no previous episodes of care, therefore should not have care leaver information "
    "recorded. [NOTE: This tool can only test the current and previous year data loaded into the "
    "tool - this check may generate false positives if a child had episodes prior to last year's "
    "collection.]",
    tables=["Episodes", "OC3", "Episodes_last"],
    fields=OC3_FIELDS,
)
def _1002(ctx: RuleContext) -> dict[str, pl.Expr]:
    known = pl.concat([_children(ctx.frame("Episodes")), _children(ctx.frame("Episodes_last"))])
    return {"OC3": ~pl.col("CHILD").is_in(known.implode())}


@rule(
    "903",
    "1003",
    "Date of LA's decision that a child should be placed for adoption is before the child started "
    "to be looked after.",
    tables=["Episodes", "PlacedAdoption"],
    fields=["DATE_PLACED", "DECOM", "RNE"],
)
def _1003(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    first = (
        ctx.frame("Episodes")
        .filter((pl.col("RNE") == "S") & present("DECOM"))
        .sort(["CHILD", "DECOM", ROW])
        .unique("CHILD", keep="first", maintain_order=True)
        .select("CHILD", "DECOM", pl.col(ROW).alias("_erow"))
    )
    bad = (
        ctx.frame("PlacedAdoption")
        .join(first, on="CHILD", how="inner")
        .filter(pl.col("DATE_PLACED") < pl.col("DECOM"))
    )
    return {"Episodes": bad.select(pl.col("_erow").alias(ROW)), "PlacedAdoption": bad.select(ROW)}


@rule(
    "903",
    "1004",
    "The start date of the missing episode or episode that the child was away from placement "
    "without authorisation is not a valid date.",
    tables=["Missing"],
    fields=["MIS_START"],
)
def _1004(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"Missing": blank("MIS_START")}


@rule(
    "903",
    "1005",
    "The end date of the missing episode or episode that the child was away from placement without "
    "authorisation is not a valid date.",
    tables=["Missing"],
    fields=["MIS_END"],
)
def _1005(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"Missing": bad_date("MIS_END")}


@rule("903", "1006", "Missing type invalid.", tables=["Missing"], fields=["MISSING"])
def _1006(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"Missing": not_in("MISSING", ctx.column_codes("Missing", "MISSING"))}


@rule(
    "903",
    "1007",
    "Care leaver information is not required for 17- or 18-year olds who are still looked after [on "
    "their 17th or 18th birthday.]",
    tables=["Episodes", "OC3"],
    fields=OC3_FIELDS,
)
def _1007(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    end = pl.lit(ctx.collection_end)
    oc3 = ctx.frame("OC3").filter(
        present("DOB") & _any_oc3() & _age_at_least("DOB", 17, end) & ~_age_at_least("DOB", 19, end)
    )
    # the latest birthday on or before the year end
    years = pl.lit(ctx.collection_end.year) - pl.col("DOB").dt.year()
    bday = pl.col("DOB").dt.offset_by(pl.format("{}y", years))
    oc3 = oc3.with_columns(
        pl.when(bday > end)
        .then(pl.col("DOB").dt.offset_by(pl.format("{}y", years - 1)))
        .otherwise(bday)
        .alias("_bday")
    )
    eps = ctx.frame("Episodes").select("CHILD", "DECOM", "DEC")
    bad = oc3.join(eps, on="CHILD", how="inner").filter(
        (pl.col("DECOM") <= pl.col("_bday")) & ((pl.col("DEC") > pl.col("_bday")) | blank("DEC"))
    )
    return {"OC3": bad.select(ROW)}


@rule(
    "903",
    "1009",
    "Reason for placement change is not a valid code.",
    tables=["Episodes"],
    fields=["REASON_PLACE_CHANGE"],
)
def _1009(ctx: RuleContext) -> dict[str, pl.Expr]:
    codes = ctx.column_codes("Episodes", "REASON_PLACE_CHANGE")
    return {"Episodes": not_in("REASON_PLACE_CHANGE", codes)}


@rule(
    "903",
    "1010",
    "This child has no episodes loaded for current year even though there was an open episode of "
    "care at the end of the previous year, and care leaver data has been entered.",
    tables=["Episodes", "Episodes_last", "OC3"],
    fields=OC3_FIELDS,
)
def _1010(ctx: RuleContext) -> dict[str, pl.Expr]:
    open_last = _children(_last_per_child(ctx.frame("Episodes_last"), "DECOM").filter(blank("DEC")))
    current = _children(ctx.frame("Episodes"))
    return {
        "OC3": pl.col("CHILD").is_in(open_last.implode())
        & ~pl.col("CHILD").is_in(current.implode())
    }


@rule(
    "903",
    "1011",
    "This child is recorded as having his/her care transferred to another local authority for the "
    "final episode and therefore should not have the care leaver information completed.",
    tables=["Episodes", "OC3"],
    fields=OC3_FIELDS,
)
def _1011(ctx: RuleContext) -> dict[str, pl.Expr]:
    moved = _children(_last_per_child(ctx.frame("Episodes"), "DECOM").filter(pl.col("REC") == "E3"))
    return {"OC3": pl.col("CHILD").is_in(moved.implode()) & _any_oc3()}


_1012_TABLES = ["PlacedAdoption", "Missing", "Reviews", "AD1", "PrevPerm", "OC2"]


@rule(
    "903",
    "1012",
    "No other data should be returned for OC3 children who had no episodes in the current year",
    tables=["Episodes", *_1012_TABLES],
    needs=["Episodes"],
    fields=["CHILD"],
)
def _1012(ctx: RuleContext) -> dict[str, pl.Expr]:
    current = _children(ctx.frame("Episodes")).implode()
    return {t: ~pl.col("CHILD").is_in(current) for t in _1012_TABLES if ctx.has(t)}


@rule(
    "903",
    "1014",
    "UASC information is not required for care leavers",
    tables=["Episodes", "UASC", "OC3"],
    fields=["ACTIV", "ACCOM", "IN_TOUCH", "DUC"],
)
def _1014(ctx: RuleContext) -> dict[str, pl.Expr]:
    start, end = pl.lit(ctx.collection_start), pl.lit(ctx.collection_end)
    eps = ctx.frame("Episodes")
    in_year = (pl.col("DECOM") <= end) & ((pl.col("DEC") >= start) | blank("DEC"))
    looked_after = _children(eps.filter(in_year))
    # children with episodes, none of them in this year: care leavers
    leavers = eps.filter(~pl.col("CHILD").is_in(looked_after.implode()))["CHILD"].drop_nulls()
    uasc = _children(ctx.frame("UASC"))
    oc3 = ctx.frame("OC3")
    given = _children(oc3.filter(_any_oc3() & pl.col("CHILD").is_in(leavers.implode())))
    return {
        "UASC": pl.col("CHILD").is_in(given.implode()),
        "OC3": pl.col("CHILD").is_in(leavers.implode())
        & pl.col("CHILD").is_in(uasc.implode())
        & _any_oc3(),
    }


@rule(
    "903",
    "1016",
    "Care leaver information is not required for 17- or 18-year olds who cease to be looked after, "
    "after their birthday.",
    tables=["Episodes", "OC3"],
    fields=OC3_FIELDS,
)
def _1016(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    end = pl.lit(ctx.collection_end)
    oc3 = ctx.frame("OC3").filter(present("DOB") & _any_oc3())
    merged = oc3.join(ctx.frame("Episodes").select("CHILD", "DEC"), on="CHILD", how="inner")
    aged_17 = _age_at_least("DOB", 17, end) & ~_age_at_least("DOB", 18, end)
    aged_18 = _age_at_least("DOB", 18, end) & ~_age_at_least("DOB", 19, end)
    # ceasing on the birthday itself is not "after" it: those young people are care leavers
    after = pl.col("DEC") > pl.col("DOB").dt.offset_by("17y")
    after_18 = pl.col("DEC") > pl.col("DOB").dt.offset_by("18y")
    bad = merged.filter((aged_17 & after) | (aged_18 & after_18))
    return {"OC3": bad.select(ROW)}


# Deprivation of liberty orders (700-710, from 2026-27).

DOLO_YEAR = "2026-27"


@rule(
    "903",
    "700",
    "The start date of the DoLO is not a valid date.",
    tables=["DoLo"],
    fields=["DOLO_START"],
    since=DOLO_YEAR,
)
def _700(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"DoLo": blank("DOLO_START")}


@rule(
    "903",
    "701",
    "The end date of the DoLO is not a valid date.",
    tables=["DoLo"],
    fields=["DOLO_END"],
    since=DOLO_YEAR,
)
def _701(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"DoLo": bad_date("DOLO_END")}


@rule(
    "903",
    "702",
    "The date that the DoLO ended is before the date that it started.",
    tables=["DoLo"],
    fields=["DOLO_START", "DOLO_END"],
    since=DOLO_YEAR,
)
def _702(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"DoLo": pl.col("DOLO_END") < pl.col("DOLO_START")}


@rule(
    "903",
    "703",
    "The date that the DoLO started is after the end of the collection year.",
    tables=["DoLo"],
    fields=["DOLO_START"],
    since=DOLO_YEAR,
)
def _703(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"DoLo": pl.col("DOLO_START") > pl.lit(ctx.collection_end)}


@rule(
    "903",
    "704",
    "The date that the DoLO ended is before the start or after the end of the collection year.",
    tables=["DoLo"],
    fields=["DOLO_END"],
    since=DOLO_YEAR,
)
def _704(ctx: RuleContext) -> dict[str, pl.Expr]:
    end = pl.col("DOLO_END")
    return {"DoLo": (end > pl.lit(ctx.collection_end)) | (end < pl.lit(ctx.collection_start))}


@rule(
    "903",
    "705",
    "A DoLO cannot start when the previous DoLO is still open.",
    tables=["DoLo"],
    fields=["DOLO_START", "DOLO_END"],
    since=DOLO_YEAR,
)
def _705(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    dolo = ctx.frame("DoLo").select(
        ROW,
        "CHILD",
        "DOLO_START",
        "DOLO_END",
        pl.coalesce("DOLO_END", "DOLO_START").alias("_fill"),
    )
    paired = _with_prev(dolo, ["_fill", "DOLO_START"]).filter("_has_prev")
    bad = paired.filter(
        blank("DOLO_END_prev") | (pl.col("DOLO_START") < pl.col("DOLO_END_prev")).fill_null(False)
    )
    return {"DoLo": bad.select(ROW)}


@rule(
    "903",
    "706",
    "There is an open DoLO in last year’s return and there is no corresponding DoLO recorded at "
    "the start of this year..",
    tables=["DoLo", "DoLo_last"],
    fields=["DOLO_START"],
    since=DOLO_YEAR,
)
def _706(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    this = ctx.frame("DoLo").select("CHILD", "DOLO_START").filter(present("DOLO_START")).unique()
    last = ctx.frame("DoLo_last").filter(blank("DOLO_END"))
    return {"DoLo_last": last.join(this, on=["CHILD", "DOLO_START"], how="anti").select(ROW)}


@rule(
    "903",
    "707",
    "Child ceased to be looked after but there is a DoLO without an end date.",
    tables=["DoLo", "Episodes"],
    fields=["DOLO_END"],
    since=DOLO_YEAR,
)
def _707(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    eps = (
        ctx.frame("Episodes")
        .filter(present("DECOM"))
        .select("CHILD", "DECOM", "DEC")
        .sort(["CHILD", "DECOM"], nulls_last=True)
    )
    new_period = (pl.col("CHILD") != pl.col("CHILD").shift(1)).fill_null(True) | (
        pl.col("DECOM") > pl.col("DEC").shift(1)
    ).fill_null(False)
    periods = (
        eps.with_columns(new_period.cast(pl.UInt32).cum_sum().alias("_poc"))
        .group_by("_poc")
        .agg(
            pl.col("CHILD").first(),
            pl.col("DECOM").first().alias("_poc_start"),
            pl.col("DEC").last().alias("_poc_end"),
        )
        .drop("_poc")
    )
    start, end = pl.col("DOLO_START"), pl.col("DOLO_END")
    pstart, pend = pl.col("_poc_start"), pl.col("_poc_end")
    outside = (
        (blank("DOLO_END") & present("_poc_end"))  # care has ended, the order has not
        | (blank("DOLO_END") & (start < pstart)).fill_null(False)  # open, began before care
        | (end > pend).fill_null(False)  # ends after care ended
        | (end < pstart).fill_null(False)  # ends before care began
    )
    pairs = (
        ctx.frame("DoLo")
        .filter(present("DOLO_START"))
        .select(ROW, "CHILD", "DOLO_START", "DOLO_END")
        .join(periods, on="CHILD", how="inner")
    )
    bad = pairs.group_by(ROW).agg(outside.all().alias("_out")).filter("_out")
    return {"DoLo": bad.select(ROW)}


@rule(
    "903",
    "708",
    "Dates of DoLOs are before child’s date of birth.",
    tables=["DoLo"],
    fields=["DOLO_START"],
    since=DOLO_YEAR,
)
def _708(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"DoLo": pl.col("DOLO_START") <= pl.col("DOB")}


def _dolo_placements(ctx: RuleContext, wrong: pl.Expr) -> dict[str, pl.DataFrame]:
    """DoLOs (with start and end) overlapping an episode whose placement is `wrong`."""
    dolo = (
        ctx.frame("DoLo")
        .filter(present(raw_name("DOLO_START")) & present(raw_name("DOLO_END")))
        .select(pl.col(ROW).alias("_drow"), "CHILD", "DOLO_START", "DOLO_END")
    )
    eps = ctx.frame("Episodes").select(ROW, "CHILD", "DECOM", "DEC", "PLACE")
    overlap = ((pl.col("DOLO_START") <= pl.col("DEC")) | blank("DEC")) & (
        pl.col("DOLO_END") >= pl.col("DECOM")
    )
    bad = eps.join(dolo, on="CHILD", how="inner").filter(overlap.fill_null(False) & wrong)
    return {"DoLo": bad.select(pl.col("_drow").alias(ROW)), "Episodes": bad.select(ROW)}


@rule(
    "903",
    "709",
    "Child with a DoLO is in an unexpected placement type.",
    tables=["DoLo", "Episodes"],
    fields=["DOLO_START", "PLACE"],
    since=DOLO_YEAR,
)
def _709(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    return _dolo_placements(ctx, ~pl.col("PLACE").is_in(["K2", "Z12", "Z13"]).fill_null(False))


@rule(
    "903",
    "710",
    "Child with a DoLO can not be placed in secure children's homes, with parents, young offender "
    "institutions, or supported accommodation.",
    tables=["DoLo", "Episodes"],
    fields=["DOLO_START", "PLACE"],
    since=DOLO_YEAR,
)
def _710(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    return _dolo_placements(ctx, pl.col("PLACE").is_in(["K1", "P1", "R5", "K3"]).fill_null(False))


# Social worker episodes (SW*).

SW = "SWEpisodes"


@rule(
    "903",
    "SW01aSTG1",
    "For each social worker episode, information should be complete",
    tables=[SW],
    fields=["SW_DECOM", "SW_ID"],
    until="2024-25",
)
def _sw01a(ctx: RuleContext) -> dict[str, pl.Expr]:
    early = (pl.col("SW_DECOM") < pl.lit(SW_START)) & blank("SW_ID")
    return {SW: early.fill_null(False) | blank("SW_DECOM")}


@rule(
    "903",
    "SW01bSTG1",
    "For each social worker episode, information should be complete",
    tables=[SW],
    fields=["SW_DECOM", "SW_ID", "SW_REASON"],
    until="2024-25",
)
def _sw01b(ctx: RuleContext) -> dict[str, pl.Expr]:
    later = (pl.col("SW_DECOM") >= pl.lit(SW_START)) & (blank("SW_ID") | blank("SW_REASON"))
    return {SW: later.fill_null(False) | blank("SW_DECOM")}


SW02_MESSAGE = "Social worker ID does not begin with the characters ‘SW’ or ‘XX’."


def _sw_id_prefix() -> pl.Expr:
    return ~pl.col("SW_ID").str.slice(0, 2).is_in(["SW", "XX"]).fill_null(False)


@rule("903", "SW02STG1", SW02_MESSAGE, tables=[SW], fields=["SW_ID"])
def _sw02(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {SW: _sw_id_prefix()}


@rule("903", "SW02STG1", SW02_MESSAGE, tables=[SW], fields=["SW_ID"], since="2025-26")
def _sw02_2025(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {SW: _sw_id_prefix() | (pl.col("SW_ID").str.len_chars() < 4).fill_null(False)}


@rule(
    "903",
    "SW04STG1",
    "Date social worker episode began is not a valid date..",
    tables=[SW],
    fields=["SW_DECOM"],
)
def _sw04(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {SW: bad_date("SW_DECOM")}


@rule(
    "903",
    "SW05STG1",
    "Date social worker episode began is not a valid date.",
    tables=[SW],
    fields=["SW_DEC"],
)
def _sw05(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {SW: bad_date("SW_DEC")}


@rule(
    "903",
    "SW06STG2",
    "Social worker episode data should be within the social worker data reporting year.",
    tables=[SW],
    fields=["SW_DECOM"],
)
def _sw06(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {SW: pl.col("SW_DECOM") > pl.lit(ctx.collection_end)}


@rule(
    "903",
    "SW07STG2",
    "Social worker episode end date should be on or after the start of the social worker reporting "
    "period, and should be on or before the collection end date.",
    tables=[SW],
    fields=["SW_DEC"],
)
def _sw07(ctx: RuleContext) -> dict[str, pl.Expr]:
    # the reporting period starts a year before the collection year
    period_start = pl.lit(ctx.collection_start).dt.offset_by("-1y")
    dec = pl.col("SW_DEC")
    return {SW: (dec < period_start) | (dec > pl.lit(ctx.collection_end))}


@rule(
    "903",
    "SW08STG2",
    "A new social worker episode has started, but the previous episode has not ended.",
    tables=[SW],
    fields=["SW_DEC"],
)
def _sw08(ctx: RuleContext) -> dict[str, pl.Expr]:
    sw = ctx.frame(SW)
    latest = _last_per_child(sw.filter(present("CHILD")), "SW_DECOM")[ROW]
    return {
        SW: blank("SW_DEC")
        & present("SW_DECOM")
        & present("CHILD")
        & ~pl.col(ROW).is_in(latest.implode())
    }


SW09_MESSAGE = "Social worker episode appears to have lasted for less than 24 hours."


@rule("903", "SW09STG2", SW09_MESSAGE, tables=[SW], fields=["SW_DECOM", "SW_DEC"])
def _sw09(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {SW: pl.col("SW_DEC") == pl.col("SW_DECOM")}


@rule(
    "903",
    "SW09STG2",
    SW09_MESSAGE,
    tables=[SW],
    fields=["SW_DECOM", "SW_DEC"],
    since="2025-26",
)
def _sw09_2025(ctx: RuleContext) -> dict[str, pl.Expr]:
    # From 2025-26 an episode of under three days is queried (and so is one ending before it began).
    return {SW: (pl.col("SW_DEC") - pl.col("SW_DECOM")).dt.total_days() < 3}


def _sw_pairs(ctx: RuleContext) -> pl.DataFrame:
    """Social worker episodes that follow another of the same child, with that one's dates."""
    sw = ctx.frame(SW).select(ROW, "CHILD", "SW_DECOM", "SW_DEC", "SW_REASON")
    return _with_prev(sw.filter(present("CHILD")), ["SW_DECOM", "SW_DEC"]).filter("_has_prev")


def _sw_not_within_week() -> pl.Expr:
    """Not within 7 days either side of the previous episode's end (unknown dates fail)."""
    lo = pl.col("SW_DEC_prev").dt.offset_by("-7d")
    hi = pl.col("SW_DEC_prev").dt.offset_by("7d")
    return ~((pl.col("SW_DECOM") >= lo) & (pl.col("SW_DECOM") <= hi)).fill_null(False)


def _not_first_contact() -> pl.Expr:
    return (pl.col("SW_REASON") != "FCONTA").fill_null(True)


@rule(
    "903",
    "SW10STG2",
    "A new social worker episode has started before the end date of the previous social worker "
    "episode.",
    tables=[SW],
    fields=["SW_DECOM"],
)
def _sw10(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    bad = _sw_pairs(ctx).filter(_not_first_contact() & _sw_not_within_week())
    return {SW: bad.select(ROW)}


@rule(
    "903",
    "SW10aSTG2",
    "A new social worker episode has started and it is not within +/- 7 days of a previous episode.",
    tables=[SW],
    fields=["SW_DECOM"],
    since="2025-26",
)
def _sw10a(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    bad = _sw_pairs(ctx).filter(_not_first_contact() & _sw_not_within_week())
    return {SW: bad.select(ROW)}


@rule(
    "903",
    "SW10bSTG2",
    "A new social worker episode has started with a reason of first contact before the previous "
    "episode has ended.",
    tables=[SW],
    fields=["SW_DECOM", "SW_REASON"],
    since="2025-26",
)
def _sw10b(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    bad = _sw_pairs(ctx).filter(
        (pl.col("SW_REASON") == "FCONTA") & (pl.col("SW_DECOM") <= pl.col("SW_DEC_prev"))
    )
    return {SW: bad.select(ROW)}


@rule(
    "903",
    "SW11bSTG2",
    "Social worker episode has ended before 31 March and no subsequent social worker episode has "
    "been provided.",
    tables=[SW],
    fields=["SW_DEC"],
)
def _sw11b(ctx: RuleContext) -> dict[str, pl.Expr]:
    end = ctx.collection_end
    window = pl.col("SW_DEC").is_between(pl.lit(end).dt.offset_by("-5d"), pl.lit(end))
    later = (pl.col("SW_DECOM").max().over("CHILD") > pl.col("SW_DECOM")).fill_null(False)
    return {SW: window & ~later}


@rule(
    "903",
    "SW12STG2",
    "If a child is looked after on 31 March then all social worker episodes for the full previous "
    "year should be reported, even those whilst they were not looked after",
    tables=["SWEpisodes", "Episodes"],
    fields=["SW_DECOM"],
)
def _sw12(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    period_start = pl.lit(ctx.collection_start).dt.offset_by("-1y")
    dec = pl.col("DEC")
    not_x1 = (pl.col("REC") != "X1").fill_null(True)
    starts = (pl.col("RNE") == "S").fill_null(False)
    eps = ctx.frame("Episodes").filter(
        (dec.is_between(period_start, pl.lit(ctx.collection_end)) | blank("DEC"))
        & ~pl.col("LS").is_in(["V3", "V4"]).fill_null(False)
        & (starts | not_x1)
    )
    sw = ctx.frame(SW).select("CHILD", "SW_DECOM")
    # Every social worker episode must start by the end of care (unless the episode ends in X1)
    # or on or after the start of care (where care starts with this episode).
    covered = ((pl.col("SW_DECOM") <= dec) & not_x1).fill_null(False) | (
        (pl.col("SW_DECOM") >= pl.col("DECOM")) & starts
    ).fill_null(False)
    pairs = eps.select(ROW, "CHILD", "DECOM", "DEC", "REC", "RNE").join(sw, on="CHILD", how="left")
    bad = pairs.filter(~covered).select(ROW).unique()
    return {"Episodes": bad}


@rule(
    "903",
    "SW13STG1",
    "The reason for social worker change is not valid.",
    tables=[SW],
    fields=["SW_REASON"],
)
def _sw13(ctx: RuleContext) -> dict[str, pl.Expr]:
    codes = ctx.column_codes(SW, "SW_REASON")
    missing = blank("SW_REASON") & (pl.col("SW_DECOM") >= pl.lit(SW_START)).fill_null(False)
    return {SW: not_in("SW_REASON", codes) | missing}


@rule(
    "903",
    "SW17STG2",
    "There is no social worker episode open at 31 March",
    tables=[SW],
    fields=["SW_DEC", "SW_DECOM"],
    since="2025-26",
)
def _sw17(ctx: RuleContext) -> dict[str, pl.Expr]:
    latest = pl.col("SW_DECOM") == pl.col("SW_DECOM").max().over("CHILD")
    # the latest-started episode(s) of a child, none of them open
    open_latest = (latest & blank("SW_DEC")).any().over("CHILD")
    return {SW: latest & present("SW_DEC") & ~open_latest}


@rule(
    "903",
    "SW18STG2",
    "The end date of the social worker episode is before the start date",
    tables=[SW],
    fields=["SW_DEC", "SW_DECOM"],
    since="2025-26",
)
def _sw18(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {SW: pl.col("SW_DEC") <= pl.col("SW_DECOM")}


@rule(
    "903",
    "SW19STG2",
    "There are 2 social worker episodes for the child starting on the same date.",
    tables=[SW],
    fields=["SW_DEC", "SW_DECOM"],
    since="2025-26",
)
def _sw19(ctx: RuleContext) -> dict[str, pl.Expr]:
    # every repeat after the first (as written) of a child's start date
    return {SW: pl.int_range(pl.len()).over(["CHILD", raw_name("SW_DECOM")]) > 0}
