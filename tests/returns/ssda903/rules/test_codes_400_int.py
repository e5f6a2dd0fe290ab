import pytest

from tests.returns.rulecases import Case, run_case


def ep(child: str, decom: str, dec: str | None = None, **kw: str) -> dict[str, str | None]:
    return {"CHILD": child, "DECOM": decom, "DEC": dec, **kw}


def hd(child: str, dob: str, **kw: str) -> dict[str, str | None]:
    return {"CHILD": child, "DOB": dob, **kw}


def pl(place: str, post: str, urn: str, prov: str) -> dict[str, str]:
    return {"PLACE": place, "PL_POST": post, "URN": urn, "PLACE_PROVIDER": prov}


_P1 = pl("U1", "AB1 2CD", "SC1", "PR1")
_P2 = pl("U2", "XY9 8ZZ", "SC2", "PR2")

CASES = [
    # Year 2026-27: 1 April 2026 to 31 March 2027.
    Case(
        "3001",
        {
            "Header": [hd("1", "01/06/2009"), hd("2", "01/06/2009"), hd("3", "01/06/2008")],
            "OC3": [
                {"CHILD": "1", "ACCOM": "Z1"},
                {"CHILD": "2", "ACCOM": "B1"},
                {"CHILD": "3", "ACCOM": "Z2"},
            ],
        },
        {"OC3": [0]},
    ),
    Case(
        "407",
        {
            "Header": [hd("1", "01/06/2008"), hd("2", "01/06/2008")],
            "Episodes": [
                ep("1", "01/01/2026", "02/06/2026", REC="E45"),
                ep("2", "01/01/2026", "01/06/2026", REC="E46"),
                ep("1", "01/01/2026", "02/06/2026", REC="E11"),
            ],
        },
        {"Episodes": [0], "Header": [0]},
    ),
    Case(
        "408",
        {
            "Episodes": [
                ep("1", "01/05/2026", PLACE="A5", LS="C2"),
                ep("2", "01/05/2026", PLACE="A6", LS="E1"),
                ep("3", "01/05/2026", PLACE="A6"),
                ep("4", "01/05/2026", PLACE="U1", LS="C2"),
            ]
        },
        {"Episodes": [0, 2]},
    ),
    Case(
        "426",
        {
            "Episodes": [
                ep("1", "01/05/2026", LS="V3"),
                ep("1", "01/06/2026", LS="C2"),
                ep("1", "01/07/2026", LS="V4"),
                ep("2", "01/05/2026", LS="V3"),
                ep("2", "01/06/2026", LS="V3"),
            ]
        },
        {"Episodes": [0, 2]},
    ),
    Case(
        "431",
        {
            "Episodes": [
                ep("1", "01/06/2026", RNE="S"),
                ep("1", "01/05/2026", "01/06/2026", RNE="S"),
                ep("2", "01/05/2026", "01/06/2026", RNE="S"),
                ep("2", "02/06/2026", RNE="S"),
                ep("3", "01/05/2026", "01/06/2026", RNE="S"),
                ep("3", "01/06/2026", RNE="P"),
            ]
        },
        {"Episodes": [0]},
    ),
    Case(
        "432",
        {
            "Episodes": [
                ep("1", "01/05/2026", "01/06/2026", REC="E11", RNE="S"),
                ep("1", "02/06/2026", RNE="P"),
                ep("2", "01/05/2026", "01/06/2026", REC="X1", RNE="S"),
                ep("2", "01/06/2026", RNE="P"),
                ep("3", "01/05/2026", "01/06/2026", REC="E4A", RNE="S"),
                ep("3", "02/06/2026", RNE="S"),
            ]
        },
        {"Episodes": [1]},
    ),
    Case(
        "433",
        {
            "Episodes": [
                ep("1", "01/05/2026", "01/06/2026", RNE="S"),
                ep("1", "02/06/2026", RNE="P"),
                ep("2", "01/05/2026", "01/06/2026", RNE="S"),
                ep("2", "01/06/2026", RNE="T"),
                ep("3", "01/05/2026", RNE="S"),
                ep("3", "01/06/2026", RNE="L"),
                ep("4", "01/05/2026", RNE="P"),
            ]
        },
        {"Episodes": [1, 5]},
    ),
    Case(
        "434",
        {
            "Episodes": [
                ep("1", "01/05/2026", "01/06/2026", RNE="S", LS="C2", **_P1),
                ep("1", "01/06/2026", "01/07/2026", RNE="L", LS="C1", **_P1),
                ep("1", "01/07/2026", "01/08/2026", RNE="L", LS="C1", **_P1),
                ep("1", "01/08/2026", RNE="L", LS="C2", **_P2),
                ep("2", "01/05/2026", RNE="L", LS="C2", **_P1),
            ]
        },
        {"Episodes": [2, 3]},
    ),
    Case(
        "435",
        {
            "Episodes": [
                ep("1", "01/05/2026", "01/06/2026", RNE="S", LS="C2", **_P1),
                ep("1", "01/06/2026", "01/07/2026", RNE="P", LS="C2", **_P2),
                ep("1", "01/07/2026", "01/08/2026", RNE="T", LS="C2", **_P2),
                ep("1", "01/08/2026", RNE="P", LS="C1", **_P1),
                ep("2", "01/05/2026", "01/06/2026", RNE="S", LS="C2", PLACE="U1"),
                ep("2", "01/06/2026", RNE="P", LS="C2", PLACE="U1"),
            ]
        },
        {"Episodes": [2, 3, 5]},
        note="blank-equals-blank",
    ),
    Case(
        "436",
        {
            "Episodes": [
                ep("1", "01/05/2026", "01/06/2026", RNE="S", LS="C2", **_P1),
                ep("1", "01/06/2026", "01/07/2026", RNE="U", LS="C1", **_P2),
                ep("1", "01/07/2026", "01/08/2026", RNE="B", LS="C1", **_P1),
                ep("1", "01/08/2026", RNE="U", LS="C2", **_P1),
            ]
        },
        {"Episodes": [2, 3]},
    ),
    Case(
        "437",
        {
            "Episodes": [
                ep("1", "01/05/2026", "01/06/2026", REC="E2"),
                ep("1", "01/07/2026", REC="X1"),
                ep("2", "01/05/2026", "01/06/2026", REC="E15"),
                ep("3", "01/05/2026", "01/06/2026", REC="E15"),
                ep("3", "01/04/2026", "01/05/2026", REC="E11"),
            ]
        },
        {"Episodes": [0]},
    ),
    Case(
        "440",
        {
            "Reviews": [
                {"CHILD": "1", "DOB": "01/06/2022", "REVIEW": "02/06/2026", "REVIEW_CODE": "PN0"},
                {"CHILD": "2", "DOB": "01/06/2022", "REVIEW": "01/06/2026", "REVIEW_CODE": "PN0"},
                {"CHILD": "3", "DOB": "01/06/2020", "REVIEW": "01/06/2026", "REVIEW_CODE": "PN1"},
            ]
        },
        {"Reviews": [0]},
    ),
    Case(
        "441",
        {
            "Reviews": [
                {"CHILD": "1", "DOB": "01/06/2022", "REVIEW": "31/05/2026", "REVIEW_CODE": "PN1"},
                {"CHILD": "2", "DOB": "01/06/2022", "REVIEW": "01/06/2026", "REVIEW_CODE": "PN7"},
                {"CHILD": "3", "DOB": "01/06/2023", "REVIEW": "01/06/2026", "REVIEW_CODE": "PN0"},
            ]
        },
        {"Reviews": [0]},
    ),
    Case(
        "442",
        {
            "Header": [
                hd("1", "01/01/2015"),
                hd("2", "01/01/2015"),
                hd("3", "01/01/2015", UPN="A123456789012"),
                hd("4", "01/01/2015"),
            ],
            "Episodes": [
                ep("1", "01/05/2026", LS="C2"),
                ep("2", "01/05/2026", LS="V3"),
                ep("3", "01/05/2026", LS="C2"),
            ],
        },
        {"Header": [0]},
    ),
    Case(
        "444",
        {
            "Header": [
                hd("1", "01/01/2015", UPN="A123456789012"),
                hd("2", "01/01/2015", UPN="UN1"),
                hd("3", "01/01/2015", UPN="UN1"),
                hd("4", "01/01/2015", UPN="A123456789012"),
                hd("5", "01/01/2015", UPN="B123456789012"),
                hd("6", "01/01/2015"),
                hd("7", "01/01/2015"),
            ]
        },
        {"Header": [0, 3]},
    ),
    Case(
        "446",
        {
            "Episodes": [
                ep("1", "30/11/2005", LS="E1"),
                ep("2", "01/12/2005", LS="E1"),
                ep("3", "30/11/2005", LS="C2"),
            ]
        },
        {"Episodes": [0]},
    ),
    Case(
        "460",
        {
            "Header": [hd("1", "01/06/2008"), hd("2", "01/06/2008")],
            "Episodes": [
                ep("1", "01/01/2026", "31/05/2026", REC="E17"),
                ep("2", "01/01/2026", "01/06/2026", REC="E17"),
                ep("1", "01/01/2026", "31/05/2026", REC="E11"),
            ],
        },
        {"Episodes": [0]},
    ),
]


