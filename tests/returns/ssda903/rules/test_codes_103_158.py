import pytest

from tests.returns.rulecases import Case, run_case


def ep(child: str, decom: str, dec: str | None = None, **kw: str) -> dict[str, str | None]:
    return {"CHILD": child, "DECOM": decom, "DEC": dec, **kw}


def one_col(col: str, *values: str) -> list[dict[str, str | None]]:
    return [{"CHILD": str(i), col: v} for i, v in enumerate(values)]


def ad1(child: str, **kw: str) -> dict[str, str | None]:
    return {"CHILD": child, **kw}


_AD1_FULL = {
    "DATE_INT": "01/05/2026",
    "DATE_MATCH": "01/06/2026",
    "FOSTER_CARE": "0",
    "NB_ADOPTR": "2",
    "SEX_ADOPTR": "MF",
    "LS_ADOPTR": "L11",
}

CASES = [
    Case("103", {"Header": one_col("ETHNIC", "WBRI", "wbri", "", "XXXX")}, {"Header": [1, 2, 3]}),
    Case(
        "104",
        {"UASC": one_col("DUC", "01/05/2026", "31/03/2026", "32/01/2027", "")},
        {"UASC": [1, 2]},
    ),
    Case("112", {"AD1": one_col("DATE_INT", "01/05/2026", "2026-05-01", "")}, {"AD1": [1]}),
    Case("113", {"AD1": one_col("DATE_MATCH", "01/05/2026", "1/5/26x", "")}, {"AD1": [1]}),
    Case("114", {"AD1": one_col("FOSTER_CARE", "0", "1", "2", "")}, {"AD1": [2]}),
    Case(
        "115",
        {"PlacedAdoption": one_col("DATE_PLACED", "01/05/2026", "31/02/2026", "")},
        {"PlacedAdoption": [1]},
    ),
    Case(
        "116",
        {"PlacedAdoption": one_col("DATE_PLACED_CEASED", "01/05/2026", "soon", "")},
        {"PlacedAdoption": [1]},
    ),
    Case(
        "117",
        {
            "Episodes": [
                ep("1", "01/05/2026", "01/06/2026", REC="E11"),
                ep("2", "01/05/2026"),
                ep("3", "01/05/2026", "01/09/2026", REC="E4A"),
                ep("4", "01/04/2026", "01/06/2026", REC="E4A"),
                ep("4", "01/06/2026", "01/10/2026", REC="X1"),
            ],
            "PlacedAdoption": [
                {"CHILD": "1", "DATE_PLACED": "01/07/2026"},
                {"CHILD": "2", "DATE_PLACED": "01/05/2026", "DATE_PLACED_CEASED": "01/05/2027"},
                {"CHILD": "3", "DATE_PLACED": "01/06/2026"},
                {"CHILD": "4", "DATE_PLACED": "01/08/2026"},
            ],
        },
        {"Episodes": [0, 1, 3], "PlacedAdoption": [0, 1, 3]},
        note="after-DEC-or-year-end",
    ),
    Case(
        "118",
        {
            "Episodes": [
                ep("1", "01/01/2020", LS="C2"),
                ep("2", "01/01/2026", LS="V3"),
                ep("2", "01/08/2026", LS="C2"),
                ep("2", "01/09/2026", LS="C2"),
                ep("3", "01/01/2026", LS="C2"),
                ep("4", "01/01/2020", LS="C2"),
            ],
            "PlacedAdoption": [
                {"CHILD": "1", "DATE_PLACED_CEASED": "01/03/2026"},
                {"CHILD": "2", "DATE_PLACED_CEASED": "01/07/2026"},
                {"CHILD": "3", "DATE_PLACED_CEASED": "01/05/2026"},
                {"CHILD": "4", "DATE_PLACED_CEASED": ""},
            ],
        },
        {"Episodes": [0, 2], "PlacedAdoption": [0, 1]},
    ),
    Case(
        "119",
        {
            "PlacedAdoption": [
                {"DATE_PLACED_CEASED": "01/05/2026", "REASON_PLACED_CEASED": "RD1"},
                {"DATE_PLACED_CEASED": "01/05/2026"},
                {"REASON_PLACED_CEASED": "RD1"},
                {"DATE_PLACED": "01/05/2026"},
                {"DATE_PLACED_CEASED": "xx", "REASON_PLACED_CEASED": "RD2"},
            ]
        },
        {"PlacedAdoption": [1, 2]},
    ),
    Case(
        "120",
        {"PlacedAdoption": one_col("REASON_PLACED_CEASED", "RD1", "RD5", "")},
        {"PlacedAdoption": [1]},
    ),
    Case("131", {"OC3": one_col("IN_TOUCH", "YES", "yes", "", "RHOM")}, {"OC3": [1, 2]}),
    Case("132", {"OC3": one_col("ACTIV", "F1", "f1", "", "0")}, {"OC3": [1, 2]}),
    Case("133", {"OC3": one_col("ACCOM", "B1", "X1", "", "0")}, {"OC3": [1, 2]}),
    Case(
        "134",
        {
            "OC3": [{"CHILD": "1", "IN_TOUCH": "YES"}, {"CHILD": "2"}],
            "AD1": [
                ad1("1", DATE_INT="01/05/2026"),
                ad1("2", DATE_INT="01/05/2026"),
                ad1("3", DATE_INT="01/05/2026"),
                ad1("1"),
            ],
        },
        {"AD1": [0]},
    ),
    Case("141", {"Episodes": one_col("DECOM", "01/05/2026", "01/13/2026", "")}, {"Episodes": [1]}),
    Case(
        "142",
        {
            "Episodes": [
                ep("1", "01/05/2026"),
                ep("1", "01/06/2026"),
                ep("2", "01/05/2026", "01/06/2026", REC="X1"),
                ep("2", "01/06/2026", "01/07/2026"),
                ep("2", "01/07/2026"),
                ep("3", ""),
            ]
        },
        {"Episodes": [0, 3]},
    ),
    Case("143", {"Episodes": one_col("RNE", "S", "X", "")}, {"Episodes": [1]}),
    Case("144", {"Episodes": one_col("LS", "C2", "Z9", "")}, {"Episodes": [1]}),
    Case("145", {"Episodes": one_col("CIN", "N1", "N9", "")}, {"Episodes": [1]}),
    Case(
        "146",
        {"Episodes": one_col("PLACE", "H5", "K3", "Z1", "Z11", "")},
        {"Episodes": [1, 3]},
        year="2024-25",
        note="2024-25",
    ),
    Case(
        "146",
        {"Episodes": one_col("PLACE", "K3", "H5", "Z14", "P2", "")},
        {"Episodes": [1, 3]},
        year="2025-26",
        note="2025-26",
    ),
    Case(
        "146",
        {"Episodes": one_col("PLACE", "K3", "Z1", "U1", "")},
        {"Episodes": [1]},
        note="2026-27",
    ),
    Case("147", {"Episodes": one_col("DEC", "01/05/2026", "00/05/2026", "")}, {"Episodes": [1]}),
    Case(
        "148",
        {
            "Episodes": [
                ep("1", "01/05/2026", "01/06/2026"),
                ep("1", "01/06/2026", REC="E4A"),
                ep("2", "01/05/2026", "01/06/2026", REC="X1"),
                ep("2", "01/06/2026"),
                ep("3", "01/06/2026", "bad", REC="E4A"),
            ]
        },
        {"Episodes": [0, 1]},
    ),
    Case("149", {"Episodes": one_col("REC", "E11", "E4", "")}, {"Episodes": [1]}),
    Case(
        "151",
        {
            "AD1": [
                ad1("1", **_AD1_FULL),
                ad1("2", DATE_INT="01/05/2026"),
                ad1("3"),
                ad1("4", **{**_AD1_FULL, "LS_ADOPTR": ""}),
            ]
        },
        {"AD1": [1, 3]},
    ),
    Case(
        "153",
        {
            "OC3": [
                {"CHILD": "1", "IN_TOUCH": "YES", "ACTIV": "F1", "ACCOM": "B1"},
                {"CHILD": "2", "IN_TOUCH": "YES", "ACTIV": "F1"},
                {"CHILD": "3"},
                {"CHILD": "4", "ACCOM": "0"},
            ]
        },
        {"OC3": [1, 3]},
    ),
    Case(
        "157",
        {
            "Episodes": [
                ep("1", "01/01/2020", RNE="S", LS="C2"),
                ep("2", "01/06/2026", RNE="S", LS="C2"),
                ep("3", "01/01/2020", RNE="S", LS="C2"),
                ep("4", "01/01/2020", RNE="S", LS="C2"),
                ep("5", "01/01/2025", RNE="S", LS="C2"),
            ],
            "OC2": [
                {"CHILD": "1", "DOB": "01/01/2015", "SDQ_REASON": "SDQ1"},
                {"CHILD": "2", "DOB": "01/01/2015", "SDQ_REASON": "SDQ1"},
                {"CHILD": "3", "DOB": "01/01/2005", "SDQ_REASON": "SDQ1"},
                {"CHILD": "4", "DOB": "01/01/2015", "SDQ_REASON": "SDQ1", "SDQ_SCORE": "10"},
                {"CHILD": "5", "DOB": "01/01/2024", "SDQ_REASON": "SDQ1"},
            ],
        },
        {"OC2": [0]},
    ),
    Case(
        "158",
        {
            "OC2": [
                {"CHILD": "1", "INTERVENTION_RECEIVED": "1", "INTERVENTION_OFFERED": "0"},
                {"CHILD": "2", "INTERVENTION_RECEIVED": "1"},
                {"CHILD": "3", "INTERVENTION_RECEIVED": "0", "INTERVENTION_OFFERED": "1"},
            ]
        },
        {"OC2": [0]},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_rule(case: Case) -> None:
    run_case("903", case)
