"""Rules on Ofsted URNs against a tiny register of providers (1008, 219, 221, 224, 227, 228) and,
for where placements and providers are, a tiny postcode reference (218, 229, 241, 243)."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from opencsc.returns import engine
from opencsc.returns.data import ReturnData
from opencsc.returns.ssda903.postcodes import reference_frame
from opencsc.returns.ssda903.providers import SCHEMA
from opencsc.returns.ssda903.schema import SCHEMAS
from tests.returns.ssda903.rules.extra_cases import XCase, run_xcase


def register(*rows: dict[str, object]) -> pl.DataFrame:
    """A providers frame as `read_providers` gives it; list columns default to empty."""
    full = [
        {
            "URN": r["URN"],
            "PROVIDER_TYPE": r.get("PROVIDER_TYPE"),
            "PLACE_CODES": r.get("PLACE_CODES", []),
            "PROVIDER_CODES": r.get("PROVIDER_CODES", []),
            "POSTCODES": r.get("POSTCODES", []),
            "LA_NAMES": r.get("LA_NAMES", []),
            "REG_START": r.get("REG_START"),
            "REG_END": r.get("REG_END"),
            "PLACES": r.get("PLACES"),
        }
        for r in rows
    ]
    return pl.DataFrame(full, schema=SCHEMA)


PROVIDERS = register(
    {"URN": "SC000001", "PLACE_CODES": ["K2"], "PROVIDER_CODES": ["PR4", "PR5"],
     "POSTCODES": ["AB12CD"]},
    {"URN": "SC000002", "PLACE_CODES": ["K2"], "PROVIDER_CODES": ["PR1", "PR2"],
     "POSTCODES": ["EF34GH"], "REG_END": date(2025, 9, 30)},
    {"URN": "1234567", "PLACE_CODES": ["U4", "U5", "U6"], "PROVIDER_CODES": ["PR4"]},
    {"URN": "2000001", "PLACE_CODES": ["K3"], "POSTCODES": ["JK56LM", "NP78QR"]},
)  # fmt: skip


KENT, MEDWAY = "E10000016", "E06000035"
POSTCODES = reference_frame(
    [
        ("AB1 2CD", KENT, None, None),  # SC000001
        ("EF3 4GH", MEDWAY, None, None),  # SC000002
        ("JK5 6LM", KENT, None, None),  # 2000001, one setting
        ("NP7 8QR", MEDWAY, None, None),  # 2000001, another
        ("CT1 1AA", KENT, None, None),  # the children's homes: the returning authority is Kent
        ("ME1 1AA", MEDWAY, None, None),
        ("CF10 1AA", "W06000015", None, None),  # Cardiff: WAL
        ("EH1 1AA", "S12000036", None, None),  # Edinburgh: SCO
    ]
)
HOME = {"HOME_POST": "CT1 1AA"}


def ep(urn: str | None, place: str | None = "K2", **kw: str | None) -> dict[str, str | None]:
    return {"CHILD": "1", "DECOM": "01/06/2025", "LS": "C2", "PLACE": place, "URN": urn, **kw}


def case(code: str, episodes: list[dict[str, str | None]], fails: list[int], **kw: str) -> XCase:
    reference = {"providers": PROVIDERS, "postcodes": POSTCODES}
    return XCase(code, {"Episodes": episodes}, {"Episodes": fails}, reference=reference, **kw)


def placed(
    urn: str | None, place: str, post: str | None, **kw: str | None
) -> dict[str, str | None]:
    return ep(urn, place, PL_POST=post, **HOME, **kw)


CASES = [
    case(
        "1008",
        [ep("SC000001"), ep("sc000001"), ep("9999999"), ep("XXXXXXX", "A3"), ep(None)],
        [2],
    ),
    case(
        "219",
        [
            ep("SC000001", "K2"),
            ep("SC000001", "U4"),  # a children's home is not a foster placement
            ep("1234567", "U5"),
            ep("9999999", "K2"),  # not on the register: 1008 reports it
            ep("SC000001", None),
            ep("XXXXXXX", "U1"),
        ],
        [1, 4],
    ),
    case(
        "224",
        [
            ep("SC000001", PLACE_PROVIDER="PR4"),
            ep("SC000001", PLACE_PROVIDER="PR1"),
            ep("2000001", "K3", PLACE_PROVIDER="PR4"),  # register gives no provider codes
            ep("1234567", "U4", PLACE_PROVIDER=None),
        ],
        [1, 3],
    ),
    case(
        "221",
        [
            ep("SC000001", PL_POST="AB1 2CD"),
            ep("SC000001", PL_POST="ZZ1 1ZZ"),
            ep("SC000001", LS="V3", PL_POST="ZZ1 1ZZ"),  # short breaks are not checked
            ep("2000001", "K3", PL_POST="np7 8qr"),  # any of the provider's premises
            ep("2000001", "K3", PL_POST="AB1 2CD"),
            ep("1234567", "U4", PL_POST="ZZ1 1ZZ"),  # foster placements are not checked
            ep("SC000001", PL_POST=None),
        ],
        [1, 4],
    ),
    case(
        "227",
        [
            ep("SC000002", DECOM="01/10/2025"),
            ep("SC000002", DECOM="30/09/2025"),  # must start before the closure date
            ep("SC000002", DECOM="29/09/2025"),
            ep("SC000001", DECOM="01/10/2025"),
        ],
        [0, 1],
    ),
    case(
        "228",
        [
            ep("SC000002", DEC="01/10/2025"),
            ep("SC000002", DEC="30/09/2025"),
            ep("SC000002", DEC=None),  # open at the end of the year at a closed provider
            ep("SC000002", DEC="31/13/2025"),  # not a date: 147's, not judged here
            ep("SC000001", DEC=None),
        ],
        [0, 2],
    ),
]


CASES += [
    case(
        "218",
        [
            placed(None, "K2", "CT1 1AA"),
            placed("SC000001", "K2", "AB1 2CD"),
            placed(None, "P1", "CT1 1AA"),  # with parents: no URN
            placed(None, "Z1", "CT1 1AA"),
            placed(None, "K2", "CF10 1AA"),  # in Wales
            placed(None, "K2", "CT1 1AA", DECOM="01/01/2023", DEC="01/01/2024"),  # before the year
            placed(None, "U4", "ZZ1 1ZZ"),  # where is not known: required
        ],
        [0, 6],
        year="2024-25",
    ),
    case(
        "218",
        [
            placed(None, "K2", "CT1 1AA"),
            placed(None, "Z11", "CT1 1AA"),
            placed(None, "Z1", "CT1 1AA"),  # no longer a placement type, nor exempt
            placed(None, "K3", "EH1 1AA"),  # in Scotland
        ],
        [0, 2],
        year="2025-26",
    ),
    case(
        "243",
        [
            placed("SC000001", "K2", "EH1 1AA"),
            placed(None, "K2", "EH1 1AA"),
            placed("SC000001", "K2", "AB1 2CD"),
            placed("XXXXXXX", "U4", "CF10 1AA"),
        ],
        [0, 3],
    ),
    case(
        "229",
        [
            placed("SC000001", "K2", None, PLACE_PROVIDER="PR1"),  # in Kent, Kent's own
            placed("SC000002", "K2", None, PLACE_PROVIDER="PR1"),  # in Medway, not Kent's own
            placed("SC000001", "K2", None, PLACE_PROVIDER="PR2"),  # in Kent: not another LA's
            placed("SC000002", "K2", None, PLACE_PROVIDER="PR2"),
            placed("2000001", "K3", None, PLACE_PROVIDER="PR2"),  # premises in Kent and Medway
            placed("2000001", "K3", None, PLACE_PROVIDER="PR1"),
            placed("1234567", "U4", None, PLACE_PROVIDER="PR1"),  # no premises postcode known
        ],
        [1, 2],
    ),
    case(
        "241",
        [
            placed("2000001", "K3", "ME1 1AA"),
            placed("2000001", "K3", "CF10 1AA"),  # no premises in Wales
            placed("2000001", "K3", "ZZ1 1ZZ"),  # where is not known
            placed("SC000001", "K2", "CF10 1AA"),  # only supported accommodation is checked
            placed("XXXXXXX", "K3", "CF10 1AA"),
        ],
        [1],
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_rule(case: XCase) -> None:
    run_xcase(case)


def test_without_the_register_the_urn_rules_are_skipped_with_the_reason() -> None:
    data = ReturnData.from_rows("903", "2025-26", SCHEMAS["2025-26"], {"Episodes": [ep("9999999")]})
    report = engine.validate(data)
    skipped = {o.rule.code: o.skipped for o in report.outcomes if o.skipped}
    for code in ("1008", "219", "221", "224", "227", "228"):
        assert skipped[code] == "needs providers (--ofsted)"
    for code in ("229", "241"):
        assert skipped[code] == "needs providers (--ofsted); needs postcodes (--postcodes)"
    for code in ("218", "243"):
        assert skipped[code] == "needs postcodes (--postcodes)"
    assert not {"1008", "218"} & set(report.findings["rule"].to_list())


def test_229_is_not_judged_when_the_returning_authority_is_not_known() -> None:
    # no home postcode in the reference and no --la: the authority cannot be told
    episodes = [ep("SC000002", PLACE_PROVIDER="PR1", HOME_POST="ZZ1 1ZZ")]
    data = ReturnData.from_rows("903", "2025-26", SCHEMAS["2025-26"], {"Episodes": episodes})
    data.reference.update(providers=PROVIDERS, postcodes=POSTCODES)
    rules = [r for r in engine.ruleset("903", "2025-26") if r.code == "229"]
    assert engine.validate(data, rules=rules).findings.height == 0
    data = ReturnData.from_rows("903", "2025-26", SCHEMAS["2025-26"], {"Episodes": episodes})
    data.reference.update(providers=PROVIDERS, postcodes=POSTCODES)
    data.la_code = KENT
    assert engine.validate(data, rules=rules).rows_for("229") == {"Episodes": [0]}