CASES += [
    Case(
        "EPI",
        {
            "Header": [hd("1", ""), hd("2", ""), hd("3", "")],
            "Episodes": [ep("2", "01/05/2026")],
            "OC3": [{"CHILD": "3"}],
        },
        {"Header": [0]},
    ),
    Case(
        "EPI",
        {"Header": [hd("1", ""), hd("2", "")], "OC3": [{"CHILD": "2"}]},
        {"Header": [0]},
        note="no-episodes-table",
    ),
    Case(
        "NoE",
        {
            "Episodes": [
                ep("1", "01/03/2026"),
                ep("2", "01/03/2026"),
                ep("3", "01/04/2026"),
            ],
            "Episodes_last": [ep("2", "01/03/2026")],
        },
        {"Episodes": [0]},
    ),
]

_IN_HEADER = [
    ("INT01", "AD1"),
    ("INT02", "PlacedAdoption"),
    ("INT03", "Episodes"),
    ("INT04", "Missing"),
    ("INT05", "OC2"),
    ("INT06", "OC3"),
    ("INT07", "PrevPerm"),
    ("INT08", "Reviews"),
    ("INT09", "UASC"),
]
CASES += [
    Case(
        code,
        {"Header": [hd("1", "")], table: [{"CHILD": "1"}, {"CHILD": "2"}, {"CHILD": "1"}]},
        {table: [1]},
    )
    for code, table in _IN_HEADER
]

