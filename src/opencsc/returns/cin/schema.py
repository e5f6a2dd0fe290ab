"""CIN census tables by collection year, flattened from the XML the DfE specifies.

The XML nests CINdetails (one per episode) under Child, and assessments, plans, section 47s and
protection plans under CINdetails. Rules work on flat tables, so the reader numbers each episode
within its child (CINdetailsID), each assessment within its episode (AssessmentID) and each plan
within its episode (CPPID), as the DfE's own tooling does. Each CPPreviewDate is a row of Reviews,
even when several share one <Reviews> element.
"""

from __future__ import annotations

from opencsc.returns.schema import Change, Column, Kind, Table, build_years

D: Kind = "date"
C: Kind = "code"
T: Kind = "text"
N: Kind = "int"
KID = "LAchildID"
EPISODE_KEYS = ("CINdetailsID",)

# Spec allows true/false or 1/0 for the two yes/no elements.
YES_NO = ("true", "false", "1", "0")


def _t(name: str, *cols: Column, derived: tuple[str, ...] = ()) -> Table:
    return Table(
        name=name, columns=(Column(KID, T, required=True), *cols), child_id=KID, derived=derived
    )


BASE = {
    t.name: t
    for t in (
        Table(
            name="Header",
            columns=(
                Column("Collection", T, required=True),
                Column("Year", T, required=True),
                Column("ReferenceDate", D, required=True),
                Column("SourceLevel", T, required=True),
                Column("LEA", T, required=True),
                Column("SoftwareCode", T, required=True),
                Column("Release", T),
                Column("SerialNo", T, required=True),
                Column("DateTime", T, required=True),
            ),
            child_id="",
        ),
        _t(
            "ChildIdentifiers",
            Column("UPN", T),
            Column("FormerUPN", T),
            Column("UPNunknown", C, "upn_unknown"),
            Column("PersonBirthDate", D),
            Column("ExpectedPersonBirthDate", D),
            Column("Sex", C, "sex", True),
            Column("PersonDeathDate", D),
        ),
        _t("ChildCharacteristics", Column("Ethnicity", C, "ethnicity", True)),
        _t("Disabilities", Column("Disability", C, "disability")),
        _t(
            "CINdetails",
            Column("CINdetailsID", N),
            Column("CINreferralDate", D, required=True),
            Column("ReferralSource", C, "referral_source", True),
            Column("PrimaryNeedCode", C, "primary_need"),
            Column("CINclosureDate", D),
            Column("ReasonForClosure", C, "reason_for_closure"),
            Column("DateOfInitialCPC", D),
            Column("ReferralNFA", C, YES_NO, True),
            derived=("CINdetailsID",),
        ),
        _t(
            "Assessments",
            Column("CINdetailsID", N),
            Column("AssessmentID", N),
            Column("AssessmentActualStartDate", D, required=True),
            Column("AssessmentInternalReviewDate", D),
            Column("AssessmentAuthorisationDate", D),
            derived=("CINdetailsID", "AssessmentID"),
        ),
        _t(
            "AssessmentFactorsList",
            Column("CINdetailsID", N),
            Column("AssessmentID", N),
            Column("AssessmentFactor", C, "assessment_factors"),
            derived=("CINdetailsID", "AssessmentID"),
        ),
        _t(
            "CINplanDates",
            Column("CINdetailsID", N),
            Column("CINPlanStartDate", D, required=True),
            Column("CINPlanEndDate", D),
            derived=("CINdetailsID",),
        ),
        _t(
            "Section47",
            Column("CINdetailsID", N),
            Column("S47ActualStartDate", D, required=True),
            Column("InitialCPCtarget", D),
            Column("DateOfInitialCPC", D),
            Column("ICPCnotRequired", C, YES_NO, True),
            derived=("CINdetailsID",),
        ),
        _t(
            "ChildProtectionPlans",
            Column("CINdetailsID", N),
            Column("CPPID", N),
            Column("CPPstartDate", D, required=True),
            Column("CPPendDate", D),
            Column("InitialCategoryOfAbuse", C, "category_of_abuse", True),
            Column("LatestCategoryOfAbuse", C, "category_of_abuse", True),
            Column("NumberOfPreviousCPP", N, required=True),
            derived=("CINdetailsID", "CPPID"),
        ),
        _t(
            "Reviews",
            Column("CINdetailsID", N),
            Column("CPPID", N),
            Column("CPPreviewDate", D, required=True),
            derived=("CINdetailsID", "CPPID"),
        ),
    )
}

CHANGES: dict[str, tuple[Change, ...]] = {
    "2025-26": (Change("No structural change (Sex M/F/U from 2024-25 continues)"),),
    "2026-27": (Change("N1 relabelled 'Abuse, neglect and exploitation'; no structural change"),),
}

SCHEMAS = build_years(BASE, CHANGES)

# Element order inside each XML block, for the reader and the writer.
CHILD_IDENTIFIERS = (
    "LAchildID",
    "UPN",
    "FormerUPN",
    "UPNunknown",
    "PersonBirthDate",
    "ExpectedPersonBirthDate",
    "Sex",
    "PersonDeathDate",
)
CIN_DETAILS_HEAD = (
    "CINreferralDate",
    "ReferralSource",
    "PrimaryNeedCode",
    "CINclosureDate",
    "ReasonForClosure",
    "DateOfInitialCPC",
)
ASSESSMENT = (
    "AssessmentActualStartDate",
    "AssessmentInternalReviewDate",
    "AssessmentAuthorisationDate",
)
SECTION47 = ("S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC", "ICPCnotRequired")
CPP = (
    "CPPstartDate",
    "CPPendDate",
    "InitialCategoryOfAbuse",
    "LatestCategoryOfAbuse",
    "NumberOfPreviousCPP",
)
