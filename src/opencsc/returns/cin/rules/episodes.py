"""CIN census rules on CIN episodes (CINdetails): referral, closure, need and the episode's activity."""

from __future__ import annotations

from datetime import date

import polars as pl

from opencsc.returns.cin.rules.common import (
    EP,
    FALSE,
    KID,
    TRUE,
    episode_has,
    episode_rows,
    is_false,
    is_true,
    period,
    reference_date,
    working_days_before,
)
from opencsc.returns.data import ROW
from opencsc.returns.engine import RuleContext, Severity, blank, not_in, present, rule

Q = Severity.QUERY
SOURCE_FROM = date(2013, 4, 1)  # 8866: referral source is asked of referrals from this date


def _keyed(frame: pl.DataFrame, keys: pl.DataFrame) -> pl.Expr:
    """Rows of a CINdetails-shaped frame whose (child, episode) is in `keys`."""
    return pl.struct(EP).is_in(keys.select(pl.struct(EP)).to_series().implode())


@rule(
    "cin", "8568", "RNFA flag is missing or invalid", tables=["CINdetails"], fields=["ReferralNFA"]
)
def _8568(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {
        "CINdetails": blank("ReferralNFA")
        | ~pl.col("ReferralNFA").str.to_lowercase().is_in(TRUE + FALSE)
    }


@rule(
    "cin",
    "8569Q",
    "A case with referral date before one working day prior to the collection start date must not be flagged as a no further action case",
    tables=["CINdetails"],
    fields=["ReferralNFA"],
    severity=Q,
)
def _8569q(ctx: RuleContext) -> dict[str, pl.Expr]:
    start, _ = period(ctx)
    cutoff = working_days_before(start, 1)
    return {
        "CINdetails": (pl.col("CINreferralDate") < pl.lit(cutoff))
        & ~is_false("ReferralNFA").fill_null(False)
    }


@rule(
    "cin",
    "8600",
    "Child referral date missing or after data collection period",
    tables=["CINdetails"],
    fields=["CINreferralDate"],
)
def _8600(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {
        "CINdetails": blank("CINreferralDate")
        | (pl.col("CINreferralDate") > pl.lit(reference_date(ctx)))
    }


@rule(
    "cin",
    "8610",
    "Primary Need code is missing for a referral which led to further action.",
    tables=["CINdetails"],
    fields=["ReferralNFA", "PrimaryNeedCode"],
)
def _8610(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"CINdetails": is_false("ReferralNFA") & blank("PrimaryNeedCode")}


@rule(
    "cin",
    "8620",
    "CIN Closure Date present and does not fall within the Census year",
    tables=["CINdetails"],
    fields=["CINclosureDate"],
)
def _8620(ctx: RuleContext) -> dict[str, pl.Expr]:
    start, end = period(ctx)
    return {
        "CINdetails": present("CINclosureDate")
        & ~pl.col("CINclosureDate").is_between(pl.lit(start), pl.lit(end))
    }


@rule(
    "cin",
    "8630",
    "CIN Closure Date is before CIN Referral Date for the same CIN episode",
    tables=["CINdetails"],
    fields=["CINreferralDate", "CINclosureDate"],
)
def _8630(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"CINdetails": pl.col("CINclosureDate") < pl.col("CINreferralDate")}


@rule(
    "cin",
    "8640",
    "CIN Reason for closure code invalid (see Reason for Closure table in CIN Census code set)",
    tables=["CINdetails"],
    fields=["ReasonForClosure"],
)
def _8640(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"CINdetails": not_in("ReasonForClosure", ctx.codes("reason_for_closure"))}


@rule(
    "cin",
    "8650",
    "Primary Need Code invalid (see Primary Need table in CIN census code set)",
    tables=["CINdetails"],
    fields=["PrimaryNeedCode"],
)
def _8650(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"CINdetails": not_in("PrimaryNeedCode", ctx.codes("primary_need"))}


@rule(
    "cin",
    "8805",
    "A CIN case cannot have a CIN closure date without a Reason for Closure",
    tables=["CINdetails"],
    fields=["CINclosureDate", "ReasonForClosure"],
)
def _8805(ctx: RuleContext) -> dict[str, pl.Expr]:
    return {"CINdetails": present("CINclosureDate") & blank("ReasonForClosure")}


@rule(
    "cin",
    "8810",
    "A CIN case cannot have a Reason for Closure without a CIN Closure Date",
    tables=["CINdetails"],
    fields=["ReasonForClosure", "CINclosureDate"],
)
def _8810(ctx: RuleContext) -> dict[str, pl.Expr]:
    # A closure date that is not a date counts as missing, so the mistyped date is reported.
    return {"CINdetails": present("ReasonForClosure") & blank("CINclosureDate")}


@rule(
    "cin",
    "8866",
    "Source of Referral is missing or an invalid code",
    tables=["CINdetails"],
    fields=["CINreferralDate", "ReferralSource"],
)
def _8866(ctx: RuleContext) -> dict[str, pl.Expr]:
    # the spec asks only of referrals on or after 1 April 2013 (a missing referral date is 8600's)
    return {
        "CINdetails": (pl.col("CINreferralDate") >= pl.lit(SOURCE_FROM))
        & (blank("ReferralSource") | not_in("ReferralSource", ctx.codes("referral_source")))
    }


@rule(
    "cin",
    "8815",
    "More than one open CIN Details episode (a module with no CIN Closure Date) has been provided for this child and case is not a referral with no further action.",
    tables=["CINdetails"],
    fields=["ReferralNFA", "CINclosureDate"],
)
def _8815(ctx: RuleContext) -> dict[str, pl.Expr]:
    open_further = (
        (blank("CINclosureDate") & is_false("ReferralNFA")).cast(pl.Int32).sum().over(KID)
    )
    return {"CINdetails": blank("CINclosureDate") & (open_further > 1)}


@rule(
    "cin",
    "8816",
    "An open CIN episode is shown and case is not a referral with no further action, but it is not the latest episode.",
    tables=["CINdetails"],
    fields=["CINreferralDate", "ReferralNFA"],
)
def _8816(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    cin = ctx.frame("CINdetails").filter(present("CINreferralDate"))
    latest = pl.col("CINreferralDate").max().over(KID)
    stale = cin.filter(
        blank("CINclosureDate") & is_false("ReferralNFA") & (pl.col("CINreferralDate") < latest)
    )
    # the later episode it conflicts with is named too
    newest = cin.filter(pl.col("CINreferralDate") == latest).join(
        stale.select(KID).unique(), on=KID, how="semi"
    )
    return {"CINdetails": pl.concat([stale.select(ROW), newest.select(ROW)])}


@rule(
    "cin",
    "8820",
    "The dates on the CIN episodes for this child overlap",
    tables=["CINdetails"],
    fields=["CINreferralDate", "CINclosureDate"],
)
def _8820(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    ref = reference_date(ctx)
    f = ctx.frame("CINdetails").filter(present("CINreferralDate"))
    # an open episode that is a referral with no further action does not run on
    f = f.with_columns(
        pl.when(blank("CINclosureDate") & ~is_false("ReferralNFA").fill_null(False))
        .then(pl.col("CINreferralDate"))
        .otherwise(pl.col("CINclosureDate").fill_null(pl.lit(ref)))
        .alias("_end")
    )
    a = f.select(KID, ROW, "CINreferralDate", "_end")
    pairs = a.join(a, on=KID, suffix="_b").filter(
        (pl.col(ROW) != pl.col(f"{ROW}_b"))
        & (pl.col("CINreferralDate") >= pl.col("CINreferralDate_b"))
        & (pl.col("CINreferralDate") < pl.col("_end_b"))
    )
    both = pl.concat([pairs.select(ROW), pairs.select(pl.col(f"{ROW}_b").alias(ROW))])
    return {"CINdetails": both}


@rule(
    "cin",
    "8825Q",
    "Please check and either amend data or provide a reason: Reason for Closure code RC8 (case closed after assessment) or RC9 (case closed after assessment, referred to early help) has been returned but there is no assessment present for the episode.",
    tables=["CINdetails"],
    fields=["ReasonForClosure"],
    severity=Q,
    needs=["CINdetails", "Assessments"],
)
def _8825q(ctx: RuleContext) -> dict[str, pl.Expr]:
    with_assessment = episode_has(ctx, "Assessments")
    return {
        "CINdetails": pl.col("ReasonForClosure").is_in(["RC8", "RC9"])
        & ~_keyed(ctx.frame("CINdetails"), with_assessment)
    }


@rule(
    "cin",
    "2990",
    "Activity is recorded against a case marked as ‘Case closed after assessment, no further action’ or 'case closed after assessment, referred to early help'.",
    tables=["CINdetails", "CINplanDates", "Section47", "ChildProtectionPlans"],
    fields=["ReasonForClosure"],
    needs=["CINdetails", "CINplanDates", "Section47", "ChildProtectionPlans"],
)
def _2990(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    tables = ("CINplanDates", "Section47", "ChildProtectionPlans")
    activity = pl.concat([episode_has(ctx, t) for t in tables]).unique()
    cin = ctx.frame("CINdetails")
    bad = cin.filter(
        pl.col("ReasonForClosure").is_in(["RC8", "RC9"])
        & (_keyed(cin, activity) | present("DateOfInitialCPC"))
    )
    out = {t: ctx.frame(t).join(bad.select(EP), on=EP, how="semi") for t in tables}
    return {"CINdetails": bad, **out}


@rule(
    "cin",
    "2991Q",
    "Please check and either amend data or provide a reason: A Section 47 module is recorded and there is no assessment on the episode",
    tables=["CINdetails", "Section47"],
    fields=["CINdetailsID"],
    severity=Q,
    needs=["CINdetails", "Section47", "Assessments"],
)
def _2991q(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    s47 = ctx.frame("Section47").join(episode_has(ctx, "Assessments"), on=EP, how="anti")
    return {"Section47": s47, "CINdetails": episode_rows(ctx, s47)}


@rule(
    "cin",
    "8831",
    "Activity is recorded against a case marked as a referral with no further action",
    tables=["CINdetails", "Assessments", "Section47"],
    fields=[
        "AssessmentActualStartDate",
        "AssessmentAuthorisationDate",
        "S47ActualStartDate",
        "DateOfInitialCPC",
    ],
    needs=["CINdetails", "Assessments", "Section47"],
)
def _8831(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    cin = ctx.frame("CINdetails")
    nfa = cin.filter(is_true("ReferralNFA")).select(EP)
    ass = ctx.frame("Assessments").filter(
        present("AssessmentActualStartDate") | present("AssessmentAuthorisationDate")
    )
    s47 = ctx.frame("Section47").filter(present("S47ActualStartDate") | present("DateOfInitialCPC"))
    ass, s47 = ass.join(nfa, on=EP, how="semi"), s47.join(nfa, on=EP, how="semi")
    activity = pl.concat([ass.select(EP), s47.select(EP)]).unique()
    bad = cin.filter(is_true("ReferralNFA") & (_keyed(cin, activity) | present("DateOfInitialCPC")))
    return {"CINdetails": bad, "Assessments": ass, "Section47": s47}


@rule(
    "cin",
    "8867",
    "CIN episode is shown as closed, however Assessment is not shown as completed",
    tables=["CINdetails", "Assessments"],
    fields=["CINclosureDate", "AssessmentAuthorisationDate"],
    needs=["CINdetails", "Assessments"],
)
def _8867(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    closed = ctx.frame("CINdetails").filter(present("CINclosureDate"))
    incomplete = ctx.frame("Assessments").filter(blank("AssessmentAuthorisationDate"))
    incomplete = incomplete.join(closed.select(EP), on=EP, how="semi")
    return {"CINdetails": episode_rows(ctx, incomplete), "Assessments": incomplete}


@rule(
    "cin",
    "8868",
    "CIN episode is shown as closed, however Section 47 enquiry is not shown as completed by ICPC date or ICPC not required flag",
    tables=["CINdetails", "Section47"],
    fields=["ICPCnotRequired", "CINclosureDate", "DateOfInitialCPC"],
    needs=["CINdetails", "Section47"],
)
def _8868(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    closed = ctx.frame("CINdetails").filter(present("CINclosureDate"))
    incomplete = ctx.frame("Section47").filter(
        blank("DateOfInitialCPC") & ~is_true("ICPCnotRequired").fill_null(False)
    )
    incomplete = incomplete.join(closed.select(EP), on=EP, how="semi")
    return {"CINdetails": episode_rows(ctx, incomplete), "Section47": incomplete}


@rule(
    "cin",
    "8890",
    "A Section 47 enquiry is shown as starting when there is another Section 47 Enquiry ongoing",
    tables=["Section47"],
    fields=["S47ActualStartDate"],
    needs=["Section47"],
)
def _8890(ctx: RuleContext) -> dict[str, pl.DataFrame]:
    ref = reference_date(ctx)
    s47 = ctx.frame("Section47").filter(present("S47ActualStartDate"))
    # An enquiry is ongoing from its start to its conference; one with neither a conference nor
    # "conference not required" is ongoing to the end of the year; one not needing a
    # conference is over.
    a = s47.select(
        *EP,
        ROW,
        "S47ActualStartDate",
        "DateOfInitialCPC",
        pl.when(present("DateOfInitialCPC"))
        .then(pl.col("DateOfInitialCPC"))
        .when(~is_true("ICPCnotRequired").fill_null(False))
        .then(pl.lit(ref))
        .otherwise(None)
        .alias("_end"),
    )
    pairs = a.join(a, on=EP, suffix="_b").filter(
        (pl.col(ROW) != pl.col(f"{ROW}_b"))
        # an exact duplicate is not "another" enquiry
        & ~(
            (pl.col("S47ActualStartDate") == pl.col("S47ActualStartDate_b"))
            & pl.col("DateOfInitialCPC").eq_missing(pl.col("DateOfInitialCPC_b"))
        )
        & (pl.col("S47ActualStartDate") >= pl.col("S47ActualStartDate_b"))
        & (pl.col("S47ActualStartDate") <= pl.col("_end_b"))
    )
    return {"Section47": pairs.select(ROW)}
