"""SSDA903 rules 501-546: episode sequences, last year's open episode, adopters, placement
providers and OC2 conviction/health information."""

from __future__ import annotations

import polars as pl

from opencsc.returns.data import ROW, raw_name
from opencsc.returns.engine import RuleContext, blank, present, rule

# Private helpers.


def _first_episodes(ctx: RuleContext) -> pl.DataFrame:
    """Each child's earliest episode this year (ties: the first row)."""
    return (
        ctx.frame("Episodes")
        .filter(present("DECOM"))
        .sort(["DECOM", ROW])
        .unique("CHILD", keep="first", maintain_order=True)
    )


def _first_against_last_open(ctx: RuleContext, field: str) -> pl.DataFrame:
    """First episodes this year joined to last year's latest episode (`_<field>_last`), kept
    only where that latest episode was still open."""
    last = (
        ctx.frame("Episodes_last")
        .filter(present("DECOM"))
        .sort(["DECOM", ROW], descending=[True, False])
        .unique("CHILD", keep="first", maintain_order=True)
        .filter(blank("DEC"))
        .select("CHILD", pl.col(field).alias(f"_{field}_last"))
    )
    return _first_episodes(ctx).join(last, on="CHILD", how="inner")


def _differs(field: str) -> pl.Expr:
    return pl.col(field).ne_missing(pl.col(f"_{field}_last"))


def _previous_year_rule(code: str, message: str, field: str) -> None:
    @rule(
        "903",
        code,
        message,
        tables=["Episodes"],
        needs=["Episodes", "Episodes_last"],
        fields=[field],
    )
    def check(ctx: RuleContext) -> dict[str, pl.DataFrame]:
        joined = _first_against_last_open(ctx, field)
        return {"Episodes": joined.filter(_differs(field)).select(ROW)}


def _continuously_looked_after(ctx: RuleContext) -> pl.DataFrame:
    """Children looked after continuously through the collection year (column `CHILD`).

    Looked after at some point in the year, and no episode starts a new period (RNE S after
    1 April), ends one (REC other than X1 before 31 March) or is respite (LS V3/V4).
    """
    start, end = pl.lit(ctx.collection_start), pl.lit(ctx.collection_end)
    during = ((pl.col("DECOM") <= end) & (blank("DEC") | (pl.col("DEC") >= start))).fill_null(False)
    enters = (pl.col("RNE") == "S") & (pl.col("DECOM") > start) & (pl.col("DECOM") <= end)
    leaves = (
        (pl.col("REC").fill_null("") != "X1") & (pl.col("DEC") >= start) & (pl.col("DEC") < end)
    )
    respite = pl.col("LS").is_in(["V3", "V4"]) & during
    breaks = enters.fill_null(False) | leaves.fill_null(False) | respite.fill_null(False)
    return (
        ctx.frame("Episodes")
        .filter(present("CHILD"))
        .group_by("CHILD")
        .agg(during.any().alias("_in"), breaks.any().alias("_break"))
        .filter(pl.col("_in") & ~pl.col("_break"))
        .select("CHILD")
    )


def _oc2_cla(ctx: RuleContext) -> pl.DataFrame:
    """OC2 rows of children continuously looked after."""
    return ctx.frame("OC2").join(_continuously_looked_after(ctx), on="CHILD", how="semi")


def _age_at_end_at_least(years: int, ctx: RuleContext) -> pl.Expr:
    return pl.col("DOB").dt.offset_by(f"{years}y") <= pl.lit(ctx.collection_end)


# Episode sequences and last year's open episode (501-504).


