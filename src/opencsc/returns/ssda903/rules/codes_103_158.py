"""SSDA903 rules 103-158: header, UASC, adoption, care leaver and episode codes and dates."""

from __future__ import annotations

import polars as pl

from opencsc.returns.data import ROW, raw_name
from opencsc.returns.engine import RuleContext, bad_date, blank, not_in, present, rule

# Private helpers.

_AD1_ITEMS = ["DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"]
_OC3_ITEMS = ["IN_TOUCH", "ACTIV", "ACCOM"]
_AD1_DATES = {"DATE_INT", "DATE_MATCH"}


def _given(col: str, dates: set[str] = _AD1_DATES) -> pl.Expr:
    """The cell holds something (for dates, any text, valid or not)."""
    return present(raw_name(col) if col in dates else col)


def _some_given(cols: list[str]) -> pl.Expr:
    return pl.any_horizontal([_given(c) for c in cols])


def _all_given(cols: list[str]) -> pl.Expr:
    return pl.all_horizontal([_given(c) for c in cols])


def _invalid_code_rule(code: str, message: str, table: str, column: str, *, required: bool) -> None:
    """`column` must hold a code of its list; blank fails too when `required`."""

    @rule("903", code, message, tables=[table], fields=[column])
    def check(ctx: RuleContext) -> dict[str, pl.Expr]:
        codes = ctx.column_codes(table, column)
        bad = not_in(column, codes)
        return {table: (bad | blank(column)) if required else bad}


def _bad_date_rule(code: str, message: str, table: str, column: str) -> None:
    @rule("903", code, message, tables=[table], fields=[column])
    def check(ctx: RuleContext) -> dict[str, pl.Expr]:
        return {table: bad_date(column)}


def _cla_children(ctx: RuleContext) -> pl.DataFrame:
    """Children looked after continuously for the whole year (column `CHILD`).

    In care during the year, and no episode starts a period of care (RNE S) after 1 April,
    ends one (REC not X1) before 31 March, or is a short break (LS V3/V4) in the year.
    """
    start, end = pl.lit(ctx.collection_start), pl.lit(ctx.collection_end)
    during = (pl.col("DECOM") <= end) & (blank("DEC") | (pl.col("DEC") >= start))
    enters = (pl.col("RNE") == "S") & (pl.col("DECOM") > start) & (pl.col("DECOM") <= end)
    leaves = (
        (pl.col("REC").fill_null("") != "X1") & (pl.col("DEC") >= start) & (pl.col("DEC") < end)
    )
    short_break = pl.col("LS").is_in(["V3", "V4"]) & during
    broken = enters.fill_null(False) | leaves.fill_null(False) | short_break.fill_null(False)
    return (
        ctx.frame("Episodes")
        .filter(present("CHILD"))
        .group_by("CHILD")
        .agg(during.fill_null(False).any().alias("_in"), broken.any().alias("_broken"))
        .filter(pl.col("_in") & ~pl.col("_broken"))
        .select("CHILD")
    )


# Header and UASC (103, 104).

_invalid_code_rule(
    "103",
    "The ethnicity code is either not valid or has not been entered.",
    "Header",
    "ETHNIC",
    required=True,
)


@rule(
    "903",
    "104",
    "Date for Unaccompanied Asylum-Seeking Children (UASC) status ceased is not a valid date.",
    tables=["UASC"],
    fields=["DUC"],
)
def _104(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"UASC": bad_date("DUC") | (pl.col("DUC") < pl.lit(ctx.collection_start))}


# Adoption (112-120).

_bad_date_rule("112", "Date should be placed for adoption is not a valid date.", "AD1", "DATE_INT")
_bad_date_rule(
    "113", "Date matching child and adopter(s) is not a valid date.", "AD1", "DATE_MATCH"
)
_invalid_code_rule(
    "114",
    "Data entry to record the status of former carer(s) of an adopted child is invalid.",
    "AD1",
    "FOSTER_CARE",
    required=False,
)
_bad_date_rule(
    "115",
    "Date of Local Authority's (LA) decision that a child should be placed for adoption is not "
    "a valid date.",
    "PlacedAdoption",
    "DATE_PLACED",
)
_bad_date_rule(
    "116",
    "Date of Local Authority's (LA) decision that a child should no longer be placed for adoption "
    "is not a valid date.",
    "PlacedAdoption",
    "DATE_PLACED_CEASED",
)


