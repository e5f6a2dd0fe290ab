import pytest

from tests.returns.rulecases import Case, run_case

# Cases use the latest year (2026-27): the collection year runs 01/04/2026 to 31/03/2027.


def ep(child: str, decom: str, dec: str | None = None, **kw: str) -> dict[str, str | None]:
    return {"CHILD": child, "DECOM": decom, "DEC": dec, **kw}


def hd(child: str, dob: str = "01/01/2010", **kw: str) -> dict[str, str | None]:
    return {"CHILD": child, "DOB": dob, **kw}


def pa(child: str, placed: str | None, ceased: str | None = None, reason: str | None = None):
    return {
        "CHILD": child,
        "DATE_PLACED": placed,
        "DATE_PLACED_CEASED": ceased,
        "REASON_PLACED_CEASED": reason,
    }


def mis(child: str, start: str | None, end: str | None = None, **kw: str):
    return {"CHILD": child, "MISSING": "M", "MIS_START": start, "MIS_END": end, **kw}


def ad1(child: str, **kw: str | None) -> dict[str, str | None]:
    full: dict[str, str | None] = {
        "CHILD": child,
        "DATE_INT": "01/01/2026",
        "DATE_MATCH": "01/02/2026",
        "FOSTER_CARE": "0",
        "NB_ADOPTR": "1",
        "SEX_ADOPTR": "M1",
        "LS_ADOPTR": "L0",
    }
    return {**full, **kw}


def pp(child: str, prev: str | None, la: str | None = None, date: str | None = None):
    return {"CHILD": child, "PREV_PERM": prev, "LA_PERM": la, "DATE_PERM": date}


