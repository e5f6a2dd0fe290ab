"""105, 205C and 303: the UASC flag an XML return gives, and what they find on CSV returns."""

from __future__ import annotations

from pathlib import Path

import pytest

from opencsc.returns import engine
from opencsc.returns.data import ReturnData
from opencsc.returns.ssda903.read import read_903
from opencsc.returns.ssda903.schema import SCHEMAS
from tests.returns.ssda903.rules.extra_cases import XCase, run_xcase


def hd(child: str) -> dict[str, str | None]:
    return {"CHILD": child, "DOB": "01/01/2009"}


def uasc(child: str, duc: str | None = None) -> dict[str, str | None]:
    return {"CHILD": child, "SEX": "M", "DOB": "01/01/2009", "DUC": duc}


CASES = [
    XCase(
        "105",
        {"Header": [hd("1"), hd("2"), hd("3"), hd("4")]},
        {"Header": [2, 3]},
        columns={"Header": {"UASC": ["0", "1", None, "2"]}},
    ),
    XCase(
        "303",
        {
            "Header": [hd("1"), hd("2"), hd("3"), hd("4")],
            "UASC": [uasc("1", "01/06/2025"), uasc("2", "01/06/2025"), uasc("3", "x"), uasc("4")],
        },
        {"UASC": [1, 2], "Header": [1, 2]},
        columns={"Header": {"UASC": ["1", "0", None, "0"]}},
    ),
    XCase(
        "205C",
        {
            "Header": [hd("1"), hd("2"), hd("3"), hd("4"), hd("5")],
            "Header_last": [hd("1"), hd("2"), hd("3"), hd("4"), hd("5")],
            "UASC": [
                uasc("1", "01/06/2025"),  # never UASC, ceased this year: fails
                uasc("2", "01/06/2025"),  # UASC this year
                uasc("3", "01/06/2025"),  # UASC last year
                uasc("4"),  # never UASC, ceased given last year: fails
            ],
            "UASC_last": [uasc("4", "01/06/2024")],
        },
        {"UASC": [0, 3], "Header": [0, 3]},
        columns={
            "Header": {"UASC": ["0", "1", "0", "0", "0"]},
            "Header_last": {"UASC": ["0", "0", "1", "0", "0"]},
        },
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_rule(case: XCase) -> None:
    run_xcase(case)


def test_on_csv_returns_the_flag_comes_from_the_uasc_table_and_always_agrees() -> None:
    # The same children as the cases, without the XML flag: a child the UASC table lists is UASC.
    data = ReturnData.from_rows(
        "903",
        "2025-26",
        SCHEMAS["2025-26"],
        {
            "Header": [hd("1"), hd("2"), hd("3")],
            "Header_last": [hd("1"), hd("2")],
            "UASC": [uasc("1", "01/06/2025"), uasc("2", "x")],
            "UASC_last": [uasc("2", "01/06/2024")],
        },
    )
    rules = [r for r in engine.ruleset("903", "2025-26") if r.code in {"105", "205C", "303"}]
    report = engine.validate(data, rules=rules)
    assert [o.rule.code for o in report.outcomes if o.skipped] == []
    assert report.findings.height == 0


XML = """<?xml version="1.0"?>
<EXPSSDA903>
<CHILD><HEADER><CHILDID>C1</CHILDID><UPN>UN1</UPN><SEX>M</SEX><DOB>01/01/2009</DOB>
<ETHNIC>WBRI</ETHNIC><UASC>0</UASC><DUC>01/02/2026</DUC></HEADER></CHILD>
<CHILD><HEADER><CHILDID>C2</CHILDID><UPN>UN1</UPN><SEX>F</SEX><DOB>01/01/2009</DOB>
<ETHNIC>WBRI</ETHNIC><UASC>1</UASC></HEADER></CHILD>
<CHILD><HEADER><CHILDID>C3</CHILDID><UPN>UN1</UPN><SEX>F</SEX><DOB>01/01/2009</DOB>
<ETHNIC>WBRI</ETHNIC></HEADER></CHILD>
</EXPSSDA903>"""


def test_an_xml_return_gives_the_flag_and_lists_its_uasc_children(tmp_path: Path) -> None:
    path = tmp_path / "r.xml"
    path.write_text(XML)
    data = read_903([path], "2025-26")
    assert data.raw["Header"]["UASC"].to_list() == ["0", "1", None]
    # C1 (a ceased date) and C2 (UASC, not ceased) are UASC children, as a CSV UASC table has them
    assert data.raw["UASC"].select("CHILD", "DUC").rows() == [("C1", "01/02/2026"), ("C2", None)]
    rules = [r for r in engine.ruleset("903", "2025-26") if r.code in {"105", "303"}]
    report = engine.validate(data, rules=rules)
    assert report.rows_for("105") == {"Header": [2]}
    assert report.rows_for("303") == {"Header": [0], "UASC": [0]}
