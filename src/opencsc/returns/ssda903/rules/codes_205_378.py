"""SSDA903 rules 205A-378: previous-year checks, UASC, URN/provider, dates, ages and durations."""

from __future__ import annotations

from datetime import date

import polars as pl

from opencsc.returns.data import ROW
from opencsc.returns.engine import RuleContext, blank, present, rule

# Private helpers.


def _plus_years(col: str | pl.Expr, years: int) -> pl.Expr:
    expr = pl.col(col) if isinstance(col, str) else col
    return expr.dt.offset_by(f"{years}y")


def _with_dob(ctx: RuleContext, episodes: pl.DataFrame) -> pl.DataFrame:
    """Episodes with the child's DOB from Header (first Header row per child)."""
    header = (
        ctx.frame("Header")
        .select("CHILD", pl.col("DOB").alias("_DOB"), pl.col(ROW).alias("_hrow"))
        .unique("CHILD", keep="first")
    )
    return episodes.join(header, on="CHILD", how="left")


def _ls_runs(ctx: RuleContext, ls: str, max_days: int) -> pl.DataFrame:
    """Rows of continuous runs of episodes with legal status `ls` lasting over `max_days` days.

    Open episodes are taken to end at the end of the collection year.
    """
    end = pl.lit(ctx.collection_end)
    eps = (
        ctx.frame("Episodes")
        .filter((pl.col("LS") == ls) & present("DECOM"))
        .select(ROW, "CHILD", "DECOM", pl.col("DEC").fill_null(end).alias("_DEC"))
        .sort(["CHILD", "DECOM"])
    )
    new_run = (
        (pl.col("CHILD") != pl.col("CHILD").shift(1))
        | pl.col("CHILD").shift(1).is_null()
        | (pl.col("DECOM") != pl.col("_DEC").shift(1))
        | pl.col("_DEC").shift(1).is_null()
    )
    eps = eps.with_columns(new_run.fill_null(True).cast(pl.UInt32).cum_sum().alias("_run"))
    days = (pl.col("_DEC").max() - pl.col("DECOM").min()).dt.total_days()
    return eps.filter(days.over("_run") > max_days)


# Dates and ages (301-378).


@rule("903", "301", "Date of birth falls after the year ended.", tables=["Header"], fields=["DOB"])
def _301(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"Header": pl.col("DOB") > pl.lit(ctx.collection_end)}


