import pytest

from tests.returns.rulecases import Case, run_case


def ep(child: str, decom: str, dec: str | None = None, **kw: str) -> dict[str, str | None]:
    return {"CHILD": child, "DECOM": decom, "DEC": dec, **kw}


def hd(child: str, dob: str, **kw: str) -> dict[str, str | None]:
    return {"CHILD": child, "DOB": dob, **kw}


def oc2(child: str, dob: str = "01/01/2015", **kw: str | None) -> dict[str, str | None]:
    return {"CHILD": child, "DOB": dob, **kw}


# Child "1" is looked after continuously through 2026-27; "2" started in the year.
CLA_EPISODES = [
    ep("1", "01/01/2025", RNE="S", LS="C2"),
    ep("2", "01/06/2026", RNE="S", LS="C2"),
]
ALL_ITEMS = {
    "CONVICTED": "0",
    "HEALTH_CHECK": "1",
    "IMMUNISATIONS": "1",
    "TEETH_CHECK": "1",
    "HEALTH_ASSESSMENT": "1",
    "SUBSTANCE_MISUSE": "0",
}

CASES = [
    Case(
        "159",
        {
            "OC2": [
                oc2("1", SUBSTANCE_MISUSE="1", INTERVENTION_RECEIVED="0"),
                oc2("2", SUBSTANCE_MISUSE="1", INTERVENTION_RECEIVED="0", INTERVENTION_OFFERED="1"),
                oc2("3", SUBSTANCE_MISUSE="1", INTERVENTION_RECEIVED="1"),
                oc2("4", SUBSTANCE_MISUSE="0", INTERVENTION_RECEIVED="0"),
            ]
        },
        {"OC2": [0]},
    ),
    Case(
        "181",
        {
            "OC2": [
                oc2("1", **ALL_ITEMS),
                oc2("2", **{**ALL_ITEMS, "TEETH_CHECK": "2"}),
                oc2("3", INTERVENTION_OFFERED="Y"),
                oc2("4"),
            ]
        },
        {"OC2": [1, 2]},
    ),
    Case(
        "182",
        {
            "OC2": [
                oc2("1", **ALL_ITEMS),
                oc2("2", **{**ALL_ITEMS, "IMMUNISATIONS": None}),
                oc2("3"),
                oc2("4", IMMUNISATIONS="1", TEETH_CHECK="1"),
                oc2("5", CONVICTED="1"),
            ]
        },
        {"OC2": [1, 4]},
    ),
    Case(
        "190",
        {
            "Episodes": CLA_EPISODES,
            "OC2": [
                oc2("1", **ALL_ITEMS),
                oc2("2", **ALL_ITEMS),
                oc2("2"),
                oc2("3", CONVICTED="0"),
            ],
        },
        {"OC2": [1, 3]},
    ),
    Case(
        "191",
        {
            "Episodes": [
                *CLA_EPISODES,
                ep("3", "01/01/2024", "01/01/2025", RNE="S", LS="C2", REC="X1"),
                ep("3", "01/01/2025", RNE="P", LS="C2"),  # looked after, no OC2 row
                ep("4", "01/02/2025", RNE="S", LS="C2"),
            ],
            "OC2": [
                oc2("1", **ALL_ITEMS),
                oc2("4", **{**ALL_ITEMS, "HEALTH_ASSESSMENT": None}),
                oc2("2"),
            ],
        },
        {"OC2": [1], "Episodes": [2]},
    ),
    Case(
        "192",
        {
            "OC2": [
                oc2("1", SUBSTANCE_MISUSE="1"),
                oc2("2", SUBSTANCE_MISUSE="1", INTERVENTION_RECEIVED="0"),
                oc2("3", SUBSTANCE_MISUSE="0"),
            ]
        },
        {"OC2": [0]},
    ),
    Case(
        "193",
        {
            "OC2": [
                oc2("1", SUBSTANCE_MISUSE="0", INTERVENTION_OFFERED="1"),
                oc2("2", INTERVENTION_RECEIVED="0"),
                oc2("3", SUBSTANCE_MISUSE="1", INTERVENTION_RECEIVED="0"),
                oc2("4", SUBSTANCE_MISUSE="0"),
            ]
        },
        {"OC2": [0, 1]},
    ),
    Case(
        "180",
        {
            "OC2": [
                oc2("1", SDQ_SCORE="41"),
                oc2("2", SDQ_SCORE="x"),
                oc2("3", SDQ_SCORE="-1"),
                oc2("4", SDQ_SCORE="40"),
                oc2("5", SDQ_SCORE="0"),
                oc2("6"),
                oc2("7", SDQ_SCORE="12.5"),
            ]
        },
        {"OC2": [0, 1, 2, 6]},
    ),
    Case(
        "185",
        {
            "Episodes": CLA_EPISODES,
            "OC2": [
                oc2("1", SDQ_SCORE="10"),
                oc2("2", SDQ_SCORE="10"),
                oc2("2"),
                oc2("3", SDQ_SCORE="5"),
            ],
        },
        {"OC2": [1, 3]},
    ),
    Case(
        "186",
        {
            "Episodes": [*CLA_EPISODES, ep("3", "01/01/2025", RNE="S", LS="C2")],
            "OC2": [
                oc2("1", "01/01/2015"),
                oc2("1", "01/01/2015", SDQ_SCORE="10"),
                oc2("1", "01/01/2015", SDQ_REASON="SDQ2"),
                oc2("2", "01/01/2015"),  # not looked after continuously
                oc2("3", "01/06/2022"),  # under 4 at the start of the year
                oc2("3", "01/03/2010"),  # 17 by the end of the year
                oc2("3", "01/05/2010"),
            ],
        },
        {"OC2": [0, 6]},
    ),
    Case(
        "188",
        {
            "OC2": [
                oc2("1", "01/04/2023", SDQ_SCORE="10"),
                oc2("2", "01/04/2023", SDQ_REASON="SDQ1"),
                oc2("3", "01/04/2023"),
                oc2("4", "31/03/2023", SDQ_SCORE="10"),
            ]
        },
        {"OC2": [0, 1]},
    ),
    Case(
        "189",
        {
            "OC2": [
                oc2("1", "31/03/2009", SDQ_SCORE="10"),
                oc2("2", "31/03/2009", SDQ_REASON="SDQ1"),
                oc2("3", "31/03/2009"),
                oc2("4", "01/04/2009", SDQ_SCORE="10"),
            ]
        },
        {"OC2": [0, 1]},
    ),
    Case(
        "196",
        {"OC2": [oc2("1", SDQ_REASON="SDQ9"), oc2("2", SDQ_REASON="SDQ5"), oc2("3")]},
        {"OC2": [0]},
    ),
    Case(
        "197B",
        {
            "Episodes": CLA_EPISODES,
            "OC2": [
                oc2("1", "01/04/2022"),  # turns 4 on the first day of the year
                oc2("1", "31/03/2010"),  # turns 17 on the last day
                oc2("1", "01/04/2022", SDQ_SCORE="3"),
                oc2("1", "01/04/2022", SDQ_REASON="SDQ1"),
                oc2("1", "01/04/2021"),
                oc2("2", "01/04/2022"),  # not looked after continuously
            ],
        },
        {"OC2": [0, 1]},
    ),
    Case(
        "197a",
        {
            "OC2": [
                oc2("1", SDQ_SCORE="10", SDQ_REASON="SDQ1"),
                oc2("2", SDQ_SCORE="10"),
                oc2("3", SDQ_REASON="SDQ1"),
            ]
        },
        {"OC2": [0]},
    ),
    Case(
        "198",
        {
            "Episodes": CLA_EPISODES,
            "OC2": [
                oc2("1", SDQ_REASON="SDQ1"),
                oc2("2", SDQ_REASON="SDQ1"),
                oc2("2"),
                oc2("3", SDQ_REASON="SDQ4"),
            ],
        },
        {"OC2": [1, 3]},
    ),
    Case(
        "165",
        {
            "Header": [
                hd("1", "", SEX="F"),  # looked after this year, mother status blank
                hd("2", "", SEX="F", MOTHER="1"),
                hd("3", "", SEX="M", MOTHER="0"),  # male with a mother status
                hd("4", "", SEX="F", MOTHER="2"),  # not a valid value
                hd("5", "", SEX="F"),  # care leaver only: no episode this year, OC3 given
                hd("6", "", SEX="F"),  # no episode this year and no OC3 items
                hd("7", "", SEX="F"),  # short breaks only
                hd("8", "", SEX="M"),
            ],
            "Episodes": [
                ep("1", "01/01/2025", LS="C2"),
                ep("2", "01/01/2025", LS="C2"),
                ep("3", "01/01/2025", LS="C2"),
                ep("4", "01/01/2025", LS="C2"),
                ep("5", "01/01/2024", "01/01/2025", LS="C2"),
                ep("6", "01/01/2024", "01/01/2025", LS="C2"),
                ep("7", "01/01/2025", LS="V3"),
                ep("8", "01/01/2025", LS="C2"),
            ],
            "OC3": [
                {"CHILD": "5", "IN_TOUCH": "YES"},
                {"CHILD": "6"},
                {"CHILD": "1", "IN_TOUCH": "YES"},
            ],
        },
        {"Header": [0, 2, 3, 5], "OC3": [1, 2]},
    ),
    Case(
        "166",
        {"Reviews": [{"REVIEW": "01/05/2026"}, {"REVIEW": "32/05/2026"}, {"REVIEW": ""}]},
        {"Reviews": [1, 2]},
    ),
    Case(
        "167",
        {
            "Reviews": [
                {"REVIEW": "01/05/2026", "REVIEW_CODE": "PN1"},
                {"REVIEW": "01/05/2026"},
                {"REVIEW": "01/05/2026", "REVIEW_CODE": "PN8"},
                {"REVIEW_CODE": "PN1"},
                {},
            ]
        },
        {"Reviews": [1, 2, 3]},
    ),
    Case(
        "168",
        {
            "Header": [
                hd("1", "", UPN="A123456789012"),
                hd("2", "", UPN="A12345678901B"),
                hd("3", "", UPN="UN5"),
                hd("4", "", UPN="UN6"),
                hd("5", "", UPN="I123456789012"),
                hd("6", "", UPN="A12345678901"),
                hd("7", "", UPN=""),
                hd("8", "", UPN="a123456789012"),
            ]
        },
        {"Header": [3, 4, 5, 7]},
    ),
    Case(
        "171",
        {
            "Header": [
                hd("1", "", MC_DOB="01/05/2026"),
                hd("2", "", MC_DOB="2026-05-01"),
                hd("3", ""),
            ]
        },
        {"Header": [1]},
    ),
    Case(
        "174",
        {
            "Header": [
                hd("1", "", SEX="M", MC_DOB="01/05/2026"),
                hd("2", "", SEX="F", MC_DOB="01/05/2026"),
                hd("3", "", SEX="M"),
                hd("4", "", SEX="M", MC_DOB="x"),
            ]
        },
        {"Header": [0, 3]},
    ),
    Case(
        "175",
        {"AD1": [{"NB_ADOPTR": "3"}, {"NB_ADOPTR": "2"}, {}]},
        {"AD1": [0]},
    ),
    Case(
        "176",
        {"AD1": [{"SEX_ADOPTR": "FM"}, {"SEX_ADOPTR": "MF"}, {}]},
        {"AD1": [0]},
    ),
    Case(
        "177",
        {"AD1": [{"LS_ADOPTR": "L1"}, {"LS_ADOPTR": "L12"}, {}]},
        {"AD1": [0]},
    ),
    Case(
        "178",
        {
            "Episodes": [
                ep("1", "01/05/2024", PLACE="U1", PLACE_PROVIDER="PR1"),
                ep("2", "01/05/2024", PLACE="U1", PLACE_PROVIDER="PR9"),
                ep("3", "01/05/2024", PLACE="Z1", PLACE_PROVIDER="PR1"),
                ep("4", "01/05/2024", PLACE="T4", PLACE_PROVIDER="PR1"),
                ep("5", "01/05/2024", PLACE="Z1"),
            ]
        },
        {"Episodes": [1, 2, 3]},
        year="2024-25",
    ),
    Case(
        "178",
        {
            "Episodes": [
                ep("1", "01/05/2026", PLACE="U1", PLACE_PROVIDER="PR1"),
                ep("2", "01/05/2026", PLACE="U1", PLACE_PROVIDER="PR9"),
                ep("3", "01/05/2026", PLACE="Z12", PLACE_PROVIDER="PR1"),
                ep("4", "01/05/2026", PLACE="T4", PLACE_PROVIDER="PR1"),  # T4 now needs one
                ep("5", "01/05/2026", PLACE="Z11"),
            ]
        },
        {"Episodes": [1, 2]},
        note="2025-26",
    ),
    Case(
        "184",
        {
            "Header": [hd("1", "01/01/2020"), hd("2", "01/01/2020")],
            "PlacedAdoption": [
                {"CHILD": "1", "DATE_PLACED": "31/12/2019"},
                {"CHILD": "2", "DATE_PLACED": "01/01/2020"},
                {"CHILD": "3", "DATE_PLACED": "01/01/2019"},
            ],
        },
        {"PlacedAdoption": [0]},
    ),
    Case(
        "187",
        {
            "Episodes": CLA_EPISODES,
            "AD1": [
                {"CHILD": "1", "DATE_INT": "01/05/2026"},
                {"CHILD": "1"},
                {"CHILD": "2", "NB_ADOPTR": "1"},
            ],
            "OC3": [{"CHILD": "1", "IN_TOUCH": "YES"}, {"CHILD": "2", "IN_TOUCH": "YES"}],
        },
        {"AD1": [0], "OC3": [0]},
    ),
    Case(
        "199",
        {
            "Episodes": [
                ep("1", "01/01/2026", "01/06/2026", REC="E11"),
                ep("1", "01/01/2027", REC=None),  # after an adoption this year
                ep("2", "01/06/2026", REC="X1"),  # adopted last year
                ep("3", "01/03/2026", "01/05/2026", REC="E12"),  # repeated from last year
                ep("4", "01/05/2026", "01/06/2026", REC="E11"),
                ep("4", "01/07/2026", "01/08/2026", REC="E12"),  # a second adoption
            ],
            "Episodes_last": [
                ep("2", "01/01/2025", "01/06/2025", REC="E11"),
                ep("3", "01/03/2026", REC=None),
                ep("3", "01/01/2025", "01/03/2026", REC="X1"),
            ],
        },
        {"Episodes": [1, 2, 5]},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_rule(case: Case) -> None:
    run_case("903", case)