@rule(
    "903",
    "501",
    "A new episode has started before the end date of the previous episode.",
    tables=["Episodes"],
    fields=["DECOM", "DEC"],
)
def _501(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    eps = ctx.frame("Episodes").sort(["CHILD", "DECOM", ROW], nulls_last=True)
    prev_dec = pl.col("DEC").shift(1)
    same_child = pl.col("CHILD") == pl.col("CHILD").shift(1)
    bad = eps.filter((same_child & (pl.col("DECOM") < prev_dec)).fill_null(False))
    return {"Episodes": bad.select(ROW)}


@rule(
    "903",
    "502",
    "Last year's record ended with an open episode. The date on which that episode started does "
    "not match the start date of the first episode on this year’s record.",
    tables=["Episodes"],
    needs=["Episodes", "Episodes_last"],
    fields=["DECOM"],
)
def _502(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    open_last = (
        ctx.frame("Episodes_last")
        .filter(blank("DEC"))
        .select("CHILD", pl.col("DECOM").alias("_DECOM_last"))
    )
    joined = _first_episodes(ctx).join(open_last, on="CHILD", how="inner")
    return {"Episodes": joined.filter(_differs("DECOM")).select(ROW)}


_previous_year_rule(
    "503A",
    "The reason for new episode in the first episode does not match open episode at end of "
    "last year.",
    "RNE",
)
_previous_year_rule(
    "503B",
    "The legal status in the first episode does not match open episode at end of last year.",
    "LS",
)
_previous_year_rule(
    "503C",
    "The category of need in the first episode does not match open episode at end of last year.",
    "CIN",
)
_previous_year_rule(
    "503E",
    "The placement provider in the first episode does not match open episode at end of last year.",
    "PLACE_PROVIDER",
)
_previous_year_rule(
    "503F",
    "The Ofsted URN in the  first episode does not match open episode at end of last year.",
    "URN",
)

_503D = "The placement type in the first episode does not match open episode at end of last year"


def _503d_rule(since: str, now: list[str], before: str | None) -> None:
    """503D with the year's allowed recoding of a placement type (`before` → one of `now`)."""

    @rule(
        "903",
        "503D",
        _503D,
        tables=["Episodes"],
        needs=["Episodes", "Episodes_last"],
        fields=["PLACE"],
        since=since,
    )
    def check(ctx: RuleContext) -> dict[str, pl.DataFrame]:
        joined = _first_against_last_open(ctx, "PLACE")
        bad = _differs("PLACE")
        if before is not None:
            recoded = pl.col("PLACE").is_in(now) & (pl.col("_PLACE_last") == before)
            bad = bad & ~recoded.fill_null(False)
        return {"Episodes": joined.filter(bad).select(ROW)}


_503d_rule("2024-25", ["K3"], "H5")
_503d_rule("2025-26", ["Z11", "Z12", "Z13", "Z14"], "Z1")
_503d_rule("2026-27", [], None)


@rule(
    "903",
    "504",
    "The category of need code differs from that reported at start of current period of being "
    "looked after",
    tables=["Episodes"],
    fields=["CIN"],
)
def _504(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    eps = ctx.frame("Episodes").sort(["CHILD", "DECOM", ROW], nulls_last=True)
    continues = (
        (pl.col("CHILD") == pl.col("CHILD").shift(1))
        & (pl.col("REC").shift(1) == "X1")
        & (pl.col("DEC").shift(1) == pl.col("DECOM"))
    ).fill_null(False)
    bad = eps.filter(continues & pl.col("CIN").ne_missing(pl.col("CIN").shift(1)))
    return {"Episodes": bad.select(ROW)}


# Adopters (511-525).


def _adopters_rule(code: str, message: str, ls: str, sexes: list[str]) -> None:
    @rule("903", code, message, tables=["AD1"], fields=["LS_ADOPTR", "SEX_ADOPTR"])
    def check(ctx: RuleContext) -> dict[str, pl.Expr]:
        return {
            "AD1": (pl.col("LS_ADOPTR") == ls) & ~pl.col("SEX_ADOPTR").is_in(sexes).fill_null(False)
        }


@rule(
    "903",
    "511",
    "If reporting that the number of person(s) adopting the looked after child is two adopters "
    "then the code should only be MM, FF or MF. MM = the adopting couple are both males; FF = "
    "the adopting couple are both females; MF = The adopting couple are male and female.",
    tables=["AD1"],
    fields=["NB_ADOPTR", "SEX_ADOPTR"],
)
def _511(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"AD1": (pl.col("NB_ADOPTR") == "2") & pl.col("SEX_ADOPTR").is_in(["M1", "F1"])}


_adopters_rule(
    "514",
    "Data entry on the legal status of adopters shows a single adopter but data entry for the "
    "numbers of adopters shows it as a couple.",
    "L0",
    ["M1", "F1"],
)


@rule(
    "903",
    "516",
    "The episode data submitted for this child does not show that he/she was with their former "
    "foster carer(s) during the year.If the code in the reason episode ceased is E45 or E46 the "
    "child must have a placement code of U1 to U6.",
    tables=["Episodes"],
    fields=["REC", "PLACE"],
)
def _516(ctx: RuleContext) -> dict[str, pl.Expr]:
    foster = pl.col("PLACE").is_in(["U1", "U2", "U3", "U4", "U5", "U6"]).fill_null(False)
    return {"Episodes": pl.col("REC").is_in(["E45", "E46"]) & ~foster}


_adopters_rule(
    "517",
    "If reporting legal status of adopters is L3 then the genders of adopters should be coded "
    "as MF. MF = the adopting couple are male and female.",
    "L3",
    ["MF"],
)
_adopters_rule(
    "518",
    "If reporting legal status of adopters is L4 then the genders of adopters should be coded "
    "as MM or FF. MM = the adopting couple are both males. FF = the adopting couple are both "
    "females.",
    "L4",
    ["MM", "FF"],
)
_adopters_rule(
    "519",
    "Data entered on the legal status of adopters shows civil partnership couple, but data "
    "entered on genders of adopters does not show it as a couple.",
    "L2",
    ["MM", "FF", "MF"],
)
_adopters_rule(
    "520",
    "Data entry on the legal status of adopters shows different gender married couple but data "
    "entry on genders of adopters shows it as a same gender couple.",
    "L11",
    ["MF"],
)


@rule(
    "903",
    "521",
    "Date of local authority's decision (LA) that adoption is in the best interests of the "
    "child (date should be placed) must be on or prior to the date the child is placed for "
    "adoption.",
    tables=["Episodes", "AD1"],
    fields=["PLACE", "DECOM", "DATE_INT"],
)
def _521(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    eps = ctx.frame("Episodes").filter(pl.col("PLACE").is_in(["A3", "A4", "A5", "A6"]))
    ad1 = ctx.frame("AD1").select("CHILD", "DATE_INT", pl.col(ROW).alias("_ad1row"))
    bad = eps.join(ad1, on="CHILD", how="inner").filter(pl.col("DATE_INT") > pl.col("DECOM"))
    return {"Episodes": bad.select(ROW), "AD1": bad.select(pl.col("_ad1row").alias(ROW))}


@rule(
    "903",
    "522",
    "Date of decision that the child should be placed for adoption must be on or before the "
    "date that a child should no longer be placed for adoption.",
    tables=["PlacedAdoption"],
    fields=["DATE_PLACED", "DATE_PLACED_CEASED"],
)
def _522(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"PlacedAdoption": pl.col("DATE_PLACED_CEASED") < pl.col("DATE_PLACED")}


@rule(
    "903",
    "523",
    "Date of decision that the child should be placed for adoption should be the same date as "
    "the decision that adoption is in the best interest (date should be placed).",
    tables=["PlacedAdoption", "AD1"],
    fields=["DATE_PLACED", "DATE_INT"],
)
def _523(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    placed = ctx.frame("PlacedAdoption").filter(present("DATE_PLACED"))
    ad1 = (
        ctx.frame("AD1")
        .filter(present("DATE_INT"))
        .select("CHILD", "DATE_INT", pl.col(ROW).alias("_ad1row"))
    )
    bad = placed.join(ad1, on="CHILD", how="inner").filter(
        pl.col("DATE_INT") != pl.col("DATE_PLACED")
    )
    return {"PlacedAdoption": bad.select(ROW), "AD1": bad.select(pl.col("_ad1row").alias(ROW))}


_adopters_rule(
    "524",
    "If reporting legal status of adopters is L12 then the genders of adopters should be coded "
    "as MM or FF. MM = the adopting couple are both males. FF = the adopting couple are both "
    "females",
    "L12",
    ["MM", "FF"],
)

_AD1_DETAILS = ["DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"]


@rule(
    "903",
    "525",
    "A child for whom the decision to be placed for adoption has been reversed cannot be "
    "adopted during the year.",
    tables=["PlacedAdoption", "AD1"],
    fields=["DATE_PLACED_CEASED", *_AD1_DETAILS],
)
def _525(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    # Values as written: a date given but not valid still counts as given.
    ceased = ctx.frame("PlacedAdoption").filter(present(raw_name("DATE_PLACED_CEASED")))
    given = [raw_name(c) if c.startswith("DATE_") else c for c in _AD1_DETAILS]
    ad1 = (
        ctx.frame("AD1")
        .filter(pl.any_horizontal([present(c) for c in given]))
        .select("CHILD", pl.col(ROW).alias("_ad1row"))
    )
    bad = ceased.join(ad1, on="CHILD", how="inner")
    return {"PlacedAdoption": bad.select(ROW), "AD1": bad.select(pl.col("_ad1row").alias(ROW))}


# Placement providers (526-531).


def _526_rule(since: str, without_provider: list[str]) -> None:
    @rule(
        "903",
        "526",
        "Child is missing a placement provider code for at least one episode.",
        tables=["Episodes"],
        fields=["PLACE", "PLACE_PROVIDER"],
        since=since,
    )
    def check(ctx: RuleContext) -> dict[str, pl.Expr]:
        exempt = pl.col("PLACE").is_in(without_provider).fill_null(False)
        return {"Episodes": ~exempt & blank("PLACE_PROVIDER")}


_526_rule("2024-25", ["T0", "T1", "T2", "T3", "T4", "Z1"])
_526_rule("2025-26", ["T0", "T1", "T2", "T3", "T4", "Z11", "Z12", "Z13", "Z14"])


def _provider_rule(code: str, message: str, provider: str, places: list[str]) -> None:
    @rule("903", code, message, tables=["Episodes"], fields=["PLACE", "PLACE_PROVIDER"])
    def check(ctx: RuleContext) -> dict[str, pl.Expr]:
        return {"Episodes": pl.col("PLACE").is_in(places) & (pl.col("PLACE_PROVIDER") == provider)}


_provider_rule(
    "527",
    "A placement provider code of PR1 cannot be associated with placements P1, R2 or R5.",
    "PR1",
    ["P1", "R2", "R5"],
)
_provider_rule(
    "528",
    "A placement provider code of PR2 cannot be associated with placements P1, R2 or R5.",
    "PR2",
    ["P1", "R2", "R5"],
)
_provider_rule(
    "529",
    "Placement provider code of PR3 cannot be associated with placements P1, A3 to A6, K1, K2 "
    "and U1 to U6 as these placements cannot be provided by other public organisations.",
    "PR3",
    ["A3", "A4", "A5", "A6", "K1", "K2", "P1", "U1", "U2", "U3", "U4", "U5", "U6"],
)
_provider_rule(
    "530",
    "A placement provider code of PR4 cannot be associated with placement P1.",
    "PR4",
    ["P1"],
)
_provider_rule(
    "531",
    "A placement provider code of PR5 cannot be associated with placements P1.",
    "PR5",
    ["P1"],
)


# OC2 conviction and health information (542-546).


@rule(
    "903",
    "542",
    "A child aged under 10 at 31 March should not have conviction information completed.",
    tables=["OC2"],
    fields=["CONVICTED"],
)
def _542(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"OC2": ~_age_at_end_at_least(10, ctx) & present("CONVICTED")}


@rule(
    "903",
    "543",
    "Child is aged 10 or over at 31 March and has been looked after continuously for 12 months "
    "yet conviction information has not been completed.",
    tables=["OC2"],
    needs=["OC2", "Episodes"],
    fields=["DOB", "CONVICTED"],
)
def _543(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    # The DfE check is strict: a child whose 10th birthday is 31 March itself is not judged.
    over = pl.col("DOB").dt.offset_by("10y") < pl.lit(ctx.collection_end)
    return {"OC2": _oc2_cla(ctx).filter(over & blank("CONVICTED")).select(ROW)}


@rule(
    "903",
    "544",
    "Any child who has conviction information completed must also have immunisation, teeth "
    "check, health assessment and substance misuse problem identified fields completed.",
    tables=["OC2"],
    fields=["CONVICTED", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE"],
)
def _544(ctx: RuleContext) -> dict[str, pl.Expr]:
    missing = pl.any_horizontal(
        [
            blank(c)
            for c in ("IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE")
        ]
    )
    return {"OC2": (pl.col("CONVICTED") == "1") & missing}


@rule(
    "903",
    "545",
    "Child is aged under 5 at 31 March and has been looked after continuously for 12 months yet "
    "health promotion information has not been completed.",
    tables=["OC2"],
    needs=["OC2", "Episodes"],
    fields=["DOB", "HEALTH_CHECK"],
)
def _545(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    under = ~_age_at_end_at_least(5, ctx)
    return {"OC2": _oc2_cla(ctx).filter(under & blank("HEALTH_CHECK")).select(ROW)}


@rule(
    "903",
    "546",
    "Children aged 5 or over at 31 March should not have health promotion information completed.",
    tables=["OC2"],
    needs=["OC2", "Episodes"],
    fields=["DOB", "HEALTH_CHECK"],
)
def _546(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    over = _age_at_end_at_least(5, ctx)
    return {"OC2": _oc2_cla(ctx).filter(over & present("HEALTH_CHECK")).select(ROW)}
