"""SSDA903 rules 547-635: OC2 health, placed for adoption, missing periods, adoption (AD1),
motherhood and previous permanence."""

from __future__ import annotations

import polars as pl

from opencsc.returns.data import ROW, raw_name
from opencsc.returns.engine import RuleContext, Severity, blank, present, rule

ADOPTION_PLACES = ["A3", "A4", "A5", "A6"]
ADOPTED = ["E11", "E12"]
AD1_FIELDS = ["DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"]
# Local authority codes (and places outside England) where a previous permanence option
# may have been arranged, as the DfE lists them for rule 633.
_PERM_LA_TEXT = (
    "800,889,822,301,304,303,330,825,837,302,846,370,350,890,867,380,305,801,351,873,823,895,"
    "896,381,909,202,908,331,306,841,830,831,878,371,835,332,840,307,308,811,881,845,390,916,"
    "203,876,850,311,204,884,312,205,313,805,919,310,309,420,921,206,207,886,810,382,314,340,"
    "888,208,856,383,855,209,925,341,201,821,352,806,887,826,315,929,812,391,926,892,813,802,"
    "928,891,392,316,815,353,931,879,836,851,874,807,354,317,870,318,372,857,333,935,343,803,"
    "373,342,893,356,355,871,394,334,933,882,936,861,852,319,860,808,393,866,210,357,894,883,"
    "880,358,211,937,869,320,359,865,384,335,336,212,868,872,885,344,877,213,938,816,999,"
    "WAL,SCO,NUK,NIR"
)
PERM_LA_CODES = frozenset(_PERM_LA_TEXT.split(","))

# Private helpers.


def _given(col: str) -> pl.Expr:
    """A date column with any text written in it (valid or not)."""
    return pl.col(raw_name(col)).is_not_null()


def _unwritten(col: str) -> pl.Expr:
    return pl.col(raw_name(col)).is_null()


def _rows(frame: pl.DataFrame, col: str = ROW) -> pl.DataFrame:
    return frame.select(pl.col(col).alias(ROW)).unique()


def _in_year(ctx: RuleContext, col: str) -> pl.Expr:
    return pl.col(col).is_between(pl.lit(ctx.collection_start), pl.lit(ctx.collection_end))


def _periods_of_care(ctx: RuleContext) -> pl.DataFrame:
    """Each child's periods of care: `_poc_start` (first DECOM) and `_poc_end` (the DEC of the
    period's last episode). A new period starts when an episode starts after the previous one
    ended."""
    eps = (
        ctx.frame("Episodes")
        .filter(present("DECOM"))
        .sort(["CHILD", "DECOM", ROW])
        .select("CHILD", "DECOM", "DEC")
    )
    new = (pl.col("CHILD") != pl.col("CHILD").shift(1)).fill_null(True) | (
        pl.col("DECOM") > pl.col("DEC").shift(1)
    ).fill_null(False)
    eps = eps.with_columns(new.cast(pl.UInt32).cum_sum().alias("_poc"))
    return eps.group_by("_poc", maintain_order=True).agg(
        pl.col("CHILD").first(),
        pl.col("DECOM").first().alias("_poc_start"),
        pl.col("DEC").last().alias("_poc_end"),
    )


def _missing_outside_all_periods(ctx: RuleContext, outside: pl.Expr) -> pl.DataFrame:
    """Missing rows for which `outside` holds against every period of care of the child
    (children with no episodes are not judged)."""
    mis = ctx.frame("Missing").select(ROW, "CHILD", "MIS_START", "MIS_END")
    joined = mis.join(_periods_of_care(ctx), on="CHILD", how="inner")
    return (
        joined.group_by(ROW)
        .agg(outside.fill_null(False).all().alias("_out"))
        .filter(pl.col("_out"))
        .select(ROW)
    )


def _latest_first(frame: pl.DataFrame, by: str, col: str, latest: bool) -> pl.DataFrame:
    """One row per `by`: the row with the latest (or earliest) `col` (ties: the first row)."""
    return (
        frame.filter(pl.col(col).is_not_null())
        .sort([col, ROW], descending=[latest, False])
        .unique(by, keep="first", maintain_order=True)
    )


def _compare_previous(frame: pl.DataFrame, start: str, end: str, order: list[str]) -> pl.DataFrame:
    """Rows that start while the child's previous row (in `order`) is open or before it ended."""
    ordered = frame.sort(["CHILD", *order, ROW], nulls_last=True)
    prev_end = pl.col(end).shift(1).over("CHILD")
    has_prev = pl.col(ROW).shift(1).over("CHILD").is_not_null()
    bad = has_prev & (prev_end.is_null() | (pl.col(start) < prev_end).fill_null(False))
    return ordered.filter(bad).select(ROW)


# OC2 (547).


