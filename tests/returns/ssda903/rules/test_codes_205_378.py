import pytest

from tests.returns.rulecases import Case, run_case


def ep(child: str, decom: str, dec: str | None = None, **kw: str) -> dict[str, str | None]:
    return {"CHILD": child, "DECOM": decom, "DEC": dec, **kw}


def hd(child: str, dob: str, **kw: str) -> dict[str, str | None]:
    return {"CHILD": child, "DOB": dob, **kw}


CASES = [
    Case(
        "205A",
        {
            "Header": [hd("1", ""), hd("2", ""), hd("3", ""), hd("4", "")],
            "UASC": [{"CHILD": "3", "DUC": "01/01/2030"}],
            "UASC_last": [
                {"CHILD": "1", "DUC": "01/06/2024"},
                {"CHILD": "2", "DUC": "01/06/2025"},
                {"CHILD": "3", "DUC": "01/01/2030"},
            ],
        },
        {"Header": [1]},
        year="2025-26",
    ),
    Case(
        "205B",
        {
            "Header": [hd("1", ""), hd("2", "")],
            "UASC": [
                {"CHILD": "1", "DOB": "01/01/2010", "DUC": "01/01/2028"},
                {"CHILD": "2", "DOB": "01/01/2010", "DUC": "01/01/2029"},
                {"CHILD": "3", "DOB": "01/01/2008", "DUC": "01/06/2025"},
                {"CHILD": "4", "DOB": "01/01/2010", "DUC": "01/01/2028"},
                {"CHILD": "5", "DOB": "01/01/2010", "DUC": "01/01/2028"},
            ],
            "UASC_last": [
                {"CHILD": "1", "DOB": "01/01/2010", "DUC": "01/01/2028"},
                {"CHILD": "2", "DOB": "01/01/2010", "DUC": "01/01/2028"},
                {"CHILD": "3", "DOB": "01/01/2008", "DUC": "01/01/2026"},
                {"CHILD": "4", "DOB": "01/01/2010", "DUC": "01/01/2027"},
            ],
        },
        {"UASC": [1, 3], "Header": [1]},
        year="2025-26",
    ),
    Case(
        "205D",
        {
            "Header": [hd("1", ""), hd("2", ""), hd("3", "")],
            "Header_last": [hd("1", ""), hd("2", "")],
            "UASC": [
                {"CHILD": "1", "DUC": "01/01/2030"},
                {"CHILD": "2", "DUC": "01/01/2030"},
                {"CHILD": "3", "DUC": "01/01/2030"},
            ],
            "UASC_last": [{"CHILD": "2", "DUC": "01/01/2030"}],
        },
        {"Header": [0]},
    ),
    Case(
        "331",
        {
            "AD1": [
                {"CHILD": "1", "DATE_MATCH": "02/05/2025"},
                {"CHILD": "2", "DATE_MATCH": "01/05/2025"},
            ],
            "Episodes": [
                ep("1", "01/05/2025", REC="E11"),
                ep("2", "01/05/2025", REC="E12"),
                ep("1", "01/01/2025", REC="X1"),
            ],
        },
        {"AD1": [0], "Episodes": [0]},
    ),
    Case(
        "333",
        {
            "AD1": [
                {"DATE_INT": "02/05/2025", "DATE_MATCH": "01/05/2025"},
                {"DATE_MATCH": "01/05/2025"},
                {"DATE_INT": "01/05/2025", "DATE_MATCH": "01/05/2025"},
                {"DATE_INT": "01/05/2025"},
            ]
        },
        {"AD1": [0, 1]},
    ),
    Case(
        "334",
        {
            "Episodes": [
                ep("1", "01/01/2020", RNE="S"),
                ep("1", "01/01/2024", RNE="S"),
                ep("1", "01/06/2024", RNE="P"),
                ep("2", "01/01/2024", RNE="S"),
            ],
            "AD1": [
                {"CHILD": "1", "DATE_INT": "01/06/2023"},
                {"CHILD": "2", "DATE_INT": "01/01/2024"},
            ],
        },
        {"Episodes": [1], "AD1": [0]},
    ),
    Case(
        "335",
        {
            "Episodes": [
                ep("1", "", PLACE="A3", REC="E11"),
                ep("2", "", PLACE="A4", REC="E12"),
                ep("3", "", PLACE="A3", REC="E11"),
                ep("1", "", PLACE="A3", REC="X1"),
            ],
            "AD1": [
                {"CHILD": "1", "FOSTER_CARE": "0"},
                {"CHILD": "2", "FOSTER_CARE": "1"},
                {"CHILD": "3", "FOSTER_CARE": "1"},
            ],
        },
        {"Episodes": [0, 1], "AD1": [0, 1]},
    ),
    Case(
        "336",
        {
            "Episodes": [
                ep("1", "01/05/2025", PLACE="K1"),
                ep("1", "01/06/2025", PLACE="A3"),
                ep("2", "01/05/2025", PLACE="U1"),
                ep("2", "01/06/2025", PLACE="A5"),
                ep("3", "01/05/2025", PLACE="A3"),
                ep("4", "01/05/2025", PLACE="K1"),
                ep("4", "01/06/2025", PLACE="A4"),
                ep("5", "01/05/2025", PLACE="K1"),
                ep("5", "01/06/2025", PLACE="A5"),
            ]
        },
        {"Episodes": [1, 8]},
    ),
    Case(
        "344",
        {
            "OC3": [
                {"IN_TOUCH": "DIED", "ACTIV": "F1"},
                {"IN_TOUCH": "RHOM", "ACTIV": "0", "ACCOM": "B1"},
                {"IN_TOUCH": "DIED", "ACTIV": "0", "ACCOM": "0"},
                {"IN_TOUCH": "RHOM"},
                {"IN_TOUCH": "YES", "ACTIV": "F1"},
            ]
        },
        {"OC3": [0, 1]},
    ),
    Case(
        "345",
        {
            "OC3": [
                {"IN_TOUCH": "YES", "ACTIV": "0", "ACCOM": "B1"},
                {"IN_TOUCH": "YES", "ACTIV": "F1", "ACCOM": "B1"},
                {"IN_TOUCH": "NO", "ACTIV": "0"},
            ]
        },
        {"OC3": [0]},
    ),
    Case(
        "347",
        {
            "OC3": [
                {"DOB": "02/04/2007", "ACCOM": "T1"},
                {"DOB": "01/04/2007", "ACCOM": "T2"},
                {"DOB": "02/04/2007", "ACCOM": "B1"},
            ]
        },
        {"OC3": [0]},
        year="2025-26",
    ),
    Case(
        "348",
        {
            "OC3": [
                {"CHILD": "1", "IN_TOUCH": "YES"},
                {"CHILD": "2", "IN_TOUCH": "DIED"},
                {"CHILD": "3", "IN_TOUCH": "YES"},
            ],
            "OC3_last": [{"CHILD": "1", "IN_TOUCH": "DIED"}, {"CHILD": "2", "IN_TOUCH": "DIED"}],
        },
        {"OC3": [0]},
    ),
    Case(
        "207",
        {
            "Header": [
                hd("1", "", MOTHER="0"),
                hd("2", "", MOTHER="1"),
                hd("3", "", MOTHER="0"),
                hd("4", ""),
            ],
            "Header_last": [
                hd("1", "", MOTHER="1"),
                hd("2", "", MOTHER="1"),
                hd("3", "", MOTHER="1"),
                hd("4", "", MOTHER="1"),
            ],
            "Episodes": [ep("1", "01/05/2025"), ep("2", "01/05/2025"), ep("4", "01/05/2025")],
        },
        {"Header": [0, 3]},
    ),
    Case(
        "208",
        {
            "Header": [
                hd("1", "", UPN="A123"),
                hd("2", "", UPN="UN2"),
                hd("3", "", UPN="B999"),
                hd("4", "", UPN="UN1"),
                hd("5", "", UPN="C1"),
            ],
            "Header_last": [
                hd("1", "", UPN="A123"),
                hd("2", "", UPN="UN1"),
                hd("3", "", UPN="A999"),
                hd("4", "", UPN="UN3"),
            ],
        },
        {"Header": [2, 3]},
    ),
    Case(
        "209",
        {
            "Header": [
                hd("1", "31/08/2020", UPN="UN1"),
                hd("2", "01/09/2020", UPN="UN1"),
                hd("3", "01/01/2010", UPN="UN2"),
            ]
        },
        {"Header": [0]},
        year="2025-26",
    ),
    Case(
        "210",
        {
            "Header": [hd("1", "", UPN="UN4"), hd("2", "", UPN="UN4"), hd("3", "", UPN="UN3")],
            "Episodes": [ep("1", "24/03/2026"), ep("2", "23/03/2026"), ep("3", "25/03/2026")],
        },
        {"Episodes": [0], "Header": [0]},
        year="2025-26",
    ),
    Case(
        "213",
        {
            "Episodes": [
                ep("1", "", PLACE="T1", PLACE_PROVIDER="PR1"),
                ep("1", "", PLACE="Z11", PLACE_PROVIDER="PR1"),
                ep("1", "", PLACE="T1"),
            ]
        },
        {"Episodes": [0, 1]},
    ),
    Case(
        "213",
        {
            "Episodes": [
                ep("1", "", PLACE="T1", PLACE_PROVIDER="PR1"),
                ep("1", "", PLACE="U1", PLACE_PROVIDER="PR1"),
            ]
        },
        {"Episodes": [0]},
        year="2024-25",
        note="2024",
    ),
    Case(
        "214",
        {
            "Episodes": [
                ep("1", "", LS="V3", URN="1"),
                ep("1", "", LS="V4", PL_POST="AB1"),
                ep("1", "", LS="V3"),
                ep("1", "", LS="C2", URN="1"),
            ]
        },
        {"Episodes": [0, 1]},
    ),
    Case(
        "215",
        {
            "OC3": [{"CHILD": "1", "IN_TOUCH": "YES"}, {"CHILD": "2", "IN_TOUCH": "YES"}],
            "OC2": [
                {"CHILD": "1", "CONVICTED": "0"},
                {"CHILD": "2"},
                {"CHILD": "3", "CONVICTED": "1"},
            ],
        },
        {"OC3": [0], "OC2": [0]},
    ),
    Case(
        "217",
        {
            "Episodes": [
                ep("1", "01/04/2015", PLACE="A3", RNE="P"),
                ep("1", "31/03/2015", PLACE="A3", RNE="P"),
                ep("1", "01/05/2025", PLACE="A5", RNE="T"),
                ep("2", "01/05/2025", PLACE="A5"),
            ]
        },
        {"Episodes": [0, 3]},
    ),
    Case(
        "222",
        {
            "Episodes": [
                ep("1", "", PLACE="Z11", URN="123"),
                ep("1", "", PLACE="R1", URN="XXXXXXX"),
                ep("1", "", PLACE="U1", URN="123"),
            ]
        },
        {"Episodes": [0]},
    ),
    Case(
        "222",
        {"Episodes": [ep("1", "", PLACE="Z1", URN="123"), ep("1", "", PLACE="U1", URN="123")]},
        {"Episodes": [0]},
        year="2024-25",
        note="2024",
    ),
    Case(
        "225",
        {
            "Episodes": [
                ep("1", "01/05/2025", "01/06/2025", REC="X1", PLACE="U1"),
                ep("1", "01/06/2025", RNE="P", PLACE="U2"),
                ep(
                    "2",
                    "01/05/2025",
                    "01/06/2025",
                    REC="X1",
                    PLACE="U1",
                    REASON_PLACE_CHANGE="CARPL",
                ),
                ep("2", "01/06/2025", RNE="P", PLACE="U2"),
                ep("3", "01/05/2025", "01/06/2025", REC="X1", PLACE="U1"),
                ep("3", "01/06/2025", RNE="L", PLACE="U1"),
            ]
        },
        {"Episodes": [0]},
    ),
    Case(
        "226",
        {
            "Episodes": [
                ep("1", "01/05/2025", "01/06/2025", PLACE="U1", REASON_PLACE_CHANGE="CARPL"),
                ep("1", "01/06/2025", PLACE="T1"),
                ep("2", "01/05/2025", PLACE="T1", REASON_PLACE_CHANGE="CARPL"),
                ep("3", "01/05/2025", PLACE="T1"),
            ]
        },
        {"Episodes": [1, 2]},
    ),
    Case(
        "226",
        {
            "Episodes": [
                ep("2", "01/05/2025", PLACE="T1", REASON_PLACE_CHANGE="CARPL"),
                ep("3", "01/05/2025", PLACE="T1"),
            ]
        },
        {"Episodes": [0]},
        year="2024-25",
        note="2024",
    ),
    Case(
        "231",
        {
            "Header": [hd("1", "01/04/2015"), hd("2", "31/03/2015"), hd("3", "01/04/2020")],
            "UASC": [{"CHILD": "1", "DUC": "01/01/2030"}, {"CHILD": "2", "DUC": "01/01/2030"}],
        },
        {"Header": [0]},
        year="2025-26",
    ),
    Case("232", {"Header": [hd("1", "", SEX="U"), hd("2", "", SEX="M")]}, {"Header": [0]}),
    Case(
        "233",
        {
            "Episodes": [
                ep("1", "01/05/2025", REASON_PLACE_CHANGE="CARPL"),
                ep("1", "01/05/2025", "01/06/2025", REASON_PLACE_CHANGE="CARPL"),
                ep("2", "01/05/2025"),
            ]
        },
        {"Episodes": [0]},
    ),
    Case(
        "234",
        {
            "Header": [hd("1", "02/05/2015"), hd("2", "01/05/2015")],
            "Episodes": [
                ep("1", "01/05/2025", REASON_PLACE_CHANGE="CUSTOD"),
                ep("2", "01/05/2025", REASON_PLACE_CHANGE="CUSTOD"),
                ep("1", "01/05/2025", REASON_PLACE_CHANGE="CARPL"),
            ],
        },
        {"Episodes": [0], "Header": [0]},
    ),
    Case(
        "242",
        {
            "Episodes": [
                ep("1", "", PLACE="K1", URN="XXXXXXX"),
                ep("1", "", PLACE="A3", URN="XXXXXXX"),
                ep("1", "", PLACE="K1", URN="1"),
            ]
        },
        {"Episodes": [0]},
    ),
    Case(
        "304",
        {
            "UASC": [
                hd("1", "01/01/2005", DUC="02/01/2023"),
                hd("2", "01/01/2005", DUC="01/01/2023"),
                hd("3", "01/01/2005"),
            ]
        },
        {"UASC": [0]},
    ),
    Case(
        "301",
        {"Header": [hd("1", "31/03/2026"), hd("2", "01/04/2026"), hd("3", "")]},
        {"Header": [1]},
        year="2025-26",
    ),
    Case(
        "302",
        {
            "Header": [hd("1", "01/01/2010"), hd("2", "05/05/2015")],
            "Episodes": [
                ep("1", "01/01/2010"),
                ep("2", "01/06/2015"),
                ep("2", "01/05/2015"),
                ep("3", "01/01/2000"),
            ],
        },
        {"Episodes": [2], "Header": [1]},
    ),
    Case(
        "351",
        {"Header": [hd("1", "01/04/2000"), hd("2", "31/03/2000"), hd("3", "")]},
        {"Header": [1]},
        year="2025-26",
    ),
    Case(
        "352",
        {
            "Header": [hd("1", "01/04/2000"), hd("2", "01/04/2010")],
            "Episodes": [
                ep("1", "01/04/2018", RNE="S"),
                ep("1", "31/03/2018", RNE="S"),
                ep("1", "01/05/2018", RNE="P"),
                ep("2", "01/05/2025", RNE="S"),
            ],
        },
        {"Episodes": [0]},
    ),
    Case(
        "353",
        {"Episodes": [ep("1", "13/10/1991"), ep("1", "14/10/1991"), ep("2", "")]},
        {"Episodes": [0]},
    ),
    Case(
        "354",
        {"Episodes": [ep("1", "31/03/2026"), ep("1", "01/04/2026")]},
        {"Episodes": [1]},
        year="2025-26",
    ),
    Case(
        "355",
        {
            "Episodes": [
                ep("1", "01/05/2025", "01/05/2025"),
                ep("1", "01/05/2025", "02/05/2025"),
                ep("2", "01/05/2025"),
            ]
        },
        {"Episodes": [0]},
    ),
    Case(
        "356",
        {
            "Episodes": [
                ep("1", "02/05/2025", "01/05/2025"),
                ep("1", "01/05/2025", "02/05/2025"),
                ep("2", "01/05/2025"),
            ]
        },
        {"Episodes": [0]},
    ),
    Case(
        "357",
        {
            "Episodes": [
                ep("1", "01/05/2025", RNE="P"),
                ep("1", "01/06/2025", RNE="P"),
                ep("2", "01/05/2025", RNE="S"),
                ep("2", "01/06/2025", RNE="P"),
                ep("3", "01/05/2024", RNE="P"),
            ]
        },
        {"Episodes": [0]},
        year="2025-26",
    ),
    Case(
        "358",
        {
            "Header": [hd("1", "01/05/2010"), hd("2", "01/05/2010")],
            "Episodes": [
                ep("1", "30/04/2020", LS="J1"),
                ep("2", "01/05/2020", LS="J2"),
                ep("2", "01/05/2019", LS="C2"),
            ],
        },
        {"Episodes": [0], "Header": [0]},
    ),
    Case(
        "359",
        {
            "Header": [hd("1", "01/01/2007"), hd("2", "01/01/2007"), hd("3", "01/01/2010")],
            "Episodes": [
                ep("1", "01/05/2025", LS="C2", PLACE="U1"),
                ep("2", "01/05/2025", LS="V2", PLACE="K2"),
                ep("1", "01/04/2025", "01/05/2025", LS="C2", PLACE="U1"),
                ep("3", "01/05/2025", LS="C2", PLACE="U1"),
            ],
        },
        {"Episodes": [0]},
        year="2025-26",
    ),
    Case(
        "361",
        {
            "Episodes": [
                ep("1", "01/05/2025", "03/05/2025", LS="L1"),
                ep("1", "03/05/2025", "05/05/2025", LS="L1"),
                ep("2", "01/05/2025", "04/05/2025", LS="L1"),
                ep("3", "01/05/2025", "10/05/2025", LS="C2"),
            ]
        },
        {"Episodes": [0, 1]},
    ),
    Case(
        "362",
        {
            "Episodes": [
                ep("1", "01/05/2025", "23/05/2025", LS="L2"),
                ep("2", "01/05/2025", "22/05/2025", LS="L2"),
                ep("2", "23/05/2025", "30/05/2025", LS="L2"),
            ]
        },
        {"Episodes": [0]},
    ),
    Case(
        "363",
        {
            "Episodes": [
                ep("1", "01/05/2025", "05/05/2025", LS="L3"),
                ep("1", "05/05/2025", "10/05/2025", LS="L3"),
                ep("2", "01/05/2025", "08/05/2025", LS="L3"),
            ]
        },
        {"Episodes": [0, 1]},
    ),
    Case(
        "364",
        {
            "Episodes": [
                ep("1", "01/03/2026", LS="J2"),
                ep("2", "20/03/2026", LS="J2"),
            ]
        },
        {"Episodes": [0]},
        year="2025-26",
    ),
    Case(
        "365",
        {
            "Episodes": [
                ep("1", "01/05/2025", "19/05/2025", LS="V3"),
                ep("1", "01/06/2025", "18/06/2025", LS="V3"),
                ep("2", "01/05/2025", "19/05/2025", LS="C2"),
            ]
        },
        {"Episodes": [0]},
    ),
    Case(
        "366",
        {
            "Episodes": [
                ep("1", "01/05/2025", LS="V3", RNE="P"),
                ep("1", "01/05/2025", LS="V3", RNE="S"),
                ep("2", "01/05/2025", LS="C2", RNE="P"),
            ]
        },
        {"Episodes": [0]},
    ),
    Case(
        "367",
        {
            "Episodes": [
                ep("1", "01/05/2025", "16/05/2025", LS="V3"),
                ep("1", "01/06/2025", "16/06/2025", LS="V3"),
                ep("1", "01/07/2025", "16/07/2025", LS="V3"),
                ep("1", "01/08/2025", "16/08/2025", LS="V3"),
                ep("1", "01/09/2025", "17/09/2025", LS="V3"),
                ep("2", "01/05/2025", "16/05/2025", LS="V3"),
                ep("2", "01/06/2025", "16/06/2025", LS="V3"),
                ep("2", "01/07/2025", "16/07/2025", LS="V3"),
                ep("2", "01/08/2025", "16/08/2025", LS="V3"),
                ep("2", "01/09/2025", "16/09/2025", LS="V3"),
            ]
        },
        {"Episodes": [0, 1, 2, 3, 4]},
        year="2025-26",
    ),
    Case(
        "371",
        {
            "Header": [hd("1", "01/05/2010"), hd("2", "01/05/2009")],
            "Episodes": [
                ep("1", "30/04/2026", PLACE="K3"),
                ep("2", "01/05/2025", PLACE="K3"),
                ep("1", "01/04/2026", PLACE="U1"),
            ],
        },
        {"Episodes": [0]},
    ),
    Case(
        "372",
        {
            "Header": [hd("1", "01/05/2016"), hd("2", "01/05/2015")],
            "Episodes": [ep("1", "30/04/2026", PLACE="R5"), ep("2", "01/05/2025", PLACE="R5")],
        },
        {"Episodes": [0]},
    ),
    Case(
        "373",
        {
            "Header": [hd("1", "01/05/2022"), hd("2", "01/05/2021")],
            "Episodes": [ep("1", "30/04/2026", PLACE="S1"), ep("2", "01/05/2025", PLACE="S1")],
        },
        {"Episodes": [0]},
    ),
    Case(
        "374",
        {
            "Header": [hd("1", "01/05/2012"), hd("2", "01/05/2011")],
            "Episodes": [ep("1", "30/04/2026", PLACE="P3"), ep("2", "01/05/2025", PLACE="P3")],
        },
        {"Episodes": [0]},
    ),
    Case(
        "375",
        {
            "Episodes": [
                ep("1", "01/05/2025", "13/06/2025", PLACE="T1"),
                ep("1", "01/05/2025", "12/06/2025", PLACE="T1"),
                ep("2", "01/05/2025", PLACE="T1"),
            ]
        },
        {"Episodes": [0]},
    ),
    Case(
        "376",
        {
            "Episodes": [
                ep("1", "01/05/2025", "23/05/2025", PLACE="T3"),
                ep("1", "01/05/2025", "22/05/2025", PLACE="T3"),
            ]
        },
        {"Episodes": [0]},
    ),
    Case(
        "377",
        {
            "Episodes": [
                ep("1", "01/05/2025", PLACE="T3"),
                ep("1", "01/06/2025", PLACE="T3"),
                ep("1", "01/07/2025", PLACE="T3"),
                ep("1", "01/08/2025", PLACE="U1"),
                ep("2", "01/05/2025", PLACE="T3"),
                ep("2", "01/06/2025", PLACE="T3"),
            ]
        },
        {"Episodes": [0, 1, 2]},
    ),
    Case(
        "378",
        {
            "Episodes": [
                ep("1", "01/05/2025", PLACE="P1", LS="V2"),
                ep("1", "01/05/2025", PLACE="P1", LS="C2"),
            ]
        },
        {"Episodes": [0]},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_rule(case: Case) -> None:
    run_case("903", case)
