"""SSDA903 rules 202-399: header against last year, temporary and respite placements, reasons
episodes ceased, ages at leaving, postcodes and V3/V4 short breaks.

Rules on Ofsted URNs (218-243) are in `providers.py`, on the UASC flag (205C, 303) in
`uasc_flag.py`, and on postcode look-ups (392a, 392c) in `locations.py`.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from opencsc.returns.data import ROW
from opencsc.returns.engine import RuleContext, blank, present, rule

_TEMP = ["T0", "T1", "T2", "T3", "T4"]
_RESPITE = ["V3", "V4"]


def _in(col: str, codes: list[str]) -> pl.Expr:
    """`col` is one of `codes` (blank: no)."""
    return pl.col(col).is_in(codes).fill_null(False)


def _with_dob(ctx: RuleContext, episodes: pl.DataFrame) -> pl.DataFrame:
    """Episodes with the child's DOB from Header (first Header row per child) as `_DOB`."""
    header = (
        ctx.frame("Header")
        .select("CHILD", pl.col("DOB").alias("_DOB"))
        .unique("CHILD", keep="first")
    )
    return episodes.join(header, on="CHILD", how="left")


def _age_at(years: int, when: str) -> pl.Expr:
    """The child had reached `years` by the date in column `when`."""
    return pl.col("_DOB").dt.offset_by(f"{years}y") <= pl.col(when)


# Header against last year's header (202-204).


def _differs_from_last(ctx: RuleContext, col: str, upper: bool = False) -> dict[str, pl.DataFrame]:
    def norm(name: str) -> pl.Expr:
        expr = pl.col(name)
        return expr.str.to_uppercase() if upper else expr

    last = ctx.frame("Header_last").select("CHILD", norm(col).alias("_last"))
    cur = ctx.frame("Header").select(ROW, "CHILD", norm(col).alias("_now"))
    bad = cur.join(last, on="CHILD", how="inner").filter(pl.col("_now").ne_missing(pl.col("_last")))
    return {"Header": bad.select(ROW).unique()}


