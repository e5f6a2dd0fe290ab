"""Derive the CIN census and the SSDA903 return from the case record, with no rework.

The record arrives as the tables of `opencsc.synth.tables` (persons, referrals, assessments,
plans, episodes…): the Django adapter reads them from the database, the synthetic authority
produces them directly, and both go through the same derivation here. The output is a
`ReturnData` in the DfE's shape, ready for the validator and the writers.

What is in scope follows the DfE guidance: the CIN census holds every referral (CIN episode) open
at any point in the collection year and the activity within it; the SSDA903 holds every child
looked after at any point in the year, with episodes, reviews and missing periods in the year.
Dates after the year end are left out (the return is as at 31 March).
"""

from __future__ import annotations

from datetime import date

import polars as pl

from opencsc.returns.cin.schema import SCHEMAS as CIN_SCHEMAS
from opencsc.returns.data import ReturnData, tidy_text
from opencsc.returns.schema import check_year, year_bounds
from opencsc.returns.ssda903.schema import SCHEMAS as SSDA903_SCHEMAS

Tables = dict[str, pl.DataFrame]


def _iso(col: str) -> pl.Expr:
    return pl.col(col).dt.strftime("%Y-%m-%d")


def _uk(col: str) -> pl.Expr:
    return pl.col(col).dt.strftime("%d/%m/%Y")


def _upto(col: str, end: date) -> pl.Expr:
    """The date if it falls on or before the year end, else null (not yet happened at 31 March)."""
    return pl.when(pl.col(col) <= end).then(pl.col(col)).otherwise(None)


def _overlaps(start: str, end: str | None, s: date, e: date) -> pl.Expr:
    cond = pl.col(start) <= e
    if end is not None:
        cond = cond & (pl.col(end).is_null() | (pl.col(end) >= s))
    return cond


def _finish(kind: str, year: str, frames: Tables, la_code: str | None) -> ReturnData:
    schema = CIN_SCHEMAS[year] if kind == "cin" else SSDA903_SCHEMAS[year]
    raw: Tables = {}
    for name, table in schema.items():
        if name not in frames:
            continue
        f = frames[name]
        f = f.select(
            [
                pl.col(c).cast(pl.Utf8) if c in f.columns else pl.lit(None, pl.Utf8).alias(c)
                for c in table.names
            ]
        )
        raw[name] = tidy_text(f)
    return ReturnData(kind=kind, year=year, schema=schema, raw=raw, la_code=la_code)  # type: ignore[arg-type]


def upn_unknown_reason(age_at_end: pl.Expr) -> pl.Expr:
    # UN1: child aged under 6 not yet in school; UN2: child has never attended school in England
    # is not something the record holds, so older children without a UPN get UN5 (sources
    # collating UPNs reflect incomplete data).
    return pl.when(age_at_end < 6).then(pl.lit("UN1")).otherwise(pl.lit("UN5"))


