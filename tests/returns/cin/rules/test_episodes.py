"""Cases for the CIN census rules on CIN episodes: referral, closure, need and activity.

The latest collection year is 2026-27, so the census runs 1 April 2026 to 31 March 2027.
"""

import pytest

from tests.returns.rulecases import Case, run_case


def ep(kid: str, **kw: str | None) -> dict[str, str | None]:
    row: dict[str, str | None] = {
        "LAchildID": kid,
        "CINdetailsID": "1",
        "CINreferralDate": "2026-05-01",
        "ReferralSource": "1A",
        "ReferralNFA": "0",
        "PrimaryNeedCode": "N1",
    }
    return {**row, **kw}


def act(kid: str, table: str, **kw: str | None) -> dict[str, str | None]:
    """A row of an activity table on the child's first episode."""
    return {"LAchildID": kid, "CINdetailsID": "1", **kw}


def case(code: str, tables: dict, fails: dict, note: str = "") -> Case:
    return Case(code, tables, fails, note=note, kind="cin")


CASES = [
    case(
        "8568",
        {
            "CINdetails": [
                ep("A", ReferralNFA="0"),
                ep("B", ReferralNFA="true"),
                ep("C", ReferralNFA="x"),
                ep("D", ReferralNFA=None),
            ]
        },
        {"CINdetails": [2, 3]},
    ),
    case(
        "8569Q",
        {
            "CINdetails": [
                ep("A", CINreferralDate="2026-03-30", ReferralNFA="1"),
                ep("B", CINreferralDate="2026-03-31", ReferralNFA="1"),
                ep("C", CINreferralDate="2026-03-01", ReferralNFA="0"),
            ]
        },
        {"CINdetails": [0]},
        note="31 March 2026 is one working day before the year starts",
    ),
    case(
        "8600",
        {
            "CINdetails": [
                ep("A"),
                ep("B", CINreferralDate=None),
                ep("C", CINreferralDate="2027-04-01"),
            ]
        },
        {"CINdetails": [1, 2]},
    ),
    case(
        "8610",
        {
            "CINdetails": [
                ep("A", PrimaryNeedCode=None),
                ep("B", ReferralNFA="1", PrimaryNeedCode=None),
                ep("C"),
            ]
        },
        {"CINdetails": [0]},
    ),
    case(
        "8620",
        {
            "CINdetails": [
                ep("A", CINclosureDate="2026-05-01"),
                ep("B", CINreferralDate="2026-01-01", CINclosureDate="2026-03-31"),
                ep("C", CINclosureDate="2027-04-01"),
                ep("D"),
            ]
        },
        {"CINdetails": [1, 2]},
    ),
    case(
        "8630",
        {
            "CINdetails": [
                ep("A", CINclosureDate="2026-04-30"),
                ep("B", CINclosureDate="2026-05-01"),
            ]
        },
        {"CINdetails": [0]},
    ),
    case(
        "8640",
        {
            "CINdetails": [
                ep("A", ReasonForClosure="RC1"),
                ep("B", ReasonForClosure="RC99"),
                ep("C"),
            ]
        },
        {"CINdetails": [1]},
    ),
    case(
        "8650",
        {
            "CINdetails": [
                ep("A", PrimaryNeedCode="N1"),
                ep("B", PrimaryNeedCode="X1"),
                ep("C", PrimaryNeedCode=None),
            ]
        },
        {"CINdetails": [1]},
    ),
    case(
        "8805",
        {
            "CINdetails": [
                ep("A", CINclosureDate="2026-06-01"),
                ep("B", CINclosureDate="2026-06-01", ReasonForClosure="RC1"),
                ep("C"),
            ]
        },
        {"CINdetails": [0]},
    ),
    case(
        "8810",
        {
            "CINdetails": [
                ep("A", ReasonForClosure="RC1"),
                ep("B", CINclosureDate="2026-06-01", ReasonForClosure="RC1"),
                ep("C", CINclosureDate="2026-06-31", ReasonForClosure="RC1"),
            ]
        },
        {"CINdetails": [0, 2]},
        note="a closure date that is not a date is missing",
    ),
    case(
        "8866",
        {
            "CINdetails": [
                ep("A"),
                ep("B", ReferralSource=None),
                ep("C", ReferralSource="ZZ"),
                ep("D", CINreferralDate="2013-04-01", ReferralSource=None),
                ep("E", CINreferralDate="2013-03-31", ReferralSource=None),
                ep("F", CINreferralDate=None, ReferralSource=None),
            ]
        },
        {"CINdetails": [1, 2, 3]},
        note="asked only of referrals from 1 April 2013; a missing referral date is 8600's",
    ),
    case(
        "8815",
        {
            "CINdetails": [
                ep("A"),
                ep("A", CINdetailsID="2", CINreferralDate="2026-06-01"),
                ep("B"),
                ep("B", CINdetailsID="2", ReferralNFA="1"),
            ]
        },
        {"CINdetails": [0, 1]},
        note="two open episodes; an open NFA referral does not count",
    ),
    case(
        "8816",
        {
            "CINdetails": [
                ep("A"),
                ep(
                    "A", CINdetailsID="2", CINreferralDate="2026-06-01", CINclosureDate="2026-07-01"
                ),
                ep("B", CINreferralDate="2026-04-10", CINclosureDate="2026-04-20"),
                ep("B", CINdetailsID="2"),
            ]
        },
        {"CINdetails": [0, 1]},
    ),
    case(
        "8820",
        {
            "CINdetails": [
                ep("A", CINreferralDate="2026-04-10", CINclosureDate="2026-06-01"),
                ep(
                    "A", CINdetailsID="2", CINreferralDate="2026-05-01", CINclosureDate="2026-07-01"
                ),
                ep("B", CINreferralDate="2026-04-10", CINclosureDate="2026-05-01"),
                ep("B", CINdetailsID="2", CINreferralDate="2026-05-01"),
            ]
        },
        {"CINdetails": [0, 1]},
        note="an episode may start on the day the last one closed",
    ),
    case(
        "8825Q",
        {
            "CINdetails": [
                ep("A", ReasonForClosure="RC8", CINclosureDate="2026-06-01"),
                ep("B", ReasonForClosure="RC8", CINclosureDate="2026-06-01"),
                ep("C", ReasonForClosure="RC1", CINclosureDate="2026-06-01"),
            ],
            "Assessments": [
                act("A", "Assessments", AssessmentID="1", AssessmentActualStartDate="2026-05-02")
            ],
        },
        {"CINdetails": [1]},
    ),
    case(
        "2990",
        {
            "CINdetails": [
                ep("A", ReasonForClosure="RC8"),
                ep("B", ReasonForClosure="RC8"),
                ep("C", ReasonForClosure="RC9", DateOfInitialCPC="2026-05-20"),
                ep("D", ReasonForClosure="RC1"),
            ],
            "CINplanDates": [
                act("A", "CINplanDates", CINPlanStartDate="2026-05-10"),
                act("D", "CINplanDates", CINPlanStartDate="2026-05-10"),
            ],
            "Section47": [act("D", "Section47", S47ActualStartDate="2026-05-02")],
            "ChildProtectionPlans": [
                act("D", "ChildProtectionPlans", CPPID="1", CPPstartDate="2026-05-20")
            ],
        },
        {"CINdetails": [0, 2], "CINplanDates": [0]},
    ),
    case(
        "2991Q",
        {
            "CINdetails": [ep("A"), ep("B"), ep("C")],
            "Section47": [
                act("A", "Section47", S47ActualStartDate="2026-05-02"),
                act("B", "Section47", S47ActualStartDate="2026-05-02"),
            ],
            "Assessments": [
                act("A", "Assessments", AssessmentID="1", AssessmentActualStartDate="2026-05-02")
            ],
        },
        {"CINdetails": [1], "Section47": [1]},
    ),
    case(
        "8831",
        {
            "CINdetails": [
                ep("A", ReferralNFA="1"),
                ep("B", ReferralNFA="1"),
                ep("C", ReferralNFA="0"),
                ep("D", ReferralNFA="1", DateOfInitialCPC="2026-05-20"),
            ],
            "Assessments": [
                act("A", "Assessments", AssessmentID="1", AssessmentActualStartDate="2026-05-02"),
                act("C", "Assessments", AssessmentID="1", AssessmentActualStartDate="2026-05-02"),
            ],
            "Section47": [act("C", "Section47", S47ActualStartDate="2026-05-02")],
        },
        {"CINdetails": [0, 3], "Assessments": [0]},
    ),
    case(
        "8867",
        {
            "CINdetails": [
                ep("A", CINclosureDate="2026-07-01"),
                ep("B", CINclosureDate="2026-07-01"),
                ep("C"),
            ],
            "Assessments": [
                act("A", "Assessments", AssessmentID="1", AssessmentActualStartDate="2026-05-02"),
                act(
                    "B",
                    "Assessments",
                    AssessmentID="1",
                    AssessmentActualStartDate="2026-05-02",
                    AssessmentAuthorisationDate="2026-06-01",
                ),
                act("C", "Assessments", AssessmentID="1", AssessmentActualStartDate="2026-05-02"),
            ],
        },
        {"CINdetails": [0], "Assessments": [0]},
    ),
    case(
        "8868",
        {
            "CINdetails": [
                ep("A", CINclosureDate="2026-07-01"),
                ep("B", CINclosureDate="2026-07-01"),
                ep("C", CINclosureDate="2026-07-01"),
                ep("D"),
            ],
            "Section47": [
                act("A", "Section47", S47ActualStartDate="2026-05-02"),
                act("B", "Section47", S47ActualStartDate="2026-05-02", ICPCnotRequired="true"),
                act(
                    "C", "Section47", S47ActualStartDate="2026-05-02", DateOfInitialCPC="2026-05-20"
                ),
                act("D", "Section47", S47ActualStartDate="2026-05-02"),
            ],
        },
        {"CINdetails": [0], "Section47": [0]},
    ),
    case(
        "8890",
        {
            "Section47": [
                act(
                    "A", "Section47", S47ActualStartDate="2026-05-01", DateOfInitialCPC="2026-05-20"
                ),
                act(
                    "A", "Section47", S47ActualStartDate="2026-05-10", DateOfInitialCPC="2026-05-25"
                ),
                act("B", "Section47", S47ActualStartDate="2026-06-01"),
                act("C", "Section47", S47ActualStartDate="2026-05-01", ICPCnotRequired="true"),
                act("C", "Section47", S47ActualStartDate="2026-05-02", ICPCnotRequired="true"),
                act(
                    "D", "Section47", S47ActualStartDate="2026-05-01", DateOfInitialCPC="2026-05-20"
                ),
                act("D", "Section47", S47ActualStartDate="2026-05-21"),
            ]
        },
        {"Section47": [1]},
        note="an enquiry that needs no conference is over; one after the last conference is not concurrent",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_rule(case: Case) -> None:
    run_case("cin", case)