@rule(
    "903",
    "202",
    "The gender code conflicts with the gender already recorded for this child.",
    tables=["Header"],
    needs=["Header", "Header_last"],
    fields=["SEX"],
)
def _202(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    return _differs_from_last(ctx, "SEX")


@rule(
    "903",
    "203",
    "Date of birth disagrees with the date of birth already recorded for this child.",
    tables=["Header"],
    needs=["Header", "Header_last"],
    fields=["DOB"],
)
def _203(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    return _differs_from_last(ctx, "DOB")


@rule(
    "903",
    "204",
    "Ethnic origin code disagrees with the ethnic origin already recorded for this child.",
    tables=["Header"],
    needs=["Header", "Header_last"],
    fields=["ETHNIC"],
)
def _204(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    return _differs_from_last(ctx, "ETHNIC", upper=True)


# Temporary and respite placements (379-384).


@rule(
    "903",
    "379",
    "Temporary placements for unspecified reason (placement code T4) cannot exceed seven days.",
    tables=["Episodes"],
    fields=["DECOM", "PLACE"],
)
def _379(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {
        "Episodes": (pl.col("PLACE") == "T4") & (pl.col("DEC") > pl.col("DECOM").dt.offset_by("7d"))
    }


@rule(
    "903",
    "380",
    "A period of care cannot start with a temporary placement.",
    tables=["Episodes"],
    fields=["PLACE", "RNE"],
)
def _380(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"Episodes": _in("PLACE", _TEMP) & ~_in("RNE", ["P", "B"])}


@rule(
    "903",
    "381",
    "A period of care cannot end with a temporary placement.",
    tables=["Episodes"],
    fields=["PLACE", "REC"],
)
def _381(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"Episodes": _in("PLACE", _TEMP) & present("REC") & (pl.col("REC") != "X1")}


@rule(
    "903",
    "382",
    "A child receiving respite care cannot be in a temporary placement.",
    tables=["Episodes"],
    fields=["LS", "PLACE"],
)
def _382(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"Episodes": _in("LS", _RESPITE) & _in("PLACE", _TEMP)}


def _383(ctx: RuleContext, same: list[str]) -> dict[str, pl.DataFrame]:
    """Episodes following a temporary placement that do not return the child to the placement
    before it: RNE must be P and each of `same` must match the episode before the temporary one."""
    eps = ctx.frame("Episodes").sort(["CHILD", "DECOM", ROW], nulls_last=True)
    child = pl.col("CHILD")
    three = (child == child.shift(1)) & (child == child.shift(2))
    returned = pl.col("RNE").fill_null("") == "P"
    for col in same:
        returned = returned & pl.col(col).eq_missing(pl.col(col).shift(2))
    bad = eps.filter(three.fill_null(False) & _in("PLACE", _TEMP).shift(1) & ~returned)
    return {"Episodes": bad.select(ROW)}


rule(
    "903",
    "383",
    "A child in a temporary placement must subsequently return to his/her normal placement.",
    tables=["Episodes"],
    fields=["PLACE"],
)(lambda ctx: _383(ctx, ["PLACE"]))
rule(
    "903",
    "383",
    "A child in a temporary placement must subsequently return to his/her normal placement.",
    tables=["Episodes"],
    fields=["PLACE", "RNE", "PL_POST"],
    since="2025-26",
)(lambda ctx: _383(ctx, ["PLACE", "PL_POST"]))


@rule(
    "903",
    "384",
    "A child receiving respite care cannot be in a long-term foster placement ",
    tables=["Episodes"],
    fields=["PLACE", "LS"],
)
def _384(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"Episodes": _in("LS", _RESPITE) & _in("PLACE", ["U1", "U4"])}


# Episode ends and ages at leaving (385-391).


@rule(
    "903",
    "385",
    "Date episode ceased must be on or before the end of the current collection year.",
    tables=["Episodes"],
    fields=["DEC"],
)
def _385(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"Episodes": pl.col("DEC") > pl.lit(ctx.collection_end)}


def _ceased_age_rule(code: str, message: str, recs: list[str], years: int, over: bool) -> None:
    """Episodes ceased for one of `recs` when the child was aged `years` or over (`over`),
    or under `years` (not `over`)."""

    @rule(
        "903",
        code,
        message,
        tables=["Episodes"],
        needs=["Episodes", "Header"],
        fields=["REC"],
    )
    def check(ctx: RuleContext) -> dict[str, pl.DataFrame]:
        eps = _with_dob(ctx, ctx.frame("Episodes").filter(_in("REC", recs)))
        reached = _age_at(years, "DEC")
        bad = eps.filter(reached if over else ~reached)
        return {"Episodes": bad.select(ROW)}


_ceased_age_rule(
    "386",
    "Reason episode ceased is adopted but child has reached age 18.",
    ["E11", "E12"],
    18,
    over=True,
)
_ceased_age_rule(
    "387",
    "Reason episode ceased is child moved into independent living arrangement, but the child is "
    "aged under 14.",
    ["E5", "E6"],
    14,
    over=False,
)


@rule(
    "903",
    "388",
    "Reason episode ceased is coded new episode begins, but there is no continuation episode.",
    tables=["Episodes"],
    fields=["REC"],
)
def _388(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    eps = ctx.frame("Episodes").with_columns(
        pl.col("DECOM").fill_null(pl.lit(date(1901, 1, 1))).alias("_start")
    )
    eps = eps.sort(["CHILD", "_start", ROW]).with_columns(
        pl.col("_start").shift(-1).over("CHILD").alias("_next")
    )
    x1 = pl.col("REC") == "X1"
    has_next = present("_next")
    joined = pl.col("DEC") == pl.col("_next")
    bad = eps.filter(
        present("DEC")
        & present("REC")
        & (
            (has_next & x1 & ~joined)  # X1 but the next episode starts another day
            | (has_next & ~x1 & joined)  # the next episode follows on but REC is not X1
            | (blank("_next") & present("CHILD") & x1)  # X1 on the child's last episode
        )
    )
    return {"Episodes": bad.select(ROW)}


_ceased_age_rule(
    "389",
    "Reason episode ceased is that child transferred to care of adult social care services, but "
    "child is aged under 16.",
    ["E7"],
    16,
    over=False,
)


@rule(
    "903",
    "390",
    "Reason episode ceased is adopted but child has not been previously placed for adoption.",
    tables=["Episodes"],
    fields=["PLACE", "REC"],
)
def _390(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"Episodes": _in("REC", ["E11", "E12"]) & ~_in("PLACE", ["A3", "A4", "A5", "A6"])}


@rule(
    "903",
    "391",
    "Young person was not 17, 18, 19, 20 or 21 during the current collection year. ",
    tables=["OC3"],
    fields=["DOB", "IN_TOUCH", "ACTIV", "ACCOM"],
)
def _391(ctx: RuleContext) -> dict[str, pl.Expr]:
    under_17 = pl.col("DOB").dt.offset_by("17y") > pl.lit(ctx.collection_end)
    return {"OC3": under_17 & (present("IN_TOUCH") | present("ACTIV") | present("ACCOM"))}


# Postcodes, mother and reviews for children looked after (392-399).


def _uasc_children(ctx: RuleContext) -> pl.DataFrame:
    """Children recorded as UASC this year or last: a UASC row giving any detail."""
    frames = [
        ctx.frame(t).filter(present("SEX") | present("DUC:raw")).select("CHILD")
        for t in ("UASC", "UASC_last")
        if ctx.has(t)
    ]
    if not frames:
        return pl.DataFrame({"CHILD": []}, schema={"CHILD": pl.Utf8})
    return pl.concat(frames).unique()


@rule(
    "903",
    "392b",
    "Child is looked after but no postcodes are recorded. [NOTE: This check may result in false "
    "positives for children formerly UASC, particularly if current & prior year UASC data not "
    "loaded]",
    tables=["Episodes"],
    fields=["HOME_POST", "PL_POST"],
)
def _392b(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    eps = ctx.frame("Episodes").join(_uasc_children(ctx), on="CHILD", how="anti")
    bad = eps.filter(~_in("LS", _RESPITE) & (blank("HOME_POST") | blank("PL_POST")))
    return {"Episodes": bad.select(ROW)}


@rule(
    "903",
    "392d",
    "Home and placement postcodes should not be same unless the placement type is P1.",
    tables=["Episodes"],
    fields=["HOME_POST", "PL_POST", "PLACE"],
)
def _392d(ctx: RuleContext) -> dict[str, pl.Expr]:
    same = (pl.col("HOME_POST") == pl.col("PL_POST")).fill_null(False)
    return {"Episodes": same & (pl.col("PLACE").fill_null("") != "P1")}


@rule(
    "903",
    "393",
    "Child is looked after but mother field is not completed.",
    tables=["Header"],
    needs=["Header", "Episodes"],
    fields=["MOTHER"],
)
def _393(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    looked_after = ctx.frame("Episodes").filter(~_in("LS", _RESPITE)).select("CHILD").unique()
    females = ctx.frame("Header").filter((pl.col("SEX") == "F") & blank("MOTHER"))
    return {"Header": females.join(looked_after, on="CHILD", how="semi").select(ROW)}


@rule(
    "903",
    "398",
    "Distance field completed but child looked after under legal status V3 or V4.",
    tables=["Episodes"],
    fields=["LS", "HOME_POST", "PL_POST"],
)
def _398(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"Episodes": _in("LS", _RESPITE) & (present("HOME_POST") | present("PL_POST"))}


@rule(
    "903",
    "399",
    "Mother field, review field or participation field are completed but child is looked after "
    "under legal status V3 or V4.",
    tables=["Episodes", "Header", "Reviews"],
    fields=["MOTHER", "LS", "REVIEW", "REVIEW_CODE"],
)
def _399(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    # Only children all of whose episodes are under V3 or V4.
    eps = ctx.frame("Episodes").filter(_in("LS", _RESPITE).all().over("CHILD"))
    children = eps.select("CHILD").unique()
    header = ctx.frame("Header").join(children, on="CHILD", how="semi")
    reviews = ctx.frame("Reviews").join(children, on="CHILD", how="semi")
    mother = header.filter(present("MOTHER")).select("CHILD").unique()
    reviewed = (
        reviews.filter(present("REVIEW:raw") | present("REVIEW_CODE")).select("CHILD").unique()
    )
    either = pl.concat([mother, reviewed]).unique()

    def flag(frame: pl.DataFrame, own: pl.Expr, others: pl.DataFrame) -> pl.DataFrame:
        """Rows completing a field themselves, or of a child with another field completed."""
        marked = others.with_columns(pl.lit(True).alias("_other"))
        joined = frame.join(marked, on="CHILD", how="left")
        return joined.filter(own | pl.col("_other").fill_null(False)).select(ROW)

    return {
        "Episodes": eps.join(either, on="CHILD", how="semi").select(ROW),
        "Header": flag(header, present("MOTHER"), reviewed),
        "Reviews": flag(reviews, present("REVIEW:raw") | present("REVIEW_CODE"), mother),
    }