def cin_census(record: Tables, year: str, *, la_code: str) -> ReturnData:
    check_year(year)
    s, e = year_bounds(year)
    refs = (
        record["referrals"]
        .filter(_overlaps("referral_date", "closure_date", s, e))
        .sort(["person_id", "referral_date", "referral_id"])
    )
    refs = refs.with_columns(
        pl.col("referral_id").cum_count().over("person_id").alias("CINdetailsID")
    )
    persons = record["persons"].filter(
        pl.col("person_id").is_in(refs["person_id"].unique().implode())
    )
    kid = persons.select("person_id", pl.col("la_child_id").alias("LAchildID"))
    keys = refs.select("referral_id", "person_id", "CINdetailsID").join(kid, on="person_id")

    age_end = (pl.lit(e) - pl.col("date_of_birth")).dt.total_days() // 365
    idents = persons.select(
        "person_id",
        pl.col("la_child_id").alias("LAchildID"),
        pl.col("upn").alias("UPN"),
        pl.when(pl.col("upn").is_null() & pl.col("date_of_birth").is_not_null())
        .then(upn_unknown_reason(age_end))
        .otherwise(None)
        .alias("UPNunknown"),
        _iso("date_of_birth").alias("PersonBirthDate"),
        pl.col("sex").alias("Sex"),
        pl.when(pl.col("date_of_death") <= e).then(_iso("date_of_death")).alias("PersonDeathDate"),
    ).sort("LAchildID")
    chars = persons.select(
        pl.col("la_child_id").alias("LAchildID"), pl.col("ethnicity").alias("Ethnicity")
    ).sort("LAchildID")
    # A child with no disability is returned as NONE (CIN rule 8540), not left out.
    dis = (
        persons.select(
            pl.col("la_child_id").alias("LAchildID"),
            pl.when(pl.col("disabilities").list.len() > 0)
            .then(pl.col("disabilities"))
            .otherwise(pl.lit(["NONE"]))
            .alias("disabilities"),
        )
        .explode("disabilities")
        .drop_nulls("disabilities")
        .rename({"disabilities": "Disability"})
        .sort("LAchildID", maintain_order=True)
    )

    conf = record["conferences"]
    icpc = conf.filter((pl.col("kind") == "initial") & (pl.col("conference_date") <= e))
    icpc_by_s47 = icpc.select("s47_id", pl.col("conference_date").alias("icpc_date")).unique(
        "s47_id"
    )
    # The CIN-level conference date is for a conference with no enquiry in the return; one held
    # after an enquiry is recorded on the Section47 module only (CIN rule 2884).
    # An enquiry open in the year is in the return unless its initial conference was held before
    # the year began (that return reported it; CIN rule 8715).
    s47_in_return = (
        record["s47_enquiries"]
        .filter(_overlaps("start_date", "end_date", s, e))
        .join(icpc_by_s47, on="s47_id", how="left")
        .filter(pl.col("icpc_date").is_null() | (pl.col("icpc_date") >= s))["s47_id"]
    )
    icpc_by_ref = (
        icpc.filter(
            (pl.col("conference_date") >= s)
            & ~pl.col("s47_id").is_in(s47_in_return.implode()).fill_null(False)
        )
        .group_by("referral_id")
        .agg(pl.col("conference_date").min().alias("icpc_in_year"))
    )

    details = (
        refs.join(keys.select("referral_id", "LAchildID"), on="referral_id")
        .join(icpc_by_ref, on="referral_id", how="left")
        .select(
            "LAchildID",
            "CINdetailsID",
            _iso("referral_date").alias("CINreferralDate"),
            pl.col("source").alias("ReferralSource"),
            pl.col("primary_need").alias("PrimaryNeedCode"),
            _upto("closure_date", e).dt.strftime("%Y-%m-%d").alias("CINclosureDate"),
            pl.when(pl.col("closure_date") <= e)
            .then(pl.col("closure_reason"))
            .alias("ReasonForClosure"),
            _iso("icpc_in_year").alias("DateOfInitialCPC"),
            pl.when(pl.col("nfa")).then(pl.lit("1")).otherwise(pl.lit("0")).alias("ReferralNFA"),
        )
        .sort(["LAchildID", "CINdetailsID"])
    )

    ass = (
        record["assessments"]
        .join(keys, on="referral_id")
        .filter(_overlaps("start_date", "authorised_date", s, e))
        .sort(["LAchildID", "CINdetailsID", "start_date", "assessment_id"])
        .with_columns(
            pl.col("assessment_id")
            .cum_count()
            .over(["LAchildID", "CINdetailsID"])
            .alias("AssessmentID")
        )
    )
    assessments = ass.select(
        "LAchildID",
        "CINdetailsID",
        "AssessmentID",
        _iso("start_date").alias("AssessmentActualStartDate"),
        _upto("authorised_date", e).dt.strftime("%Y-%m-%d").alias("AssessmentAuthorisationDate"),
    )
    # Factors are recorded when an assessment is completed (authorised) within the year.
    factors = (
        ass.filter(pl.col("authorised_date") <= e)
        .select("LAchildID", "CINdetailsID", "AssessmentID", pl.col("factors"))
        .explode("factors")
        .drop_nulls("factors")
        .rename({"factors": "AssessmentFactor"})
    )

    plans = (
        record["cin_plans"]
        .join(keys, on="referral_id")
        .filter(_overlaps("start_date", "end_date", s, e))
        .sort(["LAchildID", "CINdetailsID", "start_date"])
        .select(
            "LAchildID",
            "CINdetailsID",
            _iso("start_date").alias("CINPlanStartDate"),
            _upto("end_date", e).dt.strftime("%Y-%m-%d").alias("CINPlanEndDate"),
        )
    )

    s47 = (
        record["s47_enquiries"]
        .join(keys, on="referral_id")
        .filter(pl.col("s47_id").is_in(s47_in_return.implode()))
        .join(icpc_by_s47, on="s47_id", how="left")
        .sort(["LAchildID", "CINdetailsID", "start_date"])
        .select(
            "LAchildID",
            "CINdetailsID",
            _iso("start_date").alias("S47ActualStartDate"),
            _iso("icpc_target_date").alias("InitialCPCtarget"),
            _iso("icpc_date").alias("DateOfInitialCPC"),
            pl.when(pl.col("outcome") == "icpc")
            .then(pl.lit("0"))
            .when(pl.col("outcome").is_in(["cin", "nfa"]))
            .then(pl.lit("1"))
            .otherwise(pl.lit("0"))
            .alias("ICPCnotRequired"),
        )
    )

    all_cpp = record["cp_plans"].sort(["person_id", "start_date", "cp_plan_id"])
    all_cpp = all_cpp.with_columns(
        (pl.col("cp_plan_id").cum_count().over("person_id") - 1).alias("previous")
    )
    cpp = (
        all_cpp.join(keys, on="referral_id")
        .filter(_overlaps("start_date", "end_date", s, e))
        .sort(["LAchildID", "CINdetailsID", "start_date"])
        .with_columns(
            pl.col("cp_plan_id").cum_count().over(["LAchildID", "CINdetailsID"]).alias("CPPID")
        )
    )
    cpps = cpp.select(
        "LAchildID",
        "CINdetailsID",
        "CPPID",
        _iso("start_date").alias("CPPstartDate"),
        _upto("end_date", e).dt.strftime("%Y-%m-%d").alias("CPPendDate"),
        pl.col("initial_category").alias("InitialCategoryOfAbuse"),
        pl.col("latest_category").alias("LatestCategoryOfAbuse"),
        pl.col("previous").alias("NumberOfPreviousCPP"),
    )
    reviews = (
        conf.filter((pl.col("kind") == "review") & pl.col("conference_date").is_between(s, e))
        .join(
            cpp.select(
                "cp_plan_id", "LAchildID", "CINdetailsID", "CPPID", "start_date", "end_date"
            ),
            on="cp_plan_id",
        )
        .filter(
            (pl.col("conference_date") > pl.col("start_date"))
            & (pl.col("end_date").is_null() | (pl.col("conference_date") <= pl.col("end_date")))
        )
        .sort(["LAchildID", "CINdetailsID", "CPPID", "conference_date"])
        .select(
            "LAchildID", "CINdetailsID", "CPPID", _iso("conference_date").alias("CPPreviewDate")
        )
    )
    header = pl.DataFrame(
        {
            "Collection": ["CIN"],
            "Year": [str(e.year)],
            "ReferenceDate": [e.isoformat()],
            "SourceLevel": ["L"],
            "LEA": [la_code],
            "SoftwareCode": ["opencsc"],
            "Release": ["1"],
            "SerialNo": ["001"],
            "DateTime": [f"{e.isoformat()}T00:00:00"],
        }
    )
    frames: Tables = {
        "Header": header,
        "ChildIdentifiers": idents.drop("person_id"),
        "ChildCharacteristics": chars,
        "Disabilities": dis,
        "CINdetails": details,
        "Assessments": assessments,
        "AssessmentFactorsList": factors,
        "CINplanDates": plans,
        "Section47": s47,
        "ChildProtectionPlans": cpps,
        "Reviews": reviews,
    }
    return _finish("cin", year, frames, la_code)


