import pytest

from tests.returns.rulecases import Case, run_case


def ep(child: str, decom: str, dec: str | None = None, **kw: str) -> dict[str, str | None]:
    return {"CHILD": child, "DECOM": decom, "DEC": dec, **kw}


def hd(child: str, dob: str, **kw: str) -> dict[str, str | None]:
    return {"CHILD": child, "DOB": dob, **kw}


CASES = [
    Case(
        "202",
        {
            "Header": [
                hd("1", "01/01/2015", SEX="M"),
                hd("2", "01/01/2015", SEX="F"),
                hd("3", "01/01/2015", SEX="M"),
                hd("4", "01/01/2015", SEX="F"),
            ],
            "Header_last": [
                hd("1", "01/01/2015", SEX="M"),
                hd("2", "01/01/2015", SEX="M"),
                hd("4", "01/01/2015"),
            ],
        },
        {"Header": [1, 3]},
    ),
    Case(
        "203",
        {
            "Header": [hd("1", "01/01/2015"), hd("2", "02/01/2015"), hd("3", "01/01/2015")],
            "Header_last": [hd("1", "01/01/2015"), hd("2", "01/01/2015")],
        },
        {"Header": [1]},
    ),
    Case(
        "204",
        {
            "Header": [
                hd("1", "01/01/2015", ETHNIC="WBRI"),
                hd("2", "01/01/2015", ETHNIC="WBRI"),
                hd("3", "01/01/2015", ETHNIC="AIND"),
            ],
            "Header_last": [
                hd("1", "01/01/2015", ETHNIC="wbri"),
                hd("2", "01/01/2015", ETHNIC="WIRI"),
            ],
        },
        {"Header": [1]},
    ),
    Case(
        "379",
        {
            "Episodes": [
                ep("1", "01/05/2025", "08/05/2025", PLACE="T4"),
                ep("1", "08/05/2025", "20/05/2025", PLACE="T4"),
                ep("2", "01/05/2025", "20/05/2025", PLACE="T3"),
                ep("3", "01/05/2025", None, PLACE="T4"),
            ]
        },
        {"Episodes": [1]},
    ),
    Case(
        "380",
        {
            "Episodes": [
                ep("1", "01/05/2025", PLACE="T1", RNE="P"),
                ep("2", "01/05/2025", PLACE="T2", RNE="S"),
                ep("3", "01/05/2025", PLACE="U1", RNE="S"),
                ep("4", "01/05/2025", PLACE="T0", RNE="B"),
            ]
        },
        {"Episodes": [1]},
    ),
    Case(
        "381",
        {
            "Episodes": [
                ep("1", "01/05/2025", "02/06/2025", PLACE="T1", REC="X1"),
                ep("2", "01/05/2025", "02/06/2025", PLACE="T2", REC="E11"),
                ep("3", "01/05/2025", "02/06/2025", PLACE="U1", REC="E11"),
                ep("4", "01/05/2025", PLACE="T3"),
            ]
        },
        {"Episodes": [1]},
    ),
    Case(
        "382",
        {
            "Episodes": [
                ep("1", "01/05/2025", LS="V3", PLACE="T1"),
                ep("2", "01/05/2025", LS="V4", PLACE="U1"),
                ep("3", "01/05/2025", LS="C2", PLACE="T1"),
                ep("4", "01/05/2025", LS="V4", PLACE="T4"),
            ]
        },
        {"Episodes": [0, 3]},
    ),
    Case(
        "383",
        {
            "Episodes": [
                # child 1 returns to U1 after T1: fine
                ep("1", "01/05/2025", "01/06/2025", PLACE="U1", RNE="S", PL_POST="AB1 1AA"),
                ep("1", "01/06/2025", "10/06/2025", PLACE="T1", RNE="T", PL_POST="AB1 1AB"),
                ep("1", "10/06/2025", None, PLACE="U1", RNE="P", PL_POST="AB1 1AA"),
                # child 2 goes on to U3 after T3 (rows out of date order)
                ep("2", "10/06/2025", None, PLACE="U3", RNE="P"),
                ep("2", "01/05/2025", "01/06/2025", PLACE="U1", RNE="S"),
                ep("2", "01/06/2025", "10/06/2025", PLACE="T3", RNE="T"),
                # child 3 returns to U1 but RNE is not P
                ep("3", "01/05/2025", "01/06/2025", PLACE="U1", RNE="S"),
                ep("3", "01/06/2025", "10/06/2025", PLACE="T3", RNE="T"),
                ep("3", "10/06/2025", None, PLACE="U1", RNE="B"),
            ]
        },
        {"Episodes": [3, 8]},
        year="2024-25",
        note="2024-25",
    ),
    Case(
        "383",
        {
            "Episodes": [
                ep("1", "01/05/2025", "01/06/2025", PLACE="U1", RNE="S", PL_POST="AB1 1AA"),
                ep("1", "01/06/2025", "10/06/2025", PLACE="T1", RNE="T", PL_POST="AB1 1AB"),
                ep("1", "10/06/2025", None, PLACE="U1", RNE="P", PL_POST="AB1 1AA"),
                # same placement type but a different postcode
                ep("2", "01/05/2025", "01/06/2025", PLACE="U1", RNE="S", PL_POST="AB1 1AA"),
                ep("2", "01/06/2025", "10/06/2025", PLACE="T1", RNE="T", PL_POST="AB1 1AB"),
                ep("2", "10/06/2025", None, PLACE="U1", RNE="P", PL_POST="CD2 2CC"),
            ]
        },
        {"Episodes": [5]},
        note="postcode",
    ),
    Case(
        "384",
        {
            "Episodes": [
                ep("1", "01/05/2025", LS="V3", PLACE="U1"),
                ep("2", "01/05/2025", LS="V4", PLACE="U4"),
                ep("3", "01/05/2025", LS="V4", PLACE="U2"),
                ep("4", "01/05/2025", LS="C2", PLACE="U1"),
            ]
        },
        {"Episodes": [0, 1]},
    ),
    Case(
        "385",
        {"Episodes": [ep("1", "01/05/2025", "01/04/2026"), ep("2", "01/05/2025", "31/03/2026")]},
        {"Episodes": [0]},
        year="2025-26",
    ),
    Case(
        "386",
        {
            "Header": [hd("1", "01/06/2007"), hd("2", "01/06/2007"), hd("3", "01/06/2007")],
            "Episodes": [
                ep("1", "01/05/2025", "31/05/2025", REC="E11"),
                ep("2", "01/05/2025", "01/06/2025", REC="E12"),
                ep("3", "01/05/2025", "01/06/2025", REC="E13"),
            ],
        },
        {"Episodes": [1]},
    ),
    Case(
        "387",
        {
            "Header": [hd("1", "01/06/2011"), hd("2", "01/06/2011"), hd("3", "01/06/2011")],
            "Episodes": [
                ep("1", "01/05/2025", "01/06/2025", REC="E5"),
                ep("2", "01/05/2025", "31/05/2025", REC="E6"),
                ep("3", "01/05/2025", "31/05/2025", REC="E4A"),
                ep("2", "31/05/2025", None, REC="E6"),
            ],
        },
        {"Episodes": [1]},
    ),
    Case(
        "388",
        {
            "Episodes": [
                # child 1: X1 followed on the same day; then the last episode ends E11
                ep("1", "01/05/2025", "01/06/2025", REC="X1"),
                ep("1", "01/06/2025", "01/07/2025", REC="E11"),
                # child 2: X1 but the next episode starts later
                ep("2", "01/05/2025", "01/06/2025", REC="X1"),
                ep("2", "05/06/2025", None),
                # child 3: next episode follows on but REC is not X1
                ep("3", "01/05/2025", "01/06/2025", REC="E2"),
                ep("3", "01/06/2025", None),
                # child 4: X1 on the last episode
                ep("4", "01/05/2025", "01/06/2025", REC="X1"),
            ]
        },
        {"Episodes": [2, 4, 6]},
    ),
    Case(
        "389",
        {
            "Header": [
                hd("1", "01/06/2009"),
                hd("2", "01/06/2009"),
                hd("3", "01/06/2009"),
                hd("4", "01/06/2012"),
            ],
            "Episodes": [
                ep("1", "01/05/2025", "01/06/2025", REC="E7"),
                ep("2", "01/05/2025", "31/05/2025", REC="E7"),
                ep("3", "01/05/2025", "31/05/2025", REC="E8"),
                ep("4", "01/05/2025", REC="E7"),
            ],
        },
        {"Episodes": [1]},
        note="a reason with no ceased date has no age at ceasing (148 reports the blank date)",
    ),
    Case(
        "390",
        {
            "Episodes": [
                ep("1", "01/05/2025", "01/06/2025", REC="E11", PLACE="A3"),
                ep("2", "01/05/2025", "01/06/2025", REC="E12", PLACE="U1"),
                ep("3", "01/05/2025", "01/06/2025", REC="E13", PLACE="U1"),
                ep("4", "01/05/2025", "01/06/2025", REC="E11", PLACE="A6"),
            ]
        },
        {"Episodes": [1]},
    ),
    Case(
        "391",
        {
            "OC3": [
                {"CHILD": "1", "DOB": "01/04/2009", "IN_TOUCH": "YES"},
                {"CHILD": "2", "DOB": "31/03/2009", "IN_TOUCH": "YES"},
                {"CHILD": "3", "DOB": "01/04/2009"},
                {"CHILD": "4", "DOB": "01/04/2009", "ACCOM": "X"},
            ]
        },
        {"OC3": [0, 3]},
        year="2025-26",
    ),
    Case(
        "392b",
        {
            "Episodes": [
                ep("1", "01/05/2025", LS="C2", HOME_POST="AB1 1AA", PL_POST="CD2 2CC"),
                ep("2", "01/05/2025", LS="C2", HOME_POST="AB1 1AA"),
                ep("3", "01/05/2025", LS="V3"),
                ep("4", "01/05/2025", LS="C2"),
                ep("5", "01/05/2025", LS="C2"),
            ],
            "UASC": [{"CHILD": "4", "SEX": "M", "DOB": "01/01/2010", "DUC": "01/01/2028"}],
            "UASC_last": [{"CHILD": "5", "SEX": "M", "DOB": "01/01/2010", "DUC": "01/01/2028"}],
        },
        {"Episodes": [1]},
    ),
    Case(
        "392d",
        {
            "Episodes": [
                ep("1", "01/05/2025", PLACE="U1", HOME_POST="AB1 1AA", PL_POST="AB1 1AA"),
                ep("2", "01/05/2025", PLACE="P1", HOME_POST="AB1 1AA", PL_POST="AB1 1AA"),
                ep("3", "01/05/2025", PLACE="U1", HOME_POST="AB1 1AA", PL_POST="CD2 2CC"),
                ep("4", "01/05/2025", PLACE="U1"),
            ]
        },
        {"Episodes": [0]},
    ),
    Case(
        "393",
        {
            "Header": [
                hd("1", "01/01/2008", SEX="F"),
                hd("2", "01/01/2008", SEX="F", MOTHER="0"),
                hd("3", "01/01/2008", SEX="M"),
                hd("4", "01/01/2008", SEX="F"),
                hd("5", "01/01/2008", SEX="F"),
            ],
            "Episodes": [
                ep("1", "01/05/2025", LS="C2"),
                ep("2", "01/05/2025", LS="C2"),
                ep("3", "01/05/2025", LS="C2"),
                ep("4", "01/05/2025", LS="V3"),
            ],
        },
        {"Header": [0]},
    ),
    Case(
        "398",
        {
            "Episodes": [
                ep("1", "01/05/2025", LS="V3", HOME_POST="AB1 1AA"),
                ep("2", "01/05/2025", LS="V4", PL_POST="AB1 1AA"),
                ep("3", "01/05/2025", LS="V4"),
                ep("4", "01/05/2025", LS="C2", HOME_POST="AB1 1AA"),
            ]
        },
        {"Episodes": [0, 1]},
    ),
    Case(
        "399",
        {
            "Header": [
                hd("1", "01/01/2008", SEX="F", MOTHER="0"),
                hd("2", "01/01/2008", SEX="F"),
                hd("3", "01/01/2008", SEX="F", MOTHER="0"),
                hd("4", "01/01/2008", SEX="F"),
            ],
            "Episodes": [
                ep("1", "01/05/2025", LS="V3"),
                ep("2", "01/05/2025", LS="V4"),
                ep("3", "01/05/2025", LS="V3"),
                ep("3", "01/08/2025", LS="C2"),
                ep("4", "01/05/2025", LS="V3"),
            ],
            "Reviews": [
                {"CHILD": "2", "REVIEW": "01/06/2025"},
                {"CHILD": "3", "REVIEW": "01/06/2025"},
            ],
        },
        {"Header": [0, 1], "Episodes": [0, 1], "Reviews": [0]},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_rule(case: Case) -> None:
    run_case("903", case)
