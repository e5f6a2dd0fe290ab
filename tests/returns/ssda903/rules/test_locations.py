"""The placement distance, LA and location rules, on a tiny postcode reference: real-format
postcodes with made-up grid references, laid out so distances come to whole tenths of a mile."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl
import pytest

from opencsc.returns import engine
from opencsc.returns.data import ReturnData
from opencsc.returns.ssda903.postcodes import located, located_key, reference_frame
from tests.returns.rulecases import Case, case_year, schemas

LA = "E09000019"  # the returning authority (Islington)
MILE = 1609.3  # metres in the DfE's mile (distance = metres / 1000 / 1.6093)
E, N = 530000.0, 180000.0


def _north(miles: float) -> tuple[float, float]:
    return E, N + miles * MILE


POSTCODES = reference_frame(
    [
        ("N1 9GU", "E09000019", E, N),  # home
        ("N7 6PA", "E09000019", *_north(2)),  # in the authority, 2.0 miles
        ("N7 6PB", "E09000019", *_north(2.1)),
        ("N7 6PD", "E09000019", *_north(2.2)),
        ("SW1A 1AA", "E09000033", *_north(5)),  # Westminster, 5.0 miles
        ("CB2 1TN", "E07000008", *_north(50)),  # Cambridge, in Cambridgeshire (E10000003)
        ("CF10 1EP", "W06000015", *_north(120)),  # Wales
        ("EH1 1YZ", "S12000036", *_north(400)),  # Scotland, 400.0 miles
        ("HS1 2AA", "S12000013", *_north(999.9)),
        ("ZE1 0AA", "S12000027", *_north(1000)),  # 1000.0 miles: past the valid range
        ("IM1 1AA", "M99999999", None, None),  # Isle of Man: no English authority, no grid
        ("E1 6AN", "E09000030", None, None),  # known, but no grid reference
        ("N1 1AA", None, *_north(1)),  # known, but in no authority
    ]
)
HOME = "N1 9GU"
UNKNOWN = "XX1 1XX"


@dataclass
class LocCase(Case):
    la: str | None = LA
    # row of this year's Episodes → derived values to set, for what derivation cannot produce
    patch: dict[int, dict[str, str | float | None]] = field(default_factory=dict)


def ep(
    child: str,
    pl_post: str | None,
    home: str | None = HOME,
    decom: str = "01/05/2026",
    dec: str | None = None,
    **kw: str,
) -> dict[str, str | None]:
    return {
        "CHILD": child,
        "DECOM": decom,
        "DEC": dec,
        "LS": kw.pop("LS", "C2"),
        "RNE": kw.pop("RNE", "P"),
        "HOME_POST": home,
        "PL_POST": pl_post,
        **kw,
    }


def uasc(child: str) -> dict[str, str | None]:
    return {"CHILD": child, "SEX": "M", "DOB": "01/01/2010", "DUC": None}


def prev_year(
    pairs: list[tuple[str | None, str | None]],
    *,
    new_reason: tuple[int, ...] = (),
    ended: tuple[int, ...] = (),
) -> dict[str, list[dict[str, str | None]]]:
    """Child i's latest episode last year and first this year, placed at pairs[i] (last year's
    postcode, this year's); `new_reason`: children whose reason for new episode differs this
    year; `ended`: children whose episode last year ended."""
    return {
        "Episodes_last": [
            ep(str(i), before, decom="01/06/2025", dec="01/07/2025" if i in ended else None)
            for i, (before, _) in enumerate(pairs)
        ],
        "Episodes": [
            ep(str(i), now, decom="01/04/2026", RNE="L" if i in new_reason else "P")
            for i, (_, now) in enumerate(pairs)
        ],
    }


def build(case: LocCase, year: str) -> ReturnData:
    data = ReturnData.from_rows("903", year, schemas("903")[year], case.tables)
    data.la_code = case.la
    data.reference["postcodes"] = POSTCODES
    if case.patch:
        eps = located(data).with_row_index("_i")
        for i, values in case.patch.items():
            eps = eps.with_columns(
                pl.when(pl.col("_i") == i).then(pl.lit(v)).otherwise(pl.col(c)).alias(c)
                for c, v in values.items()
            )
        data.derived[located_key("Episodes")] = eps.drop("_i")
    return data


def run(case: LocCase) -> None:
    year = case_year("903", case)
    rules = [r for r in engine.ruleset("903", year) if r.code == case.code]
    assert rules, f"rule {case.code} does not apply in {year}"
    report = engine.validate(build(case, year), rules=rules)
    assert not [o for o in report.outcomes if o.skipped], report.outcomes
    want = {t: sorted(rows) for t, rows in case.fails.items() if rows}
    assert want, "a case must name at least one failing row"
    total = sum(len(rows) for rows in case.tables.values())
    assert total > sum(len(r) for r in want.values()), "a case needs a passing row"
    assert report.rows_for(case.code) == want


CASES: list[Case] = [
    LocCase(
        "164",
        {
            "Episodes": [
                ep("1", "ZE1 0AA"),  # 1000.0 miles
                ep("2", "HS1 2AA"),  # 999.9 miles
                ep("3", "ZE1 0AA"),  # UASC
                ep("4", "ZE1 0AA", LS="V3"),  # short break
                ep("5", UNKNOWN),  # no distance: 392a's business
            ],
            "UASC": [uasc("3")],
        },
        {"Episodes": [0]},
    ),
    LocCase(
        "169",
        {
            "Episodes": [
                ep("1", "SW1A 1AA"),
                ep("2", UNKNOWN),
                ep("3", None),
                ep("4", "IM1 1AA"),  # no English authority
                ep("5", None, LS="V3"),
                ep("6", "N1 1AA"),  # in no authority
                ep("7", "CF10 1EP"),  # WAL
            ]
        },
        {"Episodes": [1, 2, 3, 5]},
    ),
    LocCase(
        "179",
        {
            "Episodes": [
                ep("1", "SW1A 1AA"),
                ep("2", UNKNOWN),
                ep("3", None),
                ep("4", "IM1 1AA"),  # OUT
                ep("5", None, LS="V4"),
                ep("6", "N1 1AA"),
                ep("7", "N7 6PA"),  # IN
            ]
        },
        {"Episodes": [1, 2, 5]},
    ),
    LocCase(
        "392a",
        {
            "Episodes": [
                ep("1", "SW1A 1AA"),
                ep("2", "E1 6AN"),  # placement has no grid reference
                ep("3", "SW1A 1AA", home=None),
                ep("4", None, home=None),  # UASC
                ep("5", None, home=None, LS="V3"),
                ep("6", "SW1A 1AA", home=UNKNOWN),
            ],
            "UASC": [uasc("4")],
        },
        {"Episodes": [1, 2, 5]},
    ),
    LocCase(
        "392c",
        {
            "Episodes": [
                ep("1", "SW1A 1AA"),
                ep("2", UNKNOWN),
                ep("3", "SW1A 1AA", home=UNKNOWN),
                ep("4", "sw1a1aa", home=" n1  9gu"),  # case and spaces do not matter
                ep("5", None, home=None),
                ep("6", "E1 6AN"),  # known without a grid reference
            ]
        },
        {"Episodes": [1, 2]},
    ),
    LocCase(
        "406",
        {
            "Episodes": [
                ep("1", "SW1A 1AA"),  # UASC with a distance
                ep("2", None, home=None),  # UASC, no distance
                ep("3", "SW1A 1AA"),  # not UASC
                ep("4", "CB2 1TN"),  # UASC last year
            ],
            "UASC": [uasc("1"), uasc("2")],
            "UASC_last": [uasc("4")],
        },
        {"Episodes": [0, 3]},
    ),
    LocCase(
        "411",
        {
            "Episodes": [
                ep("1", "N7 6PA"),  # IN, in the authority
                ep("2", "SW1A 1AA"),  # OUT
                ep("3", "SW1A 1AA"),  # IN (set below) but in Westminster
            ]
        },
        {"Episodes": [2]},
        patch={2: {"PL_LOCATION": "IN"}},
        note="derived-values-cannot-disagree-so-one-is-set",
    ),
    LocCase(
        "420",
        {
            "Episodes": [
                ep("1", "SW1A 1AA", LS="V3"),
                ep("2", None, LS="V3"),
                ep("3", UNKNOWN, LS="V4"),  # no LA found
                ep("4", "SW1A 1AA"),
                ep("5", "CF10 1EP", LS="V4"),  # WAL
            ]
        },
        {"Episodes": [0, 4]},
    ),
    LocCase(
        "452",
        prev_year(
            [
                ("N7 6PA", "SW1A 1AA"),  # E09000019 → E09000033
                ("N7 6PA", "N7 6PB"),  # same LA
                (None, None),  # blank both years
                ("SW1A 1AA", "CB2 1TN"),  # reason for new episode differs
                ("SW1A 1AA", "CB2 1TN"),  # last year's episode ended
                ("SW1A 1AA", None),
            ],
            new_reason=(3,),
            ended=(4,),
        ),
        {"Episodes": [0, 5]},
    ),
    LocCase(
        "453",
        prev_year(
            [
                ("N7 6PA", "SW1A 1AA"),  # 2.0 → 5.0
                ("N7 6PA", "N7 6PA"),
                ("N7 6PA", "N7 6PB"),  # 2.0 → 2.1
                ("N7 6PA", "N7 6PD"),  # 2.0 → 2.2
                ("N7 6PA", None),  # a distance, then none
                ("N7 6PA", "SW1A 1AA"),  # reason for new episode differs
            ],
            new_reason=(5,),
        ),
        {"Episodes": [0, 3, 4]},
    ),
    LocCase(
        "454",
        {
            "Episodes": [
                ep("1", "EH1 1YZ"),  # 400.0
                ep("2", "ZE1 0AA"),  # 1000.0
                ep("3", "HS1 2AA"),  # 999.9: the code for "not known"
                ep("4", "SW1A 1AA"),
                ep("5", "EH1 1YZ"),  # UASC
                ep("6", None),
            ],
            "UASC": [uasc("5")],
        },
        {"Episodes": [0, 1]},
    ),
    LocCase(
        "503G",
        prev_year(
            [
                ("N7 6PA", "SW1A 1AA"),
                ("N7 6PA", "N7 6PB"),
                (None, "N7 6PA"),  # none, then a distance
                ("N7 6PA", "SW1A 1AA"),  # reason for new episode differs: still fails
                (None, None),
            ],
            new_reason=(3,),
        ),
        {"Episodes": [0, 2, 3]},
    ),
    LocCase(
        "503H",
        prev_year(
            [
                ("N7 6PA", "SW1A 1AA"),
                ("N7 6PA", "N7 6PD"),
                (None, None),
                ("N7 6PA", UNKNOWN),  # an LA, then none
                ("CF10 1EP", "CF10 1EP"),
            ],
        ),
        {"Episodes": [0, 3]},
    ),
    LocCase(
        "503J",
        prev_year(
            [
                ("N7 6PA", "SW1A 1AA"),  # IN → OUT
                ("SW1A 1AA", "CB2 1TN"),  # OUT → OUT
                ("N7 6PA", "N7 6PD"),  # IN → IN
                (None, "N7 6PA"),  # none → IN
            ],
        ),
        {"Episodes": [0, 3]},
    ),
    LocCase(
        "1015",
        {
            "Episodes": [
                ep("1", "SW1A 1AA", PLACE="K2", PLACE_PROVIDER="PR1"),
                ep("2", "N7 6PA", PLACE="K2", PLACE_PROVIDER="PR1"),
                ep("3", "SW1A 1AA", PLACE="U1", PLACE_PROVIDER="PR1"),  # fostering
                ep("4", "SW1A 1AA", PLACE="K2", PLACE_PROVIDER="PR2"),
                ep("5", "SW1A 1AA", PLACE="K2", PLACE_PROVIDER="PR1", LS="V3"),
                ep("6", None, PLACE="K2", PLACE_PROVIDER="PR1"),  # no placement LA
                ep("7", "CB2 1TN", PLACE="K2", PLACE_PROVIDER="PR1"),
                ep("8", "CB2 1TN", PLACE="K3", PLACE_PROVIDER="PR1"),  # K3 excluded from 2025-26
            ]
        },
        {"Episodes": [0, 5, 6]},
    ),
    LocCase(
        "1015",
        {
            "Episodes": [
                ep("1", "SW1A 1AA", PLACE="K2", PLACE_PROVIDER="PR1"),
                ep("2", "N7 6PA", PLACE="K2", PLACE_PROVIDER="PR1"),
                ep("3", "SW1A 1AA", PLACE="U1", PLACE_PROVIDER="PR1"),
                ep("8", "CB2 1TN", PLACE="K3", PLACE_PROVIDER="PR1"),
            ]
        },
        {"Episodes": [0, 3]},
        year="2024-25",
        note="K3-counts-before-2025-26",
    ),
    LocCase(
        "1015",
        {
            "Episodes": [
                ep("1", "SW1A 1AA", PLACE="K2", PLACE_PROVIDER="PR1"),
                ep("2", "N7 6PA", PLACE="K2", PLACE_PROVIDER="PR1"),
                ep("3", "N7 6PA", PLACE="K2", PLACE_PROVIDER="PR1", home=UNKNOWN),
            ]
        },
        {"Episodes": [0]},
        la=None,
        note="authority-from-home-postcodes",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_rule(case: LocCase) -> None:
    run(case)


def test_every_case_runs_in_each_year_the_rule_applies() -> None:
    for year in ("2024-25", "2025-26"):
        for case in CASES:
            # 454 starts in 2025-26; 1015 changes then (its 2024-25 case is pinned)
            if case.year or (case.code in ("454", "1015") and year == "2024-25"):
                continue
            assert isinstance(case, LocCase)
            run(
                LocCase(case.code, case.tables, case.fails, year=year, la=case.la, patch=case.patch)
            )


def test_the_derived_fields() -> None:
    tables = {
        "Episodes": [
            ep("1", "N7 6PA"),
            ep("2", "CB2 1TN"),
            ep("3", "CF10 1EP"),
            ep("4", "IM1 1AA"),
            ep("5", "N1 1AA"),
            ep("6", UNKNOWN),
            ep("7", "E1 6AN"),
        ]
    }
    data = build(LocCase("x", tables, {}), "2025-26")
    got = located(data).select("PL_DISTANCE", "PL_LA", "PL_LOCATION").rows()
    assert got == [
        (2.0, "E09000019", "IN"),
        (50.0, "E10000003", "OUT"),
        (120.0, "WAL", "OUT"),
        (None, None, "OUT"),
        (1.0, None, None),
        (None, None, None),
        (None, "E09000030", "OUT"),
    ]


def test_without_postcodes_the_rules_are_skipped_with_the_reason() -> None:
    data = ReturnData.from_rows(
        "903", "2025-26", schemas("903")["2025-26"], {"Episodes": [ep("1", "SW1A 1AA")]}
    )
    codes = {"164", "169", "179", "392a", "392c", "406", "411", "420", "454", "1015"}
    rules = [r for r in engine.ruleset("903", "2025-26") if r.code in codes]
    report = engine.validate(data, rules=rules)
    assert {o.rule.code: o.skipped for o in report.outcomes} == dict.fromkeys(
        codes, "needs postcodes (--postcodes)"
    )
    last = [r for r in engine.ruleset("903", "2025-26") if r.code in {"452", "503G"}]
    report = engine.validate(data, rules=last)
    assert {o.skipped for o in report.outcomes} == {
        "no Episodes_last table; needs postcodes (--postcodes)"
    }