# 2025-26 replaced H5 (semi-independent, Ofsted registered) with K3 (supported accommodation).
PLACEMENT_CODES_CHANGED = date(2025, 4, 1)
OLD_PLACEMENT_CODE = {"K3": "H5"}


def ssda903(record: Tables, year: str, *, la_code: str | None = None) -> ReturnData:
    check_year(year)
    s, e = year_bounds(year)
    eps = record["cla_episodes"].filter(_overlaps("start_date", "end_date", s, e))
    if s < PLACEMENT_CODES_CHANGED:
        # The record holds an open placement's current code; a year before the 2025-26 code
        # list reports the code it replaced.
        eps = eps.with_columns(pl.col("placement_type").replace(OLD_PLACEMENT_CODE))
    oc3_src = record["care_leaver_contacts"].filter(pl.col("birthday_date").is_between(s, e))
    # The Header lists every child in the return: looked after in the year, or a care leaver
    # whose birthday falls in it (OC3).
    children = pl.concat([eps["person_id"], oc3_src["person_id"]]).unique().implode()
    persons = record["persons"].filter(pl.col("person_id").is_in(children)).sort("la_child_id")
    # Care leavers appear in the Header and OC3 only (rule 1012); the other tables are for
    # children looked after in the year.
    child = persons.filter(pl.col("person_id").is_in(eps["person_id"].implode())).select(
        "person_id", pl.col("la_child_id").alias("CHILD"), "date_of_birth"
    )
    dob = _uk("date_of_birth").alias("DOB")

    # MOTHER is asked of every girl looked after (rule 393): 1 with her first child's date of
    # birth if the record shows her as a parent, else 0.
    parents = record["relationships"].filter(pl.col("relationship") == "parent")
    first_child = (
        parents.join(
            record["persons"].select(
                pl.col("person_id").alias("other_person_id"), pl.col("date_of_birth").alias("_mc")
            ),
            on="other_person_id",
        )
        .group_by("person_id")
        .agg(pl.col("_mc").min())
    )
    # Motherhood is asked only of girls looked after in the year, not care leavers (rule 628).
    girl = (pl.col("sex") == "F") & pl.col("person_id").is_in(eps["person_id"].implode())
    header = persons.join(first_child, on="person_id", how="left").select(
        pl.col("la_child_id").alias("CHILD"),
        pl.col("sex").alias("SEX"),
        dob,
        pl.col("ethnicity").alias("ETHNIC"),
        pl.col("upn").fill_null("UN5").alias("UPN"),
        pl.when(girl)
        .then(pl.when(pl.col("_mc").is_not_null()).then(pl.lit("1")).otherwise(pl.lit("0")))
        .alias("MOTHER"),
        pl.when(girl).then(_uk("_mc")).alias("MC_DOB"),
    )
    episodes = (
        eps.join(child, on="person_id")
        .sort(["CHILD", "start_date"])
        .select(
            "CHILD",
            _uk("start_date").alias("DECOM"),
            pl.col("reason_new_episode").alias("RNE"),
            pl.col("legal_status").alias("LS"),
            pl.col("category_of_need").alias("CIN"),
            pl.col("placement_type").alias("PLACE"),
            pl.col("placement_provider").alias("PLACE_PROVIDER"),
            _upto("end_date", e).dt.strftime("%d/%m/%Y").alias("DEC"),
            pl.when(pl.col("end_date") <= e).then(pl.col("reason_ceased")).alias("REC"),
            pl.when(pl.col("end_date") <= e)
            .then(pl.col("reason_place_change"))
            .alias("REASON_PLACE_CHANGE"),
            pl.col("home_postcode").alias("HOME_POST"),
            pl.col("placement_postcode").alias("PL_POST"),
            pl.col("urn").alias("URN"),
        )
    )
    reviews = (
        record["cla_reviews"]
        .filter(pl.col("review_date").is_between(s, e))
        .join(child, on="person_id")
        .sort(["CHILD", "review_date"])
        .select(
            "CHILD",
            dob,
            _uk("review_date").alias("REVIEW"),
            pl.col("participation").alias("REVIEW_CODE"),
        )
    )
    uasc = (
        persons.join(child.select("person_id"), on="person_id")
        .filter(pl.col("uasc"))
        .select(
            pl.col("la_child_id").alias("CHILD"),
            pl.col("sex").alias("SEX"),
            dob,
            _uk("uasc_ceased").alias("DUC"),
        )
    )
    missing = (
        record["missing_episodes"]
        .filter(_overlaps("start_date", "end_date", s, e))
        .join(child, on="person_id")
        .sort(["CHILD", "start_date"])
        .select(
            "CHILD",
            dob,
            pl.col("kind").alias("MISSING"),
            _uk("start_date").alias("MIS_START"),
            _upto("end_date", e).dt.strftime("%d/%m/%Y").alias("MIS_END"),
        )
    )
    oc3_people = record["persons"].select(
        "person_id", pl.col("la_child_id").alias("CHILD"), "date_of_birth"
    )
    oc3 = (
        oc3_src.join(oc3_people, on="person_id")
        .sort("CHILD")
        .select(
            "CHILD",
            dob,
            pl.col("in_touch").alias("IN_TOUCH"),
            pl.col("activity").alias("ACTIV"),
            pl.col("accommodation").alias("ACCOM"),
        )
    )
    ended = eps.filter(pl.col("end_date").is_between(s, e))
    adopted = (
        ended.filter(pl.col("reason_ceased").is_in(["E11", "E12"]))["person_id"].unique().implode()
    )
    adoptions = record["adoptions"]
    ad1 = (
        adoptions.filter(pl.col("person_id").is_in(adopted))
        .join(child, on="person_id")
        .sort("CHILD")
        .select(
            "CHILD",
            dob,
            _uk("decision_date").alias("DATE_INT"),
            _uk("match_date").alias("DATE_MATCH"),
            pl.col("foster_care").cast(pl.Int8).cast(pl.Utf8).alias("FOSTER_CARE"),
            pl.col("number_of_adopters").cast(pl.Utf8).alias("NB_ADOPTR"),
            pl.col("sex_of_adopters").alias("SEX_ADOPTR"),
            pl.col("adopters_legal_status").alias("LS_ADOPTR"),
        )
    )
    # PlacedAdoption: the decision that the child should be placed (DATE_PLACED is that
    # decision's date, as DATE_INT in AD1 is: rule 523), and its reversal if it was reversed.
    # A decision reversed before the year began was reported then.
    reversed_ = pl.col("decision_ceased_date").is_not_null() & (pl.col("decision_ceased_date") <= e)
    # A decision belongs to the period of care it was made in: one from an earlier period (an
    # adoption that broke down, say) is not this period's (rule 1003).
    care_from = (
        record["cla_episodes"]
        .filter(pl.col("person_id").is_in(eps["person_id"].implode()))
        .group_by("person_id", "period_id")
        .agg(
            pl.col("start_date").min(),
            pl.col("end_date").max(),
            (pl.col("end_date").null_count() > 0).alias("_open"),
        )
        .filter(pl.col("_open") | (pl.col("end_date") >= s))
        .group_by("person_id")
        .agg(pl.col("start_date").min().alias("_care_from"))
    )
    placed = (
        adoptions.join(care_from, on="person_id")
        .filter(pl.col("decision_date") >= pl.col("_care_from"))
        .filter(
            pl.col("decision_date").is_not_null()
            & (pl.col("decision_date") <= e)
            & (pl.col("decision_ceased_date").is_null() | (pl.col("decision_ceased_date") >= s))
        )
        .join(child, on="person_id")
        .sort("CHILD")
        .select(
            "CHILD",
            dob,
            _uk("decision_date").alias("DATE_PLACED"),
            pl.when(reversed_).then(_uk("decision_ceased_date")).alias("DATE_PLACED_CEASED"),
            pl.when(reversed_).then(pl.col("decision_ceased_reason")).alias("REASON_PLACED_CEASED"),
        )
    )
    frames: Tables = {
        "Header": header,
        "Episodes": episodes,
        "Reviews": reviews,
        "UASC": uasc,
        "Missing": missing,
        "OC3": oc3,
        "AD1": ad1,
        "PlacedAdoption": placed,
    }
    return _finish("903", year, frames, la_code)