@rule(
    "903",
    "302",
    "First episode starts before child was born.",
    tables=["Header", "Episodes"],
    fields=["DECOM", "DOB"],
)
def _302(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    eps = ctx.frame("Episodes").filter(present("DECOM"))
    first = eps.filter(pl.col("DECOM") == pl.col("DECOM").min().over("CHILD"))
    bad = _with_dob(ctx, first).filter(pl.col("_DOB") > pl.col("DECOM"))
    return {"Episodes": bad.select(ROW), "Header": bad.select(pl.col("_hrow").alias(ROW))}


@rule(
    "903",
    "351",
    "Child was over 25 at the start of the current collection year.",
    tables=["Header"],
    fields=["DOB"],
)
def _351(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"Header": _plus_years("DOB", 25) < pl.lit(ctx.collection_start)}


@rule(
    "903",
    "352",
    "Child who started to be looked after was aged 18 or over.",
    tables=["Episodes"],
    needs=["Episodes", "Header"],
    fields=["DECOM", "RNE"],
)
def _352(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    eps = _with_dob(ctx, ctx.frame("Episodes"))
    bad = eps.filter((pl.col("RNE") == "S") & (_plus_years("_DOB", 18) <= pl.col("DECOM")))
    return {"Episodes": bad.select(ROW)}


@rule(
    "903",
    "353",
    "No episode submitted can start before 14 October 1991.",
    tables=["Episodes"],
    fields=["DECOM"],
)
def _353(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"Episodes": pl.col("DECOM") < pl.lit(date(1991, 10, 14))}


@rule(
    "903",
    "354",
    "Date episode ceased must be on or before the end of the current collection year.",
    tables=["Episodes"],
    fields=["DECOM"],
)
def _354(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"Episodes": pl.col("DECOM") > pl.lit(ctx.collection_end)}


@rule(
    "903",
    "355",
    "Episode appears to have lasted for less than 24 hours",
    tables=["Episodes"],
    fields=["DECOM", "DEC"],
)
def _355(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"Episodes": pl.col("DECOM") == pl.col("DEC")}


@rule(
    "903",
    "356",
    "The date the episode ceased is before the date the same episode started.",
    tables=["Episodes"],
    fields=["DECOM"],
)
def _356(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"Episodes": pl.col("DEC") < pl.col("DECOM")}


@rule(
    "903",
    "357",
    "If this is the first episode ever for this child, reason for new episode must be S.  "
    "Check whether there is an episode immediately preceding this one, which has been left out.  "
    "If not the reason for new episode code must be amended to S.",
    tables=["Episodes"],
    fields=["RNE"],
)
def _357(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    # The earliest episode of each child (ties: the first row) is judged.
    first = (
        ctx.frame("Episodes")
        .filter(present("DECOM"))
        .sort(["DECOM", ROW])
        .unique("CHILD", keep="first")
    )
    bad = first.filter(
        (pl.col("DECOM") >= pl.lit(ctx.collection_start)) & (pl.col("RNE").fill_null("") != "S")
    )
    return {"Episodes": bad.select(ROW)}


@rule(
    "903",
    "358",
    "Child with this legal status should not be under 10.",
    tables=["Header", "Episodes"],
    fields=["DECOM", "DOB", "LS"],
)
def _358(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    eps = _with_dob(ctx, ctx.frame("Episodes"))
    bad = eps.filter(
        pl.col("LS").is_in(["J1", "J2", "J3"]) & (_plus_years("_DOB", 10) > pl.col("DECOM"))
    )
    return {"Episodes": bad.select(ROW), "Header": bad.select(pl.col("_hrow").alias(ROW))}


@rule(
    "903",
    "359",
    "Child being looked after following 18th birthday must be accommodated under section 20(5) "
    "of the Children Act 1989 in a community home.",
    tables=["Episodes"],
    needs=["Episodes", "Header"],
    fields=["DEC", "LS", "PLACE"],
)
def _359(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    eps = _with_dob(ctx, ctx.frame("Episodes"))
    bad = eps.filter(
        (_plus_years("_DOB", 18) < pl.lit(ctx.collection_end))
        & blank("DEC")
        & ~((pl.col("LS") == "V2") & (pl.col("PLACE") == "K2")).fill_null(False)
    )
    return {"Episodes": bad.select(ROW)}


def _ls_rule(code: str, message: str, ls: str, days: int) -> None:
    @rule("903", code, message, tables=["Episodes"], fields=["DECOM", "LS", "DEC"])
    def check(ctx: RuleContext) -> dict[str, pl.DataFrame]:
        return {"Episodes": _ls_runs(ctx, ls, days).select(ROW)}


_ls_rule(
    "361",
    "Police protection legal status lasted longer than maximum 72 hours allowed in the "
    "Children Act 1989.",
    "L1",
    3,
)
_ls_rule("362", "Emergency protection order (EPO) lasted longer than 21 days", "L2", 21)
_ls_rule(
    "363",
    "Child assessment order (CAO) lasted longer than 7 days allowed in the Children Act 1989.",
    "L3",
    7,
)
_ls_rule(
    "364",
    "Sections 41-46 of Police and Criminal Evidence (PACE; 1984) severely limits the time a "
    "child can be detained in custody in Local Authority (LA) accommodation.",
    "J2",
    21,
)


@rule(
    "903",
    "365",
    "Any individual short- term respite placement must not exceed 17 days.",
    tables=["Episodes"],
    fields=["LS", "DECOM", "DEC"],
)
def _365(ctx: RuleContext) -> dict[str, pl.Expr]:
    dec = pl.col("DEC").fill_null(pl.lit(ctx.collection_end))
    return {"Episodes": (pl.col("LS") == "V3") & (dec > pl.col("DECOM").dt.offset_by("17d"))}


@rule(
    "903",
    "366",
    "A child cannot change placement during the course of an individual short-term respite break.",
    tables=["Episodes"],
    fields=["RNE"],
)
def _366(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"Episodes": (pl.col("LS") == "V3") & (pl.col("RNE").fill_null("") != "S")}


@rule(
    "903",
    "367",
    "The maximum amount of respite care allowable is 75 days in any 12-month period.",
    tables=["Episodes"],
    fields=["LS", "DECOM", "DEC"],
)
def _367(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    start, end = pl.lit(ctx.collection_start), pl.lit(ctx.collection_end)
    eps = ctx.frame("Episodes").filter((pl.col("LS") == "V3") & present("DECOM"))
    dec = pl.when(blank("DEC") | (pl.col("DEC") > end)).then(end).otherwise(pl.col("DEC"))
    decom = pl.when(pl.col("DECOM") < start).then(start).otherwise(pl.col("DECOM"))
    eps = eps.with_columns((dec - decom).dt.total_days().alias("_days")).filter(pl.col("_days") > 0)
    return {"Episodes": eps.filter(pl.col("_days").sum().over("CHILD") > 75).select(ROW)}


def _min_age_rule(code: str, message: str, place: str, years: int, since: str = "2024-25") -> None:
    @rule(
        "903",
        code,
        message,
        tables=["Episodes"],
        needs=["Episodes", "Header"],
        fields=["DECOM", "PLACE"],
        since=since,
    )
    def check(ctx: RuleContext) -> dict[str, pl.DataFrame]:
        eps = _with_dob(ctx, ctx.frame("Episodes").filter(pl.col("PLACE") == place))
        return {"Episodes": eps.filter(pl.col("DECOM") < _plus_years("_DOB", years)).select(ROW)}


_min_age_rule(
    "371",
    "Child in supported accomodation not subject to children’s homes regulations should be at "
    "least 16.",
    "K3",
    16,
)
_min_age_rule("372", "Child in youth custody or prison should be at least 10.", "R5", 10)
_min_age_rule("373", "Child placed in a school should be at least 4 years old.", "S1", 4)
_min_age_rule("374", "Child in residential employment should be at least 14 years old.", "P3", 14)


def _max_days_rule(code: str, message: str, place: str, days: int) -> None:
    @rule("903", code, message, tables=["Episodes"], fields=["DECOM", "PLACE"])
    def check(ctx: RuleContext) -> dict[str, pl.Expr]:
        return {
            "Episodes": (pl.col("PLACE") == place)
            & (pl.col("DEC") > pl.col("DECOM").dt.offset_by(f"{days}d"))
        }


_max_days_rule("375", "Hospitalisation coded as a temporary placement exceeds six weeks.", "T1", 42)
_max_days_rule(
    "376",
    "Temporary placements coded as being due to holiday of usual foster carer(s) cannot exceed "
    "three weeks.",
    "T3",
    21,
)


@rule(
    "903",
    "377",
    "Only two temporary placements coded as being due to holiday of usual foster carer(s) are "
    "allowed in any 12- month period.",
    tables=["Episodes"],
    fields=["PLACE"],
)
def _377(ctx: RuleContext) -> dict[str, pl.Expr]:
    t3 = pl.col("PLACE") == "T3"
    return {"Episodes": t3 & (t3.cast(pl.Int32).sum().over("CHILD") > 2)}


@rule(
    "903",
    "378",
    "A child who is placed with parent(s) cannot be looked after under a single period of "
    "accommodation under Section 20 of the Children Act 1989.",
    tables=["Episodes"],
    fields=["PLACE", "LS"],
)
def _378(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"Episodes": (pl.col("PLACE") == "P1") & (pl.col("LS") == "V2")}


# Header against last year, UPN, placement details (207-234).


@rule(
    "903",
    "207",
    "Mother status for the current year disagrees with the mother status already recorded for "
    "this child.",
    tables=["Header"],
    needs=["Header", "Header_last", "Episodes"],
    fields=["MOTHER"],
)
def _207(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    last = (
        ctx.frame("Header_last")
        .select("CHILD", pl.col("MOTHER").alias("_last"))
        .filter(pl.col("_last") == "1")
        .unique("CHILD")
    )
    with_eps = ctx.frame("Episodes").select("CHILD").unique()
    cur = ctx.frame("Header").join(last, on="CHILD", how="inner").join(with_eps, on="CHILD")
    return {"Header": cur.filter(pl.col("MOTHER").fill_null("") != "1").select(ROW)}


_UN = ["UN1", "UN2", "UN3", "UN4", "UN5"]


@rule(
    "903",
    "208",
    "Unique Pupil Number (UPN) for the current year disagrees with the Unique Pupil Number "
    "(UPN) already recorded for this child.",
    tables=["Header"],
    needs=["Header", "Header_last"],
    fields=["UPN"],
)
def _208(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    last = (
        ctx.frame("Header_last")
        .select("CHILD", pl.col("UPN").str.to_uppercase().alias("_last"))
        .unique("CHILD", keep="first")
    )
    cur = ctx.frame("Header").join(last, on="CHILD", how="inner")
    now = pl.col("UPN").str.to_uppercase()
    before = pl.col("_last")
    differs = now.fill_null("") != before.fill_null("")
    # Allowed: UN1 or blank → UN2-UN5; blank/unknown → a real UPN.
    allowed_unknown = (before.is_null() | (before == "UN1")) & now.is_in(_UN[1:]).fill_null(False)
    known_now = now.is_not_null() & ~now.is_in(_UN).fill_null(False)
    was_unknown = before.is_null() | before.is_in(_UN).fill_null(False)
    bad = differs & ~allowed_unknown & ~(was_unknown & known_now)
    return {"Header": cur.filter(bad).select(ROW)}


@rule(
    "903",
    "209",
    "Child looked after is of school age and should not have an unknown Unique Pupil Number "
    "(UPN) code of UN1.",
    tables=["Header"],
    fields=["UPN", "DOB"],
)
def _209(ctx: RuleContext) -> dict[str, pl.Expr]:
    # School age: four or over on 31 August before the collection year.
    ref = date(ctx.collection_start.year - 1, 8, 31)
    return {"Header": (pl.col("UPN") == "UN1") & (_plus_years("DOB", 4) <= pl.lit(ref))}


@rule(
    "903",
    "210",
    "Children looked after for more than a week at 31 March should not have an unknown Unique "
    "Pupil Number (UPN) code of UN4.",
    tables=["Header", "Episodes"],
    fields=["UPN", "DECOM"],
)
def _210(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    ref = date(ctx.collection_end.year, 3, 24)
    header = (
        ctx.frame("Header").filter(pl.col("UPN") == "UN4").select("CHILD", pl.col(ROW).alias("_h"))
    )
    eps = ctx.frame("Episodes").filter(pl.col("DECOM") >= pl.lit(ref)).join(header, on="CHILD")
    return {"Episodes": eps.select(ROW), "Header": eps.select(pl.col("_h").alias(ROW))}


_TEMP = ["T0", "T1", "T2", "T3", "T4"]
_Z_OTHER = ["Z11", "Z12", "Z13", "Z14"]


@rule(
    "903",
    "213",
    "Placement provider information not required.",
    tables=["Episodes"],
    fields=["PLACE_PROVIDER"],
)
def _213(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"Episodes": pl.col("PLACE").is_in(_TEMP) & present("PLACE_PROVIDER")}


@rule(
    "903",
    "213",
    "Placement provider information not required.",
    tables=["Episodes"],
    fields=["PLACE_PROVIDER"],
    since="2025-26",
)
def _213_2025(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"Episodes": pl.col("PLACE").is_in(_TEMP + _Z_OTHER) & present("PLACE_PROVIDER")}


@rule(
    "903",
    "214",
    "Placement location information not required.",
    tables=["Episodes"],
    fields=["PL_POST", "URN"],
)
def _214(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"Episodes": pl.col("LS").is_in(["V3", "V4"]) & (present("PL_POST") | present("URN"))}


_OC2_ITEMS = [
    "CONVICTED",
    "HEALTH_CHECK",
    "IMMUNISATIONS",
    "TEETH_CHECK",
    "HEALTH_ASSESSMENT",
    "SUBSTANCE_MISUSE",
    "INTERVENTION_RECEIVED",
    "INTERVENTION_OFFERED",
]


@rule(
    "903",
    "215",
    "Child has care leaver information but one or more data items relating to children looked "
    "after for 12 months have been completed.",
    tables=["OC2", "OC3"],
    fields=["IN_TOUCH", "ACTIV", "ACCOM", *_OC2_ITEMS],
)
def _215(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    oc3 = ctx.frame("OC3").filter(present("IN_TOUCH") | present("ACTIV") | present("ACCOM"))
    oc2 = ctx.frame("OC2").filter(pl.any_horizontal([present(c) for c in _OC2_ITEMS]))
    pairs = oc3.select("CHILD", pl.col(ROW).alias("_3")).join(
        oc2.select("CHILD", pl.col(ROW).alias("_2")), on="CHILD"
    )
    return {
        "OC3": pairs.select(pl.col("_3").alias(ROW)),
        "OC2": pairs.select(pl.col("_2").alias(ROW)),
    }


@rule(
    "903",
    "217",
    "Children who are placed for adoption with current foster carers (placement types A3 or A5) "
    "must have a reason for new episode of S, T or U.",
    tables=["Episodes"],
    fields=["PLACE", "DECOM", "RNE"],
)
def _217(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {
        "Episodes": pl.col("PLACE").is_in(["A3", "A5"])
        & (pl.col("DECOM") >= pl.lit(date(2015, 4, 1)))
        & ~pl.col("RNE").is_in(["S", "T", "U"]).fill_null(False)
    }


_NO_URN = ["P1", "P3", "R1", "R2", "R5", *_TEMP]


@rule(
    "903",
    "222",
    "Ofsted Unique reference number (URN) should not be recorded for this placement type.",
    tables=["Episodes"],
    fields=["URN"],
)
def _222(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {
        "Episodes": pl.col("PLACE").is_in([*_NO_URN, "Z1"])
        & present("URN")
        & (pl.col("URN") != "XXXXXXX")
    }


@rule(
    "903",
    "222",
    "Ofsted Unique reference number (URN) should not be recorded for this placement type.",
    tables=["Episodes"],
    fields=["URN"],
    since="2025-26",
)
def _222_2025(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {
        "Episodes": pl.col("PLACE").is_in(_NO_URN + _Z_OTHER)
        & present("URN")
        & (pl.col("URN") != "XXXXXXX")
    }


def _with_next(ctx: RuleContext) -> pl.DataFrame:
    """Episodes in order per child, with the next episode's RNE and PLACE (null for the last)."""
    eps = ctx.frame("Episodes").sort(["CHILD", "DECOM", ROW], nulls_last=True)
    same = pl.col("CHILD").shift(-1) == pl.col("CHILD")
    return eps.with_columns(
        pl.when(same).then(pl.col("RNE").shift(-1)).alias("_RNE_NEXT"),
        pl.when(same).then(pl.col("PLACE").shift(-1)).alias("_PLACE_NEXT"),
        pl.when(pl.col("CHILD").shift(1) == pl.col("CHILD"))
        .then(pl.col("REASON_PLACE_CHANGE").shift(1))
        .alias("_RPC_PREV"),
    )


@rule(
    "903",
    "225",
    "Reason for placement change must be recorded.",
    tables=["Episodes"],
    fields=["REASON_PLACE_CHANGE"],
)
def _225(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    eps = _with_next(ctx)
    bad = eps.filter(
        (pl.col("REC") == "X1")
        & blank("REASON_PLACE_CHANGE")
        & ~pl.col("PLACE").is_in(_TEMP).fill_null(False)
        & pl.col("_RNE_NEXT").is_in(["P", "B", "T", "U"])
        & ~pl.col("_PLACE_NEXT").is_in(_TEMP).fill_null(False)
    )
    return {"Episodes": bad.select(ROW)}


def _226(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    eps = _with_next(ctx)
    bad = eps.filter(
        pl.col("PLACE").is_in(_TEMP) & (present("REASON_PLACE_CHANGE") | present("_RPC_PREV"))
    )
    return {"Episodes": bad.select(ROW)}


rule(
    "903",
    "226",
    "Reason for placement change is not required.",
    tables=["Episodes"],
    fields=["REASON_PLACE_CHANGE", "PLACE"],
)(_226)
rule(
    "903",
    "226",
    "Reason for placement change is not required for temporary placements.",
    tables=["Episodes"],
    fields=["REASON_PLACE_CHANGE", "PLACE"],
    since="2025-26",
)(_226)


def _uasc_children(ctx: RuleContext, table: str = "UASC") -> pl.DataFrame:
    """Children recorded as UASC: those with a UASC row giving any detail."""
    frame = ctx.frame(table)
    return frame.filter(present("SEX") | present("DUC:raw")).select("CHILD").unique()


@rule(
    "903",
    "231",
    "We expect that unaccompanied asylum seeking children are generally older young people. "
    "Please check the date of birth is correct. If the date of birth is correct then please "
    "provide details in a bypass request.",
    tables=["Header"],
    needs=["Header", "UASC"],
    fields=["DOB", "UASC_STATUS"],
)
def _231(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    cur = ctx.frame("Header").join(_uasc_children(ctx), on="CHILD", how="semi")
    young = pl.col("DOB") > pl.lit(ctx.collection_end).dt.offset_by("-11y")
    return {"Header": cur.filter(young).select(ROW)}


@rule(
    "903",
    "232",
    "Sex of the child/young person has been reported as unknown.",
    tables=["Header"],
    fields=["SEX"],
)
def _232(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"Header": pl.col("SEX").str.to_uppercase() == "U"}


@rule(
    "903",
    "233",
    "Reason for placement change is not required when the episode has not ceased.",
    tables=["Episodes"],
    fields=["REASON_PLACE_CHANGE", "DEC"],
    since="2025-26",
)
def _233(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"Episodes": blank("DEC:raw") & present("REASON_PLACE_CHANGE")}


@rule(
    "903",
    "234",
    "A child aged under 10 can not change placement due to being admitted to custody",
    tables=["Episodes", "Header"],
    fields=["REASON_PLACE_CHANGE", "DOB"],
    since="2025-26",
)
def _234(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    eps = _with_dob(ctx, ctx.frame("Episodes").filter(pl.col("REASON_PLACE_CHANGE") == "CUSTOD"))
    bad = eps.filter(_plus_years("_DOB", 10) > pl.col("DECOM"))
    return {"Episodes": bad.select(ROW), "Header": bad.select(pl.col("_hrow").alias(ROW))}


@rule(
    "903",
    "242",
    "URN = 'XXXXXXX' can only be used for regional adoption agencies",
    tables=["Episodes"],
    fields=["URN"],
    since="2025-26",
)
def _242(ctx: RuleContext) -> dict[str, pl.Expr]:
    rra = ["A3", "A4", "A5", "A6", "U1", "U2", "U3", "U4", "U5", "U6"]
    return {"Episodes": (pl.col("URN") == "XXXXXXX") & ~pl.col("PLACE").is_in(rra).fill_null(False)}


@rule(
    "903",
    "304",
    "Date unaccompanied asylum-seeking child (UASC) status ceased must be on or before the 18th "
    "birthday of a child.",
    tables=["UASC"],
    fields=["DUC"],
)
def _304(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"UASC": pl.col("DUC") > _plus_years("DOB", 18)}


# UASC against last year (205A-205D).


def _uasc_detail(ctx: RuleContext, table: str) -> pl.DataFrame:
    """UASC rows giving any detail (so the child was UASC), one per child."""
    return (
        ctx.frame(table).filter(present("SEX") | present("DUC:raw")).unique("CHILD", keep="first")
    )


@rule(
    "903",
    "205A",
    "Child identified as UASC last year is no longer UASC this year, but date UASC ceased in "
    "both years does not support this.",
    tables=["Header"],
    needs=["Header", "UASC", "UASC_last"],
    fields=["CHILD", "UASC"],
)
def _205a(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    start_last = ctx.collection_start.replace(year=ctx.collection_start.year - 1)
    end_last = ctx.collection_end.replace(year=ctx.collection_end.year - 1)
    last = _uasc_detail(ctx, "UASC_last").select("CHILD", pl.col("DUC").alias("_DUC_last"))
    cur = (
        ctx.frame("Header")
        .join(_uasc_detail(ctx, "UASC"), on="CHILD", how="anti")
        .join(last, on="CHILD", how="inner")
    )
    in_last_year = pl.col("_DUC_last").is_between(pl.lit(start_last), pl.lit(end_last))
    return {"Header": cur.filter(~in_last_year.fill_null(False)).select(ROW)}


@rule(
    "903",
    "205B",
    "Child previously identified as UASC is also UASC this year, but date UASC ceased in both "
    "years does not support this.",
    tables=["UASC", "Header"],
    needs=["UASC", "UASC_last"],
    fields=["DUC", "UASC"],
)
def _205b(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    last = _uasc_detail(ctx, "UASC_last").select(
        "CHILD",
        pl.col("DUC").alias("_DUC_last"),
        _plus_years("DOB", 18).alias("_DOB18"),
    )
    cur = (
        ctx.frame("UASC")
        .filter(present("SEX") | present("DUC:raw"))
        .join(last, on="CHILD", how="inner")
    )
    in_year = pl.col("DUC").is_between(pl.lit(ctx.collection_start), pl.lit(ctx.collection_end))
    same_as_last = pl.col("DUC") == pl.col("_DUC_last")
    last_is_18th = pl.col("_DUC_last") == pl.col("_DOB18")
    bad = (~in_year.fill_null(False) & ~same_as_last.fill_null(False)) | ~last_is_18th.fill_null(
        False
    )
    failing = cur.filter(bad)
    out = {"UASC": failing.select(ROW)}
    if ctx.has("Header"):
        out["Header"] = ctx.frame("Header").join(failing, on="CHILD", how="semi").select(ROW)
    return out


@rule(
    "903",
    "205D",
    "Child identified as UASC this year but not identified as UASC status provided for the "
    "child last year.",
    tables=["Header"],
    needs=["Header", "Header_last", "UASC", "UASC_last"],
    fields=["UASC", "CHILD"],
)
def _205d(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    cur = (
        ctx.frame("Header")
        .join(ctx.frame("Header_last").select("CHILD").unique(), on="CHILD", how="semi")
        .join(_uasc_detail(ctx, "UASC").select("CHILD"), on="CHILD", how="semi")
        .join(_uasc_detail(ctx, "UASC_last").select("CHILD"), on="CHILD", how="anti")
    )
    return {"Header": cur.select(ROW)}


# Adoption (331-336).


@rule(
    "903",
    "331",
    "Date of matching child and adopter(s) should be the same as, or prior to, the date of "
    "placement of adoption.",
    tables=["AD1", "Episodes"],
    fields=["DATE_MATCH", "DECOM", "REC"],
)
def _331(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    eps = ctx.frame("Episodes").filter(pl.col("REC").is_in(["E11", "E12"]))
    pairs = eps.select("CHILD", "DECOM", pl.col(ROW).alias("_e")).join(
        ctx.frame("AD1").select("CHILD", "DATE_MATCH", pl.col(ROW).alias("_a")), on="CHILD"
    )
    bad = pairs.filter(pl.col("DATE_MATCH") > pl.col("DECOM"))
    return {
        "AD1": bad.select(pl.col("_a").alias(ROW)),
        "Episodes": bad.select(pl.col("_e").alias(ROW)),
    }


@rule(
    "903",
    "333",
    "Date should be placed for adoption must be on or prior to the date of matching child with "
    "adopter(s).",
    tables=["AD1"],
    fields=["DATE_INT"],
)
def _333(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {
        "AD1": present("DATE_MATCH")
        & (blank("DATE_INT") | (pl.col("DATE_INT") > pl.col("DATE_MATCH")))
    }


@rule(
    "903",
    "334",
    "Date child started to be looked after in latest period of care must be on or prior to the "
    "date should be placed for adoption. ",
    tables=["Episodes", "AD1"],
    fields=["DATE_INT", "DECOM", "RNE"],
)
def _334(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    starts = ctx.frame("Episodes").filter((pl.col("RNE") == "S") & present("DECOM"))
    latest = (
        starts.sort(["DECOM", ROW])
        .group_by("CHILD")
        .agg(pl.col("DECOM").last(), pl.col(ROW).last().alias("_e"))
    )
    pairs = latest.join(
        ctx.frame("AD1").select("CHILD", "DATE_INT", pl.col(ROW).alias("_a")), on="CHILD"
    )
    bad = pairs.filter(pl.col("DATE_INT") < pl.col("DECOM"))
    return {
        "Episodes": bad.select(pl.col("_e").alias(ROW)),
        "AD1": bad.select(pl.col("_a").alias(ROW)),
    }


@rule(
    "903",
    "335",
    "The current foster value (0) suggests that child is not adopted by current foster carer, "
    "but last placement is A2, A3, or A5. Or the current foster value (1) suggests that child is "
    "adopted by current foster carer, but last placement is A1, A4 or A6.",
    tables=["Episodes", "AD1"],
    fields=["PLACE", "FOSTER_CARE"],
)
def _335(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    eps = ctx.frame("Episodes").filter(pl.col("REC").is_in(["E1", "E11", "E12"]))
    pairs = eps.select("CHILD", "PLACE", pl.col(ROW).alias("_e")).join(
        ctx.frame("AD1").select("CHILD", "FOSTER_CARE", pl.col(ROW).alias("_a")), on="CHILD"
    )
    bad = pairs.filter(
        (pl.col("PLACE").is_in(["A2", "A3", "A5"]) & (pl.col("FOSTER_CARE") == "0"))
        | (pl.col("PLACE").is_in(["A1", "A4", "A6"]) & (pl.col("FOSTER_CARE") == "1"))
    )
    return {
        "Episodes": bad.select(pl.col("_e").alias(ROW)),
        "AD1": bad.select(pl.col("_a").alias(ROW)),
    }


@rule(
    "903",
    "336",
    "Child does not have a foster placement immediately prior to being placed for adoption.",
    tables=["Episodes"],
    fields=["PLACE"],
)
def _336(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    prior = ["A3", "A4", "A5", "A6", "U1", "U2", "U3", "U4", "U5", "U6"]
    eps = ctx.frame("Episodes").sort(["CHILD", "DECOM", ROW], nulls_last=True)
    prev = pl.when(pl.col("CHILD").shift(1) == pl.col("CHILD")).then(pl.col("PLACE").shift(1))
    eps = eps.with_columns(
        prev.alias("_prev"), (pl.col("CHILD").shift(1) == pl.col("CHILD")).alias("_has_prev")
    )
    bad = eps.filter(
        pl.col("PLACE").is_in(["A3", "A5"])
        & pl.col("_has_prev").fill_null(False)
        & ~pl.col("_prev").is_in(prior).fill_null(False)
    )
    return {"Episodes": bad.select(ROW)}


# Care leavers (344-348).


@rule(
    "903",
    "344",
    "The record shows the young person has died or returned home to live with parent(s) or "
    "someone with parental responsibility for a continuous period of 6 months or more, but "
    "activity and/or accommodation on leaving care have been completed.",
    tables=["OC3"],
    fields=["IN_TOUCH", "ACTIV", "ACCOM"],
)
def _344(ctx: RuleContext) -> dict[str, pl.Expr]:
    completed = (present("ACTIV") & (pl.col("ACTIV") != "0")) | (
        present("ACCOM") & (pl.col("ACCOM") != "0")
    )
    return {"OC3": pl.col("IN_TOUCH").is_in(["DIED", "RHOM"]) & completed}


@rule(
    "903",
    "345",
    "The data collection record shows the local authority is in touch with this young person, "
    "but activity and/or accommodation data items are zero.",
    tables=["OC3"],
    fields=["IN_TOUCH", "ACTIV", "ACCOM"],
)
def _345(ctx: RuleContext) -> dict[str, pl.Expr]:
    zero = (pl.col("ACTIV") == "0").fill_null(False) | (pl.col("ACCOM") == "0").fill_null(False)
    return {"OC3": (pl.col("IN_TOUCH") == "YES") & zero}


@rule(
    "903",
    "347",
    "Care leavers aged under 18 years, can not be accommodated in a Foyer.",
    tables=["OC3"],
    fields=["ACCOM", "DOB"],
)
def _347(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {
        "OC3": pl.col("ACCOM").str.starts_with("T")
        & (_plus_years("DOB", 18) > pl.lit(ctx.collection_start))
    }


@rule(
    "903",
    "348",
    "Care leaver has previously been reported as having died. ",
    tables=["OC3"],
    needs=["OC3", "OC3_last"],
    fields=["IN_TOUCH"],
    since="2025-26",
)
def _348(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    died = ctx.frame("OC3_last").filter(pl.col("IN_TOUCH") == "DIED").select("CHILD").unique()
    cur = ctx.frame("OC3").join(died, on="CHILD", how="semi")
    return {"OC3": cur.filter(pl.col("IN_TOUCH").fill_null("") != "DIED").select(ROW)}
