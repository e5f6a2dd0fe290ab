"""Cases for the CIN census rules on CIN plans, section 47 enquiries, CP plans and reviews.

Census year 2026-27 (1 April 2026 to 31 March 2027). 2 May 2026 is a Saturday.
"""

import pytest

from tests.returns.rulecases import Case, run_case

Row = dict[str, str | None]


def ep(kid: str, **kw: str | None) -> Row:
    row: Row = {
        "LAchildID": kid,
        "CINdetailsID": "1",
        "CINreferralDate": "2026-05-01",
        "ReferralNFA": "0",
    }
    return {**row, **kw}


def plan(kid: str, start: str | None = "2026-05-02", end: str | None = None) -> Row:
    return {"LAchildID": kid, "CINdetailsID": "1", "CINPlanStartDate": start, "CINPlanEndDate": end}


def s47(
    kid: str, start: str | None = "2026-05-04", icpc: str | None = None, **kw: str | None
) -> Row:
    return {
        "LAchildID": kid,
        "CINdetailsID": "1",
        "S47ActualStartDate": start,
        "DateOfInitialCPC": icpc,
        **kw,
    }


def cpp(
    kid: str,
    start: str | None = "2026-05-20",
    end: str | None = None,
    cppid: str = "1",
    **kw: str | None,
) -> Row:
    row: Row = {
        "LAchildID": kid,
        "CINdetailsID": "1",
        "CPPID": cppid,
        "CPPstartDate": start,
        "CPPendDate": end,
        "InitialCategoryOfAbuse": "NEG",
        "LatestCategoryOfAbuse": "NEG",
        "NumberOfPreviousCPP": "0",
    }
    return {**row, **kw}


def review(kid: str, when: str | None) -> Row:
    return {"LAchildID": kid, "CINdetailsID": "1", "CPPID": "1", "CPPreviewDate": when}


def child(kid: str, **kw: str | None) -> Row:
    return {"LAchildID": kid, "Sex": "F", "PersonBirthDate": "2015-01-01", **kw}


def case(code: str, tables: dict, fails: dict, note: str = "") -> Case:
    return Case(code, tables, fails, note=note, kind="cin")


DEAD = [child("A", PersonDeathDate="2026-06-01"), child("B", PersonDeathDate="2026-06-01")]