def _placed(ctx: RuleContext) -> pl.DataFrame:
    return ctx.frame("PlacedAdoption").select(
        "CHILD", "DATE_PLACED", "DATE_PLACED_CEASED", pl.col(ROW).alias("_parow")
    )


@rule(
    "903",
    "117",
    "Date of decision that a child should/should no longer be placed for adoption is beyond the "
    "current collection year or after the child ceased to be looked after.",
    tables=["Episodes", "PlacedAdoption"],
    fields=["DATE_PLACED_CEASED", "DATE_PLACED", "DEC", "REC", "DECOM"],
)
def _117(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    # The latest episode of each child that does not end with X1 (ties: the first row).
    latest = (
        ctx.frame("Episodes")
        .filter(present("CHILD") & present("DECOM") & (pl.col("REC").fill_null("") != "X1"))
        .sort(["DECOM", ROW], descending=[True, False])
        .unique("CHILD", keep="first")
        .select("CHILD", "DEC", ROW)
    )
    end = pl.lit(ctx.collection_end)
    late = pl.any_horizontal(
        [
            (pl.col(c) > end) | (pl.col(c) > pl.col("DEC"))
            for c in ("DATE_PLACED", "DATE_PLACED_CEASED")
        ]
    ).fill_null(False)
    bad = latest.join(_placed(ctx), on="CHILD", how="inner").filter(late)
    return {
        "Episodes": bad.select(ROW).unique(),
        "PlacedAdoption": bad.select(pl.col("_parow").alias(ROW)).unique(),
    }


@rule(
    "903",
    "118",
    "Date of decision that a child should no longer be placed for adoption is before the current "
    "collection year or before the date the child started to be looked after.",
    tables=["Episodes", "PlacedAdoption"],
    fields=["DATE_PLACED_CEASED", "DECOM", "LS"],
)
def _118(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    # The earliest episode of each child that is not a short break (ties: the first row).
    earliest = (
        ctx.frame("Episodes")
        .filter(
            present("CHILD") & present("DECOM") & ~pl.col("LS").fill_null("").is_in(["V3", "V4"])
        )
        .sort(["DECOM", ROW])
        .unique("CHILD", keep="first")
        .select("CHILD", "DECOM", ROW)
    )
    ceased = pl.col("DATE_PLACED_CEASED")
    early = ((ceased < pl.col("DECOM")) | (ceased < pl.lit(ctx.collection_start))).fill_null(False)
    bad = earliest.join(_placed(ctx), on="CHILD", how="inner").filter(early)
    return {
        "Episodes": bad.select(ROW).unique(),
        "PlacedAdoption": bad.select(pl.col("_parow").alias(ROW)).unique(),
    }


@rule(
    "903",
    "119",
    "If the decision is made that a child should no longer be placed for adoption, then the date "
    "of this decision and the reason why this decision was made must be completed.",
    tables=["PlacedAdoption"],
    fields=["REASON_PLACED_CEASED", "DATE_PLACED_CEASED"],
)
def _119(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {
        "PlacedAdoption": present(raw_name("DATE_PLACED_CEASED")) != present("REASON_PLACED_CEASED")
    }


_invalid_code_rule(
    "120",
    "The reason for the reversal of the decision that the child should be placed for adoption "
    "code is not valid.",
    "PlacedAdoption",
    "REASON_PLACED_CEASED",
    required=False,
)

# Care leavers (131-134).

_invalid_code_rule(
    "131",
    "Data entry for being in touch after leaving care is invalid.",
    "OC3",
    "IN_TOUCH",
    required=True,
)
_invalid_code_rule(
    "132", "Data entry for activity after leaving care is invalid.", "OC3", "ACTIV", required=True
)
_invalid_code_rule(
    "133",
    "Data entry for accommodation after leaving care is invalid. If reporting on a childs "
    "accommodation after leaving care the data entry must be valid",
    "OC3",
    "ACCOM",
    required=True,
)


@rule(
    "903",
    "134",
    "Data on adoption should not be entered for the OC3 cohort.",
    tables=["OC3", "AD1"],
    fields=[
        *_OC3_ITEMS,
        "DATE_INT",
        "DATE_MATCH",
        "FOSTER_CARE",
        "NB_ADOPTR",
        "SEX_ADOPTR",
        "LS_ADOPTR",
    ],
)
def _134(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    leavers = ctx.frame("OC3").filter(present("CHILD") & _some_given(_OC3_ITEMS)).select("CHILD")
    bad = (
        ctx.frame("AD1")
        .filter(_some_given(_AD1_ITEMS))
        .join(leavers.unique(), on="CHILD", how="semi")
    )
    return {"AD1": bad.select(ROW)}


# Episodes (141-149).

_bad_date_rule("141", "Date episode began is not a valid date.", "Episodes", "DECOM")


@rule(
    "903",
    "142",
    "A new episode has started, but the previous episode has not ended.",
    tables=["Episodes"],
    fields=["DEC", "REC"],
)
def _142(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    dated = ctx.frame("Episodes").filter(present("CHILD") & present("DECOM"))
    # The latest episode of each child (ties: the last row) may be open; earlier ones may not.
    latest = dated.sort(["DECOM", ROW], descending=True).unique("CHILD", keep="first")
    earlier = dated.join(latest.select(ROW), on=ROW, how="anti")
    return {"Episodes": earlier.filter(blank("DEC") | blank("REC")).select(ROW)}


_invalid_code_rule(
    "143", "The reason for new episode code is not a valid code.", "Episodes", "RNE", required=False
)
_invalid_code_rule(
    "144", "The legal status code is not a valid code.", "Episodes", "LS", required=False
)
_invalid_code_rule(
    "145", "Category of need code is not a valid code.", "Episodes", "CIN", required=False
)
# Placement types change by year (2025-26: K3 and Z11-Z14 replace H5, P2 and Z1): the column's
# code list for the year is used.
_invalid_code_rule(
    "146", "Placement type code is not a valid code.", "Episodes", "PLACE", required=False
)
_bad_date_rule("147", "Date episode ceased is not a valid date.", "Episodes", "DEC")


@rule(
    "903",
    "148",
    "Date episode ceased and reason episode ceased must both be coded, or both left blank.",
    tables=["Episodes"],
    fields=["DEC", "REC"],
)
def _148(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"Episodes": present(raw_name("DEC")) != present("REC")}


_invalid_code_rule(
    "149", "Reason episode ceased code is not valid. ", "Episodes", "REC", required=False
)

# All-or-nothing groups (151, 153).


@rule(
    "903",
    "151",
    "All data items relating to a childs adoption must be coded or left blank.",
    tables=["AD1"],
    fields=_AD1_ITEMS,
)
def _151(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"AD1": _some_given(_AD1_ITEMS) & ~_all_given(_AD1_ITEMS)}


@rule(
    "903",
    "153",
    "All data items relating to a child's activity or accommodation after leaving care must be "
    "coded or left blank.",
    tables=["OC3"],
    fields=_OC3_ITEMS,
)
def _153(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"OC3": _some_given(_OC3_ITEMS) & ~_all_given(_OC3_ITEMS)}


# OC2 (157, 158).


@rule(
    "903",
    "157",
    "Child is aged 4 years or over at the beginning of the year or 16 years or under at the end of "
    "the year and Strengths and Difficulties Questionnaire (SDQ) 1 has been recorded as the reason "
    "for no Strengths and Difficulties Questionnaire (SDQ) score.",
    tables=["OC2", "Episodes"],
    fields=["SDQ_REASON", "DOB"],
)
def _157(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    dob = pl.col("DOB")
    bad = (
        ctx.frame("OC2")
        .join(_cla_children(ctx), on="CHILD", how="semi")
        .filter(
            (dob.dt.offset_by("4y") <= pl.lit(ctx.collection_start))
            & (dob.dt.offset_by("16y") >= pl.lit(ctx.collection_end))
            & blank(raw_name("SDQ_SCORE"))
            & (pl.col("SDQ_REASON") == "SDQ1")
        )
    )
    return {"OC2": bad.select(ROW)}


@rule(
    "903",
    "158",
    "If a child has been recorded as receiving an intervention for their substance misuse "
    "problem, then the additional item on whether an intervention was offered should be left "
    "blank.",
    tables=["OC2"],
    fields=["INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"],
)
def _158(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"OC2": (pl.col("INTERVENTION_RECEIVED") == "1") & present("INTERVENTION_OFFERED")}
