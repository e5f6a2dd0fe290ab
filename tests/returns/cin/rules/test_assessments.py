"""Cases for the CIN census rules on assessments and assessment factors (census year 2026-27)."""

import pytest

from tests.returns.rulecases import Case, run_case


def ep(kid: str, **kw: str | None) -> dict[str, str | None]:
    row: dict[str, str | None] = {
        "LAchildID": kid,
        "CINdetailsID": "1",
        "CINreferralDate": "2026-05-01",
        "ReferralNFA": "0",
    }
    return {**row, **kw}


def ass(
    kid: str, start: str | None = "2026-05-02", end: str | None = None, aid: str = "1"
) -> dict[str, str | None]:
    return {
        "LAchildID": kid,
        "CINdetailsID": "1",
        "AssessmentID": aid,
        "AssessmentActualStartDate": start,
        "AssessmentAuthorisationDate": end,
    }


def factor(kid: str, code: str | None, aid: str = "1") -> dict[str, str | None]:
    return {"LAchildID": kid, "CINdetailsID": "1", "AssessmentID": aid, "AssessmentFactor": code}


def case(code: str, tables: dict, fails: dict, note: str = "") -> Case:
    return Case(code, tables, fails, note=note, kind="cin")


CASES = [
    case(
        "1103",
        {
            "CINdetails": [ep("A"), ep("B")],
            "Assessments": [ass("A", "2026-04-30"), ass("B", "2026-05-01")],
        },
        {"Assessments": [0], "CINdetails": [0]},
    ),
    case(
        "8608",
        {
            "Assessments": [
                ass("A", "2026-05-02", "2026-05-01"),
                ass("B", "2026-05-02", "2026-05-02"),
                ass("C"),
            ]
        },
        {"Assessments": [0]},
    ),
    case(
        "8696",
        {
            "Assessments": [
                ass("A", "2026-03-01", "2026-03-31"),
                ass("B", "2026-03-01", "2026-04-01"),
                ass("C", "2027-03-01", "2027-04-01"),
                ass("D"),
            ]
        },
        {"Assessments": [0, 2]},
    ),
    case(
        "8736",
        {
            "Assessments": [
                ass("A", "2026-03-31"),
                ass("B", "2026-04-01"),
                ass("C", "2026-03-01", "2026-05-01"),
                ass("D", None),
                ass("E", "2026-03-01", "2026-06-31"),
            ]
        },
        {"Assessments": [0, 3, 4]},
        note="an end date that is not a date leaves the assessment open",
    ),
    case(
        "8670Q",
        {
            "Assessments": [
                ass("A", "2026-12-01"),
                ass("B", "2027-03-01"),
                ass("C", "2026-12-01", "2027-01-10"),
                ass("D", "2027-01-25"),
                ass("E", "2027-01-22"),
            ]
        },
        {"Assessments": [0, 4]},
        note="45 working days before 31 March 2027 is 25 January, which is not before it",
    ),
    case(
        "8863Q",
        {
            "Assessments": [
                ass("A", "2026-05-02", "2026-06-01"),
                ass("A", "2026-05-20", "2026-06-20", aid="2"),
                ass("B", "2026-05-02", "2026-06-01"),
                ass("B", "2026-06-02", None, aid="2"),
                ass("C", "2026-05-02", "2026-06-01"),
                ass("C", "2026-05-02", "2026-06-01", aid="2"),
            ]
        },
        {"Assessments": [0, 1]},
        note="both the starting and the ongoing assessment; an exact repeat is not another",
    ),
    case(
        "8896",
        {
            "Assessments": [
                ass("A"),
                ass("A", aid="2"),
                ass("B"),
                ass("B", end="2026-06-01", aid="2"),
            ]
        },
        {"Assessments": [0, 1]},
    ),
    case(
        "8614",
        {
            "Assessments": [ass("A"), ass("B", end="2026-06-01"), ass("C")],
            "AssessmentFactorsList": [factor("A", "2B"), factor("B", "2B"), factor("C", None)],
        },
        {"Assessments": [0]},
    ),
    case(
        "8897Q",
        {
            "Assessments": [
                ass("A", end="2026-06-01"),
                ass("B", end="2026-06-01"),
                ass("C", end="2026-06-01"),
                ass("D"),
            ],
            "AssessmentFactorsList": [factor("A", "2B"), factor("C", "99Z"), factor("D", "2B")],
        },
        {"Assessments": [1, 2]},
    ),
    case(
        "8869",
        {
            "AssessmentFactorsList": [
                factor("A", "21"),
                factor("A", "2B"),
                factor("B", "21"),
                factor("C", "2B"),
                factor("C", "3B"),
            ]
        },
        {"AssessmentFactorsList": [0, 1]},
    ),
    case(
        "8898",
        {
            "AssessmentFactorsList": [
                factor("A", "2B"),
                factor("A", "2B"),
                factor("A", "3B"),
                factor("B", "2B"),
                factor("B", "2B", aid="2"),
            ]
        },
        {"AssessmentFactorsList": [0, 1]},
    ),
    case(
        "8945Q",
        {"AssessmentFactorsList": [factor("A", "18A"), factor("A", "18B")]},
        {"AssessmentFactorsList": [0]},
    ),
    case(
        "8950Q",
        {"AssessmentFactorsList": [factor("A", "19A"), factor("A", "19C")]},
        {"AssessmentFactorsList": [0]},
    ),
    case(
        "8873Q",
        {
            "CINdetails": [
                ep("A", CINclosureDate="2026-07-01", ReasonForClosure="RC7"),
                ep("B", CINclosureDate="2026-07-01", ReasonForClosure="RC8"),
                ep("C", CINclosureDate="2026-07-01", ReasonForClosure="RC7"),
                ep("D", CINclosureDate="2026-07-01", ReasonForClosure="RC7"),
            ],
            "Assessments": [
                ass("A", end="2026-06-01"),
                ass("B", end="2026-06-01"),
                ass("C", end="2026-06-01"),
                ass("D", end="2026-06-01"),
                ass("D", "2026-06-02", "2026-06-20", aid="2"),
            ],
            "AssessmentFactorsList": [
                factor("A", "21"),
                factor("B", "21"),
                factor("C", "2B"),
                factor("D", "21"),
            ],
        },
        {"CINdetails": [0]},
        note="only when the episode has a single assessment",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_rule(case: Case) -> None:
    run_case("cin", case)
