"""SSDA903 rules 3001, 407-460 (episode sequences, reviews, UPN), EPI, NoE and the internal
integrity checks INT01-INT36 (children and their details agreeing across tables)."""

from __future__ import annotations

from datetime import date

import polars as pl

from opencsc.returns.data import ROW
from opencsc.returns.engine import RuleContext, blank, present, rule

# Private helpers.


def _plus_years(col: str | pl.Expr, years: int) -> pl.Expr:
    expr = pl.col(col) if isinstance(col, str) else col
    return expr.dt.offset_by(f"{years}y")


def _with_header_dob(ctx: RuleContext, frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with the child's Header DOB (`_DOB`) and Header row (`_hrow`), first Header row."""
    header = (
        ctx.frame("Header")
        .filter(present("CHILD"))
        .select("CHILD", pl.col("DOB").alias("_DOB"), pl.col(ROW).alias("_hrow"))
        .unique("CHILD", keep="first", maintain_order=True)
    )
    return frame.join(header, on="CHILD", how="left")


_PLACEMENT = ["PLACE", "PL_POST", "URN", "PLACE_PROVIDER"]


def _with_previous(ctx: RuleContext) -> pl.DataFrame:
    """Episodes in child/start order, each with the previous episode's values (`<col>_PRE`)
    and `_same`: true when there is a previous episode of the same child."""
    cols = ["CHILD", "DEC", "REC", "LS", *_PLACEMENT]
    eps = ctx.frame("Episodes").sort(["CHILD", "DECOM", ROW], nulls_last=True)
    return eps.with_columns(
        *(pl.col(c).shift(1).alias(f"{c}_PRE") for c in cols),
    ).with_columns((pl.col("CHILD") == pl.col("CHILD_PRE")).fill_null(False).alias("_same"))


def _same_placement() -> pl.Expr:
    """Every placement detail equals the previous episode's (blank equals blank)."""
    out = pl.lit(True)
    for c in _PLACEMENT:
        out = out & pl.col(c).eq_missing(pl.col(f"{c}_PRE"))
    return out


# 3001 and the 400s.


@rule(
    "903",
    "3001",
    "Where care leavers information is being returned for a young person around their 17th "
    "birthday, the accommodation cannot be with their former foster carer(s).",
    tables=["OC3"],
    needs=["Header", "OC3"],
    fields=["ACCOM"],
)
def _3001(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    oc3 = _with_header_dob(ctx, ctx.frame("OC3"))
    dob17 = _plus_years("_DOB", 17)
    in_year = dob17.is_between(pl.lit(ctx.collection_start), pl.lit(ctx.collection_end))
    bad = oc3.filter(pl.col("ACCOM").str.to_uppercase().is_in(["Z1", "Z2"]) & in_year)
    return {"OC3": bad.select(ROW)}


@rule(
    "903",
    "407",
    "Reason episode ceased is Special Guardianship Order, but child has reached age 18.",
    tables=["Episodes", "Header"],
    fields=["DEC", "DOB", "REC"],
)
def _407(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    eps = _with_header_dob(ctx, ctx.frame("Episodes"))
    bad = eps.filter(
        pl.col("REC").is_in(["E45", "E46", "E47", "E48"])
        & (_plus_years("_DOB", 18) < pl.col("DEC"))
    )
    return {"Episodes": bad.select(ROW), "Header": bad.select(pl.col("_hrow").alias(ROW))}


@rule(
    "903",
    "408",
    "Child is placed for adoption with a placement order, but no placement order has been "
    "recorded.",
    tables=["Episodes"],
    fields=["PLACE", "LS"],
)
def _408(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"Episodes": pl.col("PLACE").is_in(["A5", "A6"]) & (pl.col("LS").fill_null("") != "E1")}


@rule(
    "903",
    "426",
    "A child receiving respite care cannot be recorded under a legal status of V3 and V4 in "
    "the same year.",
    tables=["Episodes"],
    fields=["LS"],
)
def _426(ctx: RuleContext) -> dict[str, pl.Expr]:
    v3 = (pl.col("LS") == "V3").fill_null(False)
    v4 = (pl.col("LS") == "V4").fill_null(False)
    both = v3.any().over("CHILD") & v4.any().over("CHILD")
    return {"Episodes": (v3 | v4) & both & present("CHILD")}


@rule(
    "903",
    "431",
    "The reason for new episode is started to be looked after, but the previous episode ended "
    "on the same day.",
    tables=["Episodes"],
    fields=["RNE", "DECOM"],
)
def _431(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    eps = _with_previous(ctx)
    bad = eps.filter(
        pl.col("_same") & (pl.col("RNE") == "S") & (pl.col("DECOM") <= pl.col("DEC_PRE"))
    )
    return {"Episodes": bad.select(ROW)}


_CEASED = [
    "E2",
    "E3",
    "E4A",
    "E4B",
    "E5",
    "E6",
    "E7",
    "E8",
    "E9",
    "E11",
    "E12",
    "E13",
    "E14",
    "E15",
    "E16",
    "E17",
    "E41",
    "E45",
    "E46",
    "E47",
    "E48",
]


@rule(
    "903",
    "432",
    "The child ceased to be looked after at the end of the previous episode but the reason for "
    "the new episode is not started to be looked after.",
    tables=["Episodes"],
    fields=["RNE"],
)
def _432(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    eps = _with_previous(ctx)
    bad = eps.filter(
        pl.col("_same")
        & pl.col("REC_PRE").is_in(_CEASED).fill_null(False)
        & (pl.col("RNE").fill_null("") != "S")
    )
    return {"Episodes": bad.select(ROW)}


@rule(
    "903",
    "433",
    "The reason for new episode suggests that this is a continuation episode, but the episode "
    "does not start on the same day as the last episode finished.",
    tables=["Episodes"],
    fields=["RNE", "DECOM"],
)
def _433(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    eps = _with_previous(ctx)
    continues = pl.col("RNE").str.to_uppercase().is_in(["P", "L", "T", "U", "B"])
    joined = (pl.col("DEC_PRE") == pl.col("DECOM")).fill_null(False)
    return {"Episodes": eps.filter(pl.col("_same") & continues & ~joined).select(ROW)}


@rule(
    "903",
    "434",
    "Reason for new episode is that child's legal status has changed but not the placement, "
    "but this is not reflected in the episode data.",
    tables=["Episodes"],
    fields=["RNE", "LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER"],
)
def _434(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    eps = _with_previous(ctx)
    same_ls = pl.col("LS").eq_missing(pl.col("LS_PRE"))
    bad = eps.filter(pl.col("_same") & (pl.col("RNE") == "L") & (same_ls | ~_same_placement()))
    return {"Episodes": bad.select(ROW)}


@rule(
    "903",
    "435",
    "Reason for new episode is that child’s placement has changed but not the legal status, "
    "but this is not reflected in the episode data recorded.",
    tables=["Episodes"],
    fields=["LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER"],
)
def _435(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    eps = _with_previous(ctx)
    same_ls = pl.col("LS").eq_missing(pl.col("LS_PRE"))
    bad = eps.filter(
        pl.col("_same") & pl.col("RNE").is_in(["P", "T"]) & (~same_ls | _same_placement())
    )
    return {"Episodes": bad.select(ROW)}


@rule(
    "903",
    "436",
    "Reason for new episode is that both child’s placement and legal status have changed, but "
    "this is not reflected in the episode data.",
    tables=["Episodes"],
    fields=["RNE", "LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER"],
)
def _436(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    eps = _with_previous(ctx)
    same_ls = pl.col("LS").eq_missing(pl.col("LS_PRE"))
    bad = eps.filter(
        pl.col("_same") & pl.col("RNE").is_in(["U", "B"]) & (same_ls | _same_placement())
    )
    return {"Episodes": bad.select(ROW)}


@rule(
    "903",
    "437",
    "Reason episode ceased is child has died or is aged 18 or over but there are further episodes.",
    tables=["Episodes"],
    fields=["REC"],
)
def _437(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    eps = ctx.frame("Episodes").sort(["CHILD", "DECOM", ROW], nulls_last=True)
    later = (pl.col("CHILD") == pl.col("CHILD").shift(-1)).fill_null(False)
    ended = pl.col("REC").str.to_uppercase().is_in(["E2", "E15"])
    return {"Episodes": eps.filter(present("DECOM") & ended & later).select(ROW)}


@rule(
    "903",
    "440",
    "Participation method indicates child was under 4 years old at the time of the review, but "
    "date of birth and review date indicates the child was 4 years old or over.",
    tables=["Reviews"],
    fields=["DOB", "REVIEW", "REVIEW_CODE"],
)
def _440(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {
        "Reviews": (pl.col("REVIEW_CODE") == "PN0") & (pl.col("REVIEW") > _plus_years("DOB", 4))
    }


@rule(
    "903",
    "441",
    "Participation method indicates child was 4 years old or over at the time of the review, "
    "but the date of birth and review date indicates the child was under 4 years old.",
    tables=["Reviews"],
    fields=["DOB", "REVIEW", "REVIEW_CODE"],
)
def _441(ctx: RuleContext) -> dict[str, pl.Expr]:
    codes = [f"PN{i}" for i in range(1, 8)]
    return {
        "Reviews": pl.col("REVIEW_CODE").is_in(codes) & (pl.col("REVIEW") < _plus_years("DOB", 4))
    }


@rule(
    "903",
    "442",
    "Unique Pupil Number (UPN) field is not completed.",
    tables=["Header"],
    needs=["Episodes", "Header"],
    fields=["UPN"],
)
def _442(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    children = (
        ctx.frame("Episodes")
        .filter(~pl.col("LS").is_in(["V3", "V4"]).fill_null(False))
        .select("CHILD")
        .unique()
    )
    header = ctx.frame("Header").join(children, on="CHILD", how="semi")
    return {"Header": header.filter(blank("UPN")).select(ROW)}


@rule(
    "903",
    "444",
    "Duplicate UPN has been reported",
    tables=["Header"],
    fields=["UPN"],
    since="2025-26",
)
def _444(ctx: RuleContext) -> dict[str, pl.Expr]:
    real = present("UPN") & ~pl.col("UPN").is_in(["UN1", "UN2", "UN3", "UN4", "UN5"])
    return {"Header": real & (pl.len().over("UPN") > 1)}


@rule(
    "903",
    "446",
    "E1 is not a valid code for episodes starting before December 2005.",
    tables=["Episodes"],
    fields=["LS", "DECOM"],
)
def _446(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"Episodes": (pl.col("LS") == "E1") & (pl.col("DECOM") < pl.lit(date(2005, 12, 1)))}


@rule(
    "903",
    "460",
    "Reason episode ceased is that child stayed with current carers at age 18 (or above), but "
    "child is aged under 18.",
    tables=["Episodes"],
    needs=["Header", "Episodes"],
    fields=["DEC", "REC"],
)
def _460(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    eps = _with_header_dob(ctx, ctx.frame("Episodes"))
    bad = eps.filter((pl.col("REC") == "E17") & (_plus_years("_DOB", 18) > pl.col("DEC")))
    return {"Episodes": bad.select(ROW)}


# Children with no episodes (EPI, NoE).


@rule(
    "903",
    "EPI",
    "WARNING: Episodes need to be loaded for this child before further validation is possible "
    "[NOTE: This refers to the DfE portal - here, all checks that can be performed with only the "
    "available data will be.]",
    tables=["Header"],
    fields=["CHILD"],
)
def _epi(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    header = ctx.frame("Header")
    for table in ("Episodes", "OC3"):
        if ctx.has(table):
            header = header.join(ctx.frame(table).select("CHILD").unique(), on="CHILD", how="anti")
    return {"Header": header.select(ROW)}


@rule(
    "903",
    "NoE",
    "This child has no episodes loaded for previous year even though child started to be looked "
    "after before this current year.",
    tables=["Episodes"],
    needs=["Episodes", "Episodes_last"],
    fields=["DECOM"],
)
def _noe(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    last = ctx.frame("Episodes_last").select("CHILD").unique()
    before = ctx.frame("Episodes").filter(pl.col("DECOM") < pl.lit(ctx.collection_start))
    return {"Episodes": before.join(last, on="CHILD", how="anti").select(ROW)}


# Internal integrity checks: every child in Header, details agreeing, one row per child.


def _int_in_header(code: str, table: str, prefix: str = "Internal Check") -> None:
    @rule(
        "903",
        code,
        f"{prefix}: Child in {table} does not exist in Header.",
        tables=[table],
        needs=["Header", table],
        fields=["CHILD"],
    )
    def check(ctx: RuleContext) -> dict[str, pl.DataFrame]:
        header = ctx.frame("Header").select("CHILD").unique()
        return {table: ctx.frame(table).join(header, on="CHILD", how="anti").select(ROW)}


def _int_agrees(code: str, table: str, col: str) -> None:
    @rule(
        "903",
        code,
        f"Internal Check: {col} in {table} is different to {col} in Header.",
        tables=[table],
        needs=["Header", table],
        fields=[col],
    )
    def check(ctx: RuleContext) -> dict[str, pl.DataFrame]:
        header = (
            ctx.frame("Header")
            .filter(present("CHILD") & present(col))
            .select("CHILD", pl.col(col).alias("_header"))
            .unique()
        )
        rows = ctx.frame(table).filter(present(col)).join(header, on="CHILD", how="inner")
        return {table: rows.filter(pl.col(col) != pl.col("_header")).select(ROW)}


def _int_once(code: str, table: str) -> None:
    @rule(
        "903",
        code,
        f"Internal Check: Child should only exist once in {table}.",
        tables=[table],
        fields=["CHILD"],
    )
    def check(ctx: RuleContext) -> dict[str, pl.Expr]:
        return {table: present("CHILD") & (pl.len().over("CHILD") > 1)}


_int_in_header("INT01", "AD1", prefix="Data Integrity Check")
for _code, _table in (
    ("INT02", "PlacedAdoption"),
    ("INT03", "Episodes"),
    ("INT04", "Missing"),
    ("INT05", "OC2"),
    ("INT06", "OC3"),
    ("INT07", "PrevPerm"),
    ("INT08", "Reviews"),
    ("INT09", "UASC"),
):
    _int_in_header(_code, _table)

for _code, _table in (
    ("INT11", "AD1"),
    ("INT12", "PlacedAdoption"),
    ("INT13", "Missing"),
    ("INT14", "OC2"),
    ("INT15", "OC3"),
    ("INT16", "PrevPerm"),
    ("INT17", "Reviews"),
    ("INT18", "UASC"),
):
    _int_agrees(_code, _table, "DOB")
_int_agrees("INT21", "UASC", "SEX")

for _code, _table in (
    ("INT31", "AD1"),
    ("INT32", "Header"),
    ("INT33", "OC2"),
    ("INT34", "OC3"),
    ("INT35", "PrevPerm"),
    ("INT36", "UASC"),
):
    _int_once(_code, _table)
