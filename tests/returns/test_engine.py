from __future__ import annotations

from collections.abc import Iterator

import polars as pl
import pytest

from opencsc.returns import engine
from opencsc.returns.data import ReturnData
from opencsc.returns.engine import RuleContext, Severity, bad_date, blank, rule
from opencsc.returns.ssda903.schema import SCHEMAS


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """An empty 903 registry, so these tests define their own rules."""
    monkeypatch.setattr(engine, "_REGISTRY", {"cin": {}, "903": {}})
    monkeypatch.setattr(engine, "_load_rules", lambda kind: None)
    yield


def _data(year: str = "2025-26", **tables: list[dict[str, str | None]]) -> ReturnData:
    return ReturnData.from_rows("903", year, SCHEMAS[year], tables)


def test_a_year_rule_set_is_the_year_before_with_changes(registry: None) -> None:
    @rule("903", "X1", "old", tables=["Header"], fields=["SEX"])
    def _old(ctx: RuleContext) -> dict[str, pl.Expr]:
        return {"Header": blank("SEX")}

    @rule("903", "X1", "new", tables=["Header"], fields=["SEX"], since="2025-26")
    def _new(ctx: RuleContext) -> dict[str, pl.Expr]:
        return {"Header": blank("SEX")}

    @rule("903", "X2", "retired", tables=["Header"], fields=["DOB"], until="2024-25")
    def _gone(ctx: RuleContext) -> dict[str, pl.Expr]:
        return {"Header": blank("DOB")}

    @rule("903", "X3", "added", tables=["DoLo"], fields=["DOLO_START"], since="2026-27")
    def _added(ctx: RuleContext) -> dict[str, pl.Expr]:
        return {"DoLo": blank("DOLO_START")}

    def summary(year: str) -> list[tuple[str, str]]:
        return [(r.code, r.message) for r in engine.ruleset("903", year)]

    assert summary("2024-25") == [("X1", "old"), ("X2", "retired")]
    assert summary("2025-26") == [("X1", "new")]
    assert summary("2026-27") == [("X1", "new"), ("X3", "added")]


def test_registering_the_same_version_twice_is_refused(registry: None) -> None:
    rule("903", "X1", "a", tables=["Header"], fields=[])(lambda ctx: {})
    with pytest.raises(ValueError, match="registered twice"):
        rule("903", "X1", "b", tables=["Header"], fields=[])(lambda ctx: {})


def test_findings_name_table_row_child_fields_and_values(registry: None) -> None:
    @rule("903", "X1", "DOB invalid", tables=["Header"], fields=["DOB", "SEX"])
    def _x1(ctx: RuleContext) -> dict[str, pl.Expr]:
        return {"Header": blank("DOB") | bad_date("DOB")}

    @rule("903", "X2", "query", tables=["Episodes"], fields=["DECOM"], severity=Severity.QUERY)
    def _x2(ctx: RuleContext) -> dict[str, pl.DataFrame]:
        eps = ctx.frame("Episodes")
        return {"Episodes": eps.filter(pl.col("DECOM") > pl.lit(ctx.collection_end)).select("_row")}

    data = _data(
        Header=[
            {"CHILD": "A", "DOB": "01/01/2015", "SEX": "M"},
            {"CHILD": "B", "DOB": "31/02/2015", "SEX": "F"},
            {"CHILD": "C", "SEX": "M"},
        ],
        Episodes=[{"CHILD": "A", "DECOM": "01/04/2026"}, {"CHILD": "A", "DECOM": "01/04/2025"}],
    )
    report = engine.validate(data)
    assert report.error_count == 2 and report.query_count == 1
    detailed = report.detailed().to_dicts()
    assert detailed == [
        {
            "rule": "X1",
            "severity": "error",
            "table": "Header",
            "row": 1,
            "child_id": "B",
            "fields": ["DOB", "SEX"],
            "values": ["31/02/2015", "F"],
        },
        {
            "rule": "X1",
            "severity": "error",
            "table": "Header",
            "row": 2,
            "child_id": "C",
            "fields": ["DOB", "SEX"],
            "values": ["", "M"],
        },
        {
            "rule": "X2",
            "severity": "query",
            "table": "Episodes",
            "row": 0,
            "child_id": "A",
            "fields": ["DECOM"],
            "values": ["01/04/2026"],
        },
    ]


def test_a_rule_whose_tables_are_missing_is_skipped_and_says_why(registry: None) -> None:
    @rule(
        "903",
        "X1",
        "needs last year",
        tables=["Episodes"],
        fields=[],
        needs=["Episodes", "Episodes_last"],
    )
    def _x1(ctx: RuleContext) -> dict[str, pl.Expr]:
        raise AssertionError("must not run")

    report = engine.validate(_data(Episodes=[{"CHILD": "A"}]))
    assert [o.skipped for o in report.outcomes] == ["no Episodes_last table"]
    assert report.findings.height == 0


def test_rows_are_reported_once_even_if_a_rule_returns_duplicates(registry: None) -> None:
    @rule("903", "X1", "dup", tables=["Header"], fields=["CHILD"])
    def _x1(ctx: RuleContext) -> dict[str, pl.Series]:
        return {"Header": pl.Series([1, 1, 0])}

    report = engine.validate(_data(Header=[{"CHILD": "A"}, {"CHILD": "B"}]))
    assert report.rows_for("X1") == {"Header": [0, 1]}


def test_typed_frames_keep_the_text_as_written() -> None:
    data = _data(Header=[{"CHILD": " A ", "DOB": "2015-01-01"}])
    typed = data.typed("Header")
    assert typed["CHILD"][0] == "A"
    assert typed["DOB"][0] is None and typed["DOB:raw"][0] == "2015-01-01"


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("01/06/2026", True),
        ("1/6/2026", True),
        ("01/06/26", False),
        ("31/02/2026", False),
        ("2026-06-01", False),
    ],
)
def test_a_date_must_have_the_returns_shape(text: str, valid: bool) -> None:
    typed = _data(Header=[{"CHILD": "A", "DOB": text}]).typed("Header")
    assert (typed["DOB"][0] is not None) == valid


def test_from_rows_refuses_an_unknown_column() -> None:
    with pytest.raises(KeyError, match="Header has no column NAME"):
        _data(Header=[{"CHILD": "A", "NAME": "x"}])
