import pytest

from tests.returns.rulecases import Case, run_case

Row = dict[str, str | None]


def ep(child: str, decom: str, dec: str | None = None, **kw: str | None) -> Row:
    return {"CHILD": child, "DECOM": decom, "DEC": dec, **kw}


def oc3(child: str, dob: str | None = None, **kw: str | None) -> Row:
    return {"CHILD": child, "DOB": dob, **kw}


def hd(child: str, dob: str) -> Row:
    return {"CHILD": child, "DOB": dob}


def dolo(child: str, start: str | None, end: str | None = None, dob: str = "01/01/2010") -> Row:
    return {"CHILD": child, "DOB": dob, "DOLO_START": start, "DOLO_END": end}


def sw(child: str, decom: str | None, dec: str | None = None, **kw: str | None) -> Row:
    return {"CHILD": child, "SW_ID": "SW1", "SW_DECOM": decom, "SW_DEC": dec, **kw}


CASES = [
    # Care leavers, missing episodes and placements.
    Case(
        "1000",
        {
            "Episodes": [ep("1", "01/05/2026", "01/06/2026", REC="E2"), ep("2", "01/05/2026")],
            "Episodes_last": [ep("3", "01/05/2025", "01/06/2025", REC="E2")],
            "OC3": [oc3("1"), oc3("2"), oc3("3"), oc3("4")],
        },
        {"OC3": [0, 2]},
    ),
    Case(
        "1001",
        {
            "Header": [
                hd("1", "01/01/2008"),
                hd("2", "01/01/2008"),
                hd("3", "01/01/2000"),
                hd("4", "01/01/2008"),
                hd("5", "01/01/2009"),
                hd("6", "01/01/2010"),
                hd("7", "01/01/2008"),
            ],
            "Episodes": [
                ep("1", "01/01/2023", "01/01/2025", LS="C2"),
                ep("2", "01/06/2023", "01/08/2023", LS="C2"),
                ep("4", "01/01/2023", "01/01/2025", LS="C2", REC="E11"),
                ep("5", "01/01/2024", "01/02/2025", LS="C2"),
                ep("7", "01/01/2023", "01/01/2025", LS="V3"),
            ],
            "Episodes_last": [ep("5", "01/01/2024", None, LS="C2"), ep("6", "01/01/2024")],
            "OC3": [oc3(c) for c in "1234567"],
        },
        {"OC3": [1, 3, 6]},
        note="short-care-adopted-respite",
    ),
    Case(
        "1002",
        {
            "Episodes": [ep("1", "01/05/2026")],
            "Episodes_last": [ep("2", "01/05/2025")],
            "OC3": [oc3("1"), oc3("2"), oc3("3")],
        },
        {"OC3": [2]},
    ),
    Case(
        "1003",
        {
            "Episodes": [
                ep("1", "01/05/2026", RNE="S"),
                ep("1", "01/06/2026", RNE="P"),
                ep("2", "01/05/2026", RNE="S"),
            ],
            "PlacedAdoption": [
                {"CHILD": "1", "DATE_PLACED": "01/04/2026"},
                {"CHILD": "2", "DATE_PLACED": "01/06/2026"},
            ],
        },
        {"Episodes": [0], "PlacedAdoption": [0]},
    ),
    Case(
        "1004",
        {"Missing": [{"CHILD": "1", "MIS_START": d} for d in ("01/05/2026", None, "32/01/2026")]},
        {"Missing": [1, 2]},
    ),
    Case(
        "1005",
        {"Missing": [{"CHILD": "1", "MIS_END": d} for d in ("01/05/2026", None, "bad")]},
        {"Missing": [2]},
    ),
    Case(
        "1006",
        {"Missing": [{"CHILD": "1", "MISSING": m} for m in ("M", "A", "X", None)]},
        {"Missing": [2]},
    ),
    Case(
        "1007",
        {
            "Episodes": [
                ep("1", "01/01/2026", "01/08/2026"),
                ep("2", "01/01/2026", "01/05/2026"),
                ep("3", "01/01/2026"),
                ep("4", "01/01/2026"),
                ep("5", "01/01/2026"),
            ],
            "OC3": [
                oc3("1", "01/06/2009", IN_TOUCH="YES"),
                oc3("2", "01/06/2009", IN_TOUCH="YES"),
                oc3("3", "01/06/2009", ACTIV="F2"),
                oc3("4", "01/06/2009"),
                oc3("5", "01/01/2005", IN_TOUCH="YES"),
            ],
        },
        {"OC3": [0, 2]},
        note="in-care-on-birthday",
    ),
    Case(
        "1009",
        {
            "Episodes": [
                ep("1", "01/05/2026", REASON_PLACE_CHANGE=r) for r in ("CARPL", "XXX", None)
            ]
        },
        {"Episodes": [1]},
    ),
    Case(
        "1010",
        {
            "Episodes_last": [
                ep("1", "01/01/2025", "01/02/2025"),
                ep("1", "01/02/2025"),
                ep("2", "01/01/2025", "01/03/2025"),
                ep("3", "01/01/2025"),
            ],
            "Episodes": [ep("3", "01/01/2025")],
            "OC3": [oc3("1"), oc3("2"), oc3("3")],
        },
        {"OC3": [0]},
    ),
    Case(
        "1011",
        {
            "Episodes": [
                ep("1", "01/05/2026", "01/06/2026", REC="X1"),
                ep("1", "01/06/2026", "01/07/2026", REC="E3"),
                ep("2", "01/05/2026", "01/06/2026", REC="E3"),
                ep("2", "01/06/2026", "01/07/2026", REC="E4a"),
                ep("3", "01/05/2026", "01/06/2026", REC="E3"),
            ],
            "OC3": [oc3("1", IN_TOUCH="YES"), oc3("2", IN_TOUCH="YES"), oc3("3")],
        },
        {"OC3": [0]},
    ),
    Case(
        "1012",
        {
            "Episodes": [ep("1", "01/05/2026")],
            "Missing": [{"CHILD": "1"}, {"CHILD": "2"}],
            "Reviews": [{"CHILD": "2"}],
            "OC2": [{"CHILD": "1"}],
        },
        {"Missing": [1], "Reviews": [0]},
    ),
    Case(
        "1014",
        {
            "Episodes": [
                ep("1", "01/01/2024", "01/01/2025"),
                ep("2", "01/01/2024"),
                ep("3", "01/01/2024", "01/01/2025"),
            ],
            "UASC": [{"CHILD": c} for c in "123"],
            "OC3": [oc3("1", ACTIV="F2"), oc3("2", ACTIV="F2"), oc3("3")],
        },
        {"UASC": [0], "OC3": [0]},
    ),
    Case(
        "1016",
        {
            "Episodes": [
                ep("1", "01/01/2026", "01/07/2026"),
                ep("2", "01/01/2026", "01/05/2026"),
                ep("3", "01/01/2026", "01/07/2026"),
                ep("4", "01/01/2025", "01/01/2026"),
                ep("5", "01/01/2025", "01/06/2026"),
            ],
            "OC3": [
                oc3("1", "01/06/2009", IN_TOUCH="YES"),
                oc3("2", "01/06/2009", IN_TOUCH="YES"),
                oc3("3", "01/06/2008", IN_TOUCH="YES"),
                oc3("4", "01/06/2008", IN_TOUCH="YES"),
                oc3("5", "01/06/2008", IN_TOUCH="YES"),
            ],
        },
        {"OC3": [0, 2]},
        note="left-on-birthday-passes",
    ),
    # Deprivation of liberty orders.
    Case(
        "700",
        {"DoLo": [dolo("1", d) for d in ("01/05/2026", None, "31/02/2026")]},
        {"DoLo": [1, 2]},
    ),
    Case(
        "701",
        {"DoLo": [dolo("1", "01/04/2026", d) for d in ("01/05/2026", None, "xx")]},
        {"DoLo": [2]},
    ),
    Case(
        "702",
        {
            "DoLo": [
                dolo("1", "01/05/2026", "01/04/2026"),
                dolo("2", "01/05/2026", "01/05/2026"),
                dolo("3", "01/05/2026", "01/06/2026"),
            ]
        },
        {"DoLo": [0]},
    ),
    Case(
        "703",
        {"DoLo": [dolo("1", "01/04/2027"), dolo("2", "31/03/2027")]},
        {"DoLo": [0]},
    ),
    Case(
        "704",
        {
            "DoLo": [
                dolo("1", "01/01/2026", "31/03/2026"),
                dolo("2", "01/01/2026", "01/04/2027"),
                dolo("3", "01/01/2026", "01/05/2026"),
                dolo("4", "01/01/2026"),
            ]
        },
        {"DoLo": [0, 1]},
    ),
    Case(
        "705",
        {
            "DoLo": [
                dolo("1", "01/04/2026"),
                dolo("1", "01/06/2026", "01/07/2026"),
                dolo("2", "01/04/2026", "01/05/2026"),
                dolo("2", "01/05/2026", "01/06/2026"),
                dolo("3", "01/04/2026", "01/06/2026"),
                dolo("3", "01/05/2026", "01/07/2026"),
            ]
        },
        {"DoLo": [1, 5]},
    ),
    Case(
        "706",
        {
            "DoLo_last": [
                dolo("1", "01/01/2026"),
                dolo("2", "01/01/2026"),
                dolo("3", "01/01/2026", "01/02/2026"),
            ],
            "DoLo": [dolo("1", "01/01/2026")],
        },
        {"DoLo_last": [1]},
    ),
    Case(
        "707",
        {
            "Episodes": [ep("1", "01/01/2026", "01/06/2026"), ep("2", "01/01/2026")],
            "DoLo": [
                dolo("1", "01/02/2026"),
                dolo("1", "01/02/2026", "01/05/2026"),
                dolo("2", "01/02/2026"),
                dolo("2", "01/01/2025"),
                dolo("3", "01/02/2026"),
            ],
        },
        {"DoLo": [0, 3]},
    ),
    Case(
        "708",
        {
            "DoLo": [
                dolo("1", "01/01/2010"),
                dolo("2", "01/01/2009"),
                dolo("3", "01/05/2026"),
            ]
        },
        {"DoLo": [0, 1]},
    ),
    Case(
        "709",
        {
            "Episodes": [
                ep("1", "01/04/2026", PLACE="K2"),
                ep("2", "01/04/2026", "01/06/2026", PLACE="U1"),
                ep("2", "01/06/2026", PLACE="Z12"),
                ep("3", "01/04/2026", PLACE="U1"),
            ],
            "DoLo": [
                dolo("1", "01/05/2026", "01/07/2026"),
                dolo("2", "01/07/2026", "01/08/2026"),
                dolo("3", "01/05/2026", "01/06/2026"),
            ],
        },
        {"Episodes": [3], "DoLo": [2]},
    ),
    Case(
        "710",
        {
            "Episodes": [ep("1", "01/04/2026", PLACE="K1"), ep("2", "01/04/2026", PLACE="U1")],
            "DoLo": [
                dolo("1", "01/05/2026", "01/06/2026"),
                dolo("2", "01/05/2026", "01/06/2026"),
                dolo("1", "01/05/2026"),
            ],
        },
        {"Episodes": [0], "DoLo": [0]},
    ),
    # Social worker episodes.
    Case(
        "SW01aSTG1",
        {
            "SWEpisodes": [
                sw("1", "01/01/2023", SW_ID=None),
                sw("2", "01/01/2023"),
                sw("3", None),
                sw("4", "01/05/2023", SW_ID=None),
            ]
        },
        {"SWEpisodes": [0, 2]},
    ),
    Case(
        "SW01bSTG1",
        {
            "SWEpisodes": [
                sw("1", "01/05/2023"),
                sw("2", "01/05/2023", SW_REASON="MANAGE"),
                sw("3", "01/01/2023"),
                sw("4", None, SW_REASON="MANAGE"),
            ]
        },
        {"SWEpisodes": [0, 3]},
    ),
    Case(
        "SW02STG1",
        {"SWEpisodes": [sw("1", "01/05/2024", SW_ID=i) for i in ("SW12", "AB12", "XX", None)]},
        {"SWEpisodes": [1, 3]},
        year="2024-25",
    ),
    Case(
        "SW02STG1",
        {"SWEpisodes": [sw("1", "01/05/2026", SW_ID=i) for i in ("SW12", "AB12", "XX", "SW1")]},
        {"SWEpisodes": [1, 2, 3]},
        note="2025-26-length",
    ),
    Case(
        "SW04STG1",
        {"SWEpisodes": [sw("1", d) for d in ("01/01/2026", "bad", None)]},
        {"SWEpisodes": [1]},
    ),
    Case(
        "SW05STG1",
        {"SWEpisodes": [sw("1", "01/01/2026", d) for d in ("01/02/2026", "bad", None)]},
        {"SWEpisodes": [1]},
    ),
    Case(
        "SW06STG2",
        {"SWEpisodes": [sw("1", "01/04/2027"), sw("2", "31/03/2027")]},
        {"SWEpisodes": [0]},
    ),
    Case(
        "SW07STG2",
        {
            "SWEpisodes": [
                sw("1", "01/01/2025", d) for d in ("31/03/2025", "01/04/2025", "01/04/2027", None)
            ]
        },
        {"SWEpisodes": [0, 2]},
    ),
    Case(
        "SW08STG2",
        {
            "SWEpisodes": [
                sw("1", "01/01/2026"),
                sw("1", "01/02/2026"),
                sw("2", "01/01/2026", "01/02/2026"),
                sw("2", "01/02/2026"),
            ]
        },
        {"SWEpisodes": [0]},
    ),
    Case(
        "SW09STG2",
        {"SWEpisodes": [sw("1", "01/01/2025", "01/01/2025"), sw("2", "01/01/2025", "02/01/2025")]},
        {"SWEpisodes": [0]},
        year="2024-25",
    ),
    Case(
        "SW09STG2",
        {
            "SWEpisodes": [
                sw("1", "01/01/2026", "01/01/2026"),
                sw("2", "01/01/2026", "02/01/2026"),
                sw("3", "01/01/2026", "04/01/2026"),
                sw("4", "01/01/2026"),
            ]
        },
        {"SWEpisodes": [0, 1]},
        note="2025-26-three-days",
    ),
    *(
        Case(
            code,
            {
                "SWEpisodes": [
                    sw("1", "01/01/2026", "01/03/2026"),
                    sw("1", "05/03/2026", SW_REASON="MANAGE"),
                    sw("2", "01/01/2026", "01/03/2026"),
                    sw("2", "20/03/2026", SW_REASON="MANAGE"),
                    sw("3", "01/01/2026", "01/03/2026"),
                    sw("3", "20/03/2026", SW_REASON="FCONTA"),
                    sw("4", "01/01/2026"),
                    sw("4", "01/02/2026"),
                ]
            },
            {"SWEpisodes": [3, 7]},
        )
        for code in ("SW10STG2", "SW10aSTG2")
    ),
    Case(
        "SW10bSTG2",
        {
            "SWEpisodes": [
                sw("1", "01/01/2026", "01/03/2026"),
                sw("1", "01/02/2026", SW_REASON="FCONTA"),
                sw("2", "01/01/2026", "01/03/2026"),
                sw("2", "02/03/2026", SW_REASON="FCONTA"),
            ]
        },
        {"SWEpisodes": [1]},
    ),
    Case(
        "SW11bSTG2",
        {
            "SWEpisodes": [
                sw("1", "01/01/2027", "28/03/2027"),
                sw("2", "01/01/2027", "28/03/2027"),
                sw("2", "29/03/2027"),
                sw("3", "01/01/2027", "01/02/2027"),
            ]
        },
        {"SWEpisodes": [0]},
    ),
    Case(
        "SW12STG2",
        {
            "Episodes": [
                ep("1", "01/01/2026", RNE="S", LS="C1"),
                ep("2", "01/01/2026", RNE="S", LS="C1"),
                ep("3", "01/01/2026", RNE="S", LS="V4"),
                ep("4", "01/01/2026", "10/04/2026", RNE="P", REC="X1", LS="C1"),
                ep("6", "01/01/2024", "01/01/2025", RNE="S", LS="C1"),
            ],
            "SWEpisodes": [sw("1", "01/01/2026")],
        },
        {"Episodes": [1]},
    ),
    Case(
        "SW13STG1",
        {
            "SWEpisodes": [
                sw("1", "01/05/2023", SW_REASON="MANAGE"),
                sw("2", "01/05/2023", SW_REASON="BAD"),
                sw("3", "01/05/2023"),
                sw("4", "01/01/2023"),
            ]
        },
        {"SWEpisodes": [1, 2]},
    ),
    Case(
        "SW17STG2",
        {
            "SWEpisodes": [
                sw("1", "01/01/2026", "01/02/2026"),
                sw("1", "01/02/2026"),
                sw("2", "01/01/2026", "01/02/2026"),
                sw("2", "01/02/2026", "01/03/2026"),
            ]
        },
        {"SWEpisodes": [3]},
    ),
    Case(
        "SW18STG2",
        {
            "SWEpisodes": [
                sw("1", "01/02/2026", "01/01/2026"),
                sw("2", "01/02/2026", "01/02/2026"),
                sw("3", "01/02/2026", "01/03/2026"),
            ]
        },
        {"SWEpisodes": [0, 1]},
    ),
    Case(
        "SW19STG2",
        {
            "SWEpisodes": [
                sw("1", "01/01/2026", "01/02/2026"),
                sw("1", "01/01/2026"),
                sw("2", "01/01/2026"),
            ]
        },
        {"SWEpisodes": [1]},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_rule(case: Case) -> None:
    run_case("903", case)
