"""CIN census rules on the header, the child's identifiers, characteristics and disabilities."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from opencsc.core.codes import UPN_LA_CODES
from opencsc.returns.cin.rules.common import KID, is_false, period, reference_date, with_child
from opencsc.returns.data import ROW
from opencsc.returns.engine import RuleContext, Severity, blank, not_in, present, rule

Q = Severity.QUERY
HEADER_ROW = pl.Series([0])

# UPN letters: the check-letter alphabet (no I, O or S).
UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


LA_CODES = sorted(UPN_LA_CODES)


def upn_check_letter_expr(col: str) -> pl.Expr:
    """The expected check letter of a 13-character UPN, computed column-wise (null if malformed)."""
    total = pl.lit(0, pl.Int64)
    for pos in range(1, 13):
        ch = pl.col(col).str.slice(pos, 1)
        if pos < 12:
            value = ch.cast(pl.Int64, strict=False)
        else:
            value = (
                pl.when(ch.str.contains(r"^\d$"))
                .then(ch.cast(pl.Int64, strict=False))
                .otherwise(pl.lit(None, pl.Int64))
            )
            letter_value = pl.lit(None, pl.Int64)
            for i, letter in enumerate(UPN_LETTERS):
                letter_value = pl.when(ch == letter).then(pl.lit(i)).otherwise(letter_value)
            value = pl.coalesce(value, letter_value)
        total = total + value * (pos + 1)
    letters = pl.lit(list(UPN_LETTERS))
    return letters.list.get(total % 23, null_on_oob=True)


UPN_FORMAT = r"^[A-Z]\d{11}[0-9A-Z]$"


@rule("cin", "100", "Reference Date is incorrect", tables=["Header"], fields=["ReferenceDate"])
def _100(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {
        "Header": (pl.col("ReferenceDate") != pl.lit(ctx.collection_end)) | blank("ReferenceDate")
    }


@rule("cin", "8500", "LA Child ID missing", tables=["ChildIdentifiers"], fields=["LAchildID"])
def _8500(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"ChildIdentifiers": blank("LAchildID")}


@rule(
    "cin",
    "8510",
    "More than one child record with the same LA Child ID",
    tables=["ChildIdentifiers"],
    fields=["LAchildID"],
)
def _8510(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"ChildIdentifiers": present(KID) & pl.col(KID).is_duplicated()}


@rule(
    "cin",
    "1570",
    "LA Child ID must not be longer than 20 characters",
    tables=["ChildIdentifiers"],
    fields=["LAchildID"],
)
def _1570(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"ChildIdentifiers": pl.col(KID).str.len_chars() > 20}


@rule(
    "cin",
    "1580",
    "LA Child ID must not contain any non-alphanumeric characters",
    tables=["ChildIdentifiers"],
    fields=["LAchildID"],
)
def _1580(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"ChildIdentifiers": pl.col(KID).str.contains(r"[^A-Za-z0-9]")}


@rule(
    "cin",
    "1510",
    "UPN invalid (wrong check letter at character 1)",
    tables=["ChildIdentifiers"],
    fields=["UPN"],
)
def _1510(ctx: RuleContext) -> dict[str, pl.Expr]:
    upn = pl.col("UPN").str.to_uppercase()
    well_formed = upn.str.contains(UPN_FORMAT)
    expected = upn_check_letter_expr("UPN")
    return {"ChildIdentifiers": well_formed & (upn.str.slice(0, 1) != expected)}


@rule(
    "cin",
    "1520",
    "More than one record with the same UPN.",
    tables=["ChildIdentifiers"],
    fields=["UPN"],
)
def _1520(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"ChildIdentifiers": present("UPN") & pl.col("UPN").is_duplicated()}


@rule(
    "cin",
    "1530",
    "UPN invalid (characters 2-4 not a recognised LA code)",
    tables=["ChildIdentifiers"],
    fields=["UPN"],
)
def _1530(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"ChildIdentifiers": present("UPN") & ~pl.col("UPN").str.slice(1, 3).is_in(LA_CODES)}


@rule(
    "cin",
    "1540",
    "UPN invalid (characters 5-12 not all numeric)",
    tables=["ChildIdentifiers"],
    fields=["UPN"],
)
def _1540(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {
        "ChildIdentifiers": present("UPN") & ~pl.col("UPN").str.slice(4, 8).str.contains(r"^\d{8}$")
    }


@rule(
    "cin",
    "1550",
    "UPN invalid (character 13 not a recognised value)",
    tables=["ChildIdentifiers"],
    fields=["UPN"],
)
def _1550(ctx: RuleContext) -> dict[str, pl.Expr]:
    last = pl.col("UPN").str.slice(12, 1).str.to_uppercase()
    ok = last.str.contains(r"^\d$") | last.is_in(list(UPN_LETTERS))
    return {"ChildIdentifiers": present("UPN") & ((pl.col("UPN").str.len_chars() != 13) | ~ok)}


@rule(
    "cin",
    "1560Q",
    "Please check and either amend or provide a reason: Former UPN wrongly formatted",
    tables=["ChildIdentifiers"],
    fields=["FormerUPN"],
    severity=Q,
)
def _1560q(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {
        "ChildIdentifiers": present("FormerUPN")
        & ~pl.col("FormerUPN").str.to_uppercase().str.contains(UPN_FORMAT)
    }


@rule(
    "cin",
    "4180",
    "Sex must be provided and equal M, F, or U",
    tables=["ChildIdentifiers"],
    fields=["Sex"],
)
def _4180(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"ChildIdentifiers": blank("Sex") | not_in("Sex", ["M", "F", "U"])}


@rule(
    "cin",
    "4220",
    "Ethnicity is missing or invalid (see Ethnicity table)",
    tables=["ChildCharacteristics"],
    fields=["Ethnicity"],
)
def _4220(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {
        "ChildCharacteristics": blank("Ethnicity") | not_in("Ethnicity", ctx.codes("ethnicity"))
    }


@rule(
    "cin",
    "8520",
    "Date of Birth is after data collection period (must be on or before the end of the census period)",
    tables=["ChildIdentifiers"],
    fields=["PersonBirthDate", "ReferenceDate"],
    needs=["ChildIdentifiers"],
)
def _8520(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"ChildIdentifiers": pl.col("PersonBirthDate") > pl.lit(reference_date(ctx))}


@rule(
    "cin",
    "8525Q",
    "Either Date of Birth or Expected Date of Birth must be provided (but not both)",
    tables=["ChildIdentifiers"],
    fields=["PersonBirthDate", "ExpectedPersonBirthDate"],
    severity=Q,
)
def _8525q(ctx: RuleContext) -> dict[str, pl.Expr]:
    # A value that is not a date counts as not provided, so a mistyped date is reported here.
    dob, edob = present("PersonBirthDate"), present("ExpectedPersonBirthDate")
    return {"ChildIdentifiers": dob == edob}


@rule(
    "cin",
    "8530Q",
    "Please check and either amend data or provide a reason: Expected Date of Birth is outside the expected range for this census (March to December of the Census Year end)",
    tables=["ChildIdentifiers"],
    fields=["ExpectedPersonBirthDate"],
    severity=Q,
)
def _8530q(ctx: RuleContext) -> dict[str, pl.Expr]:
    year = reference_date(ctx).year
    return {
        "ChildIdentifiers": present("ExpectedPersonBirthDate")
        & ~pl.col("ExpectedPersonBirthDate").is_between(
            pl.lit(date(year, 3, 1)), pl.lit(date(year, 12, 31))
        )
    }


@rule(
    "cin",
    "8535Q",
    "Please check and either amend data or provide a reason: Child’s date of death should not be prior to the date of birth",
    tables=["ChildIdentifiers"],
    fields=["PersonDeathDate", "PersonBirthDate"],
    severity=Q,
)
def _8535q(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"ChildIdentifiers": pl.col("PersonDeathDate") < pl.col("PersonBirthDate")}


@rule(
    "cin",
    "8545Q",
    "Please check and either amend data or provide a reason: Child's date of death should be within the census year",
    tables=["ChildIdentifiers"],
    fields=["PersonDeathDate"],
    severity=Q,
    needs=["ChildIdentifiers"],
)
def _8545q(ctx: RuleContext) -> dict[str, pl.Expr]:
    start, end = period(ctx)
    return {
        "ChildIdentifiers": present("PersonDeathDate")
        & ~pl.col("PersonDeathDate").is_between(pl.lit(start), pl.lit(end))
    }


@rule(
    "cin",
    "8750",
    "Sex must equal U for an unborn child",
    tables=["ChildIdentifiers"],
    fields=["Sex", "PersonBirthDate", "ExpectedPersonBirthDate"],
)
def _8750(ctx: RuleContext) -> dict[str, pl.Expr]:
    unborn = (
        pl.col("PersonBirthDate:raw").is_null()
        & pl.col("ExpectedPersonBirthDate:raw").is_not_null()
    )
    return {"ChildIdentifiers": unborn & (pl.col("Sex").is_null() | (pl.col("Sex") != "U"))}


@rule(
    "cin",
    "8590",
    "Child does not have a recorded CIN episode.",
    tables=["ChildIdentifiers"],
    fields=["LAchildID"],
    needs=["ChildIdentifiers", "CINdetails"],
)
def _8590(ctx: RuleContext) -> dict[str, pl.Expr]:
    with_episodes = ctx.frame("CINdetails")[KID].drop_nulls().unique().to_list()
    return {"ChildIdentifiers": present(KID) & ~pl.col(KID).is_in(with_episodes)}


def _child_rows(ctx: RuleContext, found: pl.DataFrame) -> pl.DataFrame:
    """The ChildIdentifiers rows of the children in `found`, so both ends are named."""
    kids = found.select(KID).unique()
    return ctx.frame("ChildIdentifiers").join(kids, on=KID, how="semi").select(ROW)


def _school_age_born_by(ctx: RuleContext) -> date:
    # Children born on or before 31 August six years before the census year's following
    # September are of compulsory school age.
    return date(reference_date(ctx).year - 6, 8, 31)


@rule(
    "cin",
    "8770Q",
    "Please check and either amend data or provide a reason: UPN is missing or reason UPN is missing or is UN1 for a child who is of school age.",
    tables=["ChildIdentifiers"],
    fields=["UPNunknown", "UPN"],
    severity=Q,
    needs=["ChildIdentifiers", "CINdetails"],
)
def _8770q(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    further = ctx.frame("CINdetails").filter(is_false("ReferralNFA"))[KID].unique().to_list()
    ids = ctx.frame("ChildIdentifiers")
    bad = ids.filter(
        (pl.col("PersonBirthDate") <= pl.lit(_school_age_born_by(ctx)))
        & pl.col(KID).is_in(further)
        & blank("UPN")
        & ~pl.col("UPNunknown")
        .str.to_uppercase()
        .is_in(["UN2", "UN3", "UN4", "UN5", "UN6", "UN7"])
        .fill_null(False)
    )
    return {"ChildIdentifiers": bad}


@rule(
    "cin",
    "8772",
    "UPN unknown reason is UN7 (Referral with no further action) but at least one CIN details is a referral going on to further action",
    tables=["ChildIdentifiers", "CINdetails"],
    fields=["UPNunknown", "ReferralNFA"],
    needs=["ChildIdentifiers", "CINdetails"],
)
def _8772(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    further = ctx.frame("CINdetails").filter(is_false("ReferralNFA"))
    ids = ctx.frame("ChildIdentifiers").filter(
        (pl.col("UPNunknown").str.to_uppercase() == "UN7")
        & pl.col(KID).is_in(further[KID].unique().implode())
    )
    return {
        "ChildIdentifiers": ids,
        "CINdetails": further.join(ids.select(KID).unique(), on=KID, how="semi"),
    }


@rule(
    "cin",
    "8775Q",
    "Please check and either amend data or provide a reason: Child is over 25 years old",
    tables=["ChildIdentifiers"],
    fields=["PersonBirthDate", "CINclosureDate"],
    severity=Q,
    needs=["ChildIdentifiers", "CINdetails"],
)
def _8775q(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    ref = reference_date(ctx)
    ids = ctx.frame("ChildIdentifiers").filter(
        pl.col("PersonBirthDate") < pl.lit(date(ref.year - 25, ref.month, ref.day))
    )
    eps = ids.select(ROW, KID, "PersonBirthDate").join(
        ctx.frame("CINdetails").select(KID, "CINclosureDate"), on=KID
    )
    bad = eps.filter(
        pl.col("CINclosureDate").is_null()
        | (pl.col("CINclosureDate") > pl.col("PersonBirthDate").dt.offset_by("25y"))
    )
    return {"ChildIdentifiers": bad}


@rule(
    "cin",
    "8540",
    "Child’s disability is missing or invalid (see Disability table)",
    tables=["Disabilities", "ChildIdentifiers"],
    fields=["Disability", "PersonBirthDate", "ReferralNFA"],
    needs=["ChildIdentifiers", "CINdetails", "Disabilities"],
)
def _8540(ctx: RuleContext) -> dict[str, pl.DataFrame | pl.Expr]:
    further = ctx.frame("CINdetails").filter(is_false("ReferralNFA"))[KID].unique().to_list()
    valid = ctx.codes("disability")
    dis = ctx.frame("Disabilities")
    with_valid = dis.filter(pl.col("Disability").is_in(valid))[KID].unique().to_list()
    ids = ctx.frame("ChildIdentifiers").filter(
        present("PersonBirthDate") & pl.col(KID).is_in(further) & ~pl.col(KID).is_in(with_valid)
    )
    born = ctx.frame("ChildIdentifiers").filter(present("PersonBirthDate"))[KID].to_list()
    return {
        "ChildIdentifiers": ids,
        "Disabilities": pl.col(KID).is_in(further)
        & pl.col(KID).is_in(born)
        & (blank("Disability") | not_in("Disability", valid)),
    }


@rule(
    "cin",
    "8790",
    "Disability information includes both None and other values",
    tables=["Disabilities"],
    fields=["Disability"],
)
def _8790(ctx: RuleContext) -> dict[str, pl.Expr]:
    has_none = (pl.col("Disability") == "NONE").any().over(KID)
    has_other = ((pl.col("Disability") != "NONE") & present("Disability")).any().over(KID)
    return {"Disabilities": has_none & has_other}


@rule(
    "cin",
    "8794",
    "Child has two or more disabilities with the same code",
    tables=["Disabilities"],
    fields=["Disability"],
)
def _8794(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"Disabilities": present("Disability") & pl.struct(KID, "Disability").is_duplicated()}


@rule(
    "cin",
    "2886Q",
    "Please check and either amend or provide a reason: Percentage of children with no sex recorded is more than 2% (excluding unborns)",
    tables=["Header"],
    fields=["Sex", "ExpectedPersonBirthDate"],
    severity=Q,
    needs=["Header", "ChildIdentifiers"],
)
def _2886q(ctx: RuleContext) -> dict[str, pl.Series]:
    ids = ctx.frame("ChildIdentifiers").filter(
        ~(
            pl.col("PersonBirthDate:raw").is_null()
            & pl.col("ExpectedPersonBirthDate:raw").is_not_null()
        )
    )
    if ids.height == 0:
        return {}
    unknown = ids.filter(blank("Sex") | (pl.col("Sex") == "U")).height
    return {"Header": HEADER_ROW if unknown / ids.height > 0.02 else pl.Series([], dtype=pl.UInt32)}


@rule(
    "cin",
    "2887Q",
    "Please check and either amend or provide a reason: Less than 8 disability codes have been used in your return",
    tables=["Header"],
    fields=["Disability"],
    severity=Q,
    needs=["Header", "Disabilities"],
)
def _2887q(ctx: RuleContext) -> dict[str, pl.Series]:
    used = (
        ctx.frame("Disabilities")
        .filter(present("Disability") & (pl.col("Disability") != "NONE"))["Disability"]
        .n_unique()
    )
    return {"Header": HEADER_ROW if used < 8 else pl.Series([], dtype=pl.UInt32)}


@rule(
    "cin",
    "2888Q",
    "Please check and either amend or provide a reason: Only one disability code is recorded per child and multiple disabilities should be recorded where possible.",
    tables=["Header"],
    fields=["Disability"],
    severity=Q,
    needs=["Header", "Disabilities"],
)
def _2888q(ctx: RuleContext) -> dict[str, pl.Series]:
    dis = ctx.frame("Disabilities").filter(present("Disability") & (pl.col("Disability") != "NONE"))
    if dis.height == 0:
        return {}
    most = max(dis.group_by(KID).len()["len"].to_list())
    return {"Header": HEADER_ROW if most <= 1 else pl.Series([], dtype=pl.UInt32)}


def _death_join(ctx: RuleContext, table: str) -> pl.DataFrame:
    return with_child(ctx, table, "PersonDeathDate")


@rule(
    "cin",
    "8555Q",
    "Child cannot be referred after its recorded date of death",
    tables=["CINdetails", "ChildIdentifiers"],
    fields=["PersonDeathDate", "CINreferralDate"],
    severity=Q,
    needs=["CINdetails", "ChildIdentifiers"],
)
def _8555q(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    # names both ends: the referral and the child's date of death
    bad = _death_join(ctx, "CINdetails").filter(
        pl.col("CINreferralDate") > pl.col("PersonDeathDate")
    )
    return {"CINdetails": bad, "ChildIdentifiers": _child_rows(ctx, bad)}


@rule(
    "cin",
    "8585Q",
    "Please check and either amend or provide a reason: CIN episode shows Died as the Closure Reason, however child has no recorded Date of Death",
    tables=["CINdetails", "ChildIdentifiers"],
    fields=["ReasonForClosure", "PersonDeathDate"],
    severity=Q,
    needs=["CINdetails", "ChildIdentifiers"],
)
def _8585q(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    f = _death_join(ctx, "CINdetails")
    bad = f.filter((pl.col("ReasonForClosure") == "RC2") & pl.col("PersonDeathDate").is_null())
    return {"CINdetails": bad, "ChildIdentifiers": _child_rows(ctx, bad)}


@rule(
    "cin",
    "8606",
    "Child referral date is more than 40 weeks before DOB or expected DOB",
    tables=["CINdetails", "ChildIdentifiers"],
    fields=["CINreferralDate", "PersonBirthDate", "ExpectedPersonBirthDate"],
    needs=["CINdetails", "ChildIdentifiers"],
)
def _8606(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    f = with_child(ctx, "CINdetails", "PersonBirthDate", "ExpectedPersonBirthDate")
    born = pl.coalesce("PersonBirthDate", "ExpectedPersonBirthDate")
    bad = f.filter(pl.col("CINreferralDate") < born - timedelta(weeks=40))
    return {"CINdetails": bad, "ChildIdentifiers": _child_rows(ctx, bad)}
