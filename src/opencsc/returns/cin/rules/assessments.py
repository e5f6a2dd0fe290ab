"""CIN census rules on assessments and the factors identified at assessment."""

from __future__ import annotations

import polars as pl

from opencsc.returns.cin.rules.common import (
    EP,
    episode_rows,
    period,
    reference_date,
    with_episode,
    working_days_before,
)
from opencsc.returns.data import ROW
from opencsc.returns.engine import RuleContext, Severity, blank, present, rule

Q = Severity.QUERY
AKEY = [*EP, "AssessmentID"]


def _factor_keys(ctx: RuleContext, condition: pl.Expr | None = None) -> pl.Series:
    f = ctx.frame("AssessmentFactorsList")
    if condition is not None:
        f = f.filter(condition)
    return f.select(pl.struct(AKEY)).to_series().unique().implode()


@rule(
    "cin",
    "1103",
    "The assessment start date cannot be before the referral date",
    tables=["Assessments", "CINdetails"],
    fields=["AssessmentActualStartDate", "CINreferralDate"],
    needs=["Assessments", "CINdetails"],
)
def _1103(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    f = with_episode(ctx, "Assessments", "CINreferralDate")
    bad = f.filter(pl.col("AssessmentActualStartDate") < pl.col("CINreferralDate"))
    return {"Assessments": bad, "CINdetails": episode_rows(ctx, bad)}


@rule(
    "cin",
    "8608",
    "Assessment Start Date cannot be later than its End Date",
    tables=["Assessments"],
    fields=["AssessmentActualStartDate", "AssessmentAuthorisationDate"],
)
def _8608(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {
        "Assessments": pl.col("AssessmentActualStartDate") > pl.col("AssessmentAuthorisationDate")
    }


@rule(
    "cin",
    "8696",
    "Assessment end date must fall within the census year",
    tables=["Assessments"],
    fields=["AssessmentAuthorisationDate", "ReferenceDate"],
)
def _8696(ctx: RuleContext) -> dict[str, pl.Expr]:
    start, end = period(ctx)
    return {
        "Assessments": present("AssessmentAuthorisationDate")
        & ~pl.col("AssessmentAuthorisationDate").is_between(pl.lit(start), pl.lit(end))
    }


@rule(
    "cin",
    "8736",
    "For an Assessment that has not been completed, the start date must fall within the census year",
    tables=["Assessments"],
    fields=["AssessmentAuthorisationDate", "AssessmentActualStartDate"],
)
def _8736(ctx: RuleContext) -> dict[str, pl.Expr]:
    start, end = period(ctx)
    return {
        "Assessments": blank("AssessmentAuthorisationDate")  # not a date: not completed
        & ~pl.col("AssessmentActualStartDate")
        .is_between(pl.lit(start), pl.lit(end))
        .fill_null(False)
    }


@rule(
    "cin",
    "8670Q",
    "Please check and either amend data or provide a reason: Assessment started more than 45 working days before the end of the census year. However, there is no Assessment end date.",
    tables=["Assessments"],
    fields=["AssessmentActualStartDate"],
    severity=Q,
)
def _8670q(ctx: RuleContext) -> dict[str, pl.Expr]:
    cutoff = working_days_before(reference_date(ctx), 45)
    return {
        "Assessments": blank("AssessmentAuthorisationDate")
        & (pl.col("AssessmentActualStartDate") < pl.lit(cutoff))
    }


@rule(
    "cin",
    "8863Q",
    "An Assessment is shown as starting when there is another Assessment ongoing.",
    tables=["Assessments"],
    fields=["AssessmentActualStartDate", "AssessmentAuthorisationDate"],
    severity=Q,
)
def _8863q(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    ref = reference_date(ctx)
    a = (
        ctx.frame("Assessments")
        .filter(present("AssessmentActualStartDate"))
        .select(
            *EP,
            ROW,
            "AssessmentActualStartDate",
            "AssessmentAuthorisationDate",
            pl.col("AssessmentAuthorisationDate").fill_null(pl.lit(ref)).alias("_end"),
        )
    )
    pairs = a.join(a, on=EP, suffix="_b").filter(
        (pl.col(ROW) != pl.col(f"{ROW}_b"))
        & ~(
            (pl.col("AssessmentActualStartDate") == pl.col("AssessmentActualStartDate_b"))
            & pl.col("AssessmentAuthorisationDate").eq_missing(
                pl.col("AssessmentAuthorisationDate_b")
            )
        )
        & (pl.col("AssessmentActualStartDate") >= pl.col("AssessmentActualStartDate_b"))
        & (pl.col("AssessmentActualStartDate") <= pl.col("_end_b"))
    )
    # the assessment that starts and the one still ongoing
    return {
        "Assessments": pl.concat([pairs.select(ROW), pairs.select(pl.col(f"{ROW}_b").alias(ROW))])
    }


@rule(
    "cin",
    "8896",
    "Within one CINDetails group there are 2 or more open Assessments groups",
    tables=["Assessments"],
    fields=["AssessmentAuthorisationDate"],
)
def _8896(ctx: RuleContext) -> dict[str, pl.Expr]:
    open_count = blank("AssessmentAuthorisationDate").cast(pl.Int32).sum().over(EP)
    return {"Assessments": blank("AssessmentAuthorisationDate") & (open_count > 1)}


@rule(
    "cin",
    "8614",
    "Parental or child factors at assessment should only be present for a completed assessment.",
    tables=["Assessments"],
    fields=["AssessmentAuthorisationDate", "AssessmentFactors"],
    needs=["Assessments", "AssessmentFactorsList"],
)
def _8614(ctx: RuleContext) -> dict[str, pl.Expr]:
    with_factors = _factor_keys(ctx, present("AssessmentFactor"))
    return {
        "Assessments": blank("AssessmentAuthorisationDate") & pl.struct(AKEY).is_in(with_factors)
    }


@rule(
    "cin",
    "8897Q",
    "Parental or child factors at assessment information is missing from a completed assessment",
    tables=["Assessments"],
    fields=["AssessmentAuthorisationDate", "AssessmentFactors"],
    severity=Q,
    needs=["Assessments", "AssessmentFactorsList"],
)
def _8897q(ctx: RuleContext) -> dict[str, pl.Expr]:
    valid = _factor_keys(
        ctx, pl.col("AssessmentFactor").is_in([*ctx.codes("assessment_factors"), "18A", "19A"])
    )
    return {"Assessments": present("AssessmentAuthorisationDate") & ~pl.struct(AKEY).is_in(valid)}


@rule(
    "cin",
    "8869",
    "The assessment factors code “21” cannot be used in conjunction with any other assessment factors.",
    tables=["AssessmentFactorsList"],
    fields=["AssessmentFactors"],
)
def _8869(ctx: RuleContext) -> dict[str, pl.Expr]:
    has21 = (pl.col("AssessmentFactor") == "21").any().over(AKEY)
    others = (present("AssessmentFactor") & (pl.col("AssessmentFactor") != "21")).any().over(AKEY)
    return {"AssessmentFactorsList": has21 & others}


@rule(
    "cin",
    "8898",
    " The assessment has more than one parental or child factors with the same code",
    tables=["AssessmentFactorsList"],
    fields=["AssessmentFactors"],
)
def _8898(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {
        "AssessmentFactorsList": present("AssessmentFactor")
        & pl.struct([*AKEY, "AssessmentFactor"]).is_duplicated()
    }


@rule(
    "cin",
    "8945Q",
    "Please check and either amend data or provide a reason: the assessment factors code '18A' should not be used ('18B' or '18C' should be used instead)",
    tables=["AssessmentFactorsList"],
    fields=["AssessmentFactors"],
    severity=Q,
)
def _8945q(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"AssessmentFactorsList": pl.col("AssessmentFactor") == "18A"}


@rule(
    "cin",
    "8950Q",
    "Please check and either amend data or provide a reason: the assessment factors code '19A' should not be used ('19B' or '19C' should be used instead)",
    tables=["AssessmentFactorsList"],
    fields=["AssessmentFactors"],
    severity=Q,
)
def _8950q(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"AssessmentFactorsList": pl.col("AssessmentFactor") == "19A"}


@rule(
    "cin",
    "8873Q",
    "Please check and either amend data or provide a reason: When there is only one assessment on the episode and the factors code “21 No factors identified” has been used for the completed assessment, the reason for closure ‘RC8’ or 'RC9' should be used.",
    tables=["CINdetails"],
    fields=["ReasonForClosure", "AssessmentFactors"],
    severity=Q,
    needs=["CINdetails", "Assessments", "AssessmentFactorsList"],
)
def _8873q(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    ass = ctx.frame("Assessments").with_columns(pl.len().over(EP).alias("_n"))
    no_factors = _factor_keys(ctx, pl.col("AssessmentFactor") == "21")
    single = ass.filter(
        (pl.col("_n") == 1)
        & present("AssessmentAuthorisationDate")
        & pl.struct(AKEY).is_in(no_factors)
    )
    cin = ctx.frame("CINdetails").join(single.select(EP).unique(), on=EP)
    return {
        "CINdetails": cin.filter(
            present("CINclosureDate")
            & ~pl.col("ReasonForClosure").is_in(["RC8", "RC9"]).fill_null(False)
        )
    }