_DOB_AGREES = [
    ("INT11", "AD1"),
    ("INT12", "PlacedAdoption"),
    ("INT13", "Missing"),
    ("INT14", "OC2"),
    ("INT15", "OC3"),
    ("INT16", "PrevPerm"),
    ("INT17", "Reviews"),
    ("INT18", "UASC"),
]
CASES += [
    Case(
        code,
        {
            "Header": [hd("1", "01/01/2015"), hd("2", "01/01/2015"), hd("3", "")],
            table: [
                {"CHILD": "1", "DOB": "02/01/2015"},
                {"CHILD": "2", "DOB": "01/01/2015"},
                {"CHILD": "3", "DOB": "01/01/2015"},
                {"CHILD": "4", "DOB": "01/01/2015"},
                {"CHILD": "1", "DOB": "bad"},
            ],
        },
        {table: [0]},
    )
    for code, table in _DOB_AGREES
]
CASES.append(
    Case(
        "INT21",
        {
            "Header": [hd("1", "", SEX="1"), hd("2", "", SEX="2")],
            "UASC": [
                {"CHILD": "1", "SEX": "2"},
                {"CHILD": "2", "SEX": "2"},
                {"CHILD": "3", "SEX": "1"},
                {"CHILD": "2"},
            ],
        },
        {"UASC": [0]},
    )
)

_ONCE = [
    ("INT31", "AD1"),
    ("INT32", "Header"),
    ("INT33", "OC2"),
    ("INT34", "OC3"),
    ("INT35", "PrevPerm"),
    ("INT36", "UASC"),
]
CASES += [
    Case(
        code,
        {table: [{"CHILD": "1"}, {"CHILD": "2"}, {"CHILD": "1"}, {}, {}]},
        {table: [0, 2]},
    )
    for code, table in _ONCE
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_rule(case: Case) -> None:
    run_case("903", case)
