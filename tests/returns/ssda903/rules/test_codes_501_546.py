import pytest

from tests.returns.rulecases import Case, run_case


def ep(child: str, decom: str, dec: str | None = None, **kw: str) -> dict[str, str | None]:
    return {"CHILD": child, "DECOM": decom, "DEC": dec, **kw}


def ad(child: str, ls: str | None, sex: str | None, **kw: str) -> dict[str, str | None]:
    return {"CHILD": child, "LS_ADOPTR": ls, "SEX_ADOPTR": sex, **kw}


def oc2(child: str, dob: str, **kw: str) -> dict[str, str | None]:
    return {"CHILD": child, "DOB": dob, **kw}


def prev_year(code: str, field: str, a: str, b: str) -> Case:
    """First episode this year against last year's latest episode, for one field."""
    return Case(
        code,
        {
            "Episodes": [
                ep("1", "01/04/2025", **{field: b}),  # differs from last year's open episode
                ep("1", "01/06/2026", **{field: a}),
                ep("2", "01/04/2025", **{field: a}),  # same
                ep("3", "01/05/2026", **{field: b}),  # last year's episode closed
                ep("4", "01/05/2026"),  # blank now, given last year
                ep("5", "01/05/2026", **{field: b}),  # not in last year's return
            ],
            "Episodes_last": [
                ep("1", "01/01/2024", "01/04/2025", **{field: b}),
                ep("1", "01/04/2025", **{field: a}),
                ep("2", "01/04/2025", **{field: a}),
                ep("3", "01/04/2025", "01/05/2026", **{field: a}),
                ep("4", "01/04/2025", **{field: a}),
            ],
        },
        {"Episodes": [0, 4]},
    )


