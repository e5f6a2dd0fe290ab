"""SSDA903 rules 159-199: OC2 health and SDQ items, mother status, adoption codes, UPN,
placement provider and previous adoption from care."""

from __future__ import annotations

import polars as pl

from opencsc.returns.data import ROW, raw_name
from opencsc.returns.engine import RuleContext, bad_date, blank, not_in, present, rule

# OC2 items for children looked after continuously for 12 months.
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
_OC2_CORE = ["IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE"]
_OC2_OTHER = ["CONVICTED", "HEALTH_CHECK", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"]
_ADOPTION = ["E11", "E12"]


def _any_present(cols: list[str]) -> pl.Expr:
    return pl.any_horizontal([present(c) for c in cols])


def _any_blank(cols: list[str]) -> pl.Expr:
    return pl.any_horizontal([blank(c) for c in cols])


def _sdq_score_given() -> pl.Expr:
    return present(raw_name("SDQ_SCORE"))


def _birthday(years: int) -> pl.Expr:
    return pl.col("DOB").dt.offset_by(f"{years}y")


def _cla_children(ctx: RuleContext) -> pl.DataFrame:
    """Children looked after continuously for 12 months at 31 March (column `CHILD`).

    In care at some point in the year, with no episode that starts a period of care in the year
    (RNE S), ends one before 31 March (REC other than X1) or is a short break (LS V3/V4).
    """
    start, end = pl.lit(ctx.collection_start), pl.lit(ctx.collection_end)
    during = ((pl.col("DECOM") <= end) & (blank("DEC") | (pl.col("DEC") >= start))).fill_null(False)
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
        .agg(during.any().alias("_in"), broken.any().alias("_broken"))
        .filter(pl.col("_in") & ~pl.col("_broken"))
        .select("CHILD")
    )


def _with_cla(ctx: RuleContext, table: str) -> pl.DataFrame:
    """`table` with a boolean column `_cla`: the child was continuously looked after."""
    cla = _cla_children(ctx).with_columns(pl.lit(True).alias("_cla"))
    frame = ctx.frame(table).join(cla, on="CHILD", how="left", coalesce=True)
    return frame.with_columns(pl.col("_cla").fill_null(False))


# OC2 substance misuse and health items (159, 181, 182, 190-193).


@rule(
    "903",
    "159",
    "If a child has been recorded as not receiving an intervention for their substance misuse "
    "problem, then the additional item on whether an intervention was offered should be "
    "completed as well.",
    tables=["OC2"],
    fields=["SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"],
)
def _159(ctx: RuleContext) -> dict[str, pl.Expr]:
    failing = (
        (pl.col("SUBSTANCE_MISUSE") == "1")
        & (pl.col("INTERVENTION_RECEIVED") == "0")
        & blank("INTERVENTION_OFFERED")
    )
    return {"OC2": failing}


@rule(
    "903",
    "181",
    "Data items relating to children looked after continuously for 12 months should be "
    "completed with a 0 or 1.",
    tables=["OC2"],
    fields=_OC2_ITEMS,
)
def _181(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"OC2": pl.any_horizontal([not_in(c, ["0", "1"]) for c in _OC2_ITEMS])}


@rule(
    "903",
    "182",
    "Data entries on immunisations, teeth checks, health assessments and substance misuse "
    "problem identified should be completed or all OC2 fields should be left blank.",
    tables=["OC2"],
    fields=_OC2_CORE + _OC2_OTHER,
)
def _182(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"OC2": _any_blank(_OC2_CORE) & _any_present(_OC2_OTHER)}


