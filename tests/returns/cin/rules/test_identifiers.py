"""Cases for the CIN census rules on the header, identifiers, characteristics and disabilities.

The latest collection year is 2026-27, so the census runs 1 April 2026 to 31 March 2027.
"""

import pytest

from opencsc.core.identifiers import make_upn
from tests.returns.rulecases import Case, run_case

UPN = make_upn(201, 1234, 2015, 7)  # valid, LA 201
UPN2 = make_upn(935, 4321, 2019, 99)
BAD_LETTER = ("B" if UPN[0] != "B" else "C") + UPN[1:]


def ids(*rows: dict) -> list[dict]:
    return [
        {"LAchildID": f"C{i}", "Sex": "F", "PersonBirthDate": "2015-01-01", **r}
        for i, r in enumerate(rows)
    ]


def eps(*rows: dict) -> list[dict]:
    return [
        {
            "CINdetailsID": "1",
            "CINreferralDate": "2026-05-01",
            "ReferralSource": "1A",
            "ReferralNFA": "0",
            **r,
        }
        for r in rows
    ]


def case(code: str, tables: dict, fails: dict, note: str = "") -> Case:
    return Case(code, tables, fails, note=note, kind="cin")


CASES = [
    case(
        "100",
        {
            "Header": [
                {"ReferenceDate": "2027-03-31"},
                {"ReferenceDate": "2026-03-31"},
                {"ReferenceDate": None},
            ]
        },
        {"Header": [1, 2]},
    ),
    case(
        "8500",
        {"ChildIdentifiers": [{"LAchildID": "A1"}, {"LAchildID": None}, {"LAchildID": "  "}]},
        {"ChildIdentifiers": [1, 2]},
    ),
    case(
        "8510",
        {"ChildIdentifiers": [{"LAchildID": "A"}, {"LAchildID": "B"}, {"LAchildID": "A"}]},
        {"ChildIdentifiers": [0, 2]},
    ),
    case(
        "1570",
        {"ChildIdentifiers": [{"LAchildID": "A" * 20}, {"LAchildID": "A" * 21}]},
        {"ChildIdentifiers": [1]},
    ),
    case(
        "1580",
        {"ChildIdentifiers": [{"LAchildID": "Ab12"}, {"LAchildID": "A-12"}, {"LAchildID": "A 1"}]},
        {"ChildIdentifiers": [1, 2]},
    ),
    case(
        "1510",
        {"ChildIdentifiers": ids({"UPN": UPN}, {"UPN": BAD_LETTER}, {"UPN": "short"})},
        {"ChildIdentifiers": [1]},
    ),
    case(
        "1520",
        {"ChildIdentifiers": ids({"UPN": UPN}, {"UPN": UPN2}, {"UPN": UPN}, {})},
        {"ChildIdentifiers": [0, 2]},
    ),
    case(
        "1530",
        {
            "ChildIdentifiers": ids(
                {"UPN": UPN},
                {"UPN": "A99912345678X"},
                {},
                {"UPN": "A942996949299"},
                {"UPN": "A943123456789"},
                {"UPN": "A944123456789"},
            )
        },
        {"ChildIdentifiers": [1, 5]},
        note="942 (Cumberland) and 943 (Westmorland and Furness) are LA codes since 2023-24",
    ),
    case(
        "1540",
        {"ChildIdentifiers": ids({"UPN": UPN}, {"UPN": "A2011234X6789"})},
        {"ChildIdentifiers": [1]},
    ),
    case(
        "1550",
        {
            "ChildIdentifiers": ids(
                {"UPN": UPN},
                {"UPN": "A20112345678A"},
                {"UPN": "A20112345678I"},
                {"UPN": "A2011234567"},
            )
        },
        {"ChildIdentifiers": [2, 3]},
    ),
    case(
        "1560Q",
        {
            "ChildIdentifiers": ids(
                {"FormerUPN": UPN}, {"FormerUPN": "12345"}, {}, {"FormerUPN": "X98765432123B"}
            )
        },
        {"ChildIdentifiers": [1]},
        note="a temporary UPN (ending in a letter) is a well-formed former UPN",
    ),
    case(
        "4180",
        {"ChildIdentifiers": ids({"Sex": "M"}, {"Sex": "U"}, {"Sex": "1"}, {"Sex": None})},
        {"ChildIdentifiers": [2, 3]},
    ),
    case(
        "4220",
        {
            "ChildCharacteristics": [
                {"LAchildID": "A", "Ethnicity": "WBRI"},
                {"LAchildID": "B", "Ethnicity": "XXXX"},
                {"LAchildID": "C"},
            ]
        },
        {"ChildCharacteristics": [1, 2]},
    ),
    case(
        "8520",
        {
            "ChildIdentifiers": ids(
                {"PersonBirthDate": "2027-03-31"}, {"PersonBirthDate": "2027-04-01"}
            )
        },
        {"ChildIdentifiers": [1]},
    ),
    case(
        "8525Q",
        {
            "ChildIdentifiers": ids(
                {},
                {"PersonBirthDate": None, "ExpectedPersonBirthDate": "2027-05-01"},
                {"ExpectedPersonBirthDate": "2027-05-01"},
                {"PersonBirthDate": None},
                {"PersonBirthDate": "2015-02-31"},
            )
        },
        {"ChildIdentifiers": [2, 3, 4]},
        note="a value that is not a date is not a date of birth",
    ),
    case(
        "8530Q",
        {
            "ChildIdentifiers": ids(
                {"PersonBirthDate": None, "ExpectedPersonBirthDate": "2027-03-01"},
                {"PersonBirthDate": None, "ExpectedPersonBirthDate": "2027-12-31"},
                {"PersonBirthDate": None, "ExpectedPersonBirthDate": "2027-02-28"},
                {"PersonBirthDate": None, "ExpectedPersonBirthDate": "2028-01-01"},
            )
        },
        {"ChildIdentifiers": [2, 3]},
    ),
    case(
        "8535Q",
        {
            "ChildIdentifiers": ids(
                {"PersonDeathDate": "2026-05-01"}, {"PersonDeathDate": "2014-12-31"}
            )
        },
        {"ChildIdentifiers": [1]},
    ),
    case(
        "8545Q",
        {
            "ChildIdentifiers": ids(
                {"PersonDeathDate": "2026-04-01"}, {"PersonDeathDate": "2026-03-31"}, {}
            )
        },
        {"ChildIdentifiers": [1]},
    ),
    case(
        "8750",
        {
            "ChildIdentifiers": ids(
                {"PersonBirthDate": None, "ExpectedPersonBirthDate": "2027-05-01", "Sex": "U"},
                {"PersonBirthDate": None, "ExpectedPersonBirthDate": "2027-05-01", "Sex": "F"},
                {"Sex": "F"},
            )
        },
        {"ChildIdentifiers": [1]},
    ),
    case(
        "8590",
        {"ChildIdentifiers": ids({}, {}), "CINdetails": [{"LAchildID": "C0", "CINdetailsID": "1"}]},
        {"ChildIdentifiers": [1]},
    ),
    case(
        "8770Q",
        {
            "ChildIdentifiers": ids(
                {"UPN": UPN},
                {"UPNunknown": "UN2"},
                {"UPNunknown": "UN1"},
                {},
                {"PersonBirthDate": "2023-01-01"},
                {"LAchildID": "NFA"},
            ),
            "CINdetails": [
                *eps(*({"LAchildID": f"C{i}"} for i in range(5))),
                {"LAchildID": "C5", "ReferralNFA": "1"},
            ],
        },
        {"ChildIdentifiers": [2, 3]},
    ),
    case(
        "8772",
        {
            "ChildIdentifiers": ids({"UPNunknown": "UN7"}, {"UPNunknown": "UN7"}),
            "CINdetails": eps(
                {"LAchildID": "C0", "ReferralNFA": "1"}, {"LAchildID": "C1", "ReferralNFA": "0"}
            ),
        },
        {"ChildIdentifiers": [1], "CINdetails": [1]},
    ),
    case(
        "8775Q",
        {
            "ChildIdentifiers": ids(
                {"PersonBirthDate": "2001-01-01"},
                {"PersonBirthDate": "2001-06-01"},
                {"PersonBirthDate": "2001-06-01"},
            ),
            "CINdetails": eps(
                {"LAchildID": "C0"},
                {"LAchildID": "C1", "CINclosureDate": "2026-05-01"},
                {"LAchildID": "C2"},
            ),
        },
        {"ChildIdentifiers": [0, 2]},
        note="row 1 closed before the 25th birthday; row 2 is still open after it",
    ),
    case(
        "8540",
        {
            "ChildIdentifiers": ids({}, {}, {}, {"PersonBirthDate": None}),
            "CINdetails": eps(*({"LAchildID": f"C{i}"} for i in range(4))),
            "Disabilities": [
                {"LAchildID": "C0", "Disability": "NONE"},
                {"LAchildID": "C1", "Disability": "XYZ"},
                {"LAchildID": "C3", "Disability": "XYZ"},
            ],
        },
        {"ChildIdentifiers": [1, 2], "Disabilities": [1]},
    ),
    case(
        "8790",
        {
            "Disabilities": [
                {"LAchildID": "A", "Disability": "NONE"},
                {"LAchildID": "A", "Disability": "MOB"},
                {"LAchildID": "B", "Disability": "NONE"},
                {"LAchildID": "C", "Disability": "MOB"},
            ]
        },
        {"Disabilities": [0, 1]},
    ),
    case(
        "8794",
        {
            "Disabilities": [
                {"LAchildID": "A", "Disability": "MOB"},
                {"LAchildID": "A", "Disability": "MOB"},
                {"LAchildID": "B", "Disability": "MOB"},
            ]
        },
        {"Disabilities": [0, 1]},
    ),
    case(
        "2886Q",
        {
            "Header": [{"Collection": "CIN"}],
            "ChildIdentifiers": ids({"Sex": None}, *({} for _ in range(20))),
        },
        {"Header": [0]},
    ),
    case(
        "2887Q",
        {
            "Header": [{"Collection": "CIN"}],
            "Disabilities": [{"LAchildID": "A", "Disability": c} for c in ("MOB", "HAND", "PC")],
        },
        {"Header": [0]},
    ),
    case(
        "2888Q",
        {
            "Header": [{"Collection": "CIN"}],
            "Disabilities": [
                {"LAchildID": "A", "Disability": "MOB"},
                {"LAchildID": "B", "Disability": "HAND"},
            ],
        },
        {"Header": [0]},
    ),
    case(
        "8555Q",
        {
            "ChildIdentifiers": ids(
                {"PersonDeathDate": "2026-06-01"}, {"PersonDeathDate": "2026-06-01"}
            ),
            "CINdetails": eps(
                {"LAchildID": "C0", "CINreferralDate": "2026-05-01"},
                {"LAchildID": "C1", "CINreferralDate": "2026-07-01"},
            ),
        },
        {"CINdetails": [1], "ChildIdentifiers": [1]},
        note="names the referral and the child whose date of death it follows",
    ),
    case(
        "8585Q",
        {
            "ChildIdentifiers": ids({"PersonDeathDate": "2026-06-01"}, {}),
            "CINdetails": eps(
                {"LAchildID": "C0", "ReasonForClosure": "RC2"},
                {"LAchildID": "C1", "ReasonForClosure": "RC2"},
                {"LAchildID": "C1", "ReasonForClosure": "RC7"},
            ),
        },
        {"CINdetails": [1], "ChildIdentifiers": [1]},
    ),
    case(
        "8606",
        {
            "ChildIdentifiers": ids(
                {"PersonBirthDate": "2026-12-01"},
                {"PersonBirthDate": None, "ExpectedPersonBirthDate": "2027-03-01"},
            ),
            "CINdetails": eps(
                {"LAchildID": "C0", "CINreferralDate": "2026-05-01"},
                {"LAchildID": "C1", "CINreferralDate": "2026-04-01"},
            ),
        },
        {"CINdetails": [1], "ChildIdentifiers": [1]},
    ),
]