CASES = [
    Case(
        "501",
        {
            "Episodes": [
                ep("1", "01/05/2026", "01/07/2026"),
                ep("1", "01/06/2026", "01/08/2026"),  # starts before the previous ends
                ep("1", "01/08/2026"),
                ep("2", "01/04/2026", "01/06/2026"),
                ep("3", "01/05/2026"),  # other child's episode ends later
            ]
        },
        {"Episodes": [1]},
    ),
    Case(
        "502",
        {
            "Episodes": [
                ep("1", "02/04/2025", "01/06/2026"),
                ep("1", "01/06/2026"),
                ep("2", "01/04/2025"),
                ep("3", "01/05/2026"),
                ep("4", "01/05/2026"),
            ],
            "Episodes_last": [
                ep("1", "01/04/2025"),
                ep("2", "01/04/2025"),
                ep("3", "01/04/2025", "01/05/2025"),
            ],
        },
        {"Episodes": [0]},
    ),
    prev_year("503A", "RNE", "P", "L"),
    prev_year("503B", "LS", "C2", "C1"),
    prev_year("503C", "CIN", "N1", "N2"),
    prev_year("503E", "PLACE_PROVIDER", "PR1", "PR2"),
    prev_year("503F", "URN", "SC123456", "SC654321"),
    prev_year("503D", "PLACE", "U1", "U2"),
    Case(
        "503D",
        {
            "Episodes": [
                ep("1", "01/04/2024", PLACE="K3"),
                ep("2", "01/04/2024", PLACE="K2"),
                ep("3", "01/04/2024", PLACE="Z11"),
            ],
            "Episodes_last": [
                ep("1", "01/04/2024", PLACE="H5"),
                ep("2", "01/04/2024", PLACE="H5"),
                ep("3", "01/04/2024", PLACE="Z1"),
            ],
        },
        {"Episodes": [1, 2]},
        year="2024-25",
        note="H5-to-K3",
    ),
    Case(
        "503D",
        {
            "Episodes": [
                ep("1", "01/04/2025", PLACE="Z12"),
                ep("2", "01/04/2025", PLACE="K3"),
                ep("3", "01/04/2025", PLACE="U1"),
            ],
            "Episodes_last": [
                ep("1", "01/04/2025", PLACE="Z1"),
                ep("2", "01/04/2025", PLACE="H5"),
                ep("3", "01/04/2025", PLACE="Z1"),
            ],
        },
        {"Episodes": [1, 2]},
        year="2025-26",
        note="Z1-to-Z11",
    ),
    Case(
        "504",
        {
            "Episodes": [
                ep("1", "01/04/2026", "01/06/2026", CIN="N1", REC="X1"),
                ep("1", "01/06/2026", "01/08/2026", CIN="N2", REC="X1"),  # changed mid-period
                ep("1", "01/08/2026", CIN="N2"),
                ep("2", "01/04/2026", "01/06/2026", CIN="N1", REC="E4A"),
                ep("2", "01/09/2026", CIN="N3"),  # new period
                ep("3", "01/04/2026", "01/06/2026", CIN="N1", REC="X1"),
                ep("3", "02/06/2026", CIN="N3"),  # not continuous
            ]
        },
        {"Episodes": [1]},
    ),
    Case(
        "511",
        {
            "AD1": [
                {"NB_ADOPTR": "2", "SEX_ADOPTR": "M1"},
                {"NB_ADOPTR": "2", "SEX_ADOPTR": "F1"},
                {"NB_ADOPTR": "2", "SEX_ADOPTR": "MF"},
                {"NB_ADOPTR": "1", "SEX_ADOPTR": "M1"},
            ]
        },
        {"AD1": [0, 1]},
    ),
    Case(
        "514",
        {
            "AD1": [
                ad("1", "L0", "MF"),
                ad("2", "L0", "F1"),
                ad("3", "L11", "MF"),
                ad("4", "L0", None),
            ]
        },
        {"AD1": [0, 3]},
    ),
    Case(
        "516",
        {
            "Episodes": [
                ep("1", "01/04/2026", "01/06/2026", REC="E45", PLACE="K2"),
                ep("2", "01/04/2026", "01/06/2026", REC="E46", PLACE="U4"),
                ep("3", "01/04/2026", "01/06/2026", REC="E46"),
                ep("4", "01/04/2026", "01/06/2026", REC="E4A", PLACE="K2"),
            ]
        },
        {"Episodes": [0, 2]},
    ),
    Case(
        "517",
        {"AD1": [ad("1", "L3", "MM"), ad("2", "L3", "MF"), ad("3", "L2", "MM")]},
        {"AD1": [0]},
    ),
    Case(
        "518",
        {
            "AD1": [
                ad("1", "L4", "MF"),
                ad("2", "L4", "MM"),
                ad("3", "L4", "FF"),
                ad("4", "L3", "MF"),
            ]
        },
        {"AD1": [0]},
    ),
    Case(
        "519",
        {
            "AD1": [
                ad("1", "L2", "M1"),
                ad("2", "L2", "MF"),
                ad("3", "L2", "FF"),
                ad("4", "L0", "M1"),
            ]
        },
        {"AD1": [0]},
    ),
    Case(
        "520",
        {"AD1": [ad("1", "L11", "MM"), ad("2", "L11", "MF"), ad("3", "L12", "MM")]},
        {"AD1": [0]},
    ),
    Case(
        "521",
        {
            "Episodes": [
                ep("1", "01/05/2026", PLACE="A3"),
                ep("2", "01/05/2026", PLACE="A5"),
                ep("3", "01/05/2026", PLACE="U1"),
                ep("4", "01/05/2026", PLACE="A4"),
            ],
            "AD1": [
                {"CHILD": "1", "DATE_INT": "02/05/2026"},
                {"CHILD": "2", "DATE_INT": "01/05/2026"},
                {"CHILD": "3", "DATE_INT": "02/05/2026"},
            ],
        },
        {"Episodes": [0], "AD1": [0]},
    ),
    Case(
        "522",
        {
            "PlacedAdoption": [
                {"DATE_PLACED": "02/05/2026", "DATE_PLACED_CEASED": "01/05/2026"},
                {"DATE_PLACED": "01/05/2026", "DATE_PLACED_CEASED": "01/05/2026"},
                {"DATE_PLACED": "01/05/2026"},
            ]
        },
        {"PlacedAdoption": [0]},
    ),
    Case(
        "523",
        {
            "PlacedAdoption": [
                {"CHILD": "1", "DATE_PLACED": "02/05/2026"},
                {"CHILD": "2", "DATE_PLACED": "01/05/2026"},
                {"CHILD": "3", "DATE_PLACED": "01/05/2026"},
            ],
            "AD1": [
                {"CHILD": "2", "DATE_INT": "01/05/2026"},
                {"CHILD": "1", "DATE_INT": "01/05/2026"},
                {"CHILD": "3"},
            ],
        },
        {"PlacedAdoption": [0], "AD1": [1]},
    ),
    Case(
        "524",
        {
            "AD1": [
                ad("1", "L12", "MF"),
                ad("2", "L12", "FF"),
                ad("3", "L12", None),
                ad("4", "L11", "MF"),
            ]
        },
        {"AD1": [0, 2]},
    ),
    Case(
        "525",
        {
            "PlacedAdoption": [
                {"CHILD": "1", "DATE_PLACED_CEASED": "01/06/2026"},
                {"CHILD": "2", "DATE_PLACED_CEASED": "01/06/2026"},
                {"CHILD": "3"},
                {"CHILD": "4", "DATE_PLACED_CEASED": "01/06/2026"},
            ],
            "AD1": [
                {"CHILD": "3", "DATE_INT": "01/05/2026"},
                {"CHILD": "1", "DATE_MATCH": "not a date"},
                {"CHILD": "2"},
            ],
        },
        {"PlacedAdoption": [0], "AD1": [1]},
    ),
    Case(
        "526",
        {
            "Episodes": [
                ep("1", "01/05/2026", PLACE="U1"),
                ep("2", "01/05/2026", PLACE="Z11"),
                ep("3", "01/05/2026", PLACE="T2"),
                ep("4", "01/05/2026", PLACE="K2", PLACE_PROVIDER="PR1"),
                ep("5", "01/05/2026", PLACE="Z1"),
            ]
        },
        {"Episodes": [0, 4]},
    ),
    Case(
        "526",
        {
            "Episodes": [
                ep("1", "01/05/2024", PLACE="U1"),
                ep("2", "01/05/2024", PLACE="Z1"),
                ep("3", "01/05/2024", PLACE="T2"),
                ep("4", "01/05/2024", PLACE="Z11"),
            ]
        },
        {"Episodes": [0, 3]},
        year="2024-25",
        note="Z1-exempt",
    ),
    Case(
        "527",
        {
            "Episodes": [
                ep("1", "01/05/2026", PLACE="R2", PLACE_PROVIDER="PR1"),
                ep("2", "01/05/2026", PLACE="R2", PLACE_PROVIDER="PR2"),
                ep("3", "01/05/2026", PLACE="K2", PLACE_PROVIDER="PR1"),
            ]
        },
        {"Episodes": [0]},
    ),
    Case(
        "528",
        {
            "Episodes": [
                ep("1", "01/05/2026", PLACE="R5", PLACE_PROVIDER="PR2"),
                ep("2", "01/05/2026", PLACE="R5", PLACE_PROVIDER="PR4"),
                ep("3", "01/05/2026", PLACE="K2", PLACE_PROVIDER="PR2"),
            ]
        },
        {"Episodes": [0]},
    ),
    Case(
        "529",
        {
            "Episodes": [
                ep("1", "01/05/2026", PLACE="U3", PLACE_PROVIDER="PR3"),
                ep("2", "01/05/2026", PLACE="R2", PLACE_PROVIDER="PR3"),
                ep("3", "01/05/2026", PLACE="K1", PLACE_PROVIDER="PR1"),
            ]
        },
        {"Episodes": [0]},
    ),
    Case(
        "530",
        {
            "Episodes": [
                ep("1", "01/05/2026", PLACE="P1", PLACE_PROVIDER="PR4"),
                ep("2", "01/05/2026", PLACE="K2", PLACE_PROVIDER="PR4"),
                ep("3", "01/05/2026", PLACE="P1", PLACE_PROVIDER="PR0"),
            ]
        },
        {"Episodes": [0]},
    ),
    Case(
        "531",
        {
            "Episodes": [
                ep("1", "01/05/2026", PLACE="P1", PLACE_PROVIDER="PR5"),
                ep("2", "01/05/2026", PLACE="K2", PLACE_PROVIDER="PR5"),
                ep("3", "01/05/2026", PLACE="P1", PLACE_PROVIDER="PR0"),
            ]
        },
        {"Episodes": [0]},
    ),
    Case(
        "542",
        {
            "OC2": [
                oc2("1", "01/04/2017", CONVICTED="0"),  # 9 at 31 March 2027
                oc2("2", "31/03/2017", CONVICTED="0"),  # 10 on 31 March
                oc2("3", "01/04/2017"),
            ]
        },
        {"OC2": [0]},
    ),
    Case(
        "543",
        {
            "OC2": [
                oc2("1", "01/01/2015"),
                oc2("2", "01/01/2015", CONVICTED="0"),
                oc2("3", "01/01/2015"),  # started to be looked after this year
                oc2("4", "01/01/2020"),  # under 10
                oc2("5", "01/01/2015"),  # left care this year
                oc2("6", "01/01/2015"),  # respite
            ],
            "Episodes": [
                ep("1", "01/01/2025", "01/06/2026", RNE="S", REC="X1", LS="C2"),
                ep("1", "01/06/2026", RNE="P", LS="C2"),
                ep("2", "01/01/2025", RNE="S", LS="C2"),
                ep("3", "01/05/2026", RNE="S", LS="C2"),
                ep("4", "01/01/2025", RNE="S", LS="C2"),
                ep("5", "01/01/2025", "01/06/2026", RNE="S", REC="E4A", LS="C2"),
                ep("6", "01/01/2025", RNE="S", LS="V3"),
            ],
        },
        {"OC2": [0]},
    ),
    Case(
        "544",
        {
            "OC2": [
                {
                    "CONVICTED": "1",
                    "IMMUNISATIONS": "1",
                    "TEETH_CHECK": "1",
                    "HEALTH_ASSESSMENT": "1",
                },
                {
                    "CONVICTED": "1",
                    "IMMUNISATIONS": "1",
                    "TEETH_CHECK": "0",
                    "HEALTH_ASSESSMENT": "1",
                    "SUBSTANCE_MISUSE": "0",
                },
                {"CONVICTED": "0"},
            ]
        },
        {"OC2": [0]},
    ),
    Case(
        "545",
        {
            "OC2": [
                oc2("1", "01/01/2023"),
                oc2("2", "01/01/2023", HEALTH_CHECK="1"),
                oc2("3", "31/03/2022"),  # 5 on 31 March
                oc2("4", "01/01/2023"),  # not looked after all year
                oc2("5", "01/01/2023"),  # no episodes
            ],
            "Episodes": [
                ep("1", "01/02/2023", RNE="S", LS="C2"),
                ep("2", "01/02/2023", RNE="S", LS="C2"),
                ep("3", "01/02/2023", RNE="S", LS="C2"),
                ep("4", "02/04/2026", RNE="S", LS="C2"),
            ],
        },
        {"OC2": [0]},
    ),
    Case(
        "546",
        {
            "OC2": [
                oc2("1", "31/03/2022", HEALTH_CHECK="1"),
                oc2("2", "01/04/2022", HEALTH_CHECK="1"),  # 4 at 31 March
                oc2("3", "01/01/2015"),
                oc2("4", "01/01/2015", HEALTH_CHECK="0"),  # not looked after all year
            ],
            "Episodes": [
                ep("1", "01/02/2023", RNE="S", LS="C2"),
                ep("2", "01/02/2023", RNE="S", LS="C2"),
                ep("3", "01/02/2023", RNE="S", LS="C2"),
                ep("4", "01/02/2023", "01/05/2026", RNE="S", LS="C2", REC="E13"),
            ],
        },
        {"OC2": [0]},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_rule(case: Case) -> None:
    run_case("903", case)