@rule(
    "903",
    "190",
    "Child has not been looked after continuously for at least 12 months at 31 March but one "
    "or more data items relating to children looked after for 12 months have been completed.",
    tables=["OC2", "Episodes"],
    fields=_OC2_ITEMS,
)
def _190(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    oc2 = _with_cla(ctx, "OC2")
    return {"OC2": oc2.filter(~pl.col("_cla") & _any_present(_OC2_ITEMS)).select(ROW)}


@rule(
    "903",
    "191",
    "Child has been looked after continuously for at least 12 months at 31 March but one or "
    "more data items relating to children looked after for 12 months have been left blank.",
    tables=["OC2", "Episodes"],
    fields=[*_OC2_CORE, "CHILD"],
)
def _191(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    oc2 = _with_cla(ctx, "OC2")
    bad_oc2 = oc2.filter(pl.col("_cla") & _any_blank(_OC2_CORE)).select(ROW)
    # Children looked after continuously with no OC2 row at all: their first episode.
    first = (
        ctx.frame("Episodes")
        .filter(present("DECOM"))
        .sort(["DECOM", ROW])
        .unique("CHILD", keep="first")
    )
    missing = (
        first.join(_cla_children(ctx), on="CHILD", how="semi")
        .join(ctx.frame("OC2").select("CHILD"), on="CHILD", how="anti")
        .select(ROW)
    )
    return {"OC2": bad_oc2, "Episodes": missing}


@rule(
    "903",
    "192",
    "Child has been identified as having a substance misuse problem but the additional item on "
    "whether an intervention was received has been left blank.",
    tables=["OC2"],
    fields=["SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED"],
)
def _192(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"OC2": (pl.col("SUBSTANCE_MISUSE") == "1") & blank("INTERVENTION_RECEIVED")}


@rule(
    "903",
    "193",
    "Child not identified as having a substance misuse problem but at least one of the two "
    "additional items on whether an intervention were offered and received have been completed.",
    tables=["OC2"],
    fields=["SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"],
)
def _193(ctx: RuleContext) -> dict[str, pl.Expr]:
    no_misuse = blank("SUBSTANCE_MISUSE") | (pl.col("SUBSTANCE_MISUSE") == "0")
    return {"OC2": no_misuse & _any_present(["INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"])}


# Strengths and difficulties questionnaire (180, 185-189, 196-198).


@rule(
    "903",
    "180",
    "Data entry for the strengths and difficulties questionnaire (SDQ) score is invalid.",
    tables=["OC2"],
    fields=["SDQ_SCORE"],
)
def _180(ctx: RuleContext) -> dict[str, pl.Expr]:
    score = pl.col(raw_name("SDQ_SCORE")).cast(pl.Float64, strict=False)
    valid = (score >= 0) & (score <= 40) & (score == score.floor())
    return {"OC2": _sdq_score_given() & ~valid.fill_null(False)}


@rule(
    "903",
    "185",
    "Child has not been looked after continuously for at least 12 months at 31 March but a "
    "Strengths and Difficulties (SDQ) score has been completed.",
    tables=["Episodes", "OC2"],
    fields=["SDQ_SCORE"],
)
def _185(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    oc2 = _with_cla(ctx, "OC2")
    return {"OC2": oc2.filter(_sdq_score_given() & ~pl.col("_cla")).select(ROW)}


@rule(
    "903",
    "186",
    "Children aged 4 or over at the start of the year and children aged under 17 at the end of "
    "the year and who have been looked after for at least 12 months continuously should have a "
    "Strengths and Difficulties (SDQ) score completed.",
    tables=["Episodes", "OC2"],
    fields=["SDQ_SCORE"],
)
def _186(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    oc2 = _with_cla(ctx, "OC2")
    failing = (
        (_birthday(4) <= pl.lit(ctx.collection_start))
        & (_birthday(17) > pl.lit(ctx.collection_end))
        & pl.col("_cla")
        & ~_sdq_score_given()
        & blank("SDQ_REASON")
    )
    return {"OC2": oc2.filter(failing).select(ROW)}


@rule(
    "903",
    "188",
    "Child is aged under 4 years at the end of the year, but a Strengths and Difficulties (SDQ) "
    "score or a reason for no SDQ score has been completed. ",
    tables=["OC2"],
    fields=["SDQ_SCORE", "SDQ_REASON"],
)
def _188(ctx: RuleContext) -> dict[str, pl.Expr]:
    young = _birthday(4) > pl.lit(ctx.collection_end)
    return {"OC2": young & (_sdq_score_given() | present("SDQ_REASON"))}


@rule(
    "903",
    "189",
    "Child is aged 17 years or over at the beginning of the year, but an Strengths and "
    "Difficulties (SDQ) score or a reason for no Strengths and Difficulties (SDQ) score has been "
    "completed.",
    tables=["OC2"],
    fields=["DOB", "SDQ_SCORE", "SDQ_REASON"],
)
def _189(ctx: RuleContext) -> dict[str, pl.Expr]:
    old = _birthday(17) < pl.lit(ctx.collection_start)
    return {"OC2": old & (_sdq_score_given() | present("SDQ_REASON"))}


@rule(
    "903",
    "196",
    "Strengths and Difficulties (SDQ) reason is not a valid code.",
    tables=["OC2"],
    fields=["SDQ_REASON"],
)
def _196(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"OC2": not_in("SDQ_REASON", ctx.column_codes("OC2", "SDQ_REASON"))}


@rule(
    "903",
    "197B",
    "SDQ score or reason for no SDQ should be reported for 4- or 17-year-olds.",
    tables=["OC2", "Episodes"],
    fields=["SDQ_REASON", "DOB"],
)
def _197b(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    start, end = pl.lit(ctx.collection_start), pl.lit(ctx.collection_end)
    turns = _birthday(4).is_between(start, end) | _birthday(17).is_between(start, end)
    oc2 = _with_cla(ctx, "OC2")
    failing = turns & pl.col("_cla") & ~_sdq_score_given() & blank("SDQ_REASON")
    return {"OC2": oc2.filter(failing).select(ROW)}


@rule(
    "903",
    "197a",
    "Reason for no Strengths and Difficulties (SDQ) score is not required if Strengths and "
    "Difficulties Questionnaire score is filled in.",
    tables=["OC2"],
    fields=["SDQ_SCORE", "SDQ_REASON"],
)
def _197a(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"OC2": _sdq_score_given() & present("SDQ_REASON")}


@rule(
    "903",
    "198",
    "Child has not been looked after continuously for at least 12 months at 31 March but a "
    "reason for no Strengths and Difficulties (SDQ) score has been completed. ",
    tables=["Episodes", "OC2"],
    fields=["SDQ_REASON"],
)
def _198(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    oc2 = _with_cla(ctx, "OC2")
    return {"OC2": oc2.filter(present("SDQ_REASON") & ~pl.col("_cla")).select(ROW)}


# Header: mother status, UPN, mother's child (165, 168, 171, 174).


@rule(
    "903",
    "165",
    "Data entry for mother status is invalid.",
    tables=["Header", "Episodes", "OC3"],
    fields=["MOTHER", "SEX", "ACTIV", "ACCOM", "IN_TOUCH", "DECOM"],
)
def _165(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    start, end = pl.lit(ctx.collection_start), pl.lit(ctx.collection_end)
    # Children with episodes other than short breaks, and whether any falls in the year.
    eps = (
        ctx.frame("Episodes")
        .filter(~pl.col("LS").fill_null("").str.to_uppercase().is_in(["V3", "V4"]))
        .group_by("CHILD")
        .agg(
            ((pl.col("DEC").fill_null(end) >= start) & (pl.col("DECOM") <= end))
            .fill_null(False)
            .any()
            .alias("_in_year")
        )
    )
    oc3 = (
        ctx.frame("OC3")
        .filter(_any_present(["ACTIV", "ACCOM", "IN_TOUCH"]))
        .select("CHILD")
        .unique()
        .with_columns(pl.lit(True).alias("_oc3"))
    )
    header = (
        ctx.frame("Header")
        .join(eps, on="CHILD", how="inner")
        .join(oc3, on="CHILD", how="left")
        .with_columns(pl.col("_oc3").fill_null(False))
    )
    female = (pl.col("SEX") == "F").fill_null(False)
    failing = (
        not_in("MOTHER", ["0", "1"])
        | (present("MOTHER") & (pl.col("SEX") == "M").fill_null(False))
        | (blank("MOTHER") & female & (pl.col("_in_year") | ~pl.col("_oc3")))
    )
    bad = header.filter(failing)
    bad_oc3 = ctx.frame("OC3").join(bad.select("CHILD"), on="CHILD", how="semi").select(ROW)
    return {"Header": bad.select(ROW), "OC3": bad_oc3}


@rule(
    "903",
    "168",
    "Unique Pupil Number (UPN) is not valid. If unknown, default codes should be UN1, UN2, UN3, "
    "UN4 or UN5.",
    tables=["Header"],
    fields=["UPN"],
)
def _168(ctx: RuleContext) -> dict[str, pl.Expr]:
    # A letter other than I, O or S, then 12 digits or 11 digits and a letter; or UN1-UN5.
    valid = pl.col("UPN").str.contains(r"^(?:[A-HJ-NP-RT-Z](?:\d{12}|\d{11}[A-Z])|UN[1-5])$")
    return {"Header": present("UPN") & ~valid}


@rule(
    "903",
    "171",
    "Date of birth of mother's child is not a valid date.",
    tables=["Header"],
    fields=["MC_DOB"],
)
def _171(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"Header": bad_date("MC_DOB")}


@rule(
    "903",
    "174",
    "Mother's child date of birth is recorded but sex shows that the child is a male.",
    tables=["Header"],
    fields=["SEX", "MC_DOB"],
)
def _174(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"Header": (pl.col("SEX") == "M") & present(raw_name("MC_DOB"))}


# Reviews (166, 167).


@rule("903", "166", "Date of review is invalid or blank.", tables=["Reviews"], fields=["REVIEW"])
def _166(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"Reviews": pl.col("REVIEW").is_null()}


@rule(
    "903",
    "167",
    "Data entry for participation is invalid or blank.",
    tables=["Reviews"],
    fields=["REVIEW_CODE"],
)
def _167(ctx: RuleContext) -> dict[str, pl.Expr]:
    codes = ctx.column_codes("Reviews", "REVIEW_CODE")
    review_given = present(raw_name("REVIEW"))
    ok = (review_given & pl.col("REVIEW_CODE").is_in(codes).fill_null(False)) | (
        ~review_given & blank("REVIEW_CODE")
    )
    return {"Reviews": ~ok}


# Adoption (175-177, 184, 187, 199).


@rule(
    "903",
    "175",
    "The number of adopter(s) code is not a valid code.",
    tables=["AD1"],
    fields=["NB_ADOPTR"],
)
def _175(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"AD1": not_in("NB_ADOPTR", ctx.column_codes("AD1", "NB_ADOPTR"))}


@rule(
    "903",
    "176",
    "The gender of adopter(s) at the date of adoption code is not a valid code.",
    tables=["AD1"],
    fields=["SEX_ADOPTR"],
)
def _176(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"AD1": not_in("SEX_ADOPTR", ctx.column_codes("AD1", "SEX_ADOPTR"))}


@rule(
    "903",
    "177",
    "The legal status of adopter(s) code is not a valid code.",
    tables=["AD1"],
    fields=["LS_ADOPTR"],
)
def _177(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"AD1": not_in("LS_ADOPTR", ctx.column_codes("AD1", "LS_ADOPTR"))}


@rule(
    "903",
    "184",
    "Date of decision that a child should be placed for adoption is before the child was born.",
    tables=["Header", "PlacedAdoption"],
    fields=["DATE_PLACED", "DOB"],
)
def _184(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    dob = (
        ctx.frame("Header")
        .filter(present("CHILD"))
        .unique("CHILD", keep="first")
        .select("CHILD", pl.col("DOB").alias("_DOB"))
    )
    placed = ctx.frame("PlacedAdoption").join(dob, on="CHILD", how="left")
    return {"PlacedAdoption": placed.filter(pl.col("DATE_PLACED") < pl.col("_DOB")).select(ROW)}


@rule(
    "903",
    "187",
    "Child cannot be looked after continuously for 12 months at 31 March (OC2) and have any of "
    "adoption or care leavers returns completed.",
    tables=["OC3", "AD1", "Episodes"],
    fields=[
        "DATE_INT",
        "DATE_MATCH",
        "FOSTER_CARE",
        "NB_ADOPTR",
        "SEX_ADOPTR",
        "LS_ADOPTR",
        "IN_TOUCH",
        "ACTIV",
        "ACCOM",
    ],
)
def _187(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    ad1_fields = [raw_name("DATE_INT"), raw_name("DATE_MATCH")]
    ad1_fields += ["FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"]
    ad1 = _with_cla(ctx, "AD1").filter(pl.col("_cla") & _any_present(ad1_fields))
    oc3 = _with_cla(ctx, "OC3").filter(
        pl.col("_cla") & _any_present(["IN_TOUCH", "ACTIV", "ACCOM"])
    )
    return {"AD1": ad1.select(ROW), "OC3": oc3.select(ROW)}


@rule(
    "903",
    "199",
    "Episode information shows child has been previously adopted from care. "
    "[NOTE: This only tests the current and previous year data loaded into the tool]",
    tables=["Episodes"],
    fields=["CHILD"],
)
def _199(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    cols = ["CHILD", "DECOM", "REC"]
    current = ctx.frame("Episodes").select(*cols, ROW, pl.lit(1).alias("_year"))
    frames = [current]
    if ctx.has("Episodes_last"):
        # Last year's episodes, less those repeated in this year's return.
        last = (
            ctx.frame("Episodes_last")
            .join(current.select("CHILD", "DECOM"), on=["CHILD", "DECOM"], how="anti")
            .select(*cols, ROW, pl.lit(0).alias("_year"))
        )
        frames.append(last)
    eps = (
        pl.concat(frames)
        .filter(present("DECOM") & present("CHILD"))
        .sort(["CHILD", "DECOM", "_year", ROW])
    )
    adopted = pl.col("REC").is_in(_ADOPTION).fill_null(False).cast(pl.UInt32)
    before = adopted.cum_sum().over("CHILD") - adopted
    bad = eps.filter((before > 0) & (pl.col("_year") == 1))
    return {"Episodes": bad.select(ROW)}


# Placement provider (178): blank for placement types without a provider.


def _provider_check(no_provider: list[str]) -> pl.Expr:
    ok = pl.col("PLACE_PROVIDER").is_in(["PR0", "PR1", "PR2", "PR3", "PR4", "PR5"]) & ~pl.col(
        "PLACE"
    ).is_in(no_provider).fill_null(False)
    return present("PLACE_PROVIDER") & ~ok.fill_null(False)


@rule(
    "903",
    "178",
    "Placement provider code is not a valid code.",
    tables=["Episodes"],
    fields=["PLACE_PROVIDER"],
)
def _178(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"Episodes": _provider_check(["T0", "T1", "T2", "T3", "T4", "Z1"])}


@rule(
    "903",
    "178",
    "Placement provider code is not a valid code.",
    tables=["Episodes"],
    fields=["PLACE_PROVIDER"],
    since="2025-26",
)
def _178_2025(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"Episodes": _provider_check(["T0", "T1", "T2", "T3", "Z11", "Z12", "Z13", "Z14"])}