CASES = [
    Case(
        "547",
        {
            "OC2": [
                {
                    "CHILD": "1",
                    "HEALTH_CHECK": "1",
                    "IMMUNISATIONS": "1",
                    "TEETH_CHECK": "1",
                    "HEALTH_ASSESSMENT": "1",
                    "SUBSTANCE_MISUSE": "0",
                },
                {"CHILD": "2", "HEALTH_CHECK": "1", "IMMUNISATIONS": "1", "TEETH_CHECK": "1"},
                {"CHILD": "3", "HEALTH_CHECK": "0"},
            ]
        },
        {"OC2": [1]},
    ),
    Case(
        "550",
        {
            "Episodes": [
                ep("1", "01/05/2026", PLACE="P1", PLACE_PROVIDER="PR0"),
                ep("2", "01/05/2026", PLACE="U1", PLACE_PROVIDER="PR0"),
                ep("3", "01/05/2026", PLACE="U1", PLACE_PROVIDER="PR1"),
            ]
        },
        {"Episodes": [1]},
    ),
    Case(
        "551",
        {
            "Episodes": [
                ep("1", "01/05/2026", PLACE="A3"),
                ep("2", "01/05/2026", PLACE="A4"),
                ep("3", "01/05/2026", PLACE="U1"),
            ],
            "PlacedAdoption": [pa("1", "01/01/2026")],
        },
        {"Episodes": [1]},
    ),
    Case(
        "552",
        {
            "Episodes": [
                ep("1", "01/05/2026", PLACE="A3"),
                ep("2", "01/05/2026", PLACE="A3"),
                ep("2", "01/08/2026", PLACE="A4"),
            ],
            "PlacedAdoption": [
                pa("1", "01/04/2026"),
                pa("2", "01/03/2026"),
                pa("2", "01/06/2026"),
            ],
        },
        {"Episodes": [1], "PlacedAdoption": [2]},
    ),
    Case(
        "553",
        {
            "Episodes": [
                ep("1", "01/05/2026", LS="E1"),
                ep("2", "01/05/2026", LS="E1"),
                ep("3", "01/05/2026", LS="E1"),
            ],
            "PlacedAdoption": [pa("1", "01/01/2026", "01/02/2026"), pa("3", "01/01/2026")],
        },
        {"Episodes": [1], "PlacedAdoption": [0]},
    ),
    Case(
        "554",
        {
            "Episodes": [
                ep("1", "01/05/2026", "01/07/2026", LS="E1"),
                ep("1", "01/07/2026", LS="E1"),
                ep("2", "01/05/2026", LS="E1"),
            ],
            "PlacedAdoption": [pa("1", "01/06/2026"), pa("2", "01/04/2026")],
        },
        {"Episodes": [0], "PlacedAdoption": [0]},
    ),
    Case(
        "557",
        {
            "Episodes": [
                ep("1", "01/05/2026", "01/06/2026", PLACE="A3", REC="E4A"),
                ep("2", "01/05/2026", "01/06/2026", LS="E1", REC="E4A"),
                ep("3", "01/05/2026", "01/06/2026", LS="E1", REC="E4A"),
                ep("4", "01/05/2026", "01/06/2026", PLACE="A3", REC="E11"),
            ],
            "PlacedAdoption": [
                pa("2", "01/01/2026"),
                pa("3", "01/01/2026", "01/06/2026", "RD1"),
            ],
        },
        {"Episodes": [0, 1], "PlacedAdoption": [0]},
    ),
    Case(
        "558",
        {
            "Episodes": [
                ep("1", "01/05/2026", "01/06/2026", REC="E11"),
                ep("2", "01/05/2026", "01/06/2026", REC="E11"),
                ep("3", "01/05/2026", "01/06/2026", REC="E12"),
            ],
            "PlacedAdoption": [
                pa("1", "01/01/2025", "01/02/2025", "RD1"),
                pa("1", "01/01/2026", "01/02/2026", "RD1"),
                pa("2", "01/01/2025", "01/02/2025", "RD1"),
                pa("2", "01/01/2026"),
                pa("3", "01/01/2026", "01/02/2026", "RD1"),
            ],
        },
        {"Episodes": [0]},
    ),
    Case(
        "559",
        {
            "PlacedAdoption": [
                pa("1", "01/01/2026"),
                pa("2", "01/01/2026"),
                pa("3", "01/06/2026"),
            ],
            "PlacedAdoption_last": [pa("2", "01/01/2026")],
        },
        {"PlacedAdoption": [0]},
    ),
    Case(
        "560",
        {
            "PlacedAdoption": [
                pa("1", "01/02/2026"),
                pa("2", "01/01/2026"),
                pa("3", "01/02/2026"),
            ],
            "PlacedAdoption_last": [
                pa("1", "01/01/2026"),
                pa("2", "01/01/2026"),
                pa("3", "01/01/2026", "15/01/2026", "RD1"),
            ],
        },
        {"PlacedAdoption": [0]},
    ),
    Case(
        "561",
        {
            "PlacedAdoption": [pa("1", "01/01/2026"), pa("2", "01/01/2026")],
            "PlacedAdoption_last": [
                pa("1", "01/01/2026", "15/01/2026", "RD1"),
                pa("2", "01/01/2026"),
            ],
        },
        {"PlacedAdoption": [0]},
    ),
    Case(
        "562",
        {
            "Episodes": [
                ep("1", "01/01/2026"),
                ep("2", "01/02/2026"),
                ep("3", "01/05/2026"),
            ],
            "Episodes_last": [
                ep("1", "01/06/2025", "01/01/2026"),
                ep("1", "01/01/2026"),
                ep("2", "01/01/2026"),
            ],
        },
        {"Episodes": [1]},
    ),
    Case(
        "563",
        {
            "PlacedAdoption": [
                pa("1", None, "01/01/2026", "RD1"),
                pa("2", "01/01/2025", "01/01/2026", "RD1"),
            ]
        },
        {"PlacedAdoption": [0]},
    ),
    Case(
        "564",
        {
            "Missing": [
                mis("1", None),
                mis("2", None, MISSING="a"),
                mis("3", "01/05/2026"),
            ]
        },
        {"Missing": [0, 1]},
    ),
    Case(
        "565",
        {"Missing": [mis("1", "01/05/2026", MISSING=None), mis("2", "01/05/2026")]},
        {"Missing": [0]},
    ),
    Case(
        "566",
        {
            "Missing": [
                mis("1", None, "05/05/2026", MISSING=None),
                mis("2", "01/05/2026", "05/05/2026"),
            ]
        },
        {"Missing": [0]},
    ),
    Case(
        "567",
        {"Missing": [mis("1", "10/05/2026", "01/05/2026"), mis("2", "01/05/2026", "05/05/2026")]},
        {"Missing": [0]},
    ),
    Case(
        "570",
        {"Missing": [mis("1", "01/04/2027"), mis("2", "01/05/2026")]},
        {"Missing": [0]},
    ),
    Case(
        "571",
        {
            "Missing": [
                mis("1", "01/02/2026", "01/03/2026"),
                mis("2", "01/03/2027", "01/04/2027"),
                mis("3", "01/05/2026", "05/05/2026"),
                mis("4", "01/05/2026"),
            ]
        },
        {"Missing": [0, 1]},
    ),
    Case(
        "574",
        {
            "Missing": [
                mis("1", "01/05/2026", "10/05/2026"),
                mis("1", "05/05/2026", "20/05/2026"),
                mis("2", "01/05/2026"),
                mis("2", "01/06/2026", "05/06/2026"),
                mis("3", "01/05/2026", "02/05/2026"),
                mis("3", "03/05/2026", "04/05/2026"),
            ]
        },
        {"Missing": [1, 3]},
    ),
    Case(
        "575",
        {
            "Episodes": [ep("1", "01/04/2026", "01/06/2026"), ep("2", "01/04/2026")],
            "Missing": [
                mis("1", "01/05/2026"),
                mis("1", "01/05/2026", "05/05/2026"),
                mis("2", "01/05/2026"),
                # an end date is given, mistyped (1005 reports it): not a period without one
                mis("1", "02/05/2026", "31/02/2026"),
            ],
        },
        {"Missing": [0]},
    ),
    Case(
        "576",
        {
            "Missing": [
                mis("1", "01/03/2026"),
                mis("2", "05/04/2026"),
                mis("3", "10/04/2026"),
            ],
            "Missing_last": [
                mis("1", "01/03/2026"),
                mis("2", "01/03/2026"),
                mis("3", "01/03/2026", "05/03/2026"),
            ],
        },
        {"Missing": [1]},
    ),
    Case(
        "577",
        {
            "Episodes": [ep("1", "01/04/2026", "01/08/2026"), ep("2", "01/04/2026")],
            "Missing": [
                mis("1", "01/05/2026"),
                mis("1", "01/05/2026", "05/05/2026"),
                mis("2", "01/05/2026"),
                mis("1", "01/09/2026", "05/09/2026"),
            ],
        },
        {"Missing": [0, 3]},
    ),
    Case(
        "578",
        {
            "Episodes": [ep("1", "01/04/2026", "01/08/2026"), ep("2", "01/04/2026")],
            "Missing": [
                mis("1", "01/09/2026"),
                mis("1", "01/05/2026", "05/05/2026"),
                mis("2", "01/12/2026"),
            ],
        },
        {"Missing": [0]},
    ),
    Case(
        "579",
        {
            "PlacedAdoption": [
                pa("1", "01/01/2026"),
                pa("1", "01/03/2026"),
                pa("2", "01/01/2026", "01/02/2026", "RD1"),
                pa("2", "01/03/2026"),
            ]
        },
        {"PlacedAdoption": [1]},
    ),
    Case(
        "580",
        {
            "Episodes": [
                ep("1", "01/04/2026", "01/06/2026", REC="E4A"),
                ep("2", "01/04/2026", "01/06/2026", REC="E8"),
            ],
            "Missing": [
                mis("1", "01/05/2026", "01/06/2026", DOB="01/06/2008"),
                mis("2", "01/05/2026", "01/06/2026", DOB="01/06/2008"),
            ],
        },
        {"Episodes": [0]},
    ),
    Case(
        "581",
        {
            "Episodes": [ep("1", "01/05/2026")],
            "Missing": [mis("1", "01/04/2026", "02/04/2026"), mis("1", "01/06/2026")],
        },
        {"Missing": [0]},
    ),
    Case(
        "582",
        {
            "Episodes": [
                ep("1", "01/04/2026", "01/06/2026", REC="E11"),
                ep("2", "01/04/2026", "01/06/2026", REC="E12"),
            ],
            "AD1": [ad1("1", DATE_MATCH="01/06/2026"), ad1("2", DATE_MATCH="01/05/2026")],
        },
        {"Episodes": [0]},
    ),
    Case(
        "583",
        {
            "PlacedAdoption": [
                pa("1", "01/01/2025"),
                pa("1", "01/01/2026"),
                pa("2", "01/01/2025", "01/02/2025", "RD1"),
                pa("2", "01/01/2026"),
            ]
        },
        {"PlacedAdoption": [0]},
    ),
    Case(
        "584",
        {
            "PlacedAdoption": [pa("1", "01/01/2026"), pa("2", "01/03/2026")],
            "PlacedAdoption_last": [
                pa("1", "01/01/2026", "01/02/2026", "RD1"),
                pa("2", "01/01/2026", "01/02/2026", "RD1"),
            ],
        },
        {"PlacedAdoption": [0]},
    ),
    Case(
        "586",
        {
            "Missing": [
                mis("1", "01/01/2019", DOB="01/01/2020"),
                mis("2", "01/05/2026", DOB="01/01/2010"),
            ]
        },
        {"Missing": [0]},
    ),
    Case(
        "601",
        {
            "Episodes": [
                ep("1", "01/04/2026", "01/06/2026", REC="E11"),
                ep("2", "01/04/2026", "01/06/2026", REC="E11"),
            ],
            "AD1": [ad1("1"), ad1("2", NB_ADOPTR=None)],
        },
        {"Episodes": [1], "AD1": [1]},
    ),
    Case(
        "602",
        {
            "Episodes": [ep("1", "01/04/2026", "01/06/2026", REC="E11")],
            "AD1": [ad1("1"), ad1("2")],
        },
        {"AD1": [1]},
    ),
    Case(
        "607",
        {
            "Header": [hd("1", SEX="F"), hd("2", SEX="F", MOTHER="0"), hd("3", SEX="M")],
            "Episodes": [
                ep("1", "01/04/2026", "01/06/2026", REC="E4A", LS="C2"),
                ep("2", "01/04/2026", "01/06/2026", REC="E4A", LS="C2"),
                ep("3", "01/04/2026", "01/06/2026", REC="E4A", LS="C2"),
                ep("1", "01/07/2026", LS="C2"),
            ],
        },
        {"Episodes": [0], "Header": [0]},
    ),
    Case(
        "611",
        {"Header": [hd("1", MOTHER="1"), hd("2", MOTHER="1", MC_DOB="01/01/2026")]},
        {"Header": [0]},
    ),
    Case(
        "612",
        {
            "Header": [
                hd("1", SEX="F", MOTHER="0", MC_DOB="01/01/2026"),
                hd("2", SEX="F", MC_DOB="01/01/2026"),
                hd("3", SEX="F", MOTHER="1", MC_DOB="01/01/2026"),
            ]
        },
        {"Header": [0, 1]},
    ),
    Case(
        "620",
        {"Header": [hd("1", "01/01/2016", MOTHER="1"), hd("2", "01/01/2010", MOTHER="1")]},
        {"Header": [0]},
    ),
    Case(
        "621",
        {"Header": [hd("1", MC_DOB="01/01/2009"), hd("2", MC_DOB="01/01/2026")]},
        {"Header": [0]},
    ),
    Case(
        "624",
        {
            "Header": [hd("1", MC_DOB="01/01/2025"), hd("2", MC_DOB="01/01/2025")],
            "Header_last": [hd("1", MC_DOB="02/01/2025"), hd("2", MC_DOB="01/01/2025")],
        },
        {"Header": [0]},
    ),
    Case(
        "625",
        {
            "Episodes": [
                ep("1", "01/04/2026", "01/06/2026"),
                ep("1", "01/07/2026", "01/09/2026"),
                ep("2", "01/04/2026", "01/06/2026"),
            ],
            "Header": [hd("1", MC_DOB="01/10/2026"), hd("2", MC_DOB="01/01/2026")],
        },
        {"Episodes": [1], "Header": [0]},
    ),
    Case(
        "626",
        {
            "Header": [
                hd("1", MOTHER="1", MC_DOB="01/01/2026"),
                hd("2", MOTHER="1", MC_DOB="01/06/2026"),
            ],
            "Header_last": [hd("1", MOTHER="0"), hd("2", MOTHER="0")],
        },
        {"Header": [0]},
    ),
    Case(
        "628",
        {
            "Header": [hd("1", MOTHER="0"), hd("2", MOTHER="0")],
            "Episodes": [ep("2", "01/05/2026")],
            "OC3": [{"CHILD": "1", "IN_TOUCH": "YES"}, {"CHILD": "2", "IN_TOUCH": "YES"}],
        },
        {"Header": [0]},
    ),
    Case(
        "630",
        {
            "Episodes": [
                ep("1", "01/05/2026", RNE="S"),
                ep("2", "01/05/2026", RNE="S"),
                ep("3", "01/05/2026", RNE="S"),
                ep("4", "01/05/2026", RNE="S"),
            ],
            "PrevPerm": [
                pp("2", "P1", "800", "01/01/2020"),
                pp("3", "P1", None, "01/01/2020"),
                pp("4", "Z1"),
            ],
        },
        {"Episodes": [0, 2]},
    ),
    Case("631", {"PrevPerm": [pp("1", "P9"), pp("2", "P1")]}, {"PrevPerm": [0]}),
    Case(
        "632",
        {
            "Episodes": [
                ep("1", "01/05/2026"),
                ep("2", "01/05/2026"),
                ep("3", "01/05/2026"),
                ep("4", "01/05/2026"),
            ],
            "PrevPerm": [
                pp("1", "P1", "800", "01/06/2026"),
                pp("2", "P1", "800", "ZZ/04/2026"),
                pp("3", "P1", "800", "rubbish"),
                pp("4", "P1", "800", "zz/05/2026"),
            ],
        },
        {"Episodes": [0, 2, 3], "PrevPerm": [0, 2, 3]},
    ),
    Case(
        "633",
        {"PrevPerm": [pp("1", "P1", "123"), pp("2", "P1", "800"), pp("3", "P1", "WAL")]},
        {"PrevPerm": [0]},
    ),
    Case(
        "634",
        {
            "Episodes": [ep("1", "01/01/2026"), ep("2", "01/05/2026")],
            "PrevPerm": [pp("1", "P1"), pp("2", "P1")],
        },
        {"Episodes": [0], "PrevPerm": [0]},
    ),
    Case(
        "635",
        {
            "PrevPerm": [
                pp("1", "Z1", "800"),
                pp("2", "P1", "800", "01/01/2020"),
                pp("3", None, None, "01/01/2020"),
            ]
        },
        {"PrevPerm": [0, 2]},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_rule(case: Case) -> None:
    run_case("903", case)