@rule(
    "903",
    "547",
    "Any child who has health promotion information completed must also have immunisation, "
    "teeth check, health assessment and substance misuse problem identified fields completed.",
    tables=["OC2"],
    fields=[
        "HEALTH_CHECK",
        "IMMUNISATIONS",
        "TEETH_CHECK",
        "HEALTH_ASSESSMENT",
        "SUBSTANCE_MISUSE",
    ],
)
def _547(ctx: RuleContext) -> dict[str, pl.Expr]:
    missing = pl.any_horizontal(
        blank(c) for c in ("IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE")
    )
    return {"OC2": (pl.col("HEALTH_CHECK") == "1").fill_null(False) & missing}


# Placement provider and placed for adoption (550-563, 579, 583, 584).


@rule(
    "903",
    "550",
    "A placement provider code of PR0 can only be associated with placement P1.",
    tables=["Episodes"],
    fields=["PLACE", "PLACE_PROVIDER"],
)
def _550(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {
        "Episodes": (pl.col("PLACE_PROVIDER") == "PR0").fill_null(False)
        & pl.col("PLACE").ne_missing(pl.lit("P1"))
    }


@rule(
    "903",
    "551",
    "Child has been placed for adoption but there is no date of the decision that the child "
    "should be placed for adoption.",
    tables=["Episodes"],
    needs=["Episodes", "PlacedAdoption"],
    fields=["DATE_PLACED", "PLACE"],
)
def _551(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    # Children with a decision on record, every one of which carries a date.
    dated = (
        ctx.frame("PlacedAdoption")
        .group_by("CHILD")
        .agg(_given("DATE_PLACED").all().alias("_dated"))
        .filter(pl.col("_dated"))
        .select("CHILD")
    )
    eps = ctx.frame("Episodes").filter(pl.col("PLACE").is_in(ADOPTION_PLACES))
    return {"Episodes": eps.join(dated, on="CHILD", how="anti").select(ROW)}


@rule(
    "903",
    "552",
    "Date of Decision to place a child for adoption should be on or prior to the date that the "
    "child was placed for adoption.",
    tables=["Episodes", "PlacedAdoption"],
    fields=["DATE_PLACED", "DECOM"],
)
def _552(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    eps = ctx.frame("Episodes").filter(pl.col("PLACE").is_in(ADOPTION_PLACES))
    first = _latest_first(eps, "CHILD", "DECOM", latest=False).select(
        "CHILD", "DECOM", pl.col(ROW).alias("_erow")
    )
    last = _latest_first(ctx.frame("PlacedAdoption"), "CHILD", "DATE_PLACED", latest=True)
    bad = first.join(last.select("CHILD", "DATE_PLACED", ROW), on="CHILD").filter(
        pl.col("DECOM") < pl.col("DATE_PLACED")
    )
    return {"Episodes": _rows(bad, "_erow"), "PlacedAdoption": _rows(bad)}


@rule(
    "903",
    "553",
    "Placement order has been granted but there is no date of decision that the child should "
    "be placed for adoption.",
    tables=["Episodes", "PlacedAdoption"],
    fields=["CHILD", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"],
)
def _553(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    pa = ctx.frame("PlacedAdoption")
    e1 = ctx.frame("Episodes").filter(pl.col("LS") == "E1")
    no_decision = e1.join(pa.select("CHILD").unique(), on="CHILD", how="anti")
    open_e1 = e1.filter(blank("DEC")).select("CHILD").unique()
    ceased = pa.filter(_given("DATE_PLACED_CEASED") | present("REASON_PLACED_CEASED")).join(
        open_e1, on="CHILD", how="semi"
    )
    return {"Episodes": _rows(no_decision), "PlacedAdoption": _rows(ceased)}


@rule(
    "903",
    "554",
    "Date of decision that the child should be placed for adoption should be on or prior to the "
    "date that the placement order was granted. [NOTE: This rule may result in false positives "
    "or false negatives if relevant episodes are in previous years; please check carefully!]",
    tables=["Episodes", "PlacedAdoption"],
    fields=["DATE_PLACED", "DECOM", "LS"],
    severity=Severity.QUERY,
)
def _554(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    e1 = ctx.frame("Episodes").filter(pl.col("LS") == "E1")
    first = _latest_first(e1, "CHILD", "DECOM", latest=False).select(
        "CHILD", "DECOM", pl.col(ROW).alias("_erow")
    )
    pa = ctx.frame("PlacedAdoption").select(ROW, "CHILD", "DATE_PLACED")
    bad = first.join(pa, on="CHILD").filter(pl.col("DATE_PLACED") > pl.col("DECOM"))
    return {"Episodes": _rows(bad, "_erow"), "PlacedAdoption": _rows(bad)}


@rule(
    "903",
    "557",
    "Child for whom the decision was made that they should be placed for adoption has left care "
    "but was not adopted and information on the decision that they should no longer be placed "
    "for adoption items has not been completed.",
    tables=["Episodes", "PlacedAdoption"],
    fields=["DATE_PLACED_CEASED", "REASON_PLACED_CEASED", "PLACE", "LS", "REC"],
)
def _557(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    eps = ctx.frame("Episodes").filter(
        (pl.col("PLACE").is_in(ADOPTION_PLACES) | (pl.col("LS") == "E1")).fill_null(False)
        & present("REC")
        & ~pl.col("REC").is_in([*ADOPTED, "X1"])
    )
    pa = ctx.frame("PlacedAdoption")
    incomplete = pa.filter(_unwritten("DATE_PLACED_CEASED") | blank("REASON_PLACED_CEASED"))
    no_decision = eps.join(pa.select("CHILD").unique(), on="CHILD", how="anti")
    with_incomplete = eps.join(incomplete.select("CHILD").unique(), on="CHILD", how="semi")
    pa_bad = incomplete.join(eps.select("CHILD").unique(), on="CHILD", how="semi")
    return {
        "Episodes": pl.concat([_rows(no_decision), _rows(with_incomplete)]).unique(),
        "PlacedAdoption": _rows(pa_bad),
    }


@rule(
    "903",
    "558",
    "If a child has been adopted, then the decision to place them for adoption has not been "
    "disrupted and the date of the decision that a child should no longer be placed for "
    "adoption should be left blank.",
    tables=["Episodes"],
    needs=["Episodes", "PlacedAdoption"],
    fields=["DATE_PLACED_CEASED", "REC"],
)
def _558(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    # Children with more than one decision, every one of them ceased (so the latest too).
    ceased = (
        ctx.frame("PlacedAdoption")
        .group_by("CHILD")
        .agg(_given("DATE_PLACED_CEASED").all().alias("_all"), pl.len().alias("_n"))
        .filter(pl.col("_all") & (pl.col("_n") > 1))
        .select("CHILD")
    )
    adopted = ctx.frame("Episodes").filter(pl.col("REC").is_in(ADOPTED))
    return {"Episodes": _rows(adopted.join(ceased, on="CHILD", how="semi"))}


def _with_last_pa(ctx: RuleContext) -> pl.DataFrame:
    last = ctx.frame("PlacedAdoption_last").select(
        "CHILD",
        pl.col("DATE_PLACED").alias("_dp_last"),
        _given("DATE_PLACED").alias("_dp_last_given"),
        _given("DATE_PLACED_CEASED").alias("_ceased_last"),
        present("REASON_PLACED_CEASED").alias("_reason_last"),
    )
    return ctx.frame("PlacedAdoption").join(last, on="CHILD", how="inner")


@rule(
    "903",
    "559",
    "Date of decision that a child should be placed for adoption was not in the current year but "
    "the date of the decision that the child should be placed for adoption was not completed in "
    "a previous return.",
    tables=["PlacedAdoption"],
    needs=["PlacedAdoption", "PlacedAdoption_last"],
    fields=["DATE_PLACED"],
)
def _559(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    dated_last = ctx.frame("PlacedAdoption_last").filter(_given("DATE_PLACED")).select("CHILD")
    before = ctx.frame("PlacedAdoption").filter(
        pl.col("DATE_PLACED") < pl.lit(ctx.collection_start)
    )
    return {"PlacedAdoption": _rows(before.join(dated_last.unique(), on="CHILD", how="anti"))}


@rule(
    "903",
    "560",
    "Date of decision that the child should be placed for adoption this year is different from "
    "that recorded last year but the decision to place the child for adoption did not change.",
    tables=["PlacedAdoption"],
    needs=["PlacedAdoption", "PlacedAdoption_last"],
    fields=["DATE_PLACED", "DATE_PLACED_CEASED"],
)
def _560(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    joined = _with_last_pa(ctx).filter(
        pl.col("_dp_last_given")
        & ~pl.col("_ceased_last")
        & pl.col("DATE_PLACED").ne_missing(pl.col("_dp_last"))
    )
    return {"PlacedAdoption": _rows(joined)}


@rule(
    "903",
    "561",
    "Date of the decision that the child should be placed for adoption this year is the same as "
    "that recorded last year but records show that the decision changed, and the child should "
    "no longer be placed for adoption last year.",
    tables=["PlacedAdoption"],
    needs=["PlacedAdoption", "PlacedAdoption_last"],
    fields=["DATE_PLACED"],
)
def _561(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    joined = _with_last_pa(ctx).filter(
        (pl.col("DATE_PLACED") == pl.col("_dp_last")).fill_null(False)
        & (pl.col("_ceased_last") | pl.col("_reason_last"))
    )
    return {"PlacedAdoption": _rows(joined)}


@rule(
    "903",
    "562",
    "Episode commenced before the start of the current collection year but there is a missing "
    "continuous episode in the previous year.",
    tables=["Episodes"],
    needs=["Episodes", "Episodes_last"],
    fields=["DECOM"],
)
def _562(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    before = ctx.frame("Episodes").filter(pl.col("DECOM") < pl.lit(ctx.collection_start))
    first = _latest_first(before, "CHILD", "DECOM", latest=False)
    last = _latest_first(ctx.frame("Episodes_last"), "CHILD", "DECOM", latest=True)
    return {
        "Episodes": _rows(
            first.join(last.select("CHILD", "DECOM"), on=["CHILD", "DECOM"], how="anti")
        )
    }


@rule(
    "903",
    "563",
    "The child should no longer be placed for adoption but the date of the decision that the "
    "child should be placed for adoption is blank",
    tables=["PlacedAdoption"],
    fields=["DATE_PLACED", "REASON_PLACED_CEASED", "DATE_PLACED_CEASED"],
)
def _563(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {
        "PlacedAdoption": present("REASON_PLACED_CEASED")
        & _given("DATE_PLACED_CEASED")
        & _unwritten("DATE_PLACED")
    }


@rule(
    "903",
    "579",
    "A new decision that the child should be placed for adoption this year cannot start when the "
    "previous decision is still open. Decisions to place the child for adoption should also not "
    "overlap. The date of any new decision to place the child for adoption must not be before "
    "the date placed ceased of previous decisions.",
    tables=["PlacedAdoption"],
    fields=["DATE_PLACED", "DATE_PLACED_CEASED"],
)
def _579(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    pa = ctx.frame("PlacedAdoption")
    return {
        "PlacedAdoption": _compare_previous(
            pa, "DATE_PLACED", "DATE_PLACED_CEASED", ["DATE_PLACED"]
        )
    }


@rule(
    "903",
    "583",
    "More than one date the child should be placed for adoption has been reported, but an earlier "
    "decision has not been revoked. Check that both dates are required and add in the date the "
    "earlier decision was revoked. Note this may be in a previous year.",
    tables=["PlacedAdoption"],
    fields=["DATE_PLACED", "DATE_PLACED_CEASED"],
)
def _583(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    pa = ctx.frame("PlacedAdoption")
    latest = (
        pa.sort(["DATE_PLACED", ROW], descending=[True, False], nulls_last=True)
        .unique("CHILD", keep="first")
        .select(ROW)
    )
    earlier = pa.join(latest, on=ROW, how="anti").filter(_unwritten("DATE_PLACED_CEASED"))
    return {"PlacedAdoption": _rows(earlier)}


@rule(
    "903",
    "584",
    "Date of decision that the child should be placed for adoption this year is different from "
    "that recorded last year, but the decision to placed the child for adoption changed and the "
    "child should no longer be placed for adoption.",
    tables=["PlacedAdoption"],
    needs=["PlacedAdoption", "PlacedAdoption_last"],
    fields=["DATE_PLACED"],
)
def _584(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    joined = _with_last_pa(ctx).filter(
        (pl.col("_ceased_last") | pl.col("_reason_last"))
        & (
            pl.col("DATE_PLACED").is_null()
            | (pl.col("DATE_PLACED") <= pl.col("_dp_last")).fill_null(False)
        )
    )
    return {"PlacedAdoption": _rows(joined)}


# Missing periods (564-581, 586).


@rule(
    "903",
    "564",
    "Child was missing or away from placement without authorisation and the date started is blank.",
    tables=["Missing"],
    fields=["MISSING", "MIS_START"],
)
def _564(ctx: RuleContext) -> dict[str, pl.Expr]:
    kind = pl.col("MISSING").str.to_uppercase().is_in(["M", "A"]).fill_null(False)
    return {"Missing": kind & _unwritten("MIS_START")}


@rule(
    "903",
    "565",
    "The date that the child started to be missing or away from placement without authorisation "
    "has been completed but whether the child was missing or away from placement without "
    "authorisation has not been completed.",
    tables=["Missing"],
    fields=["MISSING", "MIS_START"],
)
def _565(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"Missing": _given("MIS_START") & blank("MISSING")}


@rule(
    "903",
    "566",
    "The date that the child's episode of being missing or away from placement without "
    "authorisation ended has been completed but whether the child was missing or away without "
    "authorisation has not been completed.",
    tables=["Missing"],
    fields=["MISSING", "MIS_END"],
)
def _566(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"Missing": _given("MIS_END") & blank("MISSING")}


@rule(
    "903",
    "567",
    "The date that the missing episode or episode that the child was away from placement without "
    "authorisation ended is before the date that it started.",
    tables=["Missing"],
    fields=["MIS_START", "MIS_END"],
)
def _567(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"Missing": pl.col("MIS_START") > pl.col("MIS_END")}


@rule(
    "903",
    "570",
    "The date that the child started to be missing or away from placement without authorisation "
    "is after the end of the collection year.",
    tables=["Missing"],
    fields=["MIS_START"],
)
def _570(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"Missing": pl.col("MIS_START") > pl.lit(ctx.collection_end)}


@rule(
    "903",
    "571",
    "The date that the child ceased to be missing or away from placement without authorisation "
    "is before the start or after the end of the collection year.",
    tables=["Missing"],
    fields=["MIS_END"],
)
def _571(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"Missing": present("MIS_END") & ~_in_year(ctx, "MIS_END")}


@rule(
    "903",
    "574",
    "A new missing/away from placement without authorisation period cannot start when the "
    "previous missing/away from placement without authorisation period is still open. "
    "Missing/away from placement without authorisation periods should also not overlap.",
    tables=["Missing"],
    fields=["MIS_START", "MIS_END"],
)
def _574(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    mis = ctx.frame("Missing").with_columns(
        pl.col("MIS_END").fill_null(pl.col("MIS_START")).alias("_end_fill")
    )
    return {"Missing": _compare_previous(mis, "MIS_START", "MIS_END", ["_end_fill", "MIS_START"])}


@rule(
    "903",
    "575",
    "If the placement from which the child goes missing/away from placement without "
    "authorisation ends, the missing/away from placement without authorisation period in the "
    "missing module must also have an end date.",
    tables=["Missing"],
    needs=["Episodes", "Missing"],
    fields=["MIS_END"],
)
def _575(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    eps = ctx.frame("Episodes").filter(present("DEC")).select("CHILD", "DECOM", "DEC")
    # "must also have an end date": a mistyped end date is given (1005 reports it)
    mis = ctx.frame("Missing").filter(_unwritten("MIS_END"))
    bad = mis.join(eps, on="CHILD").filter(
        (pl.col("MIS_START") >= pl.col("DECOM")) & (pl.col("MIS_START") <= pl.col("DEC"))
    )
    return {"Missing": _rows(bad)}


@rule(
    "903",
    "576",
    "There is an open missing/away from placement without authorisation period in last year’s "
    "return and there is no corresponding period recorded at the start of this year.",
    tables=["Missing"],
    needs=["Missing", "Missing_last"],
    fields=["CHILD"],
)
def _576(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    mis = ctx.frame("Missing")
    first = mis.sort(["MIS_START", ROW], nulls_last=True).unique("CHILD", keep="first")
    open_last = (
        ctx.frame("Missing_last")
        .filter(blank("MIS_END") & present("MIS_START"))
        .select("CHILD", pl.col("MIS_START").alias("_start_last"))
    )
    bad = first.join(open_last, on="CHILD").filter(
        pl.col("MIS_START").ne_missing(pl.col("_start_last"))
    )
    return {"Missing": _rows(bad)}


@rule(
    "903",
    "577",
    "Child ceased to be looked after but there is a missing/away from placement without "
    "authorisation period without an end date.",
    tables=["Missing"],
    needs=["Episodes", "Missing"],
    fields=["MIS_END"],
)
def _577(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    start, end = pl.col("_poc_start"), pl.col("_poc_end")
    open_mis = pl.col("MIS_END").is_null()
    outside = (
        (open_mis & end.is_not_null())
        | (open_mis & (pl.col("MIS_START") < start))
        | (pl.col("MIS_END") > end)
        | (pl.col("MIS_END") < start)
    )
    rows = _missing_outside_all_periods(ctx, outside.fill_null(False))
    started = ctx.frame("Missing").filter(present("MIS_START")).select(ROW)
    return {"Missing": rows.join(started, on=ROW, how="semi")}


@rule(
    "903",
    "578",
    "The date that the child started to be missing is after the child ceased to be looked after.",
    tables=["Missing"],
    needs=["Episodes", "Missing"],
    fields=["MIS_START"],
)
def _578(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    outside = (pl.col("MIS_START") < pl.col("_poc_start")).fill_null(False) | (
        pl.col("MIS_START") > pl.col("_poc_end")
    ).fill_null(False)
    return {"Missing": _missing_outside_all_periods(ctx, outside)}


@rule(
    "903",
    "580",
    "Child is missing when cease being looked after but reason episode ceased not ‘E8’.",
    tables=["Episodes"],
    needs=["Episodes", "Missing"],
    fields=["REC"],
)
def _580(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    mis = ctx.frame("Missing").select(
        "CHILD", "MIS_END", pl.col("DOB").dt.offset_by("18y").alias("_bd18")
    )
    eps = ctx.frame("Episodes").filter(present("DEC"))
    bad = eps.join(mis, on="CHILD").filter(
        (pl.col("_bd18") == pl.col("MIS_END")).fill_null(False)
        & (pl.col("MIS_END") == pl.col("DEC")).fill_null(False)
        & pl.col("REC").ne_missing(pl.lit("E8"))
    )
    return {"Episodes": _rows(bad)}


@rule(
    "903",
    "581",
    "Child is missing but has not yet started to be looked after.",
    tables=["Missing"],
    needs=["Episodes", "Missing"],
    fields=["MIS_START"],
)
def _581(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    eps = ctx.frame("Episodes").select("CHILD", "DECOM", "DEC")
    mis = ctx.frame("Missing").filter(present("MIS_START")).select(ROW, "CHILD", "MIS_START")
    inside = (pl.col("MIS_START") >= pl.col("DECOM")) & (
        (pl.col("MIS_START") <= pl.col("DEC")) | pl.col("DEC").is_null()
    )
    judged = mis.join(eps, on="CHILD").group_by(ROW).agg(inside.fill_null(False).any().alias("_in"))
    return {"Missing": judged.filter(~pl.col("_in")).select(ROW)}


@rule(
    "903",
    "586",
    "Dates of missing periods are before child’s date of birth.",
    tables=["Missing"],
    fields=["MIS_START"],
)
def _586(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"Missing": pl.col("MIS_START") <= pl.col("DOB")}


# Adoption (AD1) (582, 601, 602).


@rule(
    "903",
    "582",
    "Child is showing as ceasing to be looked after due to adoption, but the date of adoption is "
    "the same as the date reported for being matched with adopters. In most circumstances we "
    "expect the date the child is matched with adopters to be before the date of adoption.",
    tables=["Episodes"],
    needs=["Episodes", "AD1"],
    fields=["DEC", "DATE_MATCH"],
)
def _582(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    eps = ctx.frame("Episodes").filter(pl.col("REC").is_in(ADOPTED))
    ad1 = ctx.frame("AD1").select("CHILD", "DATE_MATCH")
    return {
        "Episodes": _rows(eps.join(ad1, on="CHILD").filter(pl.col("DEC") == pl.col("DATE_MATCH")))
    }


def _adopted_in_year(ctx: RuleContext) -> pl.DataFrame:
    return ctx.frame("Episodes").filter(
        _in_year(ctx, "DEC").fill_null(False) & pl.col("REC").is_in(ADOPTED)
    )


def _ad1_written(col: str) -> pl.Expr:
    """An AD1 field with anything written in it (dates as written)."""
    return _given(col) if col in ("DATE_INT", "DATE_MATCH") else present(col)


@rule(
    "903",
    "601",
    "The additional fields relating to adoption have not been completed although the episode "
    "data shows that the child was adopted during the year.",
    tables=["Episodes", "AD1"],
    fields=["REC", *AD1_FIELDS],
)
def _601(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    ad1 = ctx.frame("AD1").filter(~pl.all_horizontal(_ad1_written(c) for c in AD1_FIELDS))
    eps = _adopted_in_year(ctx).select("CHILD", pl.col(ROW).alias("_erow"))
    bad = eps.join(ad1.select("CHILD", ROW), on="CHILD")
    return {"AD1": _rows(bad), "Episodes": _rows(bad, "_erow")}


@rule(
    "903",
    "602",
    "The episode data submitted for this child does not show that he/she was adopted during the "
    "year.",
    tables=["AD1"],
    needs=["Episodes", "AD1"],
    fields=["CHILD"],
)
def _602(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    ad1 = ctx.frame("AD1").filter(pl.any_horizontal(_ad1_written(c) for c in AD1_FIELDS))
    adopted = _adopted_in_year(ctx).select("CHILD").unique()
    return {"AD1": _rows(ad1.join(adopted, on="CHILD", how="anti"))}


# Motherhood (607-628).


@rule(
    "903",
    "607",
    "Child ceased to be looked after in the year, but mother field has not been completed.",
    tables=["Episodes", "Header"],
    fields=["DEC", "REC", "MOTHER", "LS", "SEX"],
)
def _607(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    eps = ctx.frame("Episodes").filter(
        _in_year(ctx, "DEC").fill_null(False)
        & present("REC")
        & (pl.col("REC") != "X1")
        & ~pl.col("LS").is_in(["V3", "V4"]).fill_null(False)
    )
    girls = ctx.frame("Header").filter((pl.col("SEX") == "F") & blank("MOTHER"))
    bad = eps.select("CHILD", pl.col(ROW).alias("_erow")).join(
        girls.select("CHILD", ROW), on="CHILD"
    )
    return {"Episodes": _rows(bad, "_erow"), "Header": _rows(bad)}


@rule(
    "903",
    "611",
    "Date of birth field is blank, but child is a mother.",
    tables=["Header"],
    fields=["MOTHER", "MC_DOB"],
)
def _611(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"Header": (pl.col("MOTHER") == "1").fill_null(False) & _unwritten("MC_DOB")}


@rule(
    "903",
    "612",
    "Date of birth field has been completed but mother field indicates child is not a mother.",
    tables=["Header"],
    fields=["SEX", "MOTHER", "MC_DOB"],
)
def _612(ctx: RuleContext) -> dict[str, pl.Expr]:
    not_mother = pl.col("MOTHER").fill_null("0") == "0"
    return {"Header": not_mother & (pl.col("SEX") == "F").fill_null(False) & _given("MC_DOB")}


@rule(
    "903",
    "620",
    "Child has been recorded as a mother, but date of birth shows that the mother is under 11 "
    "years of age.",
    tables=["Header"],
    fields=["DOB", "MOTHER"],
)
def _620(ctx: RuleContext) -> dict[str, pl.Expr]:
    young = pl.col("DOB").dt.offset_by("11y") > pl.lit(ctx.collection_start)
    return {"Header": (pl.col("MOTHER") == "1") & young}


@rule(
    "903",
    "621",
    "Mother’s field has been completed but date of birth shows that the mother is younger than "
    "her child.",
    tables=["Header"],
    fields=["DOB", "MC_DOB"],
)
def _621(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"Header": pl.col("MC_DOB") <= pl.col("DOB")}


@rule(
    "903",
    "624",
    "Date of birth of the first child contradicts the date of birth of the first child "
    "previously recorded.",
    tables=["Header"],
    needs=["Header", "Header_last"],
    fields=["MC_DOB"],
)
def _624(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    last = (
        ctx.frame("Header_last")
        .filter(_given("MC_DOB"))
        .select("CHILD", pl.col("MC_DOB").alias("_mc_last"))
    )
    bad = (
        ctx.frame("Header")
        .join(last, on="CHILD")
        .filter(pl.col("MC_DOB").ne_missing(pl.col("_mc_last")))
    )
    return {"Header": _rows(bad)}


@rule(
    "903",
    "625",
    "Date of birth of the first child is beyond the end of this reporting year or the date the "
    "child ceased to be looked after.",
    tables=["Episodes", "Header"],
    fields=["MC_DOB", "DEC"],
)
def _625(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    latest = _latest_first(ctx.frame("Episodes"), "CHILD", "DEC", latest=True).select(
        "CHILD", "DEC", pl.col(ROW).alias("_erow")
    )
    header = ctx.frame("Header").select("CHILD", "MC_DOB", ROW)
    bad = latest.join(header, on="CHILD").filter(
        (pl.col("MC_DOB") > pl.lit(ctx.collection_end)) | (pl.col("MC_DOB") > pl.col("DEC"))
    )
    return {"Episodes": _rows(bad, "_erow"), "Header": _rows(bad)}


@rule(
    "903",
    "626",
    "Child was reported as a mother but the date of birth of the first child is before the "
    "current year which contradicts with the mother status recorded last year.",
    tables=["Header"],
    needs=["Header", "Header_last"],
    fields=["MOTHER", "MC_DOB"],
)
def _626(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    last = ctx.frame("Header_last").select("CHILD", pl.col("MOTHER").alias("_mother_last"))
    bad = (
        ctx.frame("Header")
        .join(last, on="CHILD")
        .filter(
            (pl.col("MOTHER") == "1")
            & (pl.col("_mother_last") == "0")
            & (pl.col("MC_DOB") < pl.lit(ctx.collection_start))
        )
    )
    return {"Header": _rows(bad)}


@rule(
    "903",
    "628",
    "Motherhood details are not required for care leavers who have not been looked after during "
    "the year.",
    tables=["Header"],
    needs=["Episodes", "Header", "OC3"],
    fields=["MOTHER"],
)
def _628(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    leavers = (
        ctx.frame("OC3")
        .filter(present("IN_TOUCH") | present("ACTIV") | present("ACCOM"))
        .select("CHILD")
        .unique()
    )
    looked_after = ctx.frame("Episodes").select("CHILD").unique()
    bad = (
        ctx.frame("Header")
        .filter(present("MOTHER"))
        .join(looked_after, on="CHILD", how="anti")
        .join(leavers, on="CHILD", how="semi")
    )
    return {"Header": _rows(bad)}


# Previous permanence (630-635).


def _perm_date() -> pl.Expr:
    """DATE_PERM as a date; an unknown day (ZZ) is taken as the month's last day, an unknown
    month (ZZ) as the year's last day and an unknown year (ZZZZ) as 2000, so that partial dates
    give no false alarms. Null when not a date."""
    parts = pl.col("DATE_PERM").str.to_uppercase().str.split("/")
    day, month, year = (
        parts.list.get(0, null_on_oob=True),
        parts.list.get(1, null_on_oob=True),
        parts.list.get(2, null_on_oob=True),
    )
    text = pl.concat_str(
        day.replace("ZZ", "01"),
        pl.lit("/"),
        month.replace("ZZ", "01"),
        pl.lit("/"),
        year.replace("ZZZZ", "2000"),
    )
    parsed = pl.when(parts.list.len() == 3).then(text.str.to_date("%d/%m/%Y", strict=False))
    return (
        pl.when(year == "ZZZZ")
        .then(parsed)
        .when(month == "ZZ")
        .then(parsed.dt.offset_by("1y").dt.offset_by("-1d"))
        .when(day == "ZZ")
        .then(parsed.dt.month_end())
        .otherwise(parsed)
    )


@rule(
    "903",
    "630",
    "Information on previous permanence option should be returned.",
    tables=["Episodes"],
    needs=["Episodes", "PrevPerm"],
    fields=["RNE"],
)
def _630(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    eps = ctx.frame("Episodes").filter(
        (pl.col("RNE") == "S") & (pl.col("DECOM") >= pl.lit(ctx.collection_start))
    )
    prev = ctx.frame("PrevPerm")
    incomplete = prev.filter(
        blank("PREV_PERM")
        | ((pl.col("PREV_PERM") != "Z1") & (blank("LA_PERM") | blank("DATE_PERM")))
    ).select("CHILD")
    bad = pl.concat(
        [
            eps.join(prev.select("CHILD").unique(), on="CHILD", how="anti").select(ROW),
            eps.join(incomplete.unique(), on="CHILD", how="semi").select(ROW),
        ]
    )
    return {"Episodes": bad.unique()}


@rule(
    "903",
    "631",
    "Previous permanence option not a valid value.",
    tables=["PrevPerm"],
    fields=["PREV_PERM"],
)
def _631(ctx: RuleContext) -> dict[str, pl.Expr]:
    codes = ctx.column_codes("PrevPerm", "PREV_PERM")
    return {"PrevPerm": present("PREV_PERM") & ~pl.col("PREV_PERM").is_in(codes)}


@rule(
    "903",
    "632",
    "Date of previous permanence order not a valid value. NOTE: This rule may result in false "
    "negatives where the period of care started before the current collection year",
    tables=["Episodes", "PrevPerm"],
    fields=["DATE_PERM", "DECOM"],
)
def _632(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    first = _latest_first(ctx.frame("Episodes"), "CHILD", "DECOM", latest=False).select(
        "CHILD", "DECOM", pl.col(ROW).alias("_erow")
    )
    prev = ctx.frame("PrevPerm").select(ROW, "CHILD", "DATE_PERM", _perm_date().alias("_perm"))
    bad = first.join(prev, on="CHILD").filter(
        (pl.col("_perm") >= pl.col("DECOM")).fill_null(False)
        | (present("DATE_PERM") & pl.col("_perm").is_null())
    )
    return {"Episodes": _rows(bad, "_erow"), "PrevPerm": _rows(bad)}


@rule(
    "903",
    "633",
    "Local authority code where previous permanence option was arranged is not a valid value.",
    tables=["PrevPerm"],
    fields=["LA_PERM"],
)
def _633(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"PrevPerm": present("LA_PERM") & ~pl.col("LA_PERM").is_in(sorted(PERM_LA_CODES))}


@rule(
    "903",
    "634",
    "There are entries for previous permanence options, but child has not started to be looked "
    "after from 1 April 2016 onwards.",
    tables=["Episodes", "PrevPerm"],
    fields=["LA_PERM", "PREV_PERM", "DATE_PERM", "DECOM"],
)
def _634(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    eps = ctx.frame("Episodes")
    old = (
        eps.group_by("CHILD")
        .agg(pl.col("DECOM").max().alias("_last_decom"))
        .filter(pl.col("_last_decom") < pl.lit(ctx.collection_start))
        .select("CHILD")
    )
    prev = ctx.frame("PrevPerm").filter(
        present("PREV_PERM") | present("DATE_PERM") | present("LA_PERM")
    )
    prev_bad = prev.join(old, on="CHILD", how="semi")
    eps_bad = eps.join(prev_bad.select("CHILD").unique(), on="CHILD", how="semi")
    return {"Episodes": _rows(eps_bad), "PrevPerm": _rows(prev_bad)}


@rule(
    "903",
    "635",
    "There are entries for date of order and local authority code where previous permanence "
    "option was arranged but previous permanence code is Z1",
    tables=["PrevPerm"],
    fields=["LA_PERM", "DATE_PERM", "PREV_PERM"],
)
def _635(ctx: RuleContext) -> dict[str, pl.Expr]:
    unknown = pl.col("PREV_PERM").fill_null("Z1") == "Z1"
    return {"PrevPerm": (present("LA_PERM") | present("DATE_PERM")) & unknown}