CASES = [
    # CIN plans
    case(
        "4000",
        {"CINdetails": [ep("A", ReferralNFA="1"), ep("B")], "CINplanDates": [plan("A"), plan("B")]},
        {"CINplanDates": [0], "CINdetails": [0]},
    ),
    case(
        "4004",
        {
            "CINplanDates": [
                plan("A"),
                plan("A", "2026-06-01"),
                plan("B"),
                plan("B", end="2026-06-01"),
            ]
        },
        {"CINplanDates": [0, 1]},
    ),
    case(
        "4008",
        {
            "ChildIdentifiers": DEAD,
            "CINplanDates": [plan("A", "2026-06-02"), plan("B", "2026-05-20")],
        },
        {"CINplanDates": [0]},
    ),
    case(
        "4009Q",
        {
            "ChildIdentifiers": DEAD,
            "CINplanDates": [plan("A", end="2026-06-02"), plan("B", end="2026-05-30")],
        },
        {"CINplanDates": [0]},
    ),
    case(
        "4010",
        {"CINplanDates": [plan("A", None), plan("B", "2027-04-01"), plan("C")]},
        {"CINplanDates": [0, 1]},
    ),
    case(
        "4011",
        {"CINplanDates": [plan("A", end="2026-05-01"), plan("B", end="2026-05-02")]},
        {"CINplanDates": [0]},
    ),
    case(
        "4012Q",
        {"CINplanDates": [plan("A", end="2026-05-02"), plan("B", end="2026-05-03")]},
        {"CINplanDates": [0]},
    ),
    case(
        "4013",
        {
            "CINplanDates": [
                plan("A", "2026-03-01", "2026-03-31"),
                plan("B", end="2026-05-10"),
                plan("C"),
            ]
        },
        {"CINplanDates": [0]},
    ),
    case(
        "4014",
        {
            "CINplanDates": [
                plan("A", "2026-05-02", "2026-06-01"),
                plan("A", "2026-05-20", "2026-07-01"),
                plan("B", "2026-05-02", "2026-06-01"),
                plan("B", "2026-06-01"),
            ]
        },
        {"CINplanDates": [0, 1]},
    ),
    case(
        "4015",
        {
            "CINdetails": [ep("A"), ep("B")],
            "CINplanDates": [plan("A", "2026-04-30"), plan("B", "2026-05-01")],
        },
        {"CINplanDates": [0], "CINdetails": [0]},
    ),
    case(
        "4001",
        {
            "CINplanDates": [plan("A"), plan("B")],
            "ChildProtectionPlans": [cpp("A"), cpp("B", end="2026-06-01")],
        },
        {"CINplanDates": [0], "ChildProtectionPlans": [0]},
    ),
    case(
        "4016",
        {
            "CINplanDates": [plan("A", "2026-05-20"), plan("B", "2026-06-01")],
            "ChildProtectionPlans": [
                cpp("A", "2026-05-02", "2026-06-01"),
                cpp("B", "2026-05-02", "2026-06-01"),
            ],
        },
        {"CINplanDates": [0], "ChildProtectionPlans": [0]},
    ),
    case(
        "4017",
        {
            "CINplanDates": [
                plan("A", "2026-05-02", "2026-06-01"),
                plan("B", "2026-05-02", "2026-06-01"),
            ],
            "ChildProtectionPlans": [cpp("A", "2026-05-20"), cpp("B", "2026-06-01")],
        },
        {"CINplanDates": [0], "ChildProtectionPlans": [0]},
    ),
    case(
        "4003",
        {
            "CINplanDates": [
                plan("A", "2026-05-02", "2026-06-01"),
                plan("B", "2026-05-02", "2026-06-01"),
            ],
            "Reviews": [review("A", "2026-05-20"), review("B", "2026-06-10")],
        },
        {"Reviews": [0], "CINplanDates": [0]},
    ),
    # Section 47 enquiries
    case(
        "1104",
        {
            "CINdetails": [ep("A"), ep("B")],
            "Section47": [
                s47("A", "2026-04-20", "2026-04-30"),
                s47("B", "2026-05-01", "2026-05-20"),
            ],
        },
        {"Section47": [0], "CINdetails": [0]},
    ),
    case(
        "2889",
        {
            "CINdetails": [ep("A"), ep("B")],
            "Section47": [s47("A", "2026-04-30"), s47("B", "2026-05-01")],
        },
        {"Section47": [0], "CINdetails": [0]},
    ),
    case(
        "8615",
        {
            "Section47": [
                s47("A", None),
                s47("B", "2026-05-21", "2026-05-20"),
                s47("C", "2026-05-04", "2026-05-20"),
            ]
        },
        {"Section47": [0, 1]},
    ),
    case(
        "8675Q",
        {
            "Section47": [
                s47("A", "2027-03-01", ICPCnotRequired="false"),
                s47("E", "2027-03-01"),
                s47("B", "2027-03-10"),
                s47("C", "2027-03-01", ICPCnotRequired="true"),
                s47("D", "2027-03-01", "2027-03-05"),
                s47("F", "2027-03-08", ICPCnotRequired="false"),
                s47("G", "2027-03-05", ICPCnotRequired="false"),
            ]
        },
        {"Section47": [0, 6]},
        note="15 working days before 31 March 2027 is 8 March, which is not before it",
    ),
    case(
        "8715",
        {
            "Section47": [
                s47("A", "2026-03-01", "2026-03-20"),
                s47("B", "2026-05-04", "2026-05-20"),
            ],
            "CINdetails": [
                ep("C", DateOfInitialCPC="2027-04-05"),
                ep("D"),
                ep("E", DateOfInitialCPC="2022-12-06"),
            ],
        },
        {"Section47": [0]},
        note="the module is Section 47: a CIN details conference (transfer-in) may be older",
    ),
    case(
        "8740",
        {
            "Section47": [
                s47("A", "2026-03-01", ICPCnotRequired="false"),
                s47("B", "2026-03-01", "2026-04-10", ICPCnotRequired="0"),
                s47("C", "2026-03-01", ICPCnotRequired="true"),
                s47("D", "2026-05-01", ICPCnotRequired="0"),
                s47("E", None, ICPCnotRequired="0"),
                s47("F", "2026-03-01", ICPCnotRequired="ZZ9"),
                s47("G", "2026-03-01"),
            ]
        },
        {"Section47": [0, 4]},
        note="only where ICPCnotRequired is false; a missing start does not fall in the year",
    ),
    case(
        "8839",
        {
            "Section47": [
                s47("A"),
                s47("A", "2026-05-10"),
                s47("B"),
                s47("B", "2026-05-10", "2026-05-20"),
                s47("C", ICPCnotRequired="true"),
                s47("C", "2026-05-10", ICPCnotRequired="true"),
            ]
        },
        {"Section47": [0, 1]},
    ),
    case(
        "8870Q",
        {
            "Section47": [
                s47("A", InitialCPCtarget="2026-05-02"),
                s47("B", InitialCPCtarget="2026-05-04"),
            ]
        },
        {"Section47": [0]},
    ),
    case(
        "8875",
        {
            "Section47": [
                s47("A", "2026-05-01", "2026-05-02"),
                s47("B", "2026-05-01", "2026-05-04"),
            ],
            "CINdetails": [
                ep("C", DateOfInitialCPC="2026-05-02"),
                ep("D", DateOfInitialCPC="2026-05-04"),
            ],
        },
        {"Section47": [0]},
        note="the module is Section 47, as for 8715",
    ),
    case(
        "2884",
        {
            "Section47": [
                s47("A", icpc="2026-05-20"),
                s47("B", icpc="2026-05-20"),
                s47("C", icpc="2026-05-20"),
            ],
            "CINdetails": [
                ep("A", DateOfInitialCPC="2026-05-20"),
                ep("B"),
                ep("C", DateOfInitialCPC="2026-05-21"),
            ],
        },
        {"Section47": [0], "CINdetails": [0]},
    ),
    # Child protection plans
    case(
        "1105",
        {
            "CINdetails": [ep("A"), ep("B")],
            "ChildProtectionPlans": [cpp("A", "2026-04-30"), cpp("B", "2026-05-01")],
        },
        {"ChildProtectionPlans": [0], "CINdetails": [0]},
    ),
    case(
        "8720",
        {"ChildProtectionPlans": [cpp("A", None), cpp("B", "2027-04-01"), cpp("C")]},
        {"ChildProtectionPlans": [0, 1]},
    ),
    case(
        "8730",
        {
            "ChildProtectionPlans": [
                cpp("A", NumberOfPreviousCPP=None),
                cpp("B"),
                cpp("C", NumberOfPreviousCPP="-1"),
            ]
        },
        {"ChildProtectionPlans": [0, 2]},
    ),
    case(
        "8905",
        {
            "ChildProtectionPlans": [
                cpp("A"),
                cpp("B", InitialCategoryOfAbuse=None),
                cpp("C", InitialCategoryOfAbuse="XXX"),
            ]
        },
        {"ChildProtectionPlans": [1, 2]},
    ),
    case(
        "8910",
        {
            "ChildProtectionPlans": [
                cpp("A"),
                cpp("B", LatestCategoryOfAbuse=None),
                cpp("C", LatestCategoryOfAbuse="XXX"),
            ]
        },
        {"ChildProtectionPlans": [1, 2]},
    ),
    case(
        "8915",
        {
            "ChildIdentifiers": DEAD,
            "ChildProtectionPlans": [cpp("A", "2026-06-02"), cpp("B", "2026-05-20")],
        },
        {"ChildProtectionPlans": [0]},
    ),
    case(
        "8920",
        {
            "ChildIdentifiers": DEAD,
            "ChildProtectionPlans": [cpp("A", end="2026-06-02"), cpp("B", end="2026-05-30")],
        },
        {"ChildProtectionPlans": [0]},
    ),
    case(
        "8925",
        {"ChildProtectionPlans": [cpp("A", end="2026-05-19"), cpp("B", end="2026-05-21")]},
        {"ChildProtectionPlans": [0]},
    ),
    case(
        "8840",
        {"ChildProtectionPlans": [cpp("A", end="2026-05-20"), cpp("B", end="2026-05-21")]},
        {"ChildProtectionPlans": [0]},
    ),
    case(
        "8930",
        {
            "ChildProtectionPlans": [
                cpp("A", "2026-03-01", "2026-03-31"),
                cpp("B", end="2026-05-30"),
                cpp("C"),
            ]
        },
        {"ChildProtectionPlans": [0]},
    ),
    case(
        "8935",
        {
            "ChildProtectionPlans": [
                cpp("A"),
                cpp("A", "2026-06-01", cppid="2"),
                cpp("B"),
                cpp("B", "2026-04-02", "2026-05-01", cppid="2"),
            ]
        },
        {"ChildProtectionPlans": [0, 1]},
    ),
    case(
        "8940",
        {
            "ChildProtectionPlans": [
                cpp("A", "2026-05-02", "2026-06-01"),
                cpp("A", "2026-05-20", "2026-07-01", cppid="2"),
                cpp("B", "2026-05-02", "2026-06-01"),
                cpp("B", "2026-06-01", cppid="2"),
            ]
        },
        {"ChildProtectionPlans": [0, 1]},
    ),
    case(
        "8832",
        {
            "CINdetails": [ep("A", ReferralNFA="1"), ep("B")],
            "ChildProtectionPlans": [cpp("A"), cpp("B")],
        },
        {"ChildProtectionPlans": [0]},
    ),
    case(
        "2883",
        {
            "Header": [{"ReferenceDate": "2027-03-31"}],
            "ChildProtectionPlans": [cpp("A"), cpp("B")],
            "Section47": [s47("A", icpc="2026-05-20")],
            "CINdetails": [ep("A"), ep("B")],
        },
        {"Header": [0]},
        note="two plans, one conference",
    ),
    case(
        "2885",
        {
            "Section47": [s47("A", icpc="2026-05-20"), s47("B", icpc="2026-05-20")],
            "CINdetails": [ep("A"), ep("B"), ep("C"), ep("D", DateOfInitialCPC="2026-05-20")],
            "ChildProtectionPlans": [
                cpp("A", "2026-05-20"),
                cpp("B", "2026-05-21"),
                cpp("C", "2026-05-21"),
                cpp("D", "2026-05-20"),
            ],
        },
        {"ChildProtectionPlans": [1, 2], "CINdetails": [1, 2], "Section47": [1]},
        note="a plan in an episode with no conference at all fails too",
    ),
    # Reviews
    case(
        "8841",
        {
            "ChildProtectionPlans": [cpp("A")],
            "Reviews": [review("A", "2026-05-20"), review("A", "2026-06-20")],
        },
        {"Reviews": [0], "ChildProtectionPlans": [0]},
    ),
    case("8842Q", {"Reviews": [review("A", None), review("A", "2026-06-20")]}, {"Reviews": [0]}),
    # Activity after the episode closed
    case(
        "8565",
        {
            "CINdetails": [
                ep("A", CINclosureDate="2026-07-01"),
                ep("B"),
                ep("C", CINclosureDate="2026-07-01", DateOfInitialCPC="2026-07-02"),
            ],
            "Assessments": [
                {
                    "LAchildID": "A",
                    "CINdetailsID": "1",
                    "AssessmentID": "1",
                    "AssessmentActualStartDate": "2026-05-02",
                    "AssessmentAuthorisationDate": "2026-07-02",
                }
            ],
            "Section47": [s47("A", icpc="2026-05-20")],
            "ChildProtectionPlans": [cpp("A", end="2026-07-10")],
            "CINplanDates": [plan("B", "2026-08-01")],
        },
        {"Assessments": [0], "ChildProtectionPlans": [0], "CINdetails": [0, 2]},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_rule(case: Case) -> None:
    run_case("cin", case)
