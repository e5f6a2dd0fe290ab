"""`opencsc returns`: exit codes, the JSON contract, the analyst's workbook, no tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from opencsc.cli import main

HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
GOOD = "A1,M,01/01/2015,WBRI,UN1,,\n"
BAD = "A2,X,31/02/2015,WBRI,UN1,,\n"


def _csv(tmp_path: Path, *rows: str) -> Path:
    p = tmp_path / "header.csv"
    p.write_text(HEADER + "".join(rows))
    return p


def test_clean_input_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "returns",
                "validate",
                str(_csv(tmp_path, GOOD)),
                "--year",
                "2025-26",
                "--rule",
                "101",
                "--rule",
                "102",
            ]
        )
        == 0
    )
    assert (
        "ssda903-2025-26: 0 errors and 0 queries from 2 rules on 1 rows" in capsys.readouterr().out
    )


def test_errors_exit_1_with_a_summary_per_rule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "returns",
            "validate",
            str(_csv(tmp_path, GOOD, BAD)),
            "--year",
            "2025-26",
            "--rule",
            "101",
            "--rule",
            "102",
        ]
    )
    out = capsys.readouterr().out
    assert code == 1
    assert "Gender code is not valid." in out and "Date of Birth is not a valid date." in out
    assert "2 errors" in out


def test_unreadable_input_exits_2_with_a_message_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "x.csv"
    bad.write_text("WHAT,IS,THIS\n1,2,3\n")
    assert main(["returns", "validate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"opencsc returns: {bad}:1") and "Traceback" not in err


def test_json_findings_follow_the_published_contract(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(
        [
            "returns",
            "validate",
            str(_csv(tmp_path, GOOD, BAD)),
            "--year",
            "2025-26",
            "--rule",
            "101",
            "--format",
            "json",
        ]
    )
    doc = json.loads(capsys.readouterr().out)
    assert doc["ruleset"] == "ssda903-2025-26" and isinstance(doc["seconds"], float)
    assert doc["findings"] == [
        {
            "rule": "101",
            "severity": "error",
            "table": "Header",
            "row": 1,
            "child_id": "A2",
            "fields": ["SEX"],
            "values": ["X"],
        }
    ]


def test_csv_findings_to_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "f.csv"
    main(
        [
            "returns",
            "validate",
            str(_csv(tmp_path, GOOD, BAD)),
            "--year",
            "2025-26",
            "--rule",
            "101",
            "--format",
            "csv",
            "--out",
            str(out),
        ]
    )
    assert out.read_text().splitlines() == [
        "rule,severity,table,row,child_id,fields,values",
        "101,error,Header,1,A2,SEX,X",
    ]


def test_the_workbook_has_a_summary_and_highlights_failing_cells(tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    code = main(
        [
            "returns",
            "validate",
            str(_csv(tmp_path, GOOD, BAD)),
            "--year",
            "2025-26",
            "--rule",
            "101",
            "--rule",
            "102",
            "--format",
            "xlsx",
            "--out",
            str(out),
        ]
    )
    assert code == 1
    wb = load_workbook(out)
    assert wb.sheetnames == ["Summary", "Header"]
    sheet = wb["Header"]
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["Row", "Rules", "CHILD", "SEX"]
    row = [c for c in sheet[2]]
    assert row[0].value == 1 and row[1].value == "101 (error), 102 (error)"
    highlighted = {header[i] for i, c in enumerate(row) if c.fill.fgColor.rgb.endswith("FFDD00")}
    assert highlighted == {"SEX", "DOB"}


def test_xlsx_needs_an_output_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["returns", "validate", str(_csv(tmp_path, GOOD)), "--format", "xlsx"]) == 2
    assert "needs --out" in capsys.readouterr().err


def test_an_unknown_rule_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["returns", "validate", str(_csv(tmp_path, GOOD)), "--rule", "NOPE"]) == 2
    assert "no rule NOPE" in capsys.readouterr().err


def test_rules_lists_both_returns_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["returns", "rules", "--year", "2025-26", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    codes = {(r["return"], r["code"]) for r in doc["rules"]}
    assert {("cin", "8500"), ("ssda903", "101")} <= codes
    assert all(
        r["severity"] in {"error", "query"} and r["tables"] and r["message"] for r in doc["rules"]
    )


def test_cin_files_are_recognised_and_their_year_read_from_the_header(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.returns.cin.test_read import CHILD, HEAD

    p = tmp_path / "cin.xml"
    p.write_text(
        HEAD.replace("2026-03-31", "2025-03-31") + CHILD.format(kid="C1") + "</Children></Message>"
    )
    assert main(["returns", "validate", str(p), "--rule", "8500"]) == 0
    assert "cin-2024-25" in capsys.readouterr().out


def test_a_failed_write_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from opencsc.returns import report

    def boom(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(report, "write_csv", boom)
    out = tmp_path / "f.csv"
    assert (
        main(
            [
                "returns",
                "validate",
                str(_csv(tmp_path, GOOD)),
                "--rule",
                "101",
                "--format",
                "csv",
                "--out",
                str(out),
            ]
        )
        == 2
    )
    assert not out.exists() and [p.name for p in tmp_path.iterdir()] == ["header.csv"]


def test_reports_get_ordinary_file_permissions(tmp_path: Path) -> None:
    out = tmp_path / "f.json"
    main(
        [
            "returns",
            "validate",
            str(_csv(tmp_path, GOOD)),
            "--rule",
            "101",
            "--format",
            "json",
            "--out",
            str(out),
        ]
    )
    assert out.stat().st_mode & 0o644 == 0o644


def test_the_summary_keeps_one_line_per_rule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    main(["returns", "validate", str(_csv(tmp_path, GOOD, BAD)), "--year", "2025-26"])
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if line.startswith("│")][1:]  # after the heading
    cells = [line.split("│")[1].strip() for line in lines]
    assert lines and all(cells), f"a rule's row wrapped onto a second line:\n{out}"
    assert all(len(line) <= 80 for line in lines)
    assert any(line.rstrip(" │").endswith("…") for line in lines), "a long message is cut"


def test_the_903_year_is_read_from_the_episodes_despite_mistyped_dates(
    record: dict, tmp_path: Path
) -> None:
    import polars as pl

    from opencsc.returns import derive
    from opencsc.returns.cli import infer_903_year, load
    from opencsc.returns.data import ReturnData
    from opencsc.returns.ssda903.write import write_903

    data = derive.ssda903(record, "2024-25")
    assert infer_903_year(data) == "2024-25"
    # Two episodes typed a year late do not move the return into 2025-26.
    eps = data.raw["Episodes"].with_columns(
        pl.when(pl.int_range(pl.len()) < 2)
        .then(pl.lit("01/06/2025"))
        .otherwise(pl.col("DECOM"))
        .alias("DECOM")
    )
    late = ReturnData(
        kind="903", year="2024-25", schema=data.schema, raw={**data.raw, "Episodes": eps}
    )
    assert infer_903_year(late) == "2024-25"
    write_903(late, tmp_path / "903")
    assert load(sorted((tmp_path / "903").glob("*.csv")), None, []).year == "2024-25"
