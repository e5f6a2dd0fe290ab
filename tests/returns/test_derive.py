"""Deriving the returns from the record: scope, dates as at 31 March, and the XML the DfE accepts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest
from lxml import etree

from opencsc.returns import derive
from opencsc.returns.cin.read import read_cin
from opencsc.returns.cin.write import write_cin
from opencsc.returns.ssda903.read import read_903
from opencsc.returns.ssda903.write import write_903

SCHEMAS = Path(__file__).resolve().parents[3] / "shared" / "reference" / "schemas"


@pytest.mark.parametrize(
    ("year", "xsd"),
    [
        ("2024-25", "CIN_schema_2025.xsd"),
        ("2025-26", "CIN_schema_2026.xsd"),
        ("2025-26", "CIN_schema_2025.xsd"),
    ],
)
def test_built_cin_xml_validates_against_the_dfe_schema(
    record: dict, tmp_path: Path, year: str, xsd: str
) -> None:
    data = derive.cin_census(record, year, la_code="999")
    out = write_cin(data, tmp_path / "cin.xml")
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / xsd)))
    doc = etree.parse(str(out))
    assert schema.validate(doc), schema.error_log
    assert doc.getroot().find("Children") is not None and data.raw["ChildIdentifiers"].height > 100


def test_cin_xml_round_trips(record: dict, tmp_path: Path) -> None:
    data = derive.cin_census(record, "2025-26", la_code="999")
    back = read_cin(write_cin(data, tmp_path / "cin.xml"), "2025-26")
    for name, frame in data.raw.items():
        assert back.raw[name].equals(frame), name


def test_903_csvs_round_trip(record: dict, tmp_path: Path) -> None:
    data = derive.ssda903(record, "2025-26")
    written = write_903(data, tmp_path / "out")
    assert {p.name for p in written} >= {"header.csv", "episodes.csv", "reviews.csv"}
    back = read_903(written, "2025-26")
    for name, frame in data.raw.items():
        assert back.raw[name].equals(frame), name
    assert not list((tmp_path / "out").glob(".partial-*"))


def test_cin_scope_is_referrals_open_in_the_year(record: dict) -> None:
    s, e = date(2025, 4, 1), date(2026, 3, 31)
    data = derive.cin_census(record, "2025-26", la_code="999")
    refs = record["referrals"].filter(
        (pl.col("referral_date") <= e)
        & (pl.col("closure_date").is_null() | (pl.col("closure_date") >= s))
    )
    assert data.raw["CINdetails"].height == refs.height
    typed = data.typed("CINdetails")
    assert typed["CINreferralDate"].max() <= e
    assert typed["CINclosureDate"].drop_nulls().max() <= e
    # a referral still open at 31 March has no closure date or reason in the return
    open_now = typed.filter(pl.col("CINclosureDate").is_null())
    assert open_now["ReasonForClosure"].null_count() == open_now.height


def test_number_of_previous_plans_counts_earlier_plans_of_the_child() -> None:
    d = date
    record = {
        "persons": pl.DataFrame(
            {
                "person_id": [1],
                "la_child_id": ["C1"],
                "date_of_birth": [d(2015, 1, 1)],
                "sex": ["F"],
                "ethnicity": ["WBRI"],
                "upn": [None],
                "date_of_death": [None],
                "disabilities": [[]],
            },
            schema_overrides={
                "upn": pl.Utf8,
                "date_of_death": pl.Date,
                "disabilities": pl.List(pl.Utf8),
            },
        ),
        "referrals": pl.DataFrame(
            {
                "referral_id": [10, 11],
                "person_id": [1, 1],
                "referral_date": [d(2022, 1, 1), d(2025, 5, 1)],
                "source": ["6", "6"],
                "primary_need": ["N1", "N1"],
                "nfa": [False, False],
                "closure_date": [d(2023, 1, 1), None],
                "closure_reason": ["RC7", None],
            }
        ),
        "assessments": pl.DataFrame(
            schema={
                "assessment_id": pl.Int64,
                "referral_id": pl.Int64,
                "person_id": pl.Int64,
                "start_date": pl.Date,
                "authorised_date": pl.Date,
                "factors": pl.List(pl.Utf8),
            }
        ),
        "cin_plans": pl.DataFrame(
            schema={
                "cin_plan_id": pl.Int64,
                "referral_id": pl.Int64,
                "person_id": pl.Int64,
                "start_date": pl.Date,
                "end_date": pl.Date,
            }
        ),
        "s47_enquiries": pl.DataFrame(
            schema={
                "s47_id": pl.Int64,
                "referral_id": pl.Int64,
                "person_id": pl.Int64,
                "start_date": pl.Date,
                "end_date": pl.Date,
                "outcome": pl.Utf8,
                "icpc_target_date": pl.Date,
            }
        ),
        "conferences": pl.DataFrame(
            schema={
                "conference_id": pl.Int64,
                "referral_id": pl.Int64,
                "person_id": pl.Int64,
                "s47_id": pl.Int64,
                "cp_plan_id": pl.Int64,
                "kind": pl.Utf8,
                "conference_date": pl.Date,
                "outcome": pl.Utf8,
            }
        ),
        "cp_plans": pl.DataFrame(
            {
                "cp_plan_id": [5, 6],
                "referral_id": [10, 11],
                "person_id": [1, 1],
                "start_date": [d(2022, 2, 1), d(2025, 6, 1)],
                "end_date": [d(2022, 9, 1), None],
                "initial_category": ["NEG", "PHY"],
                "latest_category": ["NEG", "PHY"],
            }
        ),
    }
    data = derive.cin_census(record, "2025-26", la_code="999")
    assert data.raw["CINdetails"]["CINreferralDate"].to_list() == ["2025-05-01"]
    assert data.raw["ChildProtectionPlans"].select(
        "CPPstartDate", "NumberOfPreviousCPP"
    ).rows() == [("2025-06-01", "1")]
    assert data.raw["ChildIdentifiers"]["UPNunknown"].to_list() == ["UN5"]


def test_903_scope_is_children_looked_after_in_the_year(record: dict) -> None:
    s, e = date(2025, 4, 1), date(2026, 3, 31)
    data = derive.ssda903(record, "2025-26")
    eps = record["cla_episodes"].filter(
        (pl.col("start_date") <= e) & (pl.col("end_date").is_null() | (pl.col("end_date") >= s))
    )
    assert data.raw["Episodes"].height == eps.height
    assert data.raw["Header"].height == eps["person_id"].n_unique()
    typed = data.typed("Episodes")
    assert typed["DEC"].drop_nulls().max() <= e
    assert (
        typed.filter(pl.col("DEC").is_null())["REC"].null_count()
        == typed.filter(pl.col("DEC").is_null()).height
    )


def test_903_mother_is_recorded_for_every_girl_and_only_girls(record: dict) -> None:
    header = derive.ssda903(record, "2025-26").raw["Header"]
    girls = header.filter(pl.col("SEX") == "F")
    assert girls.height and girls["MOTHER"].is_in(["0", "1"]).all()
    assert header.filter(pl.col("SEX") != "F")["MOTHER"].is_null().all()
    mothers = girls.filter(pl.col("MOTHER") == "1")
    assert mothers["MC_DOB"].is_not_null().all()