# Header-level cases need the header to fail, and each rule its own passing row.
CASES[0] = case(
    "100",
    {"Header": [{"ReferenceDate": "2026-03-31"}], "ChildIdentifiers": ids({})},
    {"Header": [0]},
)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_rule(case: Case) -> None:
    run_case("cin", case)


def test_no_failure_when_the_return_is_clean() -> None:
    # The header-level queries pass on a return that meets them.
    ok = [
        case("2886Q", {"Header": [{"Collection": "CIN"}], "ChildIdentifiers": ids({}, {})}, {}),
        case(
            "2887Q",
            {
                "Header": [{"Collection": "CIN"}],
                "Disabilities": [
                    {"LAchildID": "A", "Disability": c}
                    for c in ("MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS")
                ],
            },
            {},
        ),
        case(
            "2888Q",
            {
                "Header": [{"Collection": "CIN"}],
                "Disabilities": [
                    {"LAchildID": "A", "Disability": "MOB"},
                    {"LAchildID": "A", "Disability": "HAND"},
                ],
            },
            {},
        ),
        case("100", {"Header": [{"ReferenceDate": "2027-03-31"}]}, {}),
    ]
    from opencsc.returns import engine
    from opencsc.returns.data import ReturnData
    from tests.returns.rulecases import schemas

    for c in ok:
        rules = [r for r in engine.ruleset("cin", "2026-27") if r.code == c.code]
        data = ReturnData.from_rows("cin", "2026-27", schemas("cin")["2026-27"], c.tables)
        assert engine.validate(data, rules=rules).rows_for(c.code) == {}, c.code
